//! IAM: identities, credentials, permissions.

pub mod admin_without_mfa;
pub mod cloudshell_full_access;
pub mod console_user_without_mfa;
pub mod credentials_unused;
pub mod cross_account_trust_unguarded;
pub mod expired_server_certificate;
pub mod full_admin_policy;
pub mod instance_without_role;
pub mod key_from_user_setup_unused;
pub mod multiple_active_keys;
pub mod no_federation;
pub mod old_access_key;
pub mod password_policy_no_complexity;
pub mod password_policy_reuse;
pub mod password_policy_short;
pub mod policy_attached_to_user;
pub mod policy_defect;
pub mod privilege_escalation;
pub mod role_trusts_anyone;
pub mod role_unused;
pub mod root_access_key;
pub mod root_mfa_virtual;
pub mod root_without_mfa;
pub mod service_wide_grant;
pub mod shared_user;
pub mod unused_services;

use mamori_model::iam::{AccessKey, User};
use mamori_model::Time;

use crate::context::Cx;
use crate::finding::{At, Reason};

pub(crate) fn is_active(k: &AccessKey) -> bool {
    k.status.eq_ignore_ascii_case("Active")
}

/// When the key was last used, if ever.
pub(crate) fn key_last_used(k: &AccessKey) -> Option<Time> {
    k.last_used.as_ref().and_then(|u| u.last_used_date)
}

/// Whether the user's login profile (console password) was read.
pub(crate) fn login_read(cx: &Cx, at: At, u: &User) -> Result<(), Reason> {
    cx.res(at.account, "iam", "GetLoginProfile", &u.user_name)
}

/// Whether the user's access keys and their last use were read.
pub(crate) fn keys_read(cx: &Cx, at: At, u: &User) -> Result<(), Reason> {
    cx.res(at.account, "iam", "ListAccessKeys", &u.user_name)?;
    for k in u.access_keys.iter().filter(|k| is_active(k)) {
        cx.res(at.account, "iam", "GetAccessKeyLastUsed", &k.access_key_id)?;
    }
    Ok(())
}

/// The account's IAM inventory was read (`GetAccountAuthorizationDetails`).
pub(crate) fn details_read(cx: &Cx, at: At) -> Result<(), Reason> {
    cx.op(at, "iam", "GetAccountAuthorizationDetails")
}

/// The customer-written policies of an account (customer managed and
/// inline), from the IAM engine.
pub(crate) fn written_policies<'c>(cx: &'c Cx, a: &mamori_model::Account) -> impl Iterator<Item = &'c mamori_iam::account::StoredPolicy> {
    use mamori_iam::account::PolicyKind;
    let account = a.account_id.clone();
    cx.iam()
        .model
        .policies
        .iter()
        .filter(move |p| p.account == account && matches!(p.kind, PolicyKind::CustomerManaged | PolicyKind::Inline))
}

/// A policy that did not parse: the check cannot judge it.
pub(crate) fn unreadable(p: &mamori_iam::account::StoredPolicy) -> Reason {
    Reason {
        operation: "iam:GetPolicyVersion".to_string(),
        kind: "incomplete".to_string(),
        code: "MalformedPolicyDocument".to_string(),
        detail: p.error.clone().unwrap_or_default(),
    }
}

/// `Sid`/`#index` labels of the statements of `p` that satisfy `pred`.
pub(crate) fn statements_where(p: &mamori_iam::Policy, pred: impl Fn(&mamori_iam::Statement) -> bool) -> Vec<String> {
    p.statements.iter().filter(|st| pred(st)).map(|st| st.label()).collect()
}

/// The parsed customer-written policies of an account (attached ones only
/// with `attached_only`); one that does not parse gets an `unknown` finding
/// here, with the parse error or the failed read as the reason.
pub(crate) fn parsed_written_policies<'c>(
    cx: &'c Cx,
    a: &mamori_model::Account,
    out: &mut crate::finding::Out,
    attached_only: bool,
) -> Vec<(&'c mamori_iam::account::StoredPolicy, &'c mamori_iam::Policy)> {
    let at = Cx::global(a);
    let read = details_read(cx, at);
    let mut list = Vec::new();
    for p in written_policies(cx, a) {
        if attached_only && !p.attached {
            continue;
        }
        match &p.policy {
            Some(policy) => list.push((p, policy)),
            None => {
                out.unknown(at, &p.name, read.clone().err().unwrap_or_else(|| unreadable(p)));
            }
        }
    }
    list
}

/// The account's roles with their parsed trust policies; a trust policy
/// that does not parse gets an `unknown` finding here.
pub(crate) fn role_trusts<'c>(
    cx: &'c Cx,
    a: &mamori_model::Account,
    out: &mut crate::finding::Out,
) -> Vec<(&'c mamori_iam::account::Entity, &'c mamori_iam::Policy)> {
    let at = Cx::global(a);
    let read = details_read(cx, at);
    let model = &cx.iam().model;
    let mut list = Vec::new();
    for e in model.entities.iter().filter(|e| e.account == a.account_id && e.kind == mamori_iam::account::EntityKind::Role) {
        let Some(p) = e.trust.and_then(|t| model.policy(t)) else { continue };
        match &p.policy {
            Some(policy) => list.push((e, policy)),
            None => {
                out.unknown(at, &e.arn, read.clone().err().unwrap_or_else(|| unreadable(p)));
            }
        }
    }
    list
}
