//! KMS keys.

pub mod deleted_key_in_use;
pub mod rotation_disabled;

use mamori_model::services::KmsKey;
use mamori_model::Account;

pub(crate) fn key_arn(a: &Account, region: &str, k: &KmsKey) -> String {
    crate::arn::or(k.arn.as_ref(), || crate::arn::regional(a, "kms", region, &format!("key/{}", k.key_id)))
}
