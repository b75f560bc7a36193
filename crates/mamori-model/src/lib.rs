//! mamori's typed inventory of an AWS account, and the snapshot file format.
//!
//! A [`Snapshot`] is everything a collection read (or an import found), plus
//! the [`Coverage`] of what it could not read. Every engine reads snapshots;
//! none of them talks to AWS. The format is documented in `docs/snapshot.md`.
//!
//! Records keep the AWS API's own field names (PascalCase), so the output of
//! `aws <service> describe-...` deserializes into them unchanged; mamori's own
//! envelope uses snake_case.

pub mod coverage;
pub mod ec2;
pub mod iam;
mod record;
pub mod s3;
pub mod secrets;
pub mod services;
mod snapshot_file;
mod time;
pub mod wildcard;

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_with::skip_serializing_none;

pub use coverage::{Coverage, CoverageError, ErrorKind, OpStatus, OperationTally};
pub use snapshot_file::{LoadError, SaveError};
pub use time::Time;

/// The `format` field of every snapshot.
pub const FORMAT: &str = "mamori-snapshot";
/// The schema version this build reads and writes.
pub const SCHEMA_VERSION: u32 = 1;
/// The pseudo-region of global services (IAM, Organizations, CloudFront, ...).
pub const GLOBAL: &str = "global";

/// An AWS tag.
#[derive(Clone, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct Tag {
    pub key: String,
    pub value: String,
}

pub(crate) fn sort_tags(tags: &mut [Tag]) {
    tags.sort();
}

/// Everything one collection or import produced.
#[skip_serializing_none]
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Snapshot {
    /// Always [`FORMAT`].
    pub format: String,
    pub schema_version: u32,
    /// The mamori version that wrote the file.
    pub mamori_version: String,
    pub source: Source,
    pub started_at: Time,
    pub finished_at: Time,
    /// Regions that were collected.
    pub regions: Vec<String>,
    /// Regions that were asked for but skipped, with the reason.
    #[serde(default)]
    pub skipped_regions: Vec<SkippedRegion>,
    pub accounts: Vec<Account>,
    #[serde(default)]
    pub coverage: Coverage,
}

