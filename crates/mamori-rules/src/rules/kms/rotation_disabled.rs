//! KMS-001: a customer managed key is never rotated.

use super::key_arn;
use crate::rules::prelude::*;

pub static RULE: Rule = Rule {
    code: "KMS-001",
    name: "KeyRotationDisabled",
    area: Area::DataAtRest,
    severity: Severity::Medium,
    title: t("Customer managed symmetric KMS key has no automatic rotation", "カスタマー管理の対称 KMS キーで自動ローテーションが無効"),
    rationale: t(
        "Rotation limits how much data one key version protects and how long a compromised version stays useful. KMS keeps old versions to decrypt, so rotation is transparent to applications.",
        "ローテーションにより、1 つのキーバージョンで保護するデータ量と、侵害されたバージョンが使える期間を抑えられます。KMS は復号用に古いバージョンを保持するため、アプリケーションには影響しません。",
    ),
    sections: &[s::KEY_MANAGEMENT],
    cis: &["3.6"],
    fsbp: &["KMS.4"],
    trusted_advisor: &[],
    resource_type: "AwsKmsKey",
    remediation: Remediation {
        console: t("KMS → Customer managed keys → the key → Key rotation → Automatically rotate this KMS key every year (or a shorter period).", "KMS →［カスタマー管理型のキー］→ 対象 →［キーのローテーション］→［この KMS キーを毎年自動的にローテーションする］（またはより短い期間）。"),
        cli: "aws kms enable-key-rotation --key-id KEY_ID",
        terraform: "resource \"aws_kms_key\" \"k\" {\n  # ...\n  enable_key_rotation = true\n}",
        safe: true,
    },
    since: "0.1.0",
    check: Check::Snapshot(check),
};

fn check(cx: &Cx, out: &mut Out) {
    for (a, at, r) in cx.all_regions() {
        for k in r.kms_keys.iter().filter(|k| super::customer_managed(k)) {
            let resource = key_arn(a, at.region, k);
            let spec = k.key_spec.as_deref().unwrap_or("SYMMETRIC_DEFAULT");
            let state = k.key_state.as_deref().unwrap_or_default();
            if spec != "SYMMETRIC_DEFAULT" || k.origin.as_deref().is_some_and(|o| o != "AWS_KMS") || state == "PendingDeletion" {
                out.not_applicable(at, resource)
                    .msg(
                        "Key cannot be rotated automatically (asymmetric, HMAC, imported, custom store or pending deletion)",
                        "キーは自動ローテーションできない（非対称、HMAC、インポート、カスタムキーストア、または削除保留中）",
                    )
                    .ev("KeySpec", spec)
                    .ev("Origin", k.origin.clone())
                    .ev("KeyState", state);
                continue;
            }
            let verdict = cx
                .res(at.account, "kms", "GetKeyRotationStatus", &k.key_id)
                .and_then(|()| k.key_rotation_enabled.map(|on| !on).ok_or_else(|| Reason::incomplete("kms", "GetKeyRotationStatus")));
            out.judge(at, resource, verdict).ev("KeyRotationEnabled", k.key_rotation_enabled).ev("aliases", k.aliases.clone());
        }
    }
}
