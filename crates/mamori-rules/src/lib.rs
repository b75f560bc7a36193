//! mamori's control catalog: one rule per best practice of the AWS Security
//! Best Practices whitepaper and the EC2 infrastructure-security page, run
//! over a snapshot.
//!
//! Every rule lives in its own file under `rules/<area>/`, declares its
//! metadata (code, titles, rationale, sources, mappings, remediation) and a
//! check that reports one [`Finding`] per resource. [`codes::RULES`] is the
//! one table of codes. A check never passes what it could not read: missing
//! data makes the finding [`Status::Unknown`] with the [`Reason`].

pub mod arn;
pub mod codes;
pub mod config;
pub mod context;
pub mod docs;
pub mod filter_pattern;
pub mod finding;
pub mod frameworks;
pub mod host;
pub mod iso27001;
pub mod register;
pub mod rule;
mod rules;
pub mod sections;
pub mod text;

use rayon::prelude::*;

pub use config::{Config, ConfigError, ConfigProblem, Mute};
pub use context::Cx;
pub use finding::{At, Evidence, Finding, Muted, Out, Reason, Status};
pub use rule::{Area, Check, Remediation, Rule, Severity};
pub use text::{t, Lang, Message, Text};

use mamori_model::Snapshot;

/// The result of running the catalog over a snapshot.
#[derive(Clone, Debug)]
pub struct Scan {
    /// In catalog order of codes, then by account, region, resource.
    pub findings: Vec<Finding>,
    /// Codes that ran.
    pub codes: Vec<&'static str>,
    /// Mutelist entries that expired and no longer mute anything.
    pub expired_mutes: Vec<Mute>,
    /// Findings left out because `[scope]` excludes their resource or its tags.
    pub out_of_scope: usize,
    /// The resources those findings were on (sorted): the history must not
    /// take their silence for a fix.
    pub out_of_scope_resources: Vec<String>,
}

/// Runs every selected snapshot rule. `today` (`YYYY-MM-DD`) decides which
/// mutelist entries have expired.
pub fn scan(snapshot: &Snapshot, config: &Config, today: jiff::civil::Date) -> Scan {
    let cx = Cx::new(snapshot, config);
    let mut scan = run(config, today, |rule, out| match rule.check {
        Check::Snapshot(check) => {
            check(&cx, out);
            true
        }
        Check::Host(_) => false,
    });
    apply_scope(&cx, config, &mut scan);
    scan
}

/// Drops the findings on resources outside `[scope]`: excluded ones and
/// tagged ones that match none of the tag filters.
fn apply_scope(cx: &Cx, config: &Config, scan: &mut Scan) {
    if config.scope.exclude.is_empty() && config.scope.tags.is_empty() {
        return;
    }
    let mut outside: std::collections::HashSet<String> = std::collections::HashSet::new();
    if !config.scope.tags.is_empty() {
        for a in cx.accounts() {
            for r in rules::assets::resources(cx, a).into_iter().filter(|r| r.read.is_ok()) {
                let matches = config.scope.tags.iter().any(|filter| {
                    let (key, value) = filter.split_once('=').map_or((filter.as_str(), None), |(k, v)| (k, Some(v)));
                    r.tags.iter().any(|t| t.key == key && value.is_none_or(|v| t.value == v))
                });
                if !matches {
                    outside.insert(r.arn);
                }
            }
        }
    }
    let before = scan.findings.len();
    let mut left_out: Vec<String> = Vec::new();
    scan.findings.retain(|f| {
        let keep = !outside.contains(&f.resource) && !config.scope.exclude.iter().any(|e| config::glob_match(&e.resource, &f.resource));
        if !keep {
            left_out.push(f.resource.clone());
        }
        keep
    });
    left_out.sort_unstable();
    left_out.dedup();
    scan.out_of_scope = before - scan.findings.len();
    scan.out_of_scope_resources = left_out;
}

/// Runs every selected host rule (HOST-*) over what `mamori-host` read.
pub fn audit_host(host: &host::HostCx, config: &Config, today: jiff::civil::Date) -> Scan {
    run(config, today, |rule, out| match rule.check {
        Check::Host(check) => {
            check(host, out);
            true
        }
        Check::Snapshot(_) => false,
    })
}

/// Runs the rules `apply` accepts (it returns whether the rule is of its
/// kind), in parallel, then applies severity overrides and the mutelist.
fn run(config: &Config, today: jiff::civil::Date, apply: impl Fn(&'static Rule, &mut Out) -> bool + Sync) -> Scan {
    let selected: Vec<&'static Rule> = codes::RULES.iter().copied().filter(|r| config.selects(r.code)).collect();
    // Each rule's findings are sorted on their own; rules are in code order,
    // so concatenating them gives the report order without a global sort.
    let per_rule: Vec<Option<Vec<Finding>>> = selected
        .par_iter()
        .map(|rule| {
            let mut out = Out::new(rule);
            if !apply(rule, &mut out) {
                return None;
            }
            let mut findings = out.finish();
            findings.sort_unstable_by(|a, b| {
                (&a.account, &a.region, &a.resource, a.status).cmp(&(&b.account, &b.region, &b.resource, b.status))
            });
            Some(findings)
        })
        .collect();
    let codes: Vec<&'static str> = selected.iter().zip(&per_rule).filter(|(_, f)| f.is_some()).map(|(r, _)| r.code).collect();
    let mut findings: Vec<Finding> = Vec::with_capacity(per_rule.iter().flatten().map(Vec::len).sum());
    for list in per_rule.into_iter().flatten() {
        findings.extend(list);
    }
    let (active, expired): (Vec<&Mute>, Vec<&Mute>) = config.mute.iter().partition(|m| !mute_expired(m, today));
    for f in &mut findings {
        if let Some(severity) = config.severity.get(f.code) {
            f.severity = if f.lowered { severity.lower() } else { *severity };
        }
        if f.status != Status::Fail {
            continue;
        }
        if let Some(m) = active.iter().find(|m| f.code.starts_with(m.code.as_str()) && config::glob_match(&m.resource, &f.resource)) {
            f.muted = Some(Box::new(Muted { reason: m.reason.clone(), expires: m.expires.clone() }));
        }
    }
    Scan { findings, codes, expired_mutes: expired.into_iter().cloned().collect(), out_of_scope: 0, out_of_scope_resources: Vec::new() }
}

fn mute_expired(m: &Mute, today: jiff::civil::Date) -> bool {
    m.expires.as_deref().and_then(|d| d.parse::<jiff::civil::Date>().ok()).is_some_and(|d| d < today)
}

/// The rule of a code.
pub fn rule(code: &str) -> Option<&'static Rule> {
    codes::RULES.iter().copied().find(|r| r.code == code)
}
