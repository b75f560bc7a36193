//! EBS-001: a volume is not encrypted.

use crate::rules::prelude::*;

pub static RULE: Rule = Rule {
    code: "EBS-001",
    name: "VolumeUnencrypted",
    area: Area::DataAtRest,
    severity: Severity::Medium,
    title: t("EBS volume is not encrypted", "EBS ボリュームが暗号化されていない"),
    rationale: t(
        "Table 9 protects EBS data at rest with encryption. An unencrypted volume, and every snapshot taken of it, can be read by anyone who gets a copy.",
        "表 9 は EBS の保管時データを暗号化で保護するとしています。暗号化されていないボリュームとそのスナップショットは、コピーを入手しただれもが読めます。",
    ),
    sections: &[s::T9_EBS, s::EBS_AT_REST],
    cis: &["2.2.1"],
    fsbp: &["EC2.3"],
    trusted_advisor: &[],
    resource_type: "AwsEc2Volume",
    remediation: Remediation {
        console: t(
            "Create a snapshot of the volume, copy it with encryption enabled, create a volume from the encrypted copy and swap it in (stop the instance first).",
            "ボリュームのスナップショットを作成し、暗号化を有効にしてコピーし、そのコピーからボリュームを作成して差し替えます（先にインスタンスを停止します）。",
        ),
        cli: "aws ec2 copy-snapshot --source-region REGION --source-snapshot-id SNAPSHOT_ID --encrypted --kms-key-id KEY_ID",
        terraform: "resource \"aws_ebs_volume\" \"v\" {\n  # ...\n  encrypted  = true\n  kms_key_id = aws_kms_key.ebs.arn\n}",
        safe: false,
    },
    since: "0.1.0",
    check: Check::Snapshot(check),
};

fn check(cx: &Cx, out: &mut Out) {
    for (a, at, r) in cx.all_regions() {
        let read = cx.op(at, "ec2", "DescribeVolumes");
        for v in &r.ec2.volumes {
            let attached: Vec<&str> = v.attachments.iter().filter_map(|x| x.instance_id.as_deref()).collect();
            out.judge(at, arn::ec2(a, at.region, "volume", &v.volume_id), read.clone().map(|()| v.encrypted != Some(true)))
                .ev("encrypted", v.encrypted)
                .ev("attached_to", attached);
        }
    }
}
