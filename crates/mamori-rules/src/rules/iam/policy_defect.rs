//! IAM-025: a policy document has defects the IAM engine's linter finds.

use super::{details_read, written_policies};
use crate::rules::prelude::*;

pub static RULE: Rule = Rule {
    code: "IAM-025",
    name: "PolicyDocumentDefect",
    area: Area::Iam,
    severity: Severity::Low,
    title: t(
        "Policy document defect: unknown action or service, malformed ARN, Allow with NotAction/NotResource, Resource `*` for a resource-scoped action",
        "ポリシー文書の不備: 不明なアクション・サービス、不正な ARN、Allow と NotAction/NotResource の組み合わせ、リソース単位で指定できるアクションへの Resource `*`",
    ),
    rationale: t(
        "A misspelt action or ARN silently grants nothing — or, in a Deny, protects nothing; Allow with NotAction or NotResource grants everything not listed, including what AWS adds later; `Resource: \"*\"` where the action can name its resources grants more than the job needs. The whitepaper's capability and resource policies are only as good as what they say.",
        "綴りを誤ったアクションや ARN は何も許可しない（Deny なら何も守らない）まま気付かれません。Allow と NotAction/NotResource の組み合わせは、列挙したもの以外（AWS が今後追加するものを含む）をすべて許可します。リソースを指定できるアクションへの `Resource: \"*\"` は必要以上の権限です。ホワイトペーパーの機能ポリシーとリソースポリシーは、書かれた内容どおりにしか働きません。",
    ),
    sections: &[s::AUTHORIZE_ACCESS],
    cis: &[],
    fsbp: &[],
    trusted_advisor: &[],
    resource_type: "AwsIamPolicy",
    remediation: Remediation {
        console: t(
            "IAM → Policies → the policy → Edit: fix the findings the policy editor lists (the same checks IAM Access Analyzer's policy validation runs); `mamori iam validate FILE` shows each with its JSON path.",
            "IAM →［ポリシー］→ 対象ポリシー →［編集］で、ポリシーエディタが示す指摘（IAM Access Analyzer のポリシー検証と同じ内容）を修正します。`mamori iam validate FILE` で JSON パス付きの一覧を確認できます。",
        ),
        cli: "mamori iam validate policy.json && aws accessanalyzer validate-policy --policy-type IDENTITY_POLICY --policy-document file://policy.json",
        terraform: "# Validate documents before apply, e.g. with `mamori iam validate` in CI.",
        safe: true,
    },
    since: "0.2.0",
    check: Check::Snapshot(check),
};

fn check(cx: &Cx, out: &mut Out) {
    use mamori_iam::validate::{validate_parsed, Kind, DEFECT_CODES};
    for a in cx.accounts() {
        let at = Cx::global(a);
        let read = details_read(cx, at);
        let model = &cx.iam().model;
        let mut targets: Vec<(&mamori_iam::account::StoredPolicy, Kind)> = written_policies(cx, a).map(|p| (p, Kind::Identity)).collect();
        targets.extend(
            model
                .policies
                .iter()
                .filter(|p| p.account == a.account_id && p.kind == mamori_iam::account::PolicyKind::Trust)
                .map(|p| (p, Kind::Trust)),
        );
        for (p, kind) in targets {
            let lints: Vec<String> = match &p.policy {
                Some(policy) => validate_parsed(policy, kind)
                    .into_iter()
                    .filter(|l| DEFECT_CODES.contains(&l.code))
                    .map(|l| format!("{} {}: {}", l.code, l.path, l.message))
                    .collect(),
                // A document AWS stored but mamori cannot read is itself a defect to look at.
                None => vec![format!("parse {}", p.error.clone().unwrap_or_default())],
            };
            let f = out.judge(at, &p.name, read.clone().map(|()| !lints.is_empty()));
            if !lints.is_empty() {
                f.msg(
                    format!("Policy `{}` has {} defect(s): {}", p.short, lints.len(), lints.first().cloned().unwrap_or_default()),
                    format!("ポリシー `{}` に {} 件の不備がある: {}", p.short, lints.len(), lints.first().cloned().unwrap_or_default()),
                );
            }
            f.ev("policy", p.name.clone()).ev("defects", lints);
        }
    }
}
