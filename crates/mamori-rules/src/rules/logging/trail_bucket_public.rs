//! LOG-004: the trail's log bucket is public.

use super::each_trail_bucket;
use crate::rules::prelude::*;

pub static RULE: Rule = Rule {
    code: "LOG-004",
    name: "TrailBucketPublic",
    area: Area::Log,
    severity: Severity::Critical,
    title: t("Trail's S3 bucket is publicly accessible", "証跡の S3 バケットがパブリックアクセス可能"),
    rationale: t(
        "A public log bucket publishes the account's full activity history, and if writable, lets anyone add or overwrite it. Judged from the bucket's ACL and S3's own policy status (GetBucketPolicyStatus), after Block Public Access.",
        "公開されたログバケットは、アカウントの全活動履歴を公開し、書き込み可能なら誰でも追加・上書きできます。バケットの ACL と S3 自身のポリシーステータス（GetBucketPolicyStatus）を、パブリックアクセスのブロックを考慮して判定します。",
    ),
    sections: &[s::PROTECT_LOGS],
    cis: &[],
    fsbp: &[],
    trusted_advisor: &[],
    resource_type: "AwsS3Bucket",
    remediation: Remediation {
        console: t("S3 → the log bucket → Permissions: turn on all four Block Public Access settings, remove public ACL grants and public policy statements.", "S3 → ログバケット →［アクセス許可］で、パブリックアクセスのブロックの 4 設定をすべて有効にし、公開 ACL と公開ポリシーのステートメントを削除します。"),
        cli: "aws s3api put-public-access-block --bucket LOG_BUCKET --public-access-block-configuration BlockPublicAcls=true,IgnorePublicAcls=true,BlockPublicPolicy=true,RestrictPublicBuckets=true",
        terraform: "resource \"aws_s3_bucket_public_access_block\" \"trail\" {\n  bucket                  = aws_s3_bucket.trail.id\n  block_public_acls       = true\n  ignore_public_acls      = true\n  block_public_policy     = true\n  restrict_public_buckets = true\n}",
        safe: false,
    },
    since: "0.1.0",
    check: Check::Snapshot(check),
};

const PUBLIC_GROUPS: [&str; 2] =
    ["http://acs.amazonaws.com/groups/global/AllUsers", "http://acs.amazonaws.com/groups/global/AuthenticatedUsers"];

fn check(cx: &Cx, out: &mut Out) {
    each_trail_bucket(cx, out, |cx, owner, b| {
        let account_pab = owner.s3_public_access_block.as_ref();
        let flag = |get: fn(&mamori_model::s3::PublicAccessBlock) -> Option<bool>| {
            b.public_access_block.as_ref().and_then(get) == Some(true) || account_pab.and_then(get) == Some(true)
        };
        let acl_public = b
            .acl
            .iter()
            .flat_map(|acl| &acl.grants)
            .any(|g| g.grantee.as_ref().and_then(|x| x.uri.as_deref()).is_some_and(|u| PUBLIC_GROUPS.contains(&u)))
            && !flag(|p| p.ignore_public_acls);
        let policy_public = b.policy_is_public == Some(true) && !flag(|p| p.restrict_public_buckets);
        let mut read = cx
            .res(&owner.account_id, "s3", "GetBucketAcl", &b.name)
            .and_then(|()| cx.res(&owner.account_id, "s3", "GetPublicAccessBlock", &b.name));
        if b.policy.is_some() {
            read = read.and_then(|()| cx.res(&owner.account_id, "s3", "GetBucketPolicyStatus", &b.name));
        }
        (
            read.map(|()| acl_public || policy_public),
            vec![
                ("public_acl", json!(acl_public)),
                ("policy_is_public", json!(b.policy_is_public)),
                ("public_via_policy", json!(policy_public)),
            ],
        )
    });
}
