//! The least-privilege IAM policy for collection and its documentation,
//! both generated from [`ACTIONS`](crate::ACTIONS) so they cannot drift from
//! the code (a test compares them with `docs/`).

use std::collections::BTreeMap;

use crate::ACTIONS;

/// The IAM actions, sorted and deduplicated.
pub fn actions() -> Vec<&'static str> {
    let mut actions: Vec<&str> = ACTIONS.iter().map(|(_, _, a)| *a).collect();
    actions.sort_unstable();
    actions.dedup();
    actions
}

/// The policy document, pretty-printed JSON.
pub fn policy_json() -> String {
    let policy = serde_json::json!({
        "Version": "2012-10-17",
        "Statement": [{
            "Sid": "MamoriReadOnlyCollection",
            "Effect": "Allow",
            "Action": actions(),
            "Resource": "*"
        }]
    });
    let mut text = serde_json::to_string_pretty(&policy).unwrap_or_default();
    text.push('\n');
    text
}

/// `docs/permissions.md`.
pub fn markdown() -> String {
    let mut by_service: BTreeMap<&str, Vec<(&str, &str)>> = BTreeMap::new();
    for (service, op, action) in ACTIONS {
        by_service.entry(service).or_default().push((op, action));
    }
    let mut out = String::new();
    out.push_str("# Permissions\n\n");
    out.push_str("<!-- Generated from `ACTIONS` in crates/mamori-collect/src/services/mod.rs by\n");
    out.push_str("     `MAMORI_BLESS=1 cargo test -p mamori-collect permissions`; a test fails when it is stale. -->\n\n");
    out.push_str("mamori only reads. Every AWS call it makes is listed below: `List*`, `Describe*`,\n");
    out.push_str("`Get*`, `Search*`, `cloudtrail:LookupEvents`, plus `iam:GenerateCredentialReport` and\n");
    out.push_str("`iam:GenerateServiceLastAccessedDetails`, which ask IAM to build the credential and\n");
    out.push_str("access-advisor reports (they change no configuration). The integration tests record every\n");
    out.push_str("request a collection sends to the emulator and fail on anything else.\n\n");
    out.push_str("The least-privilege policy is [`mamori-readonly-policy.json`](mamori-readonly-policy.json),\n");
    out.push_str("also printed by `mamori permissions`. Attach it (or the AWS managed `SecurityAudit`\n");
    out.push_str("plus `ViewOnlyAccess`, which cover a superset) to the role or user that collects.\n");
    out.push_str("`--role-arn` additionally needs `sts:AssumeRole` on that role for the caller.\n\n");
    out.push_str("A call that is denied does not stop the collection: it is recorded in the snapshot's\n");
    out.push_str("coverage and every check that needs it reports `unknown` with the reason.\n\n");
    out.push_str("| Service | Operation | IAM action |\n|---|---|---|\n");
    for (service, ops) in by_service {
        for (op, action) in ops {
            out.push_str(&format!("| {service} | {op} | `{action}` |\n"));
        }
    }
    out.push_str(&format!("\n{} operations, {} distinct IAM actions.\n", ACTIONS.len(), actions().len()));
    out.push_str("\n## Log monitoring\n\n");
    out.push_str("Not part of the collection policy above, because they read log data rather than\n");
    out.push_str("configuration: `mamori logs detect` with `s3://BUCKET/PREFIX` inputs calls\n");
    out.push_str("ListObjectsV2 and GetObject (`s3:ListBucket` on the bucket, `s3:GetObject` on the\n");
    out.push_str("prefix; `kms:Decrypt` when the logs are SSE-KMS encrypted), and `mamori trail verify\n");
    out.push_str("--fetch` calls ListPublicKeys (`cloudtrail:ListPublicKeys`). Grant them only to the\n");
    out.push_str("role that reads the log bucket.\n");
    out
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests {
    use std::path::PathBuf;

    use super::*;

    fn docs() -> PathBuf {
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../docs")
    }

    /// `docs/permissions.md` and the policy JSON match the code; run with
    /// `MAMORI_BLESS=1` to regenerate them.
    #[test]
    fn permissions_docs_are_current() {
        let files = [("permissions.md", markdown()), ("mamori-readonly-policy.json", policy_json())];
        for (name, expected) in files {
            let path = docs().join(name);
            if std::env::var_os("MAMORI_BLESS").is_some() {
                std::fs::write(&path, &expected).unwrap();
            }
            let actual = std::fs::read_to_string(&path).unwrap_or_default();
            assert!(actual == expected, "docs/{name} is stale: run `MAMORI_BLESS=1 cargo test -p mamori-collect permissions`");
        }
    }

    /// Every operation the collectors call is in `ACTIONS`, and every entry
    /// of `ACTIONS` is called: read from the collectors' source.
    #[test]
    fn action_table_matches_the_collectors() {
        let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("src/services");
        let mut called = std::collections::BTreeSet::new();
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            // Without white space, calls split over lines read the same.
            let text: String = std::fs::read_to_string(&path).unwrap().split_whitespace().collect();
            let svc_const =
                text.split_once("constSVC:&str=\"").and_then(|(_, rest)| rest.split_once('"')).map(|(name, _)| name.to_string());
            for start in ["ctx.call(", "ctx.pages(", "ctx.poll("] {
                for (at, _) in text.match_indices(start) {
                    let args: Vec<&str> = text[at + start.len()..].splitn(4, ',').take(3).map(str::trim).collect();
                    let [_, service, op] = args.as_slice() else { panic!("unreadable call in {}", path.display()) };
                    let service = match service.trim_matches('"') {
                        "SVC" => svc_const.clone().expect("SVC const"),
                        s => s.to_string(),
                    };
                    called.insert((service, op.trim_matches('"').to_string()));
                }
            }
        }
        // `lib.rs` calls these two outside the services.
        called.insert(("ec2".into(), "DescribeRegions".into()));
        called.insert(("sts".into(), "GetCallerIdentity".into()));
        let table: std::collections::BTreeSet<(String, String)> = ACTIONS.iter().map(|(s, o, _)| (s.to_string(), o.to_string())).collect();
        let missing: Vec<_> = called.difference(&table).collect();
        let unused: Vec<_> = table.difference(&called).collect();
        assert!(missing.is_empty(), "called but not in ACTIONS: {missing:?}");
        assert!(unused.is_empty(), "in ACTIONS but never called: {unused:?}");
    }
}
