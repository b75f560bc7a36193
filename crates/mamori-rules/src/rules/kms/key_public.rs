//! KMS-002: the key policy lets anyone use the key.

use super::key_arn;
use crate::rules::policy::judge_public;
use crate::rules::prelude::*;

pub static RULE: Rule = Rule {
    code: "KMS-002",
    name: "KeyUsableByAnyone",
    area: Area::DataAtRest,
    severity: Severity::Critical,
    title: t("Key policy grants use to anyone (IAM engine)", "キーポリシーが誰にでも使用を許可している（IAM エンジン）"),
    rationale: t(
        "A key policy statement for `\"Principal\": \"*\"` without a condition such as kms:CallerAccount or aws:PrincipalOrgID lets any AWS account decrypt what the key protects, or schedule the key for deletion. Key policies are the root of KMS access: the whitepaper's key management keeps them to the key's administrators and users.",
        "`\"Principal\": \"*\"` のステートメントに kms:CallerAccount や aws:PrincipalOrgID などの条件がなければ、どの AWS アカウントでもキーで保護されたデータを復号したり、キーの削除をスケジュールしたりできます。キーポリシーは KMS のアクセス制御の根幹で、ホワイトペーパーのキー管理ではキーの管理者と利用者に限定します。",
    ),
    sections: &[s::KEY_MANAGEMENT],
    cis: &[],
    fsbp: &[],
    trusted_advisor: &[],
    resource_type: "AwsKmsKey",
    remediation: Remediation {
        console: t(
            "KMS → Customer managed keys → the key → Key policy → Edit: name the roles that administer and use the key, or add `\"StringEquals\": {\"kms:CallerAccount\": \"<account>\"}` to the statement for `*`.",
            "KMS →［カスタマー管理型のキー］→ 対象キー →［キーポリシー］→［編集］で、キーを管理・使用するロールを指定するか、`*` のステートメントに `\"StringEquals\": {\"kms:CallerAccount\": \"<アカウント>\"}` を追加します。",
        ),
        cli: "aws kms put-key-policy --key-id KEY_ID --policy-name default --policy file://key-policy.json",
        terraform: "resource \"aws_kms_key_policy\" \"k\" {\n  key_id = aws_kms_key.k.id\n  policy = data.aws_iam_policy_document.key.json\n}",
        safe: false,
    },
    since: "0.2.0",
    check: Check::Snapshot(check),
};

fn check(cx: &Cx, out: &mut Out) {
    for (a, at, r) in cx.all_regions() {
        for k in &r.kms_keys {
            let arn = key_arn(a, at.region, k);
            let read = cx.ops(at, &[("kms", "ListKeys")]).and_then(|()| cx.res(at.account, "kms", "GetKeyPolicy", &k.key_id));
            let Some((f, public)) = judge_public(cx, out, at, arn, read, "kms:GetKeyPolicy", false) else { continue };
            if !public.is_empty() {
                f.msg(
                    format!("Key `{}` policy lets anyone use it: {}", k.key_id, public.join("; ")),
                    format!("キー `{}` のポリシーが誰にでも使用を許可している: {}", k.key_id, public.join("; ")),
                );
            }
        }
    }
}
