//! The collectors, one module per service family, and the table of every
//! AWS action they use.

mod account;
mod cloudfront;
mod data;
mod ec2;
mod edge;
pub(crate) mod iam;
mod monitoring;
mod s3;

use std::collections::BTreeMap;
use std::io::Read;

use aws_config::SdkConfig;
use aws_smithy_runtime_api::box_error::BoxError;
use aws_smithy_runtime_api::client::interceptors::context::BeforeTransmitInterceptorContextMut;
use aws_smithy_runtime_api::client::interceptors::Intercept;
use aws_smithy_runtime_api::client::runtime_components::RuntimeComponents;
use aws_smithy_types::config_bag::ConfigBag;
use base64::Engine;
use mamori_model::services::{AlternateContact, Distribution, Organization, WebAcl};
use mamori_model::{iam::Iam, s3::Bucket, s3::PublicAccessBlock, Account, Region};

use crate::ctx::Ctx;

/// Every AWS operation mamori calls: (coverage service name, SDK operation,
/// IAM action). All are reads. `docs/permissions.md` and
/// `docs/mamori-readonly-policy.json` are generated from this table, and a
/// test checks that the collectors call nothing else.
pub const ACTIONS: &[(&str, &str, &str)] = &[
    ("sts", "GetCallerIdentity", "sts:GetCallerIdentity"),
    ("iam", "GetAccountSummary", "iam:GetAccountSummary"),
    ("iam", "GetAccountPasswordPolicy", "iam:GetAccountPasswordPolicy"),
    ("iam", "GenerateCredentialReport", "iam:GenerateCredentialReport"),
    ("iam", "GetCredentialReport", "iam:GetCredentialReport"),
    ("iam", "GetAccountAuthorizationDetails", "iam:GetAccountAuthorizationDetails"),
    ("iam", "ListAccessKeys", "iam:ListAccessKeys"),
    ("iam", "GetAccessKeyLastUsed", "iam:GetAccessKeyLastUsed"),
    ("iam", "ListMFADevices", "iam:ListMFADevices"),
    ("iam", "GetLoginProfile", "iam:GetLoginProfile"),
    ("iam", "ListVirtualMFADevices", "iam:ListVirtualMFADevices"),
    ("iam", "ListSAMLProviders", "iam:ListSAMLProviders"),
    ("iam", "ListOpenIDConnectProviders", "iam:ListOpenIDConnectProviders"),
    ("iam", "ListServerCertificates", "iam:ListServerCertificates"),
    ("iam", "ListInstanceProfiles", "iam:ListInstanceProfiles"),
    ("iam", "GetPolicy", "iam:GetPolicy"),
    ("iam", "GetPolicyVersion", "iam:GetPolicyVersion"),
    ("iam", "GenerateServiceLastAccessedDetails", "iam:GenerateServiceLastAccessedDetails"),
    ("iam", "GetServiceLastAccessedDetails", "iam:GetServiceLastAccessedDetails"),
    ("account", "GetAlternateContact", "account:GetAlternateContact"),
    ("organizations", "DescribeOrganization", "organizations:DescribeOrganization"),
    ("access-analyzer", "ListAnalyzers", "access-analyzer:ListAnalyzers"),
    ("ec2", "DescribeRegions", "ec2:DescribeRegions"),
    ("ec2", "DescribeInstances", "ec2:DescribeInstances"),
    ("ec2", "DescribeInstanceAttribute", "ec2:DescribeInstanceAttribute"),
    ("ec2", "DescribeNetworkInterfaces", "ec2:DescribeNetworkInterfaces"),
    ("ec2", "DescribeSecurityGroups", "ec2:DescribeSecurityGroups"),
    ("ec2", "DescribeNetworkAcls", "ec2:DescribeNetworkAcls"),
    ("ec2", "DescribeRouteTables", "ec2:DescribeRouteTables"),
    ("ec2", "DescribeInternetGateways", "ec2:DescribeInternetGateways"),
    ("ec2", "DescribeEgressOnlyInternetGateways", "ec2:DescribeEgressOnlyInternetGateways"),
    ("ec2", "DescribeNatGateways", "ec2:DescribeNatGateways"),
    ("ec2", "DescribeVpnGateways", "ec2:DescribeVpnGateways"),
    ("ec2", "DescribeAddresses", "ec2:DescribeAddresses"),
    ("ec2", "DescribeSubnets", "ec2:DescribeSubnets"),
    ("ec2", "DescribeVpcs", "ec2:DescribeVpcs"),
    ("ec2", "DescribeVpcPeeringConnections", "ec2:DescribeVpcPeeringConnections"),
    ("ec2", "DescribeTransitGateways", "ec2:DescribeTransitGateways"),
    ("ec2", "DescribeTransitGatewayAttachments", "ec2:DescribeTransitGatewayAttachments"),
    ("ec2", "DescribeTransitGatewayRouteTables", "ec2:DescribeTransitGatewayRouteTables"),
    ("ec2", "SearchTransitGatewayRoutes", "ec2:SearchTransitGatewayRoutes"),
    ("ec2", "DescribeVpcEndpoints", "ec2:DescribeVpcEndpoints"),
    ("ec2", "DescribeManagedPrefixLists", "ec2:DescribeManagedPrefixLists"),
    ("ec2", "GetManagedPrefixListEntries", "ec2:GetManagedPrefixListEntries"),
    ("ec2", "DescribeFlowLogs", "ec2:DescribeFlowLogs"),
    ("ec2", "DescribeVolumes", "ec2:DescribeVolumes"),
    ("ec2", "DescribeSnapshots", "ec2:DescribeSnapshots"),
    ("ec2", "DescribeSnapshotAttribute", "ec2:DescribeSnapshotAttribute"),
    ("ec2", "DescribeImages", "ec2:DescribeImages"),
    ("ec2", "GetEbsEncryptionByDefault", "ec2:GetEbsEncryptionByDefault"),
    ("s3", "ListBuckets", "s3:ListAllMyBuckets"),
    ("s3", "GetBucketLocation", "s3:GetBucketLocation"),
    ("s3", "GetBucketAcl", "s3:GetBucketAcl"),
    ("s3", "GetBucketPolicy", "s3:GetBucketPolicy"),
    ("s3", "GetPublicAccessBlock", "s3:GetBucketPublicAccessBlock"),
    ("s3", "GetBucketPolicyStatus", "s3:GetBucketPolicyStatus"),
    ("s3", "GetBucketEncryption", "s3:GetEncryptionConfiguration"),
    ("s3", "GetBucketVersioning", "s3:GetBucketVersioning"),
    ("s3", "GetBucketLogging", "s3:GetBucketLogging"),
    ("s3", "GetBucketReplication", "s3:GetReplicationConfiguration"),
    ("s3", "GetObjectLockConfiguration", "s3:GetBucketObjectLockConfiguration"),
    ("s3", "GetBucketOwnershipControls", "s3:GetBucketOwnershipControls"),
    ("s3", "GetBucketTagging", "s3:GetBucketTagging"),
    ("s3control", "GetPublicAccessBlock", "s3:GetAccountPublicAccessBlock"),
    ("kms", "ListKeys", "kms:ListKeys"),
    ("kms", "ListAliases", "kms:ListAliases"),
    ("kms", "DescribeKey", "kms:DescribeKey"),
    ("kms", "GetKeyRotationStatus", "kms:GetKeyRotationStatus"),
    ("kms", "GetKeyPolicy", "kms:GetKeyPolicy"),
    ("cloudtrail", "DescribeTrails", "cloudtrail:DescribeTrails"),
    ("cloudtrail", "GetTrailStatus", "cloudtrail:GetTrailStatus"),
    ("cloudtrail", "GetEventSelectors", "cloudtrail:GetEventSelectors"),
    ("cloudtrail", "LookupEvents", "cloudtrail:LookupEvents"),
    ("logs", "DescribeLogGroups", "logs:DescribeLogGroups"),
    ("logs", "DescribeMetricFilters", "logs:DescribeMetricFilters"),
    ("cloudwatch", "DescribeAlarms", "cloudwatch:DescribeAlarms"),
    ("sns", "ListTopics", "sns:ListTopics"),
    ("sns", "ListSubscriptions", "sns:ListSubscriptions"),
    ("config", "DescribeConfigurationRecorders", "config:DescribeConfigurationRecorders"),
    ("config", "DescribeConfigurationRecorderStatus", "config:DescribeConfigurationRecorderStatus"),
    ("guardduty", "ListDetectors", "guardduty:ListDetectors"),
    ("guardduty", "GetDetector", "guardduty:GetDetector"),
    ("securityhub", "DescribeHub", "securityhub:DescribeHub"),
    ("securityhub", "GetEnabledStandards", "securityhub:GetEnabledStandards"),
    ("rds", "DescribeDBInstances", "rds:DescribeDBInstances"),
    ("rds", "DescribeDBSnapshots", "rds:DescribeDBSnapshots"),
    ("rds", "DescribeDBSnapshotAttributes", "rds:DescribeDBSnapshotAttributes"),
    ("rds", "DescribeDBParameters", "rds:DescribeDBParameters"),
    ("rds", "DescribeDBClusters", "rds:DescribeDBClusters"),
    ("rds", "DescribeDBClusterParameters", "rds:DescribeDBClusterParameters"),
    ("dynamodb", "ListTables", "dynamodb:ListTables"),
    ("dynamodb", "DescribeTable", "dynamodb:DescribeTable"),
    ("dynamodb", "DescribeContinuousBackups", "dynamodb:DescribeContinuousBackups"),
    ("dynamodb", "ListTagsOfResource", "dynamodb:ListTagsOfResource"),
    ("glacier", "ListVaults", "glacier:ListVaults"),
    ("glacier", "GetVaultAccessPolicy", "glacier:GetVaultAccessPolicy"),
    ("emr", "ListClusters", "elasticmapreduce:ListClusters"),
    ("emr", "DescribeCluster", "elasticmapreduce:DescribeCluster"),
    ("emr", "ListSecurityConfigurations", "elasticmapreduce:ListSecurityConfigurations"),
    ("emr", "DescribeSecurityConfiguration", "elasticmapreduce:DescribeSecurityConfiguration"),
    ("emr", "GetBlockPublicAccessConfiguration", "elasticmapreduce:GetBlockPublicAccessConfiguration"),
    ("efs", "DescribeFileSystems", "elasticfilesystem:DescribeFileSystems"),
    ("elb", "DescribeLoadBalancers", "elasticloadbalancing:DescribeLoadBalancers"),
    ("elb", "DescribeLoadBalancerAttributes", "elasticloadbalancing:DescribeLoadBalancerAttributes"),
    ("elb", "DescribeLoadBalancerPolicies", "elasticloadbalancing:DescribeLoadBalancerPolicies"),
    ("elbv2", "DescribeLoadBalancers", "elasticloadbalancing:DescribeLoadBalancers"),
    ("elbv2", "DescribeListeners", "elasticloadbalancing:DescribeListeners"),
    ("elbv2", "DescribeLoadBalancerAttributes", "elasticloadbalancing:DescribeLoadBalancerAttributes"),
    ("elbv2", "DescribeTargetGroups", "elasticloadbalancing:DescribeTargetGroups"),
    ("elbv2", "DescribeTargetHealth", "elasticloadbalancing:DescribeTargetHealth"),
    ("elbv2", "DescribeSSLPolicies", "elasticloadbalancing:DescribeSSLPolicies"),
    ("cloudfront", "ListDistributions", "cloudfront:ListDistributions"),
    ("cloudfront", "GetDistributionConfig", "cloudfront:GetDistributionConfig"),
    ("acm", "ListCertificates", "acm:ListCertificates"),
    ("acm", "DescribeCertificate", "acm:DescribeCertificate"),
    ("wafv2", "ListWebACLs", "wafv2:ListWebACLs"),
    ("wafv2", "ListResourcesForWebACL", "wafv2:ListResourcesForWebACL"),
    ("ssm", "DescribeInstanceInformation", "ssm:DescribeInstanceInformation"),
    ("ssm", "DescribeInstancePatchStates", "ssm:DescribeInstancePatchStates"),
    ("ssm", "ListResourceComplianceSummaries", "ssm:ListResourceComplianceSummaries"),
];

