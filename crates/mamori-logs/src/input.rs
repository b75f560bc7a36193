//! Log files: discovery in directory trees, gzip detection, and reading
//! CloudTrail files in the shapes they come in.
//!
//! CloudTrail delivers `{"Records":[...]}` objects (gzip) to S3; exports and
//! tools also produce a bare array of events or one event per line. Each file
//! is read into memory whole (CloudTrail's files are a few MB), so memory is
//! bounded by the largest file per worker, not by the input's total size.

use std::collections::BTreeMap;
use std::fmt;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{mpsc, Condvar, Mutex, PoisonError};

use serde::de::{DeserializeSeed, IgnoredAny, MapAccess, SeqAccess, Visitor};

use crate::event::{Event, EventSeed, Fields, KeySeed, Slot};

/// A problem with one input, reported and counted, never fatal to the run.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Malformed {
    pub file: String,
    /// 1-based line of the problem, when known.
    pub line: Option<usize>,
    pub message: String,
    /// Records that could not be read because of it (a syntax error ends the
    /// rest of a JSON document; a bad line in a line-per-record file only itself).
    pub records_lost: Option<u64>,
}

impl fmt::Display for Malformed {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(l) => write!(f, "{}:{}: {}", self.file, l, self.message),
            None => write!(f, "{}: {}", self.file, self.message),
        }
    }
}

/// Every regular file under `paths` (files given directly are kept even when
/// their name does not look like a log), in time order: AWS names CloudTrail
/// and flow-log files with the time they cover (`..._20240101T0005Z_...`),
/// so files are sorted by that time first and by path after (regions and
/// accounts interleave in time rather than follow one another).
pub fn discover(paths: &[PathBuf]) -> Result<Vec<PathBuf>, std::io::Error> {
    let mut out = Vec::new();
    for p in paths {
        let meta = std::fs::metadata(p).map_err(|e| std::io::Error::new(e.kind(), format!("`{}`: {e}", p.display())))?;
        if meta.is_dir() {
            walk(p, &mut out)?;
        } else {
            out.push(p.clone());
        }
    }
    out.sort();
    out.dedup();
    out.sort_by_cached_key(|p| delivery_time(p).unwrap_or_default());
    Ok(out)
}

/// The `YYYYMMDDTHHMMZ` time in an AWS log file's name.
pub fn delivery_time(p: &Path) -> Option<String> {
    let name = p.file_name()?.to_str()?;
    name.split('_')
        .find(|part| {
            let b = part.as_bytes();
            b.len() == 14
                && b.get(8) == Some(&b'T')
                && b.get(13) == Some(&b'Z')
                && b.iter().enumerate().all(|(i, c)| i == 8 || i == 13 || c.is_ascii_digit())
        })
        .map(str::to_string)
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) -> Result<(), std::io::Error> {
    let entries = std::fs::read_dir(dir).map_err(|e| std::io::Error::new(e.kind(), format!("`{}`: {e}", dir.display())))?;
    for entry in entries {
        let entry = entry?;
        let path = entry.path();
        let kind = entry.file_type()?;
        if kind.is_dir() {
            walk(&path, out)?;
        } else if kind.is_file() && !is_hidden(&path) {
            out.push(path);
        }
    }
    Ok(())
}

fn is_hidden(p: &Path) -> bool {
    p.file_name().and_then(|n| n.to_str()).is_some_and(|n| n.starts_with('.'))
}

/// Runs `work` on every item with `workers` threads and hands the results
/// to `consume` (on the calling thread) in item order, whatever order the
/// workers finish in; with no workers, both run on the calling thread. A
/// worker does not start an item more than `2 × workers` ahead of the next
/// one to consume, so at most that many results wait in memory.
pub fn in_order<T: Sync, R: Send>(items: &[T], workers: usize, work: impl Fn(&T) -> R + Sync, mut consume: impl FnMut(R)) {
    if workers == 0 {
        items.iter().for_each(|item| consume(work(item)));
        return;
    }
    let window = workers * 2;
    let next = AtomicUsize::new(0);
    let consumed = Mutex::new(0usize);
    let moved = Condvar::new();
    let (tx, rx) = mpsc::channel::<(usize, R)>();
    std::thread::scope(|s| {
        for _ in 0..workers {
            let tx = tx.clone();
            let (next, consumed, moved, work) = (&next, &consumed, &moved, &work);
            s.spawn(move || loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                let Some(item) = items.get(i) else { break };
                // The item `consumed` waits for is never held back, so this cannot deadlock.
                let mut done = consumed.lock().unwrap_or_else(PoisonError::into_inner);
                while i >= *done + window {
                    done = moved.wait(done).unwrap_or_else(PoisonError::into_inner);
                }
                drop(done);
                if tx.send((i, work(item))).is_err() {
                    break;
                }
            });
        }
        drop(tx);
        let mut pending = BTreeMap::new();
        let mut want = 0;
        for (i, r) in rx {
            pending.insert(i, r);
            while let Some(r) = pending.remove(&want) {
                consume(r);
                want += 1;
                *consumed.lock().unwrap_or_else(PoisonError::into_inner) = want;
                moved.notify_all();
            }
        }
    });
}

