//! IAM-007: users may go back to one of their last 24 passwords.

use crate::rules::prelude::*;

pub static RULE: Rule = Rule {
    code: "IAM-007",
    name: "PasswordPolicyAllowsReuse",
    area: Area::Iam,
    severity: Severity::Low,
    title: t("Password policy allows reuse of the last 24 passwords", "パスワードポリシーが直近 24 個のパスワードの再利用を許している"),
    rationale: t(
        "If old passwords can come back, a rotation after a leak can be undone by the user and the leaked password works again.",
        "古いパスワードを再利用できると、漏えい後に変更してもユーザーが元に戻せてしまい、漏れたパスワードが再び使えるようになります。",
    ),
    sections: &[s::T4_SIGN_IN],
    cis: &["1.9"],
    fsbp: &["IAM.16"],
    trusted_advisor: &[],
    resource_type: "AwsAccount",
    remediation: super::password_policy_short::RULE.remediation,
    since: "0.1.0",
    check: Check::Snapshot(check),
};

pub(crate) const REMEMBERED: i32 = 24;

fn check(cx: &Cx, out: &mut Out) {
    for a in cx.accounts() {
        let at = Cx::global(a);
        let reuse = a.iam.password_policy.as_ref().map(|p| p.password_reuse_prevention.unwrap_or(0));
        let verdict = cx.op(at, "iam", "GetAccountPasswordPolicy").map(|()| reuse.is_none_or(|n| n < REMEMBERED));
        let f = out.judge(at, arn::account(a), verdict);
        match reuse {
            Some(n) => f.ev("PasswordReusePrevention", n),
            None => f.ev("password_policy", serde_json::Value::Null),
        };
    }
}
