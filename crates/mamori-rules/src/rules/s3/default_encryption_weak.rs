//! S3-004: a bucket has no default encryption, or only SSE-S3 for confidential data.

use super::{at, buckets, read};
use crate::rules::prelude::*;

pub static RULE: Rule = Rule {
    code: "S3-004",
    name: "BucketEncryptionWeak",
    area: Area::DataAtRest,
    severity: Severity::Medium,
    title: t(
        "Bucket has no default encryption, or only SSE-S3 while classified confidential",
        "バケットにデフォルト暗号化がない、または機密に分類されているのに SSE-S3 のみ",
    ),
    rationale: t(
        "Table 8 lists server-side encryption for S3. For confidential data a KMS key adds a second, auditable permission: reading an object needs kms:Decrypt as well, and every use is logged.",
        "表 8 は S3 のサーバー側暗号化を挙げています。機密データでは KMS キーを使うと、オブジェクトの読み取りに kms:Decrypt の権限も必要になり、その使用はすべて記録されます。",
    ),
    sections: &[s::T8_S3, s::S3_AT_REST],
    cis: &[],
    fsbp: &["S3.4", "S3.17"],
    trusted_advisor: &[],
    resource_type: "AwsS3Bucket",
    remediation: Remediation {
        console: t(
            "S3 → the bucket → Properties → Default encryption → Edit: SSE-KMS with a customer managed key, Bucket Key enabled.",
            "S3 → 対象バケット →［プロパティ］→［デフォルトの暗号化］→［編集］で、カスタマー管理キーによる SSE-KMS を選び、バケットキーを有効にします。",
        ),
        cli: "aws s3api put-bucket-encryption --bucket BUCKET --server-side-encryption-configuration '{\"Rules\":[{\"ApplyServerSideEncryptionByDefault\":{\"SSEAlgorithm\":\"aws:kms\",\"KMSMasterKeyID\":\"KEY_ARN\"},\"BucketKeyEnabled\":true}]}'",
        terraform: "resource \"aws_s3_bucket_server_side_encryption_configuration\" \"b\" {\n  bucket = aws_s3_bucket.b.id\n  rule {\n    apply_server_side_encryption_by_default {\n      sse_algorithm     = \"aws:kms\"\n      kms_master_key_id = aws_kms_key.data.arn\n    }\n    bucket_key_enabled = true\n  }\n}",
        safe: true,
    },
    since: "0.1.0",
    check: Check::Snapshot(check),
};

fn check(cx: &Cx, out: &mut Out) {
    for a in cx.accounts() {
        for b in buckets(cx, a) {
            let algorithms: Vec<String> = b
                .encryption
                .iter()
                .flat_map(|e| &e.rules)
                .filter_map(|r| r.apply_server_side_encryption_by_default.as_ref()?.sse_algorithm.clone())
                .collect();
            let kms = algorithms.iter().any(|a| a.starts_with("aws:kms"));
            let confidential = cx.is_confidential(&b.tags);
            let classification = cx.classification(&b.tags).map(|(_, v)| v.to_string());
            let verdict = read(cx, a, b, "GetBucketEncryption")
                .and_then(|()| if confidential { read(cx, a, b, "GetBucketTagging") } else { Ok(()) })
                .map(|()| algorithms.is_empty() || (confidential && !kms));
            let f = out
                .judge(at(a, b), arn::bucket(a, &b.name), verdict)
                .ev("sse_algorithms", algorithms.clone())
                .ev("classification", classification);
            if algorithms.is_empty() {
                f.msg(format!("Bucket `{}` has no default encryption", b.name), format!("バケット `{}` にデフォルト暗号化がない", b.name));
            } else if confidential && !kms {
                f.msg(
                    format!("Bucket `{}` is classified confidential but encrypted only with SSE-S3", b.name),
                    format!("バケット `{}` は機密に分類されているが SSE-S3 でのみ暗号化されている", b.name),
                );
            }
        }
    }
}