thread_local! {
    /// Each thread's file buffers, reused from file to file.
    static BUF: std::cell::RefCell<FileBuf> = std::cell::RefCell::new(FileBuf::default());
}

/// Loads `path` (see [`FileBuf::load`]) into the calling thread's reused
/// buffers and hands the bytes, or why they could not be read, to `f`.
pub fn with_file<R>(path: &Path, f: impl FnOnce(std::io::Result<&[u8]>) -> R) -> R {
    BUF.with(|buf| f(buf.borrow_mut().load(path)))
}

/// Buffers for reading log files one after another without allocating per
/// file: the file as read, and its decompression when it was gzip.
#[derive(Debug, Default)]
pub struct FileBuf {
    raw: Vec<u8>,
    out: Vec<u8>,
}

impl FileBuf {
    /// Reads a file, decompressing gzip (detected by its magic bytes, not its
    /// name); the bytes stay valid until the next call.
    pub fn load(&mut self, path: &Path) -> std::io::Result<&[u8]> {
        self.raw.clear();
        std::fs::File::open(path)?.read_to_end(&mut self.raw)?;
        if self.raw.starts_with(&GZIP_MAGIC) {
            decompress_into(&self.raw, &mut self.out)?;
            Ok(&self.out)
        } else {
            Ok(&self.raw)
        }
    }
}

const GZIP_MAGIC: [u8; 2] = [0x1f, 0x8b];

/// `raw` itself or, when it starts with the gzip magic, its decompression
/// (concatenated members included).
pub fn decompress_into(raw: &[u8], buf: &mut Vec<u8>) -> std::io::Result<()> {
    buf.clear();
    if raw.starts_with(&GZIP_MAGIC) {
        flate2::read::MultiGzDecoder::new(raw).read_to_end(buf)?;
    } else {
        buf.extend_from_slice(raw);
    }
    Ok(())
}

/// Where an event came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Position {
    /// 0-based index of the record in its file.
    pub record: u64,
    /// 1-based line, for files with one record per line.
    pub line: Option<usize>,
}

/// Counts of one file's reading.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct FileCounts {
    pub records: u64,
    pub malformed: u64,
}

