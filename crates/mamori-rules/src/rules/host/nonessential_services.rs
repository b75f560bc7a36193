//! HOST-015: services an image rarely needs start at boot.

use super::{enabled_units, unit_is, AT};
use crate::rules::prelude::*;

pub static RULE: Rule = Rule {
    code: "HOST-015",
    name: "NonEssentialServices",
    area: Area::Ec2,
    severity: Severity::Medium,
    title: t(
        "Non-essential network services enabled at boot (rpcbind, cups, avahi, nfs, snmp with default community)",
        "起動時に不要なネットワークサービスが有効（rpcbind、cups、avahi、nfs、既定コミュニティの snmp）",
    ),
    rationale: t(
        "Tables 15 and 17 minimise what an image exposes: every listening service is attack surface. RPC, printing, zero-conf discovery and NFS are rarely needed on a server, and SNMP with the `public`/`private` community gives away the system's details to anyone.",
        "表 15 と表 17 は、イメージが公開するものを最小限にするよう求めています。待ち受けるサービスはすべて攻撃対象になります。RPC、印刷、ゼロコンフ探索、NFS はサーバーではまず不要で、`public`/`private` コミュニティの SNMP はだれにでもシステムの詳細を渡します。",
    ),
    sections: &[s::T15_AMI_CLEANUP, s::OS_SECURITY],
    cis: &[],
    fsbp: &[],
    trusted_advisor: &[],
    resource_type: "Other",
    remediation: Remediation {
        console: t("Disable (or remove) the services in the image, and replace default SNMP communities with SNMPv3 users.", "イメージでサービスを無効化（または削除）し、SNMP の既定コミュニティは SNMPv3 のユーザーに置き換えます。"),
        cli: "sudo systemctl disable --now rpcbind.socket rpcbind.service cups.service avahi-daemon.service avahi-daemon.socket",
        terraform: "# Remove the packages in the image build (Packer / EC2 Image Builder).",
        safe: false,
    },
    since: "0.1.0",
    check: Check::Host(check),
};

const UNITS: [&str; 8] = ["rpcbind", "cups", "cups-browsed", "avahi-daemon", "nfs-server", "nfs-kernel-server", "nfs-mountd", "snmpd"];

fn check(host: &mamori_host::Host, out: &mut Out) {
    let mut found: Vec<(String, String)> = enabled_units(host)
        .into_iter()
        .filter(|(unit, _)| unit_is(unit, &UNITS))
        .map(|(unit, at)| (at, format!("systemd unit {unit} enabled")))
        .collect();
    if let Some(text) = host.kept.text("/etc/snmp/snmpd.conf") {
        for (i, line) in text.lines().enumerate() {
            let mut words = line.split_whitespace();
            let (Some(keyword), Some(community)) = (words.next(), words.next()) else { continue };
            if matches!(keyword, "rocommunity" | "rwcommunity" | "rocommunity6" | "rwcommunity6")
                && matches!(community, "public" | "private")
            {
                found.push((format!("/etc/snmp/snmpd.conf:{}", i + 1), format!("SNMP community `{community}`")));
            }
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
