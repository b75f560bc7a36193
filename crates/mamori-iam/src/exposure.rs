//! Who outside the account a resource-based policy lets in (IAM Access
//! Analyzer's question): anyone (public), named other accounts, or anyone
//! but only under a condition that pins the caller down.
//!
//! A condition restricts when it fixes who the caller is or where it comes
//! from with a positive operator on a key the caller cannot choose freely:
//! the organization, account, principal ARN, source VPC or endpoint, source
//! IP range, source ARN or account (for services), `kms:CallerAccount`. A
//! `Deny` whose conditions negate such keys (`StringNotEquals
//! aws:PrincipalOrgID`) restricts every grant it covers. Conditions on
//! anything else (`aws:SecureTransport`, `s3:x-amz-acl`, `sts:ExternalId`)
//! are satisfiable by anyone and leave a grant public.

use crate::condition::{CondValue, Condition, Op};
use crate::pattern::Token;
use crate::policy::{Effect, Policy, PrincipalKind, Statement};

/// Keys that pin the caller down, lowercased.
const RESTRICTING: &[&str] = &[
    "aws:principalorgid",
    "aws:principalorgpaths",
    "aws:principalaccount",
    "aws:principalarn",
    "aws:userid",
    "aws:sourceaccount",
    "aws:sourceowner",
    "aws:sourcearn",
    "aws:sourcevpc",
    "aws:sourcevpce",
    "aws:sourceip",
    "aws:vpcsourceip",
    "aws:sourceorgid",
    "aws:sourceorgpaths",
    "kms:calleraccount",
    "aws:resourceorgid",
];

/// How far a grant reaches.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Reach {
    /// Anyone, including anonymous callers or any AWS account.
    Public,
    /// Named accounts other than the owner (or principals in them).
    CrossAccount(Vec<String>),
    /// Anyone or other accounts, but only under the listed restrictions.
    Restricted(Vec<String>),
    /// Only the owner's account or AWS services acting for it.
    Internal,
}

/// One `Allow` statement's reach.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Grant {
    /// `Sid` or `#index`.
    pub statement: String,
    pub reach: Reach,
    /// The actions as written.
    pub actions: Vec<String>,
    /// Principals as written (`*`, account IDs, ARNs, `Federated:…`).
    pub principals: Vec<String>,
    /// Other accounts named, restricted or not.
    pub accounts: Vec<String>,
}

/// The exposure a policy creates.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Exposure {
    pub grants: Vec<Grant>,
}

impl Exposure {
    pub fn public(&self) -> impl Iterator<Item = &Grant> {
        self.grants.iter().filter(|g| g.reach == Reach::Public)
    }

    pub fn is_public(&self) -> bool {
        self.public().next().is_some()
    }

    /// Other accounts the policy names in a grant that reaches outside.
    pub fn external_accounts(&self) -> Vec<String> {
        let mut out: Vec<String> =
            self.grants.iter().filter(|g| g.reach != Reach::Internal).flat_map(|g| g.accounts.iter().cloned()).collect();
        out.sort();
        out.dedup();
        out
    }

    pub fn restricted(&self) -> impl Iterator<Item = &Grant> {
        self.grants.iter().filter(|g| matches!(g.reach, Reach::Restricted(_)))
    }
}

/// The account a principal string belongs to (`123456789012` or an ARN's).
fn account_of(value: &str) -> Option<&str> {
    if value.len() == 12 && value.bytes().all(|b| b.is_ascii_digit()) {
        return Some(value);
    }
    value.split(':').nth(4).filter(|a| !a.is_empty())
}

/// The restrictions one condition places on the caller, if any.
fn restriction(c: &Condition, owner: &str) -> Option<(String, bool)> {
    if !RESTRICTING.contains(&c.key.as_str()) || c.op.is_negated() || c.op == Op::Null {
        return None;
    }
    let mut values = Vec::new();
    for v in &c.values {
        match v {
            CondValue::Text(p) => {
                // A pattern that is only wildcards pins nothing down.
                if p.tokens().iter().all(|t| matches!(t, Token::Star | Token::One)) {
                    return None;
                }
                values.push(p.source.clone());
            }
            CondValue::Cidr(Some(net)) => {
                if net.is_everything() {
                    return None;
                }
                values.push(format!("{}/{}", net.addr, net.prefix));
            }
            _ => return None,
        }
    }
    let only_owner = matches!(c.key.as_str(), "aws:principalaccount" | "aws:sourceaccount" | "kms:calleraccount" | "aws:sourceowner")
        && values.iter().all(|v| v == owner);
    Some((format!("{} {} {}", c.key_written, c.op.name(), values.join(", ")), only_owner))
}

