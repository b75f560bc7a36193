//! The asset register (whitepaper Table 1, 「AWS でのアセットの定義と分類」): each
//! resource with its owner, category, data classification, dependencies and
//! value, from the inventory and its tags (tag keys from `[tags]`).

use std::collections::HashMap;

use mamori_model::{Account, Snapshot};
use serde::{Deserialize, Serialize};

use crate::{arn, Config, Cx};

/// Essential assets are the business's information (the data stores);
/// supporting assets are the software, hardware and network that carry it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Category {
    Essential,
    Supporting,
}

/// How much the asset matters: from its classification, raised to the
/// value of the essential assets that depend on it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Value {
    Low,
    Medium,
    High,
}

/// One row of the register.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Asset {
    pub arn: String,
    pub account: String,
    pub region: String,
    pub resource_type: String,
    pub category: Category,
    pub owner: Option<String>,
    pub classification: Option<String>,
    /// ARNs of what this asset depends on (groups, subnet, volumes, role, key).
    pub dependencies: Vec<String>,
    pub value: Value,
    /// Whether the tags could be read (when not, owner and classification are unknown).
    pub tags_read: bool,
}

/// The register of every tracked resource, sorted by ARN.
pub fn register(snapshot: &Snapshot, config: &Config) -> Vec<Asset> {
    let cx = Cx::new(snapshot, config);
    let mut assets = Vec::new();
    for a in cx.accounts() {
        let deps = dependencies(&cx, a);
        for r in crate::rules::assets::resources(&cx, a) {
            let owner = cx.tag(r.tags, &config.tags.owner).map(|(_, v)| v.to_string()).filter(|v| !v.is_empty());
            let classification = cx.classification(r.tags).map(|(_, v)| v.to_string()).filter(|v| !v.is_empty());
            let value = if cx.is_confidential(r.tags) || cx.is_critical(r.tags) {
                Value::High
            } else if r.data_store {
                Value::Medium
            } else {
                Value::Low
            };
            assets.push(Asset {
                dependencies: deps.get(&r.arn).cloned().unwrap_or_default(),
                arn: r.arn,
                account: r.at.account.to_string(),
                region: r.at.region.to_string(),
                resource_type: r.resource_type.to_string(),
                category: if r.data_store { Category::Essential } else { Category::Supporting },
                owner,
                classification,
                value,
                tags_read: r.read.is_ok(),
            });
        }
        for (at, region) in cx.regions(a) {
            for k in region.kms_keys.iter().filter(|k| k.key_manager.as_deref() != Some("AWS")) {
                assets.push(Asset {
                    arn: arn::or(k.arn.as_ref(), || arn::regional(a, "kms", at.region, &format!("key/{}", k.key_id))),
                    account: a.account_id.clone(),
                    region: at.region.to_string(),
                    resource_type: "AwsKmsKey".to_string(),
                    category: Category::Supporting,
                    owner: None,
                    classification: None,
                    dependencies: Vec::new(),
                    value: Value::Low,
                    tags_read: false,
                });
            }
        }
    }
    assets.sort_by(|x, y| x.arn.cmp(&y.arn));
    // An asset is worth at least as much as what depends on it.
    let values: HashMap<String, Value> = assets.iter().map(|x| (x.arn.clone(), x.value)).collect();
    let mut raised: HashMap<String, Value> = HashMap::new();
    for x in &assets {
        for d in &x.dependencies {
            if values.get(d).is_some_and(|v| *v < x.value) {
                let e = raised.entry(d.clone()).or_insert(x.value);
                *e = (*e).max(x.value);
            }
        }
    }
    for x in &mut assets {
        if let Some(v) = raised.get(&x.arn) {
            x.value = x.value.max(*v);
        }
    }
    assets
}

/// A KMS key id or ARN as an ARN.
fn key_arn(a: &Account, region: &str, key: &str) -> String {
    if key.starts_with("arn:") {
        key.to_string()
    } else {
        arn::regional(a, "kms", region, &format!("key/{key}"))
    }
}

fn dependencies<'a>(cx: &Cx<'a>, a: &'a Account) -> HashMap<String, Vec<String>> {
    let mut deps: HashMap<String, Vec<String>> = HashMap::new();
    for b in crate::rules::s3::buckets(cx, a) {
        let region = b.region.as_deref().unwrap_or("us-east-1");
        let keys: Vec<String> = b
            .encryption
            .iter()
            .flat_map(|e| &e.rules)
            .filter_map(|r| r.apply_server_side_encryption_by_default.as_ref()?.kms_master_key_id.as_deref())
            .map(|k| key_arn(a, region, k))
            .collect();
        if !keys.is_empty() {
            deps.insert(arn::bucket(a, &b.name), keys);
        }
    }
    for (at, r) in cx.regions(a) {
        let mut eni_groups: HashMap<&str, Vec<&str>> = HashMap::new();
        for n in &r.ec2.network_interfaces {
            if let Some(instance) = n.attachment.as_ref().and_then(|x| x.instance_id.as_deref()) {
                eni_groups.entry(instance).or_default().extend(n.groups.iter().filter_map(|g| g.group_id.as_deref()));
            }
        }
        for i in &r.ec2.instances {
            // Groups from the instance and from its interfaces (DescribeInstances
            // does not always list them on the instance itself).
            let mut groups: Vec<&str> = i.security_groups.iter().filter_map(|g| g.group_id.as_deref()).collect();
            groups.extend(eni_groups.get(i.instance_id.as_str()).into_iter().flatten().copied());
            groups.sort_unstable();
            groups.dedup();
            let mut list: Vec<String> = groups.into_iter().map(|g| arn::ec2(a, at.region, "security-group", g)).collect();
            list.extend(i.subnet_id.iter().map(|s| arn::ec2(a, at.region, "subnet", s)));
            list.extend(
                i.block_device_mappings
                    .iter()
                    .filter_map(|m| m.ebs.as_ref()?.volume_id.as_deref())
                    .map(|v| arn::ec2(a, at.region, "volume", v)),
            );
            list.extend(i.iam_instance_profile.iter().filter_map(|p| p.arn.clone()));
            deps.insert(arn::ec2(a, at.region, "instance", &i.instance_id), list);
        }
        for v in &r.ec2.volumes {
            if let Some(k) = &v.kms_key_id {
                deps.insert(arn::ec2(a, at.region, "volume", &v.volume_id), vec![key_arn(a, at.region, k)]);
            }
        }
        for d in &r.db_instances {
            let mut list: Vec<String> = d
                .vpc_security_groups
                .iter()
                .filter_map(|g| g.vpc_security_group_id.as_deref())
                .map(|g| arn::ec2(a, at.region, "security-group", g))
                .collect();
            list.extend(
                d.db_subnet_group
                    .iter()
                    .filter_map(|g| g.db_subnet_group_name.as_deref())
                    .map(|n| arn::regional(a, "rds", at.region, &format!("subgrp:{n}"))),
            );
            list.extend(d.kms_key_id.iter().map(|k| key_arn(a, at.region, k)));
            deps.insert(crate::rules::rds::instance_arn(a, at.region, d), list);
        }
    }
    deps
}
