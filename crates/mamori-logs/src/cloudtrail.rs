//! CloudTrail detection: every loaded rule on every event, files spread over
//! worker threads, bursts counted in sliding windows once all files are read.

use std::collections::{BTreeMap, HashMap, VecDeque};
use std::path::{Path, PathBuf};

use serde_json::{json, Map, Value};

use crate::alert::{clip, is_secret_path, Alert, DetectionRef, Origin};
use crate::event::{Event, FieldId, Fields, Got};
use crate::input::{self, Malformed, Position};
use crate::sigma::{self, Rule, RuleError};

const BUILTIN: &str = include_str!("../builtin/cloudtrail.yml");

/// A built-in rule's threshold: `count` matching events with the same `by`
/// value within `seconds`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Burst {
    pub count: usize,
    pub seconds: i64,
    by: FieldId,
}

#[derive(Debug, Clone)]
struct Loaded {
    rule: Rule,
    detection: DetectionRef,
    burst: Option<Burst>,
}

/// Thresholds a user can change (`[logs]` in `mamori.toml`).
#[derive(Debug, Clone, Default)]
pub struct BurstSettings {
    /// MON code → (count, seconds).
    pub overrides: BTreeMap<String, (usize, i64)>,
}

/// Standard fields read for every alert.
#[derive(Debug, Clone, Copy)]
struct Std {
    time: FieldId,
    id: FieldId,
    name: FieldId,
    source: FieldId,
    arn: FieldId,
    principal_type: FieldId,
    ip: FieldId,
    region: FieldId,
    account: FieldId,
}

/// Builds a [`Detector`]: built-in detections and Sigma rules share one set
/// of fields, sealed when built.
pub struct DetectorBuilder {
    fields: Fields,
    rules: Vec<Loaded>,
    pub skipped: usize,
    pub errors: Vec<RuleError>,
}

impl Default for DetectorBuilder {
    fn default() -> Self {
        Self::new()
    }
}

impl DetectorBuilder {
    pub fn new() -> Self {
        DetectorBuilder { fields: Fields::new(), rules: Vec::new(), skipped: 0, errors: Vec::new() }
    }

    /// Adds mamori's detections for MON-001…MON-015.
    pub fn builtins(&mut self, settings: &BurstSettings) -> &mut Self {
        for (i, doc) in BUILTIN.split("\n---\n").enumerate() {
            let name = format!("builtin/cloudtrail.yml#{}", i + 1);
            let rule = match sigma::compile(doc, &name, &mut self.fields) {
                Ok(Some(r)) => r,
                Ok(None) => continue,
                Err(e) => {
                    self.errors.push(e);
                    continue;
                }
            };
            let meta: Value = serde_yaml::from_str(doc).unwrap_or(Value::Null);
            let code = meta.pointer("/mamori/code").and_then(Value::as_str).map(str::to_string);
            let burst = meta.pointer("/mamori/burst").and_then(|b| {
                let by = b.get("by")?.as_str()?;
                let (mut count, mut seconds) = (b.get("count")?.as_u64()? as usize, b.get("seconds")?.as_i64()?);
                if let Some((c, s)) = code.as_ref().and_then(|c| settings.overrides.get(c)) {
                    (count, seconds) = (*c, *s);
                }
                Some(Burst { count: count.max(1), seconds: seconds.max(1), by: self.fields.intern(by) })
            });
            let detection = DetectionRef {
                id: rule.id.clone(),
                title: rule.title.clone(),
                title_ja: meta.get("title_ja").and_then(Value::as_str).map(str::to_string),
                level: rule.level,
                origin: "mamori",
                code,
                author: rule.author.clone(),
                link: String::new(),
                tags: Vec::new(),
            };
            self.rules.push(Loaded { rule, detection, burst });
        }
        self
    }

    /// Adds every CloudTrail rule under `dir`; rules that do not compile are
    /// kept in [`DetectorBuilder::errors`].
    pub fn sigma_dir(&mut self, dir: &Path) -> std::io::Result<usize> {
        let loaded = sigma::load_dir(dir, &mut self.fields)?;
        self.skipped += loaded.skipped;
        self.errors.extend(loaded.errors);
        let n = loaded.rules.len();
        for rule in loaded.rules {
            self.add_sigma(rule);
        }
        Ok(n)
    }

