//! RDS-003: automated backups are kept for less than 7 days.

use super::each_database;
use crate::rules::prelude::*;

pub static RULE: Rule = Rule {
    code: "RDS-003",
    name: "BackupRetentionShort",
    area: Area::DataAtRest,
    severity: Severity::Medium,
    title: t("RDS backup retention is shorter than 7 days", "RDS のバックアップ保持期間が 7 日未満"),
    rationale: t(
        "Automated backups allow point-in-time restore within the retention period (Table 7, backups). Less than a week often ends before a silent corruption or deletion is noticed; 0 disables backups.",
        "自動バックアップは保持期間内の任意の時点への復元を可能にします（表 7 バックアップ）。1 週間未満では、気付かれにくい破損や削除が判明する前に期限が切れることが多く、0 はバックアップ無効です。",
    ),
    sections: &[s::T7_AT_REST_THREATS, s::RDS_AT_REST],
    cis: &[],
    fsbp: &["RDS.11"],
    trusted_advisor: &[],
    resource_type: "AwsRdsDbInstance",
    remediation: Remediation {
        console: t("RDS → Databases → the database → Modify → Backup retention period: 7 days or more → Apply immediately.", "RDS →［データベース］→ 対象 →［変更］→［バックアップ保持期間］を 7 日以上にし、［すぐに適用］します。"),
        cli: "aws rds modify-db-instance --db-instance-identifier DB --backup-retention-period 7 --apply-immediately",
        terraform: "resource \"aws_db_instance\" \"db\" {\n  # ...\n  backup_retention_period = 7\n}",
        safe: true,
    },
    since: "0.1.0",
    check: Check::Snapshot(check),
};

const DAYS: i32 = 7;

fn check(cx: &Cx, out: &mut Out) {
    each_database(
        cx,
        out,
        |i| (i.backup_retention_period.unwrap_or(0) < DAYS, json!({"BackupRetentionPeriod": i.backup_retention_period})),
        |c| (c.backup_retention_period.unwrap_or(0) < DAYS, json!({"BackupRetentionPeriod": c.backup_retention_period})),
    );
}
