//! HOST-012: telnet, rsh, rlogin, ftp or tftp start at boot.

use super::{enabled_units, unit_is, AT};
use crate::rules::prelude::*;

pub static RULE: Rule = Rule {
    code: "HOST-012",
    name: "CleartextServices",
    area: Area::Ec2,
    severity: Severity::High,
    title: t("Clear-text login/transfer services enabled (telnet, rsh, rlogin, ftp, tftp)", "平文のログイン・転送サービスが有効（telnet、rsh、rlogin、ftp、tftp）"),
    rationale: t(
        "Table 15 disables insecure services in an image. Telnet, the r-commands, FTP and TFTP send passwords and data in clear text and predate modern authentication; SSH and SFTP replace them.",
        "表 15 は、イメージで安全でないサービスを無効にするよう求めています。telnet、r コマンド、FTP、TFTP はパスワードとデータを平文で送り、現代的な認証より古いものです。SSH と SFTP で置き換えます。",
    ),
    sections: &[s::T15_AMI_CLEANUP, s::OS_SECURITY],
    cis: &[],
    fsbp: &[],
    trusted_advisor: &[],
    resource_type: "Other",
    remediation: Remediation {
        console: t("Disable or remove the services in the image (`systemctl disable --now UNIT`, comment the inetd/xinetd entries) and use SSH/SFTP.", "イメージでサービスを無効化または削除し（`systemctl disable --now UNIT`、inetd/xinetd の項目をコメントアウト）、SSH/SFTP を使います。"),
        cli: "sudo systemctl disable --now telnet.socket vsftpd.service tftpd-hpa.service",
        terraform: "# Remove the packages in the image build (Packer / EC2 Image Builder).",
        safe: false,
    },
    since: "0.1.0",
    check: Check::Host(check),
};

/// Unit base names of clear-text services.
const UNITS: [&str; 14] = [
    "telnet",
    "telnetd",
    "inetutils-telnetd",
    "rsh",
    "rlogin",
    "rexec",
    "vsftpd",
    "proftpd",
    "pure-ftpd",
    "ftp",
    "tftp",
    "tftpd-hpa",
    "atftpd",
    "in.tftpd",
];
/// inetd service names of clear-text services.
const INETD: [&str; 6] = ["telnet", "shell", "login", "exec", "ftp", "tftp"];

fn check(host: &mamori_host::Host, out: &mut Out) {
    let mut found: Vec<(String, String)> = enabled_units(host)
        .into_iter()
        .filter(|(unit, _)| unit_is(unit, &UNITS))
        .map(|(unit, at)| (at, format!("systemd unit {unit} enabled")))
        .collect();
    if let Some(text) = host.kept.text("/etc/inetd.conf") {
        for (i, line) in text.lines().enumerate() {
            let service = line.split_whitespace().next().unwrap_or("");
            if !line.trim_start().starts_with('#') && INETD.contains(&service) {
                found.push((format!("/etc/inetd.conf:{}", i + 1), format!("inetd serves {service}")));
            }
        }
    }
    for (path, text) in host.kept.files.iter().filter(|(p, _)| p.starts_with("/etc/xinetd.d/")) {
        let text = String::from_utf8_lossy(text);
        let service = text.lines().find_map(|l| l.trim().strip_prefix("service ").map(|s| s.trim().to_string())).unwrap_or_default();
        let enabled = text.lines().any(|l| {
            let l = l.split('#').next().unwrap_or("").replace(' ', "");
            l == "disable=no"
        });
        if enabled && INETD.iter().chain(UNITS.iter()).any(|n| *n == service) {
            found.push((path.clone(), format!("xinetd serves {service}")));
        }
    }
    if found.is_empty() {
        out.pass(AT, "/etc/systemd/system");
        return;
    }
    for (at, what) in found {
        out.fail(AT, at.clone()).ev("service", what.clone()).msg(format!("{what} ({at})"), format!("{what}（{at}）"));
    }
}