    /// Adds one Sigma rule from its text.
    pub fn sigma_text(&mut self, text: &str, path: &str) -> Result<bool, RuleError> {
        match sigma::compile(text, path, &mut self.fields)? {
            Some(rule) => {
                self.add_sigma(rule);
                Ok(true)
            }
            None => Ok(false),
        }
    }

    fn add_sigma(&mut self, rule: Rule) {
        let detection = DetectionRef {
            id: rule.id.clone(),
            title: rule.title.clone(),
            title_ja: None,
            level: rule.level,
            origin: "sigma",
            code: None,
            author: rule.author.clone(),
            link: rule.link.clone(),
            tags: rule.tags.clone(),
        };
        self.rules.push(Loaded { rule, detection, burst: None });
    }

    pub fn build(mut self) -> Detector {
        let f = &mut self.fields;
        let std = Std {
            time: f.intern("eventTime"),
            id: f.intern("eventID"),
            name: f.intern("eventName"),
            source: f.intern("eventSource"),
            arn: f.intern("userIdentity.arn"),
            principal_type: f.intern("userIdentity.type"),
            ip: f.intern("sourceIPAddress"),
            region: f.intern("awsRegion"),
            account: f.intern("recipientAccountId"),
        };
        f.seal();
        let evidence = self.rules.iter().map(|l| l.rule.field_ids()).collect();
        let index = RuleIndex::new(&self.rules, std.name);
        Detector { fields: self.fields, rules: self.rules, std, evidence, index, max_per_detection: 10_000 }
    }
}

/// Runs the loaded detections over CloudTrail files.
pub struct Detector {
    fields: Fields,
    rules: Vec<Loaded>,
    std: Std,
    evidence: Vec<Vec<FieldId>>,
    index: RuleIndex,
    /// Alerts kept per detection (counts stay exact beyond it); 0 keeps all.
    pub max_per_detection: usize,
}

/// The rules worth evaluating on an event, by its `eventName`: most rules
/// match only a few event names, so each event is tested against those rules
/// and the rules that do not name one.
#[derive(Debug, Default)]
struct RuleIndex {
    field: FieldId,
    /// Folded event name → indexes of the rules that may match it (the
    /// unindexed rules included), in rule order.
    by_name: HashMap<String, Vec<usize>>,
    /// Rules that name no event name (evaluated on every event).
    unindexed: Vec<usize>,
    /// Every rule (events whose name is missing or not a single value).
    all: Vec<usize>,
}

impl RuleIndex {
    fn new(rules: &[Loaded], field: FieldId) -> RuleIndex {
        let mut index = RuleIndex { field, all: (0..rules.len()).collect(), ..RuleIndex::default() };
        let mut named: BTreeMap<String, Vec<usize>> = BTreeMap::new();
        for (i, l) in rules.iter().enumerate() {
            match l.rule.required_values(field) {
                Some(names) => names.into_iter().for_each(|n| named.entry(n).or_default().push(i)),
                None => index.unindexed.push(i),
            }
        }
        for (name, mut ids) in named {
            ids.extend(&index.unindexed);
            ids.sort_unstable();
            index.by_name.insert(name, ids);
        }
        index
    }

    /// The rules to evaluate on `e`; `scratch` holds the folded name.
    fn candidates<'s>(&'s self, fields: &Fields, e: &Event<'_>, scratch: &mut String) -> &'s [usize] {
        let Got::One(v) = e.get(fields, self.field) else { return &self.all };
        let Some(name) = v.scalar_text() else { return &self.all };
        scratch.clear();
        if name.is_ascii() {
            scratch.push_str(&name);
            scratch.make_ascii_lowercase();
        } else {
            scratch.push_str(&name.to_lowercase());
        }
        self.by_name.get(scratch.as_str()).map_or(&self.unindexed, Vec::as_slice)
    }
}

/// What a run found and what it read.
#[derive(Debug, Default)]
pub struct Run {
    pub alerts: Vec<Alert>,
    pub files: u64,
    pub records: u64,
    pub malformed: u64,
    pub problems: Vec<Malformed>,
    /// Alerts per detection id (exact, even beyond the kept alerts).
    pub per_detection: BTreeMap<String, u64>,
    /// Alerts not kept because of [`Detector::max_per_detection`].
    pub dropped: u64,
}

/// Problems kept in a [`Run`] (all are counted in `malformed`).
pub const MAX_PROBLEMS: usize = 1_000;

/// A matching event of a burst rule, kept until its window is counted.
#[derive(Debug, Clone)]
struct Hit {
    ts: i64,
    key: String,
    alert: Alert,
}

