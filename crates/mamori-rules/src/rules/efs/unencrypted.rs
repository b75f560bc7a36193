//! EFS-001: the file system is not encrypted.

use crate::rules::prelude::*;

pub static RULE: Rule = Rule {
    code: "EFS-001",
    name: "FileSystemUnencrypted",
    area: Area::DataAtRest,
    severity: Severity::Medium,
    title: t("EFS file system is not encrypted", "EFS ファイルシステムが暗号化されていない"),
    rationale: t(
        "Encryption at rest for EFS can only be chosen at creation. An unencrypted file system holds shared data in clear text on AWS's storage and in its backups.",
        "EFS の保管時の暗号化は作成時にしか選べません。暗号化されていないファイルシステムは、共有データをストレージとバックアップに平文で保持します。",
    ),
    sections: &[s::T7_AT_REST_THREATS],
    cis: &["2.4.1"],
    fsbp: &["EFS.1"],
    trusted_advisor: &[],
    resource_type: "AwsEfsFileSystem",
    remediation: Remediation {
        console: t("Create a new encrypted file system and copy the data with AWS DataSync, then switch mounts and delete the old one.", "暗号化した新しいファイルシステムを作成して AWS DataSync でデータをコピーし、マウントを切り替えてから古いものを削除します。"),
        cli: "aws efs create-file-system --encrypted --kms-key-id KEY_ID --creation-token encrypted-fs",
        terraform: "resource \"aws_efs_file_system\" \"fs\" {\n  encrypted  = true\n  kms_key_id = aws_kms_key.efs.arn\n}",
        safe: false,
    },
    since: "0.1.0",
    check: Check::Snapshot(check),
};

fn check(cx: &Cx, out: &mut Out) {
    for (a, at, r) in cx.all_regions() {
        let read = cx.op(at, "efs", "DescribeFileSystems");
        for fs in &r.efs_file_systems {
            let resource = arn::or(fs.file_system_arn.as_ref(), || {
                arn::regional(a, "elasticfilesystem", at.region, &format!("file-system/{}", fs.file_system_id))
            });
            out.judge(at, resource, read.clone().map(|()| fs.encrypted != Some(true))).ev("Encrypted", fs.encrypted);
        }
    }
}