/// The region where a partition's global services answer.
pub fn global_region(partition: &str) -> &'static str {
    match partition {
        "aws-cn" => "cn-north-1",
        "aws-us-gov" => "us-gov-west-1",
        _ => "us-east-1",
    }
}

/// What the global collectors found.
pub struct Global {
    contacts: BTreeMap<String, AlternateContact>,
    organization: Option<Organization>,
    iam: Iam,
    buckets: Vec<Bucket>,
    account_pab: Option<PublicAccessBlock>,
    distributions: Vec<Distribution>,
    cloudfront_acls: Vec<WebAcl>,
}

impl Global {
    pub fn apply(self, account: &mut Account) {
        account.alternate_contacts = self.contacts;
        account.organization = self.organization;
        account.iam = self.iam;
        account.buckets = self.buckets;
        account.s3_public_access_block = self.account_pab;
        account.cloudfront_distributions = self.distributions;
        account.cloudfront_web_acls = self.cloudfront_acls;
    }
}

pub async fn collect_global(ctx: &Ctx, config: &SdkConfig) -> Global {
    let home = config.region().map(|r| r.to_string()).unwrap_or_else(|| "us-east-1".into());
    let iam_client = aws_sdk_iam::Client::new(config);
    let account_client = aws_sdk_account::Client::new(config);
    let org_client = aws_sdk_organizations::Client::new(config);
    let cf_client = aws_sdk_cloudfront::Client::new(config);
    let waf_client = aws_sdk_wafv2::Client::new(config);
    let (contacts, organization, iam, (buckets, account_pab), distributions, cloudfront_acls) = futures::join!(
        account::alternate_contacts(ctx, &account_client),
        account::organization(ctx, &org_client),
        iam::collect(ctx, &iam_client, config),
        s3::collect(ctx, config, &home),
        cloudfront::collect(ctx, &cf_client),
        cloudfront::web_acls(ctx, &waf_client, mamori_model::GLOBAL, aws_sdk_wafv2::types::Scope::Cloudfront),
    );
    Global { contacts, organization, iam, buckets, account_pab, distributions, cloudfront_acls }
}

