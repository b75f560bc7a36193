//! S3: buckets' exposure, protection and logging.

pub mod access_logging_disabled;
pub mod block_public_access_off;
pub mod default_encryption_weak;
pub mod mfa_delete_disabled;
pub mod no_replication;
pub mod public_by_acl;
pub mod public_by_policy;
pub mod shared_with_other_account;
pub mod tls_not_required;
pub mod versioning_disabled;

use mamori_model::s3::Bucket;
use mamori_model::{Account, GLOBAL};

use crate::finding::{At, Reason};
use crate::Cx;

/// Where a bucket lives.
pub(crate) fn at<'a>(a: &'a Account, b: &'a Bucket) -> At<'a> {
    At { account: &a.account_id, region: b.region.as_deref().unwrap_or(GLOBAL) }
}

/// Whether `operation` was read for the bucket.
pub(crate) fn read(cx: &Cx, a: &Account, b: &Bucket, operation: &str) -> Result<(), Reason> {
    cx.res(&a.account_id, "s3", operation, &b.name)
}

/// Buckets in scope: their region must be in scope.
pub(crate) fn buckets<'c, 'a: 'c>(cx: &'c Cx<'a>, a: &'a Account) -> impl Iterator<Item = &'a Bucket> + 'c {
    a.buckets.iter().filter(|b| cx.config.region_in_scope(b.region.as_deref().unwrap_or(GLOBAL)))
}
