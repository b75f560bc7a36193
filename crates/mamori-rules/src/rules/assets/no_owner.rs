//! ASSET-001: nobody is named as the resource's owner.

use super::resources;
use crate::rules::prelude::*;

pub static RULE: Rule = Rule {
    code: "ASSET-001",
    name: "ResourceWithoutOwner",
    area: Area::Asset,
    severity: Severity::Low,
    title: t("Resource has no owner tag", "リソースに所有者タグがない"),
    rationale: t(
        "Table 1's asset matrix starts with the asset's owner: someone who decides its protection, answers for it in an incident and approves its risks. An untagged resource has nobody to ask. Tag keys come from `[tags] owner`.",
        "表 1 のアセットのマトリックスは、アセットの所有者から始まります。保護の方針を決め、インシデント時に責任を持ち、リスクを承認する人です。タグのないリソースには問い合わせる相手がいません。タグキーは `[tags] owner` で設定します。",
    ),
    sections: &[s::T1_ASSET_MATRIX, s::ASSETS],
    cis: &[],
    fsbp: &[],
    trusted_advisor: &[],
    resource_type: "AwsEc2Instance",
    remediation: Remediation {
        console: t(
            "Resource Groups & Tag Editor → Tag Editor: find the resources, add the owner tag (a team or person); enforce it with a tag policy in AWS Organizations.",
            "［Resource Groups & Tag Editor］→［Tag Editor］でリソースを検索し、所有者タグ（チームまたは担当者）を追加します。AWS Organizations のタグポリシーで強制します。",
        ),
        cli: "aws resourcegroupstaggingapi tag-resources --resource-arn-list ARN --tags Owner=team-payments",
        terraform: "provider \"aws\" {\n  default_tags {\n    tags = { Owner = \"team-payments\" }\n  }\n}",
        safe: true,
    },
    since: "0.1.0",
    check: Check::Snapshot(check),
};

fn check(cx: &Cx, out: &mut Out) {
    for a in cx.accounts() {
        for r in resources(cx, a) {
            let owner = cx.tag(r.tags, &cx.config.tags.owner).map(|(k, v)| format!("{k}={v}"));
            let failed = owner.as_ref().is_none_or(|o| o.ends_with('='));
            out.judge(r.at, r.arn, r.read.map(|()| failed))
                .kind(r.resource_type)
                .ev("owner_tag", owner)
                .ev("tag_keys", cx.config.tags.owner.clone());
        }
    }
}
