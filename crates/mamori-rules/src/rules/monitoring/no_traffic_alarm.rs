//! MON-016: an internet-facing entry point has no alarm on its traffic.

use crate::rules::prelude::*;
use mamori_model::services::MetricAlarm;

pub static RULE: Rule = Rule {
    code: "MON-016",
    name: "NoTrafficAlarm",
    area: Area::Log,
    severity: Severity::Info,
    title: t(
        "Internet-facing load balancer or distribution has no traffic alarm",
        "インターネット向けのロードバランサーまたはディストリビューションにトラフィックのアラームがない",
    ),
    rationale: t(
        "Table 23's example: know the usual traffic and alert when it goes beyond a multiple of the baseline (say 2×), the first sign of a DoS attack or of abuse. Needs an alarm on the entry point's request or flow metric.",
        "表 23 の例は、通常のトラフィックを把握し、ベースラインの一定倍（例えば 2 倍）を超えたら通知することです。DoS 攻撃や不正利用の最初の兆候になります。入口のリクエスト数またはフロー数のメトリクスにアラームが必要です。",
    ),
    sections: &[s::T23_DDOS, s::DDOS],
    cis: &[],
    fsbp: &[],
    trusted_advisor: &[],
    resource_type: "AwsElbv2LoadBalancer",
    remediation: Remediation {
        console: t(
            "CloudWatch → Alarms → Create alarm → metric AWS/ApplicationELB RequestCount (NetworkELB NewFlowCount, CloudFront Requests) for the load balancer or distribution; use anomaly detection or a threshold at 2× the usual peak.",
            "CloudWatch →［アラーム］→［アラームの作成］で、対象のロードバランサーまたはディストリビューションの AWS/ApplicationELB RequestCount（NetworkELB は NewFlowCount、CloudFront は Requests）を選び、異常検出または通常のピークの 2 倍のしきい値を設定します。",
        ),
        cli: "aws cloudwatch put-metric-alarm --alarm-name web-traffic-spike --namespace AWS/ApplicationELB --metric-name RequestCount --dimensions Name=LoadBalancer,Value=app/NAME/ID --statistic Sum --period 300 --evaluation-periods 2 --threshold TWICE_BASELINE --comparison-operator GreaterThanThreshold --alarm-actions SNS_TOPIC_ARN",
        terraform: "resource \"aws_cloudwatch_metric_alarm\" \"traffic\" {\n  alarm_name          = \"web-traffic-spike\"\n  namespace           = \"AWS/ApplicationELB\"\n  metric_name         = \"RequestCount\"\n  dimensions          = { LoadBalancer = aws_lb.web.arn_suffix }\n  statistic           = \"Sum\"\n  period              = 300\n  evaluation_periods  = 2\n  threshold           = var.twice_baseline\n  comparison_operator = \"GreaterThanThreshold\"\n  alarm_actions       = [aws_sns_topic.ops.arn]\n}",
        safe: true,
    },
    since: "0.1.0",
    check: Check::Snapshot(check),
};

/// Whether `alarm` watches `namespace` with the dimension `name = value`.
fn watches(alarm: &MetricAlarm, namespaces: &[&str], name: &str, value: &str) -> bool {
    alarm.namespace.as_deref().is_some_and(|n| namespaces.contains(&n))
        && alarm.dimensions.iter().any(|d| d.name.as_deref() == Some(name) && d.value.as_deref() == Some(value))
}

fn check(cx: &Cx, out: &mut Out) {
    for (a, at, r) in cx.all_regions() {
        let read = cx.op(at, "cloudwatch", "DescribeAlarms");
        for lb in r.load_balancers.iter().filter(|lb| lb.scheme.as_deref() == Some("internet-facing")) {
            // The `LoadBalancer` dimension is the ARN's suffix: `app/NAME/ID`.
            let suffix = lb.load_balancer_arn.split_once(":loadbalancer/").map(|(_, s)| s).unwrap_or_default();
            let alarms: Vec<&str> = r
                .metric_alarms
                .iter()
                .filter(|al| watches(al, &["AWS/ApplicationELB", "AWS/NetworkELB"], "LoadBalancer", suffix))
                .map(|al| al.alarm_name.as_str())
                .collect();
            out.judge(at, &lb.load_balancer_arn, read.clone().map(|()| alarms.is_empty())).ev("alarms", alarms);
        }
        for lb in r.classic_load_balancers.iter().filter(|lb| lb.scheme.as_deref() == Some("internet-facing")) {
            let alarms: Vec<&str> = r
                .metric_alarms
                .iter()
                .filter(|al| watches(al, &["AWS/ELB"], "LoadBalancerName", &lb.load_balancer_name))
                .map(|al| al.alarm_name.as_str())
                .collect();
            out.judge(at, crate::rules::elb::classic_arn(a, at.region, lb), read.clone().map(|()| alarms.is_empty()))
                .kind("AwsElbLoadBalancer")
                .ev("alarms", alarms);
        }
    }
    // CloudFront publishes its metrics in us-east-1.
    for a in cx.accounts() {
        let at = At { account: &a.account_id, region: "us-east-1" };
        let read = cx.op(at, "cloudwatch", "DescribeAlarms");
        let alarms_region = a.regions.get("us-east-1");
        for d in &a.cloudfront_distributions {
            let alarms: Vec<&str> = alarms_region
                .map(|r| {
                    r.metric_alarms
                        .iter()
                        .filter(|al| watches(al, &["AWS/CloudFront"], "DistributionId", &d.id))
                        .map(|al| al.alarm_name.as_str())
                        .collect()
                })
                .unwrap_or_default();
            let verdict = if alarms_region.is_none() {
                Err(Reason::not_collected("cloudwatch", "DescribeAlarms"))
            } else {
                read.clone().map(|()| alarms.is_empty())
            };
            out.judge(Cx::global(a), crate::rules::cloudfront::distribution_arn(a, d), verdict)
                .kind("AwsCloudFrontDistribution")
                .ev("alarms", alarms);
        }
    }
}
