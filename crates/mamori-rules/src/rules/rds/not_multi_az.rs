//! RDS-006: the database runs in a single Availability Zone.

use super::each_database;
use crate::rules::prelude::*;

pub static RULE: Rule = Rule {
    code: "RDS-006",
    name: "DatabaseNotMultiAz",
    area: Area::DataAtRest,
    severity: Severity::Low,
    title: t("RDS database is not Multi-AZ", "RDS データベースがマルチ AZ ではない"),
    rationale: t(
        "Availability is one of the threats to data at rest (Table 7). A single-AZ database is down for the whole of an AZ failure or a host replacement; Multi-AZ fails over in minutes.",
        "可用性は保管時データへの脅威の 1 つです（表 7）。シングル AZ のデータベースは AZ 障害やホスト交換の間ずっと停止しますが、マルチ AZ なら数分でフェイルオーバーします。",
    ),
    sections: &[s::T7_AT_REST_THREATS],
    cis: &[],
    fsbp: &["RDS.5"],
    trusted_advisor: &[],
    resource_type: "AwsRdsDbInstance",
    remediation: Remediation {
        console: t("RDS → Databases → the database → Modify → Multi-AZ deployment: create a standby instance.", "RDS →［データベース］→ 対象 →［変更］→［マルチ AZ 配置］でスタンバイインスタンスを作成します。"),
        cli: "aws rds modify-db-instance --db-instance-identifier DB --multi-az --apply-immediately",
        terraform: "resource \"aws_db_instance\" \"db\" {\n  # ...\n  multi_az = true\n}",
        safe: true,
    },
    since: "0.1.0",
    check: Check::Snapshot(check),
};

fn check(cx: &Cx, out: &mut Out) {
    each_database(
        cx,
        out,
        |i| (i.multi_az != Some(true), json!({"MultiAZ": i.multi_az})),
        // Aurora spreads storage over three AZs; a cluster with a reader in another AZ reports MultiAZ.
        |c| (c.multi_az != Some(true), json!({"MultiAZ": c.multi_az, "members": c.db_cluster_members.len()})),
    );
}
