//! KMS keys.

pub mod decrypt_all_keys;
pub mod deleted_key_in_use;
pub mod key_public;
pub mod rotation_disabled;

use mamori_model::services::KmsKey;
use mamori_model::Account;

pub(crate) fn key_arn(a: &Account, region: &str, k: &KmsKey) -> String {
    crate::arn::or(k.arn.as_ref(), || crate::arn::regional(a, "kms", region, &format!("key/{}", k.key_id)))
}

/// Customer managed: the key says so and carries no `alias/aws/...` alias
/// (those belong to AWS managed keys, whatever an emulator reports).
pub(crate) fn customer_managed(k: &KmsKey) -> bool {
    k.key_manager.as_deref() == Some("CUSTOMER") && !k.aliases.iter().any(|a| a.starts_with("alias/aws/"))
}
