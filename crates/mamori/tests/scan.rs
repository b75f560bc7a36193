//! `mamori scan` end to end on the embedded demo account: outputs, exit
//! codes, configuration, determinism and Japanese.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::process::{Command, Stdio};

use serde_json::Value;

fn mamori() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_mamori"));
    cmd.env_remove("MAMORI_LANG").env("LANG", "C").env("SOURCE_DATE_EPOCH", "1798761600").env("MAMORI_DB", common::scratch_db());
    cmd
}

fn scan_json(args: &[&str]) -> Value {
    let out = mamori().args(["scan", "--demo", "--format", "json"]).args(args).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).unwrap()
}

fn has_japanese(s: &str) -> bool {
    s.chars().any(|c| matches!(u32::from(c), 0x3040..=0x30FF | 0x4E00..=0x9FFF | 0xFF00..=0xFFEF))
}

#[test]
fn exit_codes_follow_fail_on() {
    let status = |args: &[&str]| mamori().args(["scan", "--demo"]).args(args).stdout(Stdio::null()).status().unwrap().code();
    assert_eq!(status(&[]), Some(0), "nothing fails without --fail-on");
    assert_eq!(status(&["--fail-on", "critical"]), Some(1), "the demo root user has no MFA (IAM-002, critical)");
    assert_eq!(
        status(&["--fail-on", "critical", "--select", "IAM", "--ignore", "IAM-002,IAM-016"]),
        Some(0),
        "no other IAM code fails critically (IAM-016: the role anyone can assume)"
    );
    let missing = mamori().args(["scan", "--snapshot", "/nonexistent/snap.json.gz"]).output().unwrap();
    assert_eq!(missing.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&missing.stderr).contains("/nonexistent/snap.json.gz"));
}

#[test]
fn closed_stdout_is_not_an_error() {
    let mut child = mamori().args(["scan", "--demo", "--format", "json"]).stdout(Stdio::piped()).spawn().unwrap();
    drop(child.stdout.take());
    assert_eq!(child.wait().unwrap().code(), Some(0));
}

#[test]
fn output_is_deterministic() {
    let run = || mamori().args(["scan", "--demo", "--format", "json"]).output().unwrap().stdout;
    let (a, b) = (run(), run());
    assert!(!a.is_empty());
    assert_eq!(a, b);
}

#[test]
fn select_and_ignore_pick_codes_by_prefix() {
    let doc = scan_json(&["--select", "NET,IAM-01", "--ignore", "NET-00"]);
    let codes: Vec<&str> = doc["codes"].as_array().unwrap().iter().map(|c| c.as_str().unwrap()).collect();
    assert!(codes.contains(&"IAM-012") && codes.contains(&"NET-010"));
    assert!(!codes.iter().any(|c| c.starts_with("NET-00") || c.starts_with("ACCT") || *c == "IAM-001"), "{codes:?}");
}

#[test]
fn config_mutes_with_expiry_and_reports_errors_with_lines() {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("mamori.toml");
    std::fs::write(
        &config,
        "[scan]\nfail_on = \"critical\"\nselect = [\"IAM-00\"]\n\n[[mute]]\ncode = \"IAM-002\"\nreason = \"root MFA ordered, ticket SEC-12\"\nexpires = \"2099-12-31\"\n\n[[mute]]\ncode = \"IAM-004\"\nresource = \"arn:aws:iam::*:user/bob\"\nreason = \"old\"\nexpires = \"2020-01-01\"\n",
    )
    .unwrap();
    let out = mamori().args(["scan", "--demo", "--format", "json", "--config"]).arg(&config).output().unwrap();
    assert_eq!(out.status.code(), Some(0), "the only critical failure of IAM-001…009 is muted");
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    let iam002 = doc["findings"].as_array().unwrap().iter().find(|f| f["code"] == "IAM-002").unwrap();
    assert_eq!(iam002["muted"]["reason"], "root MFA ordered, ticket SEC-12");
    assert_eq!(doc["expired_mutes"][0]["code"], "IAM-004");
    assert!(String::from_utf8_lossy(&out.stderr).contains("expired mutelist entry"));
    let bob = doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["code"] == "IAM-004" && f["resource"].as_str().unwrap().ends_with("user/bob"))
        .unwrap();
    assert!(bob.get("muted").is_none(), "an expired entry mutes nothing");

    std::fs::write(&config, "[scan]\nfail_on = \"high\"\n\n[severity]\n\"IAM-999\" = \"low\"\n").unwrap();
    let out = mamori().args(["scan", "--demo", "--config"]).arg(&config).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("mamori.toml:5:") && err.contains("IAM-999"), "{err}");
    let out = mamori().args(["scan", "--demo", "--lang", "ja", "--config"]).arg(&config).output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("mamori.toml:5:") && err.contains("コード `IAM-999` は存在しません"), "{err}");
}

