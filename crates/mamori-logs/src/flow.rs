//! VPC Flow Logs: parsing (the default version-2 format and custom formats
//! named by a header line, fields of versions 2–5) and detectors for port
//! scans, SSH/RDP brute force, SYN floods, traffic spikes against a learned
//! per-interface, per-hour-of-week baseline (the whitepaper's 2× example),
//! and a summary of rejected traffic.
//!
//! Files are parsed by worker threads and fed to one detector in file order,
//! so results do not depend on the number of threads. Detector state is
//! kept per time window and dropped once the window is older than the
//! newest record by more than `lateness`, so memory follows the number of
//! active sources, not the input's size.

use std::collections::BTreeMap;

use rustc_hash::{FxHashMap, FxHashSet};
use std::net::IpAddr;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use serde_json::json;

use crate::alert::{Alert, DetectionRef, Origin};
use crate::input::{self, Malformed};
use crate::sigma::Level;

/// The default (version 2) field order.
pub const DEFAULT_FORMAT: &[&str] = &[
    "version",
    "account-id",
    "interface-id",
    "srcaddr",
    "dstaddr",
    "srcport",
    "dstport",
    "protocol",
    "packets",
    "bytes",
    "start",
    "end",
    "action",
    "log-status",
];

/// The fields of versions 3 to 5 (and the ECS fields of version 7) beyond
/// the default ones, so that a header line can be told from a record.
const LATER_FIELDS: &[&str] = &[
    "vpc-id",
    "subnet-id",
    "instance-id",
    "tcp-flags",
    "type",
    "pkt-srcaddr",
    "pkt-dstaddr",
    "region",
    "az-id",
    "sublocation-type",
    "sublocation-id",
    "pkt-src-aws-service",
    "pkt-dst-aws-service",
    "flow-direction",
    "traffic-path",
    "ecs-cluster-arn",
    "ecs-cluster-name",
    "ecs-container-instance-arn",
    "ecs-container-instance-id",
    "ecs-container-id",
    "ecs-second-container-id",
    "ecs-service-name",
    "ecs-task-definition-arn",
    "ecs-task-arn",
    "ecs-task-id",
    "reject-reason",
];

/// One flow record, as the detectors need it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Flow {
    pub interface: u32,
    pub src: IpAddr,
    pub dst: IpAddr,
    pub src_port: u16,
    pub dst_port: u16,
    pub protocol: u8,
    pub packets: u64,
    pub bytes: u64,
    pub start: i64,
    pub end: i64,
    pub accept: bool,
    /// TCP flags (OR of the flow's packets), when the format has them.
    pub tcp_flags: Option<u16>,
}

/// Column positions of the fields the detectors read.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Layout {
    interface: Option<usize>,
    src: Option<usize>,
    dst: Option<usize>,
    src_port: Option<usize>,
    dst_port: Option<usize>,
    protocol: Option<usize>,
    packets: Option<usize>,
    bytes: Option<usize>,
    start: Option<usize>,
    end: Option<usize>,
    action: Option<usize>,
    status: Option<usize>,
    tcp_flags: Option<usize>,
    columns: usize,
}

impl Layout {
    pub fn from_names(names: &[&str]) -> Layout {
        let at = |n: &str| names.iter().position(|x| *x == n);
        Layout {
            interface: at("interface-id"),
            src: at("srcaddr"),
            dst: at("dstaddr"),
            src_port: at("srcport"),
            dst_port: at("dstport"),
            protocol: at("protocol"),
            packets: at("packets"),
            bytes: at("bytes"),
            start: at("start"),
            end: at("end"),
            action: at("action"),
            status: at("log-status"),
            tcp_flags: at("tcp-flags"),
            columns: names.len(),
        }
    }

    pub fn has_tcp_flags(&self) -> bool {
        self.tcp_flags.is_some()
    }
}

/// Interface ids interned to small numbers.
#[derive(Debug, Default)]
pub struct Interfaces {
    ids: FxHashMap<String, u32>,
    names: Vec<String>,
}

impl Interfaces {
    fn intern(&mut self, s: &str) -> u32 {
        if let Some(&i) = self.ids.get(s) {
            return i;
        }
        let i = self.names.len() as u32;
        self.names.push(s.to_string());
        self.ids.insert(s.to_string(), i);
        i
    }

