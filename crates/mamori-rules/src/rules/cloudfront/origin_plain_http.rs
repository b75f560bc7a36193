//! CF-003: CloudFront fetches from an origin over plain HTTP.

use super::{distribution_arn, read};
use crate::rules::prelude::*;

pub static RULE: Rule = Rule {
    code: "CF-003",
    name: "OriginPlainHttp",
    area: Area::DataInTransit,
    severity: Severity::Medium,
    title: t("CloudFront talks to its origin over plain HTTP", "CloudFront がオリジンと平文 HTTP で通信している"),
    rationale: t(
        "HTTPS to the viewer is not enough: Table 13's back-end connection must be encrypted too, or the content and its headers cross the internet in clear text between CloudFront and the origin.",
        "ビューワーとの HTTPS だけでは不十分です。表 13 のバックエンド接続も暗号化しないと、CloudFront とオリジンの間でコンテンツとヘッダーが平文でインターネットを通過します。",
    ),
    sections: &[s::T13_IN_TRANSIT],
    cis: &[],
    fsbp: &["CloudFront.9"],
    trusted_advisor: &[],
    resource_type: "AwsCloudFrontDistribution",
    remediation: Remediation {
        console: t("CloudFront → the distribution → Origins → the custom origin → Edit → Protocol: HTTPS only, minimum origin SSL protocol TLSv1.2.", "CloudFront → 対象 →［オリジン］→ カスタムオリジン →［編集］→［プロトコル］を［HTTPS のみ］、最小オリジン SSL プロトコルを TLSv1.2 にします。"),
        cli: "aws cloudfront update-distribution --id DIST_ID --if-match ETAG --distribution-config file://cfg.json  # CustomOriginConfig.OriginProtocolPolicy = https-only",
        terraform: "origin {\n  # ...\n  custom_origin_config {\n    http_port              = 80\n    https_port             = 443\n    origin_protocol_policy = \"https-only\"\n    origin_ssl_protocols   = [\"TLSv1.2\"]\n  }\n}",
        safe: false,
    },
    since: "0.1.0",
    check: Check::Snapshot(check),
};

fn check(cx: &Cx, out: &mut Out) {
    for a in cx.accounts() {
        for d in &a.cloudfront_distributions {
            let viewer_http = d.viewer_protocol_policies.iter().any(|p| p == "allow-all");
            let plain: Vec<String> = d
                .origins
                .iter()
                .filter(|o| match o.origin_protocol_policy.as_deref() {
                    Some("http-only") => true,
                    // match-viewer uses HTTP whenever the viewer did.
                    Some("match-viewer") => viewer_http,
                    _ => false,
                })
                .map(|o| {
                    format!(
                        "{} ({})",
                        o.domain_name.as_deref().unwrap_or_default(),
                        o.origin_protocol_policy.as_deref().unwrap_or_default()
                    )
                })
                .collect();
            out.judge(Cx::global(a), distribution_arn(a, d), read(cx, a, d).map(|()| !plain.is_empty())).ev("plain_http_origins", plain);
        }
    }
}
