//! mamori's ISMS records in SQLite: scan history with each finding's
//! lifecycle (new, open, resolved, reopened), the risk register with its
//! treatments, and a hash-chained audit trail of every change.
//!
//! - [`schema`] holds the versioned migrations;
//! - [`record`] writes a scan and moves findings and risks through their
//!   lifecycle, in one transaction;
//! - [`diff`] compares two scans; [`metrics`] reads trends from the history;
//! - [`risk`] is the register and its treatments;
//! - [`audit`] appends to and verifies the chain.
//!
//! The store knows nothing of rules or AWS: the caller hands it plain rows.

pub mod audit;
pub mod diff;
pub mod metrics;
pub mod record;
pub mod risk;
pub mod schema;

use std::path::Path;

use rusqlite::Connection;

pub use record::{FindingRow, Lifecycle, ScanInput, ScanSummary};

/// An error from the store, with what it was doing.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("cannot open the database `{path}`: {source}")]
    Open { path: String, source: rusqlite::Error },
    #[error("the database `{path}` has schema version {found}, newer than this mamori knows ({known}); upgrade mamori")]
    TooNew { path: String, found: i64, known: i64 },
    #[error("database error: {0}")]
    Sql(#[from] rusqlite::Error),
    #[error("no scan `{0}` in the history")]
    NoScan(String),
    #[error("the history has fewer than two scans")]
    NotEnoughScans,
    #[error("no risk `{0}` in the register")]
    NoRisk(String),
    #[error("the {what} `{value}` is not a date (YYYY-MM-DD)")]
    NotADate { what: DateKind, value: String },
    #[error("the {what} `{value}` is not after today ({today})")]
    NotAfterToday { what: DateKind, value: String, today: String },
    #[error("an acceptance needs an approver and a reason")]
    AcceptanceIncomplete,
    #[error("likelihood and impact are from 1 to 5")]
    OutOfRange,
    #[error("R-{0} is closed: its finding was resolved")]
    RiskClosed(i64),
    #[error("stored data is damaged: {0}")]
    Damaged(String),
}

/// Which date a treatment gave.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DateKind {
    Due,
    Expiry,
}

impl std::fmt::Display for DateKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            DateKind::Due => "due date",
            DateKind::Expiry => "expiry",
        })
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

/// An open history database.
pub struct Store {
    conn: Connection,
    path: String,
}

impl Store {
    /// Opens (creating if needed) and migrates the database at `path`.
    pub fn open(path: &Path) -> Result<Store> {
        let shown = path.display().to_string();
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            // The error, if any, comes from SQLite below with the path.
            let _ = std::fs::create_dir_all(dir);
        }
        let conn = Connection::open(path).map_err(|source| Error::Open { path: shown.clone(), source })?;
        Store::with_connection(conn, shown)
    }

    /// An in-memory database (tests, benchmarks).
    pub fn in_memory() -> Result<Store> {
        Store::with_connection(Connection::open_in_memory()?, ":memory:".to_string())
    }

    fn with_connection(mut conn: Connection, path: String) -> Result<Store> {
        // WAL keeps readers off the writer's way; FULL makes every commit
        // durable. A scan is one transaction, so a killed writer leaves the
        // previous state whole.
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "synchronous", "FULL")?;
        conn.pragma_update(None, "foreign_keys", "ON")?;
        // A scan of 100k resources writes and reads hundreds of thousands of
        // rows: a 64 MiB page cache and memory-mapped reads keep that off
        // the system-call path.
        conn.pragma_update(None, "cache_size", -65_536)?;
        conn.pragma_update(None, "mmap_size", 1_i64 << 30)?;
        conn.pragma_update(None, "temp_store", "MEMORY")?;
        conn.busy_timeout(std::time::Duration::from_secs(30))?;
        schema::migrate(&mut conn, &path)?;
        Ok(Store { conn, path })
    }

    /// Where the database is.
    pub fn path(&self) -> &str {
        &self.path
    }

    /// The underlying connection, for read-only queries in tests.
    pub fn connection(&self) -> &Connection {
        &self.conn
    }

    /// SQLite's own consistency check (`PRAGMA integrity_check`): `ok` or the problems.
    pub fn integrity_check(&self) -> Result<String> {
        Ok(self.conn.query_row("PRAGMA integrity_check", [], |r| r.get(0))?)
    }
}

/// A scan as listed in the history.
#[derive(Clone, Debug, serde::Serialize)]
pub struct ScanInfo {
    pub id: i64,
    pub recorded_at: String,
    pub started_at: String,
    pub source: String,
    pub snapshot_digest: String,
    pub accounts: Vec<String>,
    pub regions: Vec<String>,
    pub scope: serde_json::Value,
    pub failing: i64,
    pub findings: i64,
}

impl Store {
    /// Every scan, oldest first.
    pub fn scans(&self) -> Result<Vec<ScanInfo>> {
        let mut stmt = self.conn.prepare(
            "SELECT s.id, s.recorded_at, s.started_at, s.source, s.snapshot_digest, s.accounts, s.regions, s.scope,
                    (SELECT coalesce(sum(n), 0) FROM scan_stats x WHERE x.scan_id = s.id AND x.status = 'fail'),
                    (SELECT coalesce(sum(n), 0) FROM scan_stats x WHERE x.scan_id = s.id AND x.status <> 'gone')
             FROM scans s ORDER BY s.id",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok(ScanInfo {
                id: r.get(0)?,
                recorded_at: r.get(1)?,
                started_at: r.get(2)?,
                source: r.get(3)?,
                snapshot_digest: r.get(4)?,
                accounts: json_list(&r.get::<_, String>(5)?),
                regions: json_list(&r.get::<_, String>(6)?),
                scope: serde_json::from_str(&r.get::<_, String>(7)?).unwrap_or(serde_json::Value::Null),
                failing: r.get(8)?,
                findings: r.get(9)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Resolves a scan reference: a number, or `last`, `last~N` (N scans before the last).
    pub fn resolve_scan(&self, reference: &str) -> Result<i64> {
        let ids: Vec<i64> =
            self.conn.prepare("SELECT id FROM scans ORDER BY id")?.query_map([], |r| r.get(0))?.collect::<rusqlite::Result<_>>()?;
        let back = match reference {
            "last" => Some(0),
            r => r.strip_prefix("last~").and_then(|n| n.parse::<usize>().ok()),
        };
        let found = match back {
            Some(n) => ids.len().checked_sub(n + 1).and_then(|i| ids.get(i)).copied(),
            None => reference.parse::<i64>().ok().filter(|id| ids.contains(id)),
        };
        found.ok_or_else(|| Error::NoScan(reference.to_string()))
    }
}

fn json_list(text: &str) -> Vec<String> {
    serde_json::from_str(text).unwrap_or_default()
}

/// SHA-256 of `parts`, each length-prefixed so that no two lists hash alike.
pub(crate) fn hash_parts(parts: &[&str]) -> String {
    use sha2::{Digest, Sha256};
    let mut h = Sha256::new();
    for p in parts {
        h.update((p.len() as u64).to_le_bytes());
        h.update(p.as_bytes());
    }
    hex::encode(h.finalize())
}
