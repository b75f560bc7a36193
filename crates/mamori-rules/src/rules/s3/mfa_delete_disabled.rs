//! S3-006: a versioned bucket does not require MFA to delete versions.

use super::{at, buckets, read};
use crate::rules::prelude::*;

pub static RULE: Rule = Rule {
    code: "S3-006",
    name: "MfaDeleteDisabled",
    area: Area::DataAtRest,
    severity: Severity::Low,
    title: t("MFA Delete is not enabled on a versioned bucket", "バージョニングされたバケットで MFA Delete が有効になっていない"),
    rationale: t(
        "With MFA Delete, permanently deleting a version or turning versioning off needs the root user's MFA code, so stolen credentials cannot erase the history (Table 7).",
        "MFA Delete を有効にすると、バージョンの完全削除やバージョニングの停止にルートユーザーの MFA コードが必要になり、盗まれた認証情報では履歴を消せません（表 7）。",
    ),
    sections: &[s::T7_AT_REST_THREATS],
    cis: &["2.1.2"],
    fsbp: &["S3.20"],
    trusted_advisor: &[],
    resource_type: "AwsS3Bucket",
    remediation: Remediation {
        console: t("MFA Delete can only be enabled by the root user with the CLI or API.", "MFA Delete はルートユーザーが CLI または API でのみ有効化できます。"),
        cli: "aws s3api put-bucket-versioning --bucket BUCKET --versioning-configuration Status=Enabled,MFADelete=Enabled --mfa 'ROOT_MFA_SERIAL CODE'",
        terraform: "resource \"aws_s3_bucket_versioning\" \"b\" {\n  bucket = aws_s3_bucket.b.id\n  mfa    = \"ROOT_MFA_SERIAL CODE\"\n  versioning_configuration {\n    status     = \"Enabled\"\n    mfa_delete = \"Enabled\"\n  }\n}",
        safe: true,
    },
    since: "0.1.0",
    check: Check::Snapshot(check),
};

fn check(cx: &Cx, out: &mut Out) {
    for a in cx.accounts() {
        for b in buckets(cx, a) {
            let v = b.versioning.as_ref();
            let status = v.and_then(|v| v.status.clone());
            let mfa = v.and_then(|v| v.mfa_delete.clone());
            let resource = arn::bucket(a, &b.name);
            match read(cx, a, b, "GetBucketVersioning") {
                Err(reason) => {
                    out.unknown(at(a, b), resource, reason);
                }
                Ok(()) if status.as_deref() != Some("Enabled") => {
                    out.not_applicable(at(a, b), resource)
                        .msg("Bucket is not versioned (see S3-005)", "バケットはバージョニングされていない（S3-005 を参照）")
                        .ev("versioning_status", status);
                }
                Ok(()) => {
                    out.judge(at(a, b), resource, Ok(mfa.as_deref() != Some("Enabled")))
                        .ev("versioning_status", status)
                        .ev("mfa_delete", mfa);
                }
            }
        }
    }
}
