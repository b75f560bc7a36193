//! The other services the control catalog reads: account governance, KMS,
//! logging and monitoring, databases, storage, load balancing, edge,
//! certificates, WAF and Systems Manager. Field names follow each API.

use std::collections::BTreeMap;

use serde_json::Value;

use crate::{record, Tag, Time};

record! {
    pub struct AlternateContact {
        pub alternate_contact_type: Option<String>,
        pub name: Option<String>,
        pub title: Option<String>,
        pub email_address: Option<String>,
        pub phone_number: Option<String>,
    }
}

record! {
    pub struct Organization {
        pub id: Option<String>,
        pub arn: Option<String>,
        pub master_account_id: Option<String>,
        pub feature_set: Option<String>,
    }
}

record! {
    pub struct Analyzer {
        pub name: String,
        pub arn: Option<String>,
        #[serde(rename = "Type")]
        pub analyzer_type: Option<String>,
        pub status: Option<String>,
        pub created_at: Option<Time>,
    }
}

record! {
    pub struct KmsKey {
        pub key_id: String,
        pub arn: Option<String>,
        pub description: Option<String>,
        pub key_manager: Option<String>,
        pub key_state: Option<String>,
        pub key_spec: Option<String>,
        pub key_usage: Option<String>,
        pub origin: Option<String>,
        pub enabled: Option<bool>,
        pub creation_date: Option<Time>,
        pub deletion_date: Option<Time>,
        pub multi_region: Option<bool>,
        /// `GetKeyRotationStatus`; `None` when not applicable or not collected.
        pub key_rotation_enabled: Option<bool>,
        /// The `default` key policy, decoded.
        pub policy: Option<Value>,
        pub aliases: Vec<String>,
        pub tags: Vec<Tag>,
    }
}

record! {
    pub struct Trail {
        pub name: String,
        pub trail_arn: Option<String>,
        pub home_region: Option<String>,
        pub is_multi_region_trail: Option<bool>,
        pub is_organization_trail: Option<bool>,
        pub include_global_service_events: Option<bool>,
        pub log_file_validation_enabled: Option<bool>,
        pub s3_bucket_name: Option<String>,
        pub s3_key_prefix: Option<String>,
        pub kms_key_id: Option<String>,
        pub cloud_watch_logs_log_group_arn: Option<String>,
        pub cloud_watch_logs_role_arn: Option<String>,
        pub sns_topic_arn: Option<String>,
        /// mamori: `GetTrailStatus`.
        pub status: Option<TrailStatus>,
        /// mamori: `GetEventSelectors` (classic and advanced, as returned).
        pub event_selectors: Option<Value>,
    }
}
record! {
    pub struct TrailStatus {
        pub is_logging: Option<bool>,
        pub latest_delivery_time: Option<Time>,
        pub latest_delivery_error: Option<String>,
        pub latest_cloud_watch_logs_delivery_time: Option<Time>,
    }
}

record! {
    pub struct LogGroup {
        pub log_group_name: String,
        pub arn: Option<String>,
        pub retention_in_days: Option<i32>,
        pub kms_key_id: Option<String>,
        pub creation_time: Option<Time>,
        pub metric_filters: Vec<MetricFilter>,
    }
}
record! {
    pub struct MetricFilter {
        pub filter_name: String,
        pub filter_pattern: Option<String>,
        pub log_group_name: Option<String>,
        pub metric_transformations: Vec<MetricTransformation>,
    }
}
record! { pub struct MetricTransformation { pub metric_name: Option<String>, pub metric_namespace: Option<String>, pub metric_value: Option<String> } }

record! {
    pub struct MetricAlarm {
        pub alarm_name: String,
        pub alarm_arn: Option<String>,
        pub metric_name: Option<String>,
        pub namespace: Option<String>,
        pub statistic: Option<String>,
        pub comparison_operator: Option<String>,
        pub threshold: Option<f64>,
        pub period: Option<i32>,
        pub evaluation_periods: Option<i32>,
        pub actions_enabled: Option<bool>,
        pub alarm_actions: Vec<String>,
        pub state_value: Option<String>,
        pub dimensions: Vec<Dimension>,
    }
}
record! { pub struct Dimension { pub name: Option<String>, pub value: Option<String> } }

