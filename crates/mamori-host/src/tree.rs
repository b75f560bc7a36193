//! Reading a root tree: a directory or a tar archive (plain or gzip), in one
//! pass, never following a link out of the tree.

use std::collections::BTreeMap;
use std::io::Read;
use std::path::{Path, PathBuf};

/// What kind of entry.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Kind {
    File,
    Dir,
    /// A symbolic link and its target as written.
    Symlink(String),
    Other,
}

/// One entry of the tree, with its path inside the tree (`/etc/passwd`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entry {
    pub path: String,
    pub kind: Kind,
    pub size: u64,
    /// Permission bits (`0o600`), when known.
    pub mode: u32,
}

/// Why a tree could not be read.
#[derive(Debug, thiserror::Error)]
pub enum TreeError {
    #[error("cannot read `{path}`")]
    Io { path: String, source: std::io::Error },
    #[error("`{path}` is neither a directory nor a tar archive")]
    NotATree { path: String },
}

/// The configuration files the checks need, kept while the tree streams
/// past: path → contents (at most [`MAX_KEPT`] bytes each).
#[derive(Clone, Debug, Default)]
pub struct Kept {
    pub files: BTreeMap<String, Vec<u8>>,
    /// Every entry's path and kind (for listings: host keys, home dirs, units).
    pub entries: BTreeMap<String, Entry>,
}

/// Files larger than this are not kept whole (configuration never is).
pub const MAX_KEPT: u64 = 1 << 20;

impl Kept {
    pub fn text(&self, path: &str) -> Option<String> {
        self.files.get(path).map(|b| String::from_utf8_lossy(b).into_owned())
    }

    /// Paths of entries under `dir` (not recursive into deeper levels when `direct`).
    pub fn under<'a>(&'a self, dir: &'a str) -> impl Iterator<Item = &'a Entry> + 'a {
        let prefix = if dir.ends_with('/') { dir.to_string() } else { format!("{dir}/") };
        self.entries.range(prefix.clone()..).take_while(move |(p, _)| p.starts_with(&prefix)).map(|(_, e)| e)
    }

    /// Resolves a symlink chain inside the tree (at most 16 hops).
    pub fn resolve(&self, path: &str) -> Option<String> {
        let mut current = normalize(path);
        for _ in 0..16 {
            match self.entries.get(&current).map(|e| &e.kind) {
                Some(Kind::Symlink(target)) => {
                    current =
                        if target.starts_with('/') { normalize(target) } else { normalize(&format!("{}/{target}", parent(&current))) };
                }
                Some(_) => return Some(current),
                None => return None,
            }
        }
        None
    }
}

fn parent(path: &str) -> &str {
    path.rsplit_once('/').map(|(p, _)| if p.is_empty() { "/" } else { p }).unwrap_or("/")
}

/// `/a/./b/../c` → `/a/c`; never climbs above `/`.
pub fn normalize(path: &str) -> String {
    let mut parts: Vec<&str> = Vec::new();
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            p => parts.push(p),
        }
    }
    format!("/{}", parts.join("/"))
}

/// Decides, per entry, whether its contents are kept, and sees every file's
/// bytes as they pass (for secret scanning).
pub trait Visitor {
    /// Whether to keep this file's contents in [`Kept`].
    fn keep(&self, entry: &Entry) -> bool;
    /// Called for every regular file with (up to `limit` bytes of) its contents.
    fn file(&mut self, entry: &Entry, contents: &[u8]);
    /// How many bytes of each file [`Visitor::file`] wants (0: none).
    fn limit(&self, entry: &Entry) -> u64;
}

/// Reads the tree at `path`: a directory, or a `.tar` / `.tar.gz` file.
pub fn read(path: &Path, visitor: &mut dyn Visitor) -> Result<Kept, TreeError> {
    let meta = std::fs::metadata(path).map_err(|source| TreeError::Io { path: path.display().to_string(), source })?;
    if meta.is_dir() {
        read_dir(path, visitor)
    } else if meta.is_file() {
        read_tar(path, visitor)
    } else {
        Err(TreeError::NotATree { path: path.display().to_string() })
    }
}

