//! EC2-005: a managed instance is missing patches.

use crate::rules::prelude::*;

pub static RULE: Rule = Rule {
    code: "EC2-005",
    name: "InstanceMissingPatches",
    area: Area::Ec2,
    severity: Severity::High,
    title: t("Managed instance is missing patches (patch compliance NON_COMPLIANT)", "管理対象インスタンスにパッチが不足している（パッチコンプライアンスが NON_COMPLIANT）"),
    rationale: t(
        "The whitepaper's patch management compares each system's installed patches with the vendor's list and installs what is missing. Systems Manager's patch scan has found missing or failed patches on this instance.",
        "ホワイトペーパーのパッチの管理は、各システムのインストール済みパッチをベンダーの一覧と比較し、不足分を適用することです。Systems Manager のパッチスキャンで、このインスタンスに不足または失敗したパッチが見つかりました。",
    ),
    sections: &[s::PATCHING],
    cis: &[],
    fsbp: &["SSM.2"],
    trusted_advisor: &[],
    resource_type: "AwsEc2Instance",
    remediation: Remediation {
        console: t("Systems Manager → Patch Manager → Patch now (Scan and install) for the instance, or a maintenance window with AWS-RunPatchBaseline.", "Systems Manager →［Patch Manager］→ 対象インスタンスに［今すぐパッチ適用］（スキャンとインストール）、または AWS-RunPatchBaseline のメンテナンスウィンドウを設定します。"),
        cli: "aws ssm send-command --document-name AWS-RunPatchBaseline --targets Key=InstanceIds,Values=INSTANCE_ID --parameters Operation=Install",
        terraform: "resource \"aws_ssm_association\" \"patch\" {\n  name = \"AWS-RunPatchBaseline\"\n  schedule_expression = \"cron(0 3 ? * SUN *)\"\n  parameters = { Operation = \"Install\" }\n  targets {\n    key    = \"tag:Patch\"\n    values = [\"true\"]\n  }\n}",
        safe: false,
    },
    since: "0.1.0",
    check: Check::Snapshot(check),
};

fn check(cx: &Cx, out: &mut Out) {
    for (a, at, r) in cx.all_regions() {
        let read = cx.op(at, "ssm", "DescribeInstanceInformation");
        for m in &r.managed_instances {
            let resource = arn::ec2(a, at.region, "instance", &m.instance_id);
            let state = m.patch_state.as_ref();
            let missing = state.and_then(|s| s.missing_count).unwrap_or(0);
            let failed = state.and_then(|s| s.failed_count).unwrap_or(0);
            let compliance = m.patch_compliance.clone();
            let verdict = read.clone().and_then(|()| {
                // Either patch source decides; neither means the instance was never scanned.
                if compliance.is_none() && state.is_none() {
                    let op = cx.op(at, "ssm", "DescribeInstancePatchStates");
                    return op.and(Err(Reason::incomplete("ssm", "DescribeInstancePatchStates")));
                }
                Ok(compliance.as_deref() == Some("NON_COMPLIANT") || missing > 0 || failed > 0)
            });
            out.judge(at, resource, verdict).ev("patch_compliance", compliance).ev("MissingCount", missing).ev("FailedCount", failed);
        }
    }
}
