//! MON-002: nothing alarms on console sign-in without MFA.

use super::{event, judge};
use crate::rules::prelude::*;
use serde_json::Value;

pub static RULE: Rule = Rule {
    code: "MON-002",
    name: "ConsoleLoginWithoutMfaNotMonitored",
    area: Area::Log,
    severity: Severity::Medium,
    title: t(
        "No metric filter, alarm and subscribed SNS topic for console sign-in without MFA",
        "MFA なしのコンソールサインインに対するメトリクスフィルター・アラーム・購読済み SNS トピックがない",
    ),
    rationale: t(
        "A console sign-in without MFA means a password alone opened the console: either a user without MFA or a stolen password. The whitepaper's Table 24 and alerting practice ask that such events reach a person, not only a log.",
        "MFA なしのコンソールサインインは、パスワードだけでコンソールに入れたことを意味します。MFA のないユーザーか、盗まれたパスワードです。ホワイトペーパーの表 24 とアラートの考え方は、こうしたイベントがログだけでなく担当者に届くことを求めています。",
    ),
    sections: &[s::T24_LOG_FILES, s::MONITORING],
    cis: &["4.2"],
    fsbp: &["CloudWatch.3"],
    trusted_advisor: &[],
    resource_type: "AwsAccount",
    remediation: Remediation {
        console: super::CONSOLE,
        cli: "aws logs put-metric-filter --log-group-name TRAIL_LOG_GROUP --filter-name ConsoleLoginWithoutMfa --metric-transformations metricName=ConsoleLoginWithoutMfa,metricNamespace=CISBenchmark,metricValue=1 --filter-pattern '{ ($.eventName = \"ConsoleLogin\") && ($.additionalEventData.MFAUsed != \"Yes\") && ($.userIdentity.type = \"IAMUser\") && ($.responseElements.ConsoleLogin = \"Success\") }' && aws cloudwatch put-metric-alarm --alarm-name ConsoleLoginWithoutMfa --metric-name ConsoleLoginWithoutMfa --namespace CISBenchmark --statistic Sum --period 300 --evaluation-periods 1 --threshold 1 --comparison-operator GreaterThanOrEqualToThreshold --alarm-actions SNS_TOPIC_ARN",
        terraform: "resource \"aws_cloudwatch_log_metric_filter\" \"console_login_without_mfa\" {
  name           = \"ConsoleLoginWithoutMfa\"
  log_group_name = aws_cloudwatch_log_group.trail.name
  pattern        = \"{ ($.eventName = \\\"ConsoleLogin\\\") && ($.additionalEventData.MFAUsed != \\\"Yes\\\") && ($.userIdentity.type = \\\"IAMUser\\\") && ($.responseElements.ConsoleLogin = \\\"Success\\\") }\"
  metric_transformation {
    name      = \"ConsoleLoginWithoutMfa\"
    namespace = \"CISBenchmark\"
    value     = \"1\"
  }
}

resource \"aws_cloudwatch_metric_alarm\" \"console_login_without_mfa\" {
  alarm_name          = \"ConsoleLoginWithoutMfa\"
  metric_name         = \"ConsoleLoginWithoutMfa\"
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
        json!({"eventType": "AwsConsoleSignIn", "readOnly": false, "responseElements": {"ConsoleLogin": "Success"}, "additionalEventData": {"LoginTo": "https://console.aws.amazon.com/console/home", "MobileVersion": "No", "MFAUsed": "No"}}),
    )]
}

fn check(cx: &Cx, out: &mut Out) {
    judge(cx, out, &required());
}
