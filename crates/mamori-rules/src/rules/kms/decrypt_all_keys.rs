//! KMS-004: a policy allows decryption with every key.

use crate::rules::iam::{details_read, parsed_written_policies};
use crate::rules::prelude::*;

pub static RULE: Rule = Rule {
    code: "KMS-004",
    name: "DecryptOnAllKeys",
    area: Area::DataAtRest,
    severity: Severity::Medium,
    title: t("Policy allows `kms:Decrypt` / `kms:ReEncryptFrom` on all keys", "ポリシーがすべてのキーに対する `kms:Decrypt` / `kms:ReEncryptFrom` を許可している"),
    rationale: t(
        "`kms:Decrypt` on `Resource: \"*\"` lets the holder decrypt data protected by every key whose policy defers to IAM, including keys created later for other teams. The whitepaper's key management separates who may use which key; a policy names the keys it needs.",
        "`Resource: \"*\"` への `kms:Decrypt` は、IAM に委任しているすべてのキー（後から他チーム用に作られるキーを含む）で保護されたデータの復号を許します。ホワイトペーパーのキー管理では、どのキーを誰が使えるかを分離します。ポリシーでは必要なキーを指定します。",
    ),
    sections: &[s::KEY_MANAGEMENT],
    cis: &[],
    fsbp: &["KMS.1", "KMS.2"],
    trusted_advisor: &[],
    resource_type: "AwsIamPolicy",
    remediation: Remediation {
        console: t(
            "IAM → the policy → Edit: replace `\"Resource\": \"*\"` in the statement that allows kms:Decrypt with the ARNs of the keys used, or add a kms:ViaService / kms:EncryptionContext condition.",
            "IAM → 対象ポリシー →［編集］で、kms:Decrypt を許可するステートメントの `\"Resource\": \"*\"` を使用するキーの ARN に置き換えるか、kms:ViaService / kms:EncryptionContext の条件を追加します。",
        ),
        cli: "aws iam create-policy-version --policy-arn POLICY_ARN --policy-document file://named-keys.json --set-as-default",
        terraform: "statement {\n  actions   = [\"kms:Decrypt\"]\n  resources = [aws_kms_key.app.arn]\n}",
        safe: false,
    },
    since: "0.2.0",
    check: Check::Snapshot(check),
};

fn check(cx: &Cx, out: &mut Out) {
    let probe = mamori_iam::Context::default();
    for a in cx.accounts() {
        let at = Cx::global(a);
        let read = details_read(cx, at);
        for (p, policy) in parsed_written_policies(cx, a, out, false) {
            let mut hits = Vec::new();
            for st in policy.statements.iter().filter(|st| st.effect == mamori_iam::Effect::Allow && st.conditions.is_empty()) {
                let Some(actions) = &st.action else { continue };
                let names = |action: &str| actions.patterns.iter().any(|p| p.matches(action, &probe)) != actions.negated;
                let all_keys = st.resource.as_ref().is_none_or(|r| {
                    !r.negated
                        && r.patterns.iter().any(|p| p.is_any() || p.source == "arn:aws:kms:*:*:key/*" || p.source == "arn:aws:kms:*")
                });
                if all_keys && (names("kms:decrypt") || names("kms:reencryptfrom")) {
                    hits.push(st.label());
                }
            }
            let f = out.judge(at, &p.name, read.clone().map(|()| !hits.is_empty()));
            if !hits.is_empty() {
                f.msg(
                    format!("Policy `{}` allows kms:Decrypt or kms:ReEncryptFrom on every key (statement {})", p.short, hits.join(", ")),
                    format!(
                        "ポリシー `{}` がすべてのキーに対する kms:Decrypt または kms:ReEncryptFrom を許可している（ステートメント {}）",
                        p.short,
                        hits.join(", ")
                    ),
                );
            }
            f.ev("policy", p.name.clone()).ev("statements", hits);
        }
    }
}