record! {
    pub struct Topic {
        pub topic_arn: String,
        pub subscriptions: Vec<Subscription>,
    }
}
record! {
    pub struct Subscription {
        pub subscription_arn: Option<String>,
        pub protocol: Option<String>,
        /// Masked: only the scheme/domain part of an e-mail address or URL is kept.
        pub endpoint: Option<String>,
    }
}

impl Subscription {
    /// A subscription is confirmed once it has a real ARN.
    pub fn is_confirmed(&self) -> bool {
        self.subscription_arn.as_deref().is_some_and(|a| a.starts_with("arn:"))
    }
}

record! {
    pub struct ConfigRecorder {
        pub name: String,
        #[serde(rename = "roleARN")]
        pub role_arn: Option<String>,
        pub recording_group: Option<Value>,
        /// mamori: from `DescribeConfigurationRecorderStatus`.
        pub recording: Option<bool>,
        pub last_status: Option<String>,
    }
}

record! {
    pub struct GuardDutyDetector {
        pub detector_id: String,
        pub status: Option<String>,
        pub finding_publishing_frequency: Option<String>,
    }
}

record! {
    pub struct SecurityHub {
        pub hub_arn: Option<String>,
        pub subscribed_at: Option<String>,
        pub auto_enable_controls: Option<bool>,
        pub enabled_standards: Vec<String>,
    }
}

record! {
    pub struct DbInstance {
        #[serde(rename = "DBInstanceIdentifier")]
        pub db_instance_identifier: String,
        #[serde(rename = "DBInstanceArn")]
        pub db_instance_arn: Option<String>,
        pub engine: Option<String>,
        pub engine_version: Option<String>,
        #[serde(rename = "DBInstanceStatus")]
        pub db_instance_status: Option<String>,
        pub storage_encrypted: Option<bool>,
        pub kms_key_id: Option<String>,
        pub publicly_accessible: Option<bool>,
        pub backup_retention_period: Option<i32>,
        pub auto_minor_version_upgrade: Option<bool>,
        #[serde(rename = "MultiAZ")]
        pub multi_az: Option<bool>,
        pub deletion_protection: Option<bool>,
        #[serde(rename = "DBSubnetGroup")]
        pub db_subnet_group: Option<DbSubnetGroup>,
        pub vpc_security_groups: Vec<VpcSecurityGroupMembership>,
        #[serde(rename = "DBParameterGroups")]
        pub db_parameter_groups: Vec<DbParameterGroupStatus>,
        pub endpoint: Option<DbEndpoint>,
        #[serde(rename = "DBClusterIdentifier")]
        pub db_cluster_identifier: Option<String>,
        #[serde(rename = "TagList")]
        pub tags: Vec<Tag>,
    }
}
record! {
    pub struct DbSubnetGroup {
        #[serde(rename = "DBSubnetGroupName")]
        pub db_subnet_group_name: Option<String>,
        pub vpc_id: Option<String>,
        pub subnets: Vec<DbSubnet>,
    }
}
record! { pub struct DbSubnet { pub subnet_identifier: Option<String> } }
record! { pub struct VpcSecurityGroupMembership { pub vpc_security_group_id: Option<String>, pub status: Option<String> } }
record! {
    pub struct DbParameterGroupStatus {
        #[serde(rename = "DBParameterGroupName")]
        pub db_parameter_group_name: Option<String>,
        pub parameter_apply_status: Option<String>,
    }
}
record! { pub struct DbEndpoint { pub address: Option<String>, pub port: Option<i32> } }
record! {
    /// An Aurora (or Multi-AZ DB) cluster: encryption, backups and TLS
    /// parameters live here rather than on its instances.
    pub struct DbCluster {
        #[serde(rename = "DBClusterIdentifier")]
        pub db_cluster_identifier: String,
        #[serde(rename = "DBClusterArn")]
        pub db_cluster_arn: Option<String>,
        pub engine: Option<String>,
        pub engine_version: Option<String>,
        pub status: Option<String>,
        pub storage_encrypted: Option<bool>,
        pub kms_key_id: Option<String>,
        pub publicly_accessible: Option<bool>,
        pub backup_retention_period: Option<i32>,
        pub deletion_protection: Option<bool>,
        #[serde(rename = "MultiAZ")]
        pub multi_az: Option<bool>,
        #[serde(rename = "DBClusterParameterGroup")]
        pub db_cluster_parameter_group: Option<String>,
        #[serde(rename = "DBClusterMembers")]
        pub db_cluster_members: Vec<String>,
        pub vpc_security_groups: Vec<VpcSecurityGroupMembership>,
        #[serde(rename = "TagList")]
        pub tags: Vec<Tag>,
    }
}

