//! NET-004: a VPC's default security group has rules.

use super::group_arn;
use crate::rules::prelude::*;

pub static RULE: Rule = Rule {
    code: "NET-004",
    name: "DefaultSecurityGroupOpen",
    area: Area::Net,
    severity: Severity::Medium,
    title: t("Default security group allows traffic", "デフォルトのセキュリティグループが通信を許可している"),
    rationale: t(
        "Anything launched without an explicit group lands in the default group, whose default rules let members talk to each other on every port and reach anything outside. Emptying it makes forgetting a group fail closed.",
        "グループを指定せずに起動したものはデフォルトグループに入り、そのデフォルトのルールはメンバー間の全ポートの通信と外部へのすべての通信を許します。ルールを空にしておけば、グループの指定漏れは安全側に倒れます。",
    ),
    sections: &[s::NETWORK_SECURITY],
    cis: &["5.4"],
    fsbp: &["EC2.2"],
    trusted_advisor: &[],
    resource_type: "AwsEc2SecurityGroup",
    remediation: Remediation {
        console: t("EC2 → Security groups → the VPC's default group → delete every inbound and outbound rule; give resources their own groups.", "EC2 →［セキュリティグループ］→ VPC のデフォルトグループで、インバウンドとアウトバウンドのルールをすべて削除し、リソースには専用のグループを付けます。"),
        cli: "aws ec2 revoke-security-group-ingress --group-id SG_ID --ip-permissions \"$(aws ec2 describe-security-groups --group-ids SG_ID --query 'SecurityGroups[0].IpPermissions')\"",
        terraform: "resource \"aws_default_security_group\" \"default\" {\n  vpc_id = aws_vpc.main.id\n  # no ingress or egress blocks: all rules removed\n}",
        safe: false,
    },
    since: "0.1.0",
    check: Check::Snapshot(check),
};

fn check(cx: &Cx, out: &mut Out) {
    for (a, at, r) in cx.all_regions() {
        let read = cx.op(at, "ec2", "DescribeSecurityGroups");
        for g in r.ec2.security_groups.iter().filter(|g| g.group_name.as_deref() == Some("default")) {
            let (ins, outs) = (g.ip_permissions.len(), g.ip_permissions_egress.len());
            out.judge(at, group_arn(a, at.region, g), read.clone().map(|()| ins + outs > 0))
                .ev("vpc", g.vpc_id.clone())
                .ev("inbound_rules", ins)
                .ev("outbound_rules", outs);
        }
    }
}
