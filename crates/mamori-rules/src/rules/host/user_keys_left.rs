//! HOST-008: user SSH private keys or authorized_keys left in the image.

use super::AT;
use crate::rules::prelude::*;
use mamori_host::tree::Kind;

pub static RULE: Rule = Rule {
    code: "HOST-008",
    name: "UserKeysLeft",
    area: Area::Ec2,
    severity: Severity::High,
    title: t("User SSH private keys or authorized_keys left in the image", "ユーザーの SSH 秘密鍵や authorized_keys がイメージに残っている"),
    rationale: t(
        "Table 16 removes users’ SSH keys from an image: a leftover authorized_keys lets whoever owns the matching private key into every instance, and a leftover private key hands its access to whoever copies the image.",
        "表 16 は、イメージからユーザーの SSH キーを削除するよう求めています。残った authorized_keys は対応する秘密鍵の持ち主をすべてのインスタンスに入れ、残った秘密鍵はイメージをコピーした人にそのアクセス権を渡します。",
    ),
    sections: &[s::T16_LINUX_AMI],
    cis: &[],
    fsbp: &[],
    trusted_advisor: &[],
    resource_type: "Other",
    remediation: Remediation {
        console: t("Delete ~/.ssh/authorized_keys and private keys of every user (root included) in the image build; let cloud-init install the launch key pair.", "イメージのビルドで全ユーザー（root を含む）の ~/.ssh/authorized_keys と秘密鍵を削除し、起動時のキーペアは cloud-init に設定させます。"),
        cli: "sudo find /root /home -path '*/.ssh/*' ( -name authorized_keys -o -name 'id_*' ) -delete",
        terraform: "# Bake it into the image build (Packer / EC2 Image Builder), not at launch.",
        safe: true,
    },
    since: "0.1.0",
    check: Check::Host(check),
};

fn check(host: &mamori_host::Host, out: &mut Out) {
    let left: Vec<&mamori_host::tree::Entry> = host
        .kept
        .entries
        .values()
        .filter(|e| e.kind == Kind::File && e.size > 0)
        .filter(|e| ["/root/.ssh/*", "/home/*/.ssh/*"].iter().any(|p| mamori_host::tree::path_match(p, &e.path)))
        .filter(|e| {
            let name = e.path.rsplit('/').next().unwrap_or_default();
            name == "authorized_keys" || name == "authorized_keys2" || (name.starts_with("id_") && !name.ends_with(".pub"))
        })
        .collect();
    if left.is_empty() {
        out.pass(AT, "/home");
        return;
    }
    for e in left {
        out.fail(AT, &e.path)
            .ev("size", e.size)
            .msg(format!("{} is left in the image", e.path), format!("{} がイメージに残っている", e.path));
    }
}
