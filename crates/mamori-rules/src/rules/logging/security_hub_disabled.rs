//! LOG-011: Security Hub is not enabled in a region.

use crate::rules::prelude::*;

pub static RULE: Rule = Rule {
    code: "LOG-011",
    name: "SecurityHubDisabled",
    area: Area::Log,
    severity: Severity::Low,
    title: t("Security Hub is not enabled", "Security Hub が有効になっていない"),
    rationale: t(
        "Security Hub gathers findings from GuardDuty, Inspector, Macie, Config and tools like mamori (ASFF output) in one place, so they are triaged instead of scattered.",
        "Security Hub は GuardDuty、Inspector、Macie、Config や mamori（ASFF 出力）などの検出結果を 1 か所に集め、散らばらずにトリアージできるようにします。",
    ),
    sections: &[s::EC2_PAGE, s::MONITORING],
    cis: &["4.16"],
    fsbp: &[],
    trusted_advisor: &[],
    resource_type: "AwsAccount",
    remediation: Remediation {
        console: t("Security Hub → Go to Security Hub → Enable Security Hub, with the AWS Foundational Security Best Practices standard.", "Security Hub →［Security Hub に移動］→［Security Hub を有効にする］で、AWS 基礎セキュリティのベストプラクティス標準を有効にします。"),
        cli: "aws securityhub enable-security-hub --enable-default-standards --region REGION",
        terraform: "resource \"aws_securityhub_account\" \"main\" {}",
        safe: true,
    },
    since: "0.1.0",
    check: Check::Snapshot(check),
};

fn check(cx: &Cx, out: &mut Out) {
    for (a, at, r) in cx.all_regions() {
        let hub = r.security_hub.as_ref();
        let f = out
            .judge(
                at,
                arn::regional(a, "securityhub", at.region, "hub/default"),
                cx.op(at, "securityhub", "DescribeHub").map(|()| hub.is_none()),
            )
            .ev("hub", hub.and_then(|h| h.hub_arn.clone()))
            .ev("enabled_standards", hub.map(|h| h.enabled_standards.clone()).unwrap_or_default());
        if hub.is_none() {
            f.msg(format!("Security Hub is not enabled in {}", at.region), format!("{} で Security Hub が有効になっていない", at.region));
        }
    }
}
