//! Policy linting against the grammar, the policy's kind and the action catalog.
//!
//! Errors are what AWS would reject or what can never work (unknown service,
//! malformed ARN, a Principal where none is allowed, an unusable condition
//! value); warnings are what works but grants more than it says (Allow with
//! NotAction or NotResource, `Resource: "*"` for an action that acts on a
//! resource type, `ForAllValues` in an Allow) or will not match as meant
//! (unknown action or condition key, variables in a 2008-10-17 policy).

use std::collections::BTreeSet;

use serde_json::Value;

use crate::catalog::{self, Catalog};
use crate::condition::{CondValue, Op, SetQualifier};
use crate::pattern::Token;
use crate::policy::{Effect, Policy, Statement};

/// What a policy is used as.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Identity,
    Resource,
    Trust,
    Scp,
    Rcp,
    Boundary,
    Session,
}

impl Kind {
    pub fn parse(s: &str) -> Option<Kind> {
        Some(match s.to_ascii_lowercase().as_str() {
            "identity" => Kind::Identity,
            "resource" => Kind::Resource,
            "trust" => Kind::Trust,
            "scp" => Kind::Scp,
            "rcp" => Kind::Rcp,
            "boundary" => Kind::Boundary,
            "session" => Kind::Session,
            _ => return None,
        })
    }

    fn takes_principal(self) -> bool {
        matches!(self, Kind::Resource | Kind::Trust | Kind::Rcp)
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Error,
    Warning,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "ERROR",
            Severity::Warning => "WARNING",
        }
    }
}

/// One lint finding.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Lint {
    pub severity: Severity,
    /// A stable code (`unknown-service`, `malformed-arn`, ...).
    pub code: &'static str,
    /// JSON path, e.g. `Statement[0].Action[2]`.
    pub path: String,
    pub message: String,
}

/// Codes that IAM-025 reports.
pub const DEFECT_CODES: &[&str] = &[
    "unknown-service",
    "unknown-action",
    "malformed-arn",
    "allow-not-action",
    "allow-not-resource",
    "resource-wildcard-for-scoped-action",
];

/// Lints a document. A document that does not parse gives one `parse` error.
pub fn validate(doc: &Value, kind: Kind) -> Vec<Lint> {
    match Policy::parse(doc) {
        Ok(p) => validate_parsed(&p, kind),
        Err(e) => vec![Lint { severity: Severity::Error, code: "parse", path: e.path, message: e.message }],
    }
}

/// Lints a parsed policy.
pub fn validate_parsed(policy: &Policy, kind: Kind) -> Vec<Lint> {
    let mut out = Vec::new();
    let cat = catalog::catalog();
    if !policy.version_given {
        out.push(lint(
            Severity::Warning,
            "version-missing",
            "$",
            "no `Version`: policy variables are read as literal text; write `\"Version\": \"2012-10-17\"`",
        ));
    }
    let mut sids = BTreeSet::new();
    for st in &policy.statements {
        let at = if policy.statement_list { format!("Statement[{}]", st.index) } else { "Statement".to_string() };
        if let Some(sid) = &st.sid {
            if !sid.is_empty() && !sids.insert(sid.clone()) && matches!(kind, Kind::Identity | Kind::Boundary | Kind::Scp | Kind::Rcp) {
                out.push(lint(Severity::Error, "duplicate-sid", &format!("{at}.Sid"), &format!("`Sid` `{sid}` is used twice")));
            }
        }
        statement(st, policy, kind, cat, &at, &mut out);
    }
    out
}

fn lint(severity: Severity, code: &'static str, path: &str, message: &str) -> Lint {
    Lint { severity, code, path: path.to_string(), message: message.to_string() }
}

