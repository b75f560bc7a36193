//! KMS-003: a key scheduled for deletion still protects data.

use super::key_arn;
use crate::rules::prelude::*;
use mamori_model::services::KmsKey;

pub static RULE: Rule = Rule {
    code: "KMS-003",
    name: "DeletedKeyStillInUse",
    area: Area::DataAtRest,
    severity: Severity::High,
    title: t("KMS key scheduled for deletion is still referenced by a resource", "削除予定の KMS キーがまだリソースから参照されている"),
    rationale: t(
        "Once the key is deleted, everything encrypted under it is unreadable for good: volumes, snapshots, databases, logs. The whitepaper's secure decommissioning destroys data on purpose, never by accident.",
        "キーが削除されると、それで暗号化されたボリューム、スナップショット、データベース、ログはすべて永久に読めなくなります。ホワイトペーパーの安全な廃棄は意図して行うもので、偶然に起こしてはなりません。",
    ),
    sections: &[s::SECURE_DISPOSAL, s::KEY_MANAGEMENT],
    cis: &[],
    fsbp: &["KMS.3"],
    trusted_advisor: &[],
    resource_type: "AwsKmsKey",
    remediation: Remediation {
        console: t("KMS → the key → Key actions → Cancel key deletion; re-encrypt the listed resources under another key before scheduling deletion again.", "KMS → 対象キー →［キーのアクション］→［キーの削除をキャンセル］。再び削除を予定する前に、一覧のリソースを別のキーで再暗号化します。"),
        cli: "aws kms cancel-key-deletion --key-id KEY_ID && aws kms enable-key --key-id KEY_ID",
        terraform: "# Remove the deletion from the plan (keep the aws_kms_key resource) until nothing uses the key.",
        safe: true,
    },
    since: "0.1.0",
    check: Check::Snapshot(check),
};

/// Whether a key reference (id, ARN, `alias/NAME` or alias ARN) names `k`.
fn names(reference: &str, k: &KmsKey) -> bool {
    reference == k.key_id
        || reference.ends_with(&format!(":key/{}", k.key_id))
        || k.aliases.iter().any(|alias| reference == alias || reference.ends_with(&format!(":{alias}")))
}

/// The reads that list key users in a region.
const SOURCES: &[(&str, &str)] = &[
    ("ec2", "DescribeVolumes"),
    ("ec2", "DescribeSnapshots"),
    ("rds", "DescribeDBInstances"),
    ("rds", "DescribeDBClusters"),
    ("rds", "DescribeDBSnapshots"),
    ("efs", "DescribeFileSystems"),
    ("cloudtrail", "DescribeTrails"),
    ("logs", "DescribeLogGroups"),
    ("dynamodb", "ListTables"),
];

fn check(cx: &Cx, out: &mut Out) {
    for a in cx.accounts() {
        // Every key reference in the account: (resource, key reference).
        let mut references: Vec<(String, &str)> = Vec::new();
        for b in &a.buckets {
            for rule in b.encryption.iter().flat_map(|e| &e.rules) {
                if let Some(key) = rule.apply_server_side_encryption_by_default.as_ref().and_then(|d| d.kms_master_key_id.as_deref()) {
                    references.push((arn::bucket(a, &b.name), key));
                }
            }
        }
        for (at, r) in cx.regions(a) {
            let region = at.region;
            references
                .extend(r.ec2.volumes.iter().filter_map(|v| Some((arn::ec2(a, region, "volume", &v.volume_id), v.kms_key_id.as_deref()?))));
            references.extend(
                r.ec2.snapshots.iter().filter_map(|s| Some((arn::ec2(a, region, "snapshot", &s.snapshot_id), s.kms_key_id.as_deref()?))),
            );
            references.extend(
                r.db_instances.iter().filter_map(|i| Some((crate::rules::rds::instance_arn(a, region, i), i.kms_key_id.as_deref()?))),
            );
            references.extend(
                r.db_clusters.iter().filter_map(|c| Some((crate::rules::rds::cluster_arn(a, region, c), c.kms_key_id.as_deref()?))),
            );
            references.extend(r.db_snapshots.iter().filter_map(|s| Some((s.db_snapshot_identifier.clone(), s.kms_key_id.as_deref()?))));
            references.extend(r.efs_file_systems.iter().filter_map(|f| Some((f.file_system_id.clone(), f.kms_key_id.as_deref()?))));
            references.extend(
                r.trails.iter().filter_map(|t| Some((t.trail_arn.clone().unwrap_or_else(|| t.name.clone()), t.kms_key_id.as_deref()?))),
            );
            references.extend(r.log_groups.iter().filter_map(|g| Some((g.log_group_name.clone(), g.kms_key_id.as_deref()?))));
            references.extend(
                r.dynamodb_tables
                    .iter()
                    .filter_map(|t| Some((t.table_name.clone(), t.sse_description.as_ref()?.kms_master_key_arn.as_deref()?))),
            );
        }
        for (at, r) in cx.regions(a) {
            let read = cx.ops(at, &[("kms", "ListKeys"), ("kms", "ListAliases")]);
            for k in r.kms_keys.iter().filter(|k| super::customer_managed(k)) {
                let resource = key_arn(a, at.region, k);
                if k.key_state.as_deref() != Some("PendingDeletion") {
                    out.not_applicable(at, resource)
                        .msg("Key is not scheduled for deletion", "キーは削除予定ではない")
                        .ev("KeyState", k.key_state.clone());
                    continue;
                }
                let users: Vec<&str> = references.iter().filter(|(_, key)| names(key, k)).map(|(res, _)| res.as_str()).collect();
                let n = users.len();
                // "Unused" is only known when every place a key can be used was read.
                let sources_read = if n > 0 { Ok(()) } else { cx.ops(at, SOURCES) };
                let verdict =
                    read.clone().and_then(|()| cx.res(at.account, "kms", "DescribeKey", &k.key_id)).and(sources_read).map(|()| n > 0);
                let f =
                    out.judge(at, resource, verdict).ev("DeletionDate", k.deletion_date.map(|t| t.to_string())).ev("referenced_by", users);
                if n > 0 {
                    f.msg(
                        format!("Key {} is scheduled for deletion but still used by {n} resource(s)", k.key_id),
                        format!("キー {} は削除予定だが、まだ {n} 個のリソースが使用している", k.key_id),
                    );
                }
            }
        }
    }
}