    pub fn name(&self, i: u32) -> &str {
        self.names.get(i as usize).map_or("-", String::as_str)
    }
}

/// Why a line is not a record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LineError {
    Columns { expected: usize, found: usize },
    Field { name: &'static str, value: String },
}

impl std::fmt::Display for LineError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            LineError::Columns { expected, found } => write!(f, "expected {expected} fields, found {found}"),
            LineError::Field { name, value } => write!(f, "`{value}` is not a valid {name}"),
        }
    }
}

/// What a line holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Line {
    Flow(Flow),
    /// NODATA or SKIPDATA, or a record without addresses.
    NoData,
}

/// Parses one record line with `layout`.
pub fn parse_line(line: &str, layout: &Layout, interfaces: &mut Interfaces) -> Result<Line, LineError> {
    let mut cols: [&str; 64] = [""; 64];
    let mut n = 0;
    for c in line.split_ascii_whitespace() {
        if let Some(slot) = cols.get_mut(n) {
            *slot = c;
        }
        n += 1;
    }
    if n != layout.columns {
        return Err(LineError::Columns { expected: layout.columns, found: n });
    }
    let col = |i: Option<usize>| i.and_then(|i| cols.get(i)).copied().unwrap_or("-");
    let status = col(layout.status);
    if status == "NODATA" || status == "SKIPDATA" || col(layout.src) == "-" {
        return Ok(Line::NoData);
    }
    fn num<T: std::str::FromStr>(name: &'static str, s: &str) -> Result<T, LineError> {
        s.parse().map_err(|_| LineError::Field { name, value: s.chars().take(64).collect() })
    }
    fn opt<T: std::str::FromStr + Default>(name: &'static str, s: &str) -> Result<T, LineError> {
        if s == "-" {
            Ok(T::default())
        } else {
            num(name, s)
        }
    }
    let action = col(layout.action);
    Ok(Line::Flow(Flow {
        interface: interfaces.intern(col(layout.interface)),
        src: num("srcaddr", col(layout.src))?,
        dst: num("dstaddr", col(layout.dst))?,
        src_port: opt("srcport", col(layout.src_port))?,
        dst_port: opt("dstport", col(layout.dst_port))?,
        protocol: opt("protocol", col(layout.protocol))?,
        packets: opt("packets", col(layout.packets))?,
        bytes: opt("bytes", col(layout.bytes))?,
        start: num("start", col(layout.start))?,
        end: opt("end", col(layout.end))?,
        accept: match action {
            "ACCEPT" => true,
            "REJECT" | "-" => false,
            other => return Err(LineError::Field { name: "action", value: other.chars().take(64).collect() }),
        },
        tcp_flags: match layout.tcp_flags.map(|i| cols.get(i).copied().unwrap_or("-")) {
            None | Some("-") => None,
            Some(s) => Some(num("tcp-flags", s)?),
        },
    }))
}

/// A header line: every token a known field name.
pub fn header(line: &str) -> Option<Vec<&str>> {
    let known = |n: &&str| DEFAULT_FORMAT.contains(n) || LATER_FIELDS.contains(n);
    // Checked before collecting: every record line is tested.
    let mut tokens = line.split_ascii_whitespace().peekable();
    (tokens.peek().is_some() && tokens.all(|n| known(&n))).then(|| line.split_ascii_whitespace().collect())
}

// ------------------------------------------------------------ settings

/// Thresholds and windows (`[logs.flow]` in `mamori.toml`).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct FlowSettings {
    /// Window for scans, brute force and floods, in seconds.
    pub window_seconds: i64,
    /// Records older than the newest one by more than this are late; their
    /// windows may already have been judged.
    pub lateness_seconds: i64,
    pub scan_ports: usize,
    pub scan_hosts: usize,
    pub brute_force_ports: Vec<u16>,
    pub brute_force_attempts: u64,
    /// A flow with at most this many packets counts as an attempt.
    pub brute_force_max_packets: u64,
    pub syn_flood_flows: u64,
    /// At most this share of SYNs answered by SYN-ACK for a flood.
    pub syn_flood_answered_ratio: f64,
    pub spike_factor: f64,
    /// Hours below this many bytes are never spikes.
    pub spike_min_bytes: u64,
    /// Earlier same hours of the week needed before judging.
    pub spike_min_weeks: u32,
}

