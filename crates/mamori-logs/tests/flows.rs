//! Flow-log detectors on synthetic logs: three weeks of ordinary traffic,
//! with and without a planted port scan, SSH brute force, SYN flood and a
//! 3× traffic spike.
#![allow(clippy::expect_used, clippy::unwrap_used, clippy::panic, clippy::indexing_slicing)]

use std::io::Write;
use std::path::{Path, PathBuf};

use mamori_logs::flow::{run_files, Baseline, FlowSettings};

const HEADER: &str = "version account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes start end action log-status vpc-id subnet-id instance-id tcp-flags";
/// 2024-01-01T00:00:00Z, a Monday.
const T0: i64 = 1_704_067_200;

struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        self.0 >> 33
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

#[allow(clippy::too_many_arguments)]
fn line(
    out: &mut String,
    eni: &str,
    src: &str,
    dst: &str,
    sport: u64,
    dport: u64,
    packets: u64,
    bytes: u64,
    start: i64,
    action: &str,
    flags: u64,
) {
    out.push_str(&format!(
        "2 111122223333 {eni} {src} {dst} {sport} {dport} 6 {packets} {bytes} {start} {} {action} OK vpc-1 subnet-1 i-1 {flags}\n",
        start + 30
    ));
}

/// One file per day; `planted` adds the attacks to days of the third week.
fn write_logs(dir: &Path, planted: bool) -> Vec<PathBuf> {
    let mut rng = Rng(7);
    let mut files = Vec::new();
    for day in 0..21i64 {
        let mut out = String::from(HEADER);
        out.push('\n');
        for hour in 0..24i64 {
            let t = T0 + day * 86_400 + hour * 3600;
            for (k, eni) in ["eni-web", "eni-db"].iter().enumerate() {
                // Busier in working hours; ±10 % noise between weeks.
                let flows = if (9..18).contains(&hour) { 40 } else { 10 };
                for f in 0..flows {
                    let client = format!("198.51.100.{}", 1 + rng.below(50));
                    let server = format!("10.0.{k}.10");
                    let bytes = 100_000 + rng.below(20_000);
                    let start = t + (f as i64 * 60) % 3600;
                    let sport = 32768 + rng.below(20000);
                    line(&mut out, eni, &client, &server, sport, 443, 20, bytes, start, "ACCEPT", 2);
                    line(&mut out, eni, &server, &client, 443, sport, 18, bytes / 10, start, "ACCEPT", 18);
                }
                // An administrator's few SSH sessions and a few rejected probes.
                if hour == 10 {
                    line(&mut out, eni, "203.0.113.5", &format!("10.0.{k}.10"), 40000, 22, 200, 50_000, t + 60, "ACCEPT", 27);
                    line(&mut out, eni, "192.0.2.77", &format!("10.0.{k}.10"), 41000, 3389, 1, 40, t + 120, "REJECT", 2);
                }
            }
            if planted && day == 16 && hour == 3 {
                // Port scan: one source, 300 ports within two minutes.
                for p in 0..300 {
                    line(&mut out, "eni-web", "192.0.2.66", "10.0.0.10", 50000 + p, 1 + p, 1, 44, t + p as i64 / 3, "REJECT", 2);
                }
                // SSH brute force: 60 short connections in four minutes.
                for a in 0..60 {
                    line(&mut out, "eni-db", "192.0.2.99", "10.0.1.10", 45000 + a, 22, 12, 2_400, t + 600 + a as i64 * 4, "ACCEPT", 27);
                }
                // SYN flood: 2,000 SYN-only flows to the web server, never answered.
                for a in 0..2000u64 {
                    let src = format!("203.0.113.{}", 1 + a % 200);
                    line(&mut out, "eni-web", &src, "10.0.0.10", 1024 + a, 443, 1, 40, t + 1200 + (a as i64 % 120), "ACCEPT", 2);
                }
            }
            if planted && day == 17 && hour == 14 {
                // 3× the usual bytes for that hour on the database interface.
                for f in 0..80 {
                    line(&mut out, "eni-db", "198.51.100.200", "10.0.1.10", 33000 + f, 443, 20, 110_000, t + f as i64 * 40, "ACCEPT", 2);
                }
            }
        }
        let path = dir.join(format!("flows-{day:02}.log.gz"));
        let mut gz = flate2::write::GzEncoder::new(std::fs::File::create(&path).unwrap(), flate2::Compression::fast());
        gz.write_all(out.as_bytes()).unwrap();
        gz.finish().unwrap();
        files.push(path);
    }
    files
}

