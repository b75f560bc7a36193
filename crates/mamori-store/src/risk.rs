//! The risk register (ISMS stages 4–6). Every unmuted failing finding is a
//! risk; its level is likelihood × impact. A treatment is recorded with who
//! decided it; an acceptance carries an expiry, and when the expiry passes
//! the next scan opens the risk again. When the finding is resolved the risk
//! closes; when it comes back, so does the risk.

use std::collections::HashMap;

use rusqlite::{params, Connection, OptionalExtension};
use serde::Serialize;

use crate::record::{FindingRow, ScanInput, ScanSummary};
use crate::{audit, DateKind, Error, Result, Store};

/// A risk level from likelihood × impact (each 1–5).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Level {
    Low,
    Medium,
    High,
    Critical,
}

impl Level {
    pub fn of(likelihood: u8, impact: u8) -> Level {
        match u16::from(likelihood) * u16::from(impact) {
            0..=4 => Level::Low,
            5..=9 => Level::Medium,
            10..=16 => Level::High,
            _ => Level::Critical,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Level::Low => "low",
            Level::Medium => "medium",
            Level::High => "high",
            Level::Critical => "critical",
        }
    }
}

/// How a risk is treated.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Treatment {
    /// Fix it: who, by when.
    Mitigate { owner: String, due: String },
    /// Live with it: who approved, why, until when.
    Accept { approver: String, reason: String, expires: String },
    /// Stop the activity that carries the risk.
    Avoid { reason: String },
    /// Hand it to another party (insurer, provider).
    Transfer { to: String, reason: String },
}

impl Treatment {
    pub fn kind(&self) -> &'static str {
        match self {
            Treatment::Mitigate { .. } => "mitigate",
            Treatment::Accept { .. } => "accept",
            Treatment::Avoid { .. } => "avoid",
            Treatment::Transfer { .. } => "transfer",
        }
    }
}

/// A risk as listed.
#[derive(Clone, Debug, Serialize)]
pub struct Risk {
    pub id: i64,
    pub fingerprint: String,
    pub code: String,
    pub account: String,
    pub region: String,
    pub resource: String,
    pub resource_type: String,
    /// The finding's severity in the latest scan that reported it.
    pub severity: String,
    /// The finding's latest evidence, when stored.
    pub evidence: Option<serde_json::Value>,
    pub likelihood: u8,
    pub impact: u8,
    pub score: u8,
    pub level: Level,
    pub asset_class: Option<String>,
    /// `open`, `treated` or `closed`.
    pub state: String,
    pub treatment: Option<String>,
    pub owner: Option<String>,
    pub due: Option<String>,
    pub approver: Option<String>,
    pub reason: Option<String>,
    pub expires: Option<String>,
    pub opened_scan: i64,
    pub updated_at: String,
    /// A mitigation past its due date, or an acceptance past its expiry.
    pub overdue: bool,
}

/// Opens, reopens and closes risks after a scan's results are written, and
/// returns expired acceptances to open.
pub(crate) fn after_scan(
    tx: &Connection,
    scan: i64,
    input: &ScanInput,
    at_risk: &[(i64, &FindingRow)],
    summary: &mut ScanSummary,
) -> Result<()> {
    let expired: Vec<(i64, String, String)> = tx
        .prepare("SELECT id, coalesce(approver, ''), coalesce(expires, '') FROM risks WHERE state = 'treated' AND treatment = 'accept' AND expires < ?1 ORDER BY id")?
        .query_map(params![input.today], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
        .collect::<rusqlite::Result<_>>()?;
    for (id, approver, expires) in expired {
        tx.execute("UPDATE risks SET state = 'open', treatment = NULL, updated_at = ?2 WHERE id = ?1", params![id, input.recorded_at])?;
        let detail = serde_json::json!({ "approver": approver, "expired": expires, "scan": scan });
        audit::append(tx, &input.recorded_at, &input.actor, "risk.acceptance_expired", &format!("R-{id}"), &detail)?;
        summary.acceptances_expired.push(id);
    }

    let existing: HashMap<i64, (i64, String)> = tx
        .prepare("SELECT finding_id, id, state FROM risks")?
        .query_map([], |r| Ok((r.get(0)?, (r.get(1)?, r.get(2)?))))?
        .collect::<rusqlite::Result<_>>()?;
    let mut insert = tx.prepare(
        "INSERT INTO risks (finding_id, likelihood, impact, asset_class, state, opened_scan, updated_at) VALUES (?1, ?2, ?3, ?4, 'open', ?5, ?6)",
    )?;
    for (finding, row) in at_risk {
        match existing.get(finding) {
            None => {
                insert.execute(params![
                    finding,
                    row.likelihood.clamp(1, 5),
                    row.impact.clamp(1, 5),
                    row.asset_class,
                    scan,
                    input.recorded_at
                ])?;
                summary.risks_opened.push(tx.last_insert_rowid());
            }
            Some((id, state)) if state == "closed" => {
                tx.execute(
                    "UPDATE risks SET state = 'open', treatment = NULL, opened_scan = ?2, updated_at = ?3 WHERE id = ?1",
                    params![id, scan, input.recorded_at],
                )?;
                summary.risks_reopened.push(*id);
            }
            Some(_) => {}
        }
    }
    drop(insert);

    let closing: Vec<i64> = tx
        .prepare("SELECT r.id FROM risks r JOIN findings f ON f.id = r.finding_id WHERE r.state <> 'closed' AND f.open = 0 ORDER BY r.id")?
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    for id in &closing {
        tx.execute("UPDATE risks SET state = 'closed', updated_at = ?2 WHERE id = ?1", params![id, input.recorded_at])?;
    }
    summary.risks_closed = closing;
    Ok(())
}

/// Who changes the register, and when.
#[derive(Clone, Debug)]
pub struct Change<'a> {
    pub actor: &'a str,
    /// RFC 3339.
    pub at: &'a str,
    /// `YYYY-MM-DD`: expiries and due dates must come after it.
    pub today: &'a str,
}

