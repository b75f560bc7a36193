//! IAM-005: passwords may be shorter than 14 characters.

use crate::rules::prelude::*;

pub static RULE: Rule = Rule {
    code: "IAM-005",
    name: "PasswordPolicyShort",
    area: Area::Iam,
    severity: Severity::Medium,
    title: t("Password policy allows passwords shorter than 14 characters", "パスワードポリシーが 14 文字未満のパスワードを許している"),
    rationale: t(
        "Length is what makes a password hard to guess or crack. Without a password policy IAM accepts passwords of 8 characters.",
        "パスワードの推測や解読を難しくするのは長さです。パスワードポリシーがないと、IAM は 8 文字のパスワードを受け入れます。",
    ),
    sections: &[s::T4_SIGN_IN],
    cis: &["1.8"],
    fsbp: &["IAM.15"],
    trusted_advisor: &[],
    resource_type: "AwsAccount",
    remediation: Remediation {
        console: t(
            "IAM → Account settings → Password policy → Edit: minimum length 14 or more.",
            "IAM →［アカウント設定］→［パスワードポリシー］→［編集］で、最小文字数を 14 以上にします。",
        ),
        cli: "aws iam update-account-password-policy --minimum-password-length 14 --require-symbols --require-numbers --require-uppercase-characters --require-lowercase-characters --password-reuse-prevention 24",
        terraform: "resource \"aws_iam_account_password_policy\" \"strict\" {\n  minimum_password_length        = 14\n  require_symbols                = true\n  require_numbers                = true\n  require_uppercase_characters   = true\n  require_lowercase_characters   = true\n  password_reuse_prevention      = 24\n}",
        safe: true,
    },
    since: "0.1.0",
    check: Check::Snapshot(check),
};

pub(crate) const MIN_LENGTH: i32 = 14;

fn check(cx: &Cx, out: &mut Out) {
    for a in cx.accounts() {
        let at = Cx::global(a);
        let length = a.iam.password_policy.as_ref().map(|p| p.minimum_password_length.unwrap_or(6));
        let verdict = cx.op(at, "iam", "GetAccountPasswordPolicy").map(|()| length.is_none_or(|l| l < MIN_LENGTH));
        let f = out.judge(at, arn::account(a), verdict);
        match length {
            Some(l) => f.ev("MinimumPasswordLength", l),
            None => f.ev("password_policy", serde_json::Value::Null),
        };
    }
}
