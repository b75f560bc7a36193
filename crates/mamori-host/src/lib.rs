//! The filesystem side of mamori: audits a machine image or a host from its
//! root tree — a mounted volume, a chroot, `/`, or a tar archive of one read
//! directly without extracting — against the whitepaper's hardening tables
//! (Tables 15–18). Pure: no AWS, no network.
//!
//! The tree is read once ([`tree`]): every file is offered to the secret
//! scanner as it streams past, and the configuration files the checks need
//! (sshd, accounts, services, mail, time) are kept in a [`tree::Kept`] set.
//! The parsers ([`sshd`], [`accounts`]) then work on that set.

pub mod accounts;
pub mod secrets;
pub mod sshd;
pub mod tree;

use std::path::Path;

pub use tree::TreeError;

/// Everything read from one root filesystem.
#[derive(Clone, Debug, Default)]
pub struct Host {
    /// What was audited, as given.
    pub source: String,
    pub kept: tree::Kept,
    /// `None` when the image has no `/etc/ssh/sshd_config`.
    pub sshd: Option<sshd::Config>,
    /// `None` when the image has no `/etc/passwd`.
    pub accounts: Option<Vec<accounts::Account>>,
    /// Secrets found in files (kind, file, line — never the value).
    pub secrets: Vec<secrets::Hit>,
    pub files: u64,
    pub bytes_scanned: u64,
}

/// The configuration files the checks read.
pub const KEEP: &[&str] = &[
    "/etc/ssh/**",
    "/etc/passwd",
    "/etc/shadow",
    "/etc/group",
    "/etc/os-release",
    "/etc/inetd.conf",
    "/etc/xinetd.conf",
    "/etc/xinetd.d/*",
    "/etc/postfix/main.cf",
    "/etc/exim4/**",
    "/etc/mail/sendmail.cf",
    "/etc/mail/sendmail.mc",
    "/etc/ntp.conf",
    "/etc/ntpsec/ntp.conf",
    "/etc/chrony.conf",
    "/etc/chrony/chrony.conf",
    "/etc/systemd/timesyncd.conf",
    "/etc/snmp/snmpd.conf",
    "/etc/systemd/system/**",
];

/// Reads and parses the tree at `path` (directory or tar archive).
pub fn audit(path: &Path) -> Result<Host, TreeError> {
    let mut scanner = secrets::Scanner::new(KEEP.iter().map(|s| (*s).to_string()).collect());
    let kept = tree::read(path, &mut scanner)?;
    let sshd = sshd::Config::load(&kept);
    let accounts = accounts::load(&kept);
    Ok(Host {
        source: path.display().to_string(),
        sshd,
        accounts,
        secrets: scanner.hits,
        files: scanner.files,
        bytes_scanned: scanner.bytes,
        kept,
    })
}
