//! NET-006: nobody records the traffic of a VPC.

use crate::rules::prelude::*;

pub static RULE: Rule = Rule {
    code: "NET-006",
    name: "VpcWithoutFlowLog",
    area: Area::Log,
    severity: Severity::Medium,
    title: t("VPC has no flow log", "VPC にフローログがない"),
    rationale: t(
        "VPC Flow Logs record accepted and rejected connections: the evidence to see scans, exfiltration and lateral movement, and the data for traffic baselines. The EC2 page lists them among the network monitoring tools.",
        "VPC フローログは許可・拒否された接続を記録し、スキャン、持ち出し、横展開を見つける根拠とトラフィックのベースラインのデータになります。EC2 のページはネットワーク監視の手段として挙げています。",
    ),
    sections: &[s::VPC, s::MONITORING, s::EC2_NETWORK_ISOLATION],
    cis: &["3.7"],
    fsbp: &["EC2.6"],
    trusted_advisor: &[],
    resource_type: "AwsEc2Vpc",
    remediation: Remediation {
        console: t("VPC → Your VPCs → the VPC → Flow logs → Create flow log: filter All (or Reject at least), destination CloudWatch Logs or S3.", "VPC →［お使いの VPC］→ 対象 →［フローログ］→［フローログを作成］で、フィルターを［すべて］（最低でも［拒否］）、送信先を CloudWatch Logs または S3 にします。"),
        cli: "aws ec2 create-flow-logs --resource-type VPC --resource-ids VPC_ID --traffic-type ALL --log-destination-type s3 --log-destination arn:aws:s3:::FLOW_LOG_BUCKET",
        terraform: "resource \"aws_flow_log\" \"vpc\" {\n  vpc_id               = aws_vpc.main.id\n  traffic_type         = \"ALL\"\n  log_destination_type = \"s3\"\n  log_destination      = aws_s3_bucket.flow_logs.arn\n}",
        safe: true,
    },
    since: "0.1.0",
    check: Check::Snapshot(check),
};

fn check(cx: &Cx, out: &mut Out) {
    for (a, at, r) in cx.all_regions() {
        let read = cx.ops(at, &[("ec2", "DescribeVpcs"), ("ec2", "DescribeFlowLogs")]);
        for v in &r.ec2.vpcs {
            let logs: Vec<String> = r
                .ec2
                .flow_logs
                .iter()
                .filter(|f| f.resource_id.as_deref() == Some(&v.vpc_id) && f.flow_log_status.as_deref().is_none_or(|s| s == "ACTIVE"))
                .map(|f| {
                    format!(
                        "{} ({}, {})",
                        f.flow_log_id,
                        f.traffic_type.as_deref().unwrap_or("?"),
                        f.log_destination_type.as_deref().unwrap_or("?")
                    )
                })
                .collect();
            out.judge(at, arn::ec2(a, at.region, "vpc", &v.vpc_id), read.clone().map(|()| logs.is_empty()))
                .ev("flow_logs", logs)
                .ev("is_default", v.is_default);
        }
    }
}
