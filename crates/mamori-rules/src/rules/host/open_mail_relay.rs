//! HOST-013: the mail server relays for anyone.

use super::AT;
use crate::rules::prelude::*;

pub static RULE: Rule = Rule {
    code: "HOST-013",
    name: "OpenMailRelay",
    area: Area::Ec2,
    severity: Severity::High,
    title: t("SMTP open relay configuration", "SMTP のオープンリレー設定"),
    rationale: t(
        "Tables 15 and 18 keep instances from being used to send spam: an open relay forwards mail from anyone to anyone, gets the address blocklisted and breaks AWS's acceptable use policy.",
        "表 15 と表 18 は、インスタンスがスパム送信に使われないようにすることを求めています。オープンリレーはだれからのメールでもだれにでも転送し、アドレスがブロックリストに載り、AWS の利用規約にも反します。",
    ),
    sections: &[s::T15_AMI_CLEANUP, s::T18_MALWARE],
    cis: &[],
    fsbp: &[],
    trusted_advisor: &[],
    resource_type: "Other",
    remediation: Remediation {
        console: t(
            "Postfix: `mynetworks = 127.0.0.0/8 [::1]/128` and keep `reject_unauth_destination` (or `defer_unauth_destination`) in `smtpd_relay_restrictions`; Exim: relay only for local networks; Sendmail: remove FEATURE(`promiscuous_relay').",
            "Postfix: `mynetworks = 127.0.0.0/8 [::1]/128` とし、`smtpd_relay_restrictions` に `reject_unauth_destination`（または `defer_unauth_destination`）を残します。Exim: リレーはローカルネットワークのみ。Sendmail: FEATURE(`promiscuous_relay') を削除します。",
        ),
        cli: "sudo postconf -e 'mynetworks = 127.0.0.0/8 [::1]/128' 'smtpd_relay_restrictions = permit_mynetworks, permit_sasl_authenticated, reject_unauth_destination'",
        terraform: "# Configure the MTA in the image build.",
        safe: false,
    },
    since: "0.1.0",
    check: Check::Host(check),
};

/// `main.cf` as key → value, with continuation lines joined.
fn postfix(text: &str) -> Vec<(String, String, usize)> {
    let mut out: Vec<(String, String, usize)> = Vec::new();
    for (i, line) in text.lines().enumerate() {
        if line.trim_start().starts_with('#') || line.trim().is_empty() {
            continue;
        }
        if line.starts_with([' ', '\t']) {
            if let Some(last) = out.last_mut() {
                last.1.push(' ');
                last.1.push_str(line.trim());
            }
            continue;
        }
        if let Some((k, v)) = line.split_once('=') {
            out.push((k.trim().to_string(), v.trim().to_string(), i + 1));
        }
    }
    out
}

fn anywhere(list: &str) -> bool {
    list.split([',', ' ']).map(str::trim).any(|n| matches!(n, "0.0.0.0/0" | "::/0" | "[::]/0" | "0/0" | "*"))
}

/// Whether a restriction list lets unauthenticated mail to foreign
/// destinations through: a bare `permit` before any unauth-destination rejection.
fn permits_relay(list: &str) -> bool {
    for item in list.split([',', ' ']).map(str::trim).filter(|s| !s.is_empty()) {
        match item {
            "reject_unauth_destination" | "defer_unauth_destination" | "reject" | "defer" => return false,
            "permit" => return true,
            _ => {}
        }
    }
    false
}

fn check(host: &mamori_host::Host, out: &mut Out) {
    let mut found: Vec<(String, String)> = Vec::new();
    let mut configured = Vec::new();
    if let Some(text) = host.kept.text("/etc/postfix/main.cf") {
        configured.push("postfix");
        for (key, value, line) in postfix(&text) {
            let at = format!("/etc/postfix/main.cf:{line}");
            if key == "mynetworks" && anywhere(&value) {
                found.push((at.clone(), format!("mynetworks = {value}")));
            }
            if (key == "smtpd_relay_restrictions" || key == "smtpd_recipient_restrictions") && permits_relay(&value) {
                found.push((at, format!("{key} = {value}")));
            }
        }
    }
    if let Some(text) = host.kept.text("/etc/exim4/update-exim4.conf.conf") {
        configured.push("exim4");
        for (i, line) in text.lines().enumerate() {
            let Some((k, v)) = line.split_once('=') else { continue };
            let v = v.trim().trim_matches('\'').trim_matches('"');
            if matches!(k.trim(), "dc_relay_nets" | "dc_relay_domains") && anywhere(v) {
                found.push((format!("/etc/exim4/update-exim4.conf.conf:{}", i + 1), format!("{} = {v}", k.trim())));
            }
        }
    }
    if let Some(text) = host.kept.text("/etc/mail/sendmail.mc") {
        configured.push("sendmail");
        for (i, line) in text.lines().enumerate() {
            if line.contains("promiscuous_relay") && !line.trim_start().starts_with("dnl") {
                found.push((format!("/etc/mail/sendmail.mc:{}", i + 1), "FEATURE(`promiscuous_relay')".into()));
            }
        }
    }
    if found.is_empty() {
        out.pass(AT, "/etc/mail").ev("mail_servers", configured);
        return;
    }
    for (at, setting) in found {
        out.fail(AT, at.clone()).ev("setting", setting.clone()).msg(
            format!("The mail server relays for anyone: {setting} ({at})"),
            format!("メールサーバーがだれにでもリレーする: {setting}（{at}）"),
        );
    }
}
