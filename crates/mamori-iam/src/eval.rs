//! AWS's policy evaluation logic.
//!
//! 1. An explicit `Deny` in any applicable policy (SCP, RCP, resource,
//!    identity, permissions boundary, session) decides `ExplicitDeny`.
//! 2. Every level of SCPs must allow (principals in member accounts), and
//!    every level of RCPs (resources in member accounts).
//! 3. Within one account, a resource policy that names the caller itself —
//!    an IAM user, a role session, a federated user, a service, `*` — allows
//!    on its own, whatever the identity policies, boundary or session policy
//!    say. One that names the role ARN of a role session adds to the role's
//!    identity permissions, so the boundary and session policy still limit
//!    it. One that names the account only delegates to IAM.
//! 4. Otherwise identity policies must allow, and the permissions boundary
//!    and session policy too when there are any.
//! 5. Across accounts, the resource policy (naming the caller or its
//!    account) and the caller's own side (step 4) must both allow.
//! 6. Role trust policies and KMS key policies must allow explicitly even
//!    within the account: without one of their statements, IAM policies
//!    alone grant nothing.
//!
//! The answer carries the statements that decided it.

use crate::context::Context;
use crate::policy::{Effect, Policy, Statement};
use crate::principal::{Kind, Named, Principal};

/// The final decision.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Decision {
    Allow,
    ImplicitDeny,
    ExplicitDeny,
}

impl Decision {
    pub fn as_str(self) -> &'static str {
        match self {
            Decision::Allow => "Allow",
            Decision::ImplicitDeny => "ImplicitDeny",
            Decision::ExplicitDeny => "ExplicitDeny",
        }
    }
}

/// Which kind of policy a statement came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Source {
    Scp,
    Rcp,
    Resource,
    Identity,
    Boundary,
    Session,
}

impl Source {
    pub fn as_str(self) -> &'static str {
        match self {
            Source::Scp => "scp",
            Source::Rcp => "rcp",
            Source::Resource => "resource",
            Source::Identity => "identity",
            Source::Boundary => "boundary",
            Source::Session => "session",
        }
    }
}

/// A policy with the name it is reported under.
#[derive(Clone, Copy, Debug)]
pub struct Attached<'a> {
    pub name: &'a str,
    pub policy: &'a Policy,
}

/// Resource policies that must allow even within the account.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum ResourceKind {
    #[default]
    Ordinary,
    /// A role's trust policy (`sts:AssumeRole*`).
    RoleTrust,
    /// A KMS key policy.
    KmsKey,
}

/// The policies that apply to one request.
#[derive(Clone, Debug, Default)]
pub struct PolicySet<'a> {
    pub identity: Vec<Attached<'a>>,
    /// `None`: no permissions boundary.
    pub boundary: Option<Vec<Attached<'a>>>,
    /// `None`: not a session with session policies.
    pub session: Option<Vec<Attached<'a>>>,
    /// SCPs by level (root, OUs, account): every level must allow.
    pub scps: Vec<Vec<Attached<'a>>>,
    /// RCPs by level, as SCPs.
    pub rcps: Vec<Vec<Attached<'a>>>,
    pub resource: Option<Attached<'a>>,
    pub resource_kind: ResourceKind,
}

/// One request.
#[derive(Clone, Debug)]
pub struct Request<'a> {
    pub principal: &'a Principal,
    /// `service:Action`.
    pub action: &'a str,
    /// The resource ARN (`*` for actions without one).
    pub resource: &'a str,
    /// The account that owns the resource; `None`: the caller's.
    pub resource_account: Option<&'a str>,
    pub context: &'a Context,
}

/// A statement that took part in a decision.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Reason {
    pub source: Source,
    pub policy: String,
    pub sid: Option<String>,
    pub index: usize,
    pub effect: Effect,
}

impl Reason {
    fn new(source: Source, p: &Attached<'_>, st: &Statement) -> Reason {
        Reason { source, policy: p.name.to_string(), sid: st.sid.clone(), index: st.index, effect: st.effect }
    }

    /// `identity AdminPolicy #0` / `resource bucket-policy PublicRead`.
    pub fn label(&self) -> String {
        let st = match &self.sid {
            Some(s) if !s.is_empty() => s.clone(),
            _ => format!("#{}", self.index),
        };
        format!("{} {} {} ({})", self.source.as_str(), self.policy, st, self.effect.as_str())
    }
}

/// Why the request was denied when no statement denied it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Missing {
    Scp,
    Rcp,
    /// No identity policy (nor resource policy) allows.
    Allow,
    Boundary,
    Session,
    /// Role trust or KMS key policy does not allow.
    ResourcePolicy,
    /// Cross-account: the resource policy does not allow the caller.
    CrossAccountResource,
    /// Cross-account: the caller's own policies do not allow.
    CrossAccountIdentity,
}

