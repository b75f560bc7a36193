//! Writes a synthetic snapshot with about N resources in a realistic mix, for
//! benchmarks: `cargo run --release -p mamori-rules --example synthetic -- N OUT.json.gz`.
//!
//! Per "site" of ~100 resources: a VPC with subnets, route tables, NACLs,
//! security groups (some open to the internet), instances with interfaces
//! and volumes, snapshots, buckets, IAM users with keys, roles, databases,
//! tables, log groups, keys and a load balancer. Values vary
//! deterministically with the index so every rule has passes and failures.

use std::collections::BTreeMap;

use mamori_model::ec2::*;
use mamori_model::iam::*;
use mamori_model::s3::*;
use mamori_model::services::*;
use mamori_model::{Account, Coverage, OperationTally, Region, Snapshot, Source, Tag, Time};

const ACCOUNT: &str = "123456789012";
const REGION: &str = "us-east-1";

fn tag(k: &str, v: &str) -> Tag {
    Tag { key: k.into(), value: v.into() }
}

fn time(days_ago: i64) -> Option<Time> {
    Time::from_epoch(1_798_761_600 - days_ago * 86_400, 0)
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let n: usize = args.get(1).and_then(|s| s.parse().ok()).unwrap_or(10_000);
    let out = args.get(2).cloned().unwrap_or_else(|| "synthetic.json.gz".into());
    let mut snapshot = generate(n);
    let mut count = 0;
    for (_, c) in snapshot.counts() {
        count += c;
    }
    if let Err(e) = snapshot.save(std::path::Path::new(&out)) {
        eprintln!("error: {e}");
        std::process::exit(2);
    }
    println!("wrote {out}: {count} resources");
}

