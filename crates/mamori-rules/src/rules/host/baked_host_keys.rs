//! HOST-007: sSH host keys baked into the image.

use super::AT;
use crate::rules::prelude::*;
use mamori_host::tree::Kind;

pub static RULE: Rule = Rule {
    code: "HOST-007",
    name: "BakedHostKeys",
    area: Area::Ec2,
    severity: Severity::Medium,
    title: t("SSH host keys baked into the image", "SSH ホストキーがイメージに含まれている"),
    rationale: t(
        "Table 16 removes SSH host key pairs before an image is shared: every instance launched from it would present the same host key, so one compromised instance lets an attacker impersonate all the others. cloud-init or sshd generate fresh keys at first boot.",
        "表 16 は、AMI を共有する前に SSH ホストキーペアを削除するよう求めています。そのイメージから起動したすべてのインスタンスが同じホストキーを示すため、1 台が侵害されると他のすべてになりすませます。初回起動時に cloud-init や sshd が新しいキーを生成します。",
    ),
    sections: &[s::T16_LINUX_AMI],
    cis: &[],
    fsbp: &[],
    trusted_advisor: &[],
    resource_type: "Other",
    remediation: Remediation {
        console: t("Delete /etc/ssh/ssh_host_*_key* in the image build, after the last boot of the build instance.", "イメージのビルドで、ビルド用インスタンスの最後の起動後に /etc/ssh/ssh_host_*_key* を削除します。"),
        cli: "sudo shred -u /etc/ssh/ssh_host_*_key /etc/ssh/ssh_host_*_key.pub",
        terraform: "# Bake it into the image build (Packer / EC2 Image Builder), not at launch.",
        safe: true,
    },
    since: "0.1.0",
    check: Check::Host(check),
};

fn check(host: &mamori_host::Host, out: &mut Out) {
    let keys: Vec<&str> = host
        .kept
        .under("/etc/ssh")
        .filter(|e| e.kind == Kind::File && mamori_host::tree::path_match("/etc/ssh/ssh_host_*_key", &e.path))
        .map(|e| e.path.as_str())
        .collect();
    if keys.is_empty() {
        out.pass(AT, "/etc/ssh").ev("host_keys", Vec::<&str>::new());
        return;
    }
    for key in keys {
        out.fail(AT, key).msg(format!("Host private key {key} is in the image"), format!("ホストの秘密鍵 {key} がイメージに含まれている"));
    }
}
