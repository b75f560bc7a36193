//! MON-007: nothing alarms on disabling or scheduled deletion of customer managed keys.

use super::{calls, judge};
use crate::rules::prelude::*;
use serde_json::Value;

pub static RULE: Rule = Rule {
    code: "MON-007",
    name: "CmkDisableNotMonitored",
    area: Area::Log,
    severity: Severity::Medium,
    title: t(
        "No metric filter, alarm and subscribed SNS topic for disabling or scheduled deletion of customer managed keys",
        "カスタマー管理キーの無効化や削除予定に対するメトリクスフィルター・アラーム・購読済み SNS トピックがない",
    ),
    rationale: t(
        "Disabling or deleting a key makes every piece of data encrypted under it unreadable; it is also a ransomware technique. It must never happen unnoticed. The whitepaper's Table 24 and alerting practice ask that such events reach a person, not only a log.",
        "キーの無効化や削除は、それで暗号化されたデータをすべて読めなくします。ランサムウェアの手口でもあり、気付かれずに起きてはなりません。ホワイトペーパーの表 24 とアラートの考え方は、こうしたイベントがログだけでなく担当者に届くことを求めています。",
    ),
    sections: &[s::T24_LOG_FILES, s::MONITORING],
    cis: &["4.7"],
    fsbp: &["CloudWatch.7"],
    trusted_advisor: &[],
    resource_type: "AwsAccount",
    remediation: Remediation {
        console: super::CONSOLE,
        cli: "aws logs put-metric-filter --log-group-name TRAIL_LOG_GROUP --filter-name CmkDisable --metric-transformations metricName=CmkDisable,metricNamespace=CISBenchmark,metricValue=1 --filter-pattern '{ ($.eventSource = kms.amazonaws.com) && (($.eventName = DisableKey) || ($.eventName = ScheduleKeyDeletion)) }' && aws cloudwatch put-metric-alarm --alarm-name CmkDisable --metric-name CmkDisable --namespace CISBenchmark --statistic Sum --period 300 --evaluation-periods 1 --threshold 1 --comparison-operator GreaterThanOrEqualToThreshold --alarm-actions SNS_TOPIC_ARN",
        terraform: "resource \"aws_cloudwatch_log_metric_filter\" \"cmk_disabled\" {
  name           = \"CmkDisable\"
  log_group_name = aws_cloudwatch_log_group.trail.name
  pattern        = \"{ ($.eventSource = kms.amazonaws.com) && (($.eventName = DisableKey) || ($.eventName = ScheduleKeyDeletion)) }\"
  metric_transformation {
    name      = \"CmkDisable\"
    namespace = \"CISBenchmark\"
    value     = \"1\"
  }
}

resource \"aws_cloudwatch_metric_alarm\" \"cmk_disabled\" {
  alarm_name          = \"CmkDisable\"
  metric_name         = \"CmkDisable\"
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
    calls("kms.amazonaws.com", &["DisableKey", "ScheduleKeyDeletion"])
}

fn check(cx: &Cx, out: &mut Out) {
    judge(cx, out, &required());
}
