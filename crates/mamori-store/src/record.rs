//! Recording a scan: each finding's identity (a fingerprint of code and
//! resource), its result, and its lifecycle; the risks that open, close or
//! come back; the expired acceptances; and the audit entry. All in one
//! transaction: a scan is stored whole or not at all.

use std::collections::{HashMap, HashSet};

use rusqlite::{params, Connection};
use serde::Serialize;

use crate::{audit, hash_parts, Result, Store};

/// What the caller knows about one scan.
#[derive(Clone, Debug)]
pub struct ScanInput<'a> {
    /// When it was recorded (RFC 3339).
    pub recorded_at: String,
    /// The day that decides expiries (`YYYY-MM-DD`).
    pub today: String,
    /// When the snapshot was taken (RFC 3339).
    pub started_at: String,
    pub source: String,
    pub snapshot_digest: String,
    pub mamori_version: String,
    /// Accounts and regions the scan covered: an open finding elsewhere is
    /// not resolved by this scan's silence about it.
    pub accounts: Vec<String>,
    pub regions: Vec<String>,
    /// The scope as configured (accounts, regions, tag filters, exclusions).
    pub scope: serde_json::Value,
    /// Codes that ran.
    pub codes: Vec<String>,
    /// Resources the scope left out: their open findings stay open (not
    /// assessed), never resolved.
    pub out_of_scope: Vec<String>,
    /// Who ran it.
    pub actor: String,
    pub findings: Vec<FindingRow<'a>>,
    /// The asset register as JSON, stored compressed with the scan.
    pub assets: Option<String>,
}

/// One finding of the scan (borrowed from the caller's findings: a scan of
/// 100k resources has hundreds of thousands).
#[derive(Clone, Debug)]
pub struct FindingRow<'a> {
    pub code: &'a str,
    pub account: &'a str,
    pub region: &'a str,
    pub resource: &'a str,
    pub resource_type: &'a str,
    /// `fail`, `pass`, `not_applicable` or `unknown`.
    pub status: &'a str,
    pub severity: &'a str,
    pub muted: bool,
    /// JSON, for results that are not a pass (the store keeps no evidence
    /// of a pass; callers need not serialize it).
    pub evidence: Option<String>,
    pub reason: Option<String>,
    /// The risk's default likelihood and impact (1–5), used when a risk opens.
    pub likelihood: u8,
    pub impact: u8,
    /// The asset's data classification, when tagged.
    pub asset_class: Option<&'a str>,
}

/// Where a finding is in its life, as of one scan.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Lifecycle {
    /// Failing for the first time.
    New,
    /// Failing, and failing in the scan before.
    Open,
    /// Failing again after it was resolved.
    Reopened,
    /// Failing before, not failing now.
    Resolved,
}

impl Lifecycle {
    pub fn as_str(self) -> &'static str {
        match self {
            Lifecycle::New => "new",
            Lifecycle::Open => "open",
            Lifecycle::Reopened => "reopened",
            Lifecycle::Resolved => "resolved",
        }
    }

    pub fn parse(s: &str) -> Option<Lifecycle> {
        [Lifecycle::New, Lifecycle::Open, Lifecycle::Reopened, Lifecycle::Resolved].into_iter().find(|l| l.as_str() == s)
    }
}

/// What recording did.
#[derive(Clone, Debug, Default, Serialize)]
pub struct ScanSummary {
    pub scan: i64,
    pub new: usize,
    pub open: usize,
    pub reopened: usize,
    pub resolved: usize,
    pub risks_opened: Vec<i64>,
    pub risks_reopened: Vec<i64>,
    pub risks_closed: Vec<i64>,
    /// Acceptances whose expiry had passed: those risks are open again.
    pub acceptances_expired: Vec<i64>,
}

/// The stable identity of a finding: its code and resource (with the
/// account and region, since ids like `sg-…` are only unique there).
pub fn fingerprint(code: &str, account: &str, region: &str, resource: &str) -> String {
    let full = hash_parts(&[code, account, region, resource]);
    full.get(..32).unwrap_or(&full).to_string()
}

struct Known {
    id: i64,
    open: bool,
    ever_failed: bool,
}

/// For tests of durability: pause (and say so on standard error) after this
/// many results are written, so that a test can kill the writer mid-scan.
const PAUSE_ENV: &str = "MAMORI_STORE_TEST_PAUSE_AFTER";

impl Store {
    /// Records a scan and returns what changed.
    pub fn record_scan(&mut self, input: &ScanInput<'_>) -> Result<ScanSummary> {
        let pause_after: Option<usize> = std::env::var(PAUSE_ENV).ok().and_then(|v| v.parse().ok());
        let tx = self.conn.transaction()?;
        let summary = record(&tx, input, pause_after)?;
        tx.commit()?;
        Ok(summary)
    }
}