fn generate(n: usize) -> Snapshot {
    let sites = n.div_ceil(119).max(1);
    let mut a = Account { account_id: ACCOUNT.into(), partition: "aws".into(), ..Default::default() };
    let mut r = Region::default();
    a.iam.account_summary.insert("AccountMFAEnabled".into(), 1);
    a.iam.password_policy =
        Some(PasswordPolicy { minimum_password_length: Some(14), password_reuse_prevention: Some(24), ..Default::default() });
    for s in 0..sites {
        let vpc = format!("vpc-{s:08x}");
        r.ec2.vpcs.push(Vpc {
            vpc_id: vpc.clone(),
            cidr_block: Some(format!("10.{}.0.0/16", s % 250)),
            tags: vec![tag("Owner", "team")],
            ..Default::default()
        });
        if s % 3 == 0 {
            r.ec2.flow_logs.push(FlowLog {
                flow_log_id: format!("fl-{s}"),
                resource_id: Some(vpc.clone()),
                flow_log_status: Some("ACTIVE".into()),
                ..Default::default()
            });
        }
        let igw = format!("igw-{s:08x}");
        r.ec2.internet_gateways.push(InternetGateway {
            internet_gateway_id: igw.clone(),
            attachments: vec![GatewayAttachment { vpc_id: Some(vpc.clone()), state: Some("available".into()) }],
            ..Default::default()
        });
        for k in 0..4 {
            let subnet = format!("subnet-{s:06x}{k}");
            r.ec2.subnets.push(Subnet {
                subnet_id: subnet.clone(),
                vpc_id: Some(vpc.clone()),
                cidr_block: Some(format!("10.{}.{k}.0/24", s % 250)),
                ..Default::default()
            });
            let mut routes = vec![Route {
                destination_cidr_block: Some(format!("10.{}.0.0/16", s % 250)),
                gateway_id: Some("local".into()),
                ..Default::default()
            }];
            if k < 2 {
                routes.push(Route {
                    destination_cidr_block: Some("0.0.0.0/0".into()),
                    gateway_id: Some(igw.clone()),
                    state: Some("active".into()),
                    ..Default::default()
                });
            }
            r.ec2.route_tables.push(RouteTable {
                route_table_id: format!("rtb-{s:06x}{k}"),
                vpc_id: Some(vpc.clone()),
                routes,
                associations: vec![RouteTableAssociation { subnet_id: Some(subnet), ..Default::default() }],
                ..Default::default()
            });
        }
        r.ec2.network_acls.push(NetworkAcl {
            network_acl_id: format!("acl-{s:08x}"),
            vpc_id: Some(vpc.clone()),
            is_default: Some(true),
            entries: vec![
                NetworkAclEntry {
                    rule_number: 100,
                    protocol: "-1".into(),
                    rule_action: "allow".into(),
                    egress: false,
                    cidr_block: Some("0.0.0.0/0".into()),
                    ..Default::default()
                },
                NetworkAclEntry {
                    rule_number: 32767,
                    protocol: "-1".into(),
                    rule_action: "deny".into(),
                    egress: false,
                    cidr_block: Some("0.0.0.0/0".into()),
                    ..Default::default()
                },
            ],
            ..Default::default()
        });
        for g in 0..8 {
            let open = if g % 4 == 0 { "0.0.0.0/0" } else { "10.0.0.0/8" };
            r.ec2.security_groups.push(SecurityGroup {
                group_id: format!("sg-{s:06x}{g:02x}"),
                group_name: Some(if g == 0 { "default".into() } else { format!("sg-{g}") }),
                vpc_id: Some(vpc.clone()),
                ip_permissions: vec![IpPermission {
                    ip_protocol: "tcp".into(),
                    from_port: Some([22, 443, 3306, 8080][g % 4]),
                    to_port: Some([22, 443, 3306, 8080][g % 4]),
                    ip_ranges: vec![IpRange { cidr_ip: open.into(), description: None }],
                    user_id_group_pairs: vec![UserIdGroupPair {
                        group_id: Some(format!("sg-{s:06x}{:02x}", (g + 1) % 8)),
                        ..Default::default()
                    }],
                    ..Default::default()
                }],
                ..Default::default()
            });
        }
        for i in 0..20 {
            let id = format!("i-{s:08x}{i:04x}");
            let eni = format!("eni-{s:08x}{i:04x}");
            let sg = format!("sg-{s:06x}{:02x}", i % 8);
            r.ec2.instances.push(Instance {
                instance_id: id.clone(),
                image_id: Some("ami-amazon".into()),
                state: Some(StateName { name: Some(if i % 10 == 9 { "stopped" } else { "running" }.into()), code: None }),
                state_transition_reason: Some("User initiated (2026-09-01 10:00:00 GMT)".into()),
                vpc_id: Some(vpc.clone()),
                subnet_id: Some(format!("subnet-{s:06x}{}", i % 4)),
                security_groups: vec![IdName { group_id: Some(sg.clone()), group_name: None }],
                network_interfaces: vec![InstanceNetworkInterface { network_interface_id: eni.clone() }],
                metadata_options: Some(MetadataOptions {
                    http_tokens: Some(if i % 2 == 0 { "required" } else { "optional" }.into()),
                    ..Default::default()
                }),
                iam_instance_profile: (i % 3 != 0)
                    .then(|| IamInstanceProfile { arn: Some("arn:aws:iam::123456789012:instance-profile/app".into()), id: None }),
                source_dest_check: Some(i % 17 != 0),
                tags: vec![tag("Name", &format!("app-{i}")), tag("Owner", "team")],
                ..Default::default()
            });
            r.ec2.network_interfaces.push(NetworkInterface {
                network_interface_id: eni,
                vpc_id: Some(vpc.clone()),
                groups: vec![IdName { group_id: Some(sg), group_name: None }],
                attachment: Some(EniAttachment { instance_id: Some(id.clone()), ..Default::default() }),
                ..Default::default()
            });
            let vol = format!("vol-{s:08x}{i:04x}");
            r.ec2.volumes.push(Volume {
                volume_id: vol.clone(),
                encrypted: Some(i % 5 != 0),
                state: Some("in-use".into()),
                attachments: vec![VolumeAttachment { instance_id: Some(id), ..Default::default() }],
                tags: vec![tag("DataClassification", "internal")],
                ..Default::default()
            });
            r.ec2.snapshots.push(mamori_model::ec2::Snapshot {
                snapshot_id: format!("snap-{s:08x}{i:04x}"),
                volume_id: Some(vol),
                encrypted: Some(i % 5 != 0),
                start_time: time((i % 14) as i64),
                create_volume_permissions: if i == 7 {
                    vec![CreateVolumePermission { group: Some("all".into()), user_id: None }]
                } else {
                    vec![]
                },
                ..Default::default()
            });
        }
        r.ec2.images.push(Image {
            image_id: "ami-amazon".into(),
            owner_id: Some("137112412989".into()),
            image_owner_alias: Some("amazon".into()),
            ..Default::default()
        });
        for b in 0..4 {
            let name = format!("bucket-{s:06}-{b}");
            a.buckets.push(Bucket {
                name: name.clone(),
                region: Some(REGION.into()),
                encryption: (b != 0).then(|| BucketEncryption {
                    rules: vec![EncryptionRule {
                        apply_server_side_encryption_by_default: Some(SseDefault {
                            sse_algorithm: Some("AES256".into()),
                            kms_master_key_id: None,
                        }),
                        bucket_key_enabled: None,
                    }],
                }),
                versioning: Some(Versioning { status: (b % 2 == 0).then(|| "Enabled".into()), mfa_delete: None }),
                public_access_block: Some(PublicAccessBlock {
                    block_public_acls: Some(true),
                    ignore_public_acls: Some(true),
                    block_public_policy: Some(b != 3),
                    restrict_public_buckets: Some(true),
                }),
                acl: Some(Acl { owner: None, grants: vec![] }),
                logging: Some(BucketLogging { logging_enabled: None }),
                tags: vec![tag("Owner", "team")],
                ..Default::default()
            });
        }
        for u in 0..8 {
            let name = format!("user-{s}-{u}");
            a.iam.users.push(User {
                user_name: name.clone(),
                arn: format!("arn:aws:iam::{ACCOUNT}:user/{name}"),
                create_date: time(400),
                password_last_used: time((u * 20) as i64),
                login_profile: (u % 2 == 0).then(|| LoginProfile { create_date: time(400), password_reset_required: None }),
                mfa_devices: if u % 4 == 0 { vec![MfaDevice { serial_number: format!("mfa-{name}"), enable_date: None }] } else { vec![] },
                access_keys: vec![AccessKey {
                    access_key_id: format!("AKIA{s:08}{u:08}"),
                    status: "Active".into(),
                    create_date: time((u * 30) as i64),
                    last_used: None,
                    recent_activity: None,
                }],
                groups: vec!["devs".into()],
                ..Default::default()
            });
        }
        for k in 0..4 {
            let name = format!("role-{s}-{k}");
            a.iam.roles.push(Role {
                role_name: name.clone(),
                arn: format!("arn:aws:iam::{ACCOUNT}:role/{name}"),
                path: "/".into(),
                create_date: time(300),
                role_last_used: Some(RoleLastUsed { last_used_date: time((k * 40) as i64), region: None }),
                ..Default::default()
            });
        }
        r.db_instances.push(DbInstance {
            db_instance_identifier: format!("db-{s}"),
            engine: Some("postgres".into()),
            storage_encrypted: Some(s % 2 == 0),
            publicly_accessible: Some(s % 7 == 0),
            backup_retention_period: Some(7),
            db_parameter_groups: vec![DbParameterGroupStatus { db_parameter_group_name: Some("pg".into()), parameter_apply_status: None }],
            ..Default::default()
        });
        r.dynamodb_tables.push(DynamoTable {
            table_name: format!("table-{s}"),
            point_in_time_recovery_status: Some("ENABLED".into()),
            ..Default::default()
        });
        r.log_groups.push(LogGroup {
            log_group_name: format!("/app/{s}"),
            retention_in_days: Some(if s % 2 == 0 { 30 } else { 400 }),
            ..Default::default()
        });
        r.kms_keys.push(KmsKey {
            key_id: format!("key-{s}"),
            key_manager: Some("CUSTOMER".into()),
            key_state: Some("Enabled".into()),
            key_rotation_enabled: Some(s % 2 == 0),
            ..Default::default()
        });
        r.load_balancers.push(LoadBalancer {
            load_balancer_arn: format!("arn:aws:elasticloadbalancing:{REGION}:{ACCOUNT}:loadbalancer/app/lb-{s}/{s:016x}"),
            scheme: Some("internet-facing".into()),
            lb_type: Some("application".into()),
            listeners: vec![Listener {
                listener_arn: format!("l-{s}"),
                protocol: Some("HTTP".into()),
                port: Some(80),
                ..Default::default()
            }],
            ..Default::default()
        });
    }
    r.db_parameter_groups.push(DbParameterGroup {
        db_parameter_group_name: "pg".into(),
        tls_parameters: BTreeMap::from([("rds.force_ssl".into(), "1".into())]),
        ..Default::default()
    });
    let mut snapshot = Snapshot::new(
        Source { kind: "synthetic".into(), ..Default::default() },
        time(0).unwrap_or(Time::from_epoch(0, 0).unwrap_or_else(|| unreachable!())),
    );
    snapshot.regions = vec![REGION.into()];
    a.regions.insert(REGION.into(), r);
    snapshot.accounts.push(a);
    snapshot.coverage = Coverage { operations: all_ops(), errors: vec![] };
    snapshot.normalize();
    snapshot
}

