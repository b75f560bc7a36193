//! IAM-001: the root user has an active access key.

use crate::rules::prelude::*;

pub static RULE: Rule = Rule {
    code: "IAM-001",
    name: "RootAccessKeyActive",
    area: Area::Iam,
    severity: Severity::Critical,
    title: t("Root user has an active access key", "ルートユーザーに有効なアクセスキーがある"),
    rationale: t(
        "A root access key is a long-lived secret with unlimited power that no policy can restrict. The whitepaper asks to disable the root API access key; anyone who finds it owns the account.",
        "ルートのアクセスキーは、どのポリシーでも制限できない無制限の権限を持つ長期的な秘密情報です。ホワイトペーパーはルート API アクセスキーの無効化を求めています。漏えいすればアカウント全体が奪われます。",
    ),
    sections: &[s::CREDENTIALS, s::T5_PROGRAMMATIC],
    cis: &["1.4"],
    fsbp: &["IAM.4"],
    trusted_advisor: &[],
    resource_type: "AwsAccount",
    remediation: Remediation {
        console: t(
            "Sign in as the root user → Security credentials → Access keys: make sure nothing uses the key (last used), deactivate it, then delete it.",
            "ルートユーザーでサインイン →［セキュリティ認証情報］→［アクセスキー］で、キーが使われていないこと（最終使用日時）を確認してから無効化し、削除します。",
        ),
        cli: "# Root keys can only be deleted by the root user, in the console (Security credentials).",
        terraform: "# Not manageable with Terraform: delete the root access key in the console.",
        safe: false,
    },
    since: "0.1.0",
    check: Check::Snapshot(check),
};

fn check(cx: &Cx, out: &mut Out) {
    for a in cx.accounts() {
        let at = Cx::global(a);
        let root = a.iam.credential_report.iter().find(|r| r.is_root());
        let from_report = cx.op(at, "iam", "GetCredentialReport").and_then(|()| {
            root.map(|r| {
                use mamori_model::iam::CredentialReportRow as R;
                R::flag(&r.access_key_1_active) || R::flag(&r.access_key_2_active)
            })
            .ok_or_else(|| Reason::incomplete("iam", "GetCredentialReport"))
        });
        // The account summary answers the same question when the report could not be read.
        let verdict = from_report.or_else(|e| {
            cx.op(at, "iam", "GetAccountSummary").map_err(|_| e).and_then(|()| {
                a.iam
                    .account_summary
                    .get("AccountAccessKeysPresent")
                    .map(|n| *n > 0)
                    .ok_or_else(|| Reason::incomplete("iam", "GetAccountSummary"))
            })
        });
        let f = out.judge(at, arn::account(a), verdict);
        if let Some(r) = root {
            f.ev("access_key_1_active", r.access_key_1_active.as_str()).ev("access_key_2_active", r.access_key_2_active.as_str());
        }
        if let Some(n) = a.iam.account_summary.get("AccountAccessKeysPresent") {
            f.ev("AccountAccessKeysPresent", *n);
        }
    }
}
