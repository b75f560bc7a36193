//! IAM-012: permissions are attached to a user rather than a group.

use super::details_read;
use crate::rules::prelude::*;

pub static RULE: Rule = Rule {
    code: "IAM-012",
    name: "PolicyAttachedToUser",
    area: Area::Iam,
    severity: Severity::Low,
    title: t("Policy is attached directly to a user instead of a group", "ポリシーがグループではなくユーザーに直接アタッチされている"),
    rationale: t(
        "The whitepaper manages permissions through IAM groups by job function. Per-user policies drift apart, survive role changes and make reviews of who can do what slow and error-prone.",
        "ホワイトペーパーは、職務ごとの IAM グループで権限を管理するよう勧めています。ユーザー個別のポリシーはばらつき、異動後も残り、権限レビューを遅く不正確にします。",
    ),
    sections: &[s::IAM_GROUPS],
    cis: &["1.15"],
    fsbp: &["IAM.2"],
    trusted_advisor: &[],
    resource_type: "AwsIamUser",
    remediation: Remediation {
        console: t(
            "Create or pick a group for the user's job function with the same permissions, add the user to it, then detach the user's own policies and delete inline ones.",
            "ユーザーの職務に合うグループを作成（または選択）して同じ権限を付け、ユーザーを追加してから、ユーザー自身のポリシーをデタッチし、インラインポリシーを削除します。",
        ),
        cli: "aws iam add-user-to-group --user-name USER --group-name GROUP && aws iam detach-user-policy --user-name USER --policy-arn POLICY_ARN",
        terraform: "resource \"aws_iam_user_group_membership\" \"m\" {\n  user   = aws_iam_user.u.name\n  groups = [aws_iam_group.job_function.name]\n}",
        safe: false,
    },
    since: "0.1.0",
    check: Check::Snapshot(check),
};

fn check(cx: &Cx, out: &mut Out) {
    for a in cx.accounts() {
        let at = Cx::global(a);
        let read = details_read(cx, at);
        for u in &a.iam.users {
            let attached: Vec<&str> = u.attached_policies.iter().map(|p| p.policy_arn.as_str()).collect();
            let inline: Vec<&str> = u.inline_policies.iter().map(|p| p.policy_name.as_str()).collect();
            let failed = !attached.is_empty() || !inline.is_empty();
            let f = out.judge(at, &u.arn, read.clone().map(|()| failed));
            if failed {
                f.msg(
                    format!("IAM user `{}` has {} policies of its own", u.user_name, attached.len() + inline.len()),
                    format!("IAM ユーザー `{}` に直接付与されたポリシーが {} 個ある", u.user_name, attached.len() + inline.len()),
                );
            }
            f.ev("attached_policies", attached).ev("inline_policies", inline);
        }
    }
}
