//! Collection against a real emulator (moto), started by `scripts/test`.
//! These tests are `#[ignore]`d so that a plain `cargo test` passes without
//! a server; `scripts/test` runs them with `--run-ignored all`.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::collections::BTreeSet;

use common::*;
use mamori_model::{ErrorKind, OpStatus, GLOBAL};
use serde_json::Value;

fn strs(v: &Value) -> BTreeSet<String> {
    v.as_array().into_iter().flatten().filter_map(|x| x.as_str().map(str::to_string)).collect()
}

#[test]
#[ignore = "needs the moto server from scripts/test"]
fn snapshot_holds_every_resource_the_scenario_created() {
    let dir = tempfile::tempdir().unwrap();
    let account = "100000000001";
    let m = populate(account, dir.path(), &[]);
    let (snap, output) = collect(&moto(), account, &dir.path().join("s.json.gz"), &[]);
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(stdout.contains(account), "{stdout}");
    assert_eq!(snap.accounts.len(), 1);
    let a = &snap.accounts[0];
    assert_eq!(a.account_id, account);
    assert_eq!(snap.source.caller_arn.as_deref().map(|c| c.contains(&format!("{account}:assumed-role/mamori-audit"))), Some(true));

    // IAM: users with their console, MFA, keys, groups and policies.
    let users = m["users"].as_array().unwrap();
    assert_eq!(a.iam.users.len(), users.len());
    for u in users {
        let name = u["name"].as_str().unwrap();
        let got = a.iam.users.iter().find(|x| x.user_name == name).unwrap_or_else(|| panic!("user {name} missing"));
        assert_eq!(got.login_profile.is_some(), u["console"].as_bool().unwrap(), "{name} console");
        assert_eq!(!got.mfa_devices.is_empty(), u["mfa"].as_bool().unwrap(), "{name} mfa");
        let keys: BTreeSet<String> = got.access_keys.iter().map(|k| k.access_key_id.clone()).collect();
        assert_eq!(keys, strs(&u["access_keys"]), "{name} keys");
        assert_eq!(got.groups.iter().cloned().collect::<BTreeSet<_>>(), strs(&u["groups"]), "{name} groups");
        let attached: BTreeSet<String> = got.attached_policies.iter().map(|p| p.policy_arn.clone()).collect();
        assert_eq!(attached, strs(&u["attached"]), "{name} attached");
        let inline: BTreeSet<String> = got.inline_policies.iter().map(|p| p.policy_name.clone()).collect();
        assert_eq!(inline, strs(&u["inline"]), "{name} inline");
        if name == "ci-deploy" {
            assert_eq!(got.inline_policies[0].policy_document["Statement"][0]["Action"], "*");
        }
    }
    let report: BTreeSet<&str> = a.iam.credential_report.iter().map(|r| r.user.as_str()).collect();
    for u in users {
        assert!(report.contains(u["name"].as_str().unwrap()), "credential report lacks {}", u["name"]);
    }
    let pp = a.iam.password_policy.as_ref().expect("password policy");
    assert_eq!(pp.minimum_password_length, Some(8));
    assert_eq!(pp.require_symbols, Some(false));
    assert_eq!(a.iam.groups.len(), m["groups"].as_array().unwrap().len());
    let admins = a.iam.groups.iter().find(|g| g.group_name == "admins").unwrap();
    assert_eq!(admins.attached_policies[0].policy_arn, "arn:aws:iam::aws:policy/AdministratorAccess");
    let devs = a.iam.groups.iter().find(|g| g.group_name == "developers").unwrap();
    assert_eq!(devs.inline_policies[0].policy_document["Statement"][0]["Action"], "s3:*");
    for r in m["roles"].as_array().unwrap() {
        let got = a.iam.roles.iter().find(|x| x.role_name == r["name"].as_str().unwrap()).unwrap();
        assert_eq!(got.assume_role_policy_document, r["trust"], "trust policy of {}", r["name"]);
    }
    let names: Vec<&str> = a.iam.policies.iter().map(|p| p.arn.as_str()).collect();
    let errors: Vec<_> = snap.coverage.errors.iter().filter(|e| e.service == "iam").collect();
    let legacy = a.iam.policies.iter().find(|p| p.policy_name == "legacy-admin").unwrap_or_else(|| panic!("{names:?} {errors:?}"));
    assert_eq!(legacy.policy_version_list.len(), 2, "all versions");
    assert_eq!(legacy.default_document().unwrap()["Statement"][0]["Action"], "s3:*");
    // The AWS managed policies in use are there with their documents.
    let admin = a.iam.policies.iter().find(|p| p.arn == "arn:aws:iam::aws:policy/AdministratorAccess").unwrap();
    assert_eq!(admin.default_document().unwrap()["Statement"][0]["Action"], "*");
    assert!(a.iam.policies.iter().any(|p| p.arn.ends_with("AWSCloudShellFullAccess")));
    assert_eq!(a.iam.instance_profiles[0].instance_profile_name, "app-profile");
    assert_eq!(a.iam.server_certificates[0].server_certificate_name, "legacy-cert");
    assert!(a.iam.server_certificates[0].expiration.is_some());
    assert!(a.iam.virtual_mfa_devices.iter().any(|d| d.serial_number.ends_with("alice-mfa")));

    let r = &a.regions["us-east-1"];
    let ec2 = &r.ec2;
    // Security groups with their rules.
    for g in m["security_groups"].as_array().unwrap() {
        let got = ec2.security_groups.iter().find(|x| x.group_id == g["id"].as_str().unwrap()).unwrap();
        assert_eq!(got.group_name.as_deref(), g["name"].as_str());
        let want = g["ingress"].as_array().unwrap();
        assert_eq!(got.ip_permissions.len(), want.len(), "rules of {}", g["name"]);
        for rule in want {
            let proto = rule["IpProtocol"].as_str().unwrap();
            let from = rule["FromPort"].as_i64().map(|v| v as i32);
            let p = got.ip_permissions.iter().find(|p| p.ip_protocol == proto && p.from_port == from).expect("rule");
            let cidrs: BTreeSet<String> =
                rule["IpRanges"].as_array().into_iter().flatten().map(|x| x["CidrIp"].as_str().unwrap().to_string()).collect();
            assert_eq!(p.ip_ranges.iter().map(|x| x.cidr_ip.clone()).collect::<BTreeSet<_>>(), cidrs);
            let v6: BTreeSet<String> =
                rule["Ipv6Ranges"].as_array().into_iter().flatten().map(|x| x["CidrIpv6"].as_str().unwrap().to_string()).collect();
            assert_eq!(p.ipv6_ranges.iter().map(|x| x.cidr_ipv6.clone()).collect::<BTreeSet<_>>(), v6);
            let groups: BTreeSet<String> =
                rule["UserIdGroupPairs"].as_array().into_iter().flatten().map(|x| x["GroupId"].as_str().unwrap().to_string()).collect();
            assert_eq!(p.user_id_group_pairs.iter().filter_map(|x| x.group_id.clone()).collect::<BTreeSet<_>>(), groups);
        }
    }
    // NACL entries in order, and the association.
    for n in m["network_acls"].as_array().unwrap() {
        let got = ec2.network_acls.iter().find(|x| x.network_acl_id == n["id"].as_str().unwrap()).unwrap();
        for e in n["entries"].as_array().unwrap() {
            let (num, egress) = (e[0].as_i64().unwrap() as i32, e[3].as_bool().unwrap());
            let entry = got.entries.iter().find(|x| x.rule_number == num && x.egress == egress).expect("entry");
            assert_eq!(entry.protocol, e[1].as_str().unwrap());
            assert_eq!(entry.rule_action, e[2].as_str().unwrap());
            assert_eq!(entry.cidr_block.as_deref(), e[4].as_str());
            assert_eq!(entry.port_range.as_ref().and_then(|p| p.from), e[5].as_i64().map(|v| v as i32));
        }
        let subnets = strs(&n["subnets"]);
        assert_eq!(got.associations.iter().filter_map(|x| x.subnet_id.clone()).collect::<BTreeSet<_>>(), subnets);
    }
    for t in m["route_tables"].as_array().unwrap() {
        let got = ec2.route_tables.iter().find(|x| x.route_table_id == t["id"].as_str().unwrap()).unwrap();
        for route in t["routes"].as_array().unwrap() {
            let dest = route[0].as_str().unwrap();
            let target = route[1].as_str().unwrap();
            let r = got.routes.iter().find(|x| x.destination_cidr_block.as_deref() == Some(dest)).expect("route");
            assert!(r.gateway_id.as_deref() == Some(target) || r.nat_gateway_id.as_deref() == Some(target), "route {dest} → {target}");
        }
        assert_eq!(got.associations.iter().filter_map(|x| x.subnet_id.clone()).collect::<BTreeSet<_>>(), strs(&t["subnets"]));
    }
    assert!(ec2
        .internet_gateways
        .iter()
        .any(|g| g.internet_gateway_id == m["igw"].as_str().unwrap()
            && g.attachments.iter().any(|x| x.vpc_id.as_deref() == m["vpc"].as_str())));
    assert!(ec2.nat_gateways.iter().any(|g| g.nat_gateway_id == m["nat"].as_str().unwrap()));
    assert!(ec2.subnets.iter().any(|s| s.subnet_id == m["public_subnet"].as_str().unwrap()));
    assert!(ec2.vpcs.iter().any(|v| v.vpc_id == m["vpc"].as_str().unwrap()));
    // Instances: metadata options, profile, user data masked with its secrets found.
    for i in m["instances"].as_array().unwrap() {
        let id = i["id"].as_str().unwrap();
        let got = ec2.instances.iter().find(|x| x.instance_id == id).unwrap_or_else(|| panic!("instance {id}"));
        if let Some(tokens) = i["http_tokens"].as_str() {
            assert_eq!(got.metadata_options.as_ref().and_then(|o| o.http_tokens.as_deref()), Some(tokens));
        }
        if let Some(state) = i["state"].as_str() {
            assert_eq!(got.state.as_ref().and_then(|s| s.name.as_deref()), Some(state));
        }
        if let Some(p) = i["profile"].as_str() {
            assert_eq!(got.iam_instance_profile.as_ref().and_then(|x| x.arn.as_deref()), Some(p));
        }
        if i["user_data_secret"] == true {
            let data = got.user_data.as_deref().expect("user data");
            assert!(data.contains("yum install"), "{data}");
            assert!(!data.contains("wJalrXUtnFEMI") && !data.contains("AKIAIOSFODNN7EXAMPLE"), "secret leaked: {data}");
            let kinds: BTreeSet<&str> = got.user_data_secrets.iter().map(|s| s.kind.as_str()).collect();
            assert!(kinds.contains("aws-access-key-id") && kinds.contains("aws-secret-access-key"), "{kinds:?}");
        }
        if i["public"] == true {
            assert!(got.public_ip_address.is_some());
            // Its groups are on its network interface.
            let eni = &got.network_interfaces[0].network_interface_id;
            let eni = ec2.network_interfaces.iter().find(|n| &n.network_interface_id == eni).expect("eni");
            assert!(eni.groups.iter().any(|g| g.group_id.as_deref() == m["sg_ssh"].as_str()));
        }
    }
    for v in m["volumes"].as_array().unwrap() {
        let got = ec2.volumes.iter().find(|x| x.volume_id == v["id"].as_str().unwrap()).unwrap();
        assert_eq!(got.encrypted, v["encrypted"].as_bool());
    }
    assert_eq!(
        ec2.snapshots.len(),
        4,
        "three made by the scenario, one by CreateImage: {:?}",
        ec2.snapshots.iter().map(|s| &s.snapshot_id).collect::<Vec<_>>()
    );
    for s in m["snapshots"].as_array().unwrap() {
        let got = ec2.snapshots.iter().find(|x| x.snapshot_id == s["id"].as_str().unwrap()).unwrap();
        let want: BTreeSet<(Option<String>, Option<String>)> = s["permissions"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| (p[0].as_str().map(str::to_string), p[1].as_str().map(str::to_string)))
            .collect();
        let have: BTreeSet<_> = got.create_volume_permissions.iter().map(|p| (p.group.clone(), p.user_id.clone())).collect();
        assert_eq!(have, want, "permissions of {}", s["id"]);
    }
    let image = m["images"][0]["id"].as_str().unwrap();
    assert_eq!(ec2.images.iter().find(|i| i.image_id == image).and_then(|i| i.public), Some(true));
    assert!(ec2.images.iter().any(|i| Some(i.image_id.as_str()) == m["image_in_use"].as_str()), "AMI in use is described");
    assert!(ec2.flow_logs.iter().any(|f| f.resource_id.as_deref() == m["vpc_with_flow_log"].as_str()));
    assert_eq!(ec2.ebs_encryption_by_default, Some(false));

    // S3: ACLs, policies, Block Public Access, encryption, logging.
    for b in m["buckets"].as_array().unwrap() {
        let name = b["name"].as_str().unwrap();
        let got = a.buckets.iter().find(|x| x.name == name).unwrap_or_else(|| panic!("bucket {name}"));
        assert_eq!(got.region.as_deref(), Some("us-east-1"));
        let all_users = got
            .acl
            .as_ref()
            .unwrap()
            .grants
            .iter()
            .any(|g| g.grantee.as_ref().and_then(|x| x.uri.as_deref()) == Some("http://acs.amazonaws.com/groups/global/AllUsers"));
        assert_eq!(all_users, b["acl_all_users"].as_bool().unwrap(), "{name} ACL");
        assert_eq!(got.policy.as_ref().unwrap_or(&Value::Null), &b["policy"], "{name} policy");
        if b["public_access_block"] == true {
            assert!(got.public_access_block.as_ref().unwrap().all_on());
        }
        if let Some(sse) = b["sse"].as_str() {
            let rule = &got.encryption.as_ref().unwrap().rules[0];
            assert_eq!(rule.apply_server_side_encryption_by_default.as_ref().unwrap().sse_algorithm.as_deref(), Some(sse));
        }
        if let Some(target) = b["logging_target"].as_str() {
            assert_eq!(got.logging.as_ref().unwrap().logging_enabled.as_ref().unwrap().target_bucket.as_deref(), Some(target));
        }
    }
    // The account-level Block Public Access was read: not configured.
    assert_eq!(snap.coverage.status(account, GLOBAL, "s3control", "GetPublicAccessBlock"), OpStatus::Collected);
    assert_eq!(a.s3_public_access_block.as_ref().map(|p| p.all_on()), Some(false));

    // Keys, trail, logs, topics, databases, tables, file systems, LBs.
    for k in m["kms_keys"].as_array().unwrap() {
        let got = r.kms_keys.iter().find(|x| x.key_id == k["id"].as_str().unwrap()).unwrap();
        if let Some(rot) = k["rotation"].as_bool() {
            assert_eq!(got.key_rotation_enabled, Some(rot));
        }
        if let Some(state) = k["state"].as_str() {
            assert_eq!(got.key_state.as_deref(), Some(state));
        }
        if let Some(alias) = k["alias"].as_str() {
            assert!(got.aliases.iter().any(|a| a == alias));
        }
        assert!(got.policy.is_some(), "key policy");
    }
    let trail = &r.trails[0];
    assert_eq!(trail.name, "management-events");
    assert_eq!(trail.log_file_validation_enabled, Some(false));
    assert_eq!(trail.is_multi_region_trail, Some(false));
    assert_eq!(trail.s3_bucket_name.as_deref(), m["trail_bucket"].as_str());
    assert_eq!(trail.status.as_ref().and_then(|s| s.is_logging), Some(true));
    let group = r.log_groups.iter().find(|g| g.log_group_name == "cloudtrail-events").unwrap();
    assert_eq!(group.retention_in_days, Some(30));
    assert_eq!(group.metric_filters[0].filter_pattern.as_deref(), m["log_groups"][0]["filters"]["root-usage"].as_str());
    let topic = r.sns_topics.iter().find(|t| t.topic_arn == m["topics"][0]["arn"].as_str().unwrap()).unwrap();
    assert_eq!(topic.subscriptions.len(), 1);
    assert_eq!(topic.subscriptions[0].endpoint.as_deref(), Some("s***@example.com"), "subscriber address masked");
    let db = r.db_instances.iter().find(|d| d.db_instance_identifier == "orders-db").unwrap();
    assert_eq!((db.publicly_accessible, db.storage_encrypted), (Some(true), Some(false)));
    let dbs = r.db_snapshots.iter().find(|d| d.db_snapshot_identifier == "orders-before-migration").unwrap();
    assert_eq!(dbs.restore_account_ids, vec!["all".to_string()]);
    let cluster = r.db_clusters.iter().find(|c| c.db_cluster_identifier == "analytics").expect("aurora cluster");
    assert_eq!(cluster.storage_encrypted, Some(false));
    assert_eq!(cluster.db_cluster_parameter_group.as_deref(), m["db_clusters"][0]["parameter_group"].as_str());
    assert!(r.db_cluster_parameter_groups.iter().any(|g| g.db_parameter_group_name == "analytics-tls"));
    assert_eq!(snap.coverage.status(account, "us-east-1", "rds", "DescribeDBClusterParameters"), OpStatus::Collected);
    for t in m["dynamodb_tables"].as_array().unwrap() {
        let got = r.dynamodb_tables.iter().find(|x| x.table_name == t["name"].as_str().unwrap()).unwrap();
        assert_eq!(got.point_in_time_recovery_status.as_deref(), t["pitr"].as_str());
        for (k, v) in t["tags"].as_object().into_iter().flatten() {
            assert!(got.tags.iter().any(|x| &x.key == k && Some(x.value.as_str()) == v.as_str()), "table tag {k}");
        }
    }
    assert_eq!(r.efs_file_systems[0].encrypted, Some(false));
    assert_eq!(r.glacier_vaults[0].vault_name, "archive");
    let lb = r.load_balancers.iter().find(|l| l.load_balancer_arn == m["load_balancers"][0]["arn"].as_str().unwrap()).unwrap();
    assert_eq!(lb.scheme.as_deref(), Some("internet-facing"));
    assert_eq!((lb.listeners[0].protocol.as_deref(), lb.listeners[0].port), (Some("HTTP"), Some(80)));
    let tg = r.target_groups.iter().find(|t| t.target_group_arn == m["target_groups"][0]["arn"].as_str().unwrap()).unwrap();
    assert_eq!(tg.targets.iter().map(|t| t.id.clone()).collect::<BTreeSet<_>>(), strs(&m["target_groups"][0]["targets"]));

    // What moto cannot answer is recorded, never silently empty.
    for (service, op) in [("cloudwatch", "DescribeAlarms"), ("ssm", "DescribeInstanceInformation")] {
        match snap.coverage.status(account, "us-east-1", service, op) {
            OpStatus::Failed(e) => assert!(!e.message.is_empty()),
            other => panic!("{service} {op}: expected a recorded failure, got {other:?}"),
        }
    }
}

