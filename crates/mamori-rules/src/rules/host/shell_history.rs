//! HOST-009: shell history files present.

use super::AT;
use crate::rules::prelude::*;
use mamori_host::tree::Kind;

pub static RULE: Rule = Rule {
    code: "HOST-009",
    name: "ShellHistoryLeft",
    area: Area::Ec2,
    severity: Severity::Medium,
    title: t("Shell history files present", "シェル履歴ファイルが存在する"),
    rationale: t(
        "Table 16 clears shell history before an image is shared: histories record the commands typed while building it, often with passwords, tokens and internal host names.",
        "表 16 は、イメージを共有する前にシェル履歴を消去するよう求めています。履歴にはビルド中に入力したコマンドが残り、パスワードやトークン、内部のホスト名が含まれることがよくあります。",
    ),
    sections: &[s::T16_LINUX_AMI],
    cis: &[],
    fsbp: &[],
    trusted_advisor: &[],
    resource_type: "Other",
    remediation: Remediation {
        console: t("Delete the history files of every user as the last step of the image build (and `unset HISTFILE` in that session).", "イメージのビルドの最後に全ユーザーの履歴ファイルを削除します（そのセッションでは `unset HISTFILE` します）。"),
        cli: "sudo find /root /home -maxdepth 2 -name '.*history' -delete; unset HISTFILE",
        terraform: "# Bake it into the image build (Packer / EC2 Image Builder), not at launch.",
        safe: true,
    },
    since: "0.1.0",
    check: Check::Host(check),
};

const HISTORIES: [&str; 10] = [
    ".bash_history",
    ".zsh_history",
    ".sh_history",
    ".history",
    ".ash_history",
    ".python_history",
    ".mysql_history",
    ".psql_history",
    ".sqlite_history",
    ".node_repl_history",
];

fn check(host: &mamori_host::Host, out: &mut Out) {
    let found: Vec<&mamori_host::tree::Entry> = host
        .kept
        .entries
        .values()
        .filter(|e| e.kind == Kind::File && e.size > 0)
        .filter(|e| e.path.starts_with("/root/") || e.path.starts_with("/home/"))
        .filter(|e| HISTORIES.iter().any(|h| e.path.rsplit('/').next() == Some(*h)))
        .collect();
    if found.is_empty() {
        out.pass(AT, "/home");
        return;
    }
    for e in found {
        out.fail(AT, &e.path)
            .ev("size", e.size)
            .msg(format!("History file {} is in the image", e.path), format!("履歴ファイル {} がイメージに含まれている", e.path));
    }
}