impl Default for FlowSettings {
    fn default() -> Self {
        FlowSettings {
            window_seconds: 300,
            lateness_seconds: 3600,
            scan_ports: 100,
            scan_hosts: 50,
            brute_force_ports: vec![22, 3389],
            brute_force_attempts: 30,
            brute_force_max_packets: 30,
            syn_flood_flows: 500,
            syn_flood_answered_ratio: 0.1,
            spike_factor: 2.0,
            spike_min_bytes: 1_000_000,
            spike_min_weeks: 1,
        }
    }
}

/// Learned traffic per interface and hour of the week: the mean of the
/// hours seen so far. Saved and loaded as JSON so that later runs judge
/// against earlier weeks.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Baseline {
    /// interface → hour of week (0 = Monday 00:00 UTC) → (hours seen, mean bytes).
    pub interfaces: BTreeMap<String, BTreeMap<u16, (u32, f64)>>,
}

// ------------------------------------------------------------ detection

#[derive(Debug, Default)]
struct ScanWin {
    ports: Distinct<u16>,
    hosts: Distinct<IpAddr>,
    flows: u64,
    first: i64,
    last: i64,
    at: At,
}

#[derive(Debug, Default)]
struct CountWin {
    n: u64,
    rejected: u64,
    first: i64,
    last: i64,
    at: At,
}

/// Where a window's first flow was read: the index of its file among the
/// files read, its record and line (turned into an [`Origin`] for alerts).
#[derive(Debug, Default, Clone, Copy)]
struct At {
    file: u32,
    record: u64,
    line: usize,
}

/// Distinct values, counted up to a cap: a short list while small (most
/// windows see one or two ports), a hash set beyond.
#[derive(Debug)]
enum Distinct<T> {
    Few(Vec<T>),
    Many(FxHashSet<T>),
}

impl<T> Default for Distinct<T> {
    fn default() -> Self {
        Distinct::Few(Vec::new())
    }
}

impl<T: Eq + std::hash::Hash + Copy> Distinct<T> {
    const FEW: usize = 16;

    fn len(&self) -> usize {
        match self {
            Distinct::Few(v) => v.len(),
            Distinct::Many(s) => s.len(),
        }
    }

    fn insert(&mut self, x: T) {
        match self {
            Distinct::Few(v) if v.contains(&x) => {}
            Distinct::Few(v) if v.len() < Self::FEW => v.push(x),
            Distinct::Few(v) => {
                let mut set: FxHashSet<T> = v.drain(..).collect();
                set.insert(x);
                *self = Distinct::Many(set);
            }
            Distinct::Many(s) => {
                s.insert(x);
            }
        }
    }
}

/// The summary of rejected traffic.
#[derive(Debug, Default, Clone, Serialize)]
pub struct Rejected {
    pub flows: u64,
    pub packets: u64,
    pub bytes: u64,
    /// The sources with the most rejected flows (at most 10).
    pub top_sources: Vec<(String, u64)>,
    /// The destination ports with the most rejected flows (at most 10).
    pub top_ports: Vec<(u16, u64)>,
}

/// What a flow-log run found.
#[derive(Debug, Default)]
pub struct FlowRun {
    pub alerts: Vec<Alert>,
    pub files: u64,
    pub records: u64,
    pub no_data: u64,
    pub malformed: u64,
    pub late: u64,
    pub problems: Vec<Malformed>,
    pub rejected: Rejected,
    /// The baseline after this run (earlier baseline plus this input).
    pub baseline: Baseline,
    /// Detectors that could not judge, with why (e.g. no `tcp-flags` field).
    pub not_assessed: Vec<(String, String)>,
    /// Hours judged against a baseline, and hours without enough history.
    pub spike_hours_judged: u64,
    pub spike_hours_learning: u64,
}

type WinKey<K> = (K, i64);