fn statement(st: &Statement, policy: &Policy, kind: Kind, cat: Option<&Catalog>, at: &str, out: &mut Vec<Lint>) {
    // Principal.
    match (&st.principal, kind.takes_principal()) {
        (Some(_), false) => out.push(lint(
            Severity::Error,
            "principal-not-allowed",
            &format!("{at}.Principal"),
            "a `Principal` is not allowed in this kind of policy",
        )),
        (None, true) => out.push(lint(Severity::Error, "missing-principal", at, "the statement has no `Principal`")),
        (Some(p), true) => {
            if p.negated && (st.effect == Effect::Allow || kind == Kind::Trust) {
                out.push(lint(
                    Severity::Error,
                    "not-principal",
                    &format!("{at}.NotPrincipal"),
                    "`NotPrincipal` is only supported with `Deny` in resource-based policies",
                ));
            }
        }
        (None, false) => {}
    }
    // Resource.
    match (&st.resource, kind) {
        (None, Kind::Identity | Kind::Boundary | Kind::Session) => {
            out.push(lint(Severity::Error, "missing-resource", at, "the statement has no `Resource` or `NotResource`"))
        }
        (Some(_), Kind::Trust) => out.push(lint(
            Severity::Error,
            "resource-in-trust-policy",
            &format!("{at}.Resource"),
            "a role trust policy takes no `Resource`",
        )),
        _ => {}
    }
    if let Some(r) = &st.resource {
        let el = if r.negated { "NotResource" } else { "Resource" };
        if r.negated && st.effect == Effect::Allow {
            out.push(lint(
                Severity::Warning,
                "allow-not-resource",
                &format!("{at}.NotResource"),
                "`Allow` with `NotResource` grants every resource not listed, including ones created later",
            ));
        }
        for (i, p) in r.patterns.iter().enumerate() {
            let path = format!("{at}.{el}[{i}]");
            if p.is_any() {
                continue;
            }
            if !well_formed_arn(&p.source) {
                out.push(lint(
                    Severity::Error,
                    "malformed-arn",
                    &path,
                    &format!("`{}` is not an ARN (`arn:partition:service:region:account:resource`) or `*`", p.source),
                ));
            }
            literal_variables(policy, &p.source, &path, out);
        }
    }
    // Actions.
    let Some(actions) = &st.action else { return };
    let el = if actions.negated { "NotAction" } else { "Action" };
    if actions.negated && st.effect == Effect::Allow {
        out.push(lint(
            Severity::Warning,
            "allow-not-action",
            &format!("{at}.NotAction"),
            "`Allow` with `NotAction` grants every action not listed, including actions AWS adds later",
        ));
    }
    let mut services = BTreeSet::new();
    let mut scoped_exact = Vec::new();
    for (i, p) in actions.patterns.iter().enumerate() {
        let path = format!("{at}.{el}[{i}]");
        let src = p.source.as_str();
        if src == "*" {
            continue;
        }
        let Some((svc, name)) = src.split_once(':') else {
            out.push(lint(Severity::Error, "malformed-action", &path, &format!("`{src}` is not `service:action`")));
            continue;
        };
        services.insert(svc.to_ascii_lowercase());
        let Some(cat) = cat else { continue };
        if svc.contains(['*', '?']) {
            continue;
        }
        let Some(service) = cat.service(svc) else {
            if cat.is_uncatalogued(svc) {
                continue;
            }
            out.push(lint(Severity::Error, "unknown-service", &path, &format!("no AWS service has the prefix `{svc}`")));
            continue;
        };
        if name.contains(['*', '?']) {
            if cat.expand(src).is_empty() {
                out.push(lint(Severity::Warning, "unknown-action", &path, &format!("`{src}` matches no action of {}", service.name)));
            }
        } else {
            match service.action(&name.to_ascii_lowercase()) {
                None => out.push(lint(Severity::Warning, "unknown-action", &path, &format!("{} has no action `{name}`", service.name))),
                Some(a) => {
                    if a.is_resource_scoped() {
                        scoped_exact.push(a.full.clone());
                    }
                }
            }
        }
    }
    // `Resource: "*"` where every action listed acts on a resource type.
    if st.effect == Effect::Allow && !actions.negated {
        if let Some(r) = &st.resource {
            let all_exact_scoped = !scoped_exact.is_empty() && scoped_exact.len() == actions.patterns.len();
            if !r.negated && r.patterns.iter().any(|p| p.is_any()) && all_exact_scoped && st.conditions.is_empty() {
                out.push(lint(
                    Severity::Warning,
                    "resource-wildcard-for-scoped-action",
                    &format!("{at}.Resource"),
                    &format!(
                        "`Resource: \"*\"` for actions that act on specific resources ({}); name the resources",
                        scoped_exact.join(", ")
                    ),
                ));
            }
        }
    }
    // Conditions.
    for c in &st.conditions {
        let path = format!("{at}.Condition.{}.{}", c.written, c.key_written);
        for v in &c.values {
            if let CondValue::Raw(raw) = v {
                out.push(lint(
                    Severity::Error,
                    "invalid-condition-value",
                    &path,
                    &format!("`{raw}` is not a valid value for `{}`", c.op.name()),
                ));
            }
            if let CondValue::Text(p) = v {
                literal_variables(policy, &p.source, &path, out);
                if matches!(c.op, Op::StringEquals | Op::StringNotEquals)
                    && p.tokens().iter().any(|t| matches!(t, Token::Lit(s) if s.contains(['*', '?'])))
                {
                    out.push(lint(
                        Severity::Warning,
                        "wildcard-in-equals",
                        &path,
                        &format!("`{}` compares `*` and `?` literally; use `StringLike` for a pattern", c.op.name()),
                    ));
                }
            }
        }
        if c.set == Some(SetQualifier::ForAllValues) && st.effect == Effect::Allow && !c.op.is_negated() && c.op != Op::Null {
            out.push(lint(
                Severity::Warning,
                "forallvalues-allow",
                &path,
                "`ForAllValues` with `Allow` is also true when the key is missing or empty; add a `Null` check",
            ));
        }
        if let Some(cat) = cat {
            if !known_key(cat, &c.key, &services) {
                out.push(lint(
                    Severity::Warning,
                    "unknown-condition-key",
                    &path,
                    &format!("`{}` is not a known condition key", c.key_written),
                ));
            }
        }
    }
}

