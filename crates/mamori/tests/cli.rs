//! The binary's behaviour without any server.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::process::Command;

fn mamori() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_mamori"));
    cmd.env_clear().env("PATH", std::env::var("PATH").unwrap_or_default()).env("LANG", "C").env("MAMORI_DB", common::scratch_db());
    cmd
}

#[test]
fn demo_collect_writes_a_loadable_snapshot_and_a_summary() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("demo.json.gz");
    let out = mamori().args(["collect", "--demo", "-o"]).arg(&path).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("111122223333") && stdout.contains("iam users 9"), "{stdout}");
    let snap = mamori_model::Snapshot::load(&path).unwrap();
    assert_eq!(snap.source.kind, "demo");
    assert!(snap.accounts[0].regions["us-east-1"].ec2.instances.len() >= 3);
    // inspect reads it back, in Japanese too.
    let ja = mamori().args(["inspect", "--lang", "ja"]).arg(&path).output().unwrap();
    assert!(String::from_utf8_lossy(&ja.stdout).contains("アカウント"));
}

#[test]
fn collect_without_credentials_fails_with_one_clear_line() {
    let dir = tempfile::tempdir().unwrap();
    let out = mamori()
        .env("AWS_REGION", "us-east-1")
        .env("AWS_EC2_METADATA_DISABLED", "true")
        .env("AWS_CONFIG_FILE", "/nonexistent/x")
        .env("AWS_SHARED_CREDENTIALS_FILE", "/nonexistent/x")
        // A closed loopback port: nothing can answer even if credentials appeared.
        .env("AWS_ENDPOINT_URL", "http://127.0.0.1:9")
        .args(["collect", "-o"])
        .arg(dir.path().join("x.json.gz"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.starts_with("error: cannot identify the caller"), "{stderr}");
    assert!(!dir.path().join("x.json.gz").exists());
}

#[test]
fn inspect_rejects_bad_files_with_the_file_named() {
    let dir = tempfile::tempdir().unwrap();
    let cases: [(&str, &[u8], &str); 4] = [
        ("empty.gz", b"", "empty"),
        ("text.json", b"not json", "not a mamori snapshot"),
        ("v9.json", br#"{"format":"mamori-snapshot","schema_version":9}"#, "schema version 9"),
        ("trunc.gz", &[0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3, 1, 2, 3], "truncated or corrupt"),
    ];
    for (name, bytes, expected) in cases {
        let path = dir.path().join(name);
        std::fs::write(&path, bytes).unwrap();
        let out = mamori().arg("inspect").arg(&path).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{name}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.contains(expected) && stderr.contains(name), "{name}: {stderr}");
        assert_eq!(stderr.trim_end().lines().count(), 1, "one line: {stderr}");
    }
}

#[test]
fn permissions_prints_the_documented_policy() {
    let out = mamori().arg("permissions").output().unwrap();
    assert!(out.status.success());
    let docs = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../docs/mamori-readonly-policy.json")).unwrap();
    assert_eq!(String::from_utf8_lossy(&out.stdout), docs);
}

#[test]
fn errors_are_in_japanese_when_asked() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("v9.json");
    std::fs::write(&path, br#"{"format":"mamori-snapshot","schema_version":9}"#).unwrap();
    let out = mamori().env("LANG", "ja_JP.UTF-8").arg("inspect").arg(&path).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.starts_with("エラー: スナップショット") && stderr.contains("スキーマバージョンは 9"), "{stderr}");
    assert!(stderr.contains("v9.json"), "{stderr}");
    let empty = dir.path().join("empty");
    std::fs::create_dir(&empty).unwrap();
    let out = mamori().args(["import", "--lang", "ja", "--account", "123456789012"]).arg(&empty).output().unwrap();
    assert!(String::from_utf8_lossy(&out.stderr).contains("AWS CLI の出力がありません"), "{}", String::from_utf8_lossy(&out.stderr));
}

#[test]
fn help_is_in_japanese_when_asked() {
    let out = Command::new(env!("CARGO_BIN_EXE_mamori"))
        .env_remove("MAMORI_LANG")
        .env("LANG", "C")
        .args(["--lang", "ja", "scan", "--help"])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success());
    assert!(text.contains("使い方") && text.contains("出力形式") && text.contains("オプション"), "{text}");
    assert!(!text.contains("Print help") && !text.contains("possible values"), "{text}");
    let out =
        Command::new(env!("CARGO_BIN_EXE_mamori")).env_remove("MAMORI_LANG").env("LANG", "ja_JP.UTF-8").arg("--help").output().unwrap();
    assert!(String::from_utf8_lossy(&out.stdout).contains("コマンド"));
    let out =
        Command::new(env!("CARGO_BIN_EXE_mamori")).env_remove("MAMORI_LANG").env("LANG", "C").args(["scan", "--help"]).output().unwrap();
    assert!(String::from_utf8_lossy(&out.stdout).contains("Output format"), "English stays English");
}

#[test]
fn logs_detect_reports_alerts_with_attribution_and_exits_by_level() {
    let data = concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/data");
    let stop = format!("{data}/stratus-detonation-logs/docs/detonation-logs/aws.defense-evasion.cloudtrail-stop.json");
    let sigma = format!("{data}/sigma-cloudtrail/rules/cloud/aws/cloudtrail");
    let out = mamori().args(["logs", "detect", "--cloudtrail", &stop, "--sigma", &sigma, "--format", "json"]).output().unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", String::from_utf8_lossy(&out.stderr));
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let alerts = report["alerts"].as_array().unwrap();
    assert!(alerts.iter().any(|a| a["detection"]["code"] == "MON-005" && a["event_name"] == "StopLogging"));
    let sigma_alert = alerts.iter().find(|a| a["detection"]["origin"] == "sigma").unwrap();
    assert!(sigma_alert["detection"]["link"].as_str().unwrap().ends_with("aws_cloudtrail_disable_logging.yml"));
    assert!(!sigma_alert["detection"]["author"].as_str().unwrap().is_empty());
    // Nothing at or above critical: exit 0. OCSF lines are Detection Findings.
    let out = mamori().args(["logs", "detect", "--cloudtrail", &stop, "--fail-on", "critical", "--format", "ocsf"]).output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    let first: serde_json::Value = serde_json::from_slice(out.stdout.split(|b| *b == b'\n').next().unwrap()).unwrap();
    assert_eq!(first["class_uid"], 2004);
    // Japanese.
    let out = mamori().args(["--lang", "ja", "logs", "detect", "--cloudtrail", &stop]).output().unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("CloudTrail 設定の変更") && text.contains("アラート"), "{text}");
    // Nothing to read is a usage error.
    let out = mamori().args(["logs", "detect"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn trail_verify_names_a_bad_key_file() {
    let dir = tempfile::tempdir().unwrap();
    let keys = dir.path().join("keys.txt");
    std::fs::write(&keys, "fp not-base64!!\n").unwrap();
    let out = mamori()
        .args(["trail", "verify", "--digests"])
        .arg(dir.path())
        .arg("--logs")
        .arg(dir.path())
        .arg("--public-keys")
        .arg(&keys)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("keys.txt:1"));
}
