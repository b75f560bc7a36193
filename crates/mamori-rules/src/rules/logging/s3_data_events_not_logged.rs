//! LOG-008: object-level reads and writes in S3 are not recorded.

use super::{recorded, trail_arn, trails};
use crate::rules::prelude::*;

pub static RULE: Rule = Rule {
    code: "LOG-008",
    name: "S3DataEventsNotLogged",
    area: Area::Log,
    severity: Severity::Low,
    title: t("S3 object-level write/read events are not logged", "S3 のオブジェクトレベルの書き込み・読み取りイベントが記録されていない"),
    rationale: t(
        "Management events show who changed a bucket, not who read or overwrote its objects. The whitepaper's critical transaction logs need data events: GetObject, PutObject and DeleteObject, for all buckets.",
        "管理イベントはだれがバケットを変更したかを示しますが、オブジェクトをだれが読み書きしたかは示しません。ホワイトペーパーの重要なトランザクションのログには、全バケットのデータイベント（GetObject、PutObject、DeleteObject）が必要です。",
    ),
    sections: &[s::CRITICAL_TRANSACTIONS],
    cis: &["3.8", "3.9"],
    fsbp: &[],
    trusted_advisor: &[],
    resource_type: "AwsAccount",
    remediation: Remediation {
        console: t("CloudTrail → Trails → the multi-region trail → Data events → Edit: S3, all current and future buckets, Read and Write.", "CloudTrail →［証跡］→ マルチリージョン証跡 →［データイベント］→［編集］で、S3、現在および将来のすべてのバケット、読み取りと書き込みを選びます。"),
        cli: "aws cloudtrail put-event-selectors --trail-name TRAIL --advanced-event-selectors '[{\"Name\":\"S3 data\",\"FieldSelectors\":[{\"Field\":\"eventCategory\",\"Equals\":[\"Data\"]},{\"Field\":\"resources.type\",\"Equals\":[\"AWS::S3::Object\"]}]}]'",
        terraform: "resource \"aws_cloudtrail\" \"main\" {\n  # ...\n  advanced_event_selector {\n    name = \"S3 data\"\n    field_selector {\n      field  = \"eventCategory\"\n      equals = [\"Data\"]\n    }\n    field_selector {\n      field  = \"resources.type\"\n      equals = [\"AWS::S3::Object\"]\n    }\n  }\n}",
        safe: true,
    },
    since: "0.1.0",
    check: Check::Snapshot(check),
};

fn check(cx: &Cx, out: &mut Out) {
    for a in cx.accounts() {
        let (mut read_by, mut write_by) = (Vec::new(), Vec::new());
        let mut problem: Option<Reason> = None;
        for (at, _) in cx.regions(a) {
            if let Err(reason) = cx.op(at, "cloudtrail", "DescribeTrails") {
                problem.get_or_insert(reason);
            }
        }
        for (at, t) in trails(cx, a) {
            let arn = trail_arn(a, at, t);
            if let Err(reason) = cx
                .res(at.account, "cloudtrail", "GetEventSelectors", &arn)
                .and_then(|()| cx.res(at.account, "cloudtrail", "GetTrailStatus", &arn))
            {
                problem.get_or_insert(reason);
                continue;
            }
            let logging = t.status.as_ref().and_then(|s| s.is_logging) == Some(true);
            if !(logging && t.is_multi_region_trail == Some(true)) {
                continue;
            }
            let rec = t.event_selectors.as_ref().map(recorded).unwrap_or_default();
            if rec.s3_read {
                read_by.push(arn.clone());
            }
            if rec.s3_write {
                write_by.push(arn);
            }
        }
        let complete = !read_by.is_empty() && !write_by.is_empty();
        let verdict = match problem {
            Some(reason) if !complete => Err(reason),
            _ => Ok(!complete),
        };
        let f = out
            .judge(Cx::global(a), arn::account(a), verdict.clone())
            .ev("s3_read_events_by", read_by.clone())
            .ev("s3_write_events_by", write_by.clone());
        if verdict == Ok(true) {
            let missing = match (read_by.is_empty(), write_by.is_empty()) {
                (true, true) => ("read and write", "読み取りと書き込み"),
                (true, false) => ("read", "読み取り"),
                _ => ("write", "書き込み"),
            };
            f.msg(
                format!("No logging multi-region trail records S3 object-level {} events for all buckets", missing.0),
                format!("全バケットの S3 オブジェクトレベルの{}イベントを記録するマルチリージョン証跡がない", missing.1),
            );
        }
    }
}
