//! Flow-log files of any content (default or custom formats, header lines
//! anywhere) through the parser and every flow detector: no panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use mamori_logs::flow::{run_bytes, Baseline, FlowSettings};

fuzz_target!(|data: &[u8]| {
    let settings = FlowSettings { scan_ports: 3, scan_hosts: 3, brute_force_attempts: 2, syn_flood_flows: 2, ..FlowSettings::default() };
    let run = run_bytes("fuzz.log", data, &settings, &Baseline::default());
    assert!(run.records + run.no_data + run.malformed <= data.iter().filter(|b| **b == b'\n').count() as u64 + 1);
});
