//! S3-005: versioning is off, so an overwrite or delete is final.

use super::{at, buckets, read};
use crate::rules::prelude::*;

pub static RULE: Rule = Rule {
    code: "S3-005",
    name: "VersioningDisabled",
    area: Area::DataAtRest,
    severity: Severity::Medium,
    title: t("Bucket versioning is not enabled", "バケットのバージョニングが有効になっていない"),
    rationale: t(
        "Versioning keeps every version of every object, so an accidental overwrite or deletion, or ransomware, can be undone (Tables 7 and 8).",
        "バージョニングはすべてのオブジェクトの全バージョンを保持するため、誤った上書きや削除、ランサムウェアの被害を元に戻せます（表 7、表 8）。",
    ),
    sections: &[s::T7_AT_REST_THREATS, s::T8_S3],
    cis: &[],
    fsbp: &["S3.14"],
    trusted_advisor: &[],
    resource_type: "AwsS3Bucket",
    remediation: Remediation {
        console: t("S3 → the bucket → Properties → Bucket Versioning → Edit → Enable; add a lifecycle rule to expire old versions.", "S3 → 対象バケット →［プロパティ］→［バケットのバージョニング］→［編集］→［有効にする］。古いバージョンを削除するライフサイクルルールも追加します。"),
        cli: "aws s3api put-bucket-versioning --bucket BUCKET --versioning-configuration Status=Enabled",
        terraform: "resource \"aws_s3_bucket_versioning\" \"b\" {\n  bucket = aws_s3_bucket.b.id\n  versioning_configuration {\n    status = \"Enabled\"\n  }\n}",
        safe: true,
    },
    since: "0.1.0",
    check: Check::Snapshot(check),
};

fn check(cx: &Cx, out: &mut Out) {
    for a in cx.accounts() {
        for b in buckets(cx, a) {
            let status = b.versioning.as_ref().and_then(|v| v.status.clone());
            let verdict = read(cx, a, b, "GetBucketVersioning").map(|()| status.as_deref() != Some("Enabled"));
            out.judge(at(a, b), arn::bucket(a, &b.name), verdict).ev("versioning_status", status);
        }
    }
}
