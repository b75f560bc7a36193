//! IAM-014: a customer-written policy grants every action of a service.

use super::{details_read, parsed_written_policies};
use crate::rules::prelude::*;

pub static RULE: Rule = Rule {
    code: "IAM-014",
    name: "ServiceWideGrant",
    area: Area::Iam,
    severity: Severity::Medium,
    title: t("Customer policy grants all actions of a service (`svc:*`)", "カスタマーポリシーがサービスの全アクション（`svc:*`）を許可している"),
    rationale: t(
        "`s3:*` or `iam:*` grants the service's destructive and permission-changing actions along with the ones the job needs, and every action AWS adds later. Least privilege, as the whitepaper asks, names the actions.",
        "`s3:*` や `iam:*` は、業務に必要なアクションと一緒に、サービスの破壊的な操作や権限変更の操作、さらに AWS が今後追加するアクションまで許可します。ホワイトペーパーが求める最小権限では、アクションを個別に指定します。",
    ),
    sections: &[s::ACCOUNTS_USERS_ROLES, s::AUTHORIZE_ACCESS],
    cis: &[],
    fsbp: &["IAM.21"],
    trusted_advisor: &[],
    resource_type: "AwsIamPolicy",
    remediation: Remediation {
        console: t(
            "IAM → Policies → the policy → Edit: replace `service:*` with the actions used (the policy's Access Advisor tab lists the services used and when).",
            "IAM →［ポリシー］→ 対象ポリシー →［編集］で `service:*` を実際に使うアクションに置き換えます（ポリシーの［アクセスアドバイザー］タブに利用サービスと日時が表示されます）。",
        ),
        cli: "aws iam create-policy-version --policy-arn POLICY_ARN --policy-document file://named-actions.json --set-as-default",
        terraform: "statement {\n  actions   = [\"s3:GetObject\", \"s3:PutObject\"]  # not \"s3:*\"\n  resources = [\"arn:aws:s3:::bucket/*\"]\n}",
        safe: false,
    },
    since: "0.2.0",
    check: Check::Snapshot(check),
};

fn check(cx: &Cx, out: &mut Out) {
    for a in cx.accounts() {
        let at = Cx::global(a);
        let read = details_read(cx, at);
        for (p, policy) in parsed_written_policies(cx, a, out, false) {
            let mut grants: Vec<String> = policy
                .statements
                .iter()
                .filter(|st| st.effect == mamori_iam::Effect::Allow)
                .filter_map(|st| st.action.as_ref().filter(|a| !a.negated))
                .flat_map(|a| a.patterns.iter())
                .filter(|p| p.source.split_once(':').is_some_and(|(svc, act)| act == "*" && svc != "*"))
                .map(|p| p.source.clone())
                .collect();
            grants.sort();
            grants.dedup();
            let f = out.judge(at, &p.name, read.clone().map(|()| !grants.is_empty()));
            if !grants.is_empty() {
                f.msg(
                    format!("Policy `{}` grants every action of {}", p.short, grants.join(", ")),
                    format!("ポリシー `{}` が {} のすべてのアクションを許可している", p.short, grants.join(", ")),
                );
            }
            f.ev("policy", p.name.clone()).ev("service_wildcards", grants);
        }
    }
}
