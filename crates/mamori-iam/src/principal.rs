//! The principal that makes a request, and how a policy's `Principal`
//! element names it.

use crate::context::Context;
use crate::policy::{PrincipalKind, Principals};

/// Who makes a request.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Principal {
    pub kind: Kind,
    /// The ARN AWS authenticates: `arn:aws:iam::1:user/alice`,
    /// `arn:aws:sts::1:assumed-role/Name/session`, `arn:aws:iam::1:root`;
    /// the service name for a service; empty for anonymous.
    pub arn: String,
    /// The principal's account; `None` for services and anonymous callers.
    pub account: Option<String>,
    /// For a role session: the role's ARN (with its path).
    pub role_arn: Option<String>,
    /// For a web-identity or SAML session: the identity provider.
    pub federated: Option<String>,
    /// Whether a permissions boundary is attached (matters for `NotPrincipal`).
    pub has_boundary: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Root,
    User,
    /// An assumed-role session.
    RoleSession,
    /// A `GetFederationToken` session.
    FederatedUser,
    Service,
    Anonymous,
}

/// How an `Allow` statement's `Principal` named the caller: this decides
/// whether the resource policy grants by itself or delegates to the account.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Named {
    /// The account (`arn:aws:iam::1:root` or `1`): delegation to the
    /// account's own IAM policies.
    Account,
    /// The role ARN of a role session: added to the role's identity
    /// permissions, so still limited by its boundary and session policy.
    Role,
    /// The caller itself (user, session, service, `*`).
    Direct,
}

impl Principal {
    pub fn user(account: &str, arn: &str) -> Principal {
        Principal::new(Kind::User, arn, Some(account))
    }

    pub fn root(account: &str, partition: &str) -> Principal {
        Principal::new(Kind::Root, &format!("arn:{partition}:iam::{account}:root"), Some(account))
    }

    /// A session of `role_arn` named `session`.
    pub fn role_session(role_arn: &str, session: &str) -> Principal {
        let parts: Vec<&str> = role_arn.splitn(6, ':').collect();
        let partition = parts.get(1).copied().unwrap_or("aws");
        let account = parts.get(4).copied().unwrap_or_default();
        let name = role_arn.rsplit('/').next().unwrap_or_default();
        let mut p =
            Principal::new(Kind::RoleSession, &format!("arn:{partition}:sts::{account}:assumed-role/{name}/{session}"), Some(account));
        p.role_arn = Some(role_arn.to_string());
        p
    }

    pub fn service(name: &str) -> Principal {
        Principal::new(Kind::Service, name, None)
    }

    pub fn anonymous() -> Principal {
        Principal::new(Kind::Anonymous, "", None)
    }

    /// Reads an ARN: user, role (a session named `mamori` is assumed),
    /// assumed-role session, federated user, root, account ID, a service
    /// name (`ec2.amazonaws.com`), or `*`/`anonymous`.
    pub fn from_arn(text: &str) -> Option<Principal> {
        let t = text.trim();
        if t == "*" || t.eq_ignore_ascii_case("anonymous") {
            return Some(Principal::anonymous());
        }
        if t.len() == 12 && t.bytes().all(|b| b.is_ascii_digit()) {
            return Some(Principal::root(t, "aws"));
        }
        if !t.starts_with("arn:") {
            return t.ends_with(".amazonaws.com").then(|| Principal::service(t));
        }
        let parts: Vec<&str> = t.splitn(6, ':').collect();
        let (partition, service, account, resource) = match parts.as_slice() {
            [_, p, s, _, a, r] => (*p, *s, *a, *r),
            _ => return None,
        };
        match (service, resource) {
            ("iam", "root") => Some(Principal::root(account, partition)),
            ("iam", r) if r.starts_with("user/") => Some(Principal::user(account, t)),
            ("iam", r) if r.starts_with("role/") => Some(Principal::role_session(t, "mamori")),
            ("sts", r) if r.starts_with("assumed-role/") => {
                let mut rest = r.trim_start_matches("assumed-role/").splitn(2, '/');
                let role = rest.next().unwrap_or_default();
                let mut p = Principal::new(Kind::RoleSession, t, Some(account));
                p.role_arn = Some(format!("arn:{partition}:iam::{account}:role/{role}"));
                Some(p)
            }
            ("sts", r) if r.starts_with("federated-user/") => Some(Principal::new(Kind::FederatedUser, t, Some(account))),
            _ => None,
        }
    }

