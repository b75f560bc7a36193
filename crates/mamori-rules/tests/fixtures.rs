//! Fixture tests: every rule, its fail, pass and unknown cases.
//!
//! `tests/fixtures/<CODE>.json` holds cases. Each case is a partial account
//! (merged into account 111122223333 of `base-snapshot.json`, where every
//! operation was read successfully), optional coverage errors, and the
//! expected status per resource. The harness runs only that rule, checks the
//! statuses, and compares the rendered findings (English and Japanese) with
//! the snapshot in `tests/snapshots/`.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use mamori_model::{CoverageError, Snapshot};
use mamori_rules::{Config, Lang, Status};
use serde::Deserialize;
use serde_json::Value;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Fixture {
    cases: Vec<Case>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Case {
    name: String,
    /// Partial `Account` JSON.
    #[serde(default)]
    account: Value,
    /// Coverage errors; `account` defaults to the fixture account.
    #[serde(default)]
    errors: Vec<Value>,
    /// Operations to remove from the coverage (`service:Operation`), as if never collected.
    #[serde(default)]
    not_collected: Vec<String>,
    /// `mamori.toml` text.
    #[serde(default)]
    config: String,
    /// Resource → expected status.
    expect: BTreeMap<String, String>,
}

const ACCOUNT: &str = "111122223333";

fn fixtures_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

fn base() -> Snapshot {
    let text = std::fs::read_to_string(fixtures_dir().join("base-snapshot.json")).unwrap();
    serde_json::from_str(&text).unwrap()
}

fn build(case: &Case) -> Snapshot {
    let mut snapshot = base();
    let mut account = case.account.clone();
    if account.is_null() {
        account = serde_json::json!({});
    }
    let obj = account.as_object_mut().unwrap();
    obj.entry("account_id").or_insert(ACCOUNT.into());
    obj.entry("partition").or_insert("aws".into());
    snapshot.accounts.push(serde_json::from_value(account).unwrap_or_else(|e| panic!("case `{}`: account: {e}", case.name)));
    for e in &case.errors {
        let mut e = e.clone();
        let o = e.as_object_mut().unwrap();
        o.entry("account").or_insert(ACCOUNT.into());
        o.entry("region").or_insert("global".into());
        o.entry("kind").or_insert("access_denied".into());
        o.entry("code").or_insert("AccessDenied".into());
        o.entry("message").or_insert("User is not authorized to perform this operation".into());
        let error: CoverageError = serde_json::from_value(e).unwrap_or_else(|err| panic!("case `{}`: error: {err}", case.name));
        for t in snapshot.coverage.operations.iter_mut() {
            if t.service == error.service && t.operation == error.operation && t.region == error.region {
                t.failed += 1;
                if error.resource.is_none() {
                    t.ok = 0;
                }
            }
        }
        snapshot.coverage.errors.push(error);
    }
    for op in &case.not_collected {
        let (service, operation) = op.split_once(':').unwrap();
        snapshot.coverage.operations.retain(|t| !(t.service == service && t.operation == operation));
    }
    snapshot.normalize();
    snapshot
}

fn render(f: &mamori_rules::Finding) -> Value {
    let mut v = serde_json::to_value(f).unwrap();
    let o = v.as_object_mut().unwrap();
    o.remove("code");
    o.remove("account");
    o.insert("message".into(), serde_json::json!({"en": f.text(Lang::En), "ja": f.text(Lang::Ja)}));
    v
}

#[test]
fn every_rule_has_fixtures_with_fail_pass_and_unknown() {
    let mut missing = Vec::new();
    for rule in mamori_rules::codes::RULES.iter().filter(|r| matches!(r.check, mamori_rules::Check::Snapshot(_))) {
        let path = fixtures_dir().join(format!("{}.json", rule.code));
        let Ok(text) = std::fs::read_to_string(&path) else {
            missing.push(format!("{}: no fixture file", rule.code));
            continue;
        };
        let fixture: Fixture = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let mut seen = std::collections::BTreeSet::new();
        for case in &fixture.cases {
            seen.extend(case.expect.values().cloned());
        }
        for needed in ["fail", "pass", "unknown"] {
            if !seen.contains(needed) {
                missing.push(format!("{}: no `{needed}` case", rule.code));
            }
        }
    }
    assert!(missing.is_empty(), "{}", missing.join("\n"));
}

#[test]
fn fixtures() {
    let mut failures = Vec::new();
    let mut entries: Vec<_> = std::fs::read_dir(fixtures_dir()).unwrap().map(|e| e.unwrap().path()).collect();
    entries.sort();
    for path in entries {
        let name = path.file_stem().unwrap().to_string_lossy().to_string();
        if name == "base-snapshot" {
            continue;
        }
        let Some(rule) = mamori_rules::rule(&name) else {
            failures.push(format!("{name}: fixture for an unknown code"));
            continue;
        };
        let fixture: Fixture = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap_or_else(|e| panic!("{name}: {e}"));
        let mut rendered = serde_json::Map::new();
        for case in &fixture.cases {
            let snapshot = build(case);
            let mut config = if case.config.is_empty() { Config::default() } else { Config::parse(&case.config, "case").unwrap() };
            config.scan.select = vec![rule.code.to_string()];
            let scan = mamori_rules::scan(&snapshot, &config, jiff::civil::date(2027, 1, 1));
            let got: BTreeMap<String, String> = scan.findings.iter().map(|f| (f.resource.clone(), f.status.as_str().to_string())).collect();
            if got != case.expect {
                failures.push(format!("{name} `{}`:\n  expected {:?}\n  got      {:?}", case.name, case.expect, got));
            }
            for f in &scan.findings {
                assert_eq!(f.code, rule.code);
                assert!(!f.text(Lang::En).is_empty() && !f.text(Lang::Ja).is_empty(), "{name} `{}`: empty message", case.name);
                if f.status == Status::Unknown {
                    assert!(f.reason.is_some(), "{name} `{}`: unknown without a reason", case.name);
                }
            }
            rendered.insert(case.name.clone(), Value::Array(scan.findings.iter().map(render).collect()));
        }
        insta::with_settings!({ snapshot_suffix => name.clone(), prepend_module_to_snapshot => false }, {
            insta::assert_json_snapshot!("finding", rendered);
        });
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
