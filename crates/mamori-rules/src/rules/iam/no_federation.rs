//! IAM-020: people sign in as IAM users, with no identity federation.

use super::details_read;
use crate::rules::prelude::*;

pub static RULE: Rule = Rule {
    code: "IAM-020",
    name: "NoIdentityFederation",
    area: Area::Iam,
    severity: Severity::Info,
    title: t(
        "No identity federation (SAML/OIDC provider or IAM Identity Center) while IAM users exist",
        "IAM ユーザーが存在するのに ID フェデレーション（SAML/OIDC プロバイダーまたは IAM Identity Center）がない",
    ),
    rationale: t(
        "With federation, people sign in with the corporate directory and get temporary credentials; leavers lose access when their directory account is disabled. Separate IAM users are a second identity store to keep in sync by hand.",
        "フェデレーションでは、社内ディレクトリでサインインして一時的な認証情報を受け取り、退職者はディレクトリのアカウント無効化と同時にアクセスを失います。個別の IAM ユーザーは手作業で同期すべき 2 つ目の ID ストアになります。",
    ),
    sections: &[s::FEDERATION, s::T6_DELEGATION],
    cis: &["1.21"],
    fsbp: &[],
    trusted_advisor: &[],
    resource_type: "AwsAccount",
    remediation: Remediation {
        console: t(
            "Enable IAM Identity Center (or add a SAML/OIDC identity provider), give people permission sets or roles, then retire their IAM users.",
            "IAM Identity Center を有効化（または SAML/OIDC ID プロバイダーを追加）し、利用者に許可セットやロールを割り当ててから、IAM ユーザーを廃止します。",
        ),
        cli: "aws iam list-saml-providers; aws sso-admin list-instances",
        terraform: "resource \"aws_iam_saml_provider\" \"corp\" {\n  name                   = \"corp-idp\"\n  saml_metadata_document = file(\"idp-metadata.xml\")\n}",
        safe: true,
    },
    since: "0.1.0",
    check: Check::Snapshot(check),
};

/// IAM Identity Center provisions its permission sets as roles on this path.
const IDENTITY_CENTER_PATH: &str = "/aws-reserved/sso.amazonaws.com/";

fn check(cx: &Cx, out: &mut Out) {
    for a in cx.accounts() {
        let at = Cx::global(a);
        let read = cx.ops(at, &[("iam", "ListSAMLProviders"), ("iam", "ListOpenIDConnectProviders")]).and_then(|()| details_read(cx, at));
        let saml: Vec<&str> = a.iam.saml_providers.iter().map(|p| p.arn.as_str()).collect();
        let oidc: Vec<&str> = a.iam.oidc_providers.iter().map(|p| p.arn.as_str()).collect();
        let sso_roles = a.iam.roles.iter().filter(|r| r.path.starts_with(IDENTITY_CENTER_PATH)).count();
        let users = a.iam.users.len();
        let resource = arn::account(a);
        if read.is_ok() && users == 0 {
            out.not_applicable(at, resource).msg("The account has no IAM users", "アカウントに IAM ユーザーがない");
            continue;
        }
        let failed = saml.is_empty() && oidc.is_empty() && sso_roles == 0;
        out.judge(at, resource, read.map(|()| failed))
            .ev("iam_users", users)
            .ev("saml_providers", saml)
            .ev("oidc_providers", oidc)
            .ev("identity_center_roles", sso_roles);
    }
}
