//! Questions over a snapshot's IAM model: can this principal do this, who
//! can do this, what can this principal do.

use crate::account::{Entity, Model};
use crate::catalog::{catalog, AccessLevel};
use crate::context::Context;
use crate::eval::{Answer, Decision};
use crate::policy::Effect;
use crate::principal::Principal;

/// A principal the question names that the model does not know, or an
/// answer that rests on policies mamori could not read.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum QueryError {
    #[error("no principal `{0}` in the snapshot (give a user or role ARN, an assumed-role ARN, `*` for anonymous, or a service name)")]
    UnknownPrincipal(String),
}

/// The answer to `can`, with what it could not read.
#[derive(Clone, Debug)]
pub struct CanAnswer {
    pub principal: String,
    pub answer: Answer,
    /// Policies that apply but could not be read: an `ImplicitDeny` is then
    /// not certain.
    pub unreadable: Vec<String>,
}

/// Can `principal` perform `action` on `resource`?
pub fn can(model: &Model, principal: &str, action: &str, resource: &str, extra: &Context) -> Result<CanAnswer, QueryError> {
    if let Some(e) = model.entity(principal) {
        let mut unreadable = e.unreadable.clone();
        if let Some(err) = model.resource_policy_error(resource) {
            unreadable.push(err);
        }
        return Ok(CanAnswer { principal: e.arn.clone(), answer: model.evaluate_entity(e, action, resource, extra), unreadable });
    }
    // Callers outside the snapshot: anonymous, a service, another account's
    // principal (its own policies unknown: assumed to allow, so the answer
    // is what the resource side permits).
    let p = Principal::from_arn(principal).ok_or_else(|| QueryError::UnknownPrincipal(principal.to_string()))?;
    // A session of a known role, by its assumed-role ARN: the role's
    // policies, the session's own ARN.
    if p.kind == crate::principal::Kind::RoleSession {
        let name = p.role_arn.as_deref().and_then(|r| r.rsplit('/').next()).unwrap_or_default();
        let role = model
            .entities
            .iter()
            .find(|e| e.kind == crate::account::EntityKind::Role && Some(&e.account) == p.account.as_ref() && e.name == name);
        if let Some(e) = role {
            let mut session = p.clone();
            session.role_arn = Some(e.arn.clone());
            session.has_boundary = e.principal.has_boundary;
            let mut cx = e.context.clone();
            cx.set("aws:PrincipalArn", e.arn.clone());
            cx.extend(extra);
            let mut unreadable = e.unreadable.clone();
            if let Some(err) = model.resource_policy_error(resource) {
                unreadable.push(err);
            }
            let answer = model.evaluate_with(&session, Some(e), action, resource, &cx);
            return Ok(CanAnswer { principal: session.arn.clone(), answer, unreadable });
        }
    }
    let known_account = p.account.as_ref().is_some_and(|a| model.entities.iter().any(|e| &e.account == a));
    if known_account && p.kind != crate::principal::Kind::Root {
        return Err(QueryError::UnknownPrincipal(principal.to_string()));
    }
    let mut cx = p.context();
    cx.extend(extra);
    let answer = if p.account.is_some() && !known_account {
        external(model, &p, action, resource, &cx)
    } else {
        model.evaluate_with(&p, None, action, resource, &cx)
    };
    let mut unreadable = Vec::new();
    if let Some(err) = model.resource_policy_error(resource) {
        unreadable.push(err);
    }
    if p.account.is_some() && !known_account {
        unreadable.push(format!("the identity policies of `{principal}` (another account) are not in the snapshot; assumed to allow"));
    }
    Ok(CanAnswer { principal: p.arn.clone(), answer, unreadable })
}

/// A principal of an account outside the snapshot: its own side is taken
/// to allow everything, so only the resource side decides.
fn external(model: &Model, p: &Principal, action: &str, resource: &str, cx: &Context) -> Answer {
    static EVERYTHING: std::sync::OnceLock<Option<crate::policy::Policy>> = std::sync::OnceLock::new();
    let everything = EVERYTHING.get_or_init(|| {
        crate::policy::Policy::parse(&serde_json::json!({
            "Version": "2012-10-17",
            "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]
        }))
        .ok()
    });
    let identity = everything
        .as_ref()
        .map(|policy| vec![crate::eval::Attached { name: "(the caller's own account, assumed)", policy }])
        .unwrap_or_default();
    model.evaluate_policies(p, identity, None, action, resource, cx)
}

