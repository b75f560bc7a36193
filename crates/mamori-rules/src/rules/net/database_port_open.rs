//! NET-002: a security group lets the whole internet reach a database port.

use super::{covers_port, judge_groups};
use crate::rules::prelude::*;

pub static RULE: Rule = Rule {
    code: "NET-002",
    name: "DatabasePortOpenToInternet",
    area: Area::Net,
    severity: Severity::High,
    title: t("Security group allows the internet to a database port (1433, 1434, 3306, 1521, 5432)", "セキュリティグループがインターネットからデータベースポート（1433、1434、3306、1521、5432）への通信を許可している"),
    rationale: t(
        "Databases are meant to be reached from the application tier, not the internet. An open database port invites credential stuffing and exploits of the engine itself.",
        "データベースはアプリケーション層から到達させるもので、インターネットからではありません。開いたデータベースポートは、認証情報の総当たりやエンジン自体の脆弱性攻撃を招きます。",
    ),
    sections: &[s::TRUSTED_ADVISOR, s::T20_VPC_ACCESS],
    cis: &[],
    fsbp: &["EC2.19"],
    trusted_advisor: &["Security Groups - Specific Ports Unrestricted"],
    resource_type: "AwsEc2SecurityGroup",
    remediation: Remediation {
        console: t("EC2 → Security groups → the group → Inbound rules → Edit: allow the database port only from the application tier's security group.", "EC2 →［セキュリティグループ］→ 対象 →［インバウンドルール］→［編集］で、データベースポートはアプリケーション層のセキュリティグループからのみ許可します。"),
        cli: "aws ec2 revoke-security-group-ingress --group-id SG_ID --protocol tcp --port 3306 --cidr 0.0.0.0/0",
        terraform: "resource \"aws_vpc_security_group_ingress_rule\" \"db\" {\n  security_group_id            = aws_security_group.db.id\n  ip_protocol                  = \"tcp\"\n  from_port                    = 5432\n  to_port                      = 5432\n  referenced_security_group_id = aws_security_group.app.id\n}",
        safe: false,
    },
    since: "0.1.0",
    check: Check::Snapshot(check),
};

fn check(cx: &Cx, out: &mut Out) {
    judge_groups(
        cx,
        out,
        |cx, p| cx.config.network.database_ports.iter().any(|port| covers_port(p, *port)),
        |g, open| {
            (
                format!("Security group {} opens a database port to the internet: {}", g.group_id, open.join("; ")),
                format!("セキュリティグループ {} がデータベースポートをインターネットに開いている: {}", g.group_id, open.join("; ")),
            )
        },
    );
}