/// Calls `each` on every event in one CloudTrail file's (decompressed) bytes.
/// Problems are pushed to `problems`; reading goes on past them where the
/// format allows.
pub fn cloudtrail_events<'a>(
    name: &str,
    bytes: &'a [u8],
    fields: &Fields,
    problems: &mut Vec<Malformed>,
    each: &mut dyn FnMut(&Event<'a>, Position),
) -> FileCounts {
    let mut counts = FileCounts::default();
    let Ok(text) = std::str::from_utf8(bytes) else {
        problems.push(Malformed { file: name.to_string(), line: None, message: "not UTF-8 text".into(), records_lost: None });
        counts.malformed += 1;
        return counts;
    };
    let start = text.trim_start();
    if start.is_empty() {
        return counts;
    }
    if start.starts_with('[') || starts_with_records_key(start) {
        let mut de = serde_json::Deserializer::from_str(text);
        let mut state = Document { name, fields, problems: &mut *problems, each, counts: &mut counts, spare: Vec::new() };
        let result = TopSeed { state: &mut state }.deserialize(&mut de).and_then(|()| de.end());
        if let Err(e) = result {
            problems.push(Malformed { file: name.to_string(), line: Some(e.line()), message: format!("{e}"), records_lost: None });
            counts.malformed += 1;
        }
        return counts;
    }
    // One record per line (a pretty-printed single event falls back to whole-document reading).
    let mut first_failed = None;
    for (i, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let mut de = serde_json::Deserializer::from_str(line);
        let record = counts.records;
        match EventSeed::new(fields).deserialize(&mut de).and_then(|e| de.end().map(|()| e)) {
            Ok(Some(event)) => {
                counts.records += 1;
                each(&event, Position { record, line: Some(i + 1) });
            }
            Ok(None) => {
                counts.malformed += 1;
                problems.push(Malformed {
                    file: name.to_string(),
                    line: Some(i + 1),
                    message: "record is not a JSON object".into(),
                    records_lost: Some(1),
                });
            }
            Err(e) => {
                if counts.records == 0 && first_failed.is_none() {
                    first_failed = Some(e);
                    break;
                }
                counts.malformed += 1;
                problems.push(Malformed { file: name.to_string(), line: Some(i + 1), message: format!("{e}"), records_lost: Some(1) });
            }
        }
    }
    if let Some(e) = first_failed {
        // Not line-delimited: one JSON document holding one event.
        let mut de = serde_json::Deserializer::from_str(text);
        match EventSeed::new(fields).deserialize(&mut de).and_then(|ev| de.end().map(|()| ev)) {
            Ok(Some(event)) => {
                counts.records += 1;
                each(&event, Position { record: 0, line: Some(1) });
            }
            _ => {
                counts.malformed += 1;
                problems.push(Malformed { file: name.to_string(), line: Some(e.line()), message: format!("{e}"), records_lost: None });
            }
        }
    }
    counts
}

fn starts_with_records_key(s: &str) -> bool {
    s.strip_prefix('{').map(str::trim_start).is_some_and(|r| r.starts_with("\"Records\""))
}

struct Document<'s, 'p, 'e, 'a> {
    name: &'s str,
    fields: &'s Fields,
    problems: &'p mut Vec<Malformed>,
    each: &'e mut dyn FnMut(&Event<'a>, Position),
    counts: &'s mut FileCounts,
    /// The last event's storage, reused for the next.
    spare: Vec<Option<Slot<'a>>>,
}

impl<'a> Document<'_, '_, '_, 'a> {
    fn event(&mut self, e: Option<Event<'a>>) {
        let record = self.counts.records + self.counts.malformed;
        match e {
            Some(e) => {
                self.counts.records += 1;
                (self.each)(&e, Position { record, line: None });
                self.spare = e.recycle();
            }
            None => {
                self.counts.malformed += 1;
                self.problems.push(Malformed {
                    file: self.name.to_string(),
                    line: None,
                    message: format!("record {record} is not a JSON object"),
                    records_lost: Some(1),
                });
            }
        }
    }
}

struct TopSeed<'d, 's, 'p, 'e, 'a> {
    state: &'d mut Document<'s, 'p, 'e, 'a>,
}

impl<'a> DeserializeSeed<'a> for TopSeed<'_, '_, '_, '_, 'a> {
    type Value = ();
    fn deserialize<D: serde::Deserializer<'a>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
    }
}

impl<'a> Visitor<'a> for TopSeed<'_, '_, '_, '_, 'a> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a CloudTrail log file (`{\"Records\": [...]}`) or an array of events")
    }

    fn visit_seq<A: SeqAccess<'a>>(self, mut seq: A) -> Result<(), A::Error> {
        while let Some(e) = seq.next_element_seed(EventSeed::reusing(self.state.fields, std::mem::take(&mut self.state.spare)))? {
            self.state.event(e);
        }
        Ok(())
    }

    fn visit_map<A: MapAccess<'a>>(self, mut map: A) -> Result<(), A::Error> {
        while let Some(key) = map.next_key_seed(KeySeed)? {
            if key == "Records" {
                map.next_value_seed(RecordsSeed { state: &mut *self.state })?;
            } else {
                map.next_value::<IgnoredAny>()?;
            }
        }
        Ok(())
    }
}

struct RecordsSeed<'d, 's, 'p, 'e, 'a> {
    state: &'d mut Document<'s, 'p, 'e, 'a>,
}