/// One principal that can.
#[derive(Clone, Debug)]
pub struct Who {
    pub principal: String,
    pub kind: &'static str,
    pub answer: Answer,
}

/// Everyone in the snapshot who can perform `action` on `resource`, plus
/// anonymous callers and any other account when the resource policy lets them.
pub fn who_can(model: &Model, action: &str, resource: &str, extra: &Context) -> Vec<Who> {
    let mut out: Vec<Who> = model
        .entities
        .iter()
        .filter_map(|e| {
            let answer = model.evaluate_entity(e, action, resource, extra);
            (answer.decision == Decision::Allow).then(|| Who { principal: e.arn.clone(), kind: entity_kind(e), answer })
        })
        .collect();
    let mut anon_cx = Principal::anonymous().context();
    anon_cx.extend(extra);
    let anon = model.evaluate_with(&Principal::anonymous(), None, action, resource, &anon_cx);
    if anon.decision == Decision::Allow {
        out.push(Who { principal: "* (anonymous)".to_string(), kind: "anonymous", answer: anon });
    }
    let stranger = Principal::user("999999999999", "arn:aws:iam::999999999999:user/any");
    let mut s_cx = stranger.context();
    s_cx.extend(extra);
    let other = external(model, &stranger, action, resource, &s_cx);
    if other.decision == Decision::Allow {
        out.push(Who { principal: "* (any AWS account)".to_string(), kind: "any-account", answer: other });
    }
    out
}

fn entity_kind(e: &Entity) -> &'static str {
    match e.kind {
        crate::account::EntityKind::User => "user",
        crate::account::EntityKind::Role => "role",
    }
}

/// One action a principal's identity policies grant.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Capability {
    pub action: String,
    pub level: AccessLevel,
    /// The resource patterns granted.
    pub resources: Vec<String>,
    /// Whether every granting statement has conditions.
    pub conditional: bool,
}

/// What `principal` can do by its identity policies: every catalog action
/// an Allow names, less what an unconditional `Deny` on `*` removes and what
/// the permissions boundary does not allow.
pub fn what_can(model: &Model, principal: &str, levels: &[AccessLevel]) -> Result<Vec<Capability>, QueryError> {
    let e = model.entity(principal).ok_or_else(|| QueryError::UnknownPrincipal(principal.to_string()))?;
    let Some(cat) = catalog() else { return Ok(Vec::new()) };
    let policies: Vec<&crate::policy::Policy> =
        e.identity.iter().filter_map(|&i| model.policy(i)).filter_map(|p| p.policy.as_ref()).collect();
    let boundary: Option<&crate::policy::Policy> = e.boundary.and_then(|i| model.policy(i)).and_then(|p| p.policy.as_ref());
    let cx = &e.context;
    let mut out = Vec::new();
    for a in cat.all_actions() {
        if !levels.is_empty() && !levels.contains(&a.level) {
            continue;
        }
        let names = |st: &crate::policy::Statement| -> bool {
            st.action.as_ref().is_some_and(|acts| acts.patterns.iter().any(|p| p.matches(&a.lower, cx)) != acts.negated)
        };
        let mut resources = Vec::new();
        let mut conditional = true;
        for p in &policies {
            for st in p.statements.iter().filter(|st| st.effect == Effect::Allow && names(st)) {
                match &st.resource {
                    Some(r) if !r.negated => resources.extend(r.patterns.iter().map(|p| p.source.clone())),
                    Some(r) => resources.extend(r.patterns.iter().map(|p| format!("all but {}", p.source))),
                    None => resources.push("*".to_string()),
                }
                conditional &= !st.conditions.is_empty();
            }
        }
        if resources.is_empty() {
            continue;
        }
        let denied_everywhere = |p: &crate::policy::Policy| {
            p.statements.iter().any(|st| {
                st.effect == Effect::Deny
                    && names(st)
                    && st.conditions.is_empty()
                    && st.resource.as_ref().is_none_or(|r| !r.negated && r.patterns.iter().any(|p| p.is_any()))
            })
        };
        if policies.iter().any(|p| denied_everywhere(p)) || boundary.is_some_and(denied_everywhere) {
            continue;
        }
        if let Some(b) = boundary {
            if !b.statements.iter().any(|st| st.effect == Effect::Allow && names(st)) {
                continue;
            }
        }
        resources.sort();
        resources.dedup();
        out.push(Capability { action: a.full.clone(), level: a.level, resources, conditional });
    }
    Ok(out)
}