/// Where the data came from.
#[skip_serializing_none]
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Source {
    /// `aws-sdk` (collected live), `aws-cli-import` or `demo`.
    pub kind: String,
    /// Set when an endpoint override (`AWS_ENDPOINT_URL`) was in effect,
    /// so a report can say the data came from an emulator.
    pub endpoint_override: Option<String>,
    /// The identity that collected (`GetCallerIdentity` ARN).
    pub caller_arn: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SkippedRegion {
    pub region: String,
    pub reason: String,
}

/// One AWS account's configuration.
#[skip_serializing_none]
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Account {
    pub account_id: String,
    /// `aws`, `aws-cn`, `aws-us-gov`.
    pub partition: String,
    /// `GetAlternateContact`, keyed by type (`SECURITY`, `BILLING`, `OPERATIONS`).
    pub alternate_contacts: BTreeMap<String, services::AlternateContact>,
    /// `DescribeOrganization`; `None` when the account is in no organization.
    pub organization: Option<services::Organization>,
    pub iam: iam::Iam,
    /// The account-level S3 Block Public Access (`s3control`).
    pub s3_public_access_block: Option<s3::PublicAccessBlock>,
    pub buckets: Vec<s3::Bucket>,
    pub cloudfront_distributions: Vec<services::Distribution>,
    /// WAFv2 web ACLs of scope `CLOUDFRONT`.
    pub cloudfront_web_acls: Vec<services::WebAcl>,
    pub regions: BTreeMap<String, Region>,
}

/// The regional services of one account in one region.
#[skip_serializing_none]
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Region {
    pub ec2: ec2::Ec2,
    pub access_analyzers: Vec<services::Analyzer>,
    pub kms_keys: Vec<services::KmsKey>,
    pub trails: Vec<services::Trail>,
    pub log_groups: Vec<services::LogGroup>,
    pub metric_alarms: Vec<services::MetricAlarm>,
    pub sns_topics: Vec<services::Topic>,
    pub config_recorders: Vec<services::ConfigRecorder>,
    pub guardduty_detectors: Vec<services::GuardDutyDetector>,
    /// `None` when Security Hub is not enabled (or not collected; see coverage).
    pub security_hub: Option<services::SecurityHub>,
    pub db_instances: Vec<services::DbInstance>,
    pub db_snapshots: Vec<services::DbSnapshot>,
    pub db_parameter_groups: Vec<services::DbParameterGroup>,
    pub db_clusters: Vec<services::DbCluster>,
    /// Cluster parameter groups in use, with their TLS parameters.
    pub db_cluster_parameter_groups: Vec<services::DbParameterGroup>,
    pub dynamodb_tables: Vec<services::DynamoTable>,
    pub glacier_vaults: Vec<services::GlacierVault>,
    pub emr_clusters: Vec<services::EmrCluster>,
    pub emr_security_configurations: Vec<services::EmrSecurityConfiguration>,
    pub emr_block_public_access: Option<services::EmrBlockPublicAccess>,
    pub efs_file_systems: Vec<services::FileSystem>,
    pub classic_load_balancers: Vec<services::ClassicLoadBalancer>,
    pub load_balancers: Vec<services::LoadBalancer>,
    pub target_groups: Vec<services::TargetGroup>,
    /// ELBv2 SSL policies referenced by listeners.
    pub ssl_policies: Vec<services::SslPolicy>,
    pub certificates: Vec<services::Certificate>,
    /// WAFv2 web ACLs of scope `REGIONAL`.
    pub web_acls: Vec<services::WebAcl>,
    pub managed_instances: Vec<services::ManagedInstance>,
}

impl Snapshot {
    /// An empty snapshot with the current format and version.
    pub fn new(source: Source, started_at: Time) -> Self {
        Snapshot {
            format: FORMAT.to_string(),
            schema_version: SCHEMA_VERSION,
            mamori_version: env!("CARGO_PKG_VERSION").to_string(),
            source,
            started_at,
            finished_at: started_at,
            regions: Vec::new(),
            skipped_regions: Vec::new(),
            accounts: Vec::new(),
            coverage: Coverage::default(),
        }
    }

    /// Puts every list in a canonical order: the same account gives the
    /// same bytes.
    pub fn normalize(&mut self) {
        self.regions.sort();
        self.regions.dedup();
        self.skipped_regions.sort_by(|a, b| a.region.cmp(&b.region));
        self.accounts.sort_by(|a, b| a.account_id.cmp(&b.account_id));
        for account in &mut self.accounts {
            account.normalize();
        }
        self.coverage.normalize();
    }

    /// Resource counts by kind, summed over accounts and regions, for summaries.
    pub fn counts(&self) -> BTreeMap<&'static str, usize> {
        let mut counts = BTreeMap::new();
        let mut add = |name: &'static str, n: usize| *counts.entry(name).or_insert(0) += n;
        for a in &self.accounts {
            add("iam users", a.iam.users.len());
            add("iam groups", a.iam.groups.len());
            add("iam roles", a.iam.roles.len());
            add("iam policies", a.iam.policies.len());
            add("s3 buckets", a.buckets.len());
            add("cloudfront distributions", a.cloudfront_distributions.len());
            for r in a.regions.values() {
                add("ec2 instances", r.ec2.instances.len());
                add("ec2 security groups", r.ec2.security_groups.len());
                add("ec2 network acls", r.ec2.network_acls.len());
                add("ec2 route tables", r.ec2.route_tables.len());
                add("ec2 network interfaces", r.ec2.network_interfaces.len());
                add("ec2 subnets", r.ec2.subnets.len());
                add("ec2 vpcs", r.ec2.vpcs.len());
                add("ec2 volumes", r.ec2.volumes.len());
                add("ec2 snapshots", r.ec2.snapshots.len());
                add("ec2 images", r.ec2.images.len());
                add("kms keys", r.kms_keys.len());
                add("cloudtrail trails", r.trails.len());
                add("logs log groups", r.log_groups.len());
                add("cloudwatch alarms", r.metric_alarms.len());
                add("sns topics", r.sns_topics.len());
                add("rds instances", r.db_instances.len());
                add("rds snapshots", r.db_snapshots.len());
                add("rds clusters", r.db_clusters.len());
                add("dynamodb tables", r.dynamodb_tables.len());
                add("elb load balancers", r.load_balancers.len() + r.classic_load_balancers.len());
                add("efs file systems", r.efs_file_systems.len());
                add("acm certificates", r.certificates.len());
            }
        }
        counts.retain(|_, n| *n > 0);
        counts
    }
}