#[test]
#[ignore = "needs the moto server from scripts/test"]
fn a_denied_service_is_recorded_and_the_collection_finishes() {
    let dir = tempfile::tempdir().unwrap();
    let account = "100000000002";
    let m = populate(account, dir.path(), &[]);
    let proxy = Proxy::start(dir.path(), "kms,s3");
    let (snap, output) = collect(&proxy.url, account, &dir.path().join("s.json.gz"), &[]);
    assert!(output.status.success());
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(stdout.contains("warning:") && stdout.contains("kms ListKeys") && stdout.contains("AccessDenied"), "{stdout}");
    for (region, service, op) in [
        ("us-east-1", "kms", "ListKeys"),
        ("us-east-1", "kms", "ListAliases"),
        (GLOBAL, "s3", "ListBuckets"),
        (GLOBAL, "s3control", "GetPublicAccessBlock"),
    ] {
        match snap.coverage.status(account, region, service, op) {
            OpStatus::Failed(e) => {
                assert_eq!(e.kind, ErrorKind::AccessDenied, "{service} {op}: {e:?}");
                assert!(e.code.contains("AccessDenied"), "{e:?}");
            }
            other => panic!("{service} {op}: {other:?}"),
        }
    }
    let a = &snap.accounts[0];
    assert!(a.regions["us-east-1"].kms_keys.is_empty() && a.buckets.is_empty());
    // Everything else was still collected.
    assert_eq!(a.iam.users.len(), m["users"].as_array().unwrap().len());
    assert_eq!(a.regions["us-east-1"].ec2.instances.len(), m["instances"].as_array().unwrap().len());
    assert_eq!(snap.coverage.status(account, "us-east-1", "ec2", "DescribeSecurityGroups"), OpStatus::Collected);
    // Denied calls were really sent and answered by the proxy.
    assert!(proxy.requests().iter().any(|r| r["denied"] == true && r["service"] == "kms"));
}

