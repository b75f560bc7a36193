//! The linter: each defect it knows is found where it is, and a clean
//! least-privilege policy has nothing to say.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)]

use mamori_iam::validate::{validate, Kind, Severity};
use mamori_iam::Policy;
use serde_json::json;

fn codes(doc: serde_json::Value, kind: Kind) -> Vec<(String, &'static str, Severity)> {
    validate(&doc, kind).into_iter().map(|l| (l.path, l.code, l.severity)).collect()
}

#[test]
fn clean_policy_has_no_findings() {
    let doc = json!({"Version": "2012-10-17", "Statement": [{"Sid": "Read", "Effect": "Allow", "Action": ["s3:GetObject"], "Resource": "arn:aws:s3:::b/*"}]});
    assert_eq!(codes(doc, Kind::Identity), vec![]);
}

#[test]
fn each_defect_is_found_where_it_is() {
    let doc = json!({"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Action": ["s4:GetObject", "s3:GetObjekt", "s3:Get*"], "Resource": "arn:aws:s3:::b/*"},
        {"Effect": "Allow", "NotAction": "iam:*", "Resource": "*"},
        {"Effect": "Allow", "Action": "s3:GetObject", "NotResource": "arn:aws:s3:::secret/*"},
        {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "bucket/*"},
        {"Effect": "Allow", "Action": ["iam:PutUserPolicy"], "Resource": "*"},
        {"Effect": "Allow", "Action": "s3:ListBucket", "Resource": "*", "Condition": {"IpAddress": {"aws:SourceIp": "not-an-ip"}}},
        {"Effect": "Allow", "Action": "ec2:CreateTags", "Resource": "*", "Condition": {"ForAllValues:StringEquals": {"aws:TagKeys": ["a"]}}},
        {"Effect": "Allow", "Action": "s3:ListBucket", "Resource": "*", "Principal": "*"},
        {"Effect": "Allow", "Action": "s3:ListBucket"}
    ]});
    let found = codes(doc, Kind::Identity);
    let has = |path: &str, code: &str| found.iter().any(|(p, c, _)| p == path && *c == code);
    assert!(has("Statement[0].Action[0]", "unknown-service"), "{found:?}");
    assert!(has("Statement[0].Action[1]", "unknown-action"));
    assert!(!found.iter().any(|(p, _, _)| p == "Statement[0].Action[2]"));
    assert!(has("Statement[1].NotAction", "allow-not-action"));
    assert!(has("Statement[2].NotResource", "allow-not-resource"));
    assert!(has("Statement[3].Resource[0]", "malformed-arn"));
    assert!(has("Statement[4].Resource", "resource-wildcard-for-scoped-action"));
    assert!(has("Statement[5].Condition.IpAddress.aws:SourceIp", "invalid-condition-value"));
    assert!(has("Statement[6].Condition.ForAllValues:StringEquals.aws:TagKeys", "forallvalues-allow"));
    assert!(has("Statement[7].Principal", "principal-not-allowed"));
    assert!(has("Statement[8]", "missing-resource"));
    let sev = |code: &str| found.iter().find(|(_, c, _)| *c == code).unwrap().2;
    assert_eq!(sev("unknown-service"), Severity::Error);
    assert_eq!(sev("malformed-arn"), Severity::Error);
    assert_eq!(sev("allow-not-action"), Severity::Warning);
}

#[test]
fn kinds_have_their_own_rules() {
    let trust = json!({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "sts:AssumeRole", "Resource": "*", "NotPrincipal": {"AWS": "1"}}]});
    let found = codes(trust, Kind::Trust);
    assert!(found.iter().any(|(_, c, _)| *c == "resource-in-trust-policy"));
    assert!(found.iter().any(|(_, c, _)| *c == "not-principal"));
    let bucket =
        json!({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"}]});
    assert!(codes(bucket, Kind::Resource).iter().any(|(_, c, _)| *c == "missing-principal"));
    let old = json!({"Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::home/${aws:username}/*"}]});
    let found = codes(old, Kind::Identity);
    assert!(found.iter().any(|(_, c, _)| *c == "version-missing"));
    assert!(found.iter().any(|(_, c, _)| *c == "variable-in-2008-policy"));
}

#[test]
fn parse_errors_name_the_path() {
    let cases = [
        (json!({"Version": "2012-10-17", "Statement": [{"Effect": "Permit", "Action": "*", "Resource": "*"}]}), "Statement[0].Effect"),
        (
            json!({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ["s3:x", 5], "Resource": "*"}]}),
            "Statement[0].Action[1]",
        ),
        (
            json!({"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Action": "*", "Resource": "*", "Condition": {"StringEqualz": {"k": "v"}}}}),
            "Statement.Condition.StringEqualz",
        ),
        (
            json!({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*", "Condition": {"StringEquals": {"k": {"x": 1}}}}]}),
            "Statement[0].Condition.StringEquals.k",
        ),
        (json!({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "a${b"}]}), "Statement[0].Resource"),
        (
            json!({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*", "Princpal": "*"}]}),
            "Statement[0].Princpal",
        ),
        (json!({"Version": "2013-01-01", "Statement": []}), "Version"),
        (
            json!({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*", "Principal": {"Aws": "*"}}]}),
            "Statement[0].Principal.Aws",
        ),
        (json!({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Resource": "*"}]}), "Statement[0]"),
        (
            json!({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*", "Condition": {"NullIfExists": {"k": "true"}}}]}),
            "Statement[0].Condition.NullIfExists",
        ),
        (json!(["not", "an", "object"]), "$"),
    ];
    for (doc, path) in cases {
        let err = Policy::parse(&doc).unwrap_err();
        assert_eq!(err.path, path, "{err}");
    }
    let err = Policy::parse_str("{\"Version\": \"2012-10-17\",\n \"Statement\": [}").unwrap_err();
    assert!(err.message.contains("line 2"), "{err}");
}
