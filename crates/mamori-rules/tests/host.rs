//! Fixture trees for the host rules: `tests/host/<CODE>/<case>/root/` is a
//! root filesystem, `expect.json` the status per resource. Every host rule
//! has a failing and a passing case; rendered findings are snapshot-tested.
//! No rendered output may contain a planted secret.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use mamori_rules::{Check, Config, Lang};
use serde_json::Value;

fn dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/host")
}

/// Values planted in the fixtures that must never be printed.
const PLANTED: [&str; 5] = ["wJalrXUtnFEMI", "je7MtGbClwBF", "not-a-real-password", "dXNlcjpub3Qt", "MIIEvQIBADAN"];

#[test]
fn host_rules_have_failing_and_passing_fixture_trees() {
    let mut missing = Vec::new();
    for rule in mamori_rules::codes::RULES.iter().filter(|r| matches!(r.check, Check::Host(_))) {
        let mut seen = std::collections::BTreeSet::new();
        for case in std::fs::read_dir(dir().join(rule.code)).into_iter().flatten() {
            let expect: BTreeMap<String, String> =
                serde_json::from_str(&std::fs::read_to_string(case.unwrap().path().join("expect.json")).unwrap()).unwrap();
            seen.extend(expect.into_values());
        }
        for needed in ["fail", "pass"] {
            if !seen.contains(needed) {
                missing.push(format!("{}: no `{needed}` case", rule.code));
            }
        }
    }
    assert!(missing.is_empty(), "{}", missing.join("\n"));
}

#[test]
fn host_fixtures() {
    let mut failures = Vec::new();
    let mut codes: Vec<PathBuf> = std::fs::read_dir(dir()).unwrap().map(|e| e.unwrap().path()).collect();
    codes.sort();
    for code_dir in codes {
        let code = code_dir.file_name().unwrap().to_string_lossy().to_string();
        assert!(mamori_rules::rule(&code).is_some(), "fixtures for unknown code {code}");
        let mut cases: Vec<PathBuf> = std::fs::read_dir(&code_dir).unwrap().map(|e| e.unwrap().path()).collect();
        cases.sort();
        let mut rendered = serde_json::Map::new();
        for case in cases {
            let name = case.file_name().unwrap().to_string_lossy().to_string();
            let expect: BTreeMap<String, String> =
                serde_json::from_str(&std::fs::read_to_string(case.join("expect.json")).unwrap()).unwrap();
            let host = mamori_host::audit(&case.join("root")).unwrap();
            let mut config = Config::default();
            config.scan.select = vec![code.clone()];
            let scan = mamori_rules::audit_host(&host, &config, jiff::civil::date(2027, 1, 1));
            let got: BTreeMap<String, String> = scan.findings.iter().map(|f| (f.resource.clone(), f.status.as_str().to_string())).collect();
            if got != expect {
                failures.push(format!("{code} `{name}`:\n  expected {expect:?}\n  got      {got:?}"));
            }
            let findings: Vec<Value> = scan
                .findings
                .iter()
                .map(|f| {
                    let mut v = serde_json::to_value(f).unwrap();
                    let o = v.as_object_mut().unwrap();
                    o.remove("code");
                    o.insert("message".into(), serde_json::json!({"en": f.text(Lang::En), "ja": f.text(Lang::Ja)}));
                    v
                })
                .collect();
            let text = serde_json::to_string(&findings).unwrap();
            for secret in PLANTED {
                assert!(!text.contains(secret), "{code} `{name}` prints a planted secret");
            }
            rendered.insert(name, Value::Array(findings));
        }
        insta::with_settings!({ snapshot_suffix => code.clone(), prepend_module_to_snapshot => false }, {
            insta::assert_json_snapshot!("host", rendered);
        });
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
