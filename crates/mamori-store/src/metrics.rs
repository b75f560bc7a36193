//! Trends from the history (whitepaper Table 22): open findings by severity
//! and area per scan, new and resolved per scan, mean time to remediate,
//! and per-code pass counts for framework pass rates.

use std::collections::{BTreeMap, HashMap};

use rusqlite::params;
use serde::Serialize;

use crate::{Result, Store};

/// One scan's figures.
#[derive(Clone, Debug, Default, Serialize)]
pub struct ScanMetrics {
    pub scan: i64,
    pub started_at: String,
    /// Failing findings by severity.
    pub failing_by_severity: BTreeMap<String, i64>,
    /// Failing findings by area (the code's prefix: IAM, S3, NET, …).
    pub failing_by_area: BTreeMap<String, i64>,
    pub new: i64,
    pub reopened: i64,
    pub resolved: i64,
    pub pass: i64,
    pub fail: i64,
    pub unknown: i64,
}

/// Pass, fail and unknown counts of one code in one scan.
#[derive(Clone, Debug, Default, Serialize)]
pub struct CodeCounts {
    pub pass: i64,
    pub fail: i64,
    pub unknown: i64,
    pub not_applicable: i64,
}

/// The history's figures.
#[derive(Clone, Debug, Default, Serialize)]
pub struct Metrics {
    pub scans: Vec<ScanMetrics>,
    /// Mean days from a finding's first failing scan to the scan that
    /// resolved it, over every resolution in the history.
    pub mean_days_to_remediate: Option<f64>,
    pub remediated: i64,
}

fn area(code: &str) -> &str {
    code.split('-').next().unwrap_or(code)
}

/// Days between two RFC 3339 times (their dates and clock, to the second).
fn days_between(a: &str, b: &str) -> Option<f64> {
    Some((seconds(b)? - seconds(a)?) as f64 / 86_400.0)
}

/// Seconds since 1970 of `YYYY-MM-DDTHH:MM:SS…` (UTC).
fn seconds(t: &str) -> Option<i64> {
    let n = |r: std::ops::Range<usize>| t.get(r).and_then(|s| s.parse::<i64>().ok());
    let (y, m, d) = (n(0..4)?, n(5..7)?, n(8..10)?);
    let (hh, mm, ss) = (n(11..13).unwrap_or(0), n(14..16).unwrap_or(0), n(17..19).unwrap_or(0));
    // Days from civil (Howard Hinnant's algorithm).
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    let days = era * 146_097 + doe - 719_468;
    Some(days * 86_400 + hh * 3600 + mm * 60 + ss)
}

impl Store {
    /// Figures for every scan, oldest first.
    pub fn metrics(&self) -> Result<Metrics> {
        let mut by_scan: BTreeMap<i64, ScanMetrics> = BTreeMap::new();
        {
            let mut stmt = self.conn.prepare("SELECT id, started_at FROM scans ORDER BY id")?;
            let mut rows = stmt.query([])?;
            while let Some(r) = rows.next()? {
                let id: i64 = r.get(0)?;
                by_scan.insert(id, ScanMetrics { scan: id, started_at: r.get(1)?, ..ScanMetrics::default() });
            }
        }
        let mut stmt = self.conn.prepare("SELECT scan_id, code, status, severity, nullif(lifecycle, ''), n FROM scan_stats")?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            let scan: i64 = r.get(0)?;
            let code: String = r.get(1)?;
            let status: String = r.get(2)?;
            let severity: String = r.get(3)?;
            let lifecycle: Option<String> = r.get(4)?;
            let n: i64 = r.get(5)?;
            let Some(m) = by_scan.get_mut(&scan) else { continue };
            match status.as_str() {
                "fail" => {
                    m.fail += n;
                    *m.failing_by_severity.entry(severity).or_default() += n;
                    *m.failing_by_area.entry(area(&code).to_string()).or_default() += n;
                }
                "pass" => m.pass += n,
                "unknown" => m.unknown += n,
                _ => {}
            }
            match lifecycle.as_deref() {
                Some("new") => m.new += n,
                Some("reopened") => m.reopened += n,
                Some("resolved") => m.resolved += n,
                _ => {}
            }
        }
        drop(rows);
        drop(stmt);

        // Time to remediate: from the scan where a finding started failing
        // (new or reopened) to the scan that resolved it.
        let started: HashMap<i64, String> = by_scan.values().map(|m| (m.scan, m.started_at.clone())).collect();
        let mut stmt = self.conn.prepare(
            "SELECT finding_id, scan_id, lifecycle FROM results INDEXED BY results_transitions
             WHERE lifecycle IN ('new', 'reopened', 'resolved') ORDER BY finding_id, scan_id",
        )?;
        let mut rows = stmt.query([])?;
        let (mut total, mut count) = (0.0, 0_i64);
        let mut opened: Option<(i64, i64)> = None;
        while let Some(r) = rows.next()? {
            let finding: i64 = r.get(0)?;
            let scan: i64 = r.get(1)?;
            let lifecycle: String = r.get(2)?;
            if lifecycle == "resolved" {
                if let Some((_, s)) = opened.filter(|(f, _)| *f == finding) {
                    if let Some(days) = started.get(&s).zip(started.get(&scan)).and_then(|(a, b)| days_between(a, b)) {
                        total += days;
                        count += 1;
                    }
                }
                opened = None;
            } else {
                opened = Some((finding, scan));
            }
        }
        Ok(Metrics {
            scans: by_scan.into_values().collect(),
            mean_days_to_remediate: (count > 0).then(|| total / count as f64),
            remediated: count,
        })
    }

    /// Per-code counts in one scan.
    pub fn code_counts(&self, scan: i64) -> Result<BTreeMap<String, CodeCounts>> {
        let mut stmt = self.conn.prepare("SELECT code, status, sum(n) FROM scan_stats WHERE scan_id = ?1 GROUP BY code, status")?;
        let mut rows = stmt.query(params![scan])?;
        let mut out: BTreeMap<String, CodeCounts> = BTreeMap::new();
        while let Some(r) = rows.next()? {
            let code: String = r.get(0)?;
            let status: String = r.get(1)?;
            let n: i64 = r.get(2)?;
            let c = out.entry(code).or_default();
            match status.as_str() {
                "pass" => c.pass += n,
                "fail" => c.fail += n,
                "unknown" => c.unknown += n,
                "not_applicable" => c.not_applicable += n,
                _ => {}
            }
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_between_counts_calendar_days() {
        assert_eq!(days_between("2026-02-28T00:00:00Z", "2026-03-01T00:00:00Z"), Some(1.0));
        assert_eq!(days_between("2024-02-28T00:00:00Z", "2024-03-01T12:00:00Z"), Some(2.5));
        assert_eq!(days_between("1970-01-01T00:00:00Z", "1970-01-01T00:00:00Z"), Some(0.0));
        assert_eq!(days_between("garbage", "2024-03-01T12:00:00Z"), None);
    }
}