record! {
    pub struct DbSnapshot {
        #[serde(rename = "DBSnapshotIdentifier")]
        pub db_snapshot_identifier: String,
        #[serde(rename = "DBSnapshotArn")]
        pub db_snapshot_arn: Option<String>,
        #[serde(rename = "DBInstanceIdentifier")]
        pub db_instance_identifier: Option<String>,
        pub snapshot_type: Option<String>,
        pub encrypted: Option<bool>,
        pub kms_key_id: Option<String>,
        pub snapshot_create_time: Option<Time>,
        /// mamori: `DescribeDBSnapshotAttributes` `restore` values (`all` means public).
        pub restore_account_ids: Vec<String>,
    }
}
record! {
    pub struct DbParameterGroup {
        #[serde(rename = "DBParameterGroupName")]
        pub db_parameter_group_name: String,
        #[serde(rename = "DBParameterGroupFamily")]
        pub db_parameter_group_family: Option<String>,
        /// mamori: the TLS-related parameters (`rds.force_ssl`,
        /// `require_secure_transport`) and their values, where set.
        pub tls_parameters: BTreeMap<String, String>,
    }
}

record! {
    pub struct DynamoTable {
        pub table_name: String,
        pub table_arn: Option<String>,
        pub table_status: Option<String>,
        #[serde(rename = "SSEDescription")]
        pub sse_description: Option<SseDescription>,
        /// `DescribeContinuousBackups` point-in-time recovery status.
        pub point_in_time_recovery_status: Option<String>,
        pub deletion_protection_enabled: Option<bool>,
        pub tags: Vec<Tag>,
    }
}
record! {
    pub struct SseDescription {
        pub status: Option<String>,
        #[serde(rename = "SSEType")]
        pub sse_type: Option<String>,
        #[serde(rename = "KMSMasterKeyArn")]
        pub kms_master_key_arn: Option<String>,
    }
}

record! {
    pub struct GlacierVault {
        pub vault_name: String,
        #[serde(rename = "VaultARN")]
        pub vault_arn: Option<String>,
        /// `None` when the vault has no access policy.
        pub policy: Option<Value>,
    }
}

record! {
    pub struct EmrCluster {
        pub id: String,
        pub name: Option<String>,
        pub cluster_arn: Option<String>,
        pub state: Option<String>,
        pub security_configuration: Option<String>,
    }
}
record! {
    pub struct EmrSecurityConfiguration {
        pub name: String,
        pub security_configuration: Option<Value>,
    }
}
record! {
    pub struct EmrBlockPublicAccess {
        pub block_public_security_group_rules: Option<bool>,
        pub permitted_public_security_group_rule_ranges: Vec<EmrPortRange>,
    }
}
record! { pub struct EmrPortRange { pub min_range: Option<i32>, pub max_range: Option<i32> } }

record! {
    pub struct FileSystem {
        pub file_system_id: String,
        pub file_system_arn: Option<String>,
        pub encrypted: Option<bool>,
        pub kms_key_id: Option<String>,
        pub life_cycle_state: Option<String>,
        pub tags: Vec<Tag>,
    }
}

record! {
    pub struct ClassicLoadBalancer {
        pub load_balancer_name: String,
        #[serde(rename = "DNSName")]
        pub dns_name: Option<String>,
        pub scheme: Option<String>,
        #[serde(rename = "VPCId")]
        pub vpc_id: Option<String>,
        pub subnets: Vec<String>,
        pub security_groups: Vec<String>,
        pub instances: Vec<String>,
        pub listener_descriptions: Vec<ClassicListenerDescription>,
        /// mamori: `DescribeLoadBalancerAttributes` access log flag.
        pub access_log_enabled: Option<bool>,
        /// mamori: SSL negotiation policies' enabled protocols and ciphers,
        /// keyed by policy name (`DescribeLoadBalancerPolicies`).
        pub ssl_policies: BTreeMap<String, Vec<String>>,
    }
}
record! { pub struct ClassicListenerDescription { pub listener: Option<ClassicListener>, pub policy_names: Vec<String> } }
record! {
    pub struct ClassicListener {
        pub protocol: Option<String>,
        pub load_balancer_port: Option<i32>,
        pub instance_protocol: Option<String>,
        pub instance_port: Option<i32>,
        #[serde(rename = "SSLCertificateId")]
        pub ssl_certificate_id: Option<String>,
    }
}

