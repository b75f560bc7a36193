//! IAM-002: the root user signs in with a password alone.

use crate::rules::prelude::*;

pub static RULE: Rule = Rule {
    code: "IAM-002",
    name: "RootWithoutMfa",
    area: Area::Iam,
    severity: Severity::Critical,
    title: t("Root user has no MFA", "ルートユーザーに MFA が設定されていない"),
    rationale: t(
        "With MFA, a stolen or guessed root password is not enough to take the account. The whitepaper's sign-in credentials (Table 4) pair the password with an MFA device.",
        "MFA があれば、盗まれたり推測されたりしたルートのパスワードだけではアカウントを奪えません。ホワイトペーパーのサインイン認証情報（表 4）は、パスワードと MFA デバイスの組み合わせを挙げています。",
    ),
    sections: &[s::T4_SIGN_IN],
    cis: &["1.5"],
    fsbp: &["IAM.9"],
    trusted_advisor: &["MFA on Root Account"],
    resource_type: "AwsAccount",
    remediation: Remediation {
        console: t(
            "Sign in as the root user → Security credentials → Multi-factor authentication → Assign MFA device (a hardware key or passkey is best).",
            "ルートユーザーでサインイン →［セキュリティ認証情報］→［多要素認証］→［MFA デバイスの割り当て］（ハードウェアキーまたはパスキーを推奨）。",
        ),
        cli: "# Root MFA is assigned by the root user in the console (Security credentials).",
        terraform: "# Not manageable with Terraform: assign root MFA in the console.",
        safe: true,
    },
    since: "0.1.0",
    check: Check::Snapshot(check),
};

fn check(cx: &Cx, out: &mut Out) {
    for a in cx.accounts() {
        let at = Cx::global(a);
        let enabled = a.iam.account_summary.get("AccountMFAEnabled").copied();
        let verdict = cx
            .op(at, "iam", "GetAccountSummary")
            .and_then(|()| enabled.map(|n| n != 1).ok_or_else(|| Reason::incomplete("iam", "GetAccountSummary")));
        let f = out.judge(at, arn::account(a), verdict);
        if let Some(n) = enabled {
            f.ev("AccountMFAEnabled", n);
        }
    }
}
