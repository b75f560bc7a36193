//! EBS-005: a snapshot is not encrypted.

use crate::rules::prelude::*;

pub static RULE: Rule = Rule {
    code: "EBS-005",
    name: "SnapshotUnencrypted",
    area: Area::DataAtRest,
    severity: Severity::Low,
    title: t("EBS snapshot is not encrypted", "EBS スナップショットが暗号化されていない"),
    rationale: t(
        "An unencrypted snapshot can be shared or made public by a single mistake, and then read by anyone; encrypted snapshots also need the key.",
        "暗号化されていないスナップショットは、1 回の誤操作で共有・公開され、だれでも読めるようになります。暗号化されていればキーも必要です。",
    ),
    sections: &[s::T9_EBS],
    cis: &[],
    fsbp: &[],
    trusted_advisor: &[],
    resource_type: "AwsEc2Snapshot",
    remediation: Remediation {
        console: t("EC2 → Snapshots → the snapshot → Actions → Copy snapshot → Encrypt this snapshot; then delete the unencrypted original.", "EC2 →［スナップショット］→ 対象 →［アクション］→［スナップショットのコピー］→［このスナップショットを暗号化］。その後、暗号化されていない元を削除します。"),
        cli: "aws ec2 copy-snapshot --source-region REGION --source-snapshot-id SNAPSHOT_ID --encrypted",
        terraform: "resource \"aws_ebs_snapshot_copy\" \"encrypted\" {\n  source_snapshot_id = \"SNAPSHOT_ID\"\n  source_region      = \"REGION\"\n  encrypted          = true\n}",
        safe: true,
    },
    since: "0.1.0",
    check: Check::Snapshot(check),
};

fn check(cx: &Cx, out: &mut Out) {
    for (a, at, r) in cx.all_regions() {
        let read = cx.op(at, "ec2", "DescribeSnapshots");
        for s in &r.ec2.snapshots {
            out.judge(at, arn::ec2(a, at.region, "snapshot", &s.snapshot_id), read.clone().map(|()| s.encrypted != Some(true)))
                .ev("encrypted", s.encrypted)
                .ev("volume_id", s.volume_id.clone());
        }
    }
}
