//! LOG-002: a trail's log files can be altered unnoticed.

use super::{trail_arn, trails};
use crate::rules::prelude::*;

pub static RULE: Rule = Rule {
    code: "LOG-002",
    name: "TrailValidationDisabled",
    area: Area::Log,
    severity: Severity::Medium,
    title: t("Trail log file validation is disabled", "証跡のログファイルの検証が無効"),
    rationale: t(
        "The whitepaper asks for change logs that cannot be tampered with. Log file validation signs hourly digest files chained to each other, so any edited, deleted or forged log file is detected (`mamori logs verify`).",
        "ホワイトペーパーは改ざんできない変更ログを求めています。ログファイルの検証は、相互に連鎖した 1 時間ごとのダイジェストファイルに署名し、編集・削除・偽造されたログファイルを検出できるようにします。",
    ),
    sections: &[s::PROTECT_LOGS, s::CHANGE_LOGS],
    cis: &["3.2"],
    fsbp: &["CloudTrail.4"],
    trusted_advisor: &[],
    resource_type: "AwsCloudTrailTrail",
    remediation: Remediation {
        console: t("CloudTrail → Trails → the trail → General details → Edit → Log file validation: Enabled.", "CloudTrail →［証跡］→ 対象 →［全般的な詳細］→［編集］→［ログファイルの検証］を有効にします。"),
        cli: "aws cloudtrail update-trail --name TRAIL --enable-log-file-validation",
        terraform: "resource \"aws_cloudtrail\" \"main\" {\n  # ...\n  enable_log_file_validation = true\n}",
        safe: true,
    },
    since: "0.1.0",
    check: Check::Snapshot(check),
};

fn check(cx: &Cx, out: &mut Out) {
    for a in cx.accounts() {
        for (at, t) in trails(cx, a) {
            let read = cx.op(at, "cloudtrail", "DescribeTrails");
            out.judge(at, trail_arn(a, at, t), read.map(|()| t.log_file_validation_enabled != Some(true)))
                .ev("LogFileValidationEnabled", t.log_file_validation_enabled);
        }
    }
}
