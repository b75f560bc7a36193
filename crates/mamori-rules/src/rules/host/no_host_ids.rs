//! HOST-017: no host IDS / file integrity monitor installed (AIDE, OSSEC, Wazuh).

use super::AT;
use crate::rules::prelude::*;

pub static RULE: Rule = Rule {
    code: "HOST-017",
    name: "NoHostIds",
    area: Area::Ec2,
    severity: Severity::Info,
    title: t("No host IDS / file integrity monitor installed (AIDE, OSSEC, Wazuh)", "ホスト型 IDS／ファイル改ざん検知（AIDE、OSSEC、Wazuh）が導入されていない"),
    rationale: t(
        "Table 18 lists host-based intrusion detection among the protections against malware: a file integrity monitor notices changed system binaries and configuration that network monitoring cannot see.",
        "表 18 は、マルウェア対策としてホスト方式の IDS を挙げています。ファイルの改ざん検知は、ネットワーク監視では見えないシステムのバイナリや設定の変更に気付きます。",
    ),
    sections: &[s::T18_MALWARE],
    cis: &[],
    fsbp: &[],
    trusted_advisor: &[],
    resource_type: "Other",
    remediation: Remediation {
        console: t("Install a file integrity monitor in the image (AIDE with a baseline built at first boot, or the Wazuh/OSSEC agent).", "イメージにファイル改ざん検知を導入します（初回起動時にベースラインを作る AIDE、または Wazuh/OSSEC エージェント）。"),
        cli: "sudo apt-get install -y aide && sudo aideinit",
        terraform: "# Bake it into the image build (Packer / EC2 Image Builder), not at launch.",
        safe: true,
    },
    since: "0.1.0",
    check: Check::Host(check),
};

const MONITORS: [&str; 8] = [
    "/usr/bin/aide",
    "/usr/sbin/aide",
    "/etc/aide/aide.conf",
    "/etc/aide.conf",
    "/var/ossec/bin/ossec-control",
    "/var/ossec/bin/wazuh-control",
    "/usr/sbin/tripwire",
    "/usr/sbin/samhain",
];

fn check(host: &mamori_host::Host, out: &mut Out) {
    let found: Vec<&str> = MONITORS.iter().copied().filter(|p| host.kept.entries.contains_key(*p)).collect();
    let f = out.judge(AT, "/", Ok(found.is_empty())).ev("found", found.clone());
    if found.is_empty() {
        f.msg("No AIDE, OSSEC, Wazuh, Tripwire or Samhain in the image", "イメージに AIDE、OSSEC、Wazuh、Tripwire、Samhain がない");
    }
}
