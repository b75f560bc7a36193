//! RDS-002: the database instance has a public address.

use super::instance_arn;
use crate::rules::prelude::*;

pub static RULE: Rule = Rule {
    code: "RDS-002",
    name: "DatabasePubliclyAccessible",
    area: Area::Net,
    severity: Severity::High,
    title: t("RDS instance is publicly accessible", "RDS インスタンスがパブリックアクセス可能"),
    rationale: t(
        "A publicly accessible instance gets a public IP and a DNS name resolving to it; one security group rule away from the internet. Databases belong in private subnets, reached from the application tier.",
        "パブリックアクセス可能なインスタンスはパブリック IP と、それを指す DNS 名を持ち、セキュリティグループのルール 1 つでインターネットに公開されます。データベースはプライベートサブネットに置き、アプリケーション層からのみ到達させます。",
    ),
    sections: &[s::T20_VPC_ACCESS, s::EC2_NETWORK_ISOLATION],
    cis: &["2.3.3"],
    fsbp: &["RDS.2"],
    trusted_advisor: &[],
    resource_type: "AwsRdsDbInstance",
    remediation: Remediation {
        console: t("RDS → Databases → the instance → Modify → Connectivity → Additional configuration → Not publicly accessible.", "RDS →［データベース］→ 対象 →［変更］→［接続］→［追加設定］→［パブリックアクセス不可］。"),
        cli: "aws rds modify-db-instance --db-instance-identifier DB --no-publicly-accessible --apply-immediately",
        terraform: "resource \"aws_db_instance\" \"db\" {\n  # ...\n  publicly_accessible = false\n}",
        safe: false,
    },
    since: "0.1.0",
    check: Check::Snapshot(check),
};

fn check(cx: &Cx, out: &mut Out) {
    for (a, at, r) in cx.all_regions() {
        let read = cx.op(at, "rds", "DescribeDBInstances");
        for i in &r.db_instances {
            out.judge(at, instance_arn(a, at.region, i), read.clone().map(|()| i.publicly_accessible == Some(true)))
                .ev("PubliclyAccessible", i.publicly_accessible)
                .ev("endpoint", i.endpoint.as_ref().and_then(|e| e.address.clone()));
        }
    }
}
