//! CloudTrail detection: every loaded rule on every event, files spread over
//! worker threads, bursts counted in sliding windows once all files are read.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

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

/// A matching event of a burst rule, kept until the windows are counted.
#[derive(Debug, Clone)]
struct Hit {
    ts: i64,
    key: String,
    alert: Alert,
}

/// One worker's results.
#[derive(Debug, Default)]
pub struct Acc {
    run: Run,
    hits: Vec<Vec<Hit>>,
    scratch: String,
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

    /// Reads `files` with `threads` workers (at least one).
    pub fn run_files(&self, files: &[PathBuf], threads: usize) -> Run {
        let next = AtomicUsize::new(0);
        let results = Mutex::new(Vec::new());
        std::thread::scope(|s| {
            for _ in 0..threads.max(1) {
                s.spawn(|| {
                    let mut acc = self.acc();
                    let mut buf = input::FileBuf::default();
                    loop {
                        let i = next.fetch_add(1, Ordering::Relaxed);
                        let Some(path) = files.get(i) else { break };
                        let name = path.display().to_string();
                        match buf.load(path) {
                            Ok(bytes) => self.scan_bytes(&name, bytes, &mut acc),
                            Err(e) => {
                                acc.run.files += 1;
                                acc.run.malformed += 1;
                                acc.run.problems.push(Malformed { file: name, line: None, message: e.to_string(), records_lost: None });
                            }
                        }
                    }
                    if let Ok(mut r) = results.lock() {
                        r.push(acc);
                    }
                });
            }
        });
        let accs = results.into_inner().unwrap_or_default();
        self.finish(accs)
    }

    /// An empty accumulator for [`Detector::scan_bytes`].
    pub fn acc(&self) -> Acc {
        Acc { run: Run::default(), hits: vec![Vec::new(); self.rules.len()], scratch: String::new() }
    }

    /// Scans one file's decompressed bytes.
    pub fn scan_bytes(&self, name: &str, bytes: &[u8], acc: &mut Acc) {
        acc.run.files += 1;
        let mut problems = Vec::new();
        let counts = input::cloudtrail_events(name, bytes, &self.fields, &mut problems, &mut |e, pos| self.event(name, e, pos, acc));
        acc.run.records += counts.records;
        acc.run.malformed += counts.malformed;
        acc.run.problems.extend(problems);
    }

    fn event(&self, file: &str, e: &Event<'_>, pos: Position, acc: &mut Acc) {
        let mut scratch = std::mem::take(&mut acc.scratch);
        for &i in self.index.candidates(&self.fields, e, &mut scratch) {
            let Some(l) = self.rules.get(i) else { continue };
            if !l.rule.matches(&self.fields, e) {
                continue;
            }
            let alert = self.alert(i, l, file, e, pos);
            match l.burst {
                Some(b) => {
                    let key = e.text(&self.fields, b.by).unwrap_or_else(|| "-".into());
                    let ts = parse_time(&alert.time).unwrap_or(i64::MIN);
                    if let Some(h) = acc.hits.get_mut(i) {
                        h.push(Hit { ts, key, alert });
                    }
                }
                None => {
                    let n = acc.run.per_detection.entry(l.detection.id.clone()).or_default();
                    *n += 1;
                    if self.max_per_detection == 0 || *n <= self.max_per_detection as u64 {
                        acc.run.alerts.push(alert);
                    } else {
                        acc.run.dropped += 1;
                    }
                }
            }
        }
        acc.scratch = scratch;
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

    /// Merges worker results, counts bursts and sorts the alerts.
    pub fn finish(&self, accs: Vec<Acc>) -> Run {
        let mut run = Run::default();
        let mut hits: Vec<Vec<Hit>> = vec![Vec::new(); self.rules.len()];
        for acc in accs {
            run.alerts.extend(acc.run.alerts);
            run.files += acc.run.files;
            run.records += acc.run.records;
            run.malformed += acc.run.malformed;
            run.problems.extend(acc.run.problems);
            run.dropped += acc.run.dropped;
            for (k, v) in acc.run.per_detection {
                *run.per_detection.entry(k).or_default() += v;
            }
            for (i, h) in acc.hits.into_iter().enumerate() {
                if let Some(all) = hits.get_mut(i) {
                    all.extend(h);
                }
            }
        }
        for (l, h) in self.rules.iter().zip(hits) {
            let Some(b) = l.burst else { continue };
            for alert in bursts(h, b) {
                *run.per_detection.entry(l.detection.id.clone()).or_default() += 1;
                run.alerts.push(alert);
            }
        }
        run.alerts.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
        run.problems.sort_by(|a, b| (&a.file, a.line).cmp(&(&b.file, b.line)));
        run
    }
}

/// Groups hits by key and reports each run of at least `count` events where
/// every `count` consecutive ones fall within `seconds`.
fn bursts(mut hits: Vec<Hit>, b: Burst) -> Vec<Alert> {
    hits.sort_by(|x, y| (&x.key, x.ts, x.alert.sort_key()).cmp(&(&y.key, y.ts, y.alert.sort_key())));
    let mut out = Vec::new();
    let mut start = 0;
    while start < hits.len() {
        let key = hits.get(start).map(|h| h.key.clone()).unwrap_or_default();
        let end = hits.iter().skip(start).position(|h| h.key != key).map_or(hits.len(), |p| start + p);
        let group = hits.get(start..end).unwrap_or_default();
        let ts: Vec<i64> = group.iter().map(|h| h.ts).collect();
        let need = b.count;
        let mut i = 0;
        while i + need <= ts.len() {
            let within = |lo: usize, hi: usize| ts.get(hi).zip(ts.get(lo)).is_some_and(|(h, l)| h.saturating_sub(*l) <= b.seconds);
            if !within(i, i + need - 1) {
                i += 1;
                continue;
            }
            let mut last = i + need - 1;
            while last + 1 < ts.len() && within(last + 2 - need, last + 1) {
                last += 1;
            }
            if let (Some(first), Some(final_)) = (group.get(i), group.get(last)) {
                let n = (last - i + 1) as u64;
                let mut a = first.alert.clone();
                a.count = n;
                a.end_time = Some(final_.alert.time.clone());
                a.origins = group.get(i..=last).unwrap_or_default().iter().take(10).flat_map(|h| h.alert.origins.clone()).collect();
                let by = if key == "-" { "unknown".to_string() } else { key.clone() };
                a.message = format!("{n} matching events from {by} between {} and {} ({})", a.time, final_.alert.time, a.detection.title);
                a.message_ja = format!(
                    "{by} から {} ～ {} に該当イベント {n} 件（{}）",
                    a.time,
                    final_.alert.time,
                    a.detection.title_ja.as_deref().unwrap_or(&a.detection.title)
                );
                if let Value::Object(ev) = &mut a.evidence {
                    ev.insert("burst".into(), json!({"count": n, "threshold": b.count, "window_seconds": b.seconds, "key": key}));
                }
                out.push(a);
            }
            i = last + 1;
        }
        start = end;
    }
    out
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
            let Ok(Some(ev)) = (EventSeed { fields: &d.fields }).deserialize(&mut de) else { continue };
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
