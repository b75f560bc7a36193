//! Throughput of `mamori-logs` (scripts/bench-logs runs it in release mode):
//! `bench cloudtrail SIGMA_DIR EVENTS THREADS` replays the Invictus dataset's
//! events (with fresh event ids) into 50,000-event files and runs every
//! SigmaHQ rule and the built-ins over them; `bench flows RECORDS THREADS`
//! does the same for version-2 flow-log lines (`bench flows RECORDS THREADS
//! SOURCES` draws source addresses from SOURCES addresses instead of at random).

#![allow(clippy::indexing_slicing)] // a benchmark harness over its own generated data

use std::io::Write;

#[global_allocator]
static ALLOC: mimalloc::MiMalloc = mimalloc::MiMalloc;
use std::path::PathBuf;
use std::time::Instant;

use mamori_logs::cloudtrail::DetectorBuilder;
use mamori_logs::flow::{run_files, Baseline, FlowSettings};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    let kind = args.get(1).map(String::as_str).unwrap_or("cloudtrail");
    // MAMORI_BENCH_DIR keeps the generated files (and reuses them), for profiling.
    let kept = std::env::var_os("MAMORI_BENCH_DIR").map(PathBuf::from);
    let dir = kept.clone().unwrap_or_else(|| std::env::temp_dir().join(format!("mamori-bench-{}", std::process::id())));
    std::fs::create_dir_all(&dir)?;
    let result = match kind {
        "flows" => flows(&dir, &args),
        _ => cloudtrail(&dir, &args),
    };
    if kept.is_none() {
        let _ = std::fs::remove_dir_all(&dir);
    }
    result
}

fn cloudtrail(dir: &std::path::Path, args: &[String]) -> Result<(), Box<dyn std::error::Error>> {
    let sigma = PathBuf::from(args.get(2).ok_or("SIGMA_DIR")?);
    let n: usize = args.get(3).map_or(Ok(1_000_000), |s| s.parse())?;
    let threads: usize = args.get(4).map_or(Ok(1), |s| s.parse())?;
    let data = sigma.join("../../../../../invictus-aws-cloudtrail/CloudTrail");
    let mut records = Vec::new();
    for f in mamori_logs::input::discover(&[data])? {
        let v: serde_json::Value = serde_json::from_slice(&std::fs::read(f)?)?;
        if let Some(rs) = v["Records"].as_array() {
            records.extend(rs.iter().cloned());
        }
    }
    let mut files = Vec::new();
    let mut bytes = 0u64;
    let per_file = 50_000;
    let mut i = 0;
    while i < n {
        let p = dir.join(format!("ct-{n}-{:05}.json", files.len()));
        if let Ok(m) = std::fs::metadata(&p) {
            bytes += m.len();
            files.push(p);
            i += per_file;
            continue;
        }
        let mut out = Vec::with_capacity(per_file * 1400);
        out.extend_from_slice(b"{\"Records\":[");
        for j in 0..per_file.min(n - i) {
            let mut r = records[(i + j) % records.len()].clone();
            r["eventID"] = format!("00000000-0000-0000-0000-{:012}", i + j).into();
            if j > 0 {
                out.push(b',');
            }
            serde_json::to_writer(&mut out, &r)?;
        }
        out.extend_from_slice(b"]}");
        bytes += out.len() as u64;
        std::fs::File::create(&p)?.write_all(&out)?;
        files.push(p);
        i += per_file;
    }
    let mut b = DetectorBuilder::new();
    b.builtins(&Default::default());
    b.sigma_dir(&sigma)?;
    let mut d = b.build();
    // Alerts kept per detection (counts stay exact): `bench cloudtrail SIGMA N T MAX`.
    if let Some(max) = args.get(5) {
        d.max_per_detection = max.parse()?;
    }
    let t = Instant::now();
    let run = d.run_files(&files, threads);
    let secs = t.elapsed().as_secs_f64();
    println!(
        "cloudtrail: {} events ({:.0} MB) in {:.3} s with {} rules on {threads} thread(s): {:.0} events/s, {:.0} MB/s, {} alerts",
        run.records,
        bytes as f64 / 1e6,
        secs,
        d.rule_count(),
        run.records as f64 / secs,
        bytes as f64 / 1e6 / secs,
        run.per_detection.values().sum::<u64>()
    );
    Ok(())
}

fn flows(dir: &std::path::Path, args: &[String]) -> Result<(), Box<dyn std::error::Error>> {
    let n: usize = args.get(2).map_or(Ok(5_000_000), |s| s.parse())?;
    let threads: usize = args.get(3).map_or(Ok(1), |s| s.parse())?;
    // Distinct source addresses: 0 draws a fresh random one for every record
    // (the worst case: every record opens new windows).
    let sources: u64 = args.get(4).map_or(Ok(0), |s| s.parse())?;
    let per_file = 500_000;
    let mut files = Vec::new();
    let mut state = 12345u64;
    let mut next = || {
        state = state.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        state >> 33
    };
    let t0 = 1_704_067_200u64;
    let mut i = 0;
    while i < n {
        let p = dir.join(format!("fl-{n}-{sources}-{:05}.log", files.len()));
        if p.exists() {
            files.push(p);
            i += per_file;
            continue;
        }
        let mut out = String::with_capacity(per_file * 110);
        for j in 0..per_file.min(n - i) {
            let k = (i + j) as u64;
            let start = t0 + k / 200;
            let action = if next() % 10 == 0 { "REJECT" } else { "ACCEPT" };
            let src = if sources == 0 { next() % 65536 } else { next() % sources };
            out.push_str(&format!(
                "2 111122223333 eni-{:08x} 198.51.{}.{} 10.0.{}.{} {} {} 6 {} {} {} {} {action} OK\n",
                next() % 2000,
                src / 256,
                src % 256,
                next() % 256,
                next() % 256,
                32768 + next() % 20000,
                [443, 80, 22, 5432][(next() % 4) as usize],
                1 + next() % 50,
                40 + next() % 100_000,
                start,
                start + 60
            ));
        }
        std::fs::write(&p, out)?;
        files.push(p);
        i += per_file;
    }
    let t = Instant::now();
    let run = run_files(&files, threads, &FlowSettings::default(), &Baseline::default());
    let secs = t.elapsed().as_secs_f64();
    println!(
        "flows: {} records in {:.3} s on {threads} thread(s): {:.0} records/s, {} alerts",
        run.records,
        secs,
        run.records as f64 / secs,
        run.alerts.len()
    );
    Ok(())
}