fn ids(run: &mamori_logs::flow::FlowRun) -> Vec<String> {
    run.alerts.iter().map(|a| format!("{} {}", a.detection.id, a.actor.clone().unwrap_or_default())).collect()
}

#[test]
fn planted_attacks_are_found_and_clean_logs_raise_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let clean_dir = dir.path().join("clean");
    let planted_dir = dir.path().join("planted");
    std::fs::create_dir_all(&clean_dir).unwrap();
    std::fs::create_dir_all(&planted_dir).unwrap();
    let clean = write_logs(&clean_dir, false);
    let planted = write_logs(&planted_dir, true);
    let s = FlowSettings::default();

    let quiet = run_files(&clean, 2, &s, &Baseline::default());
    assert_eq!(quiet.malformed, 0, "{:?}", quiet.problems);
    assert!(quiet.alerts.is_empty(), "{:#?}", ids(&quiet));
    assert!(quiet.spike_hours_judged > 0 && quiet.not_assessed.is_empty());
    assert!(quiet.rejected.flows > 0);

    let loud = run_files(&planted, 2, &s, &Baseline::default());
    let got = ids(&loud);
    assert_eq!(
        got,
        [
            "mamori-flow-port-scan 192.0.2.66",
            "mamori-flow-brute-force 192.0.2.99",
            "mamori-flow-syn-flood 10.0.0.10",
            "mamori-flow-traffic-spike eni-db",
        ],
        "{got:#?}"
    );
    let spike = &loud.alerts[3];
    let ratio = spike.evidence["ratio"].as_f64().unwrap();
    assert!((2.5..=3.5).contains(&ratio), "{ratio}");
    assert_eq!(spike.time, "2024-01-18T14:00:00Z");
    // One thread finds the same.
    let single = run_files(&planted, 1, &s, &Baseline::default());
    assert_eq!(single.alerts, loud.alerts);
}

#[test]
fn a_saved_baseline_judges_a_later_run() {
    let dir = tempfile::tempdir().unwrap();
    let files = write_logs(dir.path(), true);
    let s = FlowSettings::default();
    // The first two weeks alone: no spike yet, a baseline learned.
    let first = run_files(&files[..14], 1, &s, &Baseline::default());
    assert!(first.alerts.iter().all(|a| a.detection.id != "mamori-flow-traffic-spike"));
    let json = serde_json::to_string(&first.baseline).unwrap();
    let baseline: Baseline = serde_json::from_str(&json).unwrap();
    // The third week alone, judged against the saved baseline.
    let later = run_files(&files[14..], 1, &s, &baseline);
    assert!(later.alerts.iter().any(|a| a.detection.id == "mamori-flow-traffic-spike"));
    // Without it, a single week cannot be judged.
    let alone = run_files(&files[14..], 1, &s, &Baseline::default());
    assert!(alone.alerts.iter().all(|a| a.detection.id != "mamori-flow-traffic-spike"));
    assert_eq!(alone.spike_hours_judged, 0);
}

#[test]
fn logs_without_tcp_flags_say_the_syn_flood_detector_could_not_judge() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("v2.log");
    std::fs::write(
        &p,
        "2 123456789010 eni-1 172.31.16.139 172.31.16.21 20641 22 6 20 4249 1418530010 1418530070 ACCEPT OK\nnot a record\n",
    )
    .unwrap();
    let run = run_files(&[p], 1, &FlowSettings::default(), &Baseline::default());
    assert_eq!((run.records, run.malformed), (1, 1));
    assert_eq!(run.problems[0].line, Some(2));
    assert_eq!(run.not_assessed.len(), 1);
}
