//! ACCT-004: no active IAM Access Analyzer in a region.

use crate::rules::prelude::*;

pub static RULE: Rule = Rule {
    code: "ACCT-004",
    name: "AccessAnalyzerDisabled",
    area: Area::Acct,
    severity: Severity::Low,
    title: t("IAM Access Analyzer is not enabled in the region", "リージョンで IAM Access Analyzer が有効になっていない"),
    rationale: t(
        "Access Analyzer continuously reports resources shared outside the account or organization. Without it, a bucket, key or role opened to the world stays unnoticed until it is abused.",
        "Access Analyzer は、アカウントや組織の外部と共有されたリソースを継続的に報告します。無効のままでは、外部に公開されたバケット・キー・ロールが悪用されるまで気付けません。",
    ),
    sections: &[s::AUTHORIZE_ACCESS],
    cis: &["1.20"],
    fsbp: &[],
    trusted_advisor: &[],
    resource_type: "AwsAccount",
    remediation: Remediation {
        console: t(
            "IAM → Access analyzer → Create analyzer, in every region in use (zone of trust: the organization if there is one, else the account).",
            "使用しているすべてのリージョンで、IAM →［Access Analyzer］→［アナライザーを作成］を実行します（信頼ゾーンは組織があれば組織、なければアカウント）。",
        ),
        cli: "aws accessanalyzer create-analyzer --analyzer-name default --type ACCOUNT --region REGION",
        terraform: "resource \"aws_accessanalyzer_analyzer\" \"default\" {\n  analyzer_name = \"default\"\n  type          = \"ACCOUNT\"\n}",
        safe: true,
    },
    since: "0.1.0",
    check: Check::Snapshot(check),
};

fn check(cx: &Cx, out: &mut Out) {
    for (a, at, r) in cx.all_regions() {
        let active: Vec<&str> =
            r.access_analyzers.iter().filter(|x| x.status.as_deref().is_none_or(|s| s == "ACTIVE")).map(|x| x.name.as_str()).collect();
        let verdict = cx.op(at, "access-analyzer", "ListAnalyzers").map(|()| active.is_empty());
        out.judge(at, arn::regional(a, "access-analyzer", at.region, "analyzer/*"), verdict)
            .ev("region", at.region)
            .ev("active_analyzers", active)
            .msg(
                format!("IAM Access Analyzer is not enabled in {}", at.region),
                format!("{} で IAM Access Analyzer が有効になっていない", at.region),
            );
    }
}
