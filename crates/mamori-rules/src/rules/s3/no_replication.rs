//! S3-009: a business-critical bucket has no copy in another region.

use super::{at, buckets, read};
use crate::rules::prelude::*;

pub static RULE: Rule = Rule {
    code: "S3-009",
    name: "CriticalBucketNotReplicated",
    area: Area::DataAtRest,
    severity: Severity::Low,
    title: t("Critical bucket has no replication to another region", "重要なバケットが別リージョンにレプリケーションされていない"),
    rationale: t(
        "Table 8 lists replication as S3's backup: a second copy in another region survives a regional outage and an operator error in the first. Applies to buckets whose classification tag marks them critical.",
        "表 8 はレプリケーションを S3 のバックアップとして挙げています。別リージョンのコピーは、リージョン障害や元のリージョンでの操作ミスから守ります。分類タグで重要とされたバケットが対象です。",
    ),
    sections: &[s::T8_S3],
    cis: &[],
    fsbp: &["S3.7"],
    trusted_advisor: &[],
    resource_type: "AwsS3Bucket",
    remediation: Remediation {
        console: t("S3 → the bucket → Management → Replication rules → Create replication rule, to a versioned bucket in another region.", "S3 → 対象バケット →［管理］→［レプリケーションルール］→［レプリケーションルールを作成］で、別リージョンのバージョニング済みバケットを宛先にします。"),
        cli: "aws s3api put-bucket-replication --bucket BUCKET --replication-configuration file://replication.json",
        terraform: "resource \"aws_s3_bucket_replication_configuration\" \"b\" {\n  bucket = aws_s3_bucket.b.id\n  role   = aws_iam_role.replication.arn\n  rule {\n    id     = \"all\"\n    status = \"Enabled\"\n    destination {\n      bucket = aws_s3_bucket.replica.arn\n    }\n  }\n}",
        safe: true,
    },
    since: "0.1.0",
    check: Check::Snapshot(check),
};

fn check(cx: &Cx, out: &mut Out) {
    for a in cx.accounts() {
        for b in buckets(cx, a) {
            let resource = arn::bucket(a, &b.name);
            if let Err(reason) = read(cx, a, b, "GetBucketTagging") {
                out.unknown(at(a, b), resource, reason);
                continue;
            }
            let classification = cx.classification(&b.tags).map(|(_, v)| v.to_string());
            if !cx.is_critical(&b.tags) {
                out.not_applicable(at(a, b), resource)
                    .msg("Bucket is not classified critical", "バケットは重要に分類されていない")
                    .ev("classification", classification);
                continue;
            }
            let destinations: Vec<String> = b
                .replication
                .iter()
                .flat_map(|r| &r.rules)
                .filter(|r| r.status.as_deref() == Some("Enabled"))
                .filter_map(|r| r.destination.as_ref()?.bucket.clone())
                .collect();
            let verdict = read(cx, a, b, "GetBucketReplication").map(|()| destinations.is_empty());
            out.judge(at(a, b), resource, verdict).ev("classification", classification).ev("replication_destinations", destinations);
        }
    }
}
