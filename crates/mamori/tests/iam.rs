//! `mamori iam` on the embedded demo account and on policy files.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::process::Command;

use serde_json::Value;

fn mamori() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_mamori"));
    cmd.env_remove("MAMORI_LANG").env("LANG", "C").env("MAMORI_DB", common::scratch_db());
    cmd
}

const ACCT: &str = "111122223333";

fn json(args: &[&str]) -> (Option<i32>, Value) {
    let out = mamori().args(args).args(["--demo", "--format", "json"]).output().unwrap();
    let v = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&out.stderr)));
    (out.status.code(), v)
}

#[test]
fn can_answers_with_the_deciding_statements_and_exit_code() {
    let dave = format!("arn:aws:iam::{ACCT}:user/dave");
    let (code, v) = json(&["iam", "can", &dave, "s3:GetObject", "arn:aws:s3:::payments-data-223333/x"]);
    assert_eq!(code, Some(0));
    assert_eq!(v["decision"], "Allow");
    assert_eq!(v["statements"][0]["policy"], format!("arn:aws:iam::{ACCT}:group/developers#inline/s3-everything"));
    assert_eq!(v["statements"][0]["statement"], "AllS3");
    // On the public bucket the bucket policy alone allows (it names `*`).
    let (_, v) = json(&["iam", "can", &dave, "s3:GetObject", "arn:aws:s3:::website-223333/index.html"]);
    assert_eq!(v["statements"][0]["policy"], "arn:aws:s3:::website-223333#policy");
    let (code, v) = json(&["iam", "can", &dave, "iam:CreateUser", "*"]);
    assert_eq!(code, Some(1));
    assert_eq!(v["decision"], "ImplicitDeny");
    // A session of a role, by its assumed-role ARN, carries the role's policies.
    let session = format!("arn:aws:sts::{ACCT}:assumed-role/deploy-admin/i-0abc");
    let (code, v) = json(&["iam", "can", &session, "iam:CreateUser", "*"]);
    assert_eq!(code, Some(0), "{v}");
    assert_eq!(v["principal"], session);
    // Anonymous callers read the public website bucket, and nothing else.
    let (code, v) = json(&["iam", "can", "*", "s3:GetObject", "arn:aws:s3:::website-223333/index.html"]);
    assert_eq!((code, v["decision"].as_str()), (Some(0), Some("Allow")));
    let (code, _) = json(&["iam", "can", "*", "s3:GetObject", "arn:aws:s3:::payments-data-223333/x"]);
    assert_eq!(code, Some(1));
    // The org-restricted bucket: not for an anonymous caller, yes for a caller in the organization.
    let (code, _) = json(&["iam", "can", "*", "s3:GetObject", "arn:aws:s3:::org-shared-223333/x"]);
    assert_eq!(code, Some(1));
    let (code, v) = json(&[
        "iam",
        "can",
        "arn:aws:iam::999988887777:user/partner",
        "s3:GetObject",
        "arn:aws:s3:::org-shared-223333/x",
        "--context",
        "aws:PrincipalOrgID=o-a1b2c3d4e5",
    ]);
    assert_eq!(code, Some(0), "{v}");
    assert!(v["unreadable"][0].as_str().unwrap().contains("another account"));
}

#[test]
fn who_can_assume_the_role_anyone_can_assume() {
    let role = format!("arn:aws:iam::{ACCT}:role/anyone-can-assume");
    let (_, v) = json(&["iam", "who-can", "sts:AssumeRole", &role]);
    let who: Vec<&str> = v["principals"].as_array().unwrap().iter().map(|p| p["principal"].as_str().unwrap()).collect();
    assert!(who.contains(&"* (any AWS account)"), "{who:?}");
    assert!(who.contains(&format!("arn:aws:iam::{ACCT}:user/dave").as_str()));
    // The partner role: only the partner account (and nobody in this one without identity permission).
    let partner = format!("arn:aws:iam::{ACCT}:role/partner-no-external-id");
    let (_, v) = json(&["iam", "who-can", "sts:AssumeRole", &partner]);
    let who: Vec<&str> = v["principals"].as_array().unwrap().iter().map(|p| p["principal"].as_str().unwrap()).collect();
    assert!(!who.contains(&"* (any AWS account)"), "{who:?}");
    assert!(!who.contains(&format!("arn:aws:iam::{ACCT}:user/dave").as_str()), "{who:?}");
}