/// Every operation mamori reads, as collected once without failures.
fn all_ops() -> Vec<OperationTally> {
    const OPS: &[(&str, &str)] = &[
        ("iam", "GetAccountSummary"),
        ("iam", "GetAccountPasswordPolicy"),
        ("iam", "GetCredentialReport"),
        ("iam", "GetAccountAuthorizationDetails"),
        ("iam", "ListAccessKeys"),
        ("iam", "GetAccessKeyLastUsed"),
        ("iam", "ListMFADevices"),
        ("iam", "GetLoginProfile"),
        ("iam", "ListVirtualMFADevices"),
        ("iam", "ListSAMLProviders"),
        ("iam", "ListOpenIDConnectProviders"),
        ("iam", "ListServerCertificates"),
        ("account", "GetAlternateContact"),
        ("organizations", "DescribeOrganization"),
        ("access-analyzer", "ListAnalyzers"),
        ("ec2", "DescribeInstances"),
        ("ec2", "DescribeInstanceAttribute"),
        ("ec2", "DescribeNetworkInterfaces"),
        ("ec2", "DescribeSecurityGroups"),
        ("ec2", "DescribeNetworkAcls"),
        ("ec2", "DescribeRouteTables"),
        ("ec2", "DescribeSubnets"),
        ("ec2", "DescribeVpcs"),
        ("ec2", "DescribeVpcPeeringConnections"),
        ("ec2", "DescribeVpcEndpoints"),
        ("ec2", "DescribeManagedPrefixLists"),
        ("ec2", "DescribeFlowLogs"),
        ("ec2", "DescribeVolumes"),
        ("ec2", "DescribeSnapshots"),
        ("ec2", "DescribeSnapshotAttribute"),
        ("ec2", "DescribeImages"),
        ("ec2", "GetEbsEncryptionByDefault"),
        ("s3", "ListBuckets"),
        ("s3", "GetBucketAcl"),
        ("s3", "GetBucketPolicy"),
        ("s3", "GetPublicAccessBlock"),
        ("s3", "GetBucketPolicyStatus"),
        ("s3", "GetBucketEncryption"),
        ("s3", "GetBucketVersioning"),
        ("s3", "GetBucketLogging"),
        ("s3", "GetBucketReplication"),
        ("s3", "GetObjectLockConfiguration"),
        ("s3", "GetBucketTagging"),
        ("s3control", "GetPublicAccessBlock"),
        ("kms", "ListKeys"),
        ("kms", "ListAliases"),
        ("kms", "DescribeKey"),
        ("kms", "GetKeyRotationStatus"),
        ("cloudtrail", "DescribeTrails"),
        ("logs", "DescribeLogGroups"),
        ("logs", "DescribeMetricFilters"),
        ("cloudwatch", "DescribeAlarms"),
        ("sns", "ListTopics"),
        ("sns", "ListSubscriptions"),
        ("config", "DescribeConfigurationRecorders"),
        ("config", "DescribeConfigurationRecorderStatus"),
        ("guardduty", "ListDetectors"),
        ("securityhub", "DescribeHub"),
        ("rds", "DescribeDBInstances"),
        ("rds", "DescribeDBSnapshots"),
        ("rds", "DescribeDBClusters"),
        ("rds", "DescribeDBParameters"),
        ("dynamodb", "ListTables"),
        ("dynamodb", "DescribeTable"),
        ("dynamodb", "DescribeContinuousBackups"),
        ("dynamodb", "ListTagsOfResource"),
        ("emr", "GetBlockPublicAccessConfiguration"),
        ("efs", "DescribeFileSystems"),
        ("elb", "DescribeLoadBalancers"),
        ("elbv2", "DescribeLoadBalancers"),
        ("elbv2", "DescribeListeners"),
        ("elbv2", "DescribeLoadBalancerAttributes"),
        ("elbv2", "DescribeSSLPolicies"),
        ("cloudfront", "ListDistributions"),
        ("acm", "ListCertificates"),
        ("wafv2", "ListWebACLs"),
        ("ssm", "DescribeInstanceInformation"),
    ];
    let mut ops = Vec::new();
    for region in [mamori_model::GLOBAL, REGION] {
        for (service, operation) in OPS {
            ops.push(OperationTally {
                account: ACCOUNT.into(),
                region: region.into(),
                service: (*service).into(),
                operation: (*operation).into(),
                ok: 1,
                failed: 0,
            });
        }
    }
    ops
}
