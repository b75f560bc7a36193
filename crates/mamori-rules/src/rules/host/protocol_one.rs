//! HOST-004: sshd allows protocol 1.

use super::AT;
use crate::rules::prelude::*;

pub static RULE: Rule = Rule {
    code: "HOST-004",
    name: "SshProtocolOne",
    area: Area::Ec2,
    severity: Severity::High,
    title: t("sshd allows protocol 1", "sshd がプロトコル 1 を許可している"),
    rationale: t(
        "Table 13 requires SSH version 2: protocol 1 has known cryptographic weaknesses that allow session hijacking. OpenSSH 7.6 and later ignore it, but a configuration asking for it shows an image built for an old server.",
        "表 13 は SSH バージョン 2 を求めています。プロトコル 1 にはセッション乗っ取りを許す既知の暗号上の弱点があります。OpenSSH 7.6 以降は無視しますが、これを求める設定は古いサーバー向けに作られたイメージであることを示します。",
    ),
    sections: &[s::T13_IN_TRANSIT, s::T16_LINUX_AMI],
    cis: &[],
    fsbp: &[],
    trusted_advisor: &[],
    resource_type: "Other",
    remediation: Remediation {
        console: t("Remove `Protocol 1` (and the `Protocol` keyword altogether on current OpenSSH) from the image and rebuild.", "イメージから `Protocol 1`（現行の OpenSSH では `Protocol` キーワード自体）を削除し、作り直します。"),
        cli: "sudo sed -i '/^[[:space:]]*Protocol/d' /etc/ssh/sshd_config && sudo sshd -t",
        terraform: "# Bake it into the image build (Packer / EC2 Image Builder), not at launch.",
        safe: true,
    },
    since: "0.1.0",
    check: Check::Host(check),
};

fn check(host: &mamori_host::Host, out: &mut Out) {
    let Some(sshd) = super::sshd_or_na(host, out) else { return };
    let (value, src) = sshd.effective("Protocol").unwrap_or_else(|| ("2".into(), mamori_host::sshd::Source::Default));
    let one = value.split(',').any(|p| p.trim() == "1");
    let f = out.judge(AT, "/etc/ssh/sshd_config", Ok(one)).ev("Protocol", json!({"value": value, "at": super::source_text(&src, false)}));
    if one {
        f.msg(
            format!("sshd allows SSH protocol 1 (Protocol {value})"),
            format!("sshd が SSH プロトコル 1 を許可している（Protocol {value}）"),
        );
    }
}