struct Detect<'s> {
    s: &'s FlowSettings,
    interfaces: Interfaces,
    /// Names of the files read, in order (windows refer to them by index).
    files: Vec<String>,
    scans: FxHashMap<WinKey<IpAddr>, ScanWin>,
    brute: FxHashMap<WinKey<(IpAddr, IpAddr, u16)>, CountWin>,
    syn: FxHashMap<WinKey<(IpAddr, u16)>, (CountWin, u64)>,
    hours: FxHashMap<(u32, i64), u64>,
    rejected_by_src: FxHashMap<IpAddr, u64>,
    rejected_by_port: FxHashMap<u16, u64>,
    rejected: Rejected,
    watermark: i64,
    since_evict: u32,
    alerts: Vec<Alert>,
    late: u64,
    tcp_flags_seen: bool,
    flows_seen: bool,
}

const MAX_REJECT_KEYS: usize = 100_000;

/// Problems kept in a [`FlowRun`] (all are counted in `malformed`).
pub const MAX_PROBLEMS: usize = 1_000;

impl<'s> Detect<'s> {
    fn new(s: &'s FlowSettings) -> Self {
        Detect {
            s,
            interfaces: Interfaces::default(),
            files: Vec::new(),
            scans: FxHashMap::default(),
            brute: FxHashMap::default(),
            syn: FxHashMap::default(),
            hours: FxHashMap::default(),
            rejected_by_src: FxHashMap::default(),
            rejected_by_port: FxHashMap::default(),
            rejected: Rejected::default(),
            watermark: i64::MIN,
            since_evict: 0,
            alerts: Vec::new(),
            late: 0,
            tcp_flags_seen: false,
            flows_seen: false,
        }
    }

    fn flow(&mut self, f: &Flow, file: u32, record: u64, line: usize) {
        self.flows_seen = true;
        let w = self.s.window_seconds.max(1);
        let win = f.start.div_euclid(w) * w;
        if f.start < self.watermark.saturating_sub(self.s.lateness_seconds) {
            self.late += 1;
        }
        self.watermark = self.watermark.max(f.start);
        let at = At { file, record, line };

        let scan = self.scans.entry((f.src, win)).or_insert_with(|| ScanWin { first: f.start, at, ..Default::default() });
        scan.flows += 1;
        scan.first = scan.first.min(f.start);
        scan.last = scan.last.max(f.end.max(f.start));
        if scan.ports.len() < self.s.scan_ports {
            scan.ports.insert(f.dst_port);
        }
        if scan.hosts.len() < self.s.scan_hosts {
            scan.hosts.insert(f.dst);
        }

        if f.protocol == 6 && self.s.brute_force_ports.contains(&f.dst_port) && f.packets <= self.s.brute_force_max_packets {
            let b = self.brute.entry(((f.src, f.dst, f.dst_port), win)).or_insert_with(|| CountWin {
                first: f.start,
                at,
                ..Default::default()
            });
            b.n += 1;
            if !f.accept {
                b.rejected += 1;
            }
            b.first = b.first.min(f.start);
            b.last = b.last.max(f.end.max(f.start));
        }

        if let (6, Some(flags)) = (f.protocol, f.tcp_flags) {
            self.tcp_flags_seen = true;
            if flags == 2 {
                let e = self
                    .syn
                    .entry(((f.dst, f.dst_port), win))
                    .or_insert_with(|| (CountWin { first: f.start, at, ..Default::default() }, 0));
                e.0.n += 1;
                e.0.first = e.0.first.min(f.start);
                e.0.last = e.0.last.max(f.end.max(f.start));
            } else if flags & 18 == 18 {
                // The answer: SYN-ACK from the target's port.
                let e =
                    self.syn.entry(((f.src, f.src_port), win)).or_insert_with(|| (CountWin { first: f.start, ..Default::default() }, 0));
                e.1 += 1;
            }
        }

        *self.hours.entry((f.interface, f.start.div_euclid(3600))).or_default() += f.bytes;

        if !f.accept {
            self.rejected.flows += 1;
            self.rejected.packets += f.packets;
            self.rejected.bytes += f.bytes;
            if self.rejected_by_src.len() < MAX_REJECT_KEYS || self.rejected_by_src.contains_key(&f.src) {
                *self.rejected_by_src.entry(f.src).or_default() += 1;
            }
            *self.rejected_by_port.entry(f.dst_port).or_default() += 1;
        }

        self.since_evict += 1;
        if self.since_evict >= 65_536 {
            self.since_evict = 0;
            self.evict(false);
        }
    }

