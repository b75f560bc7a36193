//! S3: every bucket with its access, encryption, versioning, logging,
//! replication and lock settings, and the account's Block Public Access.

use aws_config::{Region as AwsRegion, SdkConfig};
use aws_sdk_s3::Client;
use mamori_model::s3::*;
use mamori_model::GLOBAL;

use crate::convert::{opt_time, policy_document, s, tag};
use crate::ctx::{Ctx, Got};

const SVC: &str = "s3";

/// An S3 client for `region`; path-style addressing when an endpoint
/// override (an emulator) is in effect.
pub fn client(config: &SdkConfig, region: &str) -> Client {
    let path_style = config.endpoint_url().is_some() || std::env::var_os("AWS_ENDPOINT_URL_S3").is_some();
    let conf = aws_sdk_s3::config::Builder::from(config).region(AwsRegion::new(region.to_string())).force_path_style(path_style).build();
    Client::from_conf(conf)
}

pub async fn collect(ctx: &Ctx, config: &SdkConfig, home: &str) -> (Vec<Bucket>, Option<PublicAccessBlock>) {
    let list_client = client(config, home);
    let account_pab = account_public_access_block(ctx, config, home);
    let list = ctx.call(GLOBAL, SVC, "ListBuckets", None, &[], list_client.list_buckets().send());
    let (account_pab, list) = futures::join!(account_pab, list);
    let Some(list) = list.value() else { return (Vec::new(), account_pab) };
    let buckets = futures::future::join_all(list.buckets().iter().map(|b| {
        let name = b.name().unwrap_or_default().to_string();
        let created = opt_time(b.creation_date());
        let list_client = &list_client;
        async move { bucket(ctx, config, list_client, name, created).await }
    }))
    .await;
    (buckets, account_pab)
}

