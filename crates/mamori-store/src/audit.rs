//! The audit trail: an append-only log of every scan and every change to
//! the risk register, each entry carrying the hash of the one before.
//!
//! Editing an entry breaks its own hash; deleting or reordering entries
//! breaks the sequence or the link to the previous hash; deleting entries
//! at the end leaves the recorded head (and the scans that point past the
//! end) without their entries. A scan's entry also holds a digest of the
//! scan's results, so editing a stored result shows too. Someone who can
//! rewrite the whole database can rewrite the whole chain: to guard against
//! that, keep the head (`mamori audit verify` prints it) somewhere else and
//! compare it later with `--expect`.

use rusqlite::{params, Connection, OptionalExtension};
use serde::Serialize;

use crate::{hash_parts, Result};

/// The `prev` of the first entry.
pub const ORIGIN: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// One entry of the trail.
#[derive(Clone, Debug, Serialize)]
pub struct Entry {
    pub seq: i64,
    pub at: String,
    pub actor: String,
    pub action: String,
    pub subject: String,
    pub detail: serde_json::Value,
    pub prev: String,
    pub hash: String,
}

fn entry_hash(seq: i64, at: &str, actor: &str, action: &str, subject: &str, detail: &str, prev: &str) -> String {
    hash_parts(&[&seq.to_string(), at, actor, action, subject, detail, prev])
}

/// Appends an entry and moves the recorded head; returns its sequence number.
pub fn append(conn: &Connection, at: &str, actor: &str, action: &str, subject: &str, detail: &serde_json::Value) -> Result<i64> {
    let head: Option<(i64, String)> =
        conn.query_row("SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1", [], |r| Ok((r.get(0)?, r.get(1)?))).optional()?;
    let (seq, prev) = match head {
        Some((seq, hash)) => (seq + 1, hash),
        None => (1, ORIGIN.to_string()),
    };
    let detail = detail.to_string();
    let hash = entry_hash(seq, at, actor, action, subject, &detail, &prev);
    conn.execute(
        "INSERT INTO audit (seq, at, actor, action, subject, detail, prev, hash) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        params![seq, at, actor, action, subject, detail, prev, hash],
    )?;
    conn.execute("INSERT OR REPLACE INTO meta (key, value) VALUES ('audit_head', ?1)", params![format!("{seq}:{hash}")])?;
    Ok(seq)
}

/// The first entry, written by the migration that added the trail: it
/// adopts the scans recorded before, with their results' digests.
pub(crate) fn genesis(conn: &Connection) -> Result<()> {
    let mut scans = Vec::new();
    {
        let mut stmt = conn.prepare("SELECT id FROM scans ORDER BY id")?;
        let ids: Vec<i64> = stmt.query_map([], |r| r.get(0))?.collect::<rusqlite::Result<_>>()?;
        for id in ids {
            scans.push(serde_json::json!({ "scan": id, "results_digest": results_digest(conn, id)? }));
        }
    }
    let at: String = conn.query_row("SELECT strftime('%Y-%m-%dT%H:%M:%SZ', 'now')", [], |r| r.get(0))?;
    let seq = append(conn, &at, "mamori", "audit.started", "history", &serde_json::json!({ "scans": scans }))?;
    conn.execute("UPDATE scans SET audit_seq = ?1", params![seq])?;
    Ok(())
}

/// The hash of one stored result: its finding's fingerprint and every
/// stored field.
pub(crate) fn row_hash(
    fingerprint: &str,
    status: &str,
    severity: &str,
    muted: bool,
    lifecycle: Option<&str>,
    evidence: Option<&str>,
    reason: Option<&str>,
) -> [u8; 32] {
    use sha2::{Digest, Sha256};
    let mut h = Sha256::new();
    for part in [
        fingerprint,
        status,
        severity,
        if muted { "1" } else { "0" },
        lifecycle.unwrap_or(""),
        evidence.unwrap_or(""),
        reason.unwrap_or(""),
    ] {
        h.update((part.len() as u64).to_le_bytes());
        h.update(part.as_bytes());
    }
    h.finalize().into()
}

/// The digest of a scan's results: SHA-256 over the row hashes in finding
/// order. The writer computes it from the rows it inserts; verification
/// recomputes it from the database.
pub(crate) fn digest_rows(rows: &mut [(i64, [u8; 32])]) -> String {
    use sha2::{Digest, Sha256};
    rows.sort_unstable_by_key(|(id, _)| *id);
    let mut h = Sha256::new();
    for (_, row) in rows.iter() {
        h.update(row);
    }
    hex::encode(h.finalize())
}

/// A digest of everything stored for one scan's results, read back from the database.
pub fn results_digest(conn: &Connection, scan: i64) -> Result<String> {
    let mut stmt = conn.prepare(
        "SELECT r.finding_id, f.fingerprint, r.status, r.severity, r.muted, r.lifecycle, r.evidence, r.reason
         FROM results r JOIN findings f ON f.id = r.finding_id WHERE r.scan_id = ?1",
    )?;
    let mut rows = stmt.query(params![scan])?;
    let mut hashes = Vec::new();
    while let Some(r) = rows.next()? {
        let text = |i: usize| -> rusqlite::Result<Option<String>> { r.get(i) };
        hashes.push((
            r.get(0)?,
            row_hash(
                &r.get::<_, String>(1)?,
                &r.get::<_, String>(2)?,
                &r.get::<_, String>(3)?,
                r.get(4)?,
                text(5)?.as_deref(),
                text(6)?.as_deref(),
                text(7)?.as_deref(),
            ),
        ));
    }
    Ok(digest_rows(&mut hashes))
}