#[test]
#[ignore = "needs the moto server from scripts/test"]
fn collection_sends_only_read_requests() {
    let dir = tempfile::tempdir().unwrap();
    let account = "100000000003";
    populate(account, dir.path(), &[]);
    let proxy = Proxy::start(dir.path(), "");
    collect(&proxy.url, account, &dir.path().join("s.json.gz"), &[]);
    let requests = proxy.requests();
    assert!(requests.len() > 100, "only {} requests recorded", requests.len());
    let allowed_ops: BTreeSet<&str> = mamori_collect::ACTIONS.iter().map(|(_, op, _)| *op).collect();
    // REST operations that read with POST (their documented HTTP binding).
    let read_posts = [("account", "/getAlternateContact"), ("securityhub", "/standards/get")];
    let mut bad = Vec::new();
    for r in &requests {
        let method = r["method"].as_str().unwrap();
        let op = r["operation"].as_str().unwrap();
        let service = r["service"].as_str().unwrap();
        let path = r["path"].as_str().unwrap();
        let ok = if !op.is_empty() {
            // RPC protocols name the operation: it must be one of ours, or
            // the AssumeRole that `--role-arn` asks for.
            allowed_ops.contains(op) || (service == "sts" && op == "AssumeRole")
        } else {
            method == "GET" || method == "HEAD" || (method == "POST" && read_posts.contains(&(service, path)))
        };
        if !ok {
            bad.push(r.clone());
        }
    }
    assert!(bad.is_empty(), "non-read requests: {bad:#?}");
    let services: BTreeSet<&str> = requests.iter().filter_map(|r| r["service"].as_str()).collect();
    for s in ["iam", "ec2", "s3", "kms", "rds", "sts"] {
        assert!(services.contains(s), "no {s} request recorded: {services:?}");
    }
}

