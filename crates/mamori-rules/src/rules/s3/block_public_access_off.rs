//! S3-003: Block Public Access is not fully on for the account and a bucket.

use super::{at, buckets, read};
use crate::rules::prelude::*;
use mamori_model::s3::PublicAccessBlock;

pub static RULE: Rule = Rule {
    code: "S3-003",
    name: "BlockPublicAccessOff",
    area: Area::DataAtRest,
    severity: Severity::High,
    title: t("S3 Block Public Access is not fully on", "S3 のパブリックアクセスのブロックが完全に有効になっていない"),
    rationale: t(
        "Block Public Access is the guard rail against accidental disclosure (Table 7): with all four settings on, no ACL or policy mistake can make a bucket public. A bucket is protected when the account or the bucket turns all four on.",
        "パブリックアクセスのブロックは偶発的な情報の開示（表 7）に対するガードレールです。4 つの設定がすべて有効なら、ACL やポリシーの誤りでバケットが公開されることはありません。アカウントまたはバケットで 4 つすべてが有効なら保護されています。",
    ),
    sections: &[s::T7_AT_REST_THREATS, s::T8_S3],
    cis: &["2.1.4"],
    fsbp: &["S3.1", "S3.8"],
    trusted_advisor: &[],
    resource_type: "AwsS3Bucket",
    remediation: Remediation {
        console: t(
            "S3 → Block Public Access settings for this account → Edit: turn on all four settings (and on each bucket that must stay private).",
            "S3 →［このアカウントのブロックパブリックアクセス設定］→［編集］で 4 つすべてを有効化します（非公開にすべき各バケットでも同様に設定します）。",
        ),
        cli: "aws s3control put-public-access-block --account-id ACCOUNT --public-access-block-configuration BlockPublicAcls=true,IgnorePublicAcls=true,BlockPublicPolicy=true,RestrictPublicBuckets=true",
        terraform: "resource \"aws_s3_account_public_access_block\" \"all\" {\n  block_public_acls       = true\n  ignore_public_acls      = true\n  block_public_policy     = true\n  restrict_public_buckets = true\n}",
        safe: false,
    },
    since: "0.1.0",
    check: Check::Snapshot(check),
};

fn flags(p: Option<&PublicAccessBlock>) -> serde_json::Value {
    match p {
        None => serde_json::Value::Null,
        Some(p) => json!({
            "BlockPublicAcls": p.block_public_acls.unwrap_or(false),
            "IgnorePublicAcls": p.ignore_public_acls.unwrap_or(false),
            "BlockPublicPolicy": p.block_public_policy.unwrap_or(false),
            "RestrictPublicBuckets": p.restrict_public_buckets.unwrap_or(false),
        }),
    }
}

fn check(cx: &Cx, out: &mut Out) {
    for a in cx.accounts() {
        let g = Cx::global(a);
        let account_read = cx.op(g, "s3control", "GetPublicAccessBlock");
        let account_on = a.s3_public_access_block.as_ref().is_some_and(PublicAccessBlock::all_on);
        let f = out
            .judge(g, arn::account(a), account_read.clone().map(|()| !account_on))
            .kind("AwsAccount")
            .ev("account_public_access_block", flags(a.s3_public_access_block.as_ref()));
        if !account_on {
            f.msg(
                "Account-level S3 Block Public Access is not fully on",
                "アカウントレベルの S3 パブリックアクセスのブロックが完全に有効ではない",
            );
        }
        for b in buckets(cx, a) {
            let bucket_on = b.public_access_block.as_ref().is_some_and(PublicAccessBlock::all_on);
            // The account setting covers every bucket; without it, the bucket's own must be on.
            let verdict = match (account_read.clone(), read(cx, a, b, "GetPublicAccessBlock")) {
                (Ok(()), _) if account_on => Ok(false),
                (_, Ok(())) if bucket_on => Ok(false),
                (Ok(()), Ok(())) => Ok(true),
                (Err(e), _) | (_, Err(e)) => Err(e),
            };
            let f = out
                .judge(at(a, b), arn::bucket(a, &b.name), verdict)
                .ev("bucket_public_access_block", flags(b.public_access_block.as_ref()))
                .ev("account_all_on", account_on);
            if !account_on && !bucket_on {
                f.msg(
                    format!("Bucket `{}` is not covered by Block Public Access (neither the account nor the bucket has all four on)", b.name),
                    format!("バケット `{}` はパブリックアクセスのブロックで保護されていない（アカウントにもバケットにも 4 つすべての設定がない）", b.name),
                );
            }
        }
    }
}
