//! DDB-002: a confidential table is encrypted only with a key AWS owns.

use super::table_arn;
use crate::rules::prelude::*;

pub static RULE: Rule = Rule {
    code: "DDB-002",
    name: "ConfidentialTableAwsOwnedKey",
    area: Area::DataAtRest,
    severity: Severity::Low,
    title: t("Confidential DynamoDB table is encrypted only with an AWS owned key", "機密の DynamoDB テーブルが AWS 所有キーでのみ暗号化されている"),
    rationale: t(
        "Every table is encrypted, but with an AWS owned key nobody can audit or revoke its use. For confidential data a KMS key (AWS managed or customer managed) logs every use in CloudTrail and can be restricted by its key policy.",
        "すべてのテーブルは暗号化されますが、AWS 所有キーではその使用を監査も取り消しもできません。機密データには KMS キー（AWS マネージドまたはカスタマー管理）を使えば、使用がすべて CloudTrail に記録され、キーポリシーで制限できます。",
    ),
    sections: &[s::DYNAMODB_AT_REST, s::KEY_MANAGEMENT],
    cis: &[],
    fsbp: &[],
    trusted_advisor: &[],
    resource_type: "AwsDynamoDbTable",
    remediation: Remediation {
        console: t("DynamoDB → Tables → the table → Additional settings → Encryption → Manage encryption: AWS managed key or a customer managed key.", "DynamoDB →［テーブル］→ 対象 →［追加設定］→［暗号化］→［暗号化の管理］で AWS マネージドキーまたはカスタマー管理キーを選びます。"),
        cli: "aws dynamodb update-table --table-name TABLE --sse-specification Enabled=true,SSEType=KMS,KMSMasterKeyId=KEY_ARN",
        terraform: "resource \"aws_dynamodb_table\" \"t\" {\n  # ...\n  server_side_encryption {\n    enabled     = true\n    kms_key_arn = aws_kms_key.data.arn\n  }\n}",
        safe: true,
    },
    since: "0.1.0",
    check: Check::Snapshot(check),
};

fn check(cx: &Cx, out: &mut Out) {
    for (a, at, r) in cx.all_regions() {
        for t in &r.dynamodb_tables {
            let resource = table_arn(a, at.region, t);
            let read = cx
                .res(at.account, "dynamodb", "DescribeTable", &t.table_name)
                .and_then(|()| cx.res(at.account, "dynamodb", "ListTagsOfResource", &t.table_name));
            let classification = cx.classification(&t.tags).map(|(_, v)| v.to_string());
            let sse = t.sse_description.as_ref().filter(|s| s.status.as_deref().is_none_or(|st| st == "ENABLED" || st == "UPDATING"));
            let kms = sse.is_some_and(|s| s.sse_type.as_deref() == Some("KMS"));
            match read {
                Err(reason) => {
                    out.unknown(at, resource, reason);
                }
                Ok(()) if !cx.is_confidential(&t.tags) => {
                    out.not_applicable(at, resource)
                        .msg("Table is not classified confidential", "テーブルは機密に分類されていない")
                        .ev("classification", classification);
                }
                Ok(()) => {
                    out.judge(at, resource, Ok(!kms))
                        .ev("classification", classification)
                        .ev("SSEType", sse.and_then(|s| s.sse_type.clone()))
                        .ev("KMSMasterKeyArn", sse.and_then(|s| s.kms_master_key_arn.clone()));
                }
            }
        }
    }
}
