//! Times the phases of `mamori scan --snapshot` (load, scan, render) for
//! profiling: `cargo run --release -p mamori-report --example scan_phases -- SNAPSHOT`.

use std::time::Instant;

fn main() {
    let Some(path) = std::env::args().nth(1) else {
        eprintln!("usage: scan_phases SNAPSHOT");
        std::process::exit(2);
    };
    let t = Instant::now();
    let snapshot = match mamori_model::Snapshot::load(std::path::Path::new(&path)) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("error: {e}");
            std::process::exit(2);
        }
    };
    let load = t.elapsed();
    let t = Instant::now();
    let config = mamori_rules::Config::default();
    let scan = mamori_rules::scan(&snapshot, &config, jiff::civil::date(2027, 1, 1));
    let scanned = t.elapsed();
    let t = Instant::now();
    let report = mamori_report::Report {
        scan: &scan,
        snapshot: &snapshot,
        lang: mamori_rules::Lang::En,
        framework: Default::default(),
        color: false,
        scope: &config.scope,
    };
    let text = report.render(mamori_report::Format::Text);
    let rendered = t.elapsed();
    println!("findings {} load {load:?} scan {scanned:?} text {rendered:?} ({} bytes)", scan.findings.len(), text.len());
    if std::env::var_os("PER_RULE").is_none() {
        return;
    }
    let mut per_rule: Vec<(std::time::Duration, &str)> = Vec::new();
    for rule in mamori_rules::codes::RULES {
        let mut c = config.clone();
        c.scan.select = vec![rule.code.to_string()];
        let t = Instant::now();
        let _ = mamori_rules::scan(&snapshot, &c, jiff::civil::date(2027, 1, 1));
        per_rule.push((t.elapsed(), rule.code));
    }
    per_rule.sort_by_key(|p| std::cmp::Reverse(p.0));
    for (d, code) in per_rule.iter().take(8) {
        println!("  {code} {d:?}");
    }
}
