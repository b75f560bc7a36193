//! EC2-004: a running instance is not managed by Systems Manager.

use super::state;
use crate::rules::prelude::*;

pub static RULE: Rule = Rule {
    code: "EC2-004",
    name: "InstanceNotManaged",
    area: Area::Ec2,
    severity: Severity::Low,
    title: t("Running instance is not managed by Systems Manager", "実行中のインスタンスが Systems Manager で管理されていない"),
    rationale: t(
        "Patch management needs an inventory of every system and its patches. An instance outside Systems Manager has no patch visibility, no Session Manager access and no run-command path for an emergency fix.",
        "パッチの管理には、すべてのシステムとそのパッチの目録が必要です。Systems Manager 管理外のインスタンスは、パッチの状態が見えず、Session Manager でのアクセスも緊急修正用のコマンド実行もできません。",
    ),
    sections: &[s::PATCHING],
    cis: &[],
    fsbp: &["SSM.1"],
    trusted_advisor: &[],
    resource_type: "AwsEc2Instance",
    remediation: Remediation {
        console: t("Systems Manager → Fleet Manager / Quick Setup → Host management: attach AmazonSSMManagedInstanceCore to the instance role and make sure the agent can reach SSM (VPC endpoints or NAT).", "Systems Manager →［フリートマネージャー］/［高速セットアップ］→［ホスト管理］で、インスタンスロールに AmazonSSMManagedInstanceCore を付け、エージェントが SSM に到達できるようにします（VPC エンドポイントまたは NAT）。"),
        cli: "aws iam attach-role-policy --role-name INSTANCE_ROLE --policy-arn arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore",
        terraform: "resource \"aws_iam_role_policy_attachment\" \"ssm\" {\n  role       = aws_iam_role.instance.name\n  policy_arn = \"arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore\"\n}",
        safe: true,
    },
    since: "0.1.0",
    check: Check::Snapshot(check),
};

fn check(cx: &Cx, out: &mut Out) {
    for (a, at, r) in cx.all_regions() {
        let read = cx.ops(at, &[("ec2", "DescribeInstances"), ("ssm", "DescribeInstanceInformation")]);
        for i in r.ec2.instances.iter().filter(|i| state(i) == "running") {
            let managed = r.managed_instances.iter().find(|m| m.instance_id == i.instance_id);
            out.judge(at, arn::ec2(a, at.region, "instance", &i.instance_id), read.clone().map(|()| managed.is_none()))
                .ev("ssm_ping_status", managed.and_then(|m| m.ping_status.clone()))
                .ev("ssm_agent_version", managed.and_then(|m| m.agent_version.clone()));
        }
    }
}