#[test]
fn japanese_report_has_no_english_left() {
    let doc = scan_json(&["--lang", "ja"]);
    let findings = doc["findings"].as_array().unwrap();
    assert!(findings.len() > 100);
    for f in findings {
        for field in ["title", "message"] {
            let text = f[field].as_str().unwrap();
            assert!(has_japanese(text), "{} {field} is not Japanese: {text}", f["code"]);
        }
        if let Some(console) = f.pointer("/remediation/console") {
            assert!(has_japanese(console.as_str().unwrap()), "{} remediation", f["code"]);
        }
    }
    for q in doc["framework"]["requirements"].as_array().unwrap() {
        assert!(has_japanese(q["title"].as_str().unwrap()), "{}", q["id"]);
    }
    let text = mamori().args(["scan", "--demo", "--lang", "ja"]).output().unwrap().stdout;
    let text = String::from_utf8(text).unwrap();
    for english in ["Findings", "Failing", "could not read", "No issue", "by cause", "more"] {
        assert!(!text.contains(english), "English `{english}` in the Japanese report");
    }
    let md = mamori().args(["scan", "--demo", "--lang", "ja", "--format", "markdown", "--framework", "cis-3.0"]).output().unwrap().stdout;
    let md = String::from_utf8(md).unwrap();
    assert!(md.contains("準拠状況") && md.contains("ルートユーザーのアクセスキーが存在しないこと"));
}

#[test]
fn every_format_renders_and_csv_has_one_row_per_finding() {
    let dir = tempfile::tempdir().unwrap();
    let status = mamori()
        .args(["scan", "--demo", "--output-dir"])
        .arg(dir.path())
        .args([
            "--format", "text", "--format", "json", "--format", "csv", "--format", "markdown", "--format", "sarif", "--format", "ocsf",
            "--format", "asff",
        ])
        .status()
        .unwrap();
    assert!(status.success());
    let json: Value = serde_json::from_slice(&std::fs::read(dir.path().join("mamori.json")).unwrap()).unwrap();
    let n = json["findings"].as_array().unwrap().len();
    let mut csv = csv::Reader::from_path(dir.path().join("mamori.csv")).unwrap();
    assert_eq!(csv.records().count(), n);
    let ocsf: Value = serde_json::from_slice(&std::fs::read(dir.path().join("mamori.ocsf.json")).unwrap()).unwrap();
    assert_eq!(ocsf.as_array().unwrap().len(), n);
    let text = std::fs::read_to_string(dir.path().join("mamori.txt")).unwrap();
    assert!(!text.contains('\x1b'), "no colour in a file");
}

/// Needs the test venv (jsonschema, botocore): run through `scripts/test`.
#[test]
#[ignore = "needs the test venv: run through scripts/test"]
fn sarif_ocsf_and_asff_validate_against_official_schemas() {
    let dir = tempfile::tempdir().unwrap();
    let status = mamori()
        .args(["scan", "--demo", "--output-dir"])
        .arg(dir.path())
        .args(["--format", "sarif", "--format", "ocsf", "--format", "asff"])
        .status()
        .unwrap();
    assert!(status.success());
    let validate = |kind: &str, file: &std::path::Path| {
        Command::new(common::python()).arg(common::repo().join("scripts/validate_outputs.py")).arg(kind).arg(file).output().unwrap()
    };
    for (kind, file) in [("sarif", "mamori.sarif"), ("ocsf", "mamori.ocsf.json"), ("asff", "mamori.asff.json")] {
        let out = validate(kind, &dir.path().join(file));
        assert!(out.status.success(), "{kind}: {}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
        let count: usize = String::from_utf8_lossy(&out.stdout).trim().trim_start_matches("ok ").parse().unwrap();
        assert!(count > 50, "{kind}: only {count} records validated");
    }
    // The validators do reject broken documents.
    let broken = dir.path().join("broken.json");
    let mut ocsf: Value = serde_json::from_slice(&std::fs::read(dir.path().join("mamori.ocsf.json")).unwrap()).unwrap();
    ocsf[0].as_object_mut().unwrap().remove("finding_info");
    std::fs::write(&broken, serde_json::to_vec(&ocsf).unwrap()).unwrap();
    assert!(!validate("ocsf", &broken).status.success());
    let mut asff: Value = serde_json::from_slice(&std::fs::read(dir.path().join("mamori.asff.json")).unwrap()).unwrap();
    asff[0]["Severity"] = serde_json::json!("HIGH");
    std::fs::write(&broken, serde_json::to_vec(&asff).unwrap()).unwrap();
    assert!(!validate("asff", &broken).status.success());
    let mut sarif: Value = serde_json::from_slice(&std::fs::read(dir.path().join("mamori.sarif")).unwrap()).unwrap();
    sarif["runs"][0]["results"][0]["level"] = serde_json::json!("fatal");
    std::fs::write(&broken, serde_json::to_vec(&sarif).unwrap()).unwrap();
    assert!(!validate("sarif", &broken).status.success());
}

#[test]
fn without_credentials_scan_runs_on_the_demo_account() {
    let home = tempfile::tempdir().unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_mamori"))
        .env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .env("HOME", home.path())
        .env("LANG", "C")
        .args(["scan", "--format", "json"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no AWS credentials are configured"));
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(doc["snapshot"]["source"]["kind"], "demo");
    assert_eq!(doc["snapshot"]["accounts"][0], "111122223333");
}
