//! ACM-001: a certificate has expired or expires within 30 days.

use crate::rules::prelude::*;

pub static RULE: Rule = Rule {
    code: "ACM-001",
    name: "CertificateExpiring",
    area: Area::DataInTransit,
    severity: Severity::High,
    title: t("Certificate expired or expiring within 30 days", "証明書が期限切れ、または 30 日以内に期限切れになる"),
    rationale: t(
        "Server certificate authentication (Table 12) fails when the certificate expires: clients refuse to connect, or users learn to click through warnings. Amazon-issued certificates renew only while validation still works; imported ones never do.",
        "証明書が期限切れになるとサーバー証明書認証（表 12）が失敗し、クライアントが接続を拒否するか、利用者が警告を無視する習慣を身に付けます。Amazon 発行の証明書は検証が有効な間だけ更新され、インポートした証明書は更新されません。",
    ),
    sections: &[s::T12_IN_TRANSIT_THREATS],
    cis: &[],
    fsbp: &["ACM.1"],
    trusted_advisor: &["AWS Certificate Manager certificates expiring"],
    resource_type: "AwsCertificateManagerCertificate",
    remediation: Remediation {
        console: t("ACM → the certificate: for Amazon-issued, fix DNS/e-mail validation so it renews; for imported, import the renewed certificate (Reimport).", "ACM → 対象証明書: Amazon 発行なら DNS/E メール検証を修正して更新させ、インポートした証明書なら更新後の証明書を再インポートします。"),
        cli: "aws acm describe-certificate --certificate-arn CERT_ARN --query 'Certificate.RenewalSummary'",
        terraform: "resource \"aws_acm_certificate\" \"site\" {\n  domain_name       = \"example.com\"\n  validation_method = \"DNS\"\n  lifecycle {\n    create_before_destroy = true\n  }\n}",
        safe: true,
    },
    since: "0.1.0",
    check: Check::Snapshot(check),
};

const DAYS: i64 = 30;

fn check(cx: &Cx, out: &mut Out) {
    for (_, at, r) in cx.all_regions() {
        for c in &r.certificates {
            let left = c.not_after.map(|t| cx.now.days_until(t));
            let verdict = cx.res(at.account, "acm", "DescribeCertificate", &c.certificate_arn).map(|()| {
                match (c.status.as_deref(), left) {
                    (Some("EXPIRED"), _) => true,
                    (_, Some(days)) => days < DAYS,
                    // Pending validation, failed or revoked: no validity period to judge.
                    (_, None) => false,
                }
            });
            let f = out
                .judge(at, &c.certificate_arn, verdict.clone())
                .ev("domain", c.domain_name.clone())
                .ev("not_after", c.not_after.map(|t| t.to_string()))
                .ev("days_left", left)
                .ev("type", c.certificate_type.clone())
                .ev("in_use_by", c.in_use_by.clone());
            if verdict == Ok(true) {
                let days = left.unwrap_or_default();
                if days < 0 || c.status.as_deref() == Some("EXPIRED") {
                    f.msg(
                        format!("Certificate for {} has expired", c.domain_name.as_deref().unwrap_or("?")),
                        format!("{} の証明書は期限切れ", c.domain_name.as_deref().unwrap_or("?")),
                    );
                } else {
                    f.msg(
                        format!("Certificate for {} expires in {days} days", c.domain_name.as_deref().unwrap_or("?")),
                        format!("{} の証明書はあと {days} 日で期限切れになる", c.domain_name.as_deref().unwrap_or("?")),
                    );
                }
            }
        }
    }
}
