//! S3-010: the bucket policy grants another AWS account.

use super::{at, buckets, read};
use crate::rules::policy::{exposure, unreadable_policy};
use crate::rules::prelude::*;

pub static RULE: Rule = Rule {
    code: "S3-010",
    name: "BucketSharedWithOtherAccount",
    area: Area::DataAtRest,
    severity: Severity::Medium,
    title: t("Bucket grants access to another AWS account", "バケットが他の AWS アカウントにアクセスを許可している"),
    rationale: t(
        "A bucket policy that names another account lets that account's administrators delegate the access to anyone they like. The whitepaper's resource policies make sharing deliberate; each grant to an outside account should be known, reviewed and still needed.",
        "他のアカウントを指定したバケットポリシーでは、そのアカウントの管理者が誰にでもアクセスを委任できます。ホワイトペーパーのリソースポリシーは共有を意図的に行うためのもので、外部アカウントへの許可は把握・レビューされ、今も必要なものであるべきです。",
    ),
    sections: &[s::AUTHORIZE_ACCESS, s::CROSS_ACCOUNT],
    cis: &[],
    fsbp: &[],
    trusted_advisor: &[],
    resource_type: "AwsS3Bucket",
    remediation: Remediation {
        console: t(
            "S3 → the bucket → Permissions → Bucket policy: remove statements for accounts that no longer need access; for those that do, narrow the actions and prefixes and add aws:PrincipalOrgID where the account is in your organization.",
            "S3 → 対象バケット →［アクセス許可］→［バケットポリシー］で不要になったアカウントのステートメントを削除し、必要なものはアクションとプレフィックスを絞り、組織内のアカウントなら aws:PrincipalOrgID を追加します。",
        ),
        cli: "aws s3api get-bucket-policy --bucket BUCKET --query Policy --output text | mamori iam validate -",
        terraform: "# Keep cross-account statements in the bucket policy explicit and reviewed.",
        safe: false,
    },
    since: "0.2.0",
    check: Check::Snapshot(check),
};

fn check(cx: &Cx, out: &mut Out) {
    for a in cx.accounts() {
        for b in buckets(cx, a) {
            let bucket_arn = arn::bucket(a, &b.name);
            let accounts = match exposure(cx, &bucket_arn, &a.account_id) {
                Ok(x) => x.map(|x| x.external_accounts()).unwrap_or_default(),
                Err(e) => {
                    out.unknown(at(a, b), bucket_arn, unreadable_policy("s3:GetBucketPolicy", e));
                    continue;
                }
            };
            let verdict = read(cx, a, b, "GetBucketPolicy").map(|()| !accounts.is_empty());
            let f = out.judge(at(a, b), bucket_arn, verdict).ev("accounts", accounts.clone());
            if !accounts.is_empty() {
                f.msg(
                    format!("Bucket `{}` policy grants account(s) {}", b.name, accounts.join(", ")),
                    format!("バケット `{}` のポリシーがアカウント {} に許可している", b.name, accounts.join(", ")),
                );
            }
        }
    }
}
