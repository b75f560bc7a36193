//! EMR-003: EMR block public access is off in the region.

use crate::rules::prelude::*;

pub static RULE: Rule = Rule {
    code: "EMR-003",
    name: "EmrBlockPublicAccessDisabled",
    area: Area::Net,
    severity: Severity::High,
    title: t("EMR block public access is disabled", "EMR のパブリックアクセスブロックが無効"),
    rationale: t(
        "EMR block public access refuses to launch clusters whose security groups open ports to the internet (except those allowed, normally 22). Without it one permissive group exposes Hadoop's unauthenticated web UIs and RPC ports.",
        "EMR のパブリックアクセスブロックは、インターネットにポートを開くセキュリティグループを持つクラスターの起動を拒否します（許可したポート、通常 22 を除く）。無効だと、1 つの緩いグループで Hadoop の認証なしの Web UI や RPC ポートが公開されます。",
    ),
    sections: &[s::T14_EMR_IN_TRANSIT, s::NETWORK_SECURITY],
    cis: &[],
    fsbp: &["EMR.2"],
    trusted_advisor: &[],
    resource_type: "AwsAccount",
    remediation: Remediation {
        console: t("EMR → Block public access → Edit → Turn on, with as few permitted ports as possible.", "EMR →［パブリックアクセスをブロック］→［編集］→ オンにし、許可するポートは最小限にします。"),
        cli: "aws emr put-block-public-access-configuration --block-public-access-configuration BlockPublicSecurityGroupRules=true",
        terraform: "resource \"aws_emr_block_public_access_configuration\" \"on\" {\n  block_public_security_group_rules = true\n}",
        safe: true,
    },
    since: "0.1.0",
    check: Check::Snapshot(check),
};

fn check(cx: &Cx, out: &mut Out) {
    for (a, at, r) in cx.all_regions() {
        let bpa = r.emr_block_public_access.as_ref();
        let on = bpa.and_then(|b| b.block_public_security_group_rules);
        let verdict = cx
            .op(at, "emr", "GetBlockPublicAccessConfiguration")
            .and_then(|()| bpa.map(|_| on != Some(true)).ok_or_else(|| Reason::incomplete("emr", "GetBlockPublicAccessConfiguration")));
        let permitted: Vec<String> = bpa
            .iter()
            .flat_map(|b| &b.permitted_public_security_group_rule_ranges)
            .map(|p| format!("{}-{}", p.min_range.unwrap_or_default(), p.max_range.unwrap_or_default()))
            .collect();
        let f = out
            .judge(at, arn::regional(a, "elasticmapreduce", at.region, "block-public-access"), verdict)
            .ev("BlockPublicSecurityGroupRules", on)
            .ev("permitted_ranges", permitted);
        if on == Some(false) {
            f.msg(
                format!("EMR block public access is off in {}", at.region),
                format!("{} で EMR のパブリックアクセスブロックが無効", at.region),
            );
        }
    }
}
