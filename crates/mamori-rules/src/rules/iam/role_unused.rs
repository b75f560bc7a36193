//! IAM-021: a role nobody has assumed for 90 days.

use super::details_read;
use crate::rules::prelude::*;

pub static RULE: Rule = Rule {
    code: "IAM-021",
    name: "RoleUnused",
    area: Area::Iam,
    severity: Severity::Low,
    title: t("IAM role unused for 90 days or more", "IAM ロールが 90 日以上使われていない"),
    rationale: t(
        "An unused role still carries its permissions and its trust: anyone it trusts can start using it at any time, unnoticed. The whitepaper's least-privilege checks remove what is not used.",
        "使われていないロールも権限と信頼関係を持ち続け、信頼された相手はいつでも気付かれずに使い始められます。ホワイトペーパーの最小権限の確認は、使われていないものを削除することです。",
    ),
    sections: &[s::T6_DELEGATION, s::ACCOUNTS_USERS_ROLES],
    cis: &[],
    fsbp: &[],
    trusted_advisor: &[],
    resource_type: "AwsIamRole",
    remediation: Remediation {
        console: t(
            "IAM → Roles → sort by Last activity: confirm with the owner that the role is no longer needed, then delete it (detach policies and remove it from instance profiles first).",
            "IAM →［ロール］を［最後のアクティビティ］で並べ替え、所有者に不要であることを確認してから削除します（先にポリシーのデタッチとインスタンスプロファイルからの削除を行います）。",
        ),
        cli: "aws iam get-role --role-name ROLE --query Role.RoleLastUsed && aws iam delete-role --role-name ROLE",
        terraform: "# Remove the aws_iam_role resource and its attachments.",
        safe: false,
    },
    since: "0.1.0",
    check: Check::Snapshot(check),
};

const DAYS: i64 = 90;

fn check(cx: &Cx, out: &mut Out) {
    for a in cx.accounts() {
        let at = Cx::global(a);
        let read = details_read(cx, at);
        for r in &a.iam.roles {
            if r.path.starts_with("/aws-service-role/") {
                out.not_applicable(at, &r.arn).msg("Service-linked role, managed by AWS", "AWS が管理するサービスリンクロール");
                continue;
            }
            let last_used = r.role_last_used.as_ref().and_then(|u| u.last_used_date);
            // Never used: count from creation.
            let idle = last_used.or(r.create_date).map(|t| cx.days_since(t));
            let failed = idle.is_some_and(|d| d >= DAYS);
            let f = out
                .judge(at, &r.arn, read.clone().map(|()| failed))
                .ev("last_used", last_used.map(|t| t.to_string()))
                .ev("created", r.create_date.map(|t| t.to_string()))
                .ev("idle_days", idle);
            if failed {
                let days = idle.unwrap_or_default();
                f.msg(
                    format!("Role `{}` has not been used for {days} days", r.role_name),
                    format!("ロール `{}` は {days} 日間使われていない", r.role_name),
                );
            }
        }
    }
}