/// What one file yielded: its counts, alerts and burst-rule hits. Files are
/// scanned in parallel and their parts added to a [`Session`] in file order.
#[derive(Debug, Default)]
pub struct FilePart {
    run: Run,
    /// (rule, hit), in the file's order.
    hits: Vec<(usize, Hit)>,
}

/// Merges file parts in order: caps the kept alerts and problems, and counts
/// bursts as the hits stream by, holding per key only the hits of the
/// current window. Memory depends on the number of principals and addresses
/// active within a window, not on the input's size.
pub struct Session<'d> {
    d: &'d Detector,
    run: Run,
    bursts: Vec<HashMap<String, KeyWindow>>,
    /// The latest event time seen (seconds), which lets quiet keys go.
    watermark: i64,
    /// Alerts kept so far per detection.
    kept: HashMap<String, u64>,
}

/// One key's recent hits for a burst rule.
#[derive(Debug, Default)]
struct KeyWindow {
    /// Up to `count` latest hits not yet in a burst.
    recent: VecDeque<Hit>,
    open: Option<OpenBurst>,
    last: i64,
}

#[derive(Debug)]
struct OpenBurst {
    first: Alert,
    n: u64,
    last_time: String,
    /// The times of the latest `count - 1` hits, which a next hit must fall within `seconds` of.
    tail: VecDeque<i64>,
    origins: Vec<Origin>,
}

impl Detector {
    pub fn rule_count(&self) -> usize {
        self.rules.len()
    }

    pub fn sigma_count(&self) -> usize {
        self.rules.iter().filter(|r| r.detection.origin == "sigma").count()
    }

    pub fn fields(&self) -> &Fields {
        &self.fields
    }

    /// Reads `files` with `threads` threads (at least one): files are
    /// scanned in parallel and merged in the order given, so the result does
    /// not depend on the thread count.
    pub fn run_files(&self, files: &[PathBuf], threads: usize) -> Run {
        let mut session = self.session();
        self.add_files(&mut session, files, threads);
        session.finish()
    }

    /// Scans `files` into `session` (see [`Detector::run_files`]).
    pub fn add_files(&self, session: &mut Session<'_>, files: &[PathBuf], threads: usize) {
        let workers = if threads <= 1 { 0 } else { threads };
        let scan = |path: &PathBuf| {
            let name = path.display().to_string();
            input::with_file(path, |loaded| match loaded {
                Ok(bytes) => self.scan_file(&name, bytes),
                Err(e) => {
                    let mut part = FilePart::default();
                    part.run.files = 1;
                    part.run.malformed = 1;
                    part.run.problems.push(Malformed { file: name, line: None, message: e.to_string(), records_lost: None });
                    part
                }
            })
        };
        input::in_order(files, workers, scan, |part| session.add(part));
    }