    /// Parses one file's bytes and feeds each record straight to the detectors.
    fn feed_bytes(&mut self, name: &str, bytes: &[u8], stats: &mut FileStats) {
        let file = self.files.len() as u32;
        let mut interfaces = std::mem::take(&mut self.interfaces);
        parse_into(name, bytes, &mut interfaces, stats, &mut |f, record, line| self.flow(f, file, record, line));
        self.interfaces = interfaces;
        self.files.push(name.to_string());
    }

    /// Judges and drops windows that can no longer change (all of them at the end).
    fn evict(&mut self, all: bool) {
        let horizon = self.watermark.saturating_sub(self.s.lateness_seconds).saturating_sub(self.s.window_seconds);
        let done = |win: i64| all || win < horizon;
        let s = self.s;
        let files = &self.files;
        let mut alerts = Vec::new();
        self.scans.retain(|(src, win), w| {
            if !done(*win) {
                return true;
            }
            let by_ports = w.ports.len() >= s.scan_ports;
            let by_hosts = w.hosts.len() >= s.scan_hosts;
            if by_ports || by_hosts {
                let what = if by_ports { format!("{}+ destination ports", w.ports.len()) } else { format!("{}+ destination hosts", w.hosts.len()) };
                let what_ja = if by_ports { format!("{} 以上の宛先ポート", w.ports.len()) } else { format!("{} 以上の宛先ホスト", w.hosts.len()) };
                alerts.push(flow_alert(
                    "mamori-flow-port-scan",
                    "Port scan",
                    "ポートスキャン",
                    Level::Medium,
                    w,
                    files,
                    *src,
                    format!("{src} probed {what} within {} s ({} flows)", s.window_seconds, w.flows),
                    format!("{src} が {} 秒以内に{what_ja}を探査（フロー {} 件）", s.window_seconds, w.flows),
                    json!({"flows": w.flows, "distinct_ports_at_least": w.ports.len(), "distinct_hosts_at_least": w.hosts.len(), "window_seconds": s.window_seconds, "threshold_ports": s.scan_ports, "threshold_hosts": s.scan_hosts}),
                ));
            }
            false
        });
        self.brute.retain(|((src, dst, port), win), w| {
            if !done(*win) {
                return true;
            }
            if w.n >= s.brute_force_attempts {
                let service = if *port == 3389 { "RDP" } else if *port == 22 { "SSH" } else { "login" };
                alerts.push(flow_alert(
                    "mamori-flow-brute-force",
                    &format!("{service} brute force"),
                    &format!("{service} ブルートフォース"),
                    Level::High,
                    &ScanWin { flows: w.n, first: w.first, last: w.last, at: w.at, ..Default::default() },
                    files,
                    *src,
                    format!("{src} made {} short connections to {dst}:{port} within {} s ({} rejected)", w.n, s.window_seconds, w.rejected),
                    format!("{src} が {} 秒以内に {dst}:{port} へ短い接続を {} 回（拒否 {} 回）", s.window_seconds, w.n, w.rejected),
                    json!({"target": format!("{dst}:{port}"), "attempts": w.n, "rejected": w.rejected, "window_seconds": s.window_seconds, "threshold": s.brute_force_attempts}),
                ));
            }
            false
        });
        self.syn.retain(|((dst, port), win), (w, answered)| {
            if !done(*win) {
                return true;
            }
            let ratio = if w.n == 0 { 1.0 } else { *answered as f64 / w.n as f64 };
            if w.n >= s.syn_flood_flows && ratio <= s.syn_flood_answered_ratio {
                alerts.push(flow_alert(
                    "mamori-flow-syn-flood",
                    "SYN flood",
                    "SYN フラッド",
                    Level::High,
                    &ScanWin { flows: w.n, first: w.first, last: w.last, at: w.at, ..Default::default() },
                    files,
                    *dst,
                    format!("{} SYN-only flows to {dst}:{port} within {} s, {answered} answered with SYN-ACK", w.n, s.window_seconds),
                    format!("{} 秒以内に {dst}:{port} への SYN のみのフロー {} 件、SYN-ACK の応答 {answered} 件", s.window_seconds, w.n),
                    json!({"target": format!("{dst}:{port}"), "syn_only_flows": w.n, "syn_ack_flows": answered, "window_seconds": s.window_seconds, "threshold": s.syn_flood_flows}),
                ));
            }
            false
        });
        self.alerts.extend(alerts);
    }
}

