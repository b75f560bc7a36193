//! S3-001: the bucket ACL grants everyone, or every AWS user, access.

use super::{at, buckets, read};
use crate::rules::prelude::*;

pub static RULE: Rule = Rule {
    code: "S3-001",
    name: "BucketPublicByAcl",
    area: Area::DataAtRest,
    severity: Severity::Critical,
    title: t("Bucket ACL grants access to AllUsers or AuthenticatedUsers", "バケット ACL が AllUsers または AuthenticatedUsers にアクセスを許可している"),
    rationale: t(
        "A grant to AllUsers opens the bucket to the internet; AuthenticatedUsers means any AWS account in the world, not just yours. The whitepaper's S3 permissions (Table 8) restrict access to the principals that need it.",
        "AllUsers への許可はバケットをインターネットに公開し、AuthenticatedUsers は自社だけでなく世界中の AWS アカウントを意味します。ホワイトペーパーの S3 のアクセス権限（表 8）は、必要なプリンシパルだけにアクセスを絞ることを求めています。",
    ),
    sections: &[s::T8_S3, s::T7_AT_REST_THREATS],
    cis: &[],
    fsbp: &["S3.2", "S3.3"],
    trusted_advisor: &["Amazon S3 Bucket Permissions"],
    resource_type: "AwsS3Bucket",
    remediation: Remediation {
        console: t(
            "S3 → the bucket → Permissions → Access control list: remove the Everyone and Authenticated users grants; then turn on Block Public Access and set Object Ownership to Bucket owner enforced (ACLs disabled).",
            "S3 → 対象バケット →［アクセス許可］→［アクセスコントロールリスト］で「全員」と「認証済みユーザー」の許可を削除し、パブリックアクセスのブロックを有効化、オブジェクト所有者を「バケット所有者の強制」（ACL 無効）にします。",
        ),
        cli: "aws s3api put-bucket-ownership-controls --bucket BUCKET --ownership-controls 'Rules=[{ObjectOwnership=BucketOwnerEnforced}]'",
        terraform: "resource \"aws_s3_bucket_ownership_controls\" \"b\" {\n  bucket = aws_s3_bucket.b.id\n  rule {\n    object_ownership = \"BucketOwnerEnforced\"\n  }\n}",
        safe: false,
    },
    since: "0.1.0",
    check: Check::Snapshot(check),
};

const GROUPS: [(&str, &str); 2] = [
    ("http://acs.amazonaws.com/groups/global/AllUsers", "AllUsers"),
    ("http://acs.amazonaws.com/groups/global/AuthenticatedUsers", "AuthenticatedUsers"),
];

fn check(cx: &Cx, out: &mut Out) {
    for a in cx.accounts() {
        let account_ignores = a.s3_public_access_block.as_ref().is_some_and(|p| p.ignore_public_acls == Some(true));
        for b in buckets(cx, a) {
            let grants: Vec<String> = b
                .acl
                .iter()
                .flat_map(|acl| &acl.grants)
                .filter_map(|g| {
                    let uri = g.grantee.as_ref()?.uri.as_deref()?;
                    let name = GROUPS.iter().find(|(u, _)| *u == uri)?.1;
                    Some(format!("{name}:{}", g.permission.as_deref().unwrap_or("?")))
                })
                .collect();
            let bucket_ignores = b.public_access_block.as_ref().is_some_and(|p| p.ignore_public_acls == Some(true));
            let ignored = account_ignores || bucket_ignores;
            let verdict = read(cx, a, b, "GetBucketAcl").map(|()| !grants.is_empty() && !ignored);
            let f =
                out.judge(at(a, b), arn::bucket(a, &b.name), verdict).ev("public_grants", grants.clone()).ev("ignore_public_acls", ignored);
            if grants.is_empty() {
                continue;
            }
            if ignored {
                f.msg(
                    format!("Bucket `{}` has public ACL grants ({}), but Block Public Access ignores them", b.name, grants.join(", ")),
                    format!(
                        "バケット `{}` に公開 ACL（{}）があるが、パブリックアクセスのブロックにより無視されている",
                        b.name,
                        grants.join(", ")
                    ),
                );
            } else {
                f.msg(
                    format!("Bucket `{}` ACL grants {}", b.name, grants.join(", ")),
                    format!("バケット `{}` の ACL が {} を許可している", b.name, grants.join(", ")),
                );
            }
        }
    }
}
