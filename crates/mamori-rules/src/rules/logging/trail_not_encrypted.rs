//! LOG-003: trail logs are not encrypted with a KMS key.

use super::{trail_arn, trails};
use crate::rules::prelude::*;

pub static RULE: Rule = Rule {
    code: "LOG-003",
    name: "TrailNotKmsEncrypted",
    area: Area::Log,
    severity: Severity::Medium,
    title: t("Trail is not encrypted with a KMS key", "証跡が KMS キーで暗号化されていない"),
    rationale: t(
        "Audit logs reveal the account's structure and activity. With SSE-KMS, reading them needs kms:Decrypt on the trail's key as well as S3 access, a second control the whitepaper's log protection asks for.",
        "監査ログはアカウントの構成と活動を明らかにします。SSE-KMS を使うと、読み取りに S3 のアクセスに加えて証跡のキーへの kms:Decrypt が必要になり、ホワイトペーパーのログ情報の保護が求める 2 つ目の制御になります。",
    ),
    sections: &[s::PROTECT_LOGS],
    cis: &["3.5"],
    fsbp: &["CloudTrail.2"],
    trusted_advisor: &[],
    resource_type: "AwsCloudTrailTrail",
    remediation: Remediation {
        console: t("CloudTrail → Trails → the trail → General details → Edit → Log file SSE-KMS encryption: Enabled, with a customer managed key whose policy lets CloudTrail encrypt.", "CloudTrail →［証跡］→ 対象 →［全般的な詳細］→［編集］→［ログファイルの SSE-KMS 暗号化］を有効にし、CloudTrail による暗号化を許可するカスタマー管理キーを指定します。"),
        cli: "aws cloudtrail update-trail --name TRAIL --kms-key-id KEY_ARN",
        terraform: "resource \"aws_cloudtrail\" \"main\" {\n  # ...\n  kms_key_id = aws_kms_key.trail.arn\n}",
        safe: true,
    },
    since: "0.1.0",
    check: Check::Snapshot(check),
};

fn check(cx: &Cx, out: &mut Out) {
    for a in cx.accounts() {
        for (at, t) in trails(cx, a) {
            let read = cx.op(at, "cloudtrail", "DescribeTrails");
            out.judge(at, trail_arn(a, at, t), read.map(|()| t.kms_key_id.as_deref().is_none_or(str::is_empty)))
                .ev("KmsKeyId", t.kms_key_id.clone());
        }
    }
}
