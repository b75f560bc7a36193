//! RDS-001: a database's storage is not encrypted.

use super::each_database;
use crate::rules::prelude::*;

pub static RULE: Rule = Rule {
    code: "RDS-001",
    name: "DatabaseStorageUnencrypted",
    area: Area::DataAtRest,
    severity: Severity::High,
    title: t("RDS storage is not encrypted", "RDS のストレージが暗号化されていない"),
    rationale: t(
        "Encryption at rest covers the database's storage, its automated backups, read replicas and snapshots (Table 10). It can only be chosen at creation: an unencrypted database must be migrated.",
        "保管時の暗号化は、データベースのストレージ、自動バックアップ、リードレプリカ、スナップショットに及びます（表 10）。作成時にしか選べないため、暗号化されていないデータベースは移行が必要です。",
    ),
    sections: &[s::RDS_AT_REST],
    cis: &["2.3.1"],
    fsbp: &["RDS.3"],
    trusted_advisor: &[],
    resource_type: "AwsRdsDbInstance",
    remediation: Remediation {
        console: t("Take a snapshot, copy it with encryption (KMS key), restore a new instance from the encrypted copy and switch the application to it.", "スナップショットを取得し、KMS キーで暗号化してコピーし、その暗号化コピーから新しいインスタンスを復元して、アプリケーションを切り替えます。"),
        cli: "aws rds copy-db-snapshot --source-db-snapshot-identifier SNAP --target-db-snapshot-identifier SNAP-enc --kms-key-id KEY_ID",
        terraform: "resource \"aws_db_instance\" \"db\" {\n  # ...\n  storage_encrypted = true\n  kms_key_id        = aws_kms_key.rds.arn\n}",
        safe: false,
    },
    since: "0.1.0",
    check: Check::Snapshot(check),
};

fn check(cx: &Cx, out: &mut Out) {
    each_database(
        cx,
        out,
        |i| (i.storage_encrypted != Some(true), json!({"StorageEncrypted": i.storage_encrypted})),
        |c| (c.storage_encrypted != Some(true), json!({"StorageEncrypted": c.storage_encrypted})),
    );
}
