//! HOST-010: AWS credentials are stored in the image.

use super::AT;
use crate::rules::prelude::*;

pub static RULE: Rule = Rule {
    code: "HOST-010",
    name: "AwsCredentialsOnDisk",
    area: Area::Ec2,
    severity: Severity::Critical,
    title: t("AWS credentials on disk (credentials files, AKIA/ASIA key pairs in files)", "ディスク上の AWS 認証情報（認証情報ファイル、ファイル内の AKIA/ASIA キーペア）"),
    rationale: t(
        "Table 15 removes credentials before an image is shared or launched: every copy and every instance carries them, and they never rotate. Instances get credentials from their IAM role instead.",
        "表 15 は、AMI を共有・起動する前に認証情報を取り除くよう求めています。すべてのコピーとインスタンスがそれを持ち、更新もされません。インスタンスは IAM ロールから認証情報を受け取ります。",
    ),
    sections: &[s::T15_AMI_CLEANUP, s::EC2_ROLES],
    cis: &[],
    fsbp: &[],
    trusted_advisor: &[],
    resource_type: "Other",
    remediation: Remediation {
        console: t("Deactivate the exposed keys in IAM first, then remove the files from the image, rebuild it, and give instances an IAM role.", "まず IAM で漏えいしたキーを無効化し、イメージからファイルを削除して作り直し、インスタンスには IAM ロールを付けます。"),
        cli: "aws iam update-access-key --access-key-id KEY_ID --status Inactive --user-name USER",
        terraform: "# Use an aws_iam_instance_profile instead of keys in the image.",
        safe: false,
    },
    since: "0.1.0",
    check: Check::Host(check),
};

const KINDS: [&str; 3] = ["aws-access-key-id", "aws-secret-access-key", "aws-credentials-file"];

fn check(host: &mamori_host::Host, out: &mut Out) {
    let mut files: Vec<&str> = host.secrets.iter().filter(|h| KINDS.contains(&h.kind.as_str())).map(|h| h.path.as_str()).collect();
    files.sort_unstable();
    files.dedup();
    if files.is_empty() {
        out.pass(AT, "/").ev("files_scanned", host.files).ev("bytes_scanned", host.bytes_scanned);
    }
    for path in files {
        let hits: Vec<String> = host
            .secrets
            .iter()
            .filter(|h| h.path == path && KINDS.contains(&h.kind.as_str()))
            .map(|h| if h.line > 0 { format!("{} (line {})", h.kind, h.line) } else { h.kind.clone() })
            .collect();
        out.fail(AT, path).ev("secrets", hits.clone()).msg(
            format!("{path} holds AWS credentials: {}", hits.join(", ")),
            format!("{path} に AWS の認証情報がある: {}", hits.join(", ")),
        );
    }
}