#[allow(clippy::too_many_arguments)]
fn flow_alert(
    id: &str,
    title: &str,
    title_ja: &str,
    level: Level,
    w: &ScanWin,
    files: &[String],
    actor: IpAddr,
    message: String,
    message_ja: String,
    evidence: serde_json::Value,
) -> Alert {
    Alert {
        detection: DetectionRef {
            id: id.into(),
            title: title.into(),
            title_ja: Some(title_ja.into()),
            level,
            origin: "mamori",
            code: None,
            author: "mamori".into(),
            link: String::new(),
            tags: Vec::new(),
        },
        source: "flow-logs",
        time: rfc3339(w.first),
        end_time: Some(rfc3339(w.last)),
        count: w.flows,
        actor: Some(actor.to_string()),
        source_ip: Some(actor.to_string()),
        account: None,
        region: None,
        event_name: None,
        event_source: None,
        event_id: None,
        message,
        message_ja,
        evidence,
        origins: files
            .get(w.at.file as usize)
            .map(|file| Origin { file: file.clone(), record: w.at.record, line: Some(w.at.line) })
            .into_iter()
            .collect(),
    }
}

fn rfc3339(secs: i64) -> String {
    jiff::Timestamp::from_second(secs).map(|t| t.to_string()).unwrap_or_else(|_| secs.to_string())
}

/// Hour of the week, 0 = Monday 00:00–01:00 UTC.
fn hour_of_week(abs_hour: i64) -> u16 {
    // 1970-01-01 was a Thursday: hour 0 of the epoch is Thursday 00:00.
    ((abs_hour + 3 * 24).rem_euclid(7 * 24)) as u16
}

/// Counts and problems of one file.
#[derive(Debug, Default)]
struct FileStats {
    records: u64,
    no_data: u64,
    malformed: u64,
    problems: Vec<Malformed>,
}

/// Parsed records of one file, for the detector thread.
struct Parsed {
    name: String,
    flows: Vec<(Flow, u64, usize)>,
    interfaces: Vec<String>,
    stats: FileStats,
}

/// Reads one file's lines, handing each record to `each` with its record
/// index and line; interface names are interned in `interfaces`.
fn parse_into(name: &str, bytes: &[u8], interfaces: &mut Interfaces, stats: &mut FileStats, each: &mut dyn FnMut(&Flow, u64, usize)) {
    let Ok(text) = std::str::from_utf8(bytes) else {
        stats.malformed += 1;
        stats.problems.push(Malformed { file: name.to_string(), line: None, message: "not UTF-8 text".into(), records_lost: None });
        return;
    };
    let mut layout = Layout::from_names(DEFAULT_FORMAT);
    let mut record = 0u64;
    for (i, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        if let Some(names) = header(line) {
            layout = Layout::from_names(&names);
            continue;
        }
        match parse_line(line, &layout, interfaces) {
            Ok(Line::Flow(f)) => {
                stats.records += 1;
                each(&f, record, i + 1);
            }
            Ok(Line::NoData) => stats.no_data += 1,
            Err(e) => {
                stats.malformed += 1;
                if stats.problems.len() < 100 {
                    stats.problems.push(Malformed {
                        file: name.to_string(),
                        line: Some(i + 1),
                        message: e.to_string(),
                        records_lost: Some(1),
                    });
                }
            }
        }
        record += 1;
    }
}

/// Loads a file and parses it with `parse`, or reports why it could not be read.
fn with_file(path: &Path, stats: &mut FileStats, parse: impl FnOnce(&[u8], &mut FileStats)) {
    input::with_file(path, |loaded| match loaded {
        Ok(bytes) => parse(bytes, stats),
        Err(e) => {
            stats.malformed += 1;
            stats.problems.push(Malformed { file: path.display().to_string(), line: None, message: e.to_string(), records_lost: None });
        }
    });
}