    /// A session to add [`FilePart`]s to, in order.
    pub fn session(&self) -> Session<'_> {
        Session {
            d: self,
            run: Run::default(),
            bursts: self.rules.iter().map(|_| HashMap::new()).collect(),
            watermark: i64::MIN,
            kept: HashMap::new(),
        }
    }

    /// Scans one file's decompressed bytes.
    pub fn scan_file(&self, name: &str, bytes: &[u8]) -> FilePart {
        let mut part = FilePart::default();
        part.run.files = 1;
        let mut problems = Vec::new();
        let mut scratch = String::new();
        let counts = input::cloudtrail_events(name, bytes, &self.fields, &mut problems, &mut |e, pos| {
            self.event(name, e, pos, &mut part, &mut scratch)
        });
        part.run.records = counts.records;
        part.run.malformed = counts.malformed;
        problems.truncate(MAX_PROBLEMS);
        part.run.problems = problems;
        part
    }

    fn event(&self, file: &str, e: &Event<'_>, pos: Position, part: &mut FilePart, scratch: &mut String) {
        for &i in self.index.candidates(&self.fields, e, scratch) {
            let Some(l) = self.rules.get(i) else { continue };
            if !l.rule.matches(&self.fields, e) {
                continue;
            }
            match l.burst {
                Some(b) => {
                    let alert = self.alert(i, l, file, e, pos);
                    let key = e.text(&self.fields, b.by).unwrap_or_else(|| "-".into());
                    let ts = parse_time(&alert.time).unwrap_or(i64::MIN);
                    part.hits.push((i, Hit { ts, key, alert }));
                }
                None => {
                    let n = part.run.per_detection.entry(l.detection.id.clone()).or_default();
                    *n += 1;
                    if self.max_per_detection == 0 || *n <= self.max_per_detection as u64 {
                        part.run.alerts.push(self.alert(i, l, file, e, pos));
                    } else {
                        part.run.dropped += 1;
                    }
                }
            }
        }
    }

    fn alert(&self, i: usize, l: &Loaded, file: &str, e: &Event<'_>, pos: Position) -> Alert {
        let f = &self.fields;
        let s = self.std;
        let mut evidence = Map::new();
        for &id in self.evidence.get(i).map(Vec::as_slice).unwrap_or_default() {
            let path = f.path(id);
            let v = match e.get(f, id) {
                Got::Missing => continue,
                Got::One(v) => v.to_json(),
                Got::Many(vs) => Value::Array(vs.iter().map(|v| v.to_json()).collect()),
            };
            evidence.insert(path.to_string(), redact(path, v));
        }
        let name = e.text(f, s.name);
        let actor = e.text(f, s.arn).or_else(|| e.text(f, s.principal_type));
        let (message, message_ja) = (
            format!(
                "{} by {} ({})",
                name.as_deref().unwrap_or("event"),
                actor.as_deref().unwrap_or("unknown principal"),
                l.detection.title
            ),
            format!(
                "{} による {}（{}）",
                actor.as_deref().unwrap_or("不明なプリンシパル"),
                name.as_deref().unwrap_or("イベント"),
                l.detection.title_ja.as_deref().unwrap_or(&l.detection.title)
            ),
        );
        Alert {
            detection: l.detection.clone(),
            source: "cloudtrail",
            time: e.text(f, s.time).unwrap_or_default(),
            end_time: None,
            count: 1,
            actor,
            source_ip: e.text(f, s.ip),
            account: e.text(f, s.account),
            region: e.text(f, s.region),
            event_name: name,
            event_source: e.text(f, s.source),
            event_id: e.text(f, s.id),
            message,
            message_ja,
            evidence: Value::Object(evidence),
            origins: vec![Origin { file: file.to_string(), record: pos.record, line: pos.line }],
        }
    }
}

/// A key quiet for longer than this (or the rule's window, if longer) has its
/// window closed; hits that arrive later than that start a new one.
const LATENESS_SECONDS: i64 = 3_600;

impl Session<'_> {
    /// Adds the next file's part (parts must come in file order for
    /// bursts to be counted across files).
    pub fn add(&mut self, part: FilePart) {
        let FilePart { run, mut hits } = part;
        self.run.files += run.files;
        self.run.records += run.records;
        self.run.malformed += run.malformed;
        self.run.dropped += run.dropped;
        let room = MAX_PROBLEMS.saturating_sub(self.run.problems.len());
        self.run.problems.extend(run.problems.into_iter().take(room));
        let max = self.d.max_per_detection as u64;
        for (id, n) in run.per_detection {
            *self.run.per_detection.entry(id).or_default() += n;
        }
        for alert in run.alerts {
            let kept = self.kept.entry(alert.detection.id.clone()).or_default();
            if max == 0 || *kept < max {
                *kept += 1;
                self.run.alerts.push(alert);
            } else {
                self.run.dropped += 1;
            }
        }
        hits.sort_by_key(|(_, h)| h.ts);
        for (i, h) in hits {
            self.watermark = self.watermark.max(h.ts);
            self.hit(i, h);
        }
        self.evict(false);
    }

    fn hit(&mut self, i: usize, h: Hit) {
        let (Some(l), Some(keys)) = (self.d.rules.get(i), self.bursts.get_mut(i)) else { return };
        let Some(b) = l.burst else { return };
        let need = b.count.max(1);
        let w = keys.entry(h.key.clone()).or_default();
        w.last = w.last.max(h.ts);
        if let Some(open) = &mut w.open {
            let within = open.tail.front().is_none_or(|&t| h.ts.saturating_sub(t) <= b.seconds);
            if within {
                open.n += 1;
                open.last_time.clone_from(&h.alert.time);
                open.tail.push_back(h.ts);
                while open.tail.len() > need - 1 {
                    open.tail.pop_front();
                }
                if open.origins.len() < 10 {
                    open.origins.extend(h.alert.origins);
                }
                return;
            }
            if let Some(done) = w.open.take() {
                self.run.alerts.push(burst_alert(done, &h.key, b));
                *self.run.per_detection.entry(l.detection.id.clone()).or_default() += 1;
            }
        }
        w.recent.push_back(h);
        while w.recent.len() > need {
            w.recent.pop_front();
        }
        let span = w.recent.back().zip(w.recent.front()).map(|(last, first)| last.ts.saturating_sub(first.ts));
        if w.recent.len() == need && span.is_some_and(|d| d <= b.seconds) {
            let hits: Vec<Hit> = w.recent.drain(..).collect();
            let tail = hits.iter().skip(1).map(|h| h.ts).collect();
            let origins = hits.iter().flat_map(|h| h.alert.origins.iter().cloned()).take(10).collect();
            let last_time = hits.last().map(|h| h.alert.time.clone()).unwrap_or_default();
            if let Some(first) = hits.into_iter().next() {
                w.open = Some(OpenBurst { first: first.alert, n: need as u64, last_time, tail, origins });
            }
        }
    }

    /// Closes the windows of keys quiet for a while (all of them at the end).
    fn evict(&mut self, all: bool) {
        for (l, keys) in self.d.rules.iter().zip(&mut self.bursts) {
            let Some(b) = l.burst else { continue };
            let horizon = self.watermark.saturating_sub(b.seconds.max(LATENESS_SECONDS));
            let closing: Vec<String> = keys.iter().filter(|(_, w)| all || w.last < horizon).map(|(k, _)| k.clone()).collect();
            for key in closing {
                if let Some(open) = keys.remove(&key).and_then(|w| w.open) {
                    self.run.alerts.push(burst_alert(open, &key, b));
                    *self.run.per_detection.entry(l.detection.id.clone()).or_default() += 1;
                }
            }
        }
    }

    /// Closes every window and sorts the alerts and problems.
    pub fn finish(mut self) -> Run {
        self.evict(true);
        let mut run = self.run;
        run.alerts.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
        run.problems.sort_by(|a, b| (&a.file, a.line).cmp(&(&b.file, b.line)));
        run
    }
}

