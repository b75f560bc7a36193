//! NET-011: private subnets reach S3 only through the internet path.

use super::RouteTables;
use crate::rules::prelude::*;

pub static RULE: Rule = Rule {
    code: "NET-011",
    name: "NoStorageEndpoint",
    area: Area::Net,
    severity: Severity::Info,
    title: t("No gateway or interface endpoint for S3/DynamoDB in a VPC with private subnets", "プライベートサブネットを持つ VPC に S3/DynamoDB のゲートウェイまたはインターフェイスエンドポイントがない"),
    rationale: t(
        "The EC2 page recommends AWS PrivateLink so instances reach AWS services with private addresses. Without an S3 endpoint, private subnets send S3 traffic through a NAT gateway to the public endpoint, and no endpoint policy can limit which buckets they reach.",
        "EC2 のページは、インスタンスがプライベートアドレスで AWS サービスに到達できるよう AWS PrivateLink を勧めています。S3 エンドポイントがないと、プライベートサブネットの S3 通信は NAT ゲートウェイ経由でパブリックエンドポイントに向かい、到達先バケットをエンドポイントポリシーで制限できません。",
    ),
    sections: &[s::EC2_NETWORK_ISOLATION, s::VPC],
    cis: &[],
    fsbp: &[],
    trusted_advisor: &[],
    resource_type: "AwsEc2Vpc",
    remediation: Remediation {
        console: t("VPC → Endpoints → Create endpoint: service com.amazonaws.REGION.s3 (Gateway), the VPC, and the private subnets' route tables; add an endpoint policy for your buckets.", "VPC →［エンドポイント］→［エンドポイントを作成］で、サービス com.amazonaws.REGION.s3（Gateway）、対象 VPC、プライベートサブネットのルートテーブルを選び、自社バケット向けのエンドポイントポリシーを付けます。"),
        cli: "aws ec2 create-vpc-endpoint --vpc-id VPC_ID --service-name com.amazonaws.REGION.s3 --vpc-endpoint-type Gateway --route-table-ids RTB_ID",
        terraform: "resource \"aws_vpc_endpoint\" \"s3\" {\n  vpc_id            = aws_vpc.main.id\n  service_name      = \"com.amazonaws.${var.region}.s3\"\n  vpc_endpoint_type = \"Gateway\"\n  route_table_ids   = [aws_route_table.private.id]\n}",
        safe: true,
    },
    since: "0.1.0",
    check: Check::Snapshot(check),
};

fn check(cx: &Cx, out: &mut Out) {
    for (a, at, r) in cx.all_regions() {
        let read = cx.ops(
            at,
            &[("ec2", "DescribeVpcs"), ("ec2", "DescribeSubnets"), ("ec2", "DescribeRouteTables"), ("ec2", "DescribeVpcEndpoints")],
        );
        let tables = RouteTables::new(&r.ec2);
        let mut subnets_by_vpc: std::collections::HashMap<&str, Vec<&mamori_model::ec2::Subnet>> = std::collections::HashMap::new();
        for s in &r.ec2.subnets {
            subnets_by_vpc.entry(s.vpc_id.as_deref().unwrap_or_default()).or_default().push(s);
        }
        for v in &r.ec2.vpcs {
            let resource = arn::ec2(a, at.region, "vpc", &v.vpc_id);
            let private: Vec<&str> = subnets_by_vpc
                .get(v.vpc_id.as_str())
                .into_iter()
                .flatten()
                .filter(|s| {
                    !tables.for_subnet(s).is_some_and(|t| {
                        t.routes.iter().any(|route| {
                            route.gateway_id.as_deref().is_some_and(|g| g.starts_with("igw-"))
                                && route.state.as_deref() != Some("blackhole")
                        })
                    })
                })
                .map(|s| s.subnet_id.as_str())
                .collect();
            if read.is_ok() && private.is_empty() {
                out.not_applicable(at, resource).msg("VPC has no private subnets", "VPC にプライベートサブネットがない");
                continue;
            }
            let endpoint = |suffix: &str| {
                r.ec2
                    .vpc_endpoints
                    .iter()
                    .any(|e| e.vpc_id.as_deref() == Some(&v.vpc_id) && e.service_name.as_deref().is_some_and(|n| n.ends_with(suffix)))
            };
            let (s3, dynamodb) = (endpoint(".s3"), endpoint(".dynamodb"));
            out.judge(at, resource, read.clone().map(|()| !s3))
                .ev("private_subnets", private)
                .ev("s3_endpoint", s3)
                .ev("dynamodb_endpoint", dynamodb);
        }
    }
}
