//! S3-002: the bucket policy lets anyone in.

use super::{at, buckets, read};
use crate::rules::policy::judge_public;
use crate::rules::prelude::*;

pub static RULE: Rule = Rule {
    code: "S3-002",
    name: "BucketPublicByPolicy",
    area: Area::DataAtRest,
    severity: Severity::Critical,
    title: t(
        "Bucket policy grants access to anyone (judged by the IAM engine, conditions considered)",
        "バケットポリシーが誰にでもアクセスを許可している（条件を考慮して IAM エンジンで判定）",
    ),
    rationale: t(
        "A bucket policy statement for `\"Principal\": \"*\"` without a condition that pins the caller down (organization, account, VPC endpoint, source IP) serves the objects to the whole internet. Conditions anyone can meet, such as aws:SecureTransport, do not narrow it. The whitepaper's S3 permissions (Table 8) grant only the principals that need access.",
        "`\"Principal\": \"*\"` のステートメントに呼び出し元を限定する条件（組織、アカウント、VPC エンドポイント、送信元 IP）がなければ、オブジェクトはインターネット全体に公開されます。aws:SecureTransport のように誰でも満たせる条件では限定されません。ホワイトペーパーの S3 のアクセス権限（表 8）は、必要なプリンシパルだけに許可するよう求めています。",
    ),
    sections: &[s::T8_S3, s::AUTHORIZE_ACCESS],
    cis: &[],
    fsbp: &["S3.2", "S3.3"],
    trusted_advisor: &["Amazon S3 Bucket Permissions"],
    resource_type: "AwsS3Bucket",
    remediation: Remediation {
        console: t(
            "S3 → the bucket → Permissions → Bucket policy: replace `\"Principal\": \"*\"` with the accounts or roles that need access, or add a condition on aws:PrincipalOrgID / aws:SourceVpce; serve public content through CloudFront with origin access control and turn on Block Public Access.",
            "S3 → 対象バケット →［アクセス許可］→［バケットポリシー］で `\"Principal\": \"*\"` を必要なアカウントやロールに置き換えるか、aws:PrincipalOrgID / aws:SourceVpce の条件を追加します。公開コンテンツは Origin Access Control 付きの CloudFront から配信し、パブリックアクセスのブロックを有効にします。",
        ),
        cli: "aws s3api put-public-access-block --bucket BUCKET --public-access-block-configuration BlockPublicAcls=true,IgnorePublicAcls=true,BlockPublicPolicy=true,RestrictPublicBuckets=true",
        terraform: "resource \"aws_s3_bucket_public_access_block\" \"b\" {\n  bucket                  = aws_s3_bucket.b.id\n  block_public_policy     = true\n  restrict_public_buckets = true\n}",
        safe: false,
    },
    since: "0.2.0",
    check: Check::Snapshot(check),
};

fn check(cx: &Cx, out: &mut Out) {
    for a in cx.accounts() {
        let account_restricts = a.s3_public_access_block.as_ref().is_some_and(|p| p.restrict_public_buckets == Some(true));
        for b in buckets(cx, a) {
            let bucket_arn = arn::bucket(a, &b.name);
            let restricts = account_restricts || b.public_access_block.as_ref().is_some_and(|p| p.restrict_public_buckets == Some(true));
            let read = read(cx, a, b, "GetBucketPolicy");
            let Some((f, public)) = judge_public(cx, out, at(a, b), bucket_arn, read, "s3:GetBucketPolicy", restricts) else {
                continue;
            };
            f.ev("has_policy", b.policy.is_some()).ev("restrict_public_buckets", restricts);
            if public.is_empty() {
                continue;
            }
            if restricts {
                f.msg(
                    format!("Bucket `{}` policy is public ({}), but Block Public Access (RestrictPublicBuckets) limits it to the account", b.name, public.join("; ")),
                    format!("バケット `{}` のポリシーは公開（{}）だが、パブリックアクセスのブロック（RestrictPublicBuckets）によりアカウント内に限定されている", b.name, public.join("; ")),
                );
            } else {
                f.msg(
                    format!("Bucket `{}` policy lets anyone in: {}", b.name, public.join("; ")),
                    format!("バケット `{}` のポリシーが誰にでもアクセスを許可している: {}", b.name, public.join("; ")),
                );
            }
        }
    }
}
