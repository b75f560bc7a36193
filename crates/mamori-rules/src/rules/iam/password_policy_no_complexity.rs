//! IAM-006: the password policy does not require all four character classes.

use crate::rules::prelude::*;

pub static RULE: Rule = Rule {
    code: "IAM-006",
    name: "PasswordPolicyNoComplexity",
    area: Area::Iam,
    severity: Severity::Medium,
    title: t(
        "Password policy does not require upper case, lower case, numbers and symbols",
        "パスワードポリシーが大文字・小文字・数字・記号をすべて要求していない",
    ),
    rationale: t(
        "Requiring every character class widens the space an attacker must search and stops the most common dictionary passwords.",
        "すべての文字種を必須にすると攻撃者が探索すべき範囲が広がり、よくある辞書的なパスワードを防げます。",
    ),
    sections: &[s::T4_SIGN_IN],
    cis: &[],
    fsbp: &["IAM.7"],
    trusted_advisor: &[],
    resource_type: "AwsAccount",
    remediation: super::password_policy_short::RULE.remediation,
    since: "0.1.0",
    check: Check::Snapshot(check),
};

fn check(cx: &Cx, out: &mut Out) {
    for a in cx.accounts() {
        let at = Cx::global(a);
        let p = a.iam.password_policy.as_ref();
        let flags = p.map(|p| {
            [
                ("RequireUppercaseCharacters", p.require_uppercase_characters == Some(true)),
                ("RequireLowercaseCharacters", p.require_lowercase_characters == Some(true)),
                ("RequireNumbers", p.require_numbers == Some(true)),
                ("RequireSymbols", p.require_symbols == Some(true)),
            ]
        });
        let verdict = cx.op(at, "iam", "GetAccountPasswordPolicy").map(|()| flags.is_none_or(|f| f.iter().any(|(_, on)| !on)));
        let f = out.judge(at, arn::account(a), verdict);
        match flags {
            Some(flags) => {
                for (k, on) in flags {
                    f.ev(k, on);
                }
            }
            None => {
                f.ev("password_policy", serde_json::Value::Null);
            }
        }
    }
}