pub async fn collect_region(ctx: &Ctx, config: &SdkConfig, r: &str) -> Region {
    let ec2_client = aws_sdk_ec2::Client::new(config);
    let waf_client = aws_sdk_wafv2::Client::new(config);
    // Two groups because `join!` returns a tuple; the groups run concurrently.
    let first = async {
        futures::join!(
            ec2::collect(ctx, &ec2_client, r),
            monitoring::analyzers(ctx, config, r),
            monitoring::kms(ctx, config, r),
            monitoring::trails(ctx, config, r),
            monitoring::logs(ctx, config, r),
            monitoring::alarms(ctx, config, r),
            monitoring::sns(ctx, config, r),
            monitoring::config_recorders(ctx, config, r),
            monitoring::guardduty(ctx, config, r),
            monitoring::security_hub(ctx, config, r),
        )
    };
    let second = async {
        futures::join!(
            data::rds(ctx, config, r),
            data::dynamodb(ctx, config, r),
            data::glacier(ctx, config, r),
            data::emr(ctx, config, r),
            data::efs(ctx, config, r),
            edge::classic(ctx, config, r),
            edge::v2(ctx, config, r),
            edge::acm(ctx, config, r),
            cloudfront::web_acls(ctx, &waf_client, r, aws_sdk_wafv2::types::Scope::Regional),
            edge::ssm(ctx, config, r),
        )
    };
    let (
        (ec2, analyzers, kms, trails, logs, alarms, sns, recorders, guardduty, hub),
        (rds, dynamodb, glacier, emr, efs, classic, v2, acm, web_acls, ssm),
    ) = futures::join!(first, second);
    let mut load_balancers = v2.load_balancers;
    for lb in &mut load_balancers {
        lb.web_acl_arn = web_acls.iter().find(|a| a.resource_arns.contains(&lb.load_balancer_arn)).and_then(|a| a.arn.clone());
    }
    Region {
        ec2,
        access_analyzers: analyzers,
        kms_keys: kms,
        trails,
        log_groups: logs,
        metric_alarms: alarms,
        sns_topics: sns,
        config_recorders: recorders,
        guardduty_detectors: guardduty,
        security_hub: hub,
        db_instances: rds.instances,
        db_snapshots: rds.snapshots,
        db_parameter_groups: rds.parameter_groups,
        db_clusters: rds.clusters,
        db_cluster_parameter_groups: rds.cluster_parameter_groups,
        dynamodb_tables: dynamodb,
        glacier_vaults: glacier,
        emr_clusters: emr.clusters,
        emr_security_configurations: emr.security_configurations,
        emr_block_public_access: emr.block_public_access,
        efs_file_systems: efs,
        classic_load_balancers: classic,
        load_balancers,
        target_groups: v2.target_groups,
        ssl_policies: v2.ssl_policies,
        certificates: acm,
        web_acls,
        managed_instances: ssm,
    }
}

