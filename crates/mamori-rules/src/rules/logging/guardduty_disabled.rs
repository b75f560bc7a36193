//! LOG-010: GuardDuty is not watching a region.

use crate::rules::prelude::*;

pub static RULE: Rule = Rule {
    code: "LOG-010",
    name: "GuardDutyDisabled",
    area: Area::Log,
    severity: Severity::Medium,
    title: t("GuardDuty is not enabled", "GuardDuty が有効になっていない"),
    rationale: t(
        "The EC2 page recommends GuardDuty: continuous threat detection over CloudTrail, VPC flow logs and DNS logs that finds compromised instances and credentials without any agent.",
        "EC2 のページは GuardDuty を勧めています。CloudTrail、VPC フローログ、DNS ログを継続的に分析し、エージェントなしで侵害されたインスタンスや認証情報を見つけます。",
    ),
    sections: &[s::EC2_PAGE, s::MONITORING],
    cis: &[],
    fsbp: &["GuardDuty.1"],
    trusted_advisor: &[],
    resource_type: "AwsAccount",
    remediation: Remediation {
        console: t("GuardDuty → Get started → Enable GuardDuty, in every region (or from the organization's delegated administrator).", "GuardDuty →［今すぐ始める］→［GuardDuty を有効にする］をすべてのリージョンで実行します（または組織の委任管理者から有効化します）。"),
        cli: "aws guardduty create-detector --enable --region REGION",
        terraform: "resource \"aws_guardduty_detector\" \"main\" {\n  enable = true\n}",
        safe: true,
    },
    since: "0.1.0",
    check: Check::Snapshot(check),
};

fn check(cx: &Cx, out: &mut Out) {
    for (a, at, r) in cx.all_regions() {
        let enabled: Vec<&str> =
            r.guardduty_detectors.iter().filter(|d| d.status.as_deref() == Some("ENABLED")).map(|d| d.detector_id.as_str()).collect();
        let mut read = cx.op(at, "guardduty", "ListDetectors");
        for d in &r.guardduty_detectors {
            read = read.and_then(|()| cx.res(at.account, "guardduty", "GetDetector", &d.detector_id));
        }
        let f = out
            .judge(at, arn::regional(a, "guardduty", at.region, "detector"), read.map(|()| enabled.is_empty()))
            .ev("enabled_detectors", enabled.clone());
        if enabled.is_empty() {
            f.msg(format!("GuardDuty is not enabled in {}", at.region), format!("{} で GuardDuty が有効になっていない", at.region));
        }
    }
}
