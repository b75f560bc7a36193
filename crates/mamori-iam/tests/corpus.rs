//! The evaluation corpus (`tests/corpus/cases.json`, written by `make.py`
//! from AWS's documentation): every case's decision and deciding statements.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)]

use std::collections::BTreeSet;

use mamori_iam::principal::Kind;
use mamori_iam::{evaluate, Attached, Context, Decision, Policy, PolicySet, Principal, Request, ResourceKind};
use serde_json::Value;

fn principal(v: &Value, has_boundary: bool) -> Principal {
    let mut p = match v {
        Value::String(s) => Principal::from_arn(s).unwrap_or_else(|| panic!("bad principal {s}")),
        Value::Object(o) => match o.get("kind").and_then(Value::as_str) {
            Some("federated") => {
                let mut p = Principal::anonymous();
                p.kind = Kind::Anonymous;
                p.federated = o.get("federated").and_then(Value::as_str).map(str::to_string);
                p
            }
            _ => Principal::from_arn(o["arn"].as_str().unwrap()).unwrap(),
        },
        other => panic!("bad principal {other}"),
    };
    p.has_boundary = has_boundary;
    p
}

fn context(v: Option<&Value>) -> Context {
    let mut cx = Context::new();
    if let Some(Value::Object(map)) = v {
        for (k, v) in map {
            match v {
                Value::Array(list) => {
                    cx.set_all(k, list.iter().map(|x| x.as_str().unwrap().to_string()).collect());
                }
                Value::String(s) => {
                    cx.set(k, s.clone());
                }
                other => panic!("bad context value {other}"),
            }
        }
    }
    cx
}

fn policies(v: Option<&Value>) -> Option<Vec<(String, Policy)>> {
    let list = v?.as_array().unwrap();
    Some(list.iter().enumerate().map(|(i, d)| (i.to_string(), Policy::parse(d).unwrap())).collect())
}

fn attached(list: &[(String, Policy)]) -> Vec<Attached<'_>> {
    list.iter().map(|(n, p)| Attached { name: n, policy: p }).collect()
}

#[test]
fn corpus() {
    let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/corpus/cases.json")).unwrap();
    let doc: Value = serde_json::from_str(&text).unwrap();
    let cases = doc["cases"].as_array().unwrap();
    assert!(cases.len() >= 300, "the corpus has {} cases", cases.len());
    let mut failures = Vec::new();
    for c in cases {
        let name = c["name"].as_str().unwrap();
        let identity = policies(c.get("identity")).unwrap_or_default();
        let boundary = policies(c.get("boundary"));
        let session = policies(c.get("session"));
        let level = |key: &str| -> Vec<Vec<(String, Policy)>> {
            c.get(key)
                .map(|levels| {
                    levels
                        .as_array()
                        .unwrap()
                        .iter()
                        .enumerate()
                        .map(|(l, list)| {
                            list.as_array()
                                .unwrap()
                                .iter()
                                .enumerate()
                                .map(|(i, d)| (format!("{l}.{i}"), Policy::parse(d).unwrap()))
                                .collect()
                        })
                        .collect()
                })
                .unwrap_or_default()
        };
        let scps = level("scps");
        let rcps = level("rcps");
        let resource = c.get("resource_policy").map(|d| ("resource".to_string(), Policy::parse(d).unwrap()));
        let who = principal(&c["principal"], boundary.is_some());
        let mut cx = who.context();
        cx.extend(&context(c.get("context")));
        let set = PolicySet {
            identity: attached(&identity),
            boundary: boundary.as_deref().map(attached),
            session: session.as_deref().map(attached),
            scps: scps.iter().map(|l| attached(l)).collect(),
            rcps: rcps.iter().map(|l| attached(l)).collect(),
            resource: resource.as_ref().map(|(n, p)| Attached { name: n, policy: p }),
            resource_kind: match c.get("resource_kind").and_then(Value::as_str) {
                Some("trust") => ResourceKind::RoleTrust,
                Some("kms") => ResourceKind::KmsKey,
                _ => ResourceKind::Ordinary,
            },
        };
        let req = Request {
            principal: &who,
            action: c["action"].as_str().unwrap(),
            resource: c["resource"].as_str().unwrap(),
            resource_account: c.get("resource_account").and_then(Value::as_str),
            context: &cx,
        };
        let answer = evaluate(&req, &set);
        let want = match c["expect"].as_str().unwrap() {
            "Allow" => Decision::Allow,
            "ImplicitDeny" => Decision::ImplicitDeny,
            "ExplicitDeny" => Decision::ExplicitDeny,
            other => panic!("bad expectation {other}"),
        };
        let got: BTreeSet<String> = answer
            .statements
            .iter()
            .map(|r| {
                let st = r.sid.clone().filter(|s| !s.is_empty()).unwrap_or_else(|| format!("#{}", r.index));
                format!("{}/{}/{}", r.source.as_str(), r.policy, st)
            })
            .collect();
        let because: BTreeSet<String> = c["because"].as_array().unwrap().iter().map(|s| s.as_str().unwrap().to_string()).collect();
        if answer.decision != want || got != because {
            failures.push(format!(
                "{name}: expected {want:?} because {because:?}, got {:?} because {got:?} ({:?})",
                answer.decision, answer.missing
            ));
        }
    }
    assert!(failures.is_empty(), "{} of {} cases failed:\n{}", failures.len(), cases.len(), failures.join("\n"));
}

#[test]
fn corpus_file_is_current() {
    let python = std::env::var("MAMORI_TEST_PYTHON").unwrap_or_else(|_| "python3".to_string());
    let dir = tempfile_dir();
    let out = std::process::Command::new(&python)
        .arg(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/corpus/make.py"))
        .env("MAMORI_CORPUS_OUT", dir.join("cases.json"))
        .output()
        .unwrap_or_else(|e| panic!("cannot run {python}: {e}"));
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let fresh = std::fs::read_to_string(dir.join("cases.json")).unwrap();
    let committed = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/corpus/cases.json")).unwrap();
    assert!(fresh == committed, "tests/corpus/cases.json is stale: run python3 tests/corpus/make.py");
}

fn tempfile_dir() -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("mamori-iam-corpus-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}
