//! S3-007: the bucket policy does not refuse requests over plain HTTP.

use super::{at, buckets, read};
use crate::rules::policy::{principal_is_anyone, statements, strings, wildcard};
use crate::rules::prelude::*;

pub static RULE: Rule = Rule {
    code: "S3-007",
    name: "TlsNotRequired",
    area: Area::DataInTransit,
    severity: Severity::Medium,
    title: t("Bucket policy does not deny requests without TLS", "バケットポリシーが TLS なしのリクエストを拒否していない"),
    rationale: t(
        "S3 answers over HTTP as well as HTTPS. The whitepaper protects data in transit to S3 with TLS; only a Deny on `aws:SecureTransport = false` guarantees no client, SDK or script ever sends or reads data in clear text.",
        "S3 は HTTPS だけでなく HTTP にも応答します。ホワイトペーパーは S3 への伝送中のデータを TLS で保護するとしており、`aws:SecureTransport = false` を拒否するステートメントだけが、平文での送受信がないことを保証します。",
    ),
    sections: &[s::S3_IN_TRANSIT],
    cis: &["2.1.1"],
    fsbp: &["S3.5"],
    trusted_advisor: &[],
    resource_type: "AwsS3Bucket",
    remediation: Remediation {
        console: t(
            "S3 → the bucket → Permissions → Bucket policy → Edit: add a statement denying s3:* to Principal \"*\" on the bucket and its objects when aws:SecureTransport is false.",
            "S3 → 対象バケット →［アクセス許可］→［バケットポリシー］→［編集］で、aws:SecureTransport が false のとき、バケットとそのオブジェクトへの s3:* を Principal \"*\" に対して拒否するステートメントを追加します。",
        ),
        cli: "aws s3api put-bucket-policy --bucket BUCKET --policy '{\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":\"DenyInsecureTransport\",\"Effect\":\"Deny\",\"Principal\":\"*\",\"Action\":\"s3:*\",\"Resource\":[\"arn:aws:s3:::BUCKET\",\"arn:aws:s3:::BUCKET/*\"],\"Condition\":{\"Bool\":{\"aws:SecureTransport\":\"false\"}}}]}'",
        terraform: "data \"aws_iam_policy_document\" \"tls\" {\n  statement {\n    sid     = \"DenyInsecureTransport\"\n    effect  = \"Deny\"\n    actions = [\"s3:*\"]\n    resources = [aws_s3_bucket.b.arn, \"${aws_s3_bucket.b.arn}/*\"]\n    principals {\n      type        = \"*\"\n      identifiers = [\"*\"]\n    }\n    condition {\n      test     = \"Bool\"\n      variable = \"aws:SecureTransport\"\n      values   = [\"false\"]\n    }\n  }\n}",
        safe: false,
    },
    since: "0.1.0",
    check: Check::Snapshot(check),
};

/// The Sid (or index) of a statement that denies every S3 request without
/// TLS on the bucket and its objects.
fn tls_deny(doc: &serde_json::Value, bucket_arn: &str) -> Option<String> {
    let objects = format!("{bucket_arn}/*");
    statements(doc).into_iter().enumerate().find_map(|(i, st)| {
        let deny = st.get("Effect").and_then(|v| v.as_str()) == Some("Deny");
        let actions = strings(st.get("Action"));
        let every_action = actions
            .iter()
            .any(|a| wildcard(a, "s3:GetObject", true) && wildcard(a, "s3:PutObject", true) && wildcard(a, "s3:ListBucket", true));
        let resources = strings(st.get("Resource"));
        let covers = |target: &str| resources.iter().any(|r| wildcard(r, target, false));
        let condition = st.get("Condition").and_then(|c| c.as_object())?;
        let insecure = condition.iter().any(|(op, kv)| {
            op.eq_ignore_ascii_case("Bool")
                && kv.as_object().is_some_and(|kv| {
                    kv.iter().any(|(k, v)| {
                        k.eq_ignore_ascii_case("aws:SecureTransport") && strings(Some(v)).iter().any(|s| s.eq_ignore_ascii_case("false"))
                    })
                })
        });
        // Other conditions would narrow the deny to some requests only.
        let only_that = condition.len() == 1 && condition.values().all(|kv| kv.as_object().is_some_and(|o| o.len() == 1));
        (deny && principal_is_anyone(st) && every_action && covers(bucket_arn) && covers(&objects) && insecure && only_that)
            .then(|| st.get("Sid").and_then(|s| s.as_str()).map(str::to_string).unwrap_or_else(|| format!("#{i}")))
    })
}

fn check(cx: &Cx, out: &mut Out) {
    for a in cx.accounts() {
        for b in buckets(cx, a) {
            let bucket_arn = arn::bucket(a, &b.name);
            let statement = b.policy.as_ref().and_then(|p| tls_deny(p, &bucket_arn));
            let verdict = read(cx, a, b, "GetBucketPolicy").map(|()| statement.is_none());
            let f =
                out.judge(at(a, b), bucket_arn, verdict).ev("has_policy", b.policy.is_some()).ev("tls_deny_statement", statement.clone());
            if statement.is_none() {
                f.msg(
                    format!("Bucket `{}` accepts requests over plain HTTP (no Deny on aws:SecureTransport = false)", b.name),
                    format!("バケット `{}` は平文 HTTP のリクエストを受け付ける（aws:SecureTransport = false の拒否がない）", b.name),
                );
            }
        }
    }
}