#[test]
#[ignore = "needs the moto server from scripts/test"]
fn an_unchanged_account_gives_identical_bytes() {
    let dir = tempfile::tempdir().unwrap();
    let account = "100000000004";
    populate(account, dir.path(), &[]);
    let mut files = Vec::new();
    for name in ["a.json.gz", "b.json.gz"] {
        let path = dir.path().join(name);
        let out = mamori(&moto())
            .env("SOURCE_DATE_EPOCH", "1790000000")
            .args(["collect", "--concurrency", "8", "--role-arn", &role(account), "-o"])
            .arg(&path)
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        files.push(mamori_model::Snapshot::load(&path).unwrap());
    }
    // moto reports "now" as a trail's latest delivery time on every read (a
    // real trail's also moves as it delivers): the one value that changes.
    for snap in &mut files {
        for trail in snap.accounts.iter_mut().flat_map(|a| a.regions.values_mut()).flat_map(|r| r.trails.iter_mut()) {
            assert!(trail.status.as_ref().and_then(|s| s.latest_delivery_time).is_some());
            if let Some(status) = trail.status.as_mut() {
                status.latest_delivery_time = None;
            }
        }
    }
    let bytes: Vec<Vec<u8>> = files.iter().map(|s| s.to_bytes().unwrap()).collect();
    assert!(bytes[0] == bytes[1], "two collections of the same account differ");
}

