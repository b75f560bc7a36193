//! The self-contained HTML dashboard: one file, no network access needed to
//! view it. The data (last scan's results with evidence, trends, risks,
//! assets, SoA, in English and Japanese) is JSON, gzip-compressed and
//! base64-encoded into the page; the page's script decompresses it with the
//! browser's `DecompressionStream` and renders only the rows in view, so
//! 100k resources stay usable.

use std::collections::HashMap;
use std::io::Write;

use base64::Engine;
use mamori_rules::config::SoaConfig;
use mamori_rules::{codes, Lang};
use mamori_store::{ScanInfo, Store};
use serde_json::{json, Value};

use crate::isms as doc;

const TEMPLATE: &str = include_str!("dashboard/dashboard.html");
const STYLE: &str = include_str!("dashboard/dashboard.css");
const SCRIPT: &str = include_str!("dashboard/dashboard.js");

const STATUSES: [&str; 4] = ["fail", "unknown", "pass", "not_applicable"];
const SEVERITIES: [&str; 5] = ["critical", "high", "medium", "low", "info"];
const LIFECYCLES: [&str; 4] = ["new", "open", "reopened", "resolved"];

/// An error while building the dashboard.
#[derive(Debug, thiserror::Error)]
pub enum DashboardError {
    #[error(transparent)]
    Store(#[from] mamori_store::Error),
    #[error("cannot encode the dashboard data: {0}")]
    Encode(String),
}

fn index(list: &[&str], value: &str) -> usize {
    list.iter().position(|v| *v == value).unwrap_or(list.len())
}

/// The dashboard's data, as JSON.
pub fn data(store: &Store, scan: &ScanInfo, soa_config: &SoaConfig, today: &str) -> Result<Value, DashboardError> {
    let rules: Vec<Value> = codes::RULES
        .iter()
        .map(|r| {
            let sections_en: Vec<String> = r.sections.iter().map(|s| format!("{}: {} ({})", s.doc.short(), s.en, s.ja)).collect();
            let sections_ja: Vec<String> = r.sections.iter().map(|s| format!("{}: {}", s.doc.short(), s.ja)).collect();
            json!([
                r.code,
                r.severity.as_str(),
                r.area.slug(),
                r.title.en,
                r.title.ja,
                r.remediation.console.en,
                r.remediation.console.ja,
                sections_en.join(" / "),
                r.cis.join(", "),
                r.fsbp.join(", "),
                sections_ja.join(" / ")
            ])
        })
        .collect();
    let rule_index: HashMap<&str, usize> = codes::RULES.iter().enumerate().map(|(i, r)| (r.code, i)).collect();
    let areas: Vec<Value> = mamori_rules::rule::Area::ALL.iter().map(|a| json!([a.slug(), a.title().en, a.title().ja])).collect();

    let results = store.results(scan.id)?;
    let mut resources: Vec<String> = Vec::new();
    let mut resource_index: HashMap<String, usize> = HashMap::new();
    let mut types: Vec<String> = Vec::new();
    let mut type_index: HashMap<String, usize> = HashMap::new();
    let (mut c, mut r, mut t, mut s, mut v, mut l, mut m) = (vec![], vec![], vec![], vec![], vec![], vec![], vec![]);
    let mut evidence = serde_json::Map::new();
    let mut reasons = serde_json::Map::new();
    for (i, x) in results.iter().enumerate() {
        let ri = *resource_index.entry(x.resource.clone()).or_insert_with(|| {
            resources.push(x.resource.clone());
            resources.len() - 1
        });
        let ti = *type_index.entry(x.resource_type.clone()).or_insert_with(|| {
            types.push(x.resource_type.clone());
            types.len() - 1
        });
        c.push(rule_index.get(x.code.as_str()).copied().unwrap_or(usize::MAX));
        r.push(ri);
        t.push(ti);
        s.push(index(&STATUSES, &x.status));
        v.push(index(&SEVERITIES, &x.severity));
        l.push(x.lifecycle.as_deref().map(|y| index(&LIFECYCLES, y)).unwrap_or(LIFECYCLES.len()));
        m.push(u8::from(x.muted));
        if let Some(e) = x.evidence.as_deref().and_then(|e| serde_json::from_str::<Value>(e).ok()) {
            evidence.insert(i.to_string(), e);
        }
        if let Some(e) = x.reason.as_deref().and_then(|e| serde_json::from_str::<Value>(e).ok()) {
            reasons.insert(i.to_string(), e);
        }
    }
    // Account and region by resource (the same for all its findings).
    let mut where_: Vec<Value> = vec![Value::Null; resources.len()];
    for (x, ri) in results.iter().zip(&r) {
        if let Some(slot) = where_.get_mut(*ri) {
            if slot.is_null() {
                *slot = json!([x.account, x.region]);
            }
        }
    }

    let risks: Vec<Value> = store
        .risks(true, today)?
        .into_iter()
        .map(|x| {
            json!([
                x.id,
                x.level.as_str(),
                x.likelihood,
                x.impact,
                x.state,
                x.treatment,
                x.approver.or(x.owner),
                x.expires.or(x.due),
                x.code,
                x.resource,
                x.overdue,
                x.reason
            ])
        })
        .collect();
    let assets: Value = match store.assets(scan.id)? {
        Some(text) => {
            let list: Vec<Value> = serde_json::from_str(&text).unwrap_or_default();
            Value::Array(
                list.iter()
                    .map(|a| {
                        let g = |k: &str| a.get(k).cloned().unwrap_or(Value::Null);
                        json!([
                            g("arn"),
                            g("resource_type"),
                            g("account"),
                            g("region"),
                            g("category"),
                            g("owner"),
                            g("classification"),
                            g("value"),
                            g("dependencies"),
                            g("tags_read")
                        ])
                    })
                    .collect(),
            )
        }
        None => Value::Array(Vec::new()),
    };
    let counts = store.code_counts(scan.id)?;
    let soa_en = doc::soa(&counts, soa_config, Lang::En);
    let soa_ja = doc::soa(&counts, soa_config, Lang::Ja);
    let soa: Vec<Value> = soa_en
        .iter()
        .zip(&soa_ja)
        .map(|(e, j)| {
            let impl_ = e.implementation.map(|i| serde_json::to_value(i).unwrap_or_default()).unwrap_or(Value::Null);
            let codes: Vec<String> = e.codes.iter().map(|(c, n)| format!("{c} {}/{}/{}", n.pass, n.fail, n.unknown)).collect();
            json!([e.control, e.title, j.title, e.applicable, e.justification, j.justification, impl_, codes.join(", "), e.nist.join(", ")])
        })
        .collect();
    let metrics = store.metrics()?;
    Ok(json!({
        "generated": today,
        "scan": scan,
        "rules": rules,
        "areas": areas,
        "resources": resources,
        "where": where_,
        "types": types,
        "f": { "c": c, "r": r, "t": t, "s": s, "v": v, "l": l, "m": m, "e": evidence, "u": reasons },
        "risks": risks,
        "assets": assets,
        "soa": soa,
        "metrics": metrics,
    }))
}

/// The page, with `data` embedded.
pub fn render(data: &Value) -> Result<String, DashboardError> {
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::new(6));
    serde_json::to_writer(&mut gz, data).map_err(|e| DashboardError::Encode(e.to_string()))?;
    let bytes = gz.finish().map_err(|e| DashboardError::Encode(e.to_string()))?;
    let encoded = base64::engine::general_purpose::STANDARD.encode(bytes);
    let mut page = String::with_capacity(TEMPLATE.len() + STYLE.len() + SCRIPT.len() + encoded.len());
    // The template holds three markers, in this order; nothing inserted is searched again.
    let mut rest = TEMPLATE;
    for (marker, insert) in [("@@STYLE@@", STYLE), ("@@DATA@@", encoded.as_str()), ("@@SCRIPT@@", SCRIPT)] {
        let (before, after) = rest.split_once(marker).ok_or_else(|| DashboardError::Encode(format!("template lacks {marker}")))?;
        page.push_str(before);
        page.push_str(insert);
        rest = after;
    }
    page.push_str(rest);
    Ok(page)
}

/// Builds the dashboard for `scan` and writes it.
pub fn write(store: &Store, scan: &ScanInfo, soa_config: &SoaConfig, today: &str, out: &mut dyn Write) -> Result<(), DashboardError> {
    let page = render(&data(store, scan, soa_config, today)?)?;
    out.write_all(page.as_bytes()).map_err(|e| DashboardError::Encode(e.to_string()))
}
