//! The self-contained HTML dashboard: one file, no network access needed to
//! view it. The data (last scan's results with evidence, trends, risks,
//! assets, SoA, in English and Japanese) is JSON, gzip-compressed and
//! base64-encoded into the page; the page's script decompresses it with the
//! browser's `DecompressionStream` and renders only the rows in view, so
//! 100k resources stay usable.

use std::collections::{BTreeMap, HashMap};
use std::io::Write;

use base64::Engine;
use mamori_rules::config::SoaConfig;
use mamori_rules::{codes, Lang};
use mamori_store::{ScanInfo, Store};
use serde::Serialize;
use serde_json::value::RawValue;
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

/// The findings as columns (indices into `rules`, `resources`, `types` and
/// the status, severity and lifecycle lists), with the evidence and the
/// reasons of those that have them, as their stored JSON text.
#[derive(Serialize)]
struct Columns {
    c: Vec<usize>,
    r: Vec<usize>,
    t: Vec<usize>,
    s: Vec<usize>,
    v: Vec<usize>,
    l: Vec<usize>,
    m: Vec<u8>,
    e: BTreeMap<usize, Box<RawValue>>,
    u: BTreeMap<usize, Box<RawValue>>,
}

/// Everything the page shows.
#[derive(Serialize)]
pub struct Data {
    generated: String,
    scan: ScanInfo,
    rules: Vec<Value>,
    areas: Vec<Value>,
    resources: Vec<String>,
    #[serde(rename = "where")]
    where_: Vec<(String, String)>,
    types: Vec<String>,
    f: Columns,
    risks: Vec<Value>,
    assets: Box<RawValue>,
    soa: Vec<Value>,
    metrics: mamori_store::metrics::Metrics,
}

fn raw(text: Option<String>) -> Option<Box<RawValue>> {
    text.and_then(|t| RawValue::from_string(t).ok())
}

/// The dashboard's data.
pub fn data(store: &Store, scan: &ScanInfo, soa_config: &SoaConfig, today: &str) -> Result<Data, DashboardError> {
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
    let n = results.len();
    let mut resources: Vec<String> = Vec::new();
    let mut where_: Vec<(String, String)> = Vec::new();
    let mut resource_index: HashMap<String, usize> = HashMap::new();
    let mut types: Vec<String> = Vec::new();
    let mut type_index: HashMap<String, usize> = HashMap::new();
    let mut f = Columns {
        c: Vec::with_capacity(n),
        r: Vec::with_capacity(n),
        t: Vec::with_capacity(n),
        s: Vec::with_capacity(n),
        v: Vec::with_capacity(n),
        l: Vec::with_capacity(n),
        m: Vec::with_capacity(n),
        e: BTreeMap::new(),
        u: BTreeMap::new(),
    };
    for (i, x) in results.into_iter().enumerate() {
        let ri = match resource_index.get(&x.resource) {
            Some(ri) => *ri,
            None => {
                resource_index.insert(x.resource.clone(), resources.len());
                where_.push((x.account.clone(), x.region.clone()));
                resources.push(x.resource);
                resources.len() - 1
            }
        };
        let ti = match type_index.get(&x.resource_type) {
            Some(ti) => *ti,
            None => {
                type_index.insert(x.resource_type.clone(), types.len());
                types.push(x.resource_type);
                types.len() - 1
            }
        };
        f.c.push(rule_index.get(x.code.as_str()).copied().unwrap_or(usize::MAX));
        f.r.push(ri);
        f.t.push(ti);
        f.s.push(index(&STATUSES, &x.status));
        f.v.push(index(&SEVERITIES, &x.severity));
        f.l.push(x.lifecycle.as_deref().map(|y| index(&LIFECYCLES, y)).unwrap_or(LIFECYCLES.len()));
        f.m.push(u8::from(x.muted));
        if let Some(e) = raw(x.evidence) {
            f.e.insert(i, e);
        }
        if let Some(u) = raw(x.reason) {
            f.u.insert(i, u);
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
    // The register is stored as JSON objects; the page takes it as rows.
    let assets = match store.assets(scan.id)? {
        Some(text) => {
            let list: Vec<mamori_rules::register::Asset> = serde_json::from_str(&text)
                .map_err(|e| mamori_store::Error::Damaged(format!("the asset register of scan {}: {e}", scan.id)))?;
            let rows: Vec<Value> = list
                .into_iter()
                .map(|a| {
                    json!([
                        a.arn,
                        a.resource_type,
                        a.account,
                        a.region,
                        a.category,
                        a.owner,
                        a.classification,
                        a.value,
                        a.dependencies,
                        a.tags_read
                    ])
                })
                .collect();
            serde_json::value::to_raw_value(&rows).map_err(|e| DashboardError::Encode(e.to_string()))?
        }
        None => RawValue::from_string("[]".into()).map_err(|e| DashboardError::Encode(e.to_string()))?,
    };
    let counts = store.code_counts(scan.id)?;
    let soa_en = doc::soa(&counts, soa_config, Lang::En);
    let soa_ja = doc::soa(&counts, soa_config, Lang::Ja);
    let soa: Vec<Value> = soa_en
        .iter()
        .zip(&soa_ja)
        .map(|(e, j)| {
            let codes: Vec<String> = e.codes.iter().map(|(c, n)| format!("{c} {}/{}/{}", n.pass, n.fail, n.unknown)).collect();
            json!([
                e.control,
                e.title,
                j.title,
                e.applicable,
                e.justification,
                j.justification,
                e.implementation,
                codes.join(", "),
                e.nist.join(", ")
            ])
        })
        .collect();
    Ok(Data {
        generated: today.to_string(),
        scan: scan.clone(),
        rules,
        areas,
        resources,
        where_,
        types,
        f,
        risks,
        assets,
        soa,
        metrics: store.metrics()?,
    })
}

/// The page, with `data` embedded.
pub fn render(data: &Data) -> Result<String, DashboardError> {
    let mut gz = flate2::write::GzEncoder::new(Vec::with_capacity(4 << 20), flate2::Compression::new(4));
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
