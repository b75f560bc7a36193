//! EC2-006: the instance's user data contains a secret.

use super::live;
use crate::rules::prelude::*;

pub static RULE: Rule = Rule {
    code: "EC2-006",
    name: "SecretInUserData",
    area: Area::Ec2,
    severity: Severity::Critical,
    title: t("Instance user data contains a secret (AWS key, password, private key)", "インスタンスのユーザーデータに秘密情報（AWS キー、パスワード、秘密鍵）が含まれている"),
    rationale: t(
        "User data is readable by anyone who can describe the instance and by every process on it through the metadata service, and it is kept in launch templates and AMIs. Table 15 keeps credentials out of images; secrets belong in Secrets Manager or Parameter Store, fetched with the instance role.",
        "ユーザーデータは、インスタンスを参照できるすべての人と、メタデータサービス経由でインスタンス上のすべてのプロセスから読め、起動テンプレートや AMI にも残ります。表 15 は認証情報をイメージに含めないよう求めています。秘密情報は Secrets Manager や Parameter Store に置き、インスタンスロールで取得します。",
    ),
    sections: &[s::T15_AMI_CLEANUP, s::EC2_ROLES],
    cis: &[],
    fsbp: &[],
    trusted_advisor: &[],
    resource_type: "AwsEc2Instance",
    remediation: Remediation {
        console: t("Rotate the exposed secret first; then stop the instance → Actions → Instance settings → Edit user data: remove it and read the secret from Secrets Manager at boot.", "まず漏えいした秘密情報を更新（ローテーション）します。その後インスタンスを停止 →［アクション］→［インスタンスの設定］→［ユーザーデータを編集］で削除し、起動時に Secrets Manager から読み込むようにします。"),
        cli: "aws secretsmanager create-secret --name app/db --secret-string file://secret.json  # then fetch it in user data with the instance role",
        terraform: "resource \"aws_secretsmanager_secret\" \"db\" {\n  name = \"app/db\"\n}",
        safe: false,
    },
    since: "0.1.0",
    check: Check::Snapshot(check),
};

fn check(cx: &Cx, out: &mut Out) {
    for (a, at, r) in cx.all_regions() {
        for i in r.ec2.instances.iter().filter(|i| live(i)) {
            let kinds: Vec<String> = i.user_data_secrets.iter().map(|h| format!("{} (line {})", h.kind, h.line)).collect();
            let verdict = cx.res(at.account, "ec2", "DescribeInstanceAttribute", &i.instance_id).map(|()| !kinds.is_empty());
            let n = kinds.len();
            // Only the kind and line: the value itself was never stored.
            let f = out
                .judge(at, arn::ec2(a, at.region, "instance", &i.instance_id), verdict)
                .ev("has_user_data", i.user_data.is_some())
                .ev("secrets", kinds.clone());
            if n > 0 {
                f.msg(
                    format!("User data of {} contains {n} secret(s): {}", i.instance_id, kinds.join(", ")),
                    format!("{} のユーザーデータに秘密情報が {n} 件ある: {}", i.instance_id, kinds.join(", ")),
                );
            }
        }
    }
}
