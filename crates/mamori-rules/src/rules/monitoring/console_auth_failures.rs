//! MON-006: nothing alarms on console authentication failures.

use super::{event, judge};
use crate::rules::prelude::*;
use serde_json::Value;

pub static RULE: Rule = Rule {
    code: "MON-006",
    name: "ConsoleAuthFailuresNotMonitored",
    area: Area::Log,
    severity: Severity::Medium,
    title: t(
        "No metric filter, alarm and subscribed SNS topic for console authentication failures",
        "コンソールの認証失敗に対するメトリクスフィルター・アラーム・購読済み SNS トピックがない",
    ),
    rationale: t(
        "Repeated failed console sign-ins are password guessing in progress; the alarm gives time to lock the account or block the source. The whitepaper's Table 24 and alerting practice ask that such events reach a person, not only a log.",
        "コンソールへのサインイン失敗の繰り返しは、進行中のパスワード推測です。アラームにより、アカウントのロックや送信元の遮断が間に合います。ホワイトペーパーの表 24 とアラートの考え方は、こうしたイベントがログだけでなく担当者に届くことを求めています。",
    ),
    sections: &[s::T24_LOG_FILES, s::MONITORING],
    cis: &["4.6"],
    fsbp: &["CloudWatch.6"],
    trusted_advisor: &[],
    resource_type: "AwsAccount",
    remediation: Remediation {
        console: super::CONSOLE,
        cli: "aws logs put-metric-filter --log-group-name TRAIL_LOG_GROUP --filter-name ConsoleAuthFailures --metric-transformations metricName=ConsoleAuthFailures,metricNamespace=CISBenchmark,metricValue=1 --filter-pattern '{ ($.eventName = ConsoleLogin) && ($.errorMessage = \"Failed authentication\") }' && aws cloudwatch put-metric-alarm --alarm-name ConsoleAuthFailures --metric-name ConsoleAuthFailures --namespace CISBenchmark --statistic Sum --period 300 --evaluation-periods 1 --threshold 1 --comparison-operator GreaterThanOrEqualToThreshold --alarm-actions SNS_TOPIC_ARN",
        terraform: "resource \"aws_cloudwatch_log_metric_filter\" \"console_auth_failures\" {
  name           = \"ConsoleAuthFailures\"
  log_group_name = aws_cloudwatch_log_group.trail.name
  pattern        = \"{ ($.eventName = ConsoleLogin) && ($.errorMessage = \\\"Failed authentication\\\") }\"
  metric_transformation {
    name      = \"ConsoleAuthFailures\"
    namespace = \"CISBenchmark\"
    value     = \"1\"
  }
}

resource \"aws_cloudwatch_metric_alarm\" \"console_auth_failures\" {
  alarm_name          = \"ConsoleAuthFailures\"
  metric_name         = \"ConsoleAuthFailures\"
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
    vec![event(
        "signin.amazonaws.com",
        "ConsoleLogin",
        json!({"eventType": "AwsConsoleSignIn", "errorMessage": "Failed authentication", "responseElements": {"ConsoleLogin": "Failure"}, "additionalEventData": {"MFAUsed": "No"}}),
    )]
}

fn check(cx: &Cx, out: &mut Out) {
    judge(cx, out, &required());
}
