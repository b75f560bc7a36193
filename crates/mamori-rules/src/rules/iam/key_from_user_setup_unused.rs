//! IAM-011: a console user's access key was created with the user and never used.

use super::{is_active, key_last_used, keys_read, login_read};
use crate::rules::prelude::*;

pub static RULE: Rule = Rule {
    code: "IAM-011",
    name: "SetupAccessKeyNeverUsed",
    area: Area::Iam,
    severity: Severity::Low,
    title: t(
        "Console user has an access key created at user setup that was never used",
        "コンソールユーザーに、ユーザー作成時に作られ一度も使われていないアクセスキーがある",
    ),
    rationale: t(
        "Creating keys by default for every new user hands out long-lived secrets nobody asked for. The whitepaper's credential table (Table 5) issues keys only for programmatic access that needs them.",
        "新しいユーザー全員に既定でキーを作ると、だれも必要としない長期的な秘密情報が配られます。ホワイトペーパーの認証情報の表（表 5）は、必要なプログラムアクセスにのみキーを発行するとしています。",
    ),
    sections: &[s::T5_PROGRAMMATIC],
    cis: &["1.11"],
    fsbp: &[],
    trusted_advisor: &[],
    resource_type: "AwsIamAccessKey",
    remediation: Remediation {
        console: t(
            "IAM → Users → the user → Security credentials: delete the never-used access key; change the onboarding process so keys are created only on request.",
            "IAM →［ユーザー］→ 対象ユーザー →［セキュリティ認証情報］で、一度も使われていないアクセスキーを削除します。キーは依頼があった場合にのみ作成するよう、ユーザー作成手順を改めます。",
        ),
        cli: "aws iam delete-access-key --user-name USER --access-key-id KEY_ID",
        terraform: "# Remove the aws_iam_access_key resource created alongside the user.",
        safe: true,
    },
    since: "0.1.0",
    check: Check::Snapshot(check),
};

/// A key created within this many seconds of the user counts as made at setup.
const SETUP_WINDOW_SECS: i64 = 60 * 60;

fn check(cx: &Cx, out: &mut Out) {
    for a in cx.accounts() {
        let at = Cx::global(a);
        for u in &a.iam.users {
            if let Err(reason) = login_read(cx, at, u).and_then(|()| keys_read(cx, at, u)) {
                out.unknown(at, &u.arn, reason).kind("AwsIamUser");
                continue;
            }
            if u.login_profile.is_none() {
                continue;
            }
            for k in u.access_keys.iter().filter(|k| is_active(k)) {
                let at_setup = match (u.create_date, k.create_date) {
                    (Some(user), Some(key)) => (key.epoch_seconds() - user.epoch_seconds()).abs() <= SETUP_WINDOW_SECS,
                    _ => false,
                };
                let never_used = key_last_used(k).is_none();
                let f = out
                    .judge(at, &k.access_key_id, Ok(at_setup && never_used))
                    .ev("user", u.arn.as_str())
                    .ev("user_created", u.create_date.map(|t| t.to_string()))
                    .ev("key_created", k.create_date.map(|t| t.to_string()))
                    .ev("last_used", key_last_used(k).map(|t| t.to_string()));
                if at_setup && never_used {
                    f.msg(
                        format!(
                            "Access key {} of console user `{}` was created with the user and never used",
                            k.access_key_id, u.user_name
                        ),
                        format!(
                            "コンソールユーザー `{}` のアクセスキー {} はユーザー作成時に作られ、一度も使われていない",
                            u.user_name, k.access_key_id
                        ),
                    );
                }
            }
        }
    }
}
