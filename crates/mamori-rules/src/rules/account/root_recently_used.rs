//! ACCT-002: the root user signed in or used an access key recently.

use mamori_model::iam::CredentialReportRow as Row;

use crate::rules::prelude::*;

pub static RULE: Rule = Rule {
    code: "ACCT-002",
    name: "RootRecentlyUsed",
    area: Area::Acct,
    severity: Severity::High,
    title: t("Root user was used in the last 90 days", "ルートユーザーが過去 90 日以内に使用された"),
    rationale: t(
        "The root user cannot be restricted by IAM policies. The whitepaper asks that its credentials are not used for everyday work; every use is a moment of unlimited, hard-to-attribute power.",
        "ルートユーザーは IAM ポリシーで制限できません。ホワイトペーパーは、ルートアカウントの認証情報を日常的に使用しないよう求めています。使用のたびに、無制限で追跡しにくい権限が行使されます。",
    ),
    sections: &[s::ACCOUNTS_USERS_ROLES, s::T4_SIGN_IN],
    cis: &["1.7"],
    fsbp: &[],
    trusted_advisor: &[],
    resource_type: "AwsAccount",
    remediation: Remediation {
        console: t(
            "Find out who used the root user and why (CloudTrail, event `userIdentity.type = Root`); give them an IAM role for the task, and keep the root credentials locked away with hardware MFA.",
            "CloudTrail（`userIdentity.type = Root` のイベント）でだれが何のためにルートユーザーを使ったか確認し、その作業用の IAM ロールを用意したうえで、ルートの認証情報はハードウェア MFA を付けて保管します。",
        ),
        cli: "aws cloudtrail lookup-events --lookup-attributes AttributeKey=Username,AttributeValue=root --max-results 50",
        terraform: "# Not a configuration setting: stop using the root user and monitor it (MON-003).",
        safe: true,
    },
    since: "0.1.0",
    check: Check::Snapshot(check),
};

const DAYS: i64 = 90;

fn check(cx: &Cx, out: &mut Out) {
    for a in cx.accounts() {
        let at = Cx::global(a);
        let root = a.iam.credential_report.iter().find(|r| r.is_root());
        let verdict = cx.op(at, "iam", "GetCredentialReport").and_then(|()| {
            root.ok_or_else(|| Reason::incomplete("iam", "GetCredentialReport")).map(|r| {
                [&r.password_last_used, &r.access_key_1_last_used_date, &r.access_key_2_last_used_date]
                    .iter()
                    .filter_map(|v| Row::time(v))
                    .any(|t| cx.days_since(t) < DAYS)
            })
        });
        let f = out.judge(at, arn::account(a), verdict);
        if let Some(r) = root {
            f.ev("password_last_used", r.password_last_used.as_str())
                .ev("access_key_1_last_used_date", r.access_key_1_last_used_date.as_str())
                .ev("access_key_2_last_used_date", r.access_key_2_last_used_date.as_str());
        }
    }
}
