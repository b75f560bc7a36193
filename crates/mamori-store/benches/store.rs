//! Storing a scan of 100,000 findings: into an empty history, and on top of
//! a previous scan of the same findings (the lifecycle comparison).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use criterion::{criterion_group, criterion_main, BatchSize, Criterion};
use mamori_store::{FindingRow, ScanInput, Store};

/// The strings the findings borrow: 25k resources, 40 codes.
struct Names {
    resources: Vec<String>,
    codes: Vec<String>,
}

impl Names {
    fn new() -> Names {
        Names {
            resources: (0..25_000).map(|r| format!("arn:aws:s3:::bucket-{r:06}")).collect(),
            codes: (0..40).map(|c| format!("S3-{c:03}")).collect(),
        }
    }
}

/// 100k findings shaped like a real scan: 40% failing with evidence,
/// 40% passing, the rest unknown or not applicable, over 25k resources.
fn input(names: &Names, day: u32, n: usize) -> ScanInput<'_> {
    let statuses = ["fail", "fail", "fail", "fail", "pass", "pass", "pass", "pass", "unknown", "not_applicable"];
    let findings = (0..n)
        .map(|i| {
            let status = statuses[(i * 7 + day as usize) % statuses.len()];
            FindingRow {
                code: &names.codes[i % 40],
                account: "123456789012",
                region: "us-east-1",
                resource: &names.resources[(i / 4) % names.resources.len()],
                resource_type: "AwsS3Bucket",
                status,
                severity: ["critical", "high", "medium", "low"][i % 4],
                muted: false,
                evidence: (status != "pass").then(|| {
                    format!(
                        r#"{{"versioning_status":null,"public_access_block":{{"block_public_acls":false}},"bucket":"bucket-{:06}"}}"#,
                        i / 4
                    )
                }),
                reason: (status == "unknown").then(|| r#"{"operation":"s3:GetBucketPolicy","kind":"access_denied"}"#.to_string()),
                likelihood: 3,
                impact: 3,
                asset_class: None,
            }
        })
        .collect();
    ScanInput {
        recorded_at: format!("2027-01-{day:02}T00:00:00Z"),
        today: format!("2027-01-{day:02}"),
        started_at: format!("2027-01-{day:02}T00:00:00Z"),
        source: "bench".into(),
        snapshot_digest: "0".repeat(64),
        mamori_version: "0.1.0".into(),
        accounts: vec!["123456789012".into()],
        regions: vec!["us-east-1".into()],
        scope: serde_json::json!({}),
        codes: names.codes.clone(),
        actor: "bench".into(),
        out_of_scope: Vec::new(),
        findings,
        assets: None,
    }
}

fn bench(c: &mut Criterion) {
    let mut group = c.benchmark_group("store");
    group.sample_size(10);
    let names = Names::new();
    let first = input(&names, 1, 100_000);
    let second = input(&names, 2, 100_000);
    group.bench_function("record 100k findings into an empty history", |b| {
        b.iter_batched(
            || {
                let dir = tempfile::tempdir().unwrap();
                let store = Store::open(&dir.path().join("h.db")).unwrap();
                (dir, store)
            },
            |(dir, mut store)| {
                store.record_scan(&first).unwrap();
                (dir, store)
            },
            BatchSize::PerIteration,
        );
    });
    group.bench_function("record 100k findings on top of a previous scan", |b| {
        b.iter_batched(
            || {
                let dir = tempfile::tempdir().unwrap();
                let mut store = Store::open(&dir.path().join("h.db")).unwrap();
                store.record_scan(&first).unwrap();
                (dir, store)
            },
            |(dir, mut store)| {
                store.record_scan(&second).unwrap();
                (dir, store)
            },
            BatchSize::PerIteration,
        );
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
