//! The IAM view of a snapshot: every principal with the policies that
//! apply to it, and every resource with its resource-based policy.
//!
//! Built once per snapshot; policies are parsed once and shared. A policy
//! that does not parse, or a managed policy whose document the snapshot
//! lacks, is recorded against the principals and resources it concerns, so
//! that a question about them can answer "unknown" instead of guessing.

use std::collections::HashMap;

use mamori_model::{Account, Snapshot};
use serde_json::Value;

use crate::context::Context;
use crate::eval::{evaluate, Answer, Attached, PolicySet, Request, ResourceKind};
use crate::policy::Policy;
use crate::principal::Principal;

/// One policy document, parsed.
#[derive(Debug)]
pub struct StoredPolicy {
    /// How reports name it: the managed policy's ARN, or
    /// `arn:aws:iam::1:user/alice#inline/Name` for inline policies,
    /// `…:role/R#trust`, or the resource's ARN with `#policy`.
    pub name: String,
    /// The short name (policy name, `trust`, `bucket policy`).
    pub short: String,
    pub kind: PolicyKind,
    pub account: String,
    pub policy: Option<Policy>,
    /// Why it did not parse.
    pub error: Option<String>,
    /// Managed policies: how many versions exist (a non-default one can be
    /// made default by `SetDefaultPolicyVersion`).
    pub versions: usize,
    /// Whether a user, group or role has it (inline policies always do),
    /// as identity policy or permissions boundary.
    pub attached: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PolicyKind {
    AwsManaged,
    CustomerManaged,
    Inline,
    Trust,
    Resource,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EntityKind {
    User,
    Role,
}

/// A user or role.
#[derive(Debug)]
pub struct Entity {
    pub kind: EntityKind,
    pub name: String,
    pub arn: String,
    pub account: String,
    pub principal: Principal,
    /// Identity policies: own (inline and attached) and, for users, their groups'.
    pub identity: Vec<usize>,
    pub boundary: Option<usize>,
    /// The role's trust policy.
    pub trust: Option<usize>,
    /// Groups (users): names.
    pub groups: Vec<String>,
    /// Groups (users): ARNs, where the snapshot has the group.
    pub group_arns: Vec<String>,
    /// Users: whether a console password exists (`None`: not known).
    pub has_login_profile: Option<bool>,
    /// Instance profiles carrying the role.
    pub instance_profiles: Vec<String>,
    /// Policies that apply but could not be read (missing document, parse error).
    pub unreadable: Vec<String>,
    /// The condition keys AWS sets for requests by this principal.
    pub context: Context,
}

/// A resource with a resource-based policy (or the lack of one).
#[derive(Debug)]
pub struct Resource {
    pub arn: String,
    pub account: String,
    pub region: String,
    pub kind: ResourceType,
    pub policy: Option<usize>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ResourceType {
    Bucket,
    KmsKey,
    GlacierVault,
    Role,
}

impl ResourceType {
    pub fn evaluation_kind(self) -> ResourceKind {
        match self {
            ResourceType::KmsKey => ResourceKind::KmsKey,
            ResourceType::Role => ResourceKind::RoleTrust,
            _ => ResourceKind::Ordinary,
        }
    }
}

/// Everything the queries need.
#[derive(Debug, Default)]
pub struct Model {
    pub policies: Vec<StoredPolicy>,
    pub entities: Vec<Entity>,
    pub resources: Vec<Resource>,
    by_arn: HashMap<String, usize>,
    resource_by_arn: HashMap<String, usize>,
    /// Managed policies by ARN, per account.
    managed: HashMap<String, usize>,
    /// Groups: ARN, account and policies.
    pub groups: Vec<GroupEntry>,
    /// Instances that carry a role: instance ARN and the role's entity index.
    pub instances: Vec<(String, usize)>,
    /// Resources shared by attribute rather than by policy: EBS snapshots
    /// (createVolumePermission), RDS snapshots (restore), the account's AMIs.
    pub shared: Vec<Shared>,
}

/// A resource shared through a sharing attribute.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Shared {
    pub arn: String,
    pub account: String,
    /// `ebs-snapshot`, `rds-snapshot`, `ami`.
    pub kind: &'static str,
    /// Shared with everyone (`all`).
    pub public: bool,
    /// Other accounts it is shared with.
    pub accounts: Vec<String>,
}

/// A group and the policies it gives its members.
#[derive(Debug)]
pub struct GroupEntry {
    pub name: String,
    pub arn: String,
    pub account: String,
    pub policies: Vec<usize>,
}

impl Model {
    pub fn build(snapshot: &Snapshot) -> Model {
        let mut m = Model::default();
        for a in &snapshot.accounts {
            m.add_account(a);
        }
        let held: Vec<usize> = m
            .entities
            .iter()
            .flat_map(|e| e.identity.iter().chain(e.boundary.iter()).copied())
            .chain(m.groups.iter().flat_map(|g| g.policies.iter().copied()))
            .collect();
        for i in held {
            if let Some(p) = m.policies.get_mut(i) {
                p.attached = true;
            }
        }
        m
    }

    fn add_policy(&mut self, name: String, short: String, kind: PolicyKind, account: &str, doc: &Value) -> usize {
        // Policy documents may arrive URL-encoded or as a JSON string.
        let decoded;
        let doc = match doc {
            Value::String(s) => {
                decoded = serde_json::from_str::<Value>(s).unwrap_or(Value::Null);
                &decoded
            }
            other => other,
        };
        let (policy, error) = match Policy::parse(doc) {
            Ok(p) => (Some(p), None),
            Err(e) => (None, Some(e.to_string())),
        };
        self.policies.push(StoredPolicy {
            name,
            short,
            kind,
            account: account.to_string(),
            policy,
            error,
            versions: 1,
            attached: kind == PolicyKind::Inline,
        });
        self.policies.len() - 1
    }

    fn add_account(&mut self, a: &Account) {
        let acct = a.account_id.as_str();
        for p in &a.iam.policies {
            let kind = if p.is_aws_managed() { PolicyKind::AwsManaged } else { PolicyKind::CustomerManaged };
            if let Some(doc) = p.default_document() {
                let i = self.add_policy(p.arn.clone(), p.policy_name.clone(), kind, acct, doc);
                if let Some(sp) = self.policies.get_mut(i) {
                    sp.versions = p.policy_version_list.len().max(1);
                }
                self.managed.insert(format!("{acct}|{}", p.arn), i);
            }
        }
        let mut group_policies: HashMap<&str, (Vec<usize>, Vec<String>)> = HashMap::new();
        for g in &a.iam.groups {
            let (list, unreadable) = self.own_policies(acct, &g.arn, &g.inline_policies, &g.attached_policies);
            self.groups.push(GroupEntry {
                name: g.group_name.clone(),
                arn: g.arn.clone(),
                account: acct.to_string(),
                policies: list.clone(),
            });
            group_policies.insert(g.group_name.as_str(), (list, unreadable));
        }
        for u in &a.iam.users {
            let (mut identity, mut unreadable) = self.own_policies(acct, &u.arn, &u.inline_policies, &u.attached_policies);
            for g in &u.groups {
                match group_policies.get(g.as_str()) {
                    Some((list, bad)) => {
                        identity.extend(list.iter().copied());
                        unreadable.extend(bad.iter().cloned());
                    }
                    None => unreadable.push(format!("group {g}")),
                }
            }
            let boundary = u.permissions_boundary.as_ref().and_then(|b| self.boundary(acct, &b.permissions_boundary_arn, &mut unreadable));
            let mut principal = Principal::user(acct, &u.arn);
            principal.has_boundary = u.permissions_boundary.is_some();
            let context = principal_context(&principal, &u.tags, a);
            self.by_arn.insert(u.arn.clone(), self.entities.len());
            self.entities.push(Entity {
                kind: EntityKind::User,
                name: u.user_name.clone(),
                arn: u.arn.clone(),
                account: acct.to_string(),
                principal,
                identity,
                boundary,
                trust: None,
                groups: u.groups.clone(),
                group_arns: a.iam.groups.iter().filter(|g| u.groups.contains(&g.group_name)).map(|g| g.arn.clone()).collect(),
                has_login_profile: u.login_profile.is_some().then_some(true),
                instance_profiles: Vec::new(),
                unreadable,
                context,
            });
        }
        for r in &a.iam.roles {
            let (identity, mut unreadable) = self.own_policies(acct, &r.arn, &r.inline_policies, &r.attached_policies);
            let boundary = r.permissions_boundary.as_ref().and_then(|b| self.boundary(acct, &b.permissions_boundary_arn, &mut unreadable));
            let trust = (!r.assume_role_policy_document.is_null()).then(|| {
                self.add_policy(
                    format!("{}#trust", r.arn),
                    "trust policy".to_string(),
                    PolicyKind::Trust,
                    acct,
                    &r.assume_role_policy_document,
                )
            });
            let mut principal = Principal::role_session(&r.arn, "mamori");
            principal.has_boundary = r.permissions_boundary.is_some();
            let context = principal_context(&principal, &r.tags, a);
            self.by_arn.insert(r.arn.clone(), self.entities.len());
            self.by_arn.insert(principal.arn.clone(), self.entities.len());
            self.entities.push(Entity {
                kind: EntityKind::Role,
                name: r.role_name.clone(),
                arn: r.arn.clone(),
                account: acct.to_string(),
                principal,
                identity,
                boundary,
                trust,
                groups: Vec::new(),
                group_arns: Vec::new(),
                has_login_profile: None,
                instance_profiles: r.instance_profiles.clone(),
                unreadable,
                context,
            });
            self.add_resource(r.arn.clone(), acct, mamori_model::GLOBAL, ResourceType::Role, trust);
        }
        for b in &a.buckets {
            let arn = format!("arn:{}:s3:::{}", partition(a), b.name);
            let p = b
                .policy
                .as_ref()
                .map(|d| self.add_policy(format!("{arn}#policy"), "bucket policy".to_string(), PolicyKind::Resource, acct, d));
            self.add_resource(arn, acct, b.region.as_deref().unwrap_or(mamori_model::GLOBAL), ResourceType::Bucket, p);
        }
        for (region, r) in &a.regions {
            for i in &r.ec2.instances {
                let Some(profile) = i.iam_instance_profile.as_ref().and_then(|p| p.arn.as_deref()) else { continue };
                let Some(ip) = a.iam.instance_profiles.iter().find(|ip| ip.arn == profile) else { continue };
                for role in &ip.roles {
                    if let Some(&e) = self.by_arn.get(role) {
                        self.instances.push((format!("arn:{}:ec2:{region}:{acct}:instance/{}", partition(a), i.instance_id), e));
                    }
                }
            }
            for snap in &r.ec2.snapshots {
                let public = snap.create_volume_permissions.iter().any(|p| p.group.as_deref() == Some("all"));
                let accounts: Vec<String> =
                    snap.create_volume_permissions.iter().filter_map(|p| p.user_id.clone()).filter(|u| u != acct).collect();
                if public || !accounts.is_empty() {
                    let arn = format!("arn:{}:ec2:{region}:{acct}:snapshot/{}", partition(a), snap.snapshot_id);
                    self.shared.push(Shared { arn, account: acct.to_string(), kind: "ebs-snapshot", public, accounts });
                }
            }
            for snap in &r.db_snapshots {
                let public = snap.restore_account_ids.iter().any(|x| x == "all");
                let accounts: Vec<String> = snap.restore_account_ids.iter().filter(|x| *x != "all" && *x != acct).cloned().collect();
                if public || !accounts.is_empty() {
                    let arn = snap
                        .db_snapshot_arn
                        .clone()
                        .unwrap_or_else(|| format!("arn:{}:rds:{region}:{acct}:snapshot:{}", partition(a), snap.db_snapshot_identifier));
                    self.shared.push(Shared { arn, account: acct.to_string(), kind: "rds-snapshot", public, accounts });
                }
            }
            for image in r.ec2.images.iter().filter(|i| i.owner_id.as_deref() == Some(acct) && i.public == Some(true)) {
                let arn = format!("arn:{}:ec2:{region}::image/{}", partition(a), image.image_id);
                self.shared.push(Shared { arn, account: acct.to_string(), kind: "ami", public: true, accounts: Vec::new() });
            }
            for k in &r.kms_keys {
                let arn = k.arn.clone().unwrap_or_else(|| format!("arn:{}:kms:{region}:{acct}:key/{}", partition(a), k.key_id));
                let p = k
                    .policy
                    .as_ref()
                    .map(|d| self.add_policy(format!("{arn}#policy"), "key policy".to_string(), PolicyKind::Resource, acct, d));
                self.add_resource(arn, acct, region, ResourceType::KmsKey, p);
            }
            for v in &r.glacier_vaults {
                let arn =
                    v.vault_arn.clone().unwrap_or_else(|| format!("arn:{}:glacier:{region}:{acct}:vaults/{}", partition(a), v.vault_name));
                let p = v
                    .policy
                    .as_ref()
                    .map(|d| self.add_policy(format!("{arn}#policy"), "vault access policy".to_string(), PolicyKind::Resource, acct, d));
                self.add_resource(arn, acct, region, ResourceType::GlacierVault, p);
            }
        }
    }

    /// A user's, group's or role's inline and attached policies: the
    /// readable ones, and what could not be read.
    fn own_policies(
        &mut self,
        account: &str,
        owner: &str,
        inline: &[mamori_model::iam::InlinePolicy],
        attached: &[mamori_model::iam::AttachedPolicy],
    ) -> (Vec<usize>, Vec<String>) {
        let mut list = Vec::new();
        let mut unreadable = Vec::new();
        for ip in inline {
            let i = self.add_policy(
                format!("{owner}#inline/{}", ip.policy_name),
                ip.policy_name.clone(),
                PolicyKind::Inline,
                account,
                &ip.policy_document,
            );
            self.collect(i, &mut list, &mut unreadable);
        }
        for ap in attached {
            self.attach(account, &ap.policy_arn, &mut list, &mut unreadable);
        }
        (list, unreadable)
    }

    fn add_resource(&mut self, arn: String, account: &str, region: &str, kind: ResourceType, policy: Option<usize>) {
        self.resource_by_arn.insert(arn.clone(), self.resources.len());
        self.resources.push(Resource { arn, account: account.to_string(), region: region.to_string(), kind, policy });
    }

    fn collect(&self, i: usize, list: &mut Vec<usize>, unreadable: &mut Vec<String>) {
        match self.policies.get(i) {
            Some(p) if p.policy.is_some() => list.push(i),
            Some(p) => unreadable.push(format!("{} ({})", p.name, p.error.as_deref().unwrap_or("unreadable"))),
            None => {}
        }
    }

    fn attach(&self, account: &str, arn: &str, list: &mut Vec<usize>, unreadable: &mut Vec<String>) {
        match self.managed.get(&format!("{account}|{arn}")) {
            Some(&i) => self.collect(i, list, unreadable),
            None => unreadable.push(format!("{arn} (document not in the snapshot)")),
        }
    }

    fn boundary(&self, account: &str, arn: &str, unreadable: &mut Vec<String>) -> Option<usize> {
        let mut list = Vec::new();
        self.attach(account, arn, &mut list, unreadable);
        list.first().copied()
    }

    pub fn entity(&self, arn: &str) -> Option<&Entity> {
        self.by_arn.get(arn).and_then(|&i| self.entities.get(i))
    }

    pub fn entity_index(&self, arn: &str) -> Option<usize> {
        self.by_arn.get(arn).copied()
    }

    /// The resource a request's ARN falls under: exact, or an S3 object's bucket.
    pub fn resource_for(&self, arn: &str) -> Option<&Resource> {
        if let Some(&i) = self.resource_by_arn.get(arn) {
            return self.resources.get(i);
        }
        if let Some(rest) = arn.strip_prefix("arn:aws:s3:::").or_else(|| arn.split_once(":s3:::").map(|(_, r)| r)) {
            let bucket = rest.split('/').next().unwrap_or_default();
            let partition = arn.split(':').nth(1).unwrap_or("aws");
            return self.resource_by_arn.get(&format!("arn:{partition}:s3:::{bucket}")).and_then(|&i| self.resources.get(i));
        }
        None
    }

    pub fn policy(&self, i: usize) -> Option<&StoredPolicy> {
        self.policies.get(i)
    }

    fn attached(&self, list: &[usize]) -> Vec<Attached<'_>> {
        list.iter()
            .filter_map(|&i| self.policies.get(i))
            .filter_map(|p| p.policy.as_ref().map(|policy| Attached { name: &p.name, policy }))
            .collect()
    }

    /// The owning account of a resource ARN: the model's record, the ARN's
    /// account field, or `None` (then the caller's own).
    pub fn resource_account<'a>(&'a self, arn: &'a str) -> Option<&'a str> {
        if let Some(r) = self.resource_for(arn) {
            return Some(&r.account);
        }
        arn.split(':').nth(4).filter(|a| !a.is_empty())
    }

    /// Evaluates `action` on `resource` for a known entity, with `extra`
    /// context laid over the principal's own keys.
    pub fn evaluate_entity(&self, e: &Entity, action: &str, resource: &str, extra: &Context) -> Answer {
        if extra.is_empty() {
            return self.evaluate_with(&e.principal, Some(e), action, resource, &e.context);
        }
        let mut cx = e.context.clone();
        cx.extend(extra);
        self.evaluate_with(&e.principal, Some(e), action, resource, &cx)
    }

    /// Evaluates for any principal (an entity's own policies when `entity` is given).
    pub fn evaluate_with(&self, principal: &Principal, entity: Option<&Entity>, action: &str, resource: &str, cx: &Context) -> Answer {
        let identity = entity.map(|e| self.attached(&e.identity)).unwrap_or_default();
        let boundary = entity.and_then(|e| e.boundary).map(|b| self.attached(&[b]));
        self.evaluate_policies(principal, identity, boundary, action, resource, cx)
    }

    /// Evaluates with the given identity side; the resource side (its
    /// policy, and whether it must allow) comes from the model.
    pub fn evaluate_policies<'a>(
        &'a self,
        principal: &Principal,
        identity: Vec<Attached<'a>>,
        boundary: Option<Vec<Attached<'a>>>,
        action: &str,
        resource: &str,
        cx: &Context,
    ) -> Answer {
        let res = self.resource_for(resource);
        // A role's trust policy governs assuming it (sts:*) only.
        let (kind, policy) = match res {
            Some(r) if r.kind == ResourceType::Role && !action.to_ascii_lowercase().starts_with("sts:") => (ResourceKind::Ordinary, None),
            Some(r) => (r.kind.evaluation_kind(), r.policy.and_then(|i| self.policies.get(i))),
            None => (ResourceKind::Ordinary, None),
        };
        let set = PolicySet {
            identity,
            boundary,
            resource: policy.and_then(|p| p.policy.as_ref().map(|policy| Attached { name: &p.name, policy })),
            resource_kind: kind,
            ..PolicySet::default()
        };
        let req = Request { principal, action, resource, resource_account: self.resource_account(resource), context: cx };
        evaluate(&req, &set)
    }

    /// Whether a question about `resource` can be answered: its policy was read.
    pub fn resource_policy_error(&self, resource: &str) -> Option<String> {
        let r = self.resource_for(resource)?;
        let p = self.policies.get(r.policy?)?;
        p.error.as_ref().map(|e| format!("{}: {e}", p.name))
    }
}

/// The keys AWS sets for a principal: its own, its tags, its organization.
fn principal_context(principal: &Principal, tags: &[mamori_model::Tag], a: &Account) -> Context {
    let mut context = principal.context();
    for t in tags {
        context.set(&format!("aws:PrincipalTag/{}", t.key), t.value.clone());
    }
    if let Some(org) = a.organization.as_ref().and_then(|o| o.id.as_deref()) {
        context.set("aws:PrincipalOrgID", org);
    }
    context
}

fn partition(a: &Account) -> &str {
    if a.partition.is_empty() {
        "aws"
    } else {
        &a.partition
    }
}