/// Files read at once from a directory tree: the reads overlap, so a cold
/// disk is kept busy, while what is held stays bounded.
const BATCH_BYTES: u64 = 64 << 20;
const READERS: usize = 8;

fn read_dir(root: &Path, visitor: &mut dyn Visitor) -> Result<Kept, TreeError> {
    let mut kept = Kept::default();
    // Hard links: the second and later names of a file carry no contents,
    // as in a tar archive, so a tree and its archive read alike.
    let mut linked = std::collections::HashSet::new();
    // Files to read: (entry, where it is on this machine, how much to read, keep it whole).
    let mut pending: Vec<(Entry, PathBuf, u64, bool)> = Vec::new();
    let mut pending_bytes = 0u64;
    // Symlinks are recorded, never followed: a link to `/etc/shadow` in an
    // image must not read the auditing host's file.
    for item in walkdir::WalkDir::new(root).follow_links(false).sort_by_file_name() {
        let Ok(item) = item else { continue };
        let Ok(rel) = item.path().strip_prefix(root) else { continue };
        let path = format!("/{}", rel.to_string_lossy());
        let ft = item.file_type();
        let meta = item.metadata().ok();
        let mode = meta.as_ref().map(mode_of).unwrap_or(0);
        let kind = if ft.is_dir() {
            Kind::Dir
        } else if ft.is_symlink() {
            Kind::Symlink(std::fs::read_link(item.path()).map(|t| t.to_string_lossy().into_owned()).unwrap_or_default())
        } else if ft.is_file() {
            Kind::File
        } else {
            Kind::Other
        };
        let again = kind == Kind::File && meta.as_ref().is_some_and(|m| !first_link(m, &mut linked));
        let size = if again { 0 } else { meta.map(|m| m.len()).unwrap_or(0) };
        let entry = Entry { path: normalize(&path), kind, size, mode };
        if entry.path == "/" {
            continue;
        }
        if entry.kind == Kind::File {
            let keep = visitor.keep(&entry);
            let want = if again { 0 } else { visitor.limit(&entry).max(if keep { MAX_KEPT } else { 0 }) };
            pending_bytes += want.min(entry.size);
            pending.push((entry.clone(), item.path().to_path_buf(), want, keep));
            if pending_bytes >= BATCH_BYTES {
                flush(&mut pending, visitor, &mut kept);
                pending_bytes = 0;
            }
        }
        kept.entries.insert(entry.path.clone(), entry);
    }
    flush(&mut pending, visitor, &mut kept);
    Ok(kept)
}

/// Reads a batch of files on several threads, then hands them to the
/// visitor in tree order.
fn flush(pending: &mut Vec<(Entry, PathBuf, u64, bool)>, visitor: &mut dyn Visitor, kept: &mut Kept) {
    if pending.is_empty() {
        return;
    }
    let batch = std::mem::take(pending);
    let chunk = batch.len().div_ceil(READERS).max(1);
    let read: Vec<Vec<u8>> = std::thread::scope(|scope| {
        let workers: Vec<_> = batch
            .chunks(chunk)
            .map(|part| {
                let len = part.len();
                let worker = scope.spawn(move || {
                    part.iter()
                        .map(|(_, host, want, keep)| match std::fs::File::open(host) {
                            Ok(mut f) if *want > 0 => contents(&mut f, *want, *keep),
                            _ => Vec::new(),
                        })
                        .collect::<Vec<_>>()
                });
                (len, worker)
            })
            .collect();
        // A reader that failed leaves its files empty rather than shifting the rest.
        workers.into_iter().flat_map(|(len, w)| w.join().unwrap_or_else(|_| vec![Vec::new(); len])).collect()
    });
    for ((entry, _, _, keep), buf) in batch.into_iter().zip(read) {
        visitor.file(&entry, &buf);
        if keep {
            kept.files.insert(entry.path.clone(), buf);
        }
    }
}

