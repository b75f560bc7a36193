//! LOG-012: a log group discards events after less than a year.

use crate::rules::prelude::*;

pub static RULE: Rule = Rule {
    code: "LOG-012",
    name: "LogRetentionShort",
    area: Area::Log,
    severity: Severity::Low,
    title: t("Log group retention is shorter than 365 days", "ロググループの保持期間が 365 日未満"),
    rationale: t(
        "Table 24 asks for an audit log retention policy. Intrusions are often found months later; logs kept for less than a year are gone when the investigation needs them.",
        "表 24 は監査ログの保持ポリシーを求めています。侵入は数か月後に見つかることが多く、1 年未満の保持では調査で必要なときにログが残っていません。",
    ),
    sections: &[s::T24_LOG_FILES],
    cis: &[],
    fsbp: &["CloudWatch.16"],
    trusted_advisor: &[],
    resource_type: "AwsLogsLogGroup",
    remediation: Remediation {
        console: t("CloudWatch → Log groups → the group → Actions → Edit retention setting: 1 year or more (or export to S3 with a lifecycle).", "CloudWatch →［ロググループ］→ 対象 →［アクション］→［保持設定の編集］で 1 年以上にします（または S3 にエクスポートしてライフサイクルで管理します）。"),
        cli: "aws logs put-retention-policy --log-group-name GROUP --retention-in-days 365",
        terraform: "resource \"aws_cloudwatch_log_group\" \"g\" {\n  name              = \"GROUP\"\n  retention_in_days = 365\n}",
        safe: true,
    },
    since: "0.1.0",
    check: Check::Snapshot(check),
};

const DAYS: i32 = 365;

fn check(cx: &Cx, out: &mut Out) {
    for (a, at, r) in cx.all_regions() {
        let read = cx.op(at, "logs", "DescribeLogGroups");
        for g in &r.log_groups {
            let resource = arn::or(g.arn.as_ref(), || arn::regional(a, "logs", at.region, &format!("log-group:{}", g.log_group_name)))
                .trim_end_matches(":*")
                .to_string();
            // No retention means events never expire.
            let short = g.retention_in_days.is_some_and(|d| d < DAYS);
            out.judge(at, resource, read.clone().map(|()| short)).ev("retentionInDays", g.retention_in_days);
        }
    }
}
