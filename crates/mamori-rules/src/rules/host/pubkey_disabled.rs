//! HOST-002: sshd public key authentication disabled.

use super::AT;
use crate::rules::prelude::*;

pub static RULE: Rule = Rule {
    code: "HOST-002",
    name: "SshPubkeyDisabled",
    area: Area::Ec2,
    severity: Severity::Medium,
    title: t("sshd public key authentication disabled", "sshd の公開鍵認証が無効"),
    rationale: t(
        "Table 16 has instances accept SSH key pairs, not passwords. With `PubkeyAuthentication no` the only ways in are passwords or nothing, so the image is either exposed or unreachable.",
        "表 16 は、インスタンスがパスワードではなく SSH キーペアを受け付けるよう求めています。`PubkeyAuthentication no` では入る手段がパスワードしかなく、イメージは危険にさらされるか到達不能になります。",
    ),
    sections: &[s::T16_LINUX_AMI],
    cis: &[],
    fsbp: &[],
    trusted_advisor: &[],
    resource_type: "Other",
    remediation: Remediation {
        console: t("Set `PubkeyAuthentication yes` (the default) in the image and rebuild.", "イメージで `PubkeyAuthentication yes`（既定値）とし、作り直します。"),
        cli: "echo 'PubkeyAuthentication yes' | sudo tee /etc/ssh/sshd_config.d/00-keys.conf && sudo sshd -t",
        terraform: "# Bake it into the image build (Packer / EC2 Image Builder), not at launch.",
        safe: true,
    },
    since: "0.1.0",
    check: Check::Host(check),
};

fn check(host: &mamori_host::Host, out: &mut Out) {
    let Some(sshd) = super::sshd_or_na(host, out) else { return };
    let (value, src) = sshd.effective("PubkeyAuthentication").unwrap_or_else(|| ("yes".into(), mamori_host::sshd::Source::Default));
    let off = value.eq_ignore_ascii_case("no");
    let f = out
        .judge(AT, "/etc/ssh/sshd_config", Ok(off))
        .ev("PubkeyAuthentication", json!({"value": value, "at": super::source_text(&src, false)}));
    if off {
        f.msg(
            format!("sshd disables public key authentication ({})", super::source_text(&src, false)),
            format!("sshd が公開鍵認証を無効にしている（{}）", super::source_text(&src, true)),
        );
    }
}