/// Whether this is the first name seen of a (possibly hard-linked) file.
#[cfg(unix)]
fn first_link(m: &std::fs::Metadata, seen: &mut std::collections::HashSet<(u64, u64)>) -> bool {
    use std::os::unix::fs::MetadataExt;
    m.nlink() <= 1 || seen.insert((m.dev(), m.ino()))
}

#[cfg(not(unix))]
fn first_link(_: &std::fs::Metadata, _: &mut std::collections::HashSet<(u64, u64)>) -> bool {
    true
}

#[cfg(unix)]
fn mode_of(m: &std::fs::Metadata) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    m.permissions().mode() & 0o7777
}

#[cfg(not(unix))]
fn mode_of(_: &std::fs::Metadata) -> u32 {
    0
}

fn read_tar(path: &Path, visitor: &mut dyn Visitor) -> Result<Kept, TreeError> {
    let io = |source| TreeError::Io { path: path.display().to_string(), source };
    let mut file = std::fs::File::open(path).map_err(io)?;
    let mut magic = [0u8; 2];
    let n = file.read(&mut magic).map_err(io)?;
    drop(file);
    let file = std::fs::File::open(path).map_err(io)?;
    let reader: Box<dyn Read> = if n == 2 && magic == [0x1f, 0x8b] { Box::new(flate2::read::GzDecoder::new(file)) } else { Box::new(file) };
    let mut archive = tar::Archive::new(std::io::BufReader::with_capacity(1 << 20, reader));
    let mut kept = Kept::default();
    let entries = archive.entries().map_err(io)?;
    for item in entries {
        let mut item = item.map_err(io)?;
        let header = item.header();
        let raw = item.path().map(|p| p.to_string_lossy().into_owned()).unwrap_or_default();
        let mode = header.mode().unwrap_or(0) & 0o7777;
        let size = header.size().unwrap_or(0);
        let kind = match header.entry_type() {
            tar::EntryType::Regular | tar::EntryType::Continuous | tar::EntryType::Link => Kind::File,
            tar::EntryType::Directory => Kind::Dir,
            tar::EntryType::Symlink => {
                Kind::Symlink(item.link_name().ok().flatten().map(|l| l.to_string_lossy().into_owned()).unwrap_or_default())
            }
            _ => Kind::Other,
        };
        let entry = Entry { path: normalize(&raw), kind, size, mode };
        if entry.kind == Kind::File {
            let want = visitor.limit(&entry).max(if visitor.keep(&entry) { MAX_KEPT } else { 0 });
            if want > 0 {
                let buf = contents(&mut item, want, visitor.keep(&entry));
                visitor.file(&entry, &buf);
                if visitor.keep(&entry) {
                    kept.files.insert(entry.path.clone(), buf);
                }
            }
        }
        if entry.path != "/" {
            kept.entries.insert(entry.path.clone(), entry);
        }
    }
    Ok(kept)
}

/// Bytes a binary file is recognised by: a NUL among them.
const SNIFF: usize = 8192;

/// Up to `want` bytes of a file; a binary file that is not kept stops after
/// its first block (configuration and secrets are text).
fn contents(reader: &mut dyn Read, want: u64, keep: bool) -> Vec<u8> {
    let mut buf = Vec::new();
    let head = want.min(SNIFF as u64);
    if reader.take(head).read_to_end(&mut buf).is_err() {
        return buf;
    }
    if !keep && buf.contains(&0) {
        return buf;
    }
    let _ = reader.take(want.saturating_sub(head)).read_to_end(&mut buf);
    buf
}

/// A [`Visitor`] that keeps the files whose path matches one of `patterns`
/// (a `*` matches within one path segment, `**` any run of segments).
pub struct KeepPatterns {
    pub patterns: Vec<String>,
}

