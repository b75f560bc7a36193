//! CF-001: viewers can reach the distribution over plain HTTP.

use super::{distribution_arn, read};
use crate::rules::prelude::*;

pub static RULE: Rule = Rule {
    code: "CF-001",
    name: "ViewerPlainHttp",
    area: Area::DataInTransit,
    severity: Severity::Medium,
    title: t("CloudFront allows viewers over plain HTTP", "CloudFront が平文 HTTP での閲覧を許可している"),
    rationale: t(
        "A cache behavior with viewer protocol policy `allow-all` serves content over HTTP, where it can be read and altered on the way (Table 13).",
        "ビューワープロトコルポリシーが `allow-all` のキャッシュ動作は HTTP でコンテンツを配信し、途中で読まれたり改ざんされたりします（表 13）。",
    ),
    sections: &[s::T13_IN_TRANSIT],
    cis: &[],
    fsbp: &["CloudFront.3"],
    trusted_advisor: &[],
    resource_type: "AwsCloudFrontDistribution",
    remediation: Remediation {
        console: t("CloudFront → the distribution → Behaviors → each behavior → Edit → Viewer protocol policy: Redirect HTTP to HTTPS.", "CloudFront → 対象ディストリビューション →［ビヘイビア］→ 各ビヘイビア →［編集］→［ビューワープロトコルポリシー］を［Redirect HTTP to HTTPS］にします。"),
        cli: "aws cloudfront get-distribution-config --id DIST_ID > cfg.json  # set ViewerProtocolPolicy to redirect-to-https, then update-distribution --if-match ETAG",
        terraform: "resource \"aws_cloudfront_distribution\" \"d\" {\n  # ...\n  default_cache_behavior {\n    viewer_protocol_policy = \"redirect-to-https\"\n  }\n}",
        safe: true,
    },
    since: "0.1.0",
    check: Check::Snapshot(check),
};

fn check(cx: &Cx, out: &mut Out) {
    for a in cx.accounts() {
        for d in &a.cloudfront_distributions {
            let allow_all = d.viewer_protocol_policies.iter().any(|p| p == "allow-all");
            out.judge(Cx::global(a), distribution_arn(a, d), read(cx, a, d).map(|()| allow_all))
                .ev("viewer_protocol_policies", d.viewer_protocol_policies.clone());
        }
    }
}
