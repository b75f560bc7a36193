//! NET-008: a database or an internal-tier instance sits in a public subnet
//! (one whose route table reaches an attached internet gateway).

use crate::rules::prelude::*;

pub static RULE: Rule = Rule {
    code: "NET-008",
    name: "InternalTierInPublicSubnet",
    area: Area::Net,
    severity: Severity::Medium,
    title: t("Database or internal-tier resource sits in a public subnet", "データベースまたは内部層のリソースがパブリックサブネットに置かれている"),
    rationale: t(
        "Table 20 and the EC2 page put only internet-facing tiers in public subnets; application and database tiers belong in private subnets with no route to an internet gateway, so that one mistaken security group rule or public address cannot expose them.",
        "表 20 と EC2 のページは、パブリックサブネットにはインターネットに面した層だけを置くとしています。アプリケーション層とデータベース層はインターネットゲートウェイへの経路がないプライベートサブネットに置き、セキュリティグループのルールやパブリックアドレスを 1 つ誤っただけで公開されないようにします。",
    ),
    sections: &[s::EC2_NETWORK_ISOLATION, s::T20_VPC_ACCESS, s::ZONING],
    cis: &[],
    fsbp: &[],
    trusted_advisor: &[],
    resource_type: "AwsRdsDbInstance",
    remediation: Remediation {
        console: t(
            "RDS → Subnet groups → edit the DB subnet group to contain only private subnets (no 0.0.0.0/0 route to an internet gateway); for EC2, launch the tier into a private subnet and reach the internet through a NAT gateway.",
            "RDS →［サブネットグループ］で DB サブネットグループをプライベートサブネット（インターネットゲートウェイへの 0.0.0.0/0 経路がない）だけにします。EC2 では、その層をプライベートサブネットで起動し、インターネットへは NAT ゲートウェイ経由で接続します。",
        ),
        cli: "aws rds modify-db-subnet-group --db-subnet-group-name NAME --subnet-ids subnet-private-a subnet-private-b",
        terraform: "resource \"aws_db_subnet_group\" \"db\" {\n  name       = \"db-private\"\n  subnet_ids = [aws_subnet.private_a.id, aws_subnet.private_b.id]\n}",
        safe: false,
    },
    since: "0.2.0",
    check: Check::Snapshot(check),
};

fn check(cx: &Cx, out: &mut Out) {
    let view = cx.net();
    let net = &view.network;
    let public = |subnets: &[&str]| -> Vec<String> {
        subnets
            .iter()
            .filter(|s| net.subnet_is_public(s))
            .map(|s| match net.table_of(s) {
                Some(t) => format!("{s} ({})", t.id),
                None => (*s).to_string(),
            })
            .collect()
    };
    let from = out.len();
    for (a, at, r) in cx.all_regions() {
        let routes = cx.ops(at, &[("ec2", "DescribeRouteTables"), ("ec2", "DescribeSubnets"), ("ec2", "DescribeInternetGateways")]);
        let dbs = cx.op(at, "rds", "DescribeDBInstances").and(routes.clone());
        for db in &r.db_instances {
            let subnets: Vec<&str> =
                db.db_subnet_group.iter().flat_map(|g| &g.subnets).filter_map(|s| s.subnet_identifier.as_deref()).collect();
            let open = public(&subnets);
            let arn = crate::arn::or(db.db_instance_arn.as_ref(), || {
                crate::arn::regional(a, "rds", at.region, &format!("db:{}", db.db_instance_identifier))
            });
            let f = out.judge(at, arn, dbs.clone().map(|()| !open.is_empty()));
            f.ev("engine", db.engine.clone()).ev("subnets", subnets.iter().map(|s| s.to_string()).collect::<Vec<_>>());
            if !open.is_empty() {
                f.ev("public_subnets", open.clone());
                f.msg(
                    format!("Database {} can be placed in public subnets: {}", db.db_instance_identifier, open.join(", ")),
                    format!("データベース {} がパブリックサブネットに配置されうる: {}", db.db_instance_identifier, open.join(", ")),
                );
            }
        }
    }
    out.retype_from(from, "AwsRdsDbInstance");
    let from = out.len();
    let tiers = &cx.config.network;
    for (a, at, r) in cx.all_regions() {
        let read = cx.ops(
            at,
            &[
                ("ec2", "DescribeInstances"),
                ("ec2", "DescribeRouteTables"),
                ("ec2", "DescribeSubnets"),
                ("ec2", "DescribeInternetGateways"),
            ],
        );
        for i in r.ec2.instances.iter().filter(|i| crate::rules::ec2::live(i)) {
            let Some((key, tier)) = cx.tag(&i.tags, &tiers.tier_tags) else { continue };
            if !tiers.internal_tiers.iter().any(|t| t.eq_ignore_ascii_case(tier)) {
                continue;
            }
            let mut subnets: Vec<&str> = net.instance_enis(&i.instance_id).iter().filter_map(|e| e.subnet).collect();
            subnets.extend(i.subnet_id.as_deref());
            subnets.sort_unstable();
            subnets.dedup();
            let open = public(&subnets);
            let f = out.judge(at, crate::arn::ec2(a, at.region, "instance", &i.instance_id), read.clone().map(|()| !open.is_empty()));
            f.ev("tier", format!("{key}={tier}")).ev("subnets", subnets.iter().map(|s| s.to_string()).collect::<Vec<_>>());
            if !open.is_empty() {
                f.ev("public_subnets", open.clone());
                f.msg(
                    format!("Instance {} of tier {tier} is in a public subnet: {}", i.instance_id, open.join(", ")),
                    format!("層 {tier} のインスタンス {} がパブリックサブネットにある: {}", i.instance_id, open.join(", ")),
                );
            }
        }
    }
    out.retype_from(from, "AwsEc2Instance");
}
