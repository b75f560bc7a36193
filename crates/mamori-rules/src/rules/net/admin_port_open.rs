//! NET-001: a security group lets the whole internet reach a remote administration port.

use super::{covers_port, judge_groups};
use crate::rules::prelude::*;

pub static RULE: Rule = Rule {
    code: "NET-001",
    name: "AdminPortOpenToInternet",
    area: Area::Net,
    severity: Severity::High,
    title: t("Security group allows 0.0.0.0/0 or ::/0 to an admin port (22, 23, 3389, 5500)", "セキュリティグループが 0.0.0.0/0 または ::/0 から管理用ポート（22、23、3389、5500）への通信を許可している"),
    rationale: t(
        "Remote administration ports open to the world are scanned within minutes and brute-forced continuously (Trusted Advisor's security group check). Allow them only from known admin networks, or use Session Manager.",
        "全世界に開いたリモート管理ポートは数分でスキャンされ、継続的に総当たり攻撃を受けます（Trusted Advisor のセキュリティグループのチェック）。既知の管理用ネットワークからのみ許可するか、Session Manager を使います。",
    ),
    sections: &[s::TRUSTED_ADVISOR, s::EC2_TRAFFIC],
    cis: &["5.2", "5.3"],
    fsbp: &["EC2.13", "EC2.14"],
    trusted_advisor: &["Security Groups - Specific Ports Unrestricted"],
    resource_type: "AwsEc2SecurityGroup",
    remediation: Remediation {
        console: t("EC2 → Security groups → the group → Inbound rules → Edit: replace 0.0.0.0/0 and ::/0 on the admin port with your admin network's CIDR, or delete the rule and use Session Manager.", "EC2 →［セキュリティグループ］→ 対象 →［インバウンドルール］→［編集］で、管理用ポートの 0.0.0.0/0 と ::/0 を管理ネットワークの CIDR に置き換えるか、ルールを削除して Session Manager を使います。"),
        cli: "aws ec2 revoke-security-group-ingress --group-id SG_ID --protocol tcp --port 22 --cidr 0.0.0.0/0",
        terraform: "resource \"aws_vpc_security_group_ingress_rule\" \"ssh\" {\n  security_group_id = aws_security_group.app.id\n  ip_protocol       = \"tcp\"\n  from_port         = 22\n  to_port           = 22\n  cidr_ipv4         = \"203.0.113.0/24\" # admin network only\n}",
        safe: false,
    },
    since: "0.1.0",
    check: Check::Snapshot(check),
};

fn check(cx: &Cx, out: &mut Out) {
    judge_groups(
        cx,
        out,
        |cx, p| cx.config.network.admin_ports.iter().any(|port| covers_port(p, *port)),
        |g, open| {
            (
                format!("Security group {} opens an admin port to the internet: {}", g.group_id, open.join("; ")),
                format!("セキュリティグループ {} が管理用ポートをインターネットに開いている: {}", g.group_id, open.join("; ")),
            )
        },
    );
}