impl Missing {
    pub fn describe(self) -> &'static str {
        match self {
            Missing::Scp => "no SCP at some level of the organization allows the action",
            Missing::Rcp => "no RCP at some level of the organization allows the action",
            Missing::Allow => "no identity-based or resource-based policy allows the action",
            Missing::Boundary => "the permissions boundary does not allow the action",
            Missing::Session => "the session policy does not allow the action",
            Missing::ResourcePolicy => "the role trust policy or key policy does not allow the caller",
            Missing::CrossAccountResource => "cross-account: the resource-based policy does not allow the caller",
            Missing::CrossAccountIdentity => "cross-account: the caller's identity-based policies do not allow the action",
        }
    }

    pub fn describe_ja(self) -> &'static str {
        match self {
            Missing::Scp => "組織のいずれかの階層で SCP がこのアクションを許可していません",
            Missing::Rcp => "組織のいずれかの階層で RCP がこのアクションを許可していません",
            Missing::Allow => "このアクションを許可するアイデンティティベース／リソースベースのポリシーがありません",
            Missing::Boundary => "アクセス許可の境界がこのアクションを許可していません",
            Missing::Session => "セッションポリシーがこのアクションを許可していません",
            Missing::ResourcePolicy => "ロールの信頼ポリシーまたはキーポリシーが呼び出し元を許可していません",
            Missing::CrossAccountResource => "クロスアカウント: リソースベースのポリシーが呼び出し元を許可していません",
            Missing::CrossAccountIdentity => "クロスアカウント: 呼び出し元のアイデンティティベースのポリシーが許可していません",
        }
    }
}

/// The answer and its explanation.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Answer {
    pub decision: Decision,
    /// For `ExplicitDeny`: the denying statements. For `Allow`: the allowing
    /// statements that were needed. For `ImplicitDeny`: the allows that did
    /// match (they were not enough).
    pub statements: Vec<Reason>,
    /// For `ImplicitDeny`: the missing piece.
    pub missing: Option<Missing>,
}

/// Whether one statement applies to the request, ignoring its principal.
fn matches_request(st: &Statement, req: &Request<'_>, action_lower: &str) -> bool {
    let Some(actions) = &st.action else { return false };
    let hit = actions.patterns.iter().any(|p| p.matches(action_lower, req.context));
    if hit == actions.negated {
        return false;
    }
    if let Some(resources) = &st.resource {
        let hit = resources.patterns.iter().any(|p| p.matches(req.resource, req.context));
        if hit == resources.negated {
            return false;
        }
    }
    st.conditions.iter().all(|c| c.holds(req.context))
}

/// Statements of `policies` of `effect` that apply (principal not considered).
fn collect<'p>(
    policies: &[Attached<'p>],
    source: Source,
    effect: Effect,
    req: &Request<'_>,
    action_lower: &str,
    out: &mut Vec<Reason>,
) -> bool {
    let mut any = false;
    for p in policies {
        for st in &p.policy.statements {
            if st.effect == effect && matches_request(st, req, action_lower) {
                out.push(Reason::new(source, p, st));
                any = true;
            }
        }
    }
    any
}

/// Statements of a policy that carries principals (resource policies, RCPs).
fn collect_with_principal(
    p: &Attached<'_>,
    source: Source,
    effect: Effect,
    req: &Request<'_>,
    action_lower: &str,
    out: &mut Vec<Reason>,
) -> Option<Named> {
    let mut best = None;
    for st in &p.policy.statements {
        if st.effect != effect {
            continue;
        }
        let named = match (&st.principal, effect) {
            (None, _) => Some(Named::Direct),
            (Some(pr), Effect::Deny) => req.principal.denied_by(pr).then_some(Named::Direct),
            (Some(pr), Effect::Allow) => {
                if pr.negated {
                    // `NotPrincipal` with `Allow` (which AWS no longer
                    // accepts) grants everyone not listed.
                    req.principal.named_by(pr).is_none().then_some(Named::Direct)
                } else {
                    req.principal.named_by(pr)
                }
            }
        };
        let Some(named) = named else { continue };
        if matches_request(st, req, action_lower) {
            out.push(Reason::new(source, p, st));
            best = best.max(Some(named));
        }
    }
    best
}

