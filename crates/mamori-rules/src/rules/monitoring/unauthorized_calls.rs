//! MON-001: nothing alarms on unauthorized API calls.

use super::{event, judge};
use crate::rules::prelude::*;
use serde_json::Value;

pub static RULE: Rule = Rule {
    code: "MON-001",
    name: "UnauthorizedCallsNotMonitored",
    area: Area::Log,
    severity: Severity::Medium,
    title: t(
        "No metric filter, alarm and subscribed SNS topic for unauthorized API calls",
        "不正な API 呼び出しに対するメトリクスフィルター・アラーム・購読済み SNS トピックがない",
    ),
    rationale: t(
        "Bursts of AccessDenied and UnauthorizedOperation errors are how stolen credentials show themselves: an attacker probing what a key can do. The whitepaper's Table 24 and alerting practice ask that such events reach a person, not only a log.",
        "AccessDenied や UnauthorizedOperation のエラーの急増は、盗まれた認証情報の典型的な兆候です。攻撃者がキーで何ができるかを探っています。ホワイトペーパーの表 24 とアラートの考え方は、こうしたイベントがログだけでなく担当者に届くことを求めています。",
    ),
    sections: &[s::T24_LOG_FILES, s::MONITORING],
    cis: &["4.1"],
    fsbp: &["CloudWatch.2"],
    trusted_advisor: &[],
    resource_type: "AwsAccount",
    remediation: Remediation {
        console: super::CONSOLE,
        cli: "aws logs put-metric-filter --log-group-name TRAIL_LOG_GROUP --filter-name UnauthorizedCalls --metric-transformations metricName=UnauthorizedCalls,metricNamespace=CISBenchmark,metricValue=1 --filter-pattern '{ ($.errorCode = \"*UnauthorizedOperation\") || ($.errorCode = \"AccessDenied*\") }' && aws cloudwatch put-metric-alarm --alarm-name UnauthorizedCalls --metric-name UnauthorizedCalls --namespace CISBenchmark --statistic Sum --period 300 --evaluation-periods 1 --threshold 1 --comparison-operator GreaterThanOrEqualToThreshold --alarm-actions SNS_TOPIC_ARN",
        terraform: "resource \"aws_cloudwatch_log_metric_filter\" \"unauthorized_calls\" {
  name           = \"UnauthorizedCalls\"
  log_group_name = aws_cloudwatch_log_group.trail.name
  pattern        = \"{ ($.errorCode = \\\"*UnauthorizedOperation\\\") || ($.errorCode = \\\"AccessDenied*\\\") }\"
  metric_transformation {
    name      = \"UnauthorizedCalls\"
    namespace = \"CISBenchmark\"
    value     = \"1\"
  }
}

resource \"aws_cloudwatch_metric_alarm\" \"unauthorized_calls\" {
  alarm_name          = \"UnauthorizedCalls\"
  metric_name         = \"UnauthorizedCalls\"
  namespace           = \"CISBenchmark\"
  statistic           = \"Sum\"
  period              = 300
  evaluation_periods  = 1
  threshold           = 1
  comparison_operator = \"GreaterThanOrEqualToThreshold\"
  alarm_actions       = [aws_sns_topic.security.arn]
}",
        safe: true,
    },
    since: "0.1.0",
    check: Check::Snapshot(check),
};

/// The events the filter must match (a wider filter still counts).
pub(crate) fn required() -> Vec<Value> {
    vec![
        event(
            "ec2.amazonaws.com",
            "RunInstances",
            json!({"errorCode": "Client.UnauthorizedOperation", "errorMessage": "You are not authorized to perform this operation."}),
        ),
        event("ec2.amazonaws.com", "DescribeInstances", json!({"errorCode": "UnauthorizedOperation"})),
        event("s3.amazonaws.com", "GetObject", json!({"errorCode": "AccessDenied", "errorMessage": "Access Denied"})),
        event("iam.amazonaws.com", "ListUsers", json!({"errorCode": "AccessDenied"})),
        event("kms.amazonaws.com", "Decrypt", json!({"errorCode": "AccessDeniedException"})),
    ]
}

fn check(cx: &Cx, out: &mut Out) {
    judge(cx, out, &required());
}
