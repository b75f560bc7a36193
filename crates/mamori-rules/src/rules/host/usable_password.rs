//! HOST-005: an account in the image has a password that works.

use super::AT;
use crate::rules::prelude::*;
use mamori_host::accounts::Password;

pub static RULE: Rule = Rule {
    code: "HOST-005",
    name: "UsablePassword",
    area: Area::Ec2,
    severity: Severity::Medium,
    title: t("Account with a usable password (not locked)", "使用可能なパスワードを持つアカウント（ロックされていない）"),
    rationale: t(
        "Table 16 locks passwords (`passwd -l`) before an image is shared: every instance launched from it would share the same password, known to whoever built or copies the image.",
        "表 16 は、AMI を共有する前にパスワードをロック（`passwd -l`）するよう求めています。そのイメージから起動するすべてのインスタンスが、作成者やコピーした人の知る同じパスワードを共有してしまいます。",
    ),
    sections: &[s::T16_LINUX_AMI],
    cis: &[],
    fsbp: &[],
    trusted_advisor: &[],
    resource_type: "Other",
    remediation: Remediation {
        console: t("Lock the password of every account in the image (`passwd -l USER`) and rebuild; set passwords at launch if one is really needed.", "イメージ内の全アカウントのパスワードをロック（`passwd -l USER`）して作り直します。どうしても必要なら起動時に設定します。"),
        cli: "sudo passwd -l USER",
        terraform: "# Lock passwords in the image build (Packer provisioner: passwd -l).",
        safe: false,
    },
    since: "0.1.0",
    check: Check::Host(check),
};

fn check(host: &mamori_host::Host, out: &mut Out) {
    let Some(accounts) = super::accounts_or_na(host, out) else { return };
    for a in accounts {
        let resource = format!("account:{}", a.name);
        match &a.password {
            Password::Usable { scheme } => {
                out.fail(AT, resource).ev("at", a.at.clone()).ev("hash_scheme", *scheme).ev("shell", a.shell.clone()).msg(
                    format!("Account `{}` has a usable {scheme} password ({})", a.name, a.at),
                    format!("アカウント `{}` に使用可能な {scheme} パスワードがある（{}）", a.name, a.at),
                );
            }
            Password::Empty => {
                // HOST-006 reports empty passwords.
                out.not_applicable(AT, resource).msg("Empty password (see HOST-006)", "空のパスワード（HOST-006 を参照）");
            }
            Password::Locked | Password::Missing => {
                out.pass(AT, resource).ev("at", a.at.clone());
            }
        }
    }
}
