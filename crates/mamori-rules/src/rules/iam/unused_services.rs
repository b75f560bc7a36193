//! IAM-022: a principal may use services it has not touched for 90 days.

use crate::rules::prelude::*;
use mamori_model::iam::ServiceLastAccessed;

pub static RULE: Rule = Rule {
    code: "IAM-022",
    name: "UnusedServicePermissions",
    area: Area::Iam,
    severity: Severity::Low,
    title: t(
        "Principal is granted services it has not used in 90 days or more (service last accessed)",
        "プリンシパルに 90 日以上使っていないサービスの権限が付与されている（サービスの最終アクセス）",
    ),
    rationale: t(
        "IAM's access advisor shows when each allowed service was last used. Permissions for services a user or role never uses are pure risk: they widen what a stolen credential can do at no benefit. The whitepaper's least-privilege reviews remove them.",
        "IAM のアクセスアドバイザーは、許可された各サービスが最後に使われた日時を示します。使われないサービスの権限は利点がなくリスクだけで、盗まれた認証情報でできることを広げます。ホワイトペーパーの最小権限の見直しでは、これを取り除きます。",
    ),
    sections: &[s::AUTHORIZE_ACCESS, s::ACCOUNTS_USERS_ROLES],
    cis: &[],
    fsbp: &[],
    trusted_advisor: &[],
    resource_type: "AwsIamUser",
    remediation: Remediation {
        console: t(
            "IAM → Users or Roles → the principal → Access Advisor: review the services not accessed in the tracking period and remove them from its policies (or generate a least-privilege policy from CloudTrail with IAM Access Analyzer).",
            "IAM →［ユーザー］または［ロール］→ 対象 →［アクセスアドバイザー］で、追跡期間中にアクセスのないサービスを確認し、ポリシーから削除します（IAM Access Analyzer で CloudTrail から最小権限ポリシーを生成することもできます）。",
        ),
        cli: "aws iam generate-service-last-accessed-details --arn PRINCIPAL_ARN && aws iam get-service-last-accessed-details --job-id JOB_ID",
        terraform: "# Narrow the principal's aws_iam_policy documents to the services it uses.",
        safe: false,
    },
    since: "0.1.0",
    check: Check::Snapshot(check),
};

const DAYS: i64 = 90;
/// At most this many unused services are named in the evidence.
const LISTED: usize = 20;

fn judge(
    cx: &Cx,
    out: &mut Out,
    at: At,
    arn: &str,
    created: Option<mamori_model::Time>,
    usage: Option<&Vec<ServiceLastAccessed>>,
    kind: &'static str,
) {
    let read = cx
        .res(at.account, "iam", "GenerateServiceLastAccessedDetails", arn)
        .and_then(|()| cx.res(at.account, "iam", "GetServiceLastAccessedDetails", arn));
    let verdict = read.and_then(|()| usage.ok_or_else(|| Reason::not_collected("iam", "GetServiceLastAccessedDetails")));
    let Ok(services) = verdict else {
        if let Err(reason) = verdict {
            out.unknown(at, arn, reason).kind(kind);
        }
        return;
    };
    // A service never used counts from when the principal was created.
    let idle = |s: &ServiceLastAccessed| s.last_authenticated.or(created).map(|t| cx.days_since(t)).is_some_and(|d| d >= DAYS);
    let unused: Vec<&str> = services.iter().filter(|s| idle(s)).map(|s| s.service_namespace.as_str()).collect();
    let (n, total) = (unused.len(), services.len());
    let f = out
        .judge(at, arn, Ok(n > 0))
        .kind(kind)
        .ev("services_allowed", total)
        .ev("unused_services", unused.iter().take(LISTED).copied().collect::<Vec<_>>());
    if n > 0 {
        f.ev("unused_count", n).msg(
            format!(
                "{n} of {total} allowed services unused for {DAYS}+ days: {}",
                unused.iter().take(5).copied().collect::<Vec<_>>().join(", ")
            ),
            format!(
                "許可された {total} サービスのうち {n} 個が {DAYS} 日以上使われていない: {}",
                unused.iter().take(5).copied().collect::<Vec<_>>().join(", ")
            ),
        );
    }
}

fn check(cx: &Cx, out: &mut Out) {
    for a in cx.accounts() {
        let at = Cx::global(a);
        for u in &a.iam.users {
            judge(cx, out, at, &u.arn, u.create_date, u.services_last_accessed.as_ref(), "AwsIamUser");
        }
        for r in a.iam.roles.iter().filter(|r| !r.path.starts_with("/aws-service-role/")) {
            judge(cx, out, at, &r.arn, r.create_date, r.services_last_accessed.as_ref(), "AwsIamRole");
        }
    }
}