#[test]
fn escalation_and_exposure_on_the_demo() {
    let (_, v) = json(&["iam", "escalation"]);
    let users: Vec<&str> = v["escalations"].as_array().unwrap().iter().map(|e| e["principal"].as_str().unwrap()).collect();
    assert_eq!(users, ["erin", "frank", "grace", "heidi"].map(|u| format!("arn:aws:iam::{ACCT}:user/{u}")));
    let (_, v) = json(&["iam", "exposure"]);
    let reach = |resource: &str| -> Vec<String> {
        v["resources"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["resource"] == resource)
            .map(|r| r["grants"].as_array().unwrap().iter().map(|g| g["reach"].as_str().unwrap().to_string()).collect())
            .unwrap_or_default()
    };
    assert_eq!(reach("arn:aws:s3:::website-223333"), ["public"]);
    assert_eq!(reach("arn:aws:s3:::org-shared-223333"), ["restricted", "restricted"]);
    assert_eq!(reach(&format!("arn:aws:iam::{ACCT}:role/anyone-can-assume")), ["public"]);
    assert_eq!(reach(&format!("arn:aws:iam::{ACCT}:role/partner-no-external-id")), ["cross-account"]);
    assert_eq!(reach("arn:aws:rds:us-east-1:111122223333:snapshot:orders-before-migration"), ["public"]);
    let kinds: Vec<&str> = v["resources"].as_array().unwrap().iter().map(|r| r["kind"].as_str().unwrap()).collect();
    assert!(kinds.contains(&"ebs-snapshot") && kinds.contains(&"ami"), "{kinds:?}");
    let (_, v) = json(&["iam", "what-can", &format!("arn:aws:iam::{ACCT}:user/grace"), "--access-level", "permissions"]);
    let actions: Vec<&str> = v["actions"].as_array().unwrap().iter().map(|a| a["action"].as_str().unwrap()).collect();
    assert_eq!(actions, ["iam:AttachUserPolicy"]);
}

#[test]
fn validate_names_the_path_and_exits_1_on_errors() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad.json");
    std::fs::write(&bad, r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ["s4:GetObject"], "Resource": "*"}]}"#)
        .unwrap();
    let out = mamori().args(["iam", "validate"]).arg(&bad).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("Statement[0].Action[0]: ERROR [unknown-service]"), "{text}");
    let broken = dir.path().join("broken.json");
    std::fs::write(&broken, "{\"Version\": \"2012-10-17\",\n \"Statement\": [\n").unwrap();
    let out = mamori().args(["iam", "validate", "--lang", "ja"]).arg(&broken).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("行") && text.contains("エラー 1 件"), "{text}");
    let good = dir.path().join("good.json");
    std::fs::write(
        &good,
        r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"}]}"#,
    )
    .unwrap();
    let out = mamori().args(["iam", "validate", "--format", "json"]).arg(&good).output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["findings"].as_array().unwrap().len(), 0);
    let out = mamori().args(["iam", "validate"]).arg(dir.path().join("missing.json")).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("missing.json"));
}

#[test]
fn unknown_principal_is_a_clear_error_in_japanese_too() {
    let out = mamori()
        .args(["iam", "can", &format!("arn:aws:iam::{ACCT}:user/nobody"), "s3:GetObject", "*", "--demo", "--lang", "ja"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("プリンシパル `arn:aws:iam::111122223333:user/nobody` がありません"));
}
