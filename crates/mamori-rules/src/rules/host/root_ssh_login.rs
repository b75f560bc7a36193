//! HOST-003: root can log in over SSH.

use super::AT;
use crate::rules::prelude::*;
use mamori_host::sshd::Source;

pub static RULE: Rule = Rule {
    code: "HOST-003",
    name: "SshRootLogin",
    area: Area::Ec2,
    severity: Severity::High,
    title: t("sshd permits root login", "sshd が root のログインを許可している"),
    rationale: t(
        "Table 13 has administrators sign in as unprivileged users and escalate deliberately. `PermitRootLogin yes` lets the all-powerful account be attacked directly and leaves no record of which person acted.",
        "表 13 は、管理者が特権を持たないユーザーとしてサインインし、意図的に権限を昇格させることを求めています。`PermitRootLogin yes` は全権を持つアカウントを直接攻撃させ、だれが操作したかの記録も残しません。",
    ),
    sections: &[s::T13_IN_TRANSIT, s::T16_LINUX_AMI],
    cis: &[],
    fsbp: &[],
    trusted_advisor: &[],
    resource_type: "Other",
    remediation: Remediation {
        console: t("Set `PermitRootLogin no` in the image's sshd configuration and give administrators their own accounts with sudo.", "イメージの sshd 設定で `PermitRootLogin no` とし、管理者には sudo を使う個別のアカウントを用意します。"),
        cli: "echo 'PermitRootLogin no' | sudo tee /etc/ssh/sshd_config.d/00-no-root.conf && sudo sshd -t",
        terraform: "# Bake the setting into the image (Packer/EC2 Image Builder).",
        safe: false,
    },
    since: "0.1.0",
    check: Check::Host(check),
};

fn check(host: &mamori_host::Host, out: &mut Out) {
    let Some(sshd) = super::sshd_or_na(host, out) else { return };
    let (value, src) = sshd.effective("PermitRootLogin").unwrap_or_else(|| ("prohibit-password".into(), Source::Default));
    let at = super::source_text(&src, false);
    let at_ja = super::source_text(&src, true);
    // `prohibit-password`/`without-password` still allow root with a key;
    // `forced-commands-only` only for fixed commands. Only `yes` opens root to passwords and shells alike.
    let conditional: Vec<String> = sshd
        .overrides("PermitRootLogin")
        .into_iter()
        .filter(|(_, d)| d.value().eq_ignore_ascii_case("yes"))
        .map(|(m, d)| format!("Match {} ({})", m.criteria, d.at()))
        .collect();
    let failed = value.eq_ignore_ascii_case("yes") || !conditional.is_empty();
    let f = out
        .judge(AT, "/etc/ssh/sshd_config", Ok(failed))
        .ev("PermitRootLogin", json!({"value": value, "at": at}))
        .ev("enabled_in_match_blocks", conditional);
    if failed {
        f.msg(
            format!("sshd permits root login (PermitRootLogin {value}, {at})"),
            format!("sshd が root のログインを許可している（PermitRootLogin {value}、{at_ja}）"),
        );
    }
}
