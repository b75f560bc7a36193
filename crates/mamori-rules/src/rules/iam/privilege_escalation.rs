//! IAM-015: a principal can make itself admin, directly or through others.

use super::details_read;
use crate::rules::prelude::*;

pub static RULE: Rule = Rule {
    code: "IAM-015",
    name: "PrivilegeEscalationPath",
    area: Area::Iam,
    severity: Severity::High,
    title: t("Principal can escalate its own privileges (path named in the finding)", "プリンシパルが自身の権限を昇格できる（経路を所見に記載）"),
    rationale: t(
        "Permissions that look modest can be a step to admin: writing a new version of one's own policy, attaching a policy to oneself, creating another user's access key, passing an admin role to an EC2 instance or Lambda function one controls, assuming a role, running commands on an instance that carries one. The principle of least privilege means least effective privilege; mamori follows every such step (Rhino Security Labs' and PMapper's methods) with the IAM engine and names the shortest path.",
        "控えめに見える権限が管理者への足掛かりになることがあります。自分のポリシーの新バージョン作成、自分へのポリシーのアタッチ、他ユーザーのアクセスキー作成、管理者ロールを自分の EC2 インスタンスや Lambda 関数に渡すこと、ロールの引き受け、ロールを持つインスタンスでのコマンド実行などです。最小権限とは実効的な権限が最小であることです。mamori はこうした手順（Rhino Security Labs と PMapper の手法）を IAM エンジンでたどり、最短経路を示します。",
    ),
    sections: &[s::ACCOUNTS_USERS_ROLES, s::AUTHORIZE_ACCESS],
    cis: &[],
    fsbp: &[],
    trusted_advisor: &[],
    resource_type: "AwsIamUser",
    remediation: Remediation {
        console: t(
            "Remove the permission named by the path's first step (for example iam:CreatePolicyVersion on the principal's own policy, or iam:PassRole on an admin role), or constrain it with a permissions boundary that denies IAM writes and iam:PassRole of privileged roles.",
            "経路の最初の手順に当たる権限（自分のポリシーに対する iam:CreatePolicyVersion や、管理者ロールに対する iam:PassRole など）を外すか、IAM の書き込みと特権ロールの iam:PassRole を拒否するアクセス許可の境界で制限します。",
        ),
        cli: "mamori iam escalation --snapshot SNAPSHOT   # then: aws iam put-user-permissions-boundary --user-name USER --permissions-boundary BOUNDARY_ARN",
        terraform: "resource \"aws_iam_user\" \"u\" {\n  name                 = \"USER\"\n  permissions_boundary = aws_iam_policy.no_iam_writes.arn\n}",
        safe: false,
    },
    since: "0.2.0",
    check: Check::Snapshot(check),
};

fn check(cx: &Cx, out: &mut Out) {
    let view = cx.iam();
    let model = &view.model;
    let mut graph = None;
    for a in cx.accounts() {
        let at = Cx::global(a);
        if let Err(reason) = details_read(cx, at) {
            for e in model.entities.iter().filter(|e| e.account == a.account_id) {
                out.unknown(at, &e.arn, reason.clone());
            }
            continue;
        }
        let g = graph.get_or_insert_with(|| view.graph());
        for (i, e) in model.entities.iter().enumerate().filter(|(_, e)| e.account == a.account_id) {
            let kind = match e.kind {
                mamori_iam::account::EntityKind::User => "AwsIamUser",
                mamori_iam::account::EntityKind::Role => "AwsIamRole",
            };
            if g.admin.get(i).copied().unwrap_or(false) {
                out.not_applicable(at, &e.arn)
                    .kind(kind)
                    .ev("admin", true)
                    .msg(format!("`{}` is already admin", e.name), format!("`{}` はすでに管理者権限を持つ", e.name));
                continue;
            }
            match g.path(model, i) {
                Some(steps) => {
                    let text: Vec<String> = steps.iter().map(|s| format!("{} --{} ({})--> {}", s.from, s.method, s.via, s.to)).collect();
                    let first = steps.first().map(|s| s.method).unwrap_or_default();
                    let path = json!(steps
                        .iter()
                        .map(|s| json!({"from": s.from, "method": s.method, "via": s.via, "to": s.to}))
                        .collect::<Vec<_>>());
                    out.fail(at, &e.arn).kind(kind).ev("path", path).ev("steps", steps.len()).msg(
                        format!("`{}` can become admin in {} step(s), first by {first}: {}", e.name, steps.len(), text.join(" ; ")),
                        format!("`{}` は {} 手順で管理者になれる（最初の手順は {first}）: {}", e.name, steps.len(), text.join(" ; ")),
                    );
                }
                None if !e.unreadable.is_empty() => {
                    let reason = Reason {
                        operation: "iam:GetPolicyVersion".to_string(),
                        kind: "incomplete".to_string(),
                        code: String::new(),
                        detail: e.unreadable.join("; ").chars().take(160).collect(),
                    };
                    out.unknown(at, &e.arn, reason).kind(kind).ev("unreadable_policies", e.unreadable.clone());
                }
                None => {
                    out.pass(at, &e.arn).kind(kind).ev("edges", g.edges.get(i).map(Vec::len).unwrap_or(0));
                }
            }
        }
    }
}