#[test]
#[ignore = "needs the moto server from scripts/test"]
fn import_reads_aws_cli_dumps() {
    let dir = tempfile::tempdir().unwrap();
    let account = "100000000005";
    let m = populate(account, dir.path(), &[]);
    // Credentials for the test account, from moto's STS, for the AWS CLI.
    let creds =
        boto3_json("sts", &format!("client.assume_role(RoleArn='arn:aws:iam::{account}:role/x',RoleSessionName='cli')['Credentials']"));
    let dumps = dir.path().join("dumps");
    std::fs::create_dir(&dumps).unwrap();
    let cli = std::env::var("MAMORI_TEST_AWS_CLI").unwrap_or_else(|_| "aws".into());
    let aws = |args: &[&str], file: &str| {
        let out = std::process::Command::new(&cli)
            .args(["--endpoint-url", &moto(), "--region", "us-east-1", "--output", "json"])
            .args(args)
            .env("AWS_ACCESS_KEY_ID", creds["AccessKeyId"].as_str().unwrap())
            .env("AWS_SECRET_ACCESS_KEY", creds["SecretAccessKey"].as_str().unwrap())
            .env("AWS_SESSION_TOKEN", creds["SessionToken"].as_str().unwrap())
            .env("AWS_CONFIG_FILE", "/nonexistent")
            .output()
            .unwrap();
        assert!(out.status.success(), "aws {args:?}: {}", String::from_utf8_lossy(&out.stderr));
        std::fs::write(dumps.join(file), &out.stdout).unwrap();
    };
    aws(&["iam", "get-account-authorization-details"], "iam-get-account-authorization-details.json");
    aws(&["iam", "get-account-password-policy"], "iam-get-account-password-policy.json");
    aws(&["iam", "generate-credential-report"], "generate.json");
    aws(&["iam", "get-credential-report"], "iam-get-credential-report.json");
    for cmd in [
        "instances",
        "security-groups",
        "network-acls",
        "route-tables",
        "subnets",
        "vpcs",
        "internet-gateways",
        "nat-gateways",
        "network-interfaces",
        "volumes",
        "flow-logs",
    ] {
        aws(&["ec2", &format!("describe-{cmd}")], &format!("ec2-describe-{cmd}.json"));
    }
    aws(&["ec2", "describe-snapshots", "--owner-ids", account], "ec2-describe-snapshots.json");
    aws(&["s3api", "list-buckets"], "s3api-list-buckets.json");
    let website = m["buckets"].as_array().unwrap().iter().filter_map(|b| b["name"].as_str()).find(|n| n.starts_with("website-")).unwrap();
    aws(&["s3api", "get-bucket-policy", "--bucket", website], &format!("s3api-get-bucket-policy.{website}.json"));
    aws(&["s3api", "get-bucket-acl", "--bucket", website], &format!("s3api-get-bucket-acl.{website}.json"));
    // A malformed dump is reported with its location and skipped.
    std::fs::write(dumps.join("ec2-describe-vpcs.json"), "{\"Vpcs\": [{\"VpcId\": 7}]}").unwrap();

    let out_path = dir.path().join("imported.json.gz");
    let out = mamori(&moto()).arg("import").arg(&dumps).arg("-o").arg(&out_path).output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(stderr.contains("ec2-describe-vpcs.json") && stderr.contains("Vpcs[0].VpcId"), "{stderr}");
    let snap = mamori_model::Snapshot::load(&out_path).unwrap();
    assert_eq!(snap.source.kind, "aws-cli-import");
    let a = &snap.accounts[0];
    assert_eq!(a.account_id, account, "account id inferred from the ARNs");
    assert_eq!(a.iam.users.len(), m["users"].as_array().unwrap().len());
    assert_eq!(a.iam.credential_report.len(), m["users"].as_array().unwrap().len());
    assert_eq!(a.iam.password_policy.as_ref().and_then(|p| p.minimum_password_length), Some(8));
    let role = a.iam.roles.iter().find(|r| r.role_name == "anyone-can-assume").unwrap();
    assert_eq!(role.assume_role_policy_document["Statement"][0]["Principal"]["AWS"], "*");
    let ec2 = &a.regions["us-east-1"].ec2;
    assert_eq!(ec2.instances.len(), m["instances"].as_array().unwrap().len());
    let ssh = ec2.security_groups.iter().find(|g| g.group_id == m["sg_ssh"].as_str().unwrap()).unwrap();
    assert_eq!(ssh.ip_permissions[0].ip_ranges[0].cidr_ip, "0.0.0.0/0");
    let nacl = ec2.network_acls.iter().find(|n| n.network_acl_id == m["network_acls"][0]["id"].as_str().unwrap()).unwrap();
    assert!(nacl.entries.iter().any(|e| e.rule_number == 100 && e.rule_action == "deny" && !e.egress));
    assert!(ec2.vpcs.is_empty());
    let bucket = a.buckets.iter().find(|b| b.name == website).unwrap();
    assert_eq!(bucket.policy.as_ref().unwrap()["Statement"][0]["Principal"], "*");
    // Not dumped means not collected: never a silent pass.
    assert_eq!(snap.coverage.status(account, "us-east-1", "kms", "ListKeys"), OpStatus::NotCollected);
    assert_eq!(snap.coverage.status(account, "us-east-1", "ec2", "DescribeInstanceAttribute"), OpStatus::NotCollected);
    assert!(matches!(snap.coverage.status(account, "us-east-1", "ec2", "DescribeVpcs"), OpStatus::Failed(_)));
    let missing = snap.coverage.resource_error("s3", "GetBucketEncryption", website).expect("encryption not dumped");
    assert_eq!(missing.kind, ErrorKind::NotImported);
    assert!(a.iam.users.iter().all(|u| u.access_keys.is_empty()), "no key metadata was dumped");
}

