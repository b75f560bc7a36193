//! MON-003: nothing alarms on use of the root user.

use super::{event, judge};
use crate::rules::prelude::*;
use serde_json::Value;

pub static RULE: Rule = Rule {
    code: "MON-003",
    name: "RootUsageNotMonitored",
    area: Area::Log,
    severity: Severity::Medium,
    title: t(
        "No metric filter, alarm and subscribed SNS topic for use of the root user",
        "ルートユーザーの使用に対するメトリクスフィルター・アラーム・購読済み SNS トピックがない",
    ),
    rationale: t(
        "Every use of the root user should reach a person immediately: it is rare by design, unrestricted, and the first thing an attacker with the root password does. The whitepaper's Table 24 and alerting practice ask that such events reach a person, not only a log.",
        "ルートユーザーの使用は、すべて直ちに担当者に届くべきです。本来まれで、制限がなく、ルートのパスワードを得た攻撃者が最初に行うことだからです。ホワイトペーパーの表 24 とアラートの考え方は、こうしたイベントがログだけでなく担当者に届くことを求めています。",
    ),
    sections: &[s::T24_LOG_FILES, s::MONITORING],
    cis: &["4.3"],
    fsbp: &["CloudWatch.1"],
    trusted_advisor: &[],
    resource_type: "AwsAccount",
    remediation: Remediation {
        console: super::CONSOLE,
        cli: "aws logs put-metric-filter --log-group-name TRAIL_LOG_GROUP --filter-name RootUsage --metric-transformations metricName=RootUsage,metricNamespace=CISBenchmark,metricValue=1 --filter-pattern '{ $.userIdentity.type = \"Root\" && $.userIdentity.invokedBy NOT EXISTS && $.eventType != \"AwsServiceEvent\" }' && aws cloudwatch put-metric-alarm --alarm-name RootUsage --metric-name RootUsage --namespace CISBenchmark --statistic Sum --period 300 --evaluation-periods 1 --threshold 1 --comparison-operator GreaterThanOrEqualToThreshold --alarm-actions SNS_TOPIC_ARN",
        terraform: "resource \"aws_cloudwatch_log_metric_filter\" \"root_usage\" {
  name           = \"RootUsage\"
  log_group_name = aws_cloudwatch_log_group.trail.name
  pattern        = \"{ $.userIdentity.type = \\\"Root\\\" && $.userIdentity.invokedBy NOT EXISTS && $.eventType != \\\"AwsServiceEvent\\\" }\"
  metric_transformation {
    name      = \"RootUsage\"
    namespace = \"CISBenchmark\"
    value     = \"1\"
  }
}

resource \"aws_cloudwatch_metric_alarm\" \"root_usage\" {
  alarm_name          = \"RootUsage\"
  metric_name         = \"RootUsage\"
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
            "signin.amazonaws.com",
            "ConsoleLogin",
            json!({"eventType": "AwsConsoleSignIn", "userIdentity": {"type": "Root", "principalId": "111122223333", "arn": "arn:aws:iam::111122223333:root", "accountId": "111122223333"}, "responseElements": {"ConsoleLogin": "Success"}, "additionalEventData": {"MFAUsed": "Yes"}}),
        ),
        event(
            "iam.amazonaws.com",
            "CreateAccessKey",
            json!({"userIdentity": {"type": "Root", "principalId": "111122223333", "arn": "arn:aws:iam::111122223333:root", "accountId": "111122223333"}}),
        ),
    ]
}

fn check(cx: &Cx, out: &mut Out) {
    judge(cx, out, &required());
}