/// Runs the flow detectors over `files` (plain or gzip) in order, judging
/// spikes against `baseline` and this input. With more than one thread,
/// `threads - 1` parse while one detects; with one, each line goes straight
/// from the parser to the detectors.
pub fn run_files(files: &[PathBuf], threads: usize, settings: &FlowSettings, baseline: &Baseline) -> FlowRun {
    let mut d = Detect::new(settings);
    let mut run = FlowRun::default();
    let count = |stats: FileStats, run: &mut FlowRun| {
        run.files += 1;
        run.records += stats.records;
        run.no_data += stats.no_data;
        run.malformed += stats.malformed;
        let room = MAX_PROBLEMS.saturating_sub(run.problems.len());
        run.problems.extend(stats.problems.into_iter().take(room));
    };
    if threads <= 1 {
        for path in files {
            let name = path.display().to_string();
            let mut stats = FileStats::default();
            with_file(path, &mut stats, |bytes, stats| d.feed_bytes(&name, bytes, stats));
            count(stats, &mut run);
        }
    } else {
        let read = |path: &PathBuf| -> Parsed {
            let name = path.display().to_string();
            let mut p = Parsed { name, flows: Vec::new(), interfaces: Vec::new(), stats: FileStats::default() };
            let mut interfaces = Interfaces::default();
            with_file(path, &mut p.stats, |bytes, stats| {
                parse_into(&p.name, bytes, &mut interfaces, stats, &mut |f, record, line| p.flows.push((*f, record, line)));
            });
            p.interfaces = interfaces.names;
            p
        };
        input::in_order(files, threads - 1, read, |p| {
            let file = d.files.len() as u32;
            let map: Vec<u32> = p.interfaces.iter().map(|n| d.interfaces.intern(n)).collect();
            for (mut f, record, line) in p.flows {
                f.interface = map.get(f.interface as usize).copied().unwrap_or(0);
                d.flow(&f, file, record, line);
            }
            d.files.push(p.name);
            count(p.stats, &mut run);
        });
    }
    conclude(d, baseline, run)
}

/// Closes every window and judges spikes and the rejected traffic.
fn conclude(mut d: Detect<'_>, baseline: &Baseline, mut run: FlowRun) -> FlowRun {
    d.evict(true);
    if d.flows_seen && !d.tcp_flags_seen {
        run.not_assessed
            .push(("mamori-flow-syn-flood".into(), "the flow logs have no `tcp-flags` field (version 3 or later, custom format)".into()));
    }
    spikes(&mut d, baseline, &mut run);
    run.late = d.late;
    let mut top: Vec<(IpAddr, u64)> = d.rejected_by_src.into_iter().collect();
    top.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    let mut ports: Vec<(u16, u64)> = d.rejected_by_port.into_iter().collect();
    ports.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    run.rejected = Rejected {
        top_sources: top.into_iter().take(10).map(|(a, n)| (a.to_string(), n)).collect(),
        top_ports: ports.into_iter().take(10).collect(),
        ..d.rejected
    };
    run.alerts.extend(d.alerts);
    run.alerts.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    run
}

/// Runs the flow detectors over one file's bytes (plain or gzip already
/// decompressed), as [`run_files`] does for files.
pub fn run_bytes(name: &str, bytes: &[u8], settings: &FlowSettings, baseline: &Baseline) -> FlowRun {
    let mut d = Detect::new(settings);
    let mut stats = FileStats::default();
    d.feed_bytes(name, bytes, &mut stats);
    let run = FlowRun {
        files: 1,
        records: stats.records,
        no_data: stats.no_data,
        malformed: stats.malformed,
        problems: stats.problems,
        ..FlowRun::default()
    };
    conclude(d, baseline, run)
}

