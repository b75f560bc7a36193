//! Versioned migrations. `PRAGMA user_version` is the schema version; each
//! migration moves it up by one, in its own transaction, so a database is
//! always at exactly one version. Never edit a released migration: add one.

use rusqlite::Connection;

use crate::{Error, Result};

/// The migrations, version 1 first. `MIGRATIONS[i]` takes a database from
/// version `i` to `i + 1`.
pub const MIGRATIONS: &[&str] = &[
    // 1: scans, the identity of each finding (code + resource), and each
    // scan's result for it.
    "CREATE TABLE scans (
        id INTEGER PRIMARY KEY,
        recorded_at TEXT NOT NULL,
        started_at TEXT NOT NULL,
        source TEXT NOT NULL,
        snapshot_digest TEXT NOT NULL,
        mamori_version TEXT NOT NULL,
        accounts TEXT NOT NULL,
        regions TEXT NOT NULL,
        scope TEXT NOT NULL,
        codes TEXT NOT NULL
    );
    CREATE TABLE findings (
        id INTEGER PRIMARY KEY,
        fingerprint TEXT NOT NULL UNIQUE,
        code TEXT NOT NULL,
        account TEXT NOT NULL,
        region TEXT NOT NULL,
        resource TEXT NOT NULL,
        resource_type TEXT NOT NULL,
        first_seen INTEGER NOT NULL REFERENCES scans(id),
        -- 1 while the finding fails (an open issue)
        open INTEGER NOT NULL DEFAULT 0,
        -- 1 once it has ever failed
        ever_failed INTEGER NOT NULL DEFAULT 0
    );
    CREATE TABLE results (
        scan_id INTEGER NOT NULL REFERENCES scans(id),
        finding_id INTEGER NOT NULL REFERENCES findings(id),
        -- fail, pass, not_applicable, unknown, or gone (no longer reported)
        status TEXT NOT NULL,
        severity TEXT NOT NULL,
        muted INTEGER NOT NULL,
        -- new, open, reopened, resolved; NULL when the finding is not an issue
        lifecycle TEXT,
        evidence TEXT,
        reason TEXT,
        PRIMARY KEY (scan_id, finding_id)
    ) WITHOUT ROWID;
    CREATE INDEX results_by_finding ON results(finding_id, scan_id);",
    // 2: the risk register (ISMS stages 4-6): one risk per failing finding.
    "CREATE TABLE risks (
        id INTEGER PRIMARY KEY,
        finding_id INTEGER NOT NULL UNIQUE REFERENCES findings(id),
        likelihood INTEGER NOT NULL,
        impact INTEGER NOT NULL,
        asset_class TEXT,
        -- open, treated, closed
        state TEXT NOT NULL,
        -- mitigate, accept, avoid, transfer
        treatment TEXT,
        owner TEXT,
        due TEXT,
        approver TEXT,
        reason TEXT,
        expires TEXT,
        opened_scan INTEGER NOT NULL REFERENCES scans(id),
        updated_at TEXT NOT NULL
    );",
    // 3: the audit trail, hash-chained, and the chain's head; scans
    // remember their entry so that a truncated chain shows.
    "CREATE TABLE audit (
        seq INTEGER PRIMARY KEY,
        at TEXT NOT NULL,
        actor TEXT NOT NULL,
        action TEXT NOT NULL,
        subject TEXT NOT NULL,
        detail TEXT NOT NULL,
        prev TEXT NOT NULL,
        hash TEXT NOT NULL
    );
    CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
    ALTER TABLE scans ADD COLUMN audit_seq INTEGER;",
    // 4: each scan's asset register (gzip JSON), so that reports need only
    // the history.
    "CREATE TABLE scan_assets (
        scan_id INTEGER PRIMARY KEY REFERENCES scans(id),
        register BLOB NOT NULL
    );",
    // 5: per-scan counts, so that metrics and the SoA read a few rows per
    // scan instead of every result; and an index of lifecycle transitions
    // for the time to remediate.
    "CREATE TABLE scan_stats (
        scan_id INTEGER NOT NULL REFERENCES scans(id),
        code TEXT NOT NULL,
        status TEXT NOT NULL,
        severity TEXT NOT NULL,
        lifecycle TEXT NOT NULL,
        n INTEGER NOT NULL,
        PRIMARY KEY (scan_id, code, status, severity, lifecycle)
    ) WITHOUT ROWID;
    INSERT INTO scan_stats (scan_id, code, status, severity, lifecycle, n)
        SELECT r.scan_id, f.code, r.status, r.severity, coalesce(r.lifecycle, ''), count(*)
        FROM results r JOIN findings f ON f.id = r.finding_id
        GROUP BY r.scan_id, f.code, r.status, r.severity, coalesce(r.lifecycle, '');
    CREATE INDEX results_transitions ON results(finding_id, scan_id, lifecycle)
        WHERE lifecycle IN ('new', 'reopened', 'resolved');",
];

/// The version this build writes.
pub fn latest() -> i64 {
    MIGRATIONS.len() as i64
}

/// The database's version.
pub fn version(conn: &Connection) -> Result<i64> {
    Ok(conn.query_row("PRAGMA user_version", [], |r| r.get(0))?)
}

/// Brings the database up to [`latest`], one version per transaction.
pub fn migrate(conn: &mut Connection, path: &str) -> Result<()> {
    migrate_to(conn, path, latest())
}

/// Brings the database up to `target` (tests build earlier versions with it).
pub fn migrate_to(conn: &mut Connection, path: &str, target: i64) -> Result<()> {
    let found = version(conn)?;
    if found > latest() {
        return Err(Error::TooNew { path: path.to_string(), found, known: latest() });
    }
    for v in found..target.min(latest()) {
        let sql = usize::try_from(v).ok().and_then(|i| MIGRATIONS.get(i)).copied().unwrap_or_default();
        let tx = conn.transaction()?;
        tx.execute_batch(sql)?;
        if v + 1 == 3 {
            crate::audit::genesis(&tx)?;
        }
        tx.pragma_update(None, "user_version", v + 1)?;
        tx.commit()?;
    }
    Ok(())
}
