//! IAM-018: a running instance has no IAM role.

use crate::rules::prelude::*;

pub static RULE: Rule = Rule {
    code: "IAM-018",
    name: "InstanceWithoutRole",
    area: Area::Iam,
    severity: Severity::Low,
    title: t("Running EC2 instance has no IAM role", "実行中の EC2 インスタンスに IAM ロールがない"),
    rationale: t(
        "Applications on an instance without a role that call AWS need keys stored on the instance, where they leak and are never rotated. The whitepaper's IAM roles for EC2 deliver temporary credentials instead.",
        "ロールのないインスタンス上のアプリケーションが AWS を呼び出すには、インスタンスにキーを置く必要があり、漏えいしやすく更新もされません。ホワイトペーパーの「Amazon EC2 の IAM ロール」は、代わりに一時的な認証情報を配布します。",
    ),
    sections: &[s::EC2_ROLES, s::T6_DELEGATION],
    cis: &["1.18"],
    fsbp: &[],
    trusted_advisor: &[],
    resource_type: "AwsEc2Instance",
    remediation: Remediation {
        console: t(
            "EC2 → Instances → the instance → Actions → Security → Modify IAM role: attach an instance profile with only the permissions the workload needs; then remove any keys stored on the host.",
            "EC2 →［インスタンス］→ 対象 →［アクション］→［セキュリティ］→［IAM ロールを変更］で、必要最小限の権限を持つインスタンスプロファイルを付け、ホスト上に保存されたキーを削除します。",
        ),
        cli: "aws ec2 associate-iam-instance-profile --instance-id INSTANCE_ID --iam-instance-profile Name=PROFILE",
        terraform: "resource \"aws_instance\" \"app\" {\n  # ...\n  iam_instance_profile = aws_iam_instance_profile.app.name\n}",
        safe: true,
    },
    since: "0.1.0",
    check: Check::Snapshot(check),
};

fn check(cx: &Cx, out: &mut Out) {
    for (a, at, r) in cx.all_regions() {
        let read = cx.op(at, "ec2", "DescribeInstances");
        for i in &r.ec2.instances {
            let state = i.state.as_ref().and_then(|s| s.name.as_deref()).unwrap_or_default();
            let resource = arn::ec2(a, at.region, "instance", &i.instance_id);
            if state != "running" {
                out.not_applicable(at, resource)
                    .msg(format!("Instance is {state}"), format!("インスタンスの状態は {state}"))
                    .ev("state", state);
                continue;
            }
            let profile = i.iam_instance_profile.as_ref().and_then(|p| p.arn.clone());
            let failed = profile.is_none();
            let f = out.judge(at, resource, read.clone().map(|()| failed)).ev("iam_instance_profile", profile);
            if failed {
                f.msg(
                    format!("Instance {} runs without an IAM role", i.instance_id),
                    format!("インスタンス {} が IAM ロールなしで実行されている", i.instance_id),
                );
            }
        }
    }
}
