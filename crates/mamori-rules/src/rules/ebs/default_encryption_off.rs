//! EBS-002: new volumes in a region are not encrypted by default.

use crate::rules::prelude::*;

pub static RULE: Rule = Rule {
    code: "EBS-002",
    name: "EbsDefaultEncryptionOff",
    area: Area::DataAtRest,
    severity: Severity::Medium,
    title: t("EBS encryption by default is disabled in the region", "リージョンで EBS のデフォルト暗号化が無効"),
    rationale: t(
        "With encryption by default, every new volume and snapshot copy in the region is encrypted whatever tool creates it; without it, each launch must remember.",
        "デフォルト暗号化を有効にすると、どのツールで作成してもリージョン内のすべての新しいボリュームとスナップショットのコピーが暗号化されます。無効だと起動のたびに指定が必要です。",
    ),
    sections: &[s::T9_EBS],
    cis: &["2.2.1"],
    fsbp: &["EC2.7"],
    trusted_advisor: &[],
    resource_type: "AwsAccount",
    remediation: Remediation {
        console: t("EC2 → Settings (Data protection and security) → EBS encryption → Manage → Always encrypt new EBS volumes.", "EC2 →［設定］（データ保護とセキュリティ）→［EBS 暗号化］→［管理］→［新しい EBS ボリュームを常に暗号化］。"),
        cli: "aws ec2 enable-ebs-encryption-by-default --region REGION",
        terraform: "resource \"aws_ebs_encryption_by_default\" \"on\" {\n  enabled = true\n}",
        safe: true,
    },
    since: "0.1.0",
    check: Check::Snapshot(check),
};

fn check(cx: &Cx, out: &mut Out) {
    for (a, at, r) in cx.all_regions() {
        let on = r.ec2.ebs_encryption_by_default;
        let verdict = cx
            .op(at, "ec2", "GetEbsEncryptionByDefault")
            .and_then(|()| on.map(|on| !on).ok_or_else(|| Reason::incomplete("ec2", "GetEbsEncryptionByDefault")));
        let f = out.judge(at, arn::regional(a, "ec2", at.region, "ebs-encryption-by-default"), verdict).ev("EbsEncryptionByDefault", on);
        if on == Some(false) {
            f.msg(format!("EBS encryption by default is off in {}", at.region), format!("{} で EBS のデフォルト暗号化が無効", at.region));
        }
    }
}