/// What `verify` found.
#[derive(Clone, Debug, Serialize)]
pub struct Verification {
    /// Entries read.
    pub entries: i64,
    /// The last entry's hash (give it to `--expect` later).
    pub head: Option<String>,
    /// The first problem, if any.
    pub problem: Option<Problem>,
}

/// The first bad entry and what is wrong with it.
#[derive(Clone, Debug, Serialize)]
pub struct Problem {
    pub seq: i64,
    pub kind: ProblemKind,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum ProblemKind {
    /// The entry's content does not match its hash.
    Edited,
    /// The entry with this number is missing.
    Missing,
    /// The entry does not follow the one before it (moved, or its
    /// predecessor was replaced).
    Unlinked,
    /// Entries after this one were deleted.
    Truncated { recorded_head: i64 },
    /// The scan's stored results do not match the digest in this entry.
    ResultsChanged { scan: i64 },
    /// The head is not the one expected.
    UnexpectedHead { expected: String },
}

/// Walks the chain from the first entry and stops at the first problem.
pub fn verify(conn: &Connection, expect: Option<&str>) -> Result<Verification> {
    let mut stmt = conn.prepare("SELECT seq, at, actor, action, subject, detail, prev, hash FROM audit ORDER BY rowid")?;
    let mut rows = stmt.query([])?;
    let mut expected_seq = 1;
    let mut prev = ORIGIN.to_string();
    let mut scan_entries = Vec::new();
    let fail = |seq, kind, entries| Ok(Verification { entries, head: None, problem: Some(Problem { seq, kind }) });
    while let Some(r) = rows.next()? {
        let seq: i64 = r.get(0)?;
        let (at, actor, action, subject, detail, stored_prev, hash): (String, String, String, String, String, String, String) =
            (r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?, r.get(6)?, r.get(7)?);
        if seq > expected_seq {
            return fail(expected_seq, ProblemKind::Missing, expected_seq - 1);
        }
        if entry_hash(seq, &at, &actor, &action, &subject, &detail, &stored_prev) != hash || seq < expected_seq {
            return fail(expected_seq, ProblemKind::Edited, expected_seq - 1);
        }
        if stored_prev != prev {
            return fail(seq, ProblemKind::Unlinked, expected_seq - 1);
        }
        if action == "scan.recorded" || action == "audit.started" {
            scan_entries.push((seq, detail));
        }
        prev = hash;
        expected_seq += 1;
    }
    let entries = expected_seq - 1;
    let recorded: Option<String> = conn.query_row("SELECT value FROM meta WHERE key = 'audit_head'", [], |r| r.get(0)).optional()?;
    let recorded_seq = recorded.as_deref().and_then(|v| v.split(':').next()).and_then(|n| n.parse::<i64>().ok()).unwrap_or(0);
    let scans_seq: i64 = conn.query_row("SELECT coalesce(max(audit_seq), 0) FROM scans", [], |r| r.get(0))?;
    let recorded_head = recorded_seq.max(scans_seq);
    if recorded_head > entries || recorded.as_deref().is_some_and(|v| v != format!("{entries}:{prev}")) {
        return fail(entries + 1, ProblemKind::Truncated { recorded_head }, entries);
    }
    for (seq, detail) in scan_entries {
        let detail: serde_json::Value = serde_json::from_str(&detail).unwrap_or_default();
        let listed: Vec<(i64, String)> = match detail.get("scans").and_then(|s| s.as_array()) {
            Some(list) => {
                list.iter().filter_map(|s| Some((s.get("scan")?.as_i64()?, s.get("results_digest")?.as_str()?.to_string()))).collect()
            }
            None => detail
                .get("scan")
                .and_then(|s| s.as_i64())
                .zip(detail.get("results_digest").and_then(|d| d.as_str()))
                .map(|(s, d)| vec![(s, d.to_string())])
                .unwrap_or_default(),
        };
        for (scan, digest) in listed {
            if results_digest(conn, scan)? != digest {
                return fail(seq, ProblemKind::ResultsChanged { scan }, entries);
            }
        }
    }
    if let Some(expected) = expect.filter(|e| *e != prev) {
        return fail(entries, ProblemKind::UnexpectedHead { expected: expected.to_string() }, entries);
    }
    Ok(Verification { entries, head: (entries > 0).then_some(prev), problem: None })
}

/// The entries, oldest first (`limit` most recent when given).
pub fn entries(conn: &Connection, limit: Option<i64>) -> Result<Vec<Entry>> {
    let mut stmt = conn.prepare(
        "SELECT seq, at, actor, action, subject, detail, prev, hash FROM
           (SELECT * FROM audit ORDER BY seq DESC LIMIT ?1) ORDER BY seq",
    )?;
    let rows = stmt.query_map(params![limit.unwrap_or(-1)], |r| {
        Ok(Entry {
            seq: r.get(0)?,
            at: r.get(1)?,
            actor: r.get(2)?,
            action: r.get(3)?,
            subject: r.get(4)?,
            detail: serde_json::from_str(&r.get::<_, String>(5)?).unwrap_or_default(),
            prev: r.get(6)?,
            hash: r.get(7)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}
