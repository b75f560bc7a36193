//! ACCT-005: no role can open AWS Support cases during an incident.

use crate::rules::prelude::*;

pub static RULE: Rule = Rule {
    code: "ACCT-005",
    name: "NoSupportRole",
    area: Area::Acct,
    severity: Severity::Low,
    title: t("No IAM role has AWSSupportAccess for incident handling", "インシデント対応用に AWSSupportAccess を持つ IAM ロールがない"),
    rationale: t(
        "During an incident the responders must reach AWS Support without borrowing an administrator's or the root user's credentials. A dedicated role with AWSSupportAccess gives them exactly that.",
        "インシデント時、対応者は管理者やルートユーザーの認証情報を借りずに AWS サポートへ連絡できる必要があります。AWSSupportAccess を付けた専用ロールがその手段になります。",
    ),
    sections: &[s::T19_ABUSE],
    cis: &["1.17"],
    fsbp: &[],
    trusted_advisor: &[],
    resource_type: "AwsAccount",
    remediation: Remediation {
        console: t(
            "IAM → Roles → Create role, trusted by your incident-response principals, with the AWS managed policy AWSSupportAccess.",
            "IAM →［ロール］→［ロールを作成］で、インシデント対応者を信頼するロールを作り、AWS 管理ポリシー AWSSupportAccess をアタッチします。",
        ),
        cli: "aws iam attach-role-policy --role-name incident-support --policy-arn arn:aws:iam::aws:policy/AWSSupportAccess",
        terraform: "resource \"aws_iam_role_policy_attachment\" \"support\" {\n  role       = aws_iam_role.incident_support.name\n  policy_arn = \"arn:aws:iam::aws:policy/AWSSupportAccess\"\n}",
        safe: true,
    },
    since: "0.1.0",
    check: Check::Snapshot(check),
};

fn check(cx: &Cx, out: &mut Out) {
    for a in cx.accounts() {
        let at = Cx::global(a);
        let roles: Vec<&str> = a
            .iam
            .roles
            .iter()
            .filter(|r| r.attached_policies.iter().any(|p| p.policy_arn.ends_with(":policy/AWSSupportAccess")))
            .map(|r| r.arn.as_str())
            .collect();
        let verdict = cx.op(at, "iam", "GetAccountAuthorizationDetails").map(|()| roles.is_empty());
        out.judge(at, arn::account(a), verdict).ev("support_roles", roles);
    }
}