/// Evaluates one request against its policies.
pub fn evaluate(req: &Request<'_>, set: &PolicySet<'_>) -> Answer {
    let action_lower = req.action.to_ascii_lowercase();
    let action_lower = action_lower.as_str();

    // 1. Explicit deny anywhere.
    let mut denies = Vec::new();
    for level in &set.scps {
        collect(level, Source::Scp, Effect::Deny, req, action_lower, &mut denies);
    }
    for level in &set.rcps {
        for p in level {
            collect_with_principal(p, Source::Rcp, Effect::Deny, req, action_lower, &mut denies);
        }
    }
    if let Some(r) = &set.resource {
        collect_with_principal(r, Source::Resource, Effect::Deny, req, action_lower, &mut denies);
    }
    collect(&set.identity, Source::Identity, Effect::Deny, req, action_lower, &mut denies);
    if let Some(b) = &set.boundary {
        collect(b, Source::Boundary, Effect::Deny, req, action_lower, &mut denies);
    }
    if let Some(s) = &set.session {
        collect(s, Source::Session, Effect::Deny, req, action_lower, &mut denies);
    }
    if !denies.is_empty() {
        return Answer { decision: Decision::ExplicitDeny, statements: denies, missing: None };
    }

    let mut allows = Vec::new();
    let implicit = |allows: Vec<Reason>, missing| Answer { decision: Decision::ImplicitDeny, statements: allows, missing: Some(missing) };

    // 2. Organization guardrails.
    for level in &set.scps {
        if !collect(level, Source::Scp, Effect::Allow, req, action_lower, &mut allows) {
            return implicit(Vec::new(), Missing::Scp);
        }
    }
    for level in &set.rcps {
        let mut any = false;
        for p in level {
            any |= collect_with_principal(p, Source::Rcp, Effect::Allow, req, action_lower, &mut allows).is_some();
        }
        if !any {
            return implicit(Vec::new(), Missing::Rcp);
        }
    }
    // The guardrails allowed; they are not what grants, so keep them out of
    // the explanation of an allow.
    allows.clear();

    // 3–6.
    let mut resource_allows = Vec::new();
    let named = match &set.resource {
        Some(r) => collect_with_principal(r, Source::Resource, Effect::Allow, req, action_lower, &mut resource_allows),
        None => None,
    };
    let mut identity_allows = Vec::new();
    let identity = collect(&set.identity, Source::Identity, Effect::Allow, req, action_lower, &mut identity_allows);
    let mut limit_allows = Vec::new();
    let boundary_ok = match &set.boundary {
        Some(b) => collect(b, Source::Boundary, Effect::Allow, req, action_lower, &mut limit_allows),
        None => true,
    };
    let session_ok = match &set.session {
        Some(s) => collect(s, Source::Session, Effect::Allow, req, action_lower, &mut limit_allows),
        None => true,
    };

    let caller_account = req.principal.account.as_deref();
    let cross_account = match (caller_account, req.resource_account) {
        (Some(c), Some(r)) => c != r,
        _ => false,
    };
    let allow = |mut parts: Vec<Reason>, more: Vec<Reason>| {
        parts.extend(more);
        Answer { decision: Decision::Allow, statements: parts, missing: None }
    };
    let own_side = |identity_or_role: bool| -> Result<(), Missing> {
        if !identity_or_role {
            return Err(Missing::Allow);
        }
        if !boundary_ok {
            return Err(Missing::Boundary);
        }
        if !session_ok {
            return Err(Missing::Session);
        }
        Ok(())
    };

    // Callers without an account of their own (services, anonymous) are
    // granted by the resource policy alone.
    if matches!(req.principal.kind, Kind::Service | Kind::Anonymous) {
        return match named {
            Some(_) => allow(resource_allows, Vec::new()),
            None => implicit(Vec::new(), if set.resource.is_some() { Missing::ResourcePolicy } else { Missing::Allow }),
        };
    }

    if cross_account {
        if named.is_none() {
            let mut seen = identity_allows;
            seen.extend(limit_allows);
            return implicit(seen, Missing::CrossAccountResource);
        }
        return match own_side(identity || named == Some(Named::Role)) {
            Ok(()) => {
                let mut parts = resource_allows;
                parts.extend(identity_allows);
                allow(parts, limit_allows)
            }
            Err(m) => {
                let mut seen = resource_allows;
                seen.extend(identity_allows);
                seen.extend(limit_allows);
                implicit(seen, if m == Missing::Allow { Missing::CrossAccountIdentity } else { m })
            }
        };
    }

    // Same account.
    if named == Some(Named::Direct) && req.principal.kind != Kind::Root {
        return allow(resource_allows, Vec::new());
    }
    if req.principal.kind == Kind::Root && named.is_some() {
        return allow(resource_allows, Vec::new());
    }
    let requires_resource_policy = set.resource_kind != ResourceKind::Ordinary;
    if requires_resource_policy && named.is_none() {
        let mut seen = identity_allows;
        seen.extend(limit_allows);
        return implicit(seen, Missing::ResourcePolicy);
    }
    // The root user is not limited by identity policies (it has none).
    if req.principal.kind == Kind::Root {
        return allow(Vec::new(), Vec::new());
    }
    let role_named = named == Some(Named::Role);
    match own_side(identity || role_named) {
        Ok(()) => {
            let mut parts = identity_allows;
            if role_named || requires_resource_policy {
                parts.extend(resource_allows);
            }
            allow(parts, limit_allows)
        }
        Err(m) => {
            let mut seen = resource_allows;
            seen.extend(identity_allows);
            seen.extend(limit_allows);
            implicit(seen, m)
        }
    }
}