#[test]
#[ignore = "needs the moto server from scripts/test"]
fn disabled_opt_in_regions_are_skipped_and_said_so() {
    let dir = tempfile::tempdir().unwrap();
    let account = "100000000006";
    // Which regions the endpoint says are not enabled.
    let listed: std::collections::BTreeMap<String, String> = serde_json::from_value(boto3_json(
        "ec2",
        "{x['RegionName']: x['OptInStatus'] for x in client.describe_regions(AllRegions=True)['Regions']}",
    ))
    .unwrap();
    let disabled: Vec<&String> = listed.iter().filter(|(_, s)| *s == "not-opted-in").map(|(r, _)| r).collect();
    let enabled: BTreeSet<String> = listed.iter().filter(|(_, s)| *s != "not-opted-in").map(|(r, _)| r.clone()).collect();
    assert!(!disabled.is_empty(), "the endpoint lists no disabled region");

    let asked = format!("us-east-1,{},nowhere-9", disabled[0]);
    let (snap, output) = collect(&moto(), account, &dir.path().join("some.json.gz"), &["--regions", &asked]);
    assert_eq!(snap.regions, vec!["us-east-1".to_string()]);
    let skipped: Vec<(&str, &str)> = snap.skipped_regions.iter().map(|s| (s.region.as_str(), s.reason.as_str())).collect();
    assert_eq!(
        skipped,
        vec![(disabled[0].as_str(), "opt-in region not enabled for the account"), ("nowhere-9", "not a region of this partition")]
    );
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(stdout.contains(&format!("skipped    {}", disabled[0])), "{stdout}");

    let (all, _) = collect(&moto(), account, &dir.path().join("all.json.gz"), &["--regions", "all"]);
    assert_eq!(all.regions.iter().cloned().collect::<BTreeSet<_>>(), enabled);
    assert_eq!(all.skipped_regions.len(), disabled.len());
    assert!(all.accounts[0].regions.keys().cloned().collect::<BTreeSet<_>>() == enabled);
}
