//! IAM-017: another account may assume the role with no external ID or MFA.

use super::{details_read, role_trusts};
use crate::rules::prelude::*;

pub static RULE: Rule = Rule {
    code: "IAM-017",
    name: "CrossAccountTrustWithoutExternalId",
    area: Area::Iam,
    severity: Severity::Medium,
    title: t("Role trusts another account without `sts:ExternalId` or MFA condition", "ロールが `sts:ExternalId` や MFA の条件なしに他のアカウントを信頼している"),
    rationale: t(
        "A role shared with a vendor's account without an external ID can be assumed by any of that vendor's other customers who learn its ARN (the confused deputy); one shared with a person's account without MFA falls to a leaked key. The whitepaper's cross-account access delegates deliberately; the condition is what keeps the delegation to the intended party.",
        "外部 ID なしでベンダーのアカウントと共有したロールは、ARN を知ったそのベンダーの他の顧客に引き受けられてしまいます（混乱した代理）。人が使うアカウントと MFA なしで共有したロールは、漏えいしたキーで引き受けられます。ホワイトペーパーのクロスアカウントアクセスは意図的な委任であり、条件が委任先を意図した相手に限定します。",
    ),
    sections: &[s::CROSS_ACCOUNT],
    cis: &[],
    fsbp: &[],
    trusted_advisor: &[],
    resource_type: "AwsIamRole",
    remediation: Remediation {
        console: t(
            "IAM → Roles → the role → Trust relationships → Edit: add `\"Condition\": {\"StringEquals\": {\"sts:ExternalId\": \"<id the third party gave you>\"}}` for a vendor, or `\"Bool\": {\"aws:MultiFactorAuthPresent\": \"true\"}` for people.",
            "IAM →［ロール］→ 対象ロール →［信頼関係］→［編集］で、ベンダー向けには `\"Condition\": {\"StringEquals\": {\"sts:ExternalId\": \"<相手から受け取った ID>\"}}`、人向けには `\"Bool\": {\"aws:MultiFactorAuthPresent\": \"true\"}` を追加します。",
        ),
        cli: "aws iam update-assume-role-policy --role-name ROLE --policy-document file://trust-with-external-id.json",
        terraform: "condition {\n  test     = \"StringEquals\"\n  variable = \"sts:ExternalId\"\n  values   = [var.external_id]\n}",
        safe: false,
    },
    since: "0.2.0",
    check: Check::Snapshot(check),
};

const GUARDS: &[&str] = &["sts:externalid", "aws:multifactorauthpresent", "aws:multifactorauthage"];

fn check(cx: &Cx, out: &mut Out) {
    use mamori_iam::policy::PrincipalKind;
    for a in cx.accounts() {
        let at = Cx::global(a);
        let read = details_read(cx, at);
        for (e, policy) in role_trusts(cx, a, out) {
            let mut unguarded = Vec::new();
            let mut accounts = Vec::new();
            for st in policy.statements.iter().filter(|st| st.effect == mamori_iam::Effect::Allow) {
                let Some(pr) = &st.principal else { continue };
                let others: Vec<String> = pr
                    .entries
                    .iter()
                    .filter(|x| x.kind == PrincipalKind::Aws)
                    .filter_map(|x| {
                        let acct = if x.value.len() == 12 { Some(x.value.as_str()) } else { x.value.split(':').nth(4) };
                        acct.filter(|acct| *acct != a.account_id).map(str::to_string)
                    })
                    .collect();
                if others.is_empty() {
                    continue;
                }
                let guarded = st.conditions.iter().any(|c| GUARDS.contains(&c.key.as_str()) && !c.op.is_negated());
                if !guarded {
                    unguarded.push(st.label());
                    accounts.extend(others);
                }
            }
            accounts.sort();
            accounts.dedup();
            let f = out.judge(at, &e.arn, read.clone().map(|()| !unguarded.is_empty()));
            if !unguarded.is_empty() {
                f.msg(
                    format!("Role `{}` trusts account(s) {} with no sts:ExternalId or MFA condition", e.name, accounts.join(", ")),
                    format!("ロール `{}` が sts:ExternalId や MFA の条件なしにアカウント {} を信頼している", e.name, accounts.join(", ")),
                );
            }
            f.ev("accounts", accounts).ev("statements", unguarded);
        }
    }
}
