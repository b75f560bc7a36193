//! DDB-001: the table cannot be restored to a point in time.

use super::table_arn;
use crate::rules::prelude::*;

pub static RULE: Rule = Rule {
    code: "DDB-001",
    name: "PointInTimeRecoveryDisabled",
    area: Area::DataAtRest,
    severity: Severity::Medium,
    title: t("DynamoDB point-in-time recovery is disabled", "DynamoDB のポイントインタイムリカバリが無効"),
    rationale: t(
        "Point-in-time recovery keeps 35 days of continuous backups, so a bad write, a buggy deployment or a deleted table can be restored to the second before (Table 7, backups).",
        "ポイントインタイムリカバリは 35 日分の継続的なバックアップを保持し、誤った書き込みや不具合のあるデプロイ、削除したテーブルを直前の状態に戻せます（表 7 バックアップ）。",
    ),
    sections: &[s::T7_AT_REST_THREATS, s::DYNAMODB_AT_REST],
    cis: &[],
    fsbp: &["DynamoDB.2"],
    trusted_advisor: &[],
    resource_type: "AwsDynamoDbTable",
    remediation: Remediation {
        console: t("DynamoDB → Tables → the table → Backups → Point-in-time recovery → Edit → Turn on.", "DynamoDB →［テーブル］→ 対象 →［バックアップ］→［ポイントインタイムリカバリ］→［編集］→ オンにします。"),
        cli: "aws dynamodb update-continuous-backups --table-name TABLE --point-in-time-recovery-specification PointInTimeRecoveryEnabled=true",
        terraform: "resource \"aws_dynamodb_table\" \"t\" {\n  # ...\n  point_in_time_recovery {\n    enabled = true\n  }\n}",
        safe: true,
    },
    since: "0.1.0",
    check: Check::Snapshot(check),
};

fn check(cx: &Cx, out: &mut Out) {
    for (a, at, r) in cx.all_regions() {
        for t in &r.dynamodb_tables {
            let status = t.point_in_time_recovery_status.clone();
            let verdict =
                cx.res(at.account, "dynamodb", "DescribeContinuousBackups", &t.table_name).map(|()| status.as_deref() != Some("ENABLED"));
            out.judge(at, table_arn(a, at.region, t), verdict).ev("PointInTimeRecoveryStatus", status);
        }
    }
}