/// Restrictions a `Deny` applies to everyone it covers: a statement for
/// every principal whose conditions are all negated restricting keys.
fn deny_guards(policy: &Policy) -> Vec<(&Statement, Vec<String>)> {
    policy
        .statements
        .iter()
        .filter(|st| st.effect == Effect::Deny)
        .filter(|st| st.principal.as_ref().is_none_or(|p| p.any || p.negated))
        .filter_map(|st| {
            if st.conditions.is_empty() {
                return None;
            }
            let mut out = Vec::new();
            for c in &st.conditions {
                if !RESTRICTING.contains(&c.key.as_str()) || !(c.op.is_negated() || c.if_exists) {
                    return None;
                }
                let values: Vec<String> = c
                    .values
                    .iter()
                    .map(|v| match v {
                        CondValue::Text(p) => p.source.clone(),
                        CondValue::Cidr(Some(n)) => format!("{}/{}", n.addr, n.prefix),
                        CondValue::Raw(r) => r.clone(),
                        other => format!("{other:?}"),
                    })
                    .collect();
                out.push(format!("{} must be {} (deny {})", c.key_written, values.join(", "), st.label()));
            }
            Some((st, out))
        })
        .collect()
}

/// Whether a deny statement covers every action of a grant (conservative:
/// only `*` and exact service wildcards count).
fn covers(deny: &Statement, grant: &Statement) -> bool {
    let (Some(d), Some(g)) = (&deny.action, &grant.action) else { return false };
    if d.negated {
        return false;
    }
    let cx = crate::context::Context::default();
    g.patterns.iter().all(|ga| d.patterns.iter().any(|da| da.is_any() || (!g.negated && da.matches(&ga.source.to_ascii_lowercase(), &cx))))
}

/// The reach of every `Allow` statement of a resource-based policy owned by `owner`.
pub fn analyze(policy: &Policy, owner: &str) -> Exposure {
    let guards = deny_guards(policy);
    let mut grants = Vec::new();
    for st in policy.statements.iter().filter(|st| st.effect == Effect::Allow) {
        let Some(pr) = &st.principal else { continue };
        let actions: Vec<String> = st.action.as_ref().map(|a| a.patterns.iter().map(|p| p.source.clone()).collect()).unwrap_or_default();
        let mut principals = Vec::new();
        let mut anyone = pr.any || pr.negated;
        let mut accounts: Vec<String> = Vec::new();
        if pr.any {
            principals.push("*".to_string());
        }
        for e in &pr.entries {
            match e.kind {
                PrincipalKind::Aws => {
                    principals.push(e.value.clone());
                    match account_of(&e.value) {
                        Some(a) if a != owner => accounts.push(a.to_string()),
                        Some(_) => {}
                        None => anyone = true,
                    }
                }
                PrincipalKind::Federated => {
                    principals.push(format!("Federated:{}", e.value));
                    // A federated principal with no condition on the token
                    // (audience, subject) lets any identity of the provider in.
                    let pinned = st.conditions.iter().any(|c| !c.op.is_negated() && c.key.contains(':') && !c.key.starts_with("aws:"));
                    if !pinned {
                        anyone = true;
                    }
                }
                PrincipalKind::Service => principals.push(format!("Service:{}", e.value)),
                PrincipalKind::CanonicalUser => {
                    principals.push(format!("CanonicalUser:{}", e.value));
                    accounts.push(format!("canonical:{}", e.value));
                }
            }
        }
        if pr.negated {
            principals.insert(0, "NotPrincipal".to_string());
        }
        let mut restrictions = Vec::new();
        let mut owner_only = false;
        for c in &st.conditions {
            if let Some((text, only_owner)) = restriction(c, owner) {
                restrictions.push(text);
                owner_only |= only_owner;
            }
        }
        for (deny, texts) in &guards {
            if covers(deny, st) {
                restrictions.extend(texts.iter().cloned());
            }
        }
        accounts.sort();
        accounts.dedup();
        let reach = if owner_only || (!anyone && accounts.is_empty()) {
            Reach::Internal
        } else if !restrictions.is_empty() {
            Reach::Restricted(restrictions)
        } else if anyone {
            Reach::Public
        } else {
            Reach::CrossAccount(accounts.clone())
        };
        grants.push(Grant { statement: st.label(), reach, actions, principals, accounts });
    }
    Exposure { grants }
}
