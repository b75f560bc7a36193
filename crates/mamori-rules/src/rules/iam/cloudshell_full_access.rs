//! IAM-023: a principal has AWSCloudShellFullAccess.

use super::details_read;
use crate::rules::prelude::*;

pub static RULE: Rule = Rule {
    code: "IAM-023",
    name: "CloudShellFullAccess",
    area: Area::Iam,
    severity: Severity::Medium,
    title: t("AWSCloudShellFullAccess is attached", "AWSCloudShellFullAccess がアタッチされている"),
    rationale: t(
        "CloudShell full access allows uploading and downloading files to a shell environment with internet access, an easy path to move data out of the account unseen.",
        "CloudShell のフルアクセスは、インターネットに接続できるシェル環境へのファイルのアップロード・ダウンロードを許し、データを目立たずに持ち出す手段になります。",
    ),
    sections: &[s::AUTHORIZE_ACCESS],
    cis: &["1.22"],
    fsbp: &[],
    trusted_advisor: &[],
    resource_type: "AwsIamPolicy",
    remediation: Remediation {
        console: t(
            "IAM → Policies → AWSCloudShellFullAccess → Entities attached: detach it; grant a scoped CloudShell policy without file transfer where a shell is needed.",
            "IAM →［ポリシー］→ AWSCloudShellFullAccess →［アタッチされたエンティティ］でデタッチします。シェルが必要な場合は、ファイル転送を除いた限定的なポリシーを付与します。",
        ),
        cli: "aws iam list-entities-for-policy --policy-arn arn:aws:iam::aws:policy/AWSCloudShellFullAccess",
        terraform: "# Remove aws_iam_*_policy_attachment resources that reference AWSCloudShellFullAccess.",
        safe: false,
    },
    since: "0.1.0",
    check: Check::Snapshot(check),
};

fn check(cx: &Cx, out: &mut Out) {
    for a in cx.accounts() {
        let at = Cx::global(a);
        let has = |ps: &[mamori_model::iam::AttachedPolicy]| ps.iter().any(|p| p.policy_arn.ends_with(":policy/AWSCloudShellFullAccess"));
        let mut holders: Vec<&str> = Vec::new();
        holders.extend(a.iam.users.iter().filter(|u| has(&u.attached_policies)).map(|u| u.arn.as_str()));
        holders.extend(a.iam.groups.iter().filter(|g| has(&g.attached_policies)).map(|g| g.arn.as_str()));
        holders.extend(a.iam.roles.iter().filter(|r| has(&r.attached_policies)).map(|r| r.arn.as_str()));
        let policy = format!("arn:{}:iam::aws:policy/AWSCloudShellFullAccess", arn::partition(a));
        let failed = !holders.is_empty();
        let f = out.judge(at, policy, details_read(cx, at).map(|()| failed));
        if failed {
            f.msg(
                format!("AWSCloudShellFullAccess is attached to {} principal(s)", holders.len()),
                format!("AWSCloudShellFullAccess が {} 個のプリンシパルにアタッチされている", holders.len()),
            );
        }
        f.ev("attached_to", holders);
    }
}
