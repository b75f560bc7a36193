//! ELB-003: the load balancer keeps no access log.

use super::classic_arn;
use crate::rules::prelude::*;

pub static RULE: Rule = Rule {
    code: "ELB-003",
    name: "LoadBalancerAccessLogsDisabled",
    area: Area::Log,
    severity: Severity::Low,
    title: t("Load balancer access logs are disabled", "ロードバランサーのアクセスログが無効"),
    rationale: t(
        "Access logs record every request with its client address, path and response: the evidence for investigating an attack and for the traffic baselines of Table 23.",
        "アクセスログは、クライアントのアドレス、パス、応答を含むすべてのリクエストを記録します。攻撃の調査や表 23 のトラフィックのベースラインの根拠になります。",
    ),
    sections: &[s::MONITORING, s::T23_DDOS],
    cis: &[],
    fsbp: &["ELB.5"],
    trusted_advisor: &[],
    resource_type: "AwsElbv2LoadBalancer",
    remediation: Remediation {
        console: t("EC2 → Load balancers → the load balancer → Attributes → Edit → Monitoring: Access logs on, to an S3 bucket.", "EC2 →［ロードバランサー］→ 対象 →［属性］→［編集］→［モニタリング］でアクセスログを有効にし、S3 バケットを指定します。"),
        cli: "aws elbv2 modify-load-balancer-attributes --load-balancer-arn LB_ARN --attributes Key=access_logs.s3.enabled,Value=true Key=access_logs.s3.bucket,Value=LOG_BUCKET",
        terraform: "resource \"aws_lb\" \"web\" {\n  # ...\n  access_logs {\n    bucket  = aws_s3_bucket.logs.id\n    enabled = true\n  }\n}",
        safe: true,
    },
    since: "0.1.0",
    check: Check::Snapshot(check),
};

fn check(cx: &Cx, out: &mut Out) {
    for (a, at, r) in cx.all_regions() {
        for lb in &r.load_balancers {
            let enabled = lb.attributes.get("access_logs.s3.enabled").cloned();
            let verdict = cx
                .res(at.account, "elbv2", "DescribeLoadBalancerAttributes", &lb.load_balancer_arn)
                .map(|()| enabled.as_deref() != Some("true"));
            out.judge(at, &lb.load_balancer_arn, verdict).ev("access_logs.s3.enabled", enabled);
        }
        for lb in &r.classic_load_balancers {
            let verdict = cx.res(at.account, "elb", "DescribeLoadBalancerAttributes", &lb.load_balancer_name).and_then(|()| {
                lb.access_log_enabled.map(|on| !on).ok_or_else(|| Reason::incomplete("elb", "DescribeLoadBalancerAttributes"))
            });
            out.judge(at, classic_arn(a, at.region, lb), verdict).kind("AwsElbLoadBalancer").ev("AccessLog.Enabled", lb.access_log_enabled);
        }
    }
}