async fn bucket(ctx: &Ctx, config: &SdkConfig, list_client: &Client, name: String, created: Option<mamori_model::Time>) -> Bucket {
    let n = name.as_str();
    let location = ctx.call(GLOBAL, SVC, "GetBucketLocation", Some(n), &[], list_client.get_bucket_location().bucket(n).send()).await;
    let region = location.value().map(|l| match l.location_constraint().map(|c| c.as_str()) {
        None | Some("") => "us-east-1".to_string(),
        Some("EU") => "eu-west-1".to_string(),
        Some(other) => other.to_string(),
    });
    let c = client(config, region.as_deref().unwrap_or("us-east-1"));
    let r = region.as_deref().unwrap_or(GLOBAL);
    let (acl, policy, pab, status, enc, ver, log, repl, lock, own, tags) = futures::join!(
        ctx.call(r, SVC, "GetBucketAcl", Some(n), &[], c.get_bucket_acl().bucket(n).send()),
        ctx.call(r, SVC, "GetBucketPolicy", Some(n), &["NoSuchBucketPolicy"], c.get_bucket_policy().bucket(n).send()),
        ctx.call(
            r,
            SVC,
            "GetPublicAccessBlock",
            Some(n),
            &["NoSuchPublicAccessBlockConfiguration"],
            c.get_public_access_block().bucket(n).send()
        ),
        ctx.call(r, SVC, "GetBucketPolicyStatus", Some(n), &["NoSuchBucketPolicy"], c.get_bucket_policy_status().bucket(n).send()),
        ctx.call(
            r,
            SVC,
            "GetBucketEncryption",
            Some(n),
            &["ServerSideEncryptionConfigurationNotFoundError"],
            c.get_bucket_encryption().bucket(n).send()
        ),
        ctx.call(r, SVC, "GetBucketVersioning", Some(n), &[], c.get_bucket_versioning().bucket(n).send()),
        ctx.call(r, SVC, "GetBucketLogging", Some(n), &[], c.get_bucket_logging().bucket(n).send()),
        ctx.call(
            r,
            SVC,
            "GetBucketReplication",
            Some(n),
            &["ReplicationConfigurationNotFoundError"],
            c.get_bucket_replication().bucket(n).send()
        ),
        ctx.call(
            r,
            SVC,
            "GetObjectLockConfiguration",
            Some(n),
            &["ObjectLockConfigurationNotFoundError"],
            c.get_object_lock_configuration().bucket(n).send()
        ),
        ctx.call(
            r,
            SVC,
            "GetBucketOwnershipControls",
            Some(n),
            &["OwnershipControlsNotFoundError"],
            c.get_bucket_ownership_controls().bucket(n).send()
        ),
        ctx.call(r, SVC, "GetBucketTagging", Some(n), &["NoSuchTagSet", "NoSuchTagSetError"], c.get_bucket_tagging().bucket(n).send()),
    );
    let grantee = |g: &aws_sdk_s3::types::Grantee| Grantee {
        grantee_type: Some(g.r#type().as_str().to_string()),
        id: s(g.id()),
        uri: s(g.uri()),
        display_name: s(g.display_name()),
        email_address: None,
    };
    let owner = |o: &aws_sdk_s3::types::Owner| Grantee {
        grantee_type: Some("CanonicalUser".into()),
        id: s(o.id()),
        display_name: s(o.display_name()),
        ..Grantee::default()
    };
    Bucket {
        name: name.clone(),
        creation_date: created,
        region: region.clone(),
        acl: acl.value().map(|a| Acl {
            owner: a.owner().map(owner),
            grants: a
                .grants()
                .iter()
                .map(|g| Grant { grantee: g.grantee().map(grantee), permission: g.permission().map(|p| p.as_str().to_string()) })
                .collect(),
        }),
        policy: policy.value().and_then(|p| p.policy().map(policy_document)),
        public_access_block: pab.value().and_then(|p| p.public_access_block_configuration().map(pab_model)),
        policy_is_public: status.value().and_then(|st| st.policy_status().and_then(|p| p.is_public())),
        encryption: enc.value().and_then(|e| {
            e.server_side_encryption_configuration().map(|c| BucketEncryption {
                rules: c
                    .rules()
                    .iter()
                    .map(|r| EncryptionRule {
                        apply_server_side_encryption_by_default: r.apply_server_side_encryption_by_default().map(|d| SseDefault {
                            sse_algorithm: Some(d.sse_algorithm().as_str().to_string()),
                            kms_master_key_id: s(d.kms_master_key_id()),
                        }),
                        bucket_key_enabled: r.bucket_key_enabled(),
                    })
                    .collect(),
            })
        }),
        versioning: ver.value().map(|v| Versioning {
            status: v.status().map(|x| x.as_str().to_string()),
            mfa_delete: v.mfa_delete().map(|x| x.as_str().to_string()),
        }),
        logging: log.value().map(|l| BucketLogging {
            logging_enabled: l.logging_enabled().map(|e| LoggingEnabled {
                target_bucket: Some(e.target_bucket().to_string()),
                target_prefix: Some(e.target_prefix().to_string()),
            }),
        }),
        replication: match repl {
            Got::Value(r) => r.replication_configuration().map(|c| Replication {
                role: Some(c.role().to_string()),
                rules: c
                    .rules()
                    .iter()
                    .map(|x| ReplicationRule {
                        id: s(x.id()),
                        status: Some(x.status().as_str().to_string()),
                        destination: x
                            .destination()
                            .map(|d| ReplicationDestination { bucket: Some(d.bucket().to_string()), account: s(d.account()) }),
                    })
                    .collect(),
            }),
            // No replication configured is a real answer: an empty record.
            Got::Absent => Some(Replication::default()),
            Got::Failed => None,
        },
        object_lock: match lock {
            Got::Value(l) => l.object_lock_configuration().map(|c| {
                ObjectLock {
                object_lock_enabled: c.object_lock_enabled().map(|x| x.as_str().to_string()),
                rule: c.rule().and_then(|r| r.default_retention()).map(|d| {
                    serde_json::json!({"DefaultRetention": {"Mode": d.mode().map(|m| m.as_str()), "Days": d.days(), "Years": d.years()}})
                }),
            }
            }),
            Got::Absent => Some(ObjectLock::default()),
            Got::Failed => None,
        },
        ownership_controls: own
            .value()
            .and_then(|o| o.ownership_controls().and_then(|c| c.rules().first().map(|r| r.object_ownership().as_str().to_string()))),
        tags: tags.value().map(|t| t.tag_set().iter().map(|t| tag(Some(t.key()), Some(t.value()))).collect()).unwrap_or_default(),
    }
}

fn pab_model(p: &aws_sdk_s3::types::PublicAccessBlockConfiguration) -> PublicAccessBlock {
    PublicAccessBlock {
        block_public_acls: p.block_public_acls(),
        ignore_public_acls: p.ignore_public_acls(),
        block_public_policy: p.block_public_policy(),
        restrict_public_buckets: p.restrict_public_buckets(),
    }
}

/// The account-level Block Public Access (`s3control`). `Some` with every
/// flag unset means "not configured", a real answer.
async fn account_public_access_block(ctx: &Ctx, config: &SdkConfig, home: &str) -> Option<PublicAccessBlock> {
    let mut conf = aws_sdk_s3control::config::Builder::from(config).region(AwsRegion::new(home.to_string()));
    if config.endpoint_url().is_some() || std::env::var_os("AWS_ENDPOINT_URL_S3_CONTROL").is_some() {
        // Against an emulator, keep the host as configured: the SDK would
        // otherwise prefix it with the account id (`123456789012.127.0.0.1`).
        conf = conf.interceptor(super::StripAccountHostPrefix { account: ctx.account.clone() });
    }
    let client = aws_sdk_s3control::Client::from_conf(conf.build());
    let got = ctx
        .call(
            GLOBAL,
            "s3control",
            "GetPublicAccessBlock",
            None,
            &["NoSuchPublicAccessBlockConfiguration"],
            client.get_public_access_block().account_id(&ctx.account).send(),
        )
        .await;
    match got {
        Got::Value(out) => out.public_access_block_configuration().map(|p| PublicAccessBlock {
            block_public_acls: p.block_public_acls(),
            ignore_public_acls: p.ignore_public_acls(),
            block_public_policy: p.block_public_policy(),
            restrict_public_buckets: p.restrict_public_buckets(),
        }),
        Got::Absent => Some(PublicAccessBlock::default()),
        Got::Failed => None,
    }
}
