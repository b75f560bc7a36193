//! MON-005: nothing alarms on CloudTrail configuration changes.

use super::{calls, judge};
use crate::rules::prelude::*;
use serde_json::Value;

pub static RULE: Rule = Rule {
    code: "MON-005",
    name: "CloudTrailChangesNotMonitored",
    area: Area::Log,
    severity: Severity::Medium,
    title: t(
        "No metric filter, alarm and subscribed SNS topic for CloudTrail configuration changes",
        "CloudTrail の設定変更に対するメトリクスフィルター・アラーム・購読済み SNS トピックがない",
    ),
    rationale: t(
        "Stopping or changing a trail is how an intruder goes dark. The change itself must raise an alarm before the audit trail disappears. The whitepaper's Table 24 and alerting practice ask that such events reach a person, not only a log.",
        "証跡の停止や変更は、侵入者が痕跡を消す手段です。監査証跡が消える前に、変更そのものでアラームを発報させる必要があります。ホワイトペーパーの表 24 とアラートの考え方は、こうしたイベントがログだけでなく担当者に届くことを求めています。",
    ),
    sections: &[s::T24_LOG_FILES, s::MONITORING],
    cis: &["4.5"],
    fsbp: &["CloudWatch.5"],
    trusted_advisor: &[],
    resource_type: "AwsAccount",
    remediation: Remediation {
        console: super::CONSOLE,
        cli: "aws logs put-metric-filter --log-group-name TRAIL_LOG_GROUP --filter-name CloudTrailChanges --metric-transformations metricName=CloudTrailChanges,metricNamespace=CISBenchmark,metricValue=1 --filter-pattern '{ ($.eventName = CreateTrail) || ($.eventName = UpdateTrail) || ($.eventName = DeleteTrail) || ($.eventName = StartLogging) || ($.eventName = StopLogging) }' && aws cloudwatch put-metric-alarm --alarm-name CloudTrailChanges --metric-name CloudTrailChanges --namespace CISBenchmark --statistic Sum --period 300 --evaluation-periods 1 --threshold 1 --comparison-operator GreaterThanOrEqualToThreshold --alarm-actions SNS_TOPIC_ARN",
        terraform: "resource \"aws_cloudwatch_log_metric_filter\" \"cloudtrail_changes\" {
  name           = \"CloudTrailChanges\"
  log_group_name = aws_cloudwatch_log_group.trail.name
  pattern        = \"{ ($.eventName = CreateTrail) || ($.eventName = UpdateTrail) || ($.eventName = DeleteTrail) || ($.eventName = StartLogging) || ($.eventName = StopLogging) }\"
  metric_transformation {
    name      = \"CloudTrailChanges\"
    namespace = \"CISBenchmark\"
    value     = \"1\"
  }
}

resource \"aws_cloudwatch_metric_alarm\" \"cloudtrail_changes\" {
  alarm_name          = \"CloudTrailChanges\"
  metric_name         = \"CloudTrailChanges\"
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
    calls("cloudtrail.amazonaws.com", &["CreateTrail", "UpdateTrail", "DeleteTrail", "StartLogging", "StopLogging"])
}

fn check(cx: &Cx, out: &mut Out) {
    judge(cx, out, &required());
}
