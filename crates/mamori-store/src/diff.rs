//! What changed between two scans.

use std::collections::HashMap;

use rusqlite::params;
use serde::Serialize;

use crate::{Result, Store};

/// One finding that changed.
#[derive(Clone, Debug, Serialize)]
pub struct Change {
    pub fingerprint: String,
    pub code: String,
    pub account: String,
    pub region: String,
    pub resource: String,
    pub severity: String,
    /// Status in the earlier scan (`absent` when it did not report it).
    pub before: String,
    /// Status in the later scan.
    pub after: String,
    /// The later scan's lifecycle for it (`new`, `reopened`, `resolved`, …).
    pub lifecycle: Option<String>,
}

/// The difference between scan `from` and scan `to`.
#[derive(Clone, Debug, Serialize)]
pub struct Diff {
    pub from: i64,
    pub to: i64,
    /// Failing in `to`, not in `from`: new ones and reopened ones.
    pub failing: Vec<Change>,
    /// Failing in `from`, passing, not applicable or gone in `to`.
    pub resolved: Vec<Change>,
    /// Failing in `from`, unknown or not assessed in `to`: not a pass.
    pub unassessed: Vec<Change>,
    /// Failing in both.
    pub still_failing: usize,
}

struct Row {
    fingerprint: String,
    code: String,
    account: String,
    region: String,
    resource: String,
    status: String,
    severity: String,
    lifecycle: Option<String>,
}

impl Store {
    fn results_of(&self, scan: i64) -> Result<HashMap<i64, Row>> {
        let mut stmt = self.conn.prepare(
            "SELECT r.finding_id, f.fingerprint, f.code, f.account, f.region, f.resource, r.status, r.severity, r.lifecycle
             FROM results r JOIN findings f ON f.id = r.finding_id WHERE r.scan_id = ?1",
        )?;
        let rows = stmt.query_map(params![scan], |r| {
            Ok((
                r.get(0)?,
                Row {
                    fingerprint: r.get(1)?,
                    code: r.get(2)?,
                    account: r.get(3)?,
                    region: r.get(4)?,
                    resource: r.get(5)?,
                    status: r.get(6)?,
                    severity: r.get(7)?,
                    lifecycle: r.get(8)?,
                },
            ))
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Compares two scans.
    pub fn diff(&self, from: i64, to: i64) -> Result<Diff> {
        let before = self.results_of(from)?;
        let after = self.results_of(to)?;
        let change = |row: &Row, b: &str, a: &str, lifecycle: Option<String>| Change {
            fingerprint: row.fingerprint.clone(),
            code: row.code.clone(),
            account: row.account.clone(),
            region: row.region.clone(),
            resource: row.resource.clone(),
            severity: row.severity.clone(),
            before: b.to_string(),
            after: a.to_string(),
            lifecycle,
        };
        let mut diff = Diff { from, to, failing: Vec::new(), resolved: Vec::new(), unassessed: Vec::new(), still_failing: 0 };
        for (id, row) in &after {
            if row.status != "fail" {
                continue;
            }
            match before.get(id) {
                Some(b) if b.status == "fail" => diff.still_failing += 1,
                Some(b) => diff.failing.push(change(row, &b.status, "fail", row.lifecycle.clone())),
                None => diff.failing.push(change(row, "absent", "fail", row.lifecycle.clone())),
            }
        }
        for (id, row) in &before {
            if row.status != "fail" {
                continue;
            }
            match after.get(id) {
                Some(a) if a.status == "fail" => {}
                Some(a) if a.status == "unknown" => diff.unassessed.push(change(row, "fail", "unknown", a.lifecycle.clone())),
                Some(a) => diff.resolved.push(change(row, "fail", &a.status, a.lifecycle.clone())),
                None => diff.unassessed.push(change(row, "fail", "absent", None)),
            }
        }
        for list in [&mut diff.failing, &mut diff.resolved, &mut diff.unassessed] {
            list.sort_by(|a, b| (&a.code, &a.account, &a.region, &a.resource).cmp(&(&b.code, &b.account, &b.region, &b.resource)));
        }
        Ok(diff)
    }
}

/// One stored result, as the dashboard shows it.
#[derive(Clone, Debug, Serialize)]
pub struct StoredResult {
    pub code: String,
    pub account: String,
    pub region: String,
    pub resource: String,
    pub resource_type: String,
    pub status: String,
    pub severity: String,
    pub muted: bool,
    pub lifecycle: Option<String>,
    /// JSON text.
    pub evidence: Option<String>,
    /// JSON text.
    pub reason: Option<String>,
}

impl Store {
    /// Every result of one scan, in code then resource order (`gone` ones left out).
    /// (Sorted here rather than by SQLite: the primary-key order needs no sort there.)
    pub fn results(&self, scan: i64) -> Result<Vec<StoredResult>> {
        let mut stmt = self.conn.prepare(
            "SELECT f.code, f.account, f.region, f.resource, f.resource_type, r.status, r.severity, r.muted, r.lifecycle, r.evidence, r.reason
             FROM results r JOIN findings f ON f.id = r.finding_id WHERE r.scan_id = ?1 AND r.status <> 'gone'",
        )?;
        let rows = stmt.query_map(params![scan], |r| {
            Ok(StoredResult {
                code: r.get(0)?,
                account: r.get(1)?,
                region: r.get(2)?,
                resource: r.get(3)?,
                resource_type: r.get(4)?,
                status: r.get(5)?,
                severity: r.get(6)?,
                muted: r.get(7)?,
                lifecycle: r.get(8)?,
                evidence: r.get(9)?,
                reason: r.get(10)?,
            })
        })?;
        let mut list: Vec<StoredResult> = rows.collect::<rusqlite::Result<_>>()?;
        list.sort_unstable_by(|a, b| (&a.code, &a.account, &a.region, &a.resource).cmp(&(&b.code, &b.account, &b.region, &b.resource)));
        Ok(list)
    }
}
