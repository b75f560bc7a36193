//! IAM-013: a customer-written policy grants every action on every resource.

use super::{details_read, parsed_written_policies, statements_where};
use crate::rules::prelude::*;

pub static RULE: Rule = Rule {
    code: "IAM-013",
    name: "FullAdminPolicyAttached",
    area: Area::Iam,
    severity: Severity::High,
    title: t("Policy granting `*:*` (full admin) is attached to a principal", "`*:*`（完全な管理者権限）を付与するポリシーがプリンシパルにアタッチされている"),
    rationale: t(
        "A policy with Effect Allow, Action `*` and Resource `*` gives whoever holds it every permission in the account, including the power to grant itself more and to erase the trail. The whitepaper asks for the least access each user needs; full administration belongs to a few break-glass identities with MFA, through AWS's own AdministratorAccess where it is deliberate.",
        "Effect が Allow、Action が `*`、Resource が `*` のポリシーは、保持者にアカウント内のすべての権限（自分への権限追加や証跡の消去を含む）を与えます。ホワイトペーパーはユーザーに必要最小限のアクセス権限を割り当てるよう求めています。完全な管理権限は、MFA を備えた少数の緊急用 ID に、意図して AWS の AdministratorAccess で与えるものです。",
    ),
    sections: &[s::ACCOUNTS_USERS_ROLES, s::AUTHORIZE_ACCESS],
    cis: &["1.16"],
    fsbp: &["IAM.1"],
    trusted_advisor: &[],
    resource_type: "AwsIamPolicy",
    remediation: Remediation {
        console: t(
            "IAM → Policies (or the principal's Permissions tab for inline policies) → edit the policy: replace `\"Action\": \"*\"` with the services and actions the job needs (IAM Access Analyzer can generate a policy from CloudTrail activity); detach it from principals that do not need it.",
            "IAM →［ポリシー］（インラインポリシーはプリンシパルの［許可］タブ）でポリシーを編集し、`\"Action\": \"*\"` を業務に必要なサービスとアクションに置き換えます（IAM Access Analyzer は CloudTrail の履歴からポリシーを生成できます）。不要なプリンシパルからはデタッチします。",
        ),
        cli: "aws iam create-policy-version --policy-arn POLICY_ARN --policy-document file://least-privilege.json --set-as-default",
        terraform: "data \"aws_iam_policy_document\" \"job\" {\n  statement {\n    actions   = [\"s3:GetObject\"]\n    resources = [\"arn:aws:s3:::bucket/*\"]\n  }\n}",
        safe: false,
    },
    since: "0.2.0",
    check: Check::Snapshot(check),
};

fn check(cx: &Cx, out: &mut Out) {
    for a in cx.accounts() {
        let at = Cx::global(a);
        let read = details_read(cx, at);
        for (p, policy) in parsed_written_policies(cx, a, out, true) {
            let hits = statements_where(policy, mamori_iam::Statement::grants_everything);
            let f = out.judge(at, &p.name, read.clone().map(|()| !hits.is_empty()));
            if !hits.is_empty() {
                f.msg(
                    format!("Policy `{}` allows every action on every resource (statement {})", p.short, hits.join(", ")),
                    format!(
                        "ポリシー `{}` がすべてのリソースへのすべてのアクションを許可している（ステートメント {}）",
                        p.short,
                        hits.join(", ")
                    ),
                );
            }
            f.ev("policy", p.name.clone()).ev("statements", hits);
        }
    }
}