fn record(tx: &Connection, input: &ScanInput<'_>, pause_after: Option<usize>) -> Result<ScanSummary> {
    let json = |v: &Vec<String>| serde_json::to_string(v).unwrap_or_default();
    tx.execute(
        "INSERT INTO scans (recorded_at, started_at, source, snapshot_digest, mamori_version, accounts, regions, scope, codes)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
        params![
            input.recorded_at,
            input.started_at,
            input.source,
            input.snapshot_digest,
            input.mamori_version,
            json(&input.accounts),
            json(&input.regions),
            input.scope.to_string(),
            json(&input.codes)
        ],
    )?;
    let scan = tx.last_insert_rowid();
    let mut summary = ScanSummary { scan, ..ScanSummary::default() };

    let mut known: HashMap<String, Known> = HashMap::new();
    {
        let mut stmt = tx.prepare("SELECT fingerprint, id, open, ever_failed FROM findings")?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            known.insert(r.get(0)?, Known { id: r.get(1)?, open: r.get(2)?, ever_failed: r.get(3)? });
        }
    }

    let mut insert_finding = tx.prepare(
        "INSERT INTO findings (fingerprint, code, account, region, resource, resource_type, first_seen, open, ever_failed)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?8)",
    )?;
    let mut update_finding = tx.prepare("UPDATE findings SET open = ?2, ever_failed = ?3 WHERE id = ?1")?;
    let mut insert_result = tx.prepare(
        "INSERT OR IGNORE INTO results (scan_id, finding_id, status, severity, muted, lifecycle, evidence, reason)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    )?;
    // Failing findings whose risk may need to open: (finding id, row).
    let mut at_risk: Vec<(i64, &FindingRow<'_>)> = Vec::new();
    let mut seen: HashSet<i64> = HashSet::with_capacity(input.findings.len());
    let mut row_hashes: Vec<(i64, [u8; 32])> = Vec::with_capacity(input.findings.len());
    // Counts by code, status, severity and lifecycle (table scan_stats).
    let mut stats: std::collections::BTreeMap<(&str, &str, &str, &str), i64> = std::collections::BTreeMap::new();
    let mut gone_stats: Vec<(String, String)> = Vec::new();
    for (written, f) in input.findings.iter().enumerate() {
        if pause_after == Some(written) {
            eprintln!("mamori-store: paused after {written} results");
            std::thread::sleep(std::time::Duration::from_secs(600));
        }
        let fp = fingerprint(f.code, f.account, f.region, f.resource);
        let failing = f.status == "fail";
        let (id, lifecycle) = match known.get(&fp) {
            None => {
                insert_finding.execute(params![fp, f.code, f.account, f.region, f.resource, f.resource_type, scan, failing])?;
                let id = tx.last_insert_rowid();
                known.insert(fp.clone(), Known { id, open: failing, ever_failed: failing });
                (id, failing.then_some(Lifecycle::New))
            }
            Some(k) if seen.contains(&k.id) => continue,
            Some(k) => {
                let lifecycle = match (failing, f.status) {
                    (true, _) if k.open => Some(Lifecycle::Open),
                    (true, _) if k.ever_failed => Some(Lifecycle::Reopened),
                    (true, _) => Some(Lifecycle::New),
                    // Unknown is never a pass: an open finding stays open.
                    (false, "unknown") => k.open.then_some(Lifecycle::Open),
                    (false, _) => k.open.then_some(Lifecycle::Resolved),
                };
                let open = match lifecycle {
                    Some(Lifecycle::Resolved) => false,
                    Some(_) => true,
                    None => false,
                };
                if open != k.open || (failing && !k.ever_failed) {
                    update_finding.execute(params![k.id, open, k.ever_failed || failing])?;
                }
                (k.id, lifecycle)
            }
        };
        seen.insert(id);
        let evidence = if f.status == "pass" { None } else { f.evidence.as_deref() };
        let lifecycle_text = lifecycle.map(Lifecycle::as_str);
        insert_result.execute(params![scan, id, f.status, f.severity, f.muted, lifecycle_text, evidence, f.reason])?;
        *stats.entry((f.code, f.status, f.severity, lifecycle_text.unwrap_or(""))).or_default() += 1;
        row_hashes.push((id, audit::row_hash(&fp, f.status, f.severity, f.muted, lifecycle_text, evidence, f.reason.as_deref())));
        match lifecycle {
            Some(Lifecycle::New) => summary.new += 1,
            Some(Lifecycle::Open) => summary.open += 1,
            Some(Lifecycle::Reopened) => summary.reopened += 1,
            Some(Lifecycle::Resolved) => summary.resolved += 1,
            None => {}
        }
        if failing && !f.muted {
            at_risk.push((id, f));
        }
    }
    drop((insert_finding, update_finding, insert_result));

    // Open findings this scan did not report: resolved when the scan
    // covered them (the code ran, in their account and region); otherwise
    // not assessed, and left open.
    let codes: HashSet<&str> = input.codes.iter().map(String::as_str).collect();
    let accounts: HashSet<&str> = input.accounts.iter().map(String::as_str).collect();
    let regions: HashSet<&str> = input.regions.iter().map(String::as_str).collect();
    let mut gone = Vec::new();
    {
        let excluded: HashSet<&str> = input.out_of_scope.iter().map(String::as_str).collect();
        let mut stmt = tx.prepare("SELECT id, code, account, region, resource FROM findings WHERE open = 1")?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            let id: i64 = r.get(0)?;
            let (code, account, region, resource): (String, String, String, String) = (r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?);
            let covered = codes.contains(code.as_str())
                && !excluded.contains(resource.as_str())
                && (accounts.is_empty() || accounts.contains(account.as_str()))
                && (region == "global" || regions.contains(region.as_str()));
            if covered && !seen.contains(&id) {
                gone.push((id, code));
            }
        }
    }
    for (id, code) in &gone {
        tx.execute("UPDATE findings SET open = 0 WHERE id = ?1", params![id])?;
        let (fp, severity, muted): (String, String, bool) = tx.query_row(
            "SELECT f.fingerprint, r.severity, r.muted FROM results r JOIN findings f ON f.id = r.finding_id
             WHERE r.finding_id = ?1 ORDER BY r.scan_id DESC LIMIT 1",
            params![id],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )?;
        tx.execute(
            "INSERT INTO results (scan_id, finding_id, status, severity, muted, lifecycle) VALUES (?1, ?2, 'gone', ?3, ?4, 'resolved')",
            params![scan, id, severity, muted],
        )?;
        row_hashes.push((*id, audit::row_hash(&fp, "gone", &severity, muted, Some("resolved"), None, None)));
        gone_stats.push((code.clone(), severity));
        summary.resolved += 1;
    }

    if let Some(assets) = &input.assets {
        tx.execute("INSERT INTO scan_assets (scan_id, register) VALUES (?1, ?2)", params![scan, gzip(assets.as_bytes())?])?;
    }

    crate::risk::after_scan(tx, scan, input, &at_risk, &mut summary)?;
    for (code, severity) in &gone_stats {
        *stats.entry((code.as_str(), "gone", severity.as_str(), "resolved")).or_default() += 1;
    }
    {
        let mut insert =
            tx.prepare("INSERT INTO scan_stats (scan_id, code, status, severity, lifecycle, n) VALUES (?1, ?2, ?3, ?4, ?5, ?6)")?;
        for ((code, status, severity, lifecycle), n) in &stats {
            insert.execute(params![scan, code, status, severity, lifecycle, n])?;
        }
    }
    let digest = audit::digest_rows(&mut row_hashes);
    let detail = serde_json::json!({
        "scan": scan,
        "snapshot_digest": input.snapshot_digest,
        "results_digest": digest,
        "findings": seen.len(),
        "new": summary.new,
        "reopened": summary.reopened,
        "resolved": summary.resolved,
        "risks_opened": summary.risks_opened,
        "risks_reopened": summary.risks_reopened,
        "risks_closed": summary.risks_closed,
        "acceptances_expired": summary.acceptances_expired,
    });
    let seq = audit::append(tx, &input.recorded_at, &input.actor, "scan.recorded", &format!("scan {scan}"), &detail)?;
    tx.execute("UPDATE scans SET audit_seq = ?1 WHERE id = ?2", params![seq, scan])?;
    Ok(summary)
}

fn gzip(bytes: &[u8]) -> Result<Vec<u8>> {
    use std::io::Write;
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    enc.write_all(bytes).and_then(|()| enc.finish()).map_err(|e| crate::Error::Damaged(format!("cannot compress the asset register: {e}")))
}

impl Store {
    /// The asset register recorded with a scan (JSON), if one was.
    pub fn assets(&self, scan: i64) -> Result<Option<String>> {
        use rusqlite::OptionalExtension;
        use std::io::Read;
        let blob: Option<Vec<u8>> =
            self.conn.query_row("SELECT register FROM scan_assets WHERE scan_id = ?1", params![scan], |r| r.get(0)).optional()?;
        let Some(blob) = blob else { return Ok(None) };
        let mut text = String::new();
        flate2::read::GzDecoder::new(blob.as_slice())
            .read_to_string(&mut text)
            .map_err(|e| crate::Error::Damaged(format!("the asset register of scan {scan}: {e}")))?;
        Ok(Some(text))
    }
}
