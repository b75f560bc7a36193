//! HOST-016: no time synchronization configured.

use super::AT;
use crate::rules::prelude::*;
use mamori_host::tree::Kind;

pub static RULE: Rule = Rule {
    code: "HOST-016",
    name: "NoTimeSync",
    area: Area::Ec2,
    severity: Severity::Low,
    title: t("No time synchronization configured", "時刻同期が設定されていない"),
    rationale: t(
        "Correlating logs across systems in an investigation needs synchronized clocks; the whitepaper’s peripheral systems include NTP. chrony, ntpd or systemd-timesyncd keep time (on EC2, from the Amazon Time Sync Service at 169.254.169.123).",
        "調査でシステム間のログを突き合わせるには、時刻の同期が必要です。ホワイトペーパーの周辺システムには NTP が含まれます。chrony、ntpd、systemd-timesyncd が時刻を保ちます（EC2 では 169.254.169.123 の Amazon Time Sync Service から）。",
    ),
    sections: &[s::INFRASTRUCTURE],
    cis: &[],
    fsbp: &[],
    trusted_advisor: &[],
    resource_type: "Other",
    remediation: Remediation {
        console: t("Install and enable chrony with `server 169.254.169.123 prefer iburst` (or enable systemd-timesyncd) in the image.", "イメージに chrony を入れて `server 169.254.169.123 prefer iburst` で有効にします（または systemd-timesyncd を有効にします）。"),
        cli: "sudo apt-get install -y chrony && echo 'server 169.254.169.123 prefer iburst' | sudo tee /etc/chrony/sources.d/aws.sources",
        terraform: "# Bake it into the image build (Packer / EC2 Image Builder), not at launch.",
        safe: true,
    },
    since: "0.1.0",
    check: Check::Host(check),
};

const CONFIGS: [&str; 5] =
    ["/etc/chrony/chrony.conf", "/etc/chrony.conf", "/etc/ntp.conf", "/etc/ntpsec/ntp.conf", "/etc/openntpd/ntpd.conf"];

fn check(host: &mamori_host::Host, out: &mut Out) {
    let mut found: Vec<String> = CONFIGS.iter().filter(|p| host.kept.entries.contains_key(**p)).map(|p| (*p).to_string()).collect();
    // systemd-timesyncd counts when enabled (a wants/ link) and not masked.
    let enabled = host
        .kept
        .under("/etc/systemd/system")
        .any(|e| e.path.ends_with("/systemd-timesyncd.service") && matches!(&e.kind, Kind::Symlink(t) if !t.ends_with("/dev/null")));
    if enabled {
        found.push("systemd-timesyncd".into());
    }
    let f = out.judge(AT, "/etc", Ok(found.is_empty())).ev("time_sync", found.clone());
    if found.is_empty() {
        f.msg("No chrony, ntpd or enabled systemd-timesyncd in the image", "イメージに chrony、ntpd、有効な systemd-timesyncd がない");
    }
}
