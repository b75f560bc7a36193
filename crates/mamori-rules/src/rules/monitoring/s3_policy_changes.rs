//! MON-008: nothing alarms on S3 bucket policy changes.

use super::{calls, judge};
use crate::rules::prelude::*;
use serde_json::Value;

pub static RULE: Rule = Rule {
    code: "MON-008",
    name: "S3PolicyChangesNotMonitored",
    area: Area::Log,
    severity: Severity::Medium,
    title: t(
        "No metric filter, alarm and subscribed SNS topic for S3 bucket policy changes",
        "S3 バケットポリシーの変更に対するメトリクスフィルター・アラーム・購読済み SNS トピックがない",
    ),
    rationale: t(
        "A bucket policy or ACL change can make data public or shareable in one call; an alert shortens the time it stays exposed. The whitepaper's Table 24 and alerting practice ask that such events reach a person, not only a log.",
        "バケットポリシーや ACL の変更は、1 回の呼び出しでデータを公開・共有可能にします。通知があれば露出している時間を短くできます。ホワイトペーパーの表 24 とアラートの考え方は、こうしたイベントがログだけでなく担当者に届くことを求めています。",
    ),
    sections: &[s::T24_LOG_FILES, s::MONITORING],
    cis: &["4.8"],
    fsbp: &["CloudWatch.8"],
    trusted_advisor: &[],
    resource_type: "AwsAccount",
    remediation: Remediation {
        console: super::CONSOLE,
        cli: "aws logs put-metric-filter --log-group-name TRAIL_LOG_GROUP --filter-name S3PolicyChanges --metric-transformations metricName=S3PolicyChanges,metricNamespace=CISBenchmark,metricValue=1 --filter-pattern '{ ($.eventSource = s3.amazonaws.com) && (($.eventName = PutBucketAcl) || ($.eventName = PutBucketPolicy) || ($.eventName = PutBucketCors) || ($.eventName = PutBucketLifecycle) || ($.eventName = PutBucketReplication) || ($.eventName = DeleteBucketPolicy) || ($.eventName = DeleteBucketCors) || ($.eventName = DeleteBucketLifecycle) || ($.eventName = DeleteBucketReplication)) }' && aws cloudwatch put-metric-alarm --alarm-name S3PolicyChanges --metric-name S3PolicyChanges --namespace CISBenchmark --statistic Sum --period 300 --evaluation-periods 1 --threshold 1 --comparison-operator GreaterThanOrEqualToThreshold --alarm-actions SNS_TOPIC_ARN",
        terraform: "resource \"aws_cloudwatch_log_metric_filter\" \"s3_policy_changes\" {
  name           = \"S3PolicyChanges\"
  log_group_name = aws_cloudwatch_log_group.trail.name
  pattern        = \"{ ($.eventSource = s3.amazonaws.com) && (($.eventName = PutBucketAcl) || ($.eventName = PutBucketPolicy) || ($.eventName = PutBucketCors) || ($.eventName = PutBucketLifecycle) || ($.eventName = PutBucketReplication) || ($.eventName = DeleteBucketPolicy) || ($.eventName = DeleteBucketCors) || ($.eventName = DeleteBucketLifecycle) || ($.eventName = DeleteBucketReplication)) }\"
  metric_transformation {
    name      = \"S3PolicyChanges\"
    namespace = \"CISBenchmark\"
    value     = \"1\"
  }
}

resource \"aws_cloudwatch_metric_alarm\" \"s3_policy_changes\" {
  alarm_name          = \"S3PolicyChanges\"
  metric_name         = \"S3PolicyChanges\"
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
    calls(
        "s3.amazonaws.com",
        &[
            "PutBucketAcl",
            "PutBucketPolicy",
            "PutBucketCors",
            "PutBucketLifecycle",
            "PutBucketReplication",
            "DeleteBucketPolicy",
            "DeleteBucketCors",
            "DeleteBucketLifecycle",
            "DeleteBucketReplication",
        ],
    )
}

fn check(cx: &Cx, out: &mut Out) {
    judge(cx, out, &required());
}
