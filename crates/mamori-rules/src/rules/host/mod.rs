//! HOST: a machine image or host, audited from its root filesystem
//! (whitepaper Tables 13, 15–18).

pub mod aws_credentials_on_disk;
pub mod baked_host_keys;
pub mod cleartext_services;
pub mod empty_password;
pub mod logs_left;
pub mod no_host_ids;
pub mod no_time_sync;
pub mod nonessential_services;
pub mod open_mail_relay;
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

/// Units enabled at boot: links under `/etc/systemd/system/*.wants/` (and
/// deeper `.wants`/`.requires` directories), minus units masked to `/dev/null`.
pub(crate) fn enabled_units(host: &mamori_host::Host) -> Vec<(String, String)> {
    use mamori_host::tree::Kind;
    let masked: Vec<&str> = host
        .kept
        .under("/etc/systemd/system")
        .filter(|e| matches!(&e.kind, Kind::Symlink(t) if t == "/dev/null"))
        .filter_map(|e| e.path.rsplit('/').next())
        .collect();
    host.kept
        .under("/etc/systemd/system")
        .filter(|e| matches!(e.kind, Kind::Symlink(_)))
        .filter(|e| e.path.rsplit('/').nth(1).is_some_and(|dir| dir.ends_with(".wants") || dir.ends_with(".requires")))
        .filter_map(|e| e.path.rsplit('/').next().map(|unit| (unit.to_string(), e.path.clone())))
        .filter(|(unit, _)| !masked.contains(&unit.as_str()))
        .collect()
}

/// Whether a unit file name is one of `names` (`telnet` matches `telnet.socket`, `telnet@.service`).
pub(crate) fn unit_is(unit: &str, names: &[&str]) -> bool {
    let base = unit.split(['.', '@']).next().unwrap_or(unit);
    names.contains(&base)
}
