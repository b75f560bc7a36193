//! HOST: a machine image or host, audited from its root filesystem
//! (whitepaper Tables 13, 15–18).

pub mod aws_credentials_on_disk;
pub mod baked_host_keys;
pub mod empty_password;
pub mod logs_left;
pub mod no_host_ids;
pub mod no_time_sync;
pub mod other_secrets_on_disk;
pub mod protocol_one;
pub mod pubkey_disabled;
pub mod root_ssh_login;
pub mod shell_history;
pub mod ssh_password_login;
pub mod usable_password;
pub mod user_keys_left;

use crate::finding::At;

/// Host findings are not in an AWS account or region.
pub(crate) const AT: At<'static> = At { account: "-", region: "local" };

/// Where an sshd setting came from, for messages.
pub(crate) fn source_text(src: &mamori_host::sshd::Source, japanese: bool) -> String {
    match src {
        mamori_host::sshd::Source::Line(l) => l.clone(),
        mamori_host::sshd::Source::Default if japanese => "OpenSSH の既定値".to_string(),
        mamori_host::sshd::Source::Default => "OpenSSH default".to_string(),
    }
}

/// The image's accounts, or a not-applicable finding when it has no `/etc/passwd`.
pub(crate) fn accounts_or_na<'a>(host: &'a mamori_host::Host, out: &mut crate::Out) -> Option<&'a [mamori_host::accounts::Account]> {
    if host.accounts.is_none() {
        out.not_applicable(AT, "/etc/passwd").msg("No /etc/passwd in the image", "イメージに /etc/passwd がない");
    }
    host.accounts.as_deref()
}

/// The image's sshd configuration, or a not-applicable finding when it has none.
pub(crate) fn sshd_or_na<'a>(host: &'a mamori_host::Host, out: &mut crate::Out) -> Option<&'a mamori_host::sshd::Config> {
    if host.sshd.is_none() {
        out.not_applicable(AT, "/etc/ssh/sshd_config").msg("No sshd configuration in the image", "イメージに sshd の設定がない");
    }
    host.sshd.as_ref()
}
