//! LOG-005: nobody records who reads the trail's logs.

use super::each_trail_bucket;
use crate::rules::prelude::*;

pub static RULE: Rule = Rule {
    code: "LOG-005",
    name: "TrailBucketNoAccessLog",
    area: Area::Log,
    severity: Severity::Low,
    title: t("Trail's S3 bucket has no access logging", "証跡の S3 バケットにアクセスログがない"),
    rationale: t(
        "The whitepaper asks that access to audit trails is itself logged. Server access logs on the trail bucket show who read, copied or tried to delete the audit logs.",
        "ホワイトペーパーは、監査証跡へのアクセス自体を記録するよう求めています。証跡バケットのサーバーアクセスログは、だれが監査ログを読み、コピーし、削除しようとしたかを示します。",
    ),
    sections: &[s::PROTECT_LOGS, s::T24_LOG_FILES],
    cis: &["3.4"],
    fsbp: &["CloudTrail.7"],
    trusted_advisor: &[],
    resource_type: "AwsS3Bucket",
    remediation: crate::rules::s3::access_logging_disabled::RULE.remediation,
    since: "0.1.0",
    check: Check::Snapshot(check),
};

fn check(cx: &Cx, out: &mut Out) {
    each_trail_bucket(cx, out, |cx, owner, b| {
        let target = b.logging.as_ref().and_then(|l| l.logging_enabled.as_ref()).and_then(|l| l.target_bucket.clone());
        (cx.res(&owner.account_id, "s3", "GetBucketLogging", &b.name).map(|()| target.is_none()), vec![("target_bucket", json!(target))])
    });
}