/// Decodes base64 user data (gzip-compressed or not) and masks its secrets.
pub fn decode_user_data(encoded: &str) -> (String, Vec<mamori_model::secrets::SecretHit>) {
    let Ok(bytes) = base64::engine::general_purpose::STANDARD.decode(encoded.trim()) else {
        return ("«undecodable user data»".into(), Vec::new());
    };
    let bytes = if bytes.starts_with(&[0x1f, 0x8b]) {
        let mut out = Vec::new();
        match flate2::read::GzDecoder::new(bytes.as_slice()).take(1 << 20).read_to_end(&mut out) {
            Ok(_) => out,
            Err(_) => return ("«undecodable gzip user data»".into(), Vec::new()),
        }
    } else {
        bytes
    };
    mamori_model::secrets::redact(&String::from_utf8_lossy(&bytes))
}

/// `alice@example.com` → `a***@example.com`.
pub fn mask_email(email: &str) -> String {
    match email.split_once('@') {
        Some((local, domain)) => format!("{}***@{domain}", local.chars().next().unwrap_or('*')),
        None => "«redacted»".into(),
    }
}

/// Keeps what identifies a subscription's kind, never a secret or a phone
/// number: e-mail domains, URL hosts, ARNs.
pub fn mask_endpoint(endpoint: &str) -> String {
    if endpoint.starts_with("arn:") {
        endpoint.to_string()
    } else if let Some((scheme, rest)) = endpoint.split_once("://") {
        let host = rest.split(['/', '?', '#']).next().unwrap_or_default();
        let host = host.rsplit('@').next().unwrap_or_default();
        format!("{scheme}://{host}/…")
    } else if endpoint.contains('@') {
        mask_email(endpoint)
    } else {
        "«redacted»".into()
    }
}

