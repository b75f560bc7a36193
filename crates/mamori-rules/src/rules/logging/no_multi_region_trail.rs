//! LOG-001: no trail records management events in every region.

use super::{recorded, trail_arn, trails};
use crate::rules::prelude::*;

pub static RULE: Rule = Rule {
    code: "LOG-001",
    name: "NoMultiRegionTrail",
    area: Area::Log,
    severity: Severity::High,
    title: t("No multi-region trail logs management events", "管理イベントを記録するマルチリージョンの証跡がない"),
    rationale: t(
        "CloudTrail is the audit trail of every API call: who did what, when, from where. Without a logging multi-region trail, activity in an unused region (a favourite of attackers) leaves no lasting record.",
        "CloudTrail はすべての API 呼び出しの監査証跡です（だれが、いつ、どこから、何をしたか）。記録中のマルチリージョン証跡がないと、使っていないリージョン（攻撃者が好む場所）での操作は永続的な記録に残りません。",
    ),
    sections: &[s::MONITORING, s::T24_LOG_FILES, s::CHANGE_LOGS],
    cis: &["3.1"],
    fsbp: &["CloudTrail.1"],
    trusted_advisor: &["AWS CloudTrail Logging"],
    resource_type: "AwsAccount",
    remediation: Remediation {
        console: t("CloudTrail → Trails → Create trail: apply to all regions, management events Read and Write, log file validation on, SSE-KMS, CloudWatch Logs delivery.", "CloudTrail →［証跡］→［証跡の作成］で、すべてのリージョンに適用、管理イベントは読み取りと書き込み、ログファイルの検証を有効、SSE-KMS、CloudWatch Logs への配信を設定します。"),
        cli: "aws cloudtrail create-trail --name org-trail --s3-bucket-name LOG_BUCKET --is-multi-region-trail --enable-log-file-validation --kms-key-id KEY_ARN && aws cloudtrail start-logging --name org-trail",
        terraform: "resource \"aws_cloudtrail\" \"main\" {\n  name                          = \"main\"\n  s3_bucket_name                = aws_s3_bucket.trail.id\n  is_multi_region_trail         = true\n  include_global_service_events = true\n  enable_log_file_validation    = true\n  kms_key_id                    = aws_kms_key.trail.arn\n}",
        safe: true,
    },
    since: "0.1.0",
    check: Check::Snapshot(check),
};

fn check(cx: &Cx, out: &mut Out) {
    for a in cx.accounts() {
        let g = Cx::global(a);
        let mut qualifying = Vec::new();
        let mut first_problem: Option<Reason> = None;
        let mut seen = Vec::new();
        for (at, _) in cx.regions(a) {
            if let Err(reason) = cx.op(at, "cloudtrail", "DescribeTrails") {
                first_problem.get_or_insert(reason);
            }
        }
        for (at, t) in trails(cx, a) {
            let arn = trail_arn(a, at, t);
            let read = cx
                .res(at.account, "cloudtrail", "GetTrailStatus", &arn)
                .and_then(|()| cx.res(at.account, "cloudtrail", "GetEventSelectors", &arn));
            if let Err(reason) = read {
                first_problem.get_or_insert(reason);
                continue;
            }
            let rec = t.event_selectors.as_ref().map(recorded).unwrap_or_default();
            let logging = t.status.as_ref().and_then(|s| s.is_logging) == Some(true);
            let multi = t.is_multi_region_trail == Some(true);
            seen.push(json!({"trail": arn, "multi_region": multi, "logging": logging, "management_read": rec.management_read, "management_write": rec.management_write}));
            if multi && logging && rec.management_read && rec.management_write {
                qualifying.push(arn);
            }
        }
        let verdict = if !qualifying.is_empty() {
            Ok(false)
        } else {
            match first_problem {
                Some(reason) => Err(reason),
                None => Ok(true),
            }
        };
        out.judge(g, arn::account(a), verdict).ev("qualifying_trails", qualifying).ev("trails", seen);
    }
}