impl Visitor for KeepPatterns {
    fn keep(&self, entry: &Entry) -> bool {
        entry.size <= MAX_KEPT && self.patterns.iter().any(|p| path_match(p, &entry.path))
    }
    fn file(&mut self, _: &Entry, _: &[u8]) {}
    fn limit(&self, _: &Entry) -> u64 {
        0
    }
}

/// Glob over paths: `*` within a segment, `**` across segments.
pub fn path_match(pattern: &str, path: &str) -> bool {
    let p: Vec<&str> = pattern.trim_start_matches('/').split('/').collect();
    let t: Vec<&str> = path.trim_start_matches('/').split('/').collect();
    segments(&p, &t)
}

fn segments(p: &[&str], t: &[&str]) -> bool {
    match p.split_first() {
        None => t.is_empty(),
        Some((&"**", rest)) => (0..=t.len()).any(|i| t.get(i..).is_some_and(|tail| segments(rest, tail))),
        Some((first, rest)) => match t.split_first() {
            Some((seg, tail)) => segment(first, seg) && segments(rest, tail),
            None => false,
        },
    }
}

fn segment(pattern: &str, text: &str) -> bool {
    mamori_model::wildcard::matches(pattern, text, false)
}

/// Where a path of the tree is on the auditing machine (directories only).
pub fn host_path(root: &Path, path: &str) -> PathBuf {
    root.join(path.trim_start_matches('/'))
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests {
    use super::*;

    #[test]
    fn paths() {
        assert_eq!(normalize("/a/./b/../c"), "/a/c");
        assert_eq!(normalize("../../etc/shadow"), "/etc/shadow");
        assert!(path_match("/etc/ssh/sshd_config.d/*.conf", "/etc/ssh/sshd_config.d/50-cloud.conf"));
        assert!(!path_match("/etc/ssh/*.conf", "/etc/ssh/sub/x.conf"));
        assert!(path_match("/home/*/.ssh/**", "/home/alice/.ssh/id_rsa"));
        assert!(path_match("/**/.bash_history", "/root/.bash_history"));
        assert!(path_match("/**/.bash_history", "/home/bob/.bash_history"));
    }

    fn tree() -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("etc/ssh")).unwrap();
        std::fs::write(dir.path().join("etc/ssh/sshd_config"), "PasswordAuthentication no\n").unwrap();
        std::fs::write(dir.path().join("etc/hostname"), "image\n").unwrap();
        #[cfg(unix)]
        std::os::unix::fs::symlink("/etc/hostname", dir.path().join("etc/alias")).unwrap();
        dir
    }

    #[test]
    fn directory_and_tar_read_alike() {
        let dir = tree();
        let mut visitor = KeepPatterns { patterns: vec!["/etc/ssh/**".into()] };
        let from_dir = read(dir.path(), &mut visitor).unwrap();
        assert_eq!(from_dir.text("/etc/ssh/sshd_config").as_deref(), Some("PasswordAuthentication no\n"));
        assert!(from_dir.text("/etc/hostname").is_none(), "not kept");
        assert_eq!(from_dir.resolve("/etc/alias").as_deref(), Some("/etc/hostname"));

        let archive = dir.path().join("../image.tar.gz");
        let file = std::fs::File::create(&archive).unwrap();
        let mut builder = tar::Builder::new(flate2::write::GzEncoder::new(file, flate2::Compression::fast()));
        builder.follow_symlinks(false);
        builder.append_dir_all(".", dir.path()).unwrap();
        builder.into_inner().unwrap().finish().unwrap();
        let from_tar = read(&archive, &mut visitor).unwrap();
        assert_eq!(from_tar.files, from_dir.files);
        let kinds = |k: &Kept| k.entries.values().map(|e| (e.path.clone(), e.kind.clone())).collect::<Vec<_>>();
        assert_eq!(kinds(&from_tar), kinds(&from_dir));
        std::fs::remove_file(archive).unwrap();
    }
}
