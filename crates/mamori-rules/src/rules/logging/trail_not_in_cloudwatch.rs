//! LOG-006: trail events are not delivered to CloudWatch Logs.

use super::{trail_arn, trails};
use crate::rules::prelude::*;

pub static RULE: Rule = Rule {
    code: "LOG-006",
    name: "TrailNotInCloudWatch",
    area: Area::Log,
    severity: Severity::Low,
    title: t("Trail is not delivered to CloudWatch Logs", "証跡が CloudWatch Logs に配信されていない"),
    rationale: t(
        "Real-time analysis and the alarms of MON-001…015 need the trail's events in CloudWatch Logs; S3 delivery alone arrives late and in batches.",
        "リアルタイムの分析と MON-001〜015 のアラームには、証跡のイベントが CloudWatch Logs に届いている必要があります。S3 への配信だけでは遅れてまとめて届きます。",
    ),
    sections: &[s::MONITORING, s::T24_LOG_FILES],
    cis: &[],
    fsbp: &["CloudTrail.5"],
    trusted_advisor: &[],
    resource_type: "AwsCloudTrailTrail",
    remediation: Remediation {
        console: t("CloudTrail → Trails → the trail → CloudWatch Logs → Edit → Enabled, with a log group and a role CloudTrail can assume.", "CloudTrail →［証跡］→ 対象 →［CloudWatch Logs］→［編集］で有効にし、ロググループと CloudTrail が引き受けるロールを指定します。"),
        cli: "aws cloudtrail update-trail --name TRAIL --cloud-watch-logs-log-group-arn LOG_GROUP_ARN --cloud-watch-logs-role-arn ROLE_ARN",
        terraform: "resource \"aws_cloudtrail\" \"main\" {\n  # ...\n  cloud_watch_logs_group_arn = \"${aws_cloudwatch_log_group.trail.arn}:*\"\n  cloud_watch_logs_role_arn  = aws_iam_role.trail_to_cwl.arn\n}",
        safe: true,
    },
    since: "0.1.0",
    check: Check::Snapshot(check),
};

fn check(cx: &Cx, out: &mut Out) {
    for a in cx.accounts() {
        for (at, t) in trails(cx, a) {
            let read = cx.op(at, "cloudtrail", "DescribeTrails");
            out.judge(at, trail_arn(a, at, t), read.map(|()| t.cloud_watch_logs_log_group_arn.as_deref().is_none_or(str::is_empty)))
                .ev("CloudWatchLogsLogGroupArn", t.cloud_watch_logs_log_group_arn.clone())
                .ev(
                    "LatestCloudWatchLogsDeliveryTime",
                    t.status.as_ref().and_then(|s| s.latest_cloud_watch_logs_delivery_time).map(|x| x.to_string()),
                );
        }
    }
}
