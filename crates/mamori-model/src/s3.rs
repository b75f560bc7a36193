//! S3 buckets and their access, protection and logging settings.

use serde_json::Value;

use crate::{record, Tag, Time};

record! {
    pub struct Bucket {
        pub name: String,
        pub creation_date: Option<Time>,
        /// `GetBucketLocation`, normalized (`us-east-1` for an empty constraint).
        pub region: Option<String>,
        pub acl: Option<Acl>,
        /// `None` when the bucket has no policy (`NoSuchBucketPolicy`) or it was not collected.
        pub policy: Option<Value>,
        pub public_access_block: Option<PublicAccessBlock>,
        /// `GetBucketPolicyStatus` (`IsPublic`).
        pub policy_is_public: Option<bool>,
        pub encryption: Option<BucketEncryption>,
        pub versioning: Option<Versioning>,
        pub logging: Option<BucketLogging>,
        pub replication: Option<Replication>,
        pub object_lock: Option<ObjectLock>,
        pub ownership_controls: Option<String>,
        pub tags: Vec<Tag>,
    }
}

record! {
    pub struct Acl {
        pub owner: Option<Grantee>,
        pub grants: Vec<Grant>,
    }
}
record! { pub struct Grant { pub grantee: Option<Grantee>, pub permission: Option<String> } }
record! {
    pub struct Grantee {
        #[serde(rename = "Type")]
        pub grantee_type: Option<String>,
        #[serde(rename = "ID")]
        pub id: Option<String>,
        #[serde(rename = "URI")]
        pub uri: Option<String>,
        pub display_name: Option<String>,
        pub email_address: Option<String>,
    }
}

record! {
    pub struct PublicAccessBlock {
        pub block_public_acls: Option<bool>,
        pub ignore_public_acls: Option<bool>,
        pub block_public_policy: Option<bool>,
        pub restrict_public_buckets: Option<bool>,
    }
}

impl PublicAccessBlock {
    pub fn all_on(&self) -> bool {
        [self.block_public_acls, self.ignore_public_acls, self.block_public_policy, self.restrict_public_buckets]
            .iter()
            .all(|v| *v == Some(true))
    }
}

record! { pub struct BucketEncryption { pub rules: Vec<EncryptionRule> } }
record! {
    pub struct EncryptionRule {
        pub apply_server_side_encryption_by_default: Option<SseDefault>,
        pub bucket_key_enabled: Option<bool>,
    }
}
record! {
    pub struct SseDefault {
        #[serde(rename = "SSEAlgorithm")]
        pub sse_algorithm: Option<String>,
        #[serde(rename = "KMSMasterKeyID")]
        pub kms_master_key_id: Option<String>,
    }
}
record! {
    pub struct Versioning {
        /// `Enabled`, `Suspended`, or absent when never enabled.
        pub status: Option<String>,
        #[serde(rename = "MFADelete")]
        pub mfa_delete: Option<String>,
    }
}
record! { pub struct BucketLogging { pub logging_enabled: Option<LoggingEnabled> } }
record! { pub struct LoggingEnabled { pub target_bucket: Option<String>, pub target_prefix: Option<String> } }
record! { pub struct Replication { pub role: Option<String>, pub rules: Vec<ReplicationRule> } }
record! {
    pub struct ReplicationRule {
        #[serde(rename = "ID")]
        pub id: Option<String>,
        pub status: Option<String>,
        pub destination: Option<ReplicationDestination>,
    }
}
record! { pub struct ReplicationDestination { pub bucket: Option<String>, pub account: Option<String> } }
record! { pub struct ObjectLock { pub object_lock_enabled: Option<String>, pub rule: Option<Value> } }
