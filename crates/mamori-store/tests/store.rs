//! The store's behaviour: migrations, lifecycle, risks and the audit chain.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, clippy::panic)]

use mamori_store::audit::{self, ProblemKind};
use mamori_store::risk::{Change, Treatment};
use mamori_store::schema;
use mamori_store::{FindingRow, ScanInput, Store};
use rusqlite::Connection;

fn row(code: &'static str, resource: &'static str, status: &'static str) -> FindingRow<'static> {
    FindingRow {
        code,
        account: "123456789012",
        region: "us-east-1",
        resource,
        resource_type: "AwsS3Bucket",
        status,
        severity: "high",
        muted: false,
        evidence: Some(format!(r#"{{"resource":"{resource}"}}"#)),
        reason: None,
        likelihood: 3,
        impact: 3,
        asset_class: None,
    }
}

fn input(day: u32, findings: Vec<FindingRow<'static>>) -> ScanInput<'static> {
    ScanInput {
        recorded_at: format!("2026-01-{day:02}T00:00:00Z"),
        today: format!("2026-01-{day:02}"),
        started_at: format!("2026-01-{day:02}T00:00:00Z"),
        source: "test".to_string(),
        snapshot_digest: format!("digest-{day}"),
        mamori_version: "0.1.0".to_string(),
        accounts: vec!["123456789012".to_string()],
        regions: vec!["us-east-1".to_string()],
        scope: serde_json::json!({}),
        codes: vec!["S3-001".to_string(), "S3-003".to_string()],
        actor: "tester".to_string(),
        out_of_scope: Vec::new(),
        findings,
        assets: Some(format!(r#"[{{"arn":"a","day":{day}}}]"#)),
    }
}

fn lifecycle_of(store: &Store, scan: i64, resource: &str) -> Option<String> {
    store
        .connection()
        .query_row(
            "SELECT r.lifecycle FROM results r JOIN findings f ON f.id = r.finding_id WHERE r.scan_id = ?1 AND f.resource = ?2",
            rusqlite::params![scan, resource],
            |r| r.get(0),
        )
        .unwrap_or(None)
}

#[test]
fn findings_move_through_new_open_resolved_and_reopened() {
    let mut store = Store::in_memory().unwrap();
    let s1 =
        store.record_scan(&input(1, vec![row("S3-001", "a", "fail"), row("S3-001", "b", "fail"), row("S3-001", "c", "pass")])).unwrap();
    assert_eq!((s1.new, s1.open, s1.resolved, s1.reopened), (2, 0, 0, 0));
    let s2 =
        store.record_scan(&input(2, vec![row("S3-001", "a", "fail"), row("S3-001", "b", "pass"), row("S3-001", "c", "fail")])).unwrap();
    assert_eq!((s2.new, s2.open, s2.resolved, s2.reopened), (1, 1, 1, 0));
    // b fails again; a is no longer reported (deleted bucket): resolved.
    let s3 = store.record_scan(&input(3, vec![row("S3-001", "b", "fail"), row("S3-001", "c", "fail")])).unwrap();
    assert_eq!((s3.new, s3.open, s3.resolved, s3.reopened), (0, 1, 1, 1));
    assert_eq!(lifecycle_of(&store, s3.scan, "b").as_deref(), Some("reopened"));
    assert_eq!(lifecycle_of(&store, s3.scan, "a").as_deref(), Some("resolved"));

    // Metrics from the per-scan counts: a opened on day 1, resolved on day 3
    // (2 days); b opened day 1, resolved day 2 (1 day); c is still open.
    let m = store.metrics().unwrap();
    assert_eq!(
        m.scans.iter().map(|s| (s.fail, s.new, s.resolved, s.reopened)).collect::<Vec<_>>(),
        [(2, 2, 0, 0), (2, 1, 1, 0), (2, 0, 1, 1)]
    );
    assert_eq!((m.remediated, m.mean_days_to_remediate), (2, Some(1.5)));
    assert_eq!(m.scans[0].failing_by_area.get("S3"), Some(&2));
    let counts = store.code_counts(s2.scan).unwrap();
    assert_eq!((counts["S3-001"].pass, counts["S3-001"].fail), (1, 2));
    let scans = store.scans().unwrap();
    assert_eq!(scans.iter().map(|s| (s.findings, s.failing)).collect::<Vec<_>>(), [(3, 2), (3, 2), (2, 2)]);

    let diff = store.diff(s2.scan, s3.scan).unwrap();
    assert_eq!(diff.failing.iter().map(|c| (c.resource.as_str(), c.lifecycle.as_deref())).collect::<Vec<_>>(), [("b", Some("reopened"))]);
    assert_eq!(diff.resolved.iter().map(|c| (c.resource.as_str(), c.after.as_str())).collect::<Vec<_>>(), [("a", "gone")]);
    assert_eq!(diff.still_failing, 1);
}

#[test]
fn unknown_and_uncovered_findings_are_never_resolved() {
    let mut store = Store::in_memory().unwrap();
    let mut other_region = row("S3-001", "x", "fail");
    other_region.region = "eu-west-1";
    store
        .record_scan(&input(1, vec![row("S3-001", "a", "fail"), other_region, row("S3-003", "b", "fail"), row("S3-001", "c", "fail")]))
        .unwrap();
    // a is unknown now; x's region was not collected; S3-003 did not run;
    // c was left out of the scope.
    let mut next = input(2, vec![row("S3-001", "a", "unknown")]);
    next.codes = vec!["S3-001".to_string()];
    next.out_of_scope = vec!["c".to_string()];
    let s2 = store.record_scan(&next).unwrap();
    assert_eq!(s2.resolved, 0);
    assert_eq!(lifecycle_of(&store, s2.scan, "a").as_deref(), Some("open"));
    let diff = store.diff(1, 2).unwrap();
    assert!(diff.resolved.is_empty());
    assert_eq!(diff.unassessed.len(), 4);
    let open: i64 = store.connection().query_row("SELECT count(*) FROM findings WHERE open = 1", [], |r| r.get(0)).unwrap();
    assert_eq!(open, 4, "a, x, b and c are all still open");
}

#[test]
fn risks_open_close_and_expired_acceptances_reopen() {
    let mut store = Store::in_memory().unwrap();
    let s1 = store.record_scan(&input(1, vec![row("S3-001", "a", "fail"), row("S3-001", "b", "fail")])).unwrap();
    assert_eq!(s1.risks_opened.len(), 2);
    let id = s1.risks_opened[0];
    let change = Change { actor: "ciso", at: "2026-01-01T10:00:00Z", today: "2026-01-01" };
    let past = Treatment::Accept { approver: "ciso".into(), reason: "legacy".into(), expires: "2025-12-31".into() };
    assert!(store.treat(id, &past, &change).is_err(), "an expiry in the past is refused");
    let accept =
        Treatment::Accept { approver: "ciso".into(), reason: "legacy system, replaced in Q1".into(), expires: "2026-01-05".into() };
    let risk = store.treat(id, &accept, &change).unwrap();
    assert_eq!((risk.state.as_str(), risk.treatment.as_deref()), ("treated", Some("accept")));

    // Before the expiry the acceptance holds.
    let s2 = store.record_scan(&input(4, vec![row("S3-001", "a", "fail"), row("S3-001", "b", "fail")])).unwrap();
    assert!(s2.acceptances_expired.is_empty());
    assert_eq!(store.risk(id, "2026-01-04").unwrap().state, "treated");
    // After it, the next scan returns the risk to open.
    let s3 = store.record_scan(&input(6, vec![row("S3-001", "a", "fail"), row("S3-001", "b", "pass")])).unwrap();
    assert_eq!(s3.acceptances_expired, vec![id]);
    let risk = store.risk(id, "2026-01-06").unwrap();
    assert_eq!((risk.state.as_str(), risk.treatment.as_deref()), ("open", None));
    // b was resolved: its risk closed.
    assert_eq!(s3.risks_closed.len(), 1);
    let actions: Vec<String> = audit::entries(store.connection(), None).unwrap().into_iter().map(|e| e.action).collect();
    assert!(actions.contains(&"risk.accept".to_string()) && actions.contains(&"risk.acceptance_expired".to_string()), "{actions:?}");
    assert!(audit::verify(store.connection(), None).unwrap().problem.is_none());
}

/// A database with three scans and a treatment: a chain of six entries.
fn busy_store(dir: &std::path::Path) -> Store {
    let mut store = Store::open(&dir.join("h.db")).unwrap();
    store.record_scan(&input(1, vec![row("S3-001", "a", "fail"), row("S3-001", "b", "fail")])).unwrap();
    store.record_scan(&input(2, vec![row("S3-001", "a", "fail"), row("S3-001", "b", "pass")])).unwrap();
    let change = Change { actor: "ciso", at: "2026-01-02T10:00:00Z", today: "2026-01-02" };
    store.treat(1, &Treatment::Mitigate { owner: "platform".into(), due: "2026-02-01".into() }, &change).unwrap();
    store.assess(1, 4, 5, &change).unwrap();
    store.record_scan(&input(3, vec![row("S3-001", "a", "fail"), row("S3-001", "b", "fail")])).unwrap();
    store
}

fn problem(store: &Store) -> Option<(i64, ProblemKind)> {
    audit::verify(store.connection(), None).unwrap().problem.map(|p| (p.seq, p.kind))
}

#[test]
fn audit_detects_edits_deletions_and_reordering_of_every_entry() {
    let dir = tempfile::tempdir().unwrap();
    let entries = {
        let store = busy_store(dir.path());
        let v = audit::verify(store.connection(), None).unwrap();
        assert!(v.problem.is_none(), "{v:?}");
        v.entries
    };
    assert!(entries >= 5, "{entries}");
    for seq in 1..=entries {
        // Edit one field.
        for column in ["at", "actor", "action", "subject", "detail"] {
            let d = tempfile::tempdir().unwrap();
            let store = busy_store(d.path());
            store.connection().execute(&format!("UPDATE audit SET {column} = {column} || 'x' WHERE seq = ?1"), [seq]).unwrap();
            assert_eq!(problem(&store), Some((seq, ProblemKind::Edited)), "edit of {column} in {seq}");
        }
        // Delete it.
        let d = tempfile::tempdir().unwrap();
        let store = busy_store(d.path());
        store.connection().execute("DELETE FROM audit WHERE seq = ?1", [seq]).unwrap();
        let found = problem(&store).expect("deletion detected");
        if seq == entries {
            assert!(matches!(found.1, ProblemKind::Truncated { .. }), "{found:?}");
        } else {
            assert_eq!(found, (seq, ProblemKind::Missing));
        }
        // Swap it with the next one (all columns but the number).
        if seq < entries {
            let d = tempfile::tempdir().unwrap();
            let store = busy_store(d.path());
            let c = store.connection();
            c.execute("UPDATE audit SET seq = -1 WHERE seq = ?1", [seq]).unwrap();
            c.execute("UPDATE audit SET seq = ?1 WHERE seq = ?2", [seq, seq + 1]).unwrap();
            c.execute("UPDATE audit SET seq = ?1 WHERE seq = -1", [seq + 1]).unwrap();
            assert_eq!(problem(&store), Some((seq, ProblemKind::Edited)), "swap of {seq} and {}", seq + 1);
        }
    }
}

#[test]
fn audit_detects_a_truncated_tail_even_with_the_head_rewritten() {
    let dir = tempfile::tempdir().unwrap();
    let store = busy_store(dir.path());
    let last: i64 = store.connection().query_row("SELECT max(seq) FROM audit", [], |r| r.get(0)).unwrap();
    let prev: String = store.connection().query_row("SELECT hash FROM audit WHERE seq = ?1", [last - 1], |r| r.get(0)).unwrap();
    store.connection().execute("DELETE FROM audit WHERE seq = ?1", [last]).unwrap();
    store.connection().execute("UPDATE meta SET value = ?1 WHERE key = 'audit_head'", [format!("{}:{prev}", last - 1)]).unwrap();
    // The last scan still points at the deleted entry.
    assert!(matches!(problem(&store), Some((_, ProblemKind::Truncated { .. }))));
}

#[test]
fn audit_detects_edited_results_and_an_unexpected_head() {
    let dir = tempfile::tempdir().unwrap();
    let store = busy_store(dir.path());
    let head = audit::verify(store.connection(), None).unwrap().head.unwrap();
    assert!(audit::verify(store.connection(), Some(&head)).unwrap().problem.is_none());
    assert!(matches!(
        audit::verify(store.connection(), Some("feed")).unwrap().problem.map(|p| p.kind),
        Some(ProblemKind::UnexpectedHead { .. })
    ));
    store.connection().execute("UPDATE results SET status = 'pass' WHERE scan_id = 2 AND status = 'fail'", []).unwrap();
    assert!(matches!(problem(&store), Some((_, ProblemKind::ResultsChanged { scan: 2 }))));
}

/// Builds a database at `version` holding one scan written the way that
/// version's mamori would have, then opens it with the current code.
fn database_at(version: i64, path: &std::path::Path) {
    let mut conn = Connection::open(path).unwrap();
    schema::migrate_to(&mut conn, "test", version).unwrap();
    if version >= 1 {
        conn.execute_batch(
            "INSERT INTO scans (id, recorded_at, started_at, source, snapshot_digest, mamori_version, accounts, regions, scope, codes)
               VALUES (1, '2025-12-01T00:00:00Z', '2025-12-01T00:00:00Z', 'demo', 'd1', '0.0.9', '[\"123456789012\"]', '[\"us-east-1\"]', '{}', '[\"S3-001\"]');
             INSERT INTO findings (id, fingerprint, code, account, region, resource, resource_type, first_seen, open, ever_failed)
               VALUES (1, 'FP', 'S3-001', '123456789012', 'us-east-1', 'a', 'AwsS3Bucket', 1, 1, 1);
             INSERT INTO results (scan_id, finding_id, status, severity, muted, lifecycle) VALUES (1, 1, 'fail', 'high', 0, 'new');",
        )
        .unwrap();
        let fp = mamori_store::record::fingerprint("S3-001", "123456789012", "us-east-1", "a");
        conn.execute("UPDATE findings SET fingerprint = ?1", [fp]).unwrap();
    }
    if version >= 2 {
        conn.execute_batch(
            "INSERT INTO risks (id, finding_id, likelihood, impact, state, opened_scan, updated_at) VALUES (1, 1, 3, 3, 'open', 1, '2025-12-01T00:00:00Z');",
        )
        .unwrap();
    }
}

#[test]
fn migrations_run_from_empty_and_from_every_earlier_version() {
    let fresh = Store::in_memory().unwrap();
    assert_eq!(schema::version(fresh.connection()).unwrap(), schema::latest());
    let schema_of = |c: &Connection| -> Vec<String> {
        let mut stmt = c.prepare("SELECT sql FROM sqlite_schema WHERE sql IS NOT NULL ORDER BY name").unwrap();
        stmt.query_map([], |r| r.get(0)).unwrap().map(|s| s.unwrap()).collect()
    };
    let expected = schema_of(fresh.connection());
    for version in 0..schema::latest() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("old.db");
        database_at(version, &path);
        let mut store = Store::open(&path).unwrap();
        assert_eq!(schema::version(store.connection()).unwrap(), schema::latest(), "from {version}");
        assert_eq!(schema_of(store.connection()), expected, "from {version}");
        let v = audit::verify(store.connection(), None).unwrap();
        assert!(v.problem.is_none(), "from {version}: {v:?}");
        // The old scan survives, and the next scan continues its history.
        let scans = store.scans().unwrap();
        assert_eq!(scans.len(), usize::from(version >= 1), "from {version}");
        if version >= 1 {
            assert_eq!((scans[0].findings, scans[0].failing), (1, 1), "from {version}: the counts were backfilled");
        }
        let next = store.record_scan(&input(2, vec![row("S3-001", "a", "fail")])).unwrap();
        assert_eq!(store.assets(next.scan).unwrap().as_deref(), Some(r#"[{"arn":"a","day":2}]"#));
        if version >= 1 {
            assert_eq!((next.new, next.open), (0, 1), "from {version}: the old failure is still the same finding");
        }
        assert!(audit::verify(store.connection(), None).unwrap().problem.is_none(), "from {version}");
    }
}

#[test]
fn a_newer_database_is_refused_with_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("new.db");
    Connection::open(&path).unwrap().pragma_update(None, "user_version", 99).unwrap();
    let err = Store::open(&path).err().unwrap().to_string();
    assert!(err.contains("schema version 99") && err.contains("new.db"), "{err}");
}
