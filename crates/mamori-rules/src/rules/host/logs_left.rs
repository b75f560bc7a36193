//! HOST-014: logs left in the image (non-empty /var/log files, cloud-init output).

use super::AT;
use crate::rules::prelude::*;
use mamori_host::tree::Kind;

pub static RULE: Rule = Rule {
    code: "HOST-014",
    name: "LogsLeft",
    area: Area::Ec2,
    severity: Severity::Low,
    title: t("Logs left in the image (non-empty /var/log files, cloud-init output)", "イメージにログが残っている（空でない /var/log のファイル、cloud-init の出力）"),
    rationale: t(
        "Table 16 clears logs before an image is shared: they carry the build’s history, addresses and sometimes secrets, and mix with each instance’s own logs, muddying investigations.",
        "表 16 は、イメージを共有する前にログを消去するよう求めています。ログにはビルドの経緯やアドレス、ときには秘密情報が含まれ、各インスタンス自身のログと混ざって調査を妨げます。",
    ),
    sections: &[s::T16_LINUX_AMI],
    cis: &[],
    fsbp: &[],
    trusted_advisor: &[],
    resource_type: "Other",
    remediation: Remediation {
        console: t("Truncate the files under /var/log and remove /var/lib/cloud/instances as the last step of the image build (`cloud-init clean --logs`).", "イメージのビルドの最後に /var/log 以下のファイルを空にし、/var/lib/cloud/instances を削除します（`cloud-init clean --logs`）。"),
        cli: "sudo cloud-init clean --logs && sudo find /var/log -type f -exec truncate -s 0 {} +",
        terraform: "# Bake it into the image build (Packer / EC2 Image Builder), not at launch.",
        safe: true,
    },
    since: "0.1.0",
    check: Check::Host(check),
};

fn check(host: &mamori_host::Host, out: &mut Out) {
    let logs: Vec<&mamori_host::tree::Entry> = host.kept.under("/var/log").filter(|e| e.kind == Kind::File && e.size > 0).collect();
    let n = logs.len();
    let bytes: u64 = logs.iter().map(|e| e.size).sum();
    let f = out
        .judge(AT, "/var/log", Ok(n > 0))
        .ev("files", logs.iter().take(20).map(|e| e.path.as_str()).collect::<Vec<_>>())
        .ev("count", n)
        .ev("bytes", bytes);
    if n > 0 {
        f.msg(
            format!("{n} non-empty log files ({bytes} bytes) under /var/log"),
            format!("/var/log 以下に空でないログファイルが {n} 個（{bytes} バイト）ある"),
        );
    }
}
