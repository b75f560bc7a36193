//! IAM-009: a user has two active access keys.

use super::is_active;
use crate::rules::prelude::*;

pub static RULE: Rule = Rule {
    code: "IAM-009",
    name: "MultipleActiveAccessKeys",
    area: Area::Iam,
    severity: Severity::Medium,
    title: t("User has more than one active access key", "ユーザーに有効なアクセスキーが複数ある"),
    rationale: t(
        "A second active key is usually a rotation that was never finished: the old key still works and is forgotten. One key per user keeps the credential inventory honest.",
        "2 つ目の有効なキーは多くの場合、終わっていないキー更新の名残で、古いキーが忘れられたまま使える状態です。ユーザーごとに 1 つのキーにすると、認証情報の棚卸しが正確になります。",
    ),
    sections: &[s::T5_PROGRAMMATIC],
    cis: &["1.13"],
    fsbp: &[],
    trusted_advisor: &[],
    resource_type: "AwsIamUser",
    remediation: Remediation {
        console: t(
            "IAM → Users → the user → Security credentials: find which key is in use (last used), deactivate the other, then delete it.",
            "IAM →［ユーザー］→ 対象ユーザー →［セキュリティ認証情報］で使用中のキー（最終使用日時）を確認し、もう一方を無効化してから削除します。",
        ),
        cli: "aws iam update-access-key --user-name USER --access-key-id UNUSED_KEY_ID --status Inactive",
        terraform: "# Keep a single aws_iam_access_key per user; remove the extra resource.",
        safe: false,
    },
    since: "0.1.0",
    check: Check::Snapshot(check),
};

fn check(cx: &Cx, out: &mut Out) {
    for a in cx.accounts() {
        let at = Cx::global(a);
        for u in &a.iam.users {
            let active: Vec<&str> = u.access_keys.iter().filter(|k| is_active(k)).map(|k| k.access_key_id.as_str()).collect();
            let verdict = cx.res(at.account, "iam", "ListAccessKeys", &u.user_name).map(|()| active.len() > 1);
            let n = active.len();
            let f = out.judge(at, &u.arn, verdict).ev("active_access_keys", active);
            if n > 1 {
                f.msg(
                    format!("IAM user `{}` has {n} active access keys", u.user_name),
                    format!("IAM ユーザー `{}` に有効なアクセスキーが {n} 個ある", u.user_name),
                );
            }
        }
    }
}
