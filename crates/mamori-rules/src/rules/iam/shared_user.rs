//! IAM-026: one IAM user's keys are used from many places by many programs.

use super::{is_active, key_last_used};
use crate::rules::prelude::*;

pub static RULE: Rule = Rule {
    code: "IAM-026",
    name: "SharedIamUser",
    area: Area::Iam,
    severity: Severity::Low,
    title: t(
        "IAM user shared by several people or applications (one key used from many source addresses or user agents)",
        "IAM ユーザーが複数の人やアプリケーションで共有されている（1 つのキーが多数の送信元アドレスやユーザーエージェントから使われている）",
    ),
    rationale: t(
        "The whitepaper asks for one identity per person and per application: a shared user makes CloudTrail unable to say who did what, and its key cannot be rotated without breaking everyone. mamori reads the key's recent CloudTrail events (LookupEvents) and counts distinct source addresses and client programs.",
        "ホワイトペーパーは、人やアプリケーションごとに 1 つの ID を使うよう求めています。共有ユーザーでは CloudTrail でだれが何をしたか特定できず、キーを更新すると全員が影響を受けます。mamori はキーの最近の CloudTrail イベント（LookupEvents）を読み、送信元アドレスとクライアントプログラムの種類を数えます。",
    ),
    sections: &[s::IAM_USERS, s::CREDENTIALS],
    cis: &[],
    fsbp: &[],
    trusted_advisor: &[],
    resource_type: "AwsIamUser",
    remediation: Remediation {
        console: t(
            "Give each person and each application its own identity (IAM Identity Center for people, roles for workloads), move them over, then deactivate the shared user's keys.",
            "人ごと・アプリケーションごとに個別の ID を用意し（人は IAM Identity Center、ワークロードはロール）、移行してから共有ユーザーのキーを無効化します。",
        ),
        cli: "aws cloudtrail lookup-events --lookup-attributes AttributeKey=AccessKeyId,AttributeValue=KEY_ID --max-results 50",
        terraform: "# Replace the shared aws_iam_user with per-application aws_iam_role resources.",
        safe: false,
    },
    since: "0.1.0",
    check: Check::Snapshot(check),
};

/// Distinct source addresses from which one user's keys are taken to be shared.
const MANY_ADDRESSES: usize = 5;
/// Distinct client programs (user agent up to the first `/`).
const MANY_PROGRAMS: usize = 3;
const RECENT_DAYS: i64 = 90;

/// The program part of a user agent: `aws-cli/2.15 Python/3.11` → `aws-cli`.
fn program(agent: &str) -> &str {
    agent.split(['/', ' ']).next().unwrap_or(agent)
}

fn check(cx: &Cx, out: &mut Out) {
    for a in cx.accounts() {
        let at = Cx::global(a);
        for u in &a.iam.users {
            let recent: Vec<&mamori_model::iam::AccessKey> =
                u.access_keys.iter().filter(|k| is_active(k) && key_last_used(k).is_some_and(|t| cx.days_since(t) < RECENT_DAYS)).collect();
            if let Err(reason) = cx.res(at.account, "iam", "ListAccessKeys", &u.user_name) {
                out.unknown(at, &u.arn, reason);
                continue;
            }
            if recent.is_empty() {
                out.not_applicable(at, &u.arn).msg("No access key used in the last 90 days", "過去 90 日間に使われたアクセスキーがない");
                continue;
            }
            let mut addresses: Vec<&str> = Vec::new();
            let mut programs: Vec<&str> = Vec::new();
            let mut missing = None;
            for k in &recent {
                match (&k.recent_activity, cx.res(at.account, "cloudtrail", "LookupEvents", &k.access_key_id)) {
                    (_, Err(reason)) => missing = Some(reason),
                    (None, Ok(())) => missing = Some(Reason::not_collected("cloudtrail", "LookupEvents")),
                    (Some(activity), Ok(())) => {
                        // AWS services acting for the user are not other users.
                        addresses.extend(
                            activity
                                .source_ips
                                .iter()
                                .map(String::as_str)
                                .filter(|ip| !ip.ends_with(".amazonaws.com") && *ip != "AWS Internal"),
                        );
                        programs.extend(activity.user_agents.iter().map(|ua| program(ua)));
                    }
                }
            }
            addresses.sort_unstable();
            addresses.dedup();
            programs.sort_unstable();
            programs.dedup();
            let shared = addresses.len() >= MANY_ADDRESSES || programs.len() >= MANY_PROGRAMS;
            let verdict = match missing {
                Some(reason) if !shared => Err(reason),
                _ => Ok(shared),
            };
            let f = out.judge(at, &u.arn, verdict).ev("source_addresses", addresses.clone()).ev("programs", programs.clone());
            if shared {
                f.msg(
                    format!(
                        "Keys of `{}` were used from {} addresses by {} programs recently",
                        u.user_name,
                        addresses.len(),
                        programs.len()
                    ),
                    format!(
                        "`{}` のキーが最近 {} 個のアドレスから {} 種類のプログラムで使われた",
                        u.user_name,
                        addresses.len(),
                        programs.len()
                    ),
                );
            }
        }
    }
}
