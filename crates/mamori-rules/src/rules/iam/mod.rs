//! IAM: identities, credentials, permissions.

pub mod cloudshell_full_access;
pub mod console_user_without_mfa;
pub mod credentials_unused;
pub mod expired_server_certificate;
pub mod instance_without_role;
pub mod key_from_user_setup_unused;
pub mod multiple_active_keys;
pub mod no_federation;
pub mod old_access_key;
pub mod password_policy_no_complexity;
pub mod password_policy_reuse;
pub mod password_policy_short;
pub mod policy_attached_to_user;
pub mod role_unused;
pub mod root_access_key;
pub mod root_mfa_virtual;
pub mod root_without_mfa;
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
