//! S3-008: nobody records who reads and writes the bucket.

use super::{at, buckets, read};
use crate::rules::prelude::*;

pub static RULE: Rule = Rule {
    code: "S3-008",
    name: "AccessLoggingDisabled",
    area: Area::Log,
    severity: Severity::Low,
    title: t("Bucket server access logging is disabled", "バケットのサーバーアクセスログが無効"),
    rationale: t(
        "Access logs record every request to the bucket, who made it and from where; without them an investigation cannot tell what data was read.",
        "アクセスログはバケットへのすべてのリクエストと、その送信者・送信元を記録します。ログがなければ、調査でどのデータが読まれたかを判断できません。",
    ),
    sections: &[s::MONITORING, s::T24_LOG_FILES],
    cis: &[],
    fsbp: &["S3.9"],
    trusted_advisor: &[],
    resource_type: "AwsS3Bucket",
    remediation: Remediation {
        console: t("S3 → the bucket → Properties → Server access logging → Edit → Enable, with a dedicated log bucket.", "S3 → 対象バケット →［プロパティ］→［サーバーアクセスのログ記録］→［編集］→［有効にする］。ログ専用のバケットを指定します。"),
        cli: "aws s3api put-bucket-logging --bucket BUCKET --bucket-logging-status '{\"LoggingEnabled\":{\"TargetBucket\":\"LOG_BUCKET\",\"TargetPrefix\":\"BUCKET/\"}}'",
        terraform: "resource \"aws_s3_bucket_logging\" \"b\" {\n  bucket        = aws_s3_bucket.b.id\n  target_bucket = aws_s3_bucket.logs.id\n  target_prefix = \"b/\"\n}",
        safe: true,
    },
    since: "0.1.0",
    check: Check::Snapshot(check),
};

fn check(cx: &Cx, out: &mut Out) {
    for a in cx.accounts() {
        for b in buckets(cx, a) {
            let target = b.logging.as_ref().and_then(|l| l.logging_enabled.as_ref()).and_then(|l| l.target_bucket.clone());
            let verdict = read(cx, a, b, "GetBucketLogging").map(|()| target.is_none());
            out.judge(at(a, b), arn::bucket(a, &b.name), verdict).ev("target_bucket", target);
        }
    }
}
