//! IAM-024: an admin principal's policies never ask for MFA.

use super::details_read;
use crate::rules::prelude::*;

pub static RULE: Rule = Rule {
    code: "IAM-024",
    name: "AdminWithoutMfaCondition",
    area: Area::Iam,
    severity: Severity::Low,
    title: t(
        "Admin-capable principal's policies never require MFA (`aws:MultiFactorAuthPresent`)",
        "管理者権限を持つプリンシパルのポリシーが MFA（`aws:MultiFactorAuthPresent`）を一度も要求していない",
    ),
    rationale: t(
        "The whitepaper's MFA for API calls (Table 5) lets policies demand a fresh MFA code before sensitive calls. An admin whose policies never test aws:MultiFactorAuthPresent or aws:MultiFactorAuthAge can use all of its power with a leaked access key alone.",
        "ホワイトペーパーの「API 呼び出しに対する MFA」（表 5）では、重要な API の前に MFA を要求するようポリシーで指定できます。ポリシーが aws:MultiFactorAuthPresent や aws:MultiFactorAuthAge を一度も確認しない管理者は、漏えいしたアクセスキーだけで全権限を行使されます。",
    ),
    sections: &[s::T5_PROGRAMMATIC],
    cis: &[],
    fsbp: &[],
    trusted_advisor: &[],
    resource_type: "AwsIamUser",
    remediation: Remediation {
        console: t(
            "Attach to the admin (or its group) a policy that denies everything but MFA setup when `BoolIfExists aws:MultiFactorAuthPresent = false`; for an admin role, require MFA in its trust policy.",
            "管理者（またはそのグループ）に、`BoolIfExists aws:MultiFactorAuthPresent = false` のとき MFA 設定以外を拒否するポリシーをアタッチします。管理者ロールでは信頼ポリシーで MFA を要求します。",
        ),
        cli: "aws iam put-user-policy --user-name USER --policy-name require-mfa --policy-document file://deny-without-mfa.json",
        terraform: "statement {\n  effect      = \"Deny\"\n  not_actions = [\"iam:*MFA*\", \"sts:GetSessionToken\"]\n  resources   = [\"*\"]\n  condition {\n    test     = \"BoolIfExists\"\n    variable = \"aws:MultiFactorAuthPresent\"\n    values   = [\"false\"]\n  }\n}",
        safe: false,
    },
    since: "0.2.0",
    check: Check::Snapshot(check),
};

const MFA_KEYS: &[&str] = &["aws:multifactorauthpresent", "aws:multifactorauthage"];

fn asks_mfa(p: &mamori_iam::Policy) -> bool {
    p.statements.iter().any(|st| st.conditions.iter().any(|c| MFA_KEYS.contains(&c.key.as_str())))
}

fn check(cx: &Cx, out: &mut Out) {
    use mamori_iam::account::EntityKind;
    let view = cx.iam();
    let model = &view.model;
    for a in cx.accounts() {
        let at = Cx::global(a);
        let read = details_read(cx, at);
        // Admin-capable: admin at least when the caller has MFA.
        let mut with_mfa = mamori_iam::Context::new();
        with_mfa.set("aws:MultiFactorAuthPresent", "true").set("aws:MultiFactorAuthAge", "60");
        for e in model.entities.iter().filter(|e| e.account == a.account_id) {
            if !mamori_iam::escalation::is_admin_with(model, e, &with_mfa) {
                continue;
            }
            let policies = e.identity.iter().chain(e.boundary.iter()).chain(e.trust.iter()).filter_map(|&i| model.policy(i));
            let mut asks = false;
            let mut trust_services_only = e.kind == EntityKind::Role;
            for p in policies {
                if let Some(policy) = &p.policy {
                    asks |= asks_mfa(policy);
                    if p.kind == mamori_iam::account::PolicyKind::Trust {
                        trust_services_only = policy.statements.iter().all(|st| {
                            st.principal.as_ref().is_some_and(|pr| {
                                !pr.any && pr.entries.iter().all(|x| x.kind == mamori_iam::policy::PrincipalKind::Service)
                            })
                        });
                    }
                }
            }
            let kind = if e.kind == EntityKind::User { "AwsIamUser" } else { "AwsIamRole" };
            if trust_services_only {
                out.not_applicable(at, &e.arn).kind(kind).msg(
                    format!("Admin role `{}` is assumed by AWS services only", e.name),
                    format!("管理者ロール `{}` は AWS サービスだけが引き受ける", e.name),
                );
                continue;
            }
            let f = out.judge(at, &e.arn, read.clone().map(|()| !asks)).kind(kind);
            if !asks {
                f.msg(
                    format!("Admin `{}` can use all its permissions without MFA", e.name),
                    format!("管理者 `{}` は MFA なしで全権限を使える", e.name),
                );
            }
            f.ev("admin", true).ev("mfa_condition", asks);
        }
    }
}
