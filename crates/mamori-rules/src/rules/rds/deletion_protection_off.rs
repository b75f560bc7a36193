//! RDS-007: the database can be deleted in one call.

use super::each_database;
use crate::rules::prelude::*;

pub static RULE: Rule = Rule {
    code: "RDS-007",
    name: "DeletionProtectionOff",
    area: Area::DataAtRest,
    severity: Severity::Low,
    title: t("RDS deletion protection is off", "RDS の削除保護が無効"),
    rationale: t(
        "Accidental deletion is one of Table 7's threats. With deletion protection, deleting the database needs a deliberate modify first, so a mistaken script or click cannot remove it.",
        "過失による削除は表 7 の脅威の 1 つです。削除保護があれば、削除の前に意図的な変更操作が必要になり、誤ったスクリプトやクリックで消えることはありません。",
    ),
    sections: &[s::T7_AT_REST_THREATS],
    cis: &[],
    fsbp: &["RDS.8"],
    trusted_advisor: &[],
    resource_type: "AwsRdsDbInstance",
    remediation: Remediation {
        console: t("RDS → Databases → the database → Modify → Enable deletion protection.", "RDS →［データベース］→ 対象 →［変更］→［削除保護を有効にする］。"),
        cli: "aws rds modify-db-instance --db-instance-identifier DB --deletion-protection --apply-immediately",
        terraform: "resource \"aws_db_instance\" \"db\" {\n  # ...\n  deletion_protection = true\n}",
        safe: true,
    },
    since: "0.1.0",
    check: Check::Snapshot(check),
};

fn check(cx: &Cx, out: &mut Out) {
    each_database(
        cx,
        out,
        |i| (i.deletion_protection != Some(true), json!({"DeletionProtection": i.deletion_protection})),
        |c| (c.deletion_protection != Some(true), json!({"DeletionProtection": c.deletion_protection})),
    );
}
