//! GLC-001: the vault access policy lets anyone in.

use crate::rules::policy::judge_public;
use crate::rules::prelude::*;

pub static RULE: Rule = Rule {
    code: "GLC-001",
    name: "VaultPublicByPolicy",
    area: Area::DataAtRest,
    severity: Severity::Critical,
    title: t("Glacier vault policy grants access to anyone", "Glacier ボールトのポリシーが誰にでもアクセスを許可している"),
    rationale: t(
        "Archives are often the only copy of old data. A vault access policy for `\"Principal\": \"*\"` without a restricting condition lets any AWS account retrieve — or, with glacier:DeleteArchive, destroy — them. The whitepaper protects Glacier data at rest with IAM and vault policies that grant named principals.",
        "アーカイブは古いデータの唯一のコピーであることが多くあります。`\"Principal\": \"*\"` のボールトアクセスポリシーに制限条件がなければ、どの AWS アカウントでも取り出し（glacier:DeleteArchive なら削除）ができます。ホワイトペーパーは、指定したプリンシパルに許可する IAM ポリシーとボールトポリシーで Glacier の保管データを保護するよう求めています。",
    ),
    sections: &[s::GLACIER_AT_REST],
    cis: &[],
    fsbp: &[],
    trusted_advisor: &[],
    resource_type: "Other",
    remediation: Remediation {
        console: t(
            "S3 Glacier → Vaults → the vault → Permissions → Edit policy: name the accounts or roles that need access instead of `*`; protect archives from deletion with a Vault Lock policy.",
            "S3 Glacier →［ボールト］→ 対象ボールト →［アクセス許可］→［ポリシーを編集］で、`*` の代わりにアクセスが必要なアカウントやロールを指定します。アーカイブの削除は Vault Lock ポリシーで防ぎます。",
        ),
        cli: "aws glacier set-vault-access-policy --account-id - --vault-name VAULT --policy file://vault-policy.json",
        terraform: "resource \"aws_glacier_vault\" \"v\" {\n  name          = \"VAULT\"\n  access_policy = data.aws_iam_policy_document.vault.json\n}",
        safe: false,
    },
    since: "0.2.0",
    check: Check::Snapshot(check),
};

fn check(cx: &Cx, out: &mut Out) {
    for (a, at, r) in cx.all_regions() {
        for v in &r.glacier_vaults {
            let arn = arn::or(v.vault_arn.as_ref(), || arn::regional(a, "glacier", at.region, &format!("vaults/{}", v.vault_name)));
            let read =
                cx.op(at, "glacier", "ListVaults").and_then(|()| cx.res(at.account, "glacier", "GetVaultAccessPolicy", &v.vault_name));
            let Some((f, public)) = judge_public(cx, out, at, arn, read, "glacier:GetVaultAccessPolicy", false) else {
                continue;
            };
            f.ev("has_policy", v.policy.is_some());
            if !public.is_empty() {
                f.msg(
                    format!("Vault `{}` policy lets anyone in: {}", v.vault_name, public.join("; ")),
                    format!("ボールト `{}` のポリシーが誰にでもアクセスを許可している: {}", v.vault_name, public.join("; ")),
                );
            }
        }
    }
}