impl<'a> DeserializeSeed<'a> for RecordsSeed<'_, '_, '_, '_, 'a> {
    type Value = ();
    fn deserialize<D: serde::Deserializer<'a>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_seq(TopSeed { state: self.state })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(text: &str) -> (Vec<String>, Vec<Malformed>, FileCounts) {
        let mut f = Fields::new();
        let id = f.intern("eventName");
        f.seal();
        let mut out = Vec::new();
        let mut problems = Vec::new();
        let counts = cloudtrail_events("t.json", text.as_bytes(), &f, &mut problems, &mut |e, _| {
            out.push(e.text(&f, id).unwrap_or_default());
        });
        (out, problems, counts)
    }

    #[test]
    fn reads_every_shape() {
        assert_eq!(names(r#"{"Records":[{"eventName":"A"},{"eventName":"B"}]}"#).0, ["A", "B"]);
        assert_eq!(names(r#" [ {"eventName":"A"} ] "#).0, ["A"]);
        assert_eq!(names("{\"eventName\":\"A\"}\n\n{\"eventName\":\"B\"}\n").0, ["A", "B"]);
        assert_eq!(names("{\n  \"eventName\": \"A\"\n}\n").0, ["A"]);
    }

    #[test]
    fn bad_records_are_counted_with_their_place() {
        let (got, problems, counts) = names("{\"eventName\":\"A\"}\n{\"eventName\":\n{\"eventName\":\"C\"}\n");
        assert_eq!(got, ["A", "C"]);
        assert_eq!(counts, FileCounts { records: 2, malformed: 1 });
        assert_eq!(problems.first().and_then(|p| p.line), Some(2));

        let (got, problems, counts) = names(r#"{"Records":[{"eventName":"A"}, 7, {"eventName":"B"}, {"eventName": ]}"#);
        assert_eq!(got, ["A", "B"]);
        assert_eq!(counts.malformed, 2);
        assert_eq!(problems.len(), 2);
    }
}

#[cfg(test)]
mod order_tests {
    use super::*;
    use std::sync::atomic::AtomicUsize;

    #[test]
    fn results_come_in_item_order_and_few_wait() {
        for workers in [0, 1, 2, 5] {
            let items: Vec<u64> = (0..200).collect();
            let started = AtomicUsize::new(0);
            let consumed = AtomicUsize::new(0);
            let most = AtomicUsize::new(0);
            let mut seen = Vec::new();
            in_order(
                &items,
                workers,
                |&i| {
                    let s = started.fetch_add(1, Ordering::SeqCst) + 1;
                    most.fetch_max(s - consumed.load(Ordering::SeqCst), Ordering::SeqCst);
                    // Uneven work so that workers finish out of order.
                    std::thread::sleep(std::time::Duration::from_micros((i * 7919) % 300));
                    i
                },
                |i| {
                    seen.push(i);
                    consumed.fetch_add(1, Ordering::SeqCst);
                },
            );
            assert_eq!(seen, items, "{workers} workers");
            assert!(most.load(Ordering::SeqCst) <= (workers * 2).max(1), "{workers} workers: {} waited", most.load(Ordering::SeqCst));
        }
    }

    #[test]
    fn aws_log_files_are_ordered_by_the_time_in_their_names() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| unreachable!("{e}"));
        let names = [
            "us-east-1/2024/01/01/111122223333_CloudTrail_us-east-1_20240101T0105Z_b.json.gz",
            "us-east-1/2024/01/01/111122223333_CloudTrail_us-east-1_20240101T0005Z_a.json.gz",
            "eu-west-1/2024/01/01/111122223333_CloudTrail_eu-west-1_20240101T0010Z_c.json.gz",
            "notes/plain.json",
        ];
        for n in names {
            let p = dir.path().join(n);
            std::fs::create_dir_all(p.parent().unwrap_or(dir.path())).unwrap_or_else(|e| unreachable!("{e}"));
            std::fs::write(&p, "{}").unwrap_or_else(|e| unreachable!("{e}"));
        }
        let found = discover(&[dir.path().to_path_buf()]).unwrap_or_else(|e| unreachable!("{e}"));
        let order: Vec<String> = found.iter().filter_map(|p| p.file_name()).map(|n| n.to_string_lossy().into_owned()).collect();
        assert_eq!(
            order,
            [
                "plain.json",
                "111122223333_CloudTrail_us-east-1_20240101T0005Z_a.json.gz",
                "111122223333_CloudTrail_eu-west-1_20240101T0010Z_c.json.gz",
                "111122223333_CloudTrail_us-east-1_20240101T0105Z_b.json.gz"
            ]
        );
    }
}