/// Traffic spikes: each interface's hours, in time order, against the mean
/// of the earlier same hours of the week (from `baseline` and this input).
fn spikes(d: &mut Detect<'_>, baseline: &Baseline, run: &mut FlowRun) {
    let s = d.s;
    let mut learned = baseline.clone();
    let mut hours: Vec<((u32, i64), u64)> = d.hours.drain().collect();
    hours.sort_by_key(|((iface, h), _)| (d.interfaces.name(*iface).to_string(), *h));
    for ((iface, abs), bytes) in hours {
        let name = d.interfaces.name(iface).to_string();
        let how = hour_of_week(abs);
        let slot = learned.interfaces.entry(name.clone()).or_default().entry(how).or_insert((0, 0.0));
        let (seen, mean) = *slot;
        if seen >= s.spike_min_weeks.max(1) {
            run.spike_hours_judged += 1;
            if bytes >= s.spike_min_bytes && bytes as f64 > s.spike_factor * mean {
                let ratio = if mean > 0.0 { bytes as f64 / mean } else { f64::INFINITY };
                let w = ScanWin { flows: 1, first: abs * 3600, last: abs * 3600 + 3599, ..Default::default() };
                let mut a = flow_alert(
                    "mamori-flow-traffic-spike",
                    "Traffic spike above the learned baseline",
                    "学習済みベースラインを超えるトラフィック急増",
                    Level::Medium,
                    &w,
                    &[],
                    IpAddr::from([0, 0, 0, 0]),
                    format!(
                        "{name} carried {bytes} bytes in the hour from {}, {ratio:.1}× its mean of {mean:.0} for that hour of the week",
                        rfc3339(abs * 3600)
                    ),
                    format!(
                        "{name} の {} からの 1 時間の転送量 {bytes} バイトは、同じ曜日・時間帯の平均 {mean:.0} の {ratio:.1} 倍",
                        rfc3339(abs * 3600)
                    ),
                    json!({"interface": name, "bytes": bytes, "baseline_mean_bytes": mean, "baseline_hours": seen, "ratio": (ratio * 10.0).round() / 10.0, "factor": s.spike_factor, "hour_of_week": how}),
                );
                a.actor = Some(name.clone());
                a.source_ip = None;
                run.alerts.push(a);
            }
        } else {
            run.spike_hours_learning += 1;
        }
        *slot = (seen + 1, mean + (bytes as f64 - mean) / f64::from(seen + 1));
    }
    run.baseline = learned;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_the_default_format_and_no_data_records() {
        let layout = Layout::from_names(DEFAULT_FORMAT);
        let mut i = Interfaces::default();
        let line = "2 123456789010 eni-1235b8ca123456789 172.31.16.139 172.31.16.21 20641 22 6 20 4249 1418530010 1418530070 ACCEPT OK";
        let Ok(Line::Flow(f)) = parse_line(line, &layout, &mut i) else { unreachable!() };
        assert_eq!((f.dst_port, f.protocol, f.packets, f.bytes, f.accept), (22, 6, 20, 4249, true));
        assert_eq!(i.name(f.interface), "eni-1235b8ca123456789");
        let nodata = "2 123456789010 eni-1235b8ca123456789 - - - - - - - 1431280876 1431280934 - NODATA";
        assert_eq!(parse_line(nodata, &layout, &mut i), Ok(Line::NoData));
        assert!(matches!(parse_line("2 1 eni x", &layout, &mut i), Err(LineError::Columns { expected: 14, found: 4 })));
        let bad = "2 123456789010 eni-1 999.1.1.1 172.31.16.21 20641 22 6 20 4249 1418530010 1418530070 ACCEPT OK";
        assert!(matches!(parse_line(bad, &layout, &mut i), Err(LineError::Field { name: "srcaddr", .. })));
    }

    #[test]
    fn reads_custom_formats_from_their_header() {
        let names = header("version vpc-id subnet-id instance-id interface-id account-id type srcaddr dstaddr srcport dstport pkt-srcaddr pkt-dstaddr protocol bytes packets start end action tcp-flags log-status").unwrap_or_default();
        let layout = Layout::from_names(&names);
        assert!(layout.has_tcp_flags());
        let mut i = Interfaces::default();
        let line = "3 vpc-abcdefab012345678 subnet-aaaaaaaa012345678 i-01234567890123456 eni-1235b8ca123456789 123456789012 IPv4 52.213.180.42 10.0.0.62 43416 5001 52.213.180.42 10.0.0.62 6 568 8 1566848875 1566848933 ACCEPT 2 OK";
        let Ok(Line::Flow(f)) = parse_line(line, &layout, &mut i) else { unreachable!() };
        assert_eq!((f.tcp_flags, f.bytes, f.packets, f.dst_port), (Some(2), 568, 8, 5001));
        assert!(header("2 123 eni-1").is_none());
    }

    #[test]
    fn hour_of_week_starts_on_monday() {
        // 2024-01-01T00:00:00Z was a Monday.
        assert_eq!(hour_of_week(1_704_067_200 / 3600), 0);
        assert_eq!(hour_of_week(1_704_067_200 / 3600 + 7 * 24 + 5), 5);
    }
}
