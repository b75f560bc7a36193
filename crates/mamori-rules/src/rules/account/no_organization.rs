//! ACCT-003: the account stands alone, outside any AWS Organization.

use crate::rules::prelude::*;

pub static RULE: Rule = Rule {
    code: "ACCT-003",
    name: "NoOrganization",
    area: Area::Acct,
    severity: Severity::Info,
    title: t(
        "Account is not in an AWS Organization (no multi-account separation)",
        "アカウントが AWS Organizations に属していない（複数アカウントによる分離がない）",
    ),
    rationale: t(
        "The whitepaper's account strategies (Table 3) separate production, development and testing, and security functions into their own accounts. A lone account mixes them, so one compromised credential reaches everything.",
        "ホワイトペーパーの AWS アカウントの戦略（表 3）は、本番・開発・テストやセキュリティ機能をアカウントごとに分けることを勧めています。単一アカウントではこれらが混在し、1 つの認証情報の漏えいがすべてに及びます。",
    ),
    sections: &[s::MULTI_ACCOUNT, s::T3_ACCOUNT_STRATEGY],
    cis: &[],
    fsbp: &[],
    trusted_advisor: &[],
    resource_type: "AwsAccount",
    remediation: Remediation {
        console: t(
            "Create an organization from a dedicated management account (AWS Organizations → Create organization) and invite this account; move workloads by environment into separate member accounts.",
            "専用の管理アカウントで組織を作成し（AWS Organizations →［組織を作成］）、このアカウントを招待します。ワークロードは環境ごとに別のメンバーアカウントへ移します。",
        ),
        cli: "aws organizations create-organization --feature-set ALL   # in the management account",
        terraform: "resource \"aws_organizations_organization\" \"org\" {\n  feature_set = \"ALL\"\n}",
        safe: true,
    },
    since: "0.1.0",
    check: Check::Snapshot(check),
};

fn check(cx: &Cx, out: &mut Out) {
    for a in cx.accounts() {
        let at = Cx::global(a);
        let verdict = cx.op(at, "organizations", "DescribeOrganization").map(|()| a.organization.is_none());
        let f = out.judge(at, arn::account(a), verdict);
        if let Some(o) = &a.organization {
            f.ev("organization_id", o.id.clone().unwrap_or_default())
                .ev("management_account", o.master_account_id.clone().unwrap_or_default());
        }
    }
}
