//! IAM-010: a password or access key has not been used for 45 days but still works.

use super::{is_active, key_last_used, keys_read, login_read};
use crate::rules::prelude::*;

pub static RULE: Rule = Rule {
    code: "IAM-010",
    name: "UnusedCredentialsEnabled",
    area: Area::Iam,
    severity: Severity::Medium,
    title: t("Password or access key unused for 45 days or more is still enabled", "45 日以上使われていないパスワードまたはアクセスキーが有効のまま"),
    rationale: t(
        "A credential nobody uses is one nobody would miss, and nobody would notice being used by someone else. Disabling it removes the risk at no cost.",
        "だれも使っていない認証情報は、無くなっても困らず、他人に使われても気付かれません。無効化すればコストなしでリスクを除けます。",
    ),
    sections: &[s::IAM_USERS, s::CREDENTIALS],
    cis: &["1.12"],
    fsbp: &["IAM.22"],
    trusted_advisor: &[],
    resource_type: "AwsIamUser",
    remediation: Remediation {
        console: t(
            "IAM → Users → the user → Security credentials: remove the console password (Manage console access → Disable) and deactivate unused access keys.",
            "IAM →［ユーザー］→ 対象ユーザー →［セキュリティ認証情報］で、コンソールアクセスを無効化し、使われていないアクセスキーを無効化します。",
        ),
        cli: "aws iam delete-login-profile --user-name USER; aws iam update-access-key --user-name USER --access-key-id KEY_ID --status Inactive",
        terraform: "# Remove the aws_iam_user_login_profile and set status = \"Inactive\" on unused aws_iam_access_key resources.",
        safe: false,
    },
    since: "0.1.0",
    check: Check::Snapshot(check),
};

const DAYS: i64 = 45;

fn check(cx: &Cx, out: &mut Out) {
    for a in cx.accounts() {
        let at = Cx::global(a);
        for u in &a.iam.users {
            if let Err(reason) = login_read(cx, at, u).and_then(|()| keys_read(cx, at, u)) {
                out.unknown(at, &u.arn, reason);
                continue;
            }
            let mut stale = Vec::new();
            if let Some(profile) = &u.login_profile {
                // Never used: count from when the password was set.
                let last = u.password_last_used.or(profile.create_date).or(u.create_date);
                if let Some(days) = last.map(|t| cx.days_since(t)).filter(|d| *d >= DAYS) {
                    stale.push(
                        json!({"credential": "password", "last_used": u.password_last_used.map(|t| t.to_string()), "idle_days": days}),
                    );
                }
            }
            for k in u.access_keys.iter().filter(|k| is_active(k)) {
                let last = key_last_used(k).or(k.create_date);
                if let Some(days) = last.map(|t| cx.days_since(t)).filter(|d| *d >= DAYS) {
                    stale.push(
                        json!({"credential": k.access_key_id, "last_used": key_last_used(k).map(|t| t.to_string()), "idle_days": days}),
                    );
                }
            }
            if u.login_profile.is_none() && !u.access_keys.iter().any(is_active) {
                out.not_applicable(at, &u.arn).msg("User has no enabled credentials", "ユーザーに有効な認証情報がない");
                continue;
            }
            let failed = !stale.is_empty();
            let f = out.judge(at, &u.arn, Ok(failed));
            if failed {
                f.msg(
                    format!("IAM user `{}` has {} enabled credential(s) unused for {DAYS}+ days", u.user_name, stale.len()),
                    format!("IAM ユーザー `{}` に {DAYS} 日以上使われていない有効な認証情報が {} 個ある", u.user_name, stale.len()),
                );
            }
            f.ev("stale_credentials", stale);
        }
    }
}
