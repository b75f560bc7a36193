//! IAM-016: anyone can assume the role.

use super::{details_read, role_trusts};
use crate::rules::prelude::*;

pub static RULE: Rule = Rule {
    code: "IAM-016",
    name: "RoleAssumableByAnyone",
    area: Area::Iam,
    severity: Severity::Critical,
    title: t(
        "Role trust policy lets any principal (`*`) assume it without a restricting condition",
        "ロールの信頼ポリシーが、制限する条件なしに任意のプリンシパル（`*`）による引き受けを許可している",
    ),
    rationale: t(
        "A trust policy with `\"Principal\": {\"AWS\": \"*\"}` (or a web-identity provider with no audience or subject condition) lets any AWS account in the world — or any holder of a token from that provider — take the role's permissions. Cross-account access, as the whitepaper describes it, trusts one named account.",
        "`\"Principal\": {\"AWS\": \"*\"}`（または audience や subject の条件がない Web ID プロバイダー）を信頼するポリシーは、世界中のあらゆる AWS アカウント（またはそのプロバイダーのトークン保持者）にロールの権限を与えます。ホワイトペーパーのクロスアカウントアクセスは、特定のアカウントを信頼するものです。",
    ),
    sections: &[s::CROSS_ACCOUNT, s::T6_DELEGATION],
    cis: &[],
    fsbp: &[],
    trusted_advisor: &[],
    resource_type: "AwsIamRole",
    remediation: Remediation {
        console: t(
            "IAM → Roles → the role → Trust relationships → Edit trust policy: name the trusted account or role instead of `*`, or add a condition on aws:PrincipalOrgID / aws:PrincipalAccount (and sts:ExternalId for third parties).",
            "IAM →［ロール］→ 対象ロール →［信頼関係］→［信頼ポリシーを編集］で `*` の代わりに信頼するアカウントやロールを指定するか、aws:PrincipalOrgID / aws:PrincipalAccount の条件（第三者には sts:ExternalId も）を追加します。",
        ),
        cli: "aws iam update-assume-role-policy --role-name ROLE --policy-document file://trust-named-account.json",
        terraform: "data \"aws_iam_policy_document\" \"trust\" {\n  statement {\n    actions = [\"sts:AssumeRole\"]\n    principals {\n      type        = \"AWS\"\n      identifiers = [\"arn:aws:iam::111122223333:root\"]\n    }\n  }\n}",
        safe: false,
    },
    since: "0.2.0",
    check: Check::Snapshot(check),
};

fn check(cx: &Cx, out: &mut Out) {
    use mamori_iam::exposure::{analyze, Reach};
    for a in cx.accounts() {
        let at = Cx::global(a);
        let read = details_read(cx, at);
        for (e, policy) in role_trusts(cx, a, out) {
            let exposure = analyze(policy, &a.account_id);
            let assume =
                |g: &&mamori_iam::exposure::Grant| g.actions.iter().any(|x| x == "*" || x.to_ascii_lowercase().starts_with("sts:"));
            let public: Vec<String> = exposure.public().filter(assume).map(|g| g.statement.clone()).collect();
            let restricted: Vec<String> = exposure
                .restricted()
                .filter(assume)
                .filter_map(|g| match &g.reach {
                    Reach::Restricted(r) => Some(format!("{}: {}", g.statement, r.join("; "))),
                    _ => None,
                })
                .collect();
            let f = out.judge(at, &e.arn, read.clone().map(|()| !public.is_empty()));
            if !public.is_empty() {
                f.msg(
                    format!("Anyone can assume role `{}` (trust statement {})", e.name, public.join(", ")),
                    format!("誰でもロール `{}` を引き受けられる（信頼ステートメント {}）", e.name, public.join(", ")),
                );
            }
            f.ev("public_statements", public).ev("restricted_statements", restricted);
        }
    }
}