record! {
    pub struct LoadBalancer {
        pub load_balancer_arn: String,
        pub load_balancer_name: Option<String>,
        #[serde(rename = "DNSName")]
        pub dns_name: Option<String>,
        pub scheme: Option<String>,
        #[serde(rename = "Type")]
        pub lb_type: Option<String>,
        pub vpc_id: Option<String>,
        pub security_groups: Vec<String>,
        pub availability_zones: Vec<LbAvailabilityZone>,
        pub listeners: Vec<Listener>,
        /// `DescribeLoadBalancerAttributes`, as key → value.
        pub attributes: BTreeMap<String, String>,
        /// mamori: the WAFv2 web ACL associated with it, if any.
        pub web_acl_arn: Option<String>,
    }
}
record! { pub struct LbAvailabilityZone { pub zone_name: Option<String>, pub subnet_id: Option<String> } }
record! {
    pub struct Listener {
        pub listener_arn: String,
        pub protocol: Option<String>,
        pub port: Option<i32>,
        pub ssl_policy: Option<String>,
        pub default_actions: Vec<Value>,
    }
}
record! {
    pub struct TargetGroup {
        pub target_group_arn: String,
        pub target_group_name: Option<String>,
        pub protocol: Option<String>,
        pub port: Option<i32>,
        pub vpc_id: Option<String>,
        pub target_type: Option<String>,
        pub load_balancer_arns: Vec<String>,
        /// mamori: `DescribeTargetHealth` target ids and ports.
        pub targets: Vec<Target>,
    }
}
record! { pub struct Target { pub id: String, pub port: Option<i32>, pub availability_zone: Option<String>, pub health: Option<String> } }
record! {
    pub struct SslPolicy {
        pub name: String,
        pub ssl_protocols: Vec<String>,
        pub ciphers: Vec<String>,
    }
}

record! {
    pub struct Distribution {
        pub id: String,
        #[serde(rename = "ARN")]
        pub arn: Option<String>,
        pub domain_name: Option<String>,
        pub enabled: Option<bool>,
        /// Default and per-path viewer protocol policies.
        pub viewer_protocol_policies: Vec<String>,
        pub minimum_protocol_version: Option<String>,
        pub cloudfront_default_certificate: Option<bool>,
        pub origins: Vec<Origin>,
        #[serde(rename = "WebACLId")]
        pub web_acl_id: Option<String>,
        pub logging_enabled: Option<bool>,
    }
}
record! {
    pub struct Origin {
        pub id: Option<String>,
        pub domain_name: Option<String>,
        /// `http-only`, `match-viewer`, `https-only`; `None` for S3 origins.
        pub origin_protocol_policy: Option<String>,
        pub origin_ssl_protocols: Vec<String>,
    }
}

record! {
    pub struct Certificate {
        pub certificate_arn: String,
        pub domain_name: Option<String>,
        pub status: Option<String>,
        #[serde(rename = "Type")]
        pub certificate_type: Option<String>,
        pub not_after: Option<Time>,
        pub in_use_by: Vec<String>,
        pub renewal_eligibility: Option<String>,
    }
}

record! {
    pub struct WebAcl {
        pub name: String,
        #[serde(rename = "ARN")]
        pub arn: Option<String>,
        pub id: Option<String>,
        /// `REGIONAL` or `CLOUDFRONT`.
        pub scope: Option<String>,
        /// Resources it protects (`ListResourcesForWebACL`, regional only).
        pub resource_arns: Vec<String>,
    }
}

record! {
    pub struct ManagedInstance {
        pub instance_id: String,
        pub ping_status: Option<String>,
        pub platform_type: Option<String>,
        pub agent_version: Option<String>,
        pub last_ping_date_time: Option<Time>,
        /// `DescribeInstancePatchStates`.
        pub patch_state: Option<PatchState>,
        /// `ListResourceComplianceSummaries` for `Patch`: `COMPLIANT` / `NON_COMPLIANT`.
        pub patch_compliance: Option<String>,
    }
}
record! {
    pub struct PatchState {
        pub missing_count: Option<i32>,
        pub failed_count: Option<i32>,
        pub installed_pending_reboot_count: Option<i32>,
        pub operation_end_time: Option<Time>,
    }
}
