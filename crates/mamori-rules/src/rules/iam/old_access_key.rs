//! IAM-008: an active access key has not been rotated for 90 days.

use super::is_active;
use crate::rules::prelude::*;

pub static RULE: Rule = Rule {
    code: "IAM-008",
    name: "AccessKeyNotRotated",
    area: Area::Iam,
    severity: Severity::Medium,
    title: t("Active access key is older than 90 days", "有効なアクセスキーが 90 日より古い"),
    rationale: t(
        "Access keys leak through code, logs and laptops. The whitepaper asks to rotate them regularly (Table 5) so that a leaked key stops working within a bounded time.",
        "アクセスキーはコード、ログ、端末から漏れます。ホワイトペーパーは定期的な更新（表 5）を求めており、漏えいしたキーが使える期間を限定できます。",
    ),
    sections: &[s::T5_PROGRAMMATIC, s::CREDENTIALS],
    cis: &["1.14"],
    fsbp: &["IAM.3"],
    trusted_advisor: &["IAM Access Key Rotation"],
    resource_type: "AwsIamAccessKey",
    remediation: Remediation {
        console: t(
            "IAM → Users → the user → Security credentials: create a second key, switch the application to it, deactivate the old key, watch for errors, then delete it. Better: replace the key with a role.",
            "IAM →［ユーザー］→ 対象ユーザー →［セキュリティ認証情報］で新しいキーを作成し、アプリケーションを切り替えてから古いキーを無効化し、問題がなければ削除します。可能ならキーをロールに置き換えます。",
        ),
        cli: "aws iam create-access-key --user-name USER && aws iam update-access-key --user-name USER --access-key-id OLD_KEY_ID --status Inactive",
        terraform: "# Rotate by replacing the aws_iam_access_key resource (taint/replace), then update its consumers.",
        safe: false,
    },
    since: "0.1.0",
    check: Check::Snapshot(check),
};

const DAYS: i64 = 90;

fn check(cx: &Cx, out: &mut Out) {
    for a in cx.accounts() {
        let at = Cx::global(a);
        for u in &a.iam.users {
            if let Err(reason) = cx.res(at.account, "iam", "ListAccessKeys", &u.user_name) {
                out.unknown(at, &u.arn, reason).kind("AwsIamUser");
                continue;
            }
            for k in u.access_keys.iter().filter(|k| is_active(k)) {
                let age = k.create_date.map(|c| cx.days_since(c));
                let f = out
                    .judge(at, &k.access_key_id, age.map(|d| d > DAYS).ok_or_else(|| Reason::incomplete("iam", "ListAccessKeys")))
                    .ev("user", u.arn.as_str())
                    .ev("create_date", k.create_date.map(|c| c.to_string()))
                    .ev("age_days", age);
                if let Some(d) = age.filter(|d| *d > DAYS) {
                    f.msg(
                        format!("Access key {} of `{}` is {d} days old", k.access_key_id, u.user_name),
                        format!("`{}` のアクセスキー {} は作成から {d} 日経過している", u.user_name, k.access_key_id),
                    );
                }
            }
        }
    }
}
