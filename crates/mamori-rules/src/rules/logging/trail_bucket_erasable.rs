//! LOG-007: the trail's logs can be erased.

use super::each_trail_bucket;
use crate::rules::prelude::*;

pub static RULE: Rule = Rule {
    code: "LOG-007",
    name: "TrailBucketErasable",
    area: Area::Log,
    severity: Severity::Medium,
    title: t("Trail's S3 bucket lacks Object Lock or MFA Delete (logs can be erased)", "証跡の S3 バケットにオブジェクトロックも MFA Delete もない（ログを消去できる）"),
    rationale: t(
        "An intruder's first move is to erase the traces. Object Lock (compliance or governance retention) or MFA Delete on a versioned bucket keeps the audit logs even against a stolen administrator credential.",
        "侵入者はまず痕跡を消そうとします。オブジェクトロック（コンプライアンスまたはガバナンスの保持）や、バージョニングされたバケットの MFA Delete があれば、管理者の認証情報が盗まれても監査ログは残ります。",
    ),
    sections: &[s::PROTECT_LOGS, s::CHANGE_LOGS],
    cis: &[],
    fsbp: &[],
    trusted_advisor: &[],
    resource_type: "AwsS3Bucket",
    remediation: Remediation {
        console: t("Create the log bucket with Object Lock enabled and a default retention (e.g. compliance, 365 days), and point the trail at it; or enable MFA Delete on the versioned bucket as the root user.", "オブジェクトロックを有効にし、デフォルトの保持（例: コンプライアンス、365 日）を設定したログバケットを作成して証跡の送信先にします。またはルートユーザーでバージョニング済みバケットの MFA Delete を有効にします。"),
        cli: "aws s3api put-object-lock-configuration --bucket LOG_BUCKET --object-lock-configuration 'ObjectLockEnabled=Enabled,Rule={DefaultRetention={Mode=COMPLIANCE,Days=365}}'",
        terraform: "resource \"aws_s3_bucket_object_lock_configuration\" \"trail\" {\n  bucket = aws_s3_bucket.trail.id\n  rule {\n    default_retention {\n      mode = \"COMPLIANCE\"\n      days = 365\n    }\n  }\n}",
        safe: true,
    },
    since: "0.1.0",
    check: Check::Snapshot(check),
};

fn check(cx: &Cx, out: &mut Out) {
    each_trail_bucket(cx, out, |cx, owner, b| {
        let lock = b.object_lock.as_ref().and_then(|o| o.object_lock_enabled.clone());
        let mfa = b.versioning.as_ref().and_then(|v| v.mfa_delete.clone());
        let locked = lock.as_deref() == Some("Enabled");
        let mfa_on = mfa.as_deref() == Some("Enabled");
        // Either protection is enough; a missing read only matters if the other is absent.
        let lock_read = cx.res(&owner.account_id, "s3", "GetObjectLockConfiguration", &b.name);
        let versioning_read = cx.res(&owner.account_id, "s3", "GetBucketVersioning", &b.name);
        let verdict = if (locked && lock_read.is_ok()) || (mfa_on && versioning_read.is_ok()) {
            Ok(false)
        } else {
            lock_read.and(versioning_read).map(|()| true)
        };
        (verdict, vec![("ObjectLockEnabled", json!(lock)), ("MFADelete", json!(mfa))])
    });
}