/// Removes the `{account}.` host prefix that S3 Control's endpoint rules add,
/// for emulators reached by IP address. Only installed with an endpoint override.
#[derive(Debug)]
pub struct StripAccountHostPrefix {
    pub account: String,
}

impl Intercept for StripAccountHostPrefix {
    fn name(&self) -> &'static str {
        "StripAccountHostPrefix"
    }

    fn modify_before_signing(
        &self,
        context: &mut BeforeTransmitInterceptorContextMut<'_>,
        _components: &RuntimeComponents,
        _cfg: &mut ConfigBag,
    ) -> Result<(), BoxError> {
        let request = context.request_mut();
        let uri = request.uri().to_string();
        let prefix = format!("{}.", self.account);
        if let Some((scheme, rest)) = uri.split_once("://") {
            if let Some(stripped) = rest.strip_prefix(&prefix) {
                request.set_uri(format!("{scheme}://{stripped}"))?;
            }
        }
        Ok(())
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests {
    use super::*;

    #[test]
    fn masks_subscription_endpoints() {
        assert_eq!(mask_endpoint("alice@example.com"), "a***@example.com");
        assert_eq!(mask_endpoint("https://user:pw@hooks.example.com/x?token=1"), "https://hooks.example.com/…");
        assert_eq!(mask_endpoint("+819012345678"), "«redacted»");
        assert_eq!(mask_endpoint("arn:aws:sqs:us-east-1:1:q"), "arn:aws:sqs:us-east-1:1:q");
    }

    #[test]
    fn decodes_and_masks_user_data() {
        let plain = "#!/bin/sh\nexport AWS_SECRET_ACCESS_KEY=abc123\n";
        let encoded = base64::engine::general_purpose::STANDARD.encode(plain);
        let (text, hits) = decode_user_data(&encoded);
        assert!(!text.contains("abc123"));
        assert_eq!(hits.len(), 1);
        assert_eq!(decode_user_data("%%%").0, "«undecodable user data»");
    }

    #[test]
    fn action_table_is_read_only_and_unique() {
        let mut seen = std::collections::BTreeSet::new();
        for (service, op, action) in ACTIONS {
            assert!(seen.insert((service, op)), "duplicate {service}:{op}");
            let verb = action.split(':').nth(1).unwrap_or_default();
            // The two IAM report jobs build a report and change no configuration;
            // LookupEvents reads CloudTrail's event history.
            let reads_without_a_read_verb =
                ["iam:GenerateCredentialReport", "iam:GenerateServiceLastAccessedDetails", "cloudtrail:LookupEvents"];
            assert!(
                ["List", "Describe", "Get", "Search"].iter().any(|p| verb.starts_with(p)) || reads_without_a_read_verb.contains(action),
                "{action} is not a read"
            );
        }
    }
}
