//! ASSET-002: a data store carries no data classification.

use super::resources;
use crate::rules::prelude::*;

pub static RULE: Rule = Rule {
    code: "ASSET-002",
    name: "DataStoreUnclassified",
    area: Area::Asset,
    severity: Severity::Low,
    title: t(
        "Data store (bucket, volume, database, table) has no data classification tag",
        "データストア（バケット、ボリューム、データベース、テーブル）にデータ分類タグがない",
    ),
    rationale: t(
        "Protection follows classification (Tables 1 and 7): which encryption, backups and access a store needs depends on what it holds. mamori raises the bar for confidential and critical stores (S3-004, S3-009, DDB-002) only when it can tell. Tag keys come from `[tags] classification`.",
        "保護の水準は分類に従います（表 1、表 7）。必要な暗号化、バックアップ、アクセス制御は、保存するデータによって決まります。mamori は分類がわかる場合にのみ、機密・重要なストアの基準を引き上げます（S3-004、S3-009、DDB-002）。タグキーは `[tags] classification` で設定します。",
    ),
    sections: &[s::T1_ASSET_MATRIX, s::T7_AT_REST_THREATS],
    cis: &["2.1.3"],
    fsbp: &[],
    trusted_advisor: &[],
    resource_type: "AwsS3Bucket",
    remediation: Remediation {
        console: t(
            "Classify each store with its owner (public, internal, confidential, critical) and add the classification tag with Tag Editor; Amazon Macie can help find sensitive data in S3.",
            "所有者とともに各ストアを分類し（公開・社内・機密・重要）、Tag Editor で分類タグを追加します。S3 の機密データの発見には Amazon Macie が役立ちます。",
        ),
        cli: "aws resourcegroupstaggingapi tag-resources --resource-arn-list ARN --tags DataClassification=confidential",
        terraform: "resource \"aws_s3_bucket\" \"payments\" {\n  bucket = \"payments-data\"\n  tags   = { DataClassification = \"confidential\" }\n}",
        safe: true,
    },
    since: "0.1.0",
    check: Check::Snapshot(check),
};

fn check(cx: &Cx, out: &mut Out) {
    for a in cx.accounts() {
        for r in resources(cx, a).into_iter().filter(|r| r.data_store) {
            let class = cx.classification(r.tags).map(|(k, v)| format!("{k}={v}"));
            let failed = class.as_ref().is_none_or(|c| c.ends_with('='));
            out.judge(r.at, r.arn, r.read.map(|()| failed))
                .kind(r.resource_type)
                .ev("classification_tag", class)
                .ev("tag_keys", cx.config.tags.classification.clone());
        }
    }
}
