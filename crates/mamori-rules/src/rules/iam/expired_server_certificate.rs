//! IAM-019: an expired server certificate is still stored in IAM.

use crate::rules::prelude::*;

pub static RULE: Rule = Rule {
    code: "IAM-019",
    name: "ExpiredServerCertificate",
    area: Area::Iam,
    severity: Severity::Medium,
    title: t("Expired SSL/TLS server certificate is stored in IAM", "期限切れの SSL/TLS サーバー証明書が IAM に保存されている"),
    rationale: t(
        "An expired certificate can be deployed to a load balancer by mistake and break or weaken TLS for clients (Table 12, server certificate authentication). Expired certificates should be deleted.",
        "期限切れの証明書は誤ってロードバランサーに設定され、クライアントとの TLS を壊したり弱めたりします（表 12 サーバー証明書認証）。期限切れの証明書は削除すべきです。",
    ),
    sections: &[s::T12_IN_TRANSIT_THREATS],
    cis: &["1.19"],
    fsbp: &[],
    trusted_advisor: &[],
    resource_type: "AwsIamServerCertificate",
    remediation: Remediation {
        console: t(
            "Server certificates in IAM have no console page: check that nothing references the certificate, then delete it with the CLI. Prefer ACM for new certificates.",
            "IAM のサーバー証明書にはコンソール画面がありません。参照されていないことを確認してから CLI で削除します。新しい証明書には ACM を使います。",
        ),
        cli: "aws iam delete-server-certificate --server-certificate-name NAME",
        terraform: "# Remove the aws_iam_server_certificate resource; use aws_acm_certificate instead.",
        safe: false,
    },
    since: "0.1.0",
    check: Check::Snapshot(check),
};

fn check(cx: &Cx, out: &mut Out) {
    for a in cx.accounts() {
        let at = Cx::global(a);
        let read = cx.op(at, "iam", "ListServerCertificates");
        for c in &a.iam.server_certificates {
            let expired = c.expiration.map(|e| e.0 < cx.now.0);
            let f = out
                .judge(at, &c.arn, read.clone().and_then(|()| expired.ok_or_else(|| Reason::incomplete("iam", "ListServerCertificates"))))
                .ev("expiration", c.expiration.map(|t| t.to_string()));
            if expired == Some(true) {
                f.msg(
                    format!(
                        "Server certificate `{}` expired on {}",
                        c.server_certificate_name,
                        c.expiration.map(|t| t.to_string()).unwrap_or_default()
                    ),
                    format!(
                        "サーバー証明書 `{}` は {} に期限切れ",
                        c.server_certificate_name,
                        c.expiration.map(|t| t.to_string()).unwrap_or_default()
                    ),
                );
            }
        }
    }
}