/// The alert for a burst of `open.n` hits from `key`.
fn burst_alert(open: OpenBurst, key: &str, b: Burst) -> Alert {
    let OpenBurst { first: mut a, n, last_time, origins, .. } = open;
    a.count = n;
    a.end_time = Some(last_time.clone());
    a.origins = origins;
    let by = if key == "-" { "unknown" } else { key };
    a.message = format!("{n} matching events from {by} between {} and {last_time} ({})", a.time, a.detection.title);
    a.message_ja = format!(
        "{by} から {} ～ {last_time} に該当イベント {n} 件（{}）",
        a.time,
        a.detection.title_ja.as_deref().unwrap_or(&a.detection.title)
    );
    if let Value::Object(ev) = &mut a.evidence {
        ev.insert("burst".into(), json!({"count": n, "threshold": b.count, "window_seconds": b.seconds, "key": key}));
    }
    a
}

/// Seconds since the epoch of an RFC 3339 time.
pub(crate) fn parse_time(s: &str) -> Option<i64> {
    s.parse::<jiff::Timestamp>().ok().map(|t| t.as_second())
}

/// Replaces the values of secret-looking fields, at any depth, and clips long strings.
fn redact(path: &str, v: Value) -> Value {
    if is_secret_path(path) {
        return match v {
            Value::Null => Value::Null,
            _ => Value::String("<redacted>".into()),
        };
    }
    match v {
        Value::Object(m) => Value::Object(m.into_iter().map(|(k, v)| (k.clone(), redact(&k, v))).collect()),
        Value::Array(items) => Value::Array(items.into_iter().map(|v| redact("", v)).collect()),
        Value::String(s) => Value::String(clip(&s)),
        v => v,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::event::EventSeed;
    use serde::de::DeserializeSeed;

    /// The rule index must never hide a rule from an event it matches: over
    /// every SigmaHQ rule's synthetic hit and near misses, evaluated against
    /// every loaded rule, each match is among the index's candidates.
    #[test]
    fn the_rule_index_keeps_every_rule_that_matches() {
        let sigma = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data/sigma-cloudtrail/rules/cloud/aws/cloudtrail");
        let mut b = DetectorBuilder::new();
        b.builtins(&BurstSettings::default());
        assert_eq!(b.sigma_dir(&sigma).ok(), Some(57));
        let d = b.build();
        let re = [("userIdentity.arn", "arn:aws:sts::111122223333:assumed-role/aws:ec2-instance/i-0abc")];
        let mut events = Vec::new();
        for l in &d.rules {
            if let Some(c) = crate::synth::cases(&l.rule, &d.fields, &re) {
                events.push(c.hit);
                events.extend(c.near_misses.into_iter().map(|(_, e)| e));
            }
        }
        assert!(events.len() > 200, "{}", events.len());
        let (mut matches, mut skipped) = (0, 0);
        let mut scratch = String::new();
        for e in &events {
            let text = e.to_string();
            let mut de = serde_json::Deserializer::from_str(&text);
            let Ok(Some(ev)) = EventSeed::new(&d.fields).deserialize(&mut de) else { continue };
            let candidates = d.index.candidates(&d.fields, &ev, &mut scratch).to_vec();
            for (i, l) in d.rules.iter().enumerate() {
                let matched = l.rule.matches(&d.fields, &ev);
                matches += usize::from(matched);
                skipped += usize::from(!candidates.contains(&i));
                assert!(!matched || candidates.contains(&i), "{} matches {text} but the index skipped it", l.rule.path);
            }
        }
        assert!(matches >= 57, "{matches}");
        // The index is worth having: most rule evaluations are skipped.
        assert!(skipped > events.len() * d.rules.len() / 2, "{skipped}");
    }
}

#[cfg(test)]
#[allow(clippy::indexing_slicing)] // the reference definition indexes its own sorted input
mod burst_tests {
    use super::*;
    use proptest::prelude::*;

    /// The bursts of one key by their definition: maximal runs, taken left
    /// to right, in which every `count` consecutive events span at most
    /// `seconds`; each run starts at the first event that can start one.
    fn reference(ts: &[i64], count: usize, seconds: i64) -> Vec<(usize, usize)> {
        let mut out = Vec::new();
        let mut i = 0;
        while i + count <= ts.len() {
            if ts[i + count - 1] - ts[i] > seconds {
                i += 1;
                continue;
            }
            let mut last = i + count - 1;
            while last + 1 < ts.len() && ts[last + 1] - ts[last + 2 - count] <= seconds {
                last += 1;
            }
            out.push((i, last));
            i = last + 1;
        }
        out
    }

    fn file(times: &[i64], arn: &str) -> String {
        let records: Vec<serde_json::Value> = times
            .iter()
            .map(|t| {
                let time = jiff::Timestamp::from_second(*t).map(|t| t.to_string()).unwrap_or_default();
                serde_json::json!({"eventTime": time, "eventName": "GetPasswordData", "errorCode": "Client.UnauthorizedOperation",
                    "userIdentity": {"arn": arn}})
            })
            .collect();
        serde_json::json!({ "Records": records }).to_string()
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(200))]
        /// Streaming counts, file by file, give the bursts of the definition,
        /// for one principal and for two interleaved ones.
        #[test]
        fn streamed_bursts_equal_the_definition(
            gaps in proptest::collection::vec(0i64..40, 0..60),
            count in 1usize..6,
            seconds in 1i64..60,
            per_file in 1usize..20,
            two in any::<bool>(),
        ) {
            let mut b = DetectorBuilder::new();
            let overrides = [("MON-001".to_string(), (count, seconds))].into_iter().collect();
            b.builtins(&BurstSettings { overrides });
            let d = b.build();
            let mut ts = Vec::new();
            let mut t = 1_700_000_000;
            for g in &gaps {
                t += g;
                ts.push(t);
            }
            let arns = if two { vec!["arn:a", "arn:b"] } else { vec!["arn:a"] };
            let mut session = d.session();
            for (n, chunk) in ts.chunks(per_file).enumerate() {
                for arn in &arns {
                    session.add(d.scan_file(&format!("f{n}-{arn}"), file(chunk, arn).as_bytes()));
                }
            }
            let run = session.finish();
            let want = reference(&ts, count, seconds);
            for arn in &arns {
                let mut got: Vec<(String, u64)> = run.alerts.iter()
                    .filter(|a| a.detection.id == "mamori-mon-001" && a.actor.as_deref() == Some(arn))
                    .map(|a| (a.time.clone(), a.count)).collect();
                got.sort();
                let mut expected: Vec<(String, u64)> = want.iter().map(|&(i, last)| {
                    (jiff::Timestamp::from_second(ts[i]).map(|t| t.to_string()).unwrap_or_default(), (last - i + 1) as u64)
                }).collect();
                expected.sort();
                prop_assert_eq!(got, expected);
            }
        }
    }
}
