//! HOST-001: sshd lets a password log in.

use super::AT;
use crate::rules::prelude::*;
use mamori_host::sshd::Source;

pub static RULE: Rule = Rule {
    code: "HOST-001",
    name: "SshPasswordLogin",
    area: Area::Ec2,
    severity: Severity::High,
    title: t("sshd allows password authentication", "sshd がパスワード認証を許可している"),
    rationale: t(
        "Table 16 disables password logins over SSH in an image: a password can be guessed from anywhere the port is open, a key pair cannot. Keyboard-interactive authentication through PAM asks for the same password and counts too.",
        "表 16 は、AMI で SSH のパスワードログインを無効にするよう求めています。パスワードはポートが開いている場所ならどこからでも推測されますが、キーペアは推測できません。PAM 経由のキーボードインタラクティブ認証も同じパスワードを求めるため対象です。",
    ),
    sections: &[s::T16_LINUX_AMI],
    cis: &[],
    fsbp: &[],
    trusted_advisor: &[],
    resource_type: "Other",
    remediation: Remediation {
        console: t(
            "In the image, set `PasswordAuthentication no` and `KbdInteractiveAuthentication no` in /etc/ssh/sshd_config (before any Include that could override it, or in a drop-in that sorts first), remove Match blocks that turn it back on, and rebuild the image.",
            "イメージ内の /etc/ssh/sshd_config で `PasswordAuthentication no` と `KbdInteractiveAuthentication no` を設定し（上書きしうる Include より前、または先に読まれるドロップインで）、再び有効にする Match ブロックを削除してイメージを作り直します。",
        ),
        cli: "printf 'PasswordAuthentication no\\nKbdInteractiveAuthentication no\\n' | sudo tee /etc/ssh/sshd_config.d/00-no-passwords.conf && sudo sshd -t",
        terraform: "# Bake the setting into the image (Packer/EC2 Image Builder), not at launch.",
        safe: false,
    },
    since: "0.1.0",
    check: Check::Host(check),
};

fn check(host: &mamori_host::Host, out: &mut Out) {
    let Some(sshd) = super::sshd_or_na(host, out) else { return };
    let at = |src: &Source| super::source_text(src, false);
    let at_ja = |src: &Source| super::source_text(src, true);
    let (password, password_src) = sshd.effective("PasswordAuthentication").unwrap_or_else(|| ("yes".into(), Source::Default));
    let kbd = sshd.global.iter().find(|d| d.keyword == "kbdinteractiveauthentication" || d.keyword == "challengeresponseauthentication");
    let (kbd_value, kbd_src) = kbd.map(|d| (d.value().to_string(), Source::Line(d.at()))).unwrap_or(("yes".into(), Source::Default));
    let (pam, _) = sshd.effective("UsePAM").unwrap_or_else(|| ("no".into(), Source::Default));
    let yes = |v: &str| v.eq_ignore_ascii_case("yes");
    let by_password = yes(&password);
    let by_pam = yes(&kbd_value) && yes(&pam);
    let conditional: Vec<String> = sshd
        .overrides("PasswordAuthentication")
        .into_iter()
        .filter(|(_, d)| yes(d.value()))
        .map(|(m, d)| format!("Match {} ({})", m.criteria, d.at()))
        .collect();
    let failed = by_password || by_pam || !conditional.is_empty();
    let f = out
        .judge(AT, "/etc/ssh/sshd_config", Ok(failed))
        .ev("PasswordAuthentication", json!({"value": password, "at": at(&password_src)}))
        .ev("KbdInteractiveAuthentication", json!({"value": kbd_value, "at": at(&kbd_src)}))
        .ev("UsePAM", pam.clone())
        .ev("enabled_in_match_blocks", conditional.clone())
        .ev("problems", sshd.problems.clone());
    if by_password {
        f.msg(
            format!("sshd accepts passwords: PasswordAuthentication {password} ({})", at(&password_src)),
            format!("sshd がパスワードを受け付ける: PasswordAuthentication {password}（{}）", at_ja(&password_src)),
        );
    } else if by_pam {
        f.msg(
            format!("sshd accepts passwords through PAM keyboard-interactive ({})", at(&kbd_src)),
            format!("sshd が PAM のキーボードインタラクティブ認証でパスワードを受け付ける（{}）", at_ja(&kbd_src)),
        );
    } else if !conditional.is_empty() {
        f.msg(
            format!("sshd accepts passwords in {}", conditional.join("; ")),
            format!("sshd が {} でパスワードを受け付ける", conditional.join("; ")),
        );
    }
}
