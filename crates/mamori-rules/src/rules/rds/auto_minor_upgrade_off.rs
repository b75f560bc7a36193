//! RDS-005: minor engine versions (security fixes) are not applied automatically.

use super::instance_arn;
use crate::rules::prelude::*;

pub static RULE: Rule = Rule {
    code: "RDS-005",
    name: "AutoMinorUpgradeOff",
    area: Area::Ec2,
    severity: Severity::Low,
    title: t("RDS auto minor version upgrade is off", "RDS のマイナーバージョン自動アップグレードが無効"),
    rationale: t(
        "Minor versions carry the engine's security fixes. The whitepaper's patch management applies them on a schedule; with auto upgrade RDS does it in the maintenance window.",
        "マイナーバージョンにはエンジンのセキュリティ修正が含まれます。ホワイトペーパーのパッチの管理は計画的な適用を求めており、自動アップグレードでは RDS がメンテナンスウィンドウで適用します。",
    ),
    sections: &[s::PATCHING],
    cis: &["2.3.2"],
    fsbp: &["RDS.13"],
    trusted_advisor: &[],
    resource_type: "AwsRdsDbInstance",
    remediation: Remediation {
        console: t("RDS → Databases → the instance → Modify → Maintenance → Enable auto minor version upgrade.", "RDS →［データベース］→ 対象 →［変更］→［メンテナンス］→［マイナーバージョン自動アップグレードの有効化］。"),
        cli: "aws rds modify-db-instance --db-instance-identifier DB --auto-minor-version-upgrade --apply-immediately",
        terraform: "resource \"aws_db_instance\" \"db\" {\n  # ...\n  auto_minor_version_upgrade = true\n}",
        safe: true,
    },
    since: "0.1.0",
    check: Check::Snapshot(check),
};

fn check(cx: &Cx, out: &mut Out) {
    for (a, at, r) in cx.all_regions() {
        let read = cx.op(at, "rds", "DescribeDBInstances");
        for i in &r.db_instances {
            out.judge(at, instance_arn(a, at.region, i), read.clone().map(|()| i.auto_minor_version_upgrade != Some(true)))
                .ev("AutoMinorVersionUpgrade", i.auto_minor_version_upgrade)
                .ev("EngineVersion", i.engine_version.clone());
        }
    }
}
