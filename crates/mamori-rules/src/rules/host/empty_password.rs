//! HOST-006: an account in the image needs no password at all.

use super::AT;
use crate::rules::prelude::*;
use mamori_host::accounts::Password;

pub static RULE: Rule = Rule {
    code: "HOST-006",
    name: "EmptyPassword",
    area: Area::Ec2,
    severity: Severity::Critical,
    title: t("Account with an empty password", "空のパスワードを持つアカウント"),
    rationale: t(
        "Table 15 removes default and blank credentials before publishing an image. An empty password field lets anyone log in as that account wherever a password prompt is reachable (console, su, services that use PAM).",
        "表 15 は、AMI を公開する前にデフォルトや空の認証情報を取り除くよう求めています。パスワード欄が空だと、パスワードの入力を求められる場所（コンソール、su、PAM を使うサービス）でだれでもそのアカウントとしてログインできます。",
    ),
    sections: &[s::T15_AMI_CLEANUP],
    cis: &[],
    fsbp: &[],
    trusted_advisor: &[],
    resource_type: "Other",
    remediation: Remediation {
        console: t("Lock the account (`passwd -l USER`) or delete it, then rebuild the image.", "アカウントをロック（`passwd -l USER`）するか削除して、イメージを作り直します。"),
        cli: "sudo passwd -l USER",
        terraform: "# Lock or remove the account in the image build.",
        safe: false,
    },
    since: "0.1.0",
    check: Check::Host(check),
};

fn check(host: &mamori_host::Host, out: &mut Out) {
    let Some(accounts) = super::accounts_or_na(host, out) else { return };
    for a in accounts {
        let empty = a.password == Password::Empty;
        let f = out.judge(AT, format!("account:{}", a.name), Ok(empty)).ev("at", a.at.clone()).ev("shell", a.shell.clone());
        if empty {
            f.msg(
                format!("Account `{}` has an empty password ({})", a.name, a.at),
                format!("アカウント `{}` のパスワードが空（{}）", a.name, a.at),
            );
        }
    }
}