/// Parses `R-12` or `12`.
pub fn parse_id(text: &str) -> Option<i64> {
    text.trim().trim_start_matches(['R', 'r']).trim_start_matches('-').parse().ok()
}

fn is_date(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 10
        && b.iter().enumerate().all(|(i, c)| if i == 4 || i == 7 { *c == b'-' } else { c.is_ascii_digit() })
        && s.get(5..7).and_then(|m| m.parse::<u8>().ok()).is_some_and(|m| (1..=12).contains(&m))
        && s.get(8..10).and_then(|d| d.parse::<u8>().ok()).is_some_and(|d| (1..=31).contains(&d))
}

impl Store {
    /// Every risk, highest level first (`all` includes closed ones), without
    /// the evidence ([`Store::risk`] has it).
    pub fn risks(&self, all: bool, today: &str) -> Result<Vec<Risk>> {
        let mut list = self.query_risks(if all { "" } else { "WHERE r.state <> 'closed'" }, [], today, false)?;
        list.sort_by(|a, b| b.score.cmp(&a.score).then(a.id.cmp(&b.id)));
        Ok(list)
    }

    /// One risk.
    pub fn risk(&self, id: i64, today: &str) -> Result<Risk> {
        self.query_risks("WHERE r.id = ?1", [id], today, true)?.into_iter().next().ok_or_else(|| Error::NoRisk(format!("R-{id}")))
    }

