//! HOST-011: other secrets are stored in the image.

use super::AT;
use crate::rules::prelude::*;

pub static RULE: Rule = Rule {
    code: "HOST-011",
    name: "SecretsOnDisk",
    area: Area::Ec2,
    severity: Severity::High,
    title: t("Other secrets on disk (PEM private keys, .pgpass, .netrc, docker auth)", "ディスク上のその他の秘密情報（PEM 秘密鍵、.pgpass、.netrc、docker の認証情報）"),
    rationale: t(
        "Table 15 clears private keys and stored passwords from an image. Whoever obtains a copy of the image obtains them, and they are the same on every instance.",
        "表 15 は、イメージから秘密鍵や保存されたパスワードを消去するよう求めています。イメージのコピーを入手した人はそれらも入手し、すべてのインスタンスで同じものになります。",
    ),
    sections: &[s::T15_AMI_CLEANUP],
    cis: &[],
    fsbp: &[],
    trusted_advisor: &[],
    resource_type: "Other",
    remediation: Remediation {
        console: t("Rotate the exposed secrets, remove the files from the image and rebuild; fetch secrets at boot from Secrets Manager with the instance role.", "漏えいした秘密情報を更新し、イメージからファイルを削除して作り直します。起動時にインスタンスロールで Secrets Manager から取得します。"),
        cli: "aws secretsmanager get-secret-value --secret-id app/db   # at boot, with the instance role",
        terraform: "# Store secrets in aws_secretsmanager_secret; read them at boot.",
        safe: false,
    },
    since: "0.1.0",
    check: Check::Host(check),
};

const AWS: [&str; 3] = ["aws-access-key-id", "aws-secret-access-key", "aws-credentials-file"];

fn check(host: &mamori_host::Host, out: &mut Out) {
    // SSH keys are HOST-007 (host keys) and HOST-008 (users' keys).
    let ssh_key = |h: &mamori_host::secrets::Hit| {
        h.kind == "private-key" && (h.path.starts_with("/etc/ssh/ssh_host_") || mamori_host::tree::path_match("/**/.ssh/*", &h.path))
    };
    let other = |h: &&mamori_host::secrets::Hit| !AWS.contains(&h.kind.as_str()) && !ssh_key(h);
    let mut files: Vec<&str> = host.secrets.iter().filter(other).map(|h| h.path.as_str()).collect();
    files.sort_unstable();
    files.dedup();
    if files.is_empty() {
        out.pass(AT, "/").ev("files_scanned", host.files);
    }
    for path in files {
        let hits: Vec<String> = host
            .secrets
            .iter()
            .filter(other)
            .filter(|h| h.path == path)
            .map(|h| if h.line > 0 { format!("{} (line {})", h.kind, h.line) } else { h.kind.clone() })
            .collect();
        out.fail(AT, path)
            .ev("secrets", hits.clone())
            .msg(format!("{path} holds secrets: {}", hits.join(", ")), format!("{path} に秘密情報がある: {}", hits.join(", ")));
    }
}
