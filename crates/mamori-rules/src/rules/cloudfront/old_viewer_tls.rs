//! CF-002: viewers may connect with TLS older than TLSv1.2_2021.

use super::{distribution_arn, read};
use crate::rules::prelude::*;

pub static RULE: Rule = Rule {
    code: "CF-002",
    name: "ViewerTlsBelow12",
    area: Area::DataInTransit,
    severity: Severity::Medium,
    title: t("CloudFront minimum viewer protocol is below TLSv1.2_2021", "CloudFront の最小ビューワープロトコルが TLSv1.2_2021 未満"),
    rationale: t(
        "The EC2 page asks for TLS 1.2 or later with forward-secret ciphers. CloudFront's TLSv1.2_2021 security policy is the first that allows only those; the default certificate (*.cloudfront.net) always accepts TLSv1.",
        "EC2 のページは TLS 1.2 以上と前方秘匿性のある暗号を求めています。CloudFront のセキュリティポリシー TLSv1.2_2021 はそれらのみを許す最初のものです。デフォルト証明書（*.cloudfront.net）は常に TLSv1 を受け付けます。",
    ),
    sections: &[s::EC2_PAGE],
    cis: &[],
    fsbp: &[],
    trusted_advisor: &[],
    resource_type: "AwsCloudFrontDistribution",
    remediation: Remediation {
        console: t("CloudFront → the distribution → General → Settings → Edit: use a custom SSL certificate (ACM, us-east-1) and Security policy TLSv1.2_2021 or later.", "CloudFront → 対象 →［一般］→［設定］→［編集］で、カスタム SSL 証明書（ACM、us-east-1）を使い、セキュリティポリシーを TLSv1.2_2021 以降にします。"),
        cli: "aws cloudfront update-distribution --id DIST_ID --if-match ETAG --distribution-config file://cfg.json  # ViewerCertificate.MinimumProtocolVersion = TLSv1.2_2021",
        terraform: "resource \"aws_cloudfront_distribution\" \"d\" {\n  # ...\n  viewer_certificate {\n    acm_certificate_arn      = aws_acm_certificate.site.arn\n    ssl_support_method       = \"sni-only\"\n    minimum_protocol_version = \"TLSv1.2_2021\"\n  }\n}",
        safe: false,
    },
    since: "0.1.0",
    check: Check::Snapshot(check),
};

/// CloudFront's security policies, oldest first.
const POLICIES: [&str; 8] =
    ["SSLv3", "TLSv1", "TLSv1_2016", "TLSv1.1_2016", "TLSv1.2_2018", "TLSv1.2_2019", "TLSv1.2_2021", "TLSv1.2_2025"];
const MINIMUM: usize = 6;

fn check(cx: &Cx, out: &mut Out) {
    for a in cx.accounts() {
        for d in &a.cloudfront_distributions {
            let default_cert = d.cloudfront_default_certificate == Some(true);
            let version = d.minimum_protocol_version.clone();
            // Unknown newer policy names are treated as modern.
            let rank = version.as_deref().map(|v| POLICIES.iter().position(|p| *p == v).unwrap_or(POLICIES.len()));
            let weak = default_cert || rank.is_none_or(|r| r < MINIMUM);
            let f = out
                .judge(Cx::global(a), distribution_arn(a, d), read(cx, a, d).map(|()| weak))
                .ev("MinimumProtocolVersion", version)
                .ev("CloudFrontDefaultCertificate", default_cert);
            if default_cert {
                f.msg(
                    format!("Distribution {} uses the default *.cloudfront.net certificate, which accepts TLSv1", d.id),
                    format!("ディストリビューション {} は TLSv1 を受け付けるデフォルト証明書（*.cloudfront.net）を使っている", d.id),
                );
            }
        }
    }
}