    fn query_risks<P: rusqlite::Params>(&self, filter: &str, p: P, today: &str, evidence: bool) -> Result<Vec<Risk>> {
        let evidence = if evidence {
            "(SELECT evidence FROM results x WHERE x.finding_id = f.id AND x.status <> 'gone' ORDER BY x.scan_id DESC LIMIT 1)"
        } else {
            "NULL"
        };
        let sql = format!(
            "SELECT r.id, f.fingerprint, f.code, f.account, f.region, f.resource, f.resource_type,
                    (SELECT severity FROM results x WHERE x.finding_id = f.id AND x.status <> 'gone' ORDER BY x.scan_id DESC LIMIT 1),
                    {evidence},
                    r.likelihood, r.impact, r.asset_class, r.state, r.treatment, r.owner, r.due, r.approver, r.reason, r.expires,
                    r.opened_scan, r.updated_at
             FROM risks r JOIN findings f ON f.id = r.finding_id {filter} ORDER BY r.id"
        );
        let mut stmt = self.conn.prepare(&sql)?;
        let rows = stmt.query_map(p, |r| {
            let likelihood: u8 = r.get(9)?;
            let impact: u8 = r.get(10)?;
            let treatment: Option<String> = r.get(13)?;
            let due: Option<String> = r.get(15)?;
            let expires: Option<String> = r.get(18)?;
            let state: String = r.get(12)?;
            let overdue = state == "treated"
                && match treatment.as_deref() {
                    Some("mitigate") => due.as_deref().is_some_and(|d| d < today),
                    Some("accept") => expires.as_deref().is_some_and(|e| e < today),
                    _ => false,
                };
            Ok(Risk {
                id: r.get(0)?,
                fingerprint: r.get(1)?,
                code: r.get(2)?,
                account: r.get(3)?,
                region: r.get(4)?,
                resource: r.get(5)?,
                resource_type: r.get(6)?,
                severity: r.get::<_, Option<String>>(7)?.unwrap_or_default(),
                evidence: r.get::<_, Option<String>>(8)?.and_then(|e| serde_json::from_str(&e).ok()),
                likelihood,
                impact,
                score: likelihood.saturating_mul(impact),
                level: Level::of(likelihood, impact),
                asset_class: r.get(11)?,
                state,
                treatment,
                owner: r.get(14)?,
                due,
                approver: r.get(16)?,
                reason: r.get(17)?,
                expires,
                opened_scan: r.get(19)?,
                updated_at: r.get(20)?,
                overdue,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Records a treatment decision (and its audit entry).
    pub fn treat(&mut self, id: i64, treatment: &Treatment, change: &Change) -> Result<Risk> {
        let current = self.risk(id, change.today)?;
        if current.state == "closed" {
            return Err(Error::RiskClosed(id));
        }
        let (owner, due, approver, reason, expires) = match treatment {
            Treatment::Mitigate { owner, due } => {
                check_future(due, change.today, DateKind::Due)?;
                (Some(owner), Some(due), None, None, None)
            }
            Treatment::Accept { approver, reason, expires } => {
                check_future(expires, change.today, DateKind::Expiry)?;
                if approver.trim().is_empty() || reason.trim().is_empty() {
                    return Err(Error::AcceptanceIncomplete);
                }
                (None, None, Some(approver), Some(reason), Some(expires))
            }
            Treatment::Avoid { reason } => (None, None, None, Some(reason), None),
            Treatment::Transfer { to, reason } => (Some(to), None, None, Some(reason), None),
        };
        let tx = self.conn.transaction()?;
        tx.execute(
            "UPDATE risks SET state = 'treated', treatment = ?2, owner = ?3, due = ?4, approver = ?5, reason = ?6, expires = ?7, updated_at = ?8 WHERE id = ?1",
            params![id, treatment.kind(), owner, due, approver, reason, expires, change.at],
        )?;
        let detail = serde_json::json!({
            "finding": current.fingerprint, "code": current.code, "resource": current.resource,
            "treatment": treatment.kind(), "owner": owner, "due": due, "approver": approver, "reason": reason, "expires": expires,
            "previous": { "state": current.state, "treatment": current.treatment },
        });
        audit::append(&tx, change.at, change.actor, &format!("risk.{}", treatment.kind()), &format!("R-{id}"), &detail)?;
        tx.commit()?;
        self.risk(id, change.today)
    }

    /// Sets likelihood and impact after analysis (stage 5).
    pub fn assess(&mut self, id: i64, likelihood: u8, impact: u8, change: &Change) -> Result<Risk> {
        if !(1..=5).contains(&likelihood) || !(1..=5).contains(&impact) {
            return Err(Error::OutOfRange);
        }
        let current = self.risk(id, change.today)?;
        let tx = self.conn.transaction()?;
        tx.execute(
            "UPDATE risks SET likelihood = ?2, impact = ?3, updated_at = ?4 WHERE id = ?1",
            params![id, likelihood, impact, change.at],
        )?;
        let detail = serde_json::json!({
            "likelihood": likelihood, "impact": impact,
            "previous": { "likelihood": current.likelihood, "impact": current.impact },
        });
        audit::append(&tx, change.at, change.actor, "risk.assessed", &format!("R-{id}"), &detail)?;
        tx.commit()?;
        self.risk(id, change.today)
    }

    /// The risk of a finding, if one was ever opened.
    pub fn risk_of_finding(&self, fingerprint: &str) -> Result<Option<i64>> {
        Ok(self
            .conn
            .query_row("SELECT r.id FROM risks r JOIN findings f ON f.id = r.finding_id WHERE f.fingerprint = ?1", [fingerprint], |r| {
                r.get(0)
            })
            .optional()?)
    }
}

fn check_future(date: &str, today: &str, what: DateKind) -> Result<()> {
    if !is_date(date) {
        return Err(Error::NotADate { what, value: date.to_string() });
    }
    if date <= today {
        return Err(Error::NotAfterToday { what, value: date.to_string(), today: today.to_string() });
    }
    Ok(())
}