impl Account {
    pub fn normalize(&mut self) {
        self.iam.normalize();
        self.buckets.sort_by(|a, b| a.name.cmp(&b.name));
        for b in &mut self.buckets {
            sort_tags(&mut b.tags);
        }
        self.cloudfront_distributions.sort_by(|a, b| a.id.cmp(&b.id));
        self.cloudfront_web_acls.sort_by(|a, b| a.name.cmp(&b.name));
        for region in self.regions.values_mut() {
            region.normalize();
        }
    }
}

impl Region {
    pub fn normalize(&mut self) {
        self.ec2.normalize();
        self.access_analyzers.sort_by(|a, b| a.name.cmp(&b.name));
        self.kms_keys.sort_by(|a, b| a.key_id.cmp(&b.key_id));
        for k in &mut self.kms_keys {
            k.aliases.sort();
            sort_tags(&mut k.tags);
        }
        self.trails.sort_by(|a, b| a.name.cmp(&b.name));
        self.log_groups.sort_by(|a, b| a.log_group_name.cmp(&b.log_group_name));
        for g in &mut self.log_groups {
            g.metric_filters.sort_by(|a, b| a.filter_name.cmp(&b.filter_name));
        }
        self.metric_alarms.sort_by(|a, b| a.alarm_name.cmp(&b.alarm_name));
        self.sns_topics.sort_by(|a, b| a.topic_arn.cmp(&b.topic_arn));
        for t in &mut self.sns_topics {
            t.subscriptions.sort_by(|a, b| a.subscription_arn.cmp(&b.subscription_arn));
        }
        self.config_recorders.sort_by(|a, b| a.name.cmp(&b.name));
        self.guardduty_detectors.sort_by(|a, b| a.detector_id.cmp(&b.detector_id));
        self.db_instances.sort_by(|a, b| a.db_instance_identifier.cmp(&b.db_instance_identifier));
        self.db_snapshots.sort_by(|a, b| a.db_snapshot_identifier.cmp(&b.db_snapshot_identifier));
        self.db_parameter_groups.sort_by(|a, b| a.db_parameter_group_name.cmp(&b.db_parameter_group_name));
        self.db_clusters.sort_by(|a, b| a.db_cluster_identifier.cmp(&b.db_cluster_identifier));
        for c in &mut self.db_clusters {
            c.db_cluster_members.sort();
        }
        self.db_cluster_parameter_groups.sort_by(|a, b| a.db_parameter_group_name.cmp(&b.db_parameter_group_name));
        self.dynamodb_tables.sort_by(|a, b| a.table_name.cmp(&b.table_name));
        self.glacier_vaults.sort_by(|a, b| a.vault_name.cmp(&b.vault_name));
        self.emr_clusters.sort_by(|a, b| a.id.cmp(&b.id));
        self.emr_security_configurations.sort_by(|a, b| a.name.cmp(&b.name));
        self.efs_file_systems.sort_by(|a, b| a.file_system_id.cmp(&b.file_system_id));
        self.classic_load_balancers.sort_by(|a, b| a.load_balancer_name.cmp(&b.load_balancer_name));
        self.load_balancers.sort_by(|a, b| a.load_balancer_arn.cmp(&b.load_balancer_arn));
        for lb in &mut self.load_balancers {
            lb.listeners.sort_by(|a, b| a.listener_arn.cmp(&b.listener_arn));
        }
        self.target_groups.sort_by(|a, b| a.target_group_arn.cmp(&b.target_group_arn));
        for tg in &mut self.target_groups {
            tg.targets.sort_by(|a, b| (&a.id, a.port).cmp(&(&b.id, b.port)));
        }
        self.ssl_policies.sort_by(|a, b| a.name.cmp(&b.name));
        self.certificates.sort_by(|a, b| a.certificate_arn.cmp(&b.certificate_arn));
        self.web_acls.sort_by(|a, b| a.name.cmp(&b.name));
        self.managed_instances.sort_by(|a, b| a.instance_id.cmp(&b.instance_id));
    }
}