    fn new(kind: Kind, arn: &str, account: Option<&str>) -> Principal {
        Principal { kind, arn: arn.to_string(), account: account.map(str::to_string), role_arn: None, federated: None, has_boundary: false }
    }

    /// The account root ARN of the principal's account.
    fn account_arn(&self) -> Option<String> {
        let account = self.account.as_deref()?;
        let partition = self.arn.split(':').nth(1).unwrap_or("aws");
        Some(format!("arn:{partition}:iam::{account}:root"))
    }

    /// The global condition keys AWS sets for this principal.
    pub fn context(&self) -> Context {
        let mut cx = Context::new();
        if self.kind == Kind::Anonymous {
            return cx;
        }
        if self.kind == Kind::Service {
            cx.set("aws:PrincipalServiceName", self.arn.clone());
            cx.set("aws:PrincipalIsAWSService", "true");
            return cx;
        }
        cx.set("aws:PrincipalIsAWSService", "false");
        let arn = self.role_arn.as_deref().unwrap_or(&self.arn);
        cx.set("aws:PrincipalArn", arn);
        if let Some(a) = &self.account {
            cx.set("aws:PrincipalAccount", a.clone());
        }
        let kind = match self.kind {
            Kind::Root => "Account",
            Kind::User => "User",
            Kind::RoleSession => "AssumedRole",
            Kind::FederatedUser => "FederatedUser",
            Kind::Service | Kind::Anonymous => "",
        };
        cx.set("aws:PrincipalType", kind);
        if self.kind == Kind::User {
            if let Some(name) = self.arn.rsplit('/').next() {
                cx.set("aws:username", name);
            }
        }
        cx
    }

    /// How `principals` (an `Allow` statement's `Principal`) names this
    /// caller, if at all.
    pub fn named_by(&self, principals: &Principals) -> Option<Named> {
        if principals.any {
            return Some(Named::Direct);
        }
        let account_arn = self.account_arn();
        let mut best = None;
        for e in &principals.entries {
            let named = match e.kind {
                PrincipalKind::Aws => {
                    if self.kind == Kind::Anonymous || self.kind == Kind::Service {
                        None
                    } else if e.value == self.arn {
                        Some(Named::Direct)
                    } else if Some(&e.value) == self.account.as_ref() || Some(&e.value) == account_arn.as_ref() {
                        if self.kind == Kind::Root {
                            Some(Named::Direct)
                        } else {
                            Some(Named::Account)
                        }
                    } else if self.role_arn.as_deref() == Some(e.value.as_str()) {
                        Some(Named::Role)
                    } else {
                        None
                    }
                }
                PrincipalKind::Service => (self.kind == Kind::Service && e.value == self.arn).then_some(Named::Direct),
                PrincipalKind::Federated => (self.federated.as_deref() == Some(e.value.as_str())
                    || (self.kind == Kind::FederatedUser && e.value == self.arn))
                    .then_some(Named::Direct),
                PrincipalKind::CanonicalUser => None,
            };
            best = best.max(named);
        }
        best
    }

    /// Whether a `Deny` statement's `Principal`/`NotPrincipal` applies to
    /// this caller. A `Principal` naming the account applies to everyone in
    /// it. `NotPrincipal` spares a caller only when both its account and
    /// itself (or, for a session, its role) are listed, as AWS checks the
    /// account first; it never spares a caller with a permissions boundary.
    pub fn denied_by(&self, principals: &Principals) -> bool {
        if !principals.negated {
            return self.named_by(principals).is_some();
        }
        if principals.any {
            return false;
        }
        if self.has_boundary && matches!(self.kind, Kind::User | Kind::RoleSession) {
            return true;
        }
        let listed = |v: &str| principals.entries.iter().any(|e| e.value == v);
        match self.kind {
            Kind::Anonymous => true,
            Kind::Service => !principals.entries.iter().any(|e| e.kind == PrincipalKind::Service && e.value == self.arn),
            Kind::Root => {
                let account_listed = self.account.as_deref().is_some_and(listed) || listed(&self.arn);
                !account_listed
            }
            Kind::User | Kind::RoleSession | Kind::FederatedUser => {
                let account_listed = self.account.as_deref().is_some_and(listed) || self.account_arn().as_deref().is_some_and(listed);
                let self_listed = listed(&self.arn) || self.role_arn.as_deref().is_some_and(listed);
                !(account_listed && self_listed)
            }
        }
    }
}