/// A `${...}` in a policy without `Version 2012-10-17` is literal text.
fn literal_variables(policy: &Policy, text: &str, path: &str, out: &mut Vec<Lint>) {
    if policy.version == crate::policy::Version::V2008 && text.contains("${") {
        out.push(lint(
            Severity::Warning,
            "variable-in-2008-policy",
            path,
            "policy variables are literal text without `\"Version\": \"2012-10-17\"`",
        ));
    }
}

/// `arn:partition:service:region:account:resource`, or a pattern of one.
fn well_formed_arn(s: &str) -> bool {
    let parts: Vec<&str> = s.splitn(6, ':').collect();
    match parts.as_slice() {
        [arn, partition, service, _, _, _] => (*arn == "arn" || *arn == "*") && !partition.is_empty() && !service.is_empty(),
        _ => false,
    }
}

fn known_key(cat: &Catalog, key: &str, services: &BTreeSet<String>) -> bool {
    if catalog::is_global_key(key) {
        return true;
    }
    let Some((prefix, _)) = key.split_once(':') else { return false };
    if prefix == "aws" {
        return false;
    }
    // Keys of services the statement does not name (or any, with `*`) are
    // not judged: cross-service keys such as `kms:ViaService` are common.
    let Some(service) = cat.service(prefix) else { return !services.is_empty() && !services.contains(prefix) };
    service.conditions.keys().any(|k| match k.find("${") {
        Some(i) => key.starts_with(k.get(..i).unwrap_or_default()),
        None => k == key,
    }) || service.actions.iter().any(|a| a.conditions.iter().any(|k| k.eq_ignore_ascii_case(key)))
        || key.contains('/')
}
