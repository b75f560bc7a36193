//! Every AWS managed policy (moto's copy, Apache-2.0, vendored by
//! `scripts/refresh-iam-data`) parses and validates without an ERROR, and
//! the action catalog knows what those policies name.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)]

use std::io::Read;

use mamori_iam::catalog::{catalog, AccessLevel};
use mamori_iam::validate::{validate, Kind, Severity};
use mamori_iam::Policy;
use serde_json::Value;

fn managed() -> Vec<(String, Value)> {
    let gz = std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/aws-managed-policies.json.gz")).unwrap();
    let mut text = String::new();
    flate2::read::GzDecoder::new(gz.as_slice()).read_to_string(&mut text).unwrap();
    let doc: Value = serde_json::from_str(&text).unwrap();
    doc["policies"].as_object().unwrap().iter().map(|(k, v)| (k.clone(), v["document"].clone())).collect()
}

#[test]
fn every_managed_policy_parses_and_validates_without_error() {
    let policies = managed();
    assert!(policies.len() >= 1300, "only {} managed policies", policies.len());
    let mut errors = Vec::new();
    let mut warnings = 0usize;
    for (name, doc) in &policies {
        if let Err(e) = Policy::parse(doc) {
            errors.push(format!("{name}: {e}"));
            continue;
        }
        for lint in validate(doc, Kind::Identity) {
            match lint.severity {
                Severity::Error => errors.push(format!("{name}: {} {} {}", lint.code, lint.path, lint.message)),
                Severity::Warning => warnings += 1,
            }
        }
    }
    assert!(errors.is_empty(), "{} errors:\n{}", errors.len(), errors.join("\n"));
    // Managed policies are not perfect either (NotAction, unknown actions):
    // the linter does speak about them.
    assert!(warnings > 0);
}

#[test]
fn catalog_loads_and_classifies() {
    let cat = catalog().expect("the vendored catalog loads");
    let get = cat.action("s3:GetObject").unwrap();
    assert_eq!(get.full, "s3:GetObject");
    assert_eq!(get.level, AccessLevel::Read);
    assert!(get.is_resource_scoped());
    assert_eq!(cat.action("IAM:putuserpolicy").unwrap().level, AccessLevel::PermissionsManagement);
    assert_eq!(cat.action("ec2:DescribeInstances").unwrap().level, AccessLevel::List);
    assert_eq!(cat.action("ec2:CreateTags").unwrap().level, AccessLevel::Tagging);
    assert!(!cat.action("ec2:DescribeInstances").unwrap().is_resource_scoped());
    let gets = cat.expand("s3:Get*");
    assert!(gets.len() > 20 && gets.iter().all(|a| a.full.starts_with("s3:Get")));
    assert!(cat.expand("*").len() > 15_000);
    assert!(cat.expand("nosuchservice:*").is_empty());
    assert!(cat.source.contains("MIT"));
}

#[test]
fn administrator_access_is_the_admin_policy() {
    let policies = managed();
    let admin = policies.iter().find(|(n, _)| n == "AdministratorAccess").unwrap();
    let p = Policy::parse(&admin.1).unwrap();
    assert_eq!(p.statements.len(), 1);
    assert!(p.statements[0].action.as_ref().unwrap().patterns[0].is_any());
}
