//! Reading and writing snapshot files: gzip-compressed JSON (plain JSON is
//! accepted on input). Every failure names the file and what is wrong; no
//! input makes the loader panic.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use flate2::{read::GzDecoder, write::GzEncoder, Compression};
use serde::Deserialize;

use crate::{Snapshot, FORMAT, SCHEMA_VERSION};

/// Snapshots larger than this once decompressed are refused (a guard
/// against decompression bombs; a large real account is well under 1 GiB).
const MAX_DECOMPRESSED: u64 = 4 << 30;

#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    #[error("cannot read snapshot `{path}`: {source}")]
    Io { path: PathBuf, source: std::io::Error },
    #[error("snapshot `{path}` is truncated or corrupt: {detail}")]
    Corrupt { path: PathBuf, detail: String },
    #[error("`{path}` is not a mamori snapshot: {detail}")]
    NotSnapshot { path: PathBuf, detail: String },
    #[error("snapshot `{path}` has schema version {found}; this mamori {ours} reads version {expected} (re-collect, or use a matching mamori)", ours = env!("CARGO_PKG_VERSION"), expected = SCHEMA_VERSION)]
    Version { path: PathBuf, found: u32 },
    #[error("snapshot `{path}` is invalid at `{at}`: {detail}")]
    Invalid { path: PathBuf, at: String, detail: String },
}

#[derive(Debug, thiserror::Error)]
pub enum SaveError {
    #[error("cannot write snapshot `{path}`: {source}")]
    Io { path: PathBuf, source: std::io::Error },
    #[error("cannot encode snapshot: {0}")]
    Encode(#[from] serde_json::Error),
}

/// Just enough of the envelope to check what the file is before reading it whole.
#[derive(Deserialize)]
struct Header {
    format: Option<String>,
    schema_version: Option<u32>,
}

impl Snapshot {
    /// Loads a snapshot file.
    pub fn load(path: &Path) -> Result<Snapshot, LoadError> {
        let bytes = std::fs::read(path).map_err(|source| LoadError::Io { path: path.to_path_buf(), source })?;
        Snapshot::from_bytes(&bytes, path)
    }

    /// Decodes a snapshot from the bytes of a file; `path` names it in errors.
    pub fn from_bytes(bytes: &[u8], path: &Path) -> Result<Snapshot, LoadError> {
        let path_buf = || path.to_path_buf();
        let json = if bytes.starts_with(&[0x1f, 0x8b]) {
            let mut out = Vec::new();
            GzDecoder::new(bytes)
                .take(MAX_DECOMPRESSED)
                .read_to_end(&mut out)
                .map_err(|e| LoadError::Corrupt { path: path_buf(), detail: e.to_string() })?;
            out
        } else {
            bytes.to_vec()
        };
        if json.iter().all(u8::is_ascii_whitespace) {
            return Err(LoadError::NotSnapshot { path: path_buf(), detail: "the file is empty".into() });
        }
        // Fast path: one plain parse. Only when it fails, or the envelope is
        // not ours, is the file read again to say precisely what is wrong.
        if let Ok(snapshot) = serde_json::from_slice::<Snapshot>(&json) {
            if snapshot.format == FORMAT && snapshot.schema_version == SCHEMA_VERSION {
                return Ok(snapshot);
            }
        }
        let header: Header = serde_json::from_slice(&json).map_err(|e| {
            if e.is_eof() {
                LoadError::Corrupt { path: path_buf(), detail: format!("JSON ends early ({e})") }
            } else {
                LoadError::NotSnapshot { path: path_buf(), detail: format!("not JSON or not an object ({e})") }
            }
        })?;
        match header.format.as_deref() {
            Some(FORMAT) => {}
            Some(other) => {
                return Err(LoadError::NotSnapshot { path: path_buf(), detail: format!("its format is `{other}`, expected `{FORMAT}`") })
            }
            None => return Err(LoadError::NotSnapshot { path: path_buf(), detail: format!("it has no `format: \"{FORMAT}\"` field") }),
        }
        match header.schema_version {
            Some(SCHEMA_VERSION) => {}
            Some(found) => return Err(LoadError::Version { path: path_buf(), found }),
            None => return Err(LoadError::NotSnapshot { path: path_buf(), detail: "it has no `schema_version` field".into() }),
        }
        let mut de = serde_json::Deserializer::from_slice(&json);
        serde_path_to_error::deserialize(&mut de).map_err(|e| {
            let at = e.path().to_string();
            LoadError::Invalid { path: path_buf(), at, detail: e.into_inner().to_string() }
        })
    }

    /// The canonical compressed bytes of the snapshot (normalize first).
    pub fn to_bytes(&self) -> Result<Vec<u8>, SaveError> {
        // `GzEncoder::new` writes no timestamp or file name into the header,
        // so equal snapshots compress to equal bytes.
        let mut encoder = GzEncoder::new(Vec::new(), Compression::default());
        serde_json::to_writer(&mut encoder, self)?;
        encoder.write_all(b"\n").map_err(serde_json::Error::io)?;
        encoder.finish().map_err(serde_json::Error::io).map_err(SaveError::Encode)
    }

    /// Normalizes and writes the snapshot, replacing `path` atomically.
    pub fn save(&mut self, path: &Path) -> Result<(), SaveError> {
        self.normalize();
        let bytes = self.to_bytes()?;
        let io = |source| SaveError::Io { path: path.to_path_buf(), source };
        let dir = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
        let mut tmp = path.file_name().map(|n| n.to_os_string()).unwrap_or_default();
        tmp.push(".partial");
        let tmp = dir.join(tmp);
        std::fs::write(&tmp, &bytes).map_err(io)?;
        std::fs::rename(&tmp, path).map_err(io)
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests {
    use super::*;
    use crate::{Account, Source, Time};

    fn sample() -> Snapshot {
        let mut s = Snapshot::new(Source { kind: "demo".into(), ..Source::default() }, Time::from_epoch(0, 0).unwrap());
        s.accounts.push(Account { account_id: "123456789012".into(), partition: "aws".into(), ..Account::default() });
        s.regions.push("us-east-1".into());
        s.normalize();
        s
    }

    fn err(bytes: &[u8]) -> String {
        Snapshot::from_bytes(bytes, Path::new("x.snap")).unwrap_err().to_string()
    }

    #[test]
    fn round_trips_and_is_deterministic() {
        let s = sample();
        let a = s.to_bytes().unwrap();
        let b = s.to_bytes().unwrap();
        assert_eq!(a, b);
        assert_eq!(Snapshot::from_bytes(&a, Path::new("x")).unwrap(), s);
    }

    #[test]
    fn errors_name_the_file_and_the_problem() {
        let good = sample().to_bytes().unwrap();
        assert!(err(&good[..good.len() / 2]).contains("truncated or corrupt"), "{}", err(&good[..good.len() / 2]));
        assert!(err(b"").contains("empty"));
        assert!(err(b"[1,2]").contains("not a mamori snapshot"));
        assert!(err(b"{}").contains("no `format"));
        assert!(err(b"hello").contains("not JSON"));
        assert!(err(b"{\"format\":\"other\"}").contains("`other`"));
        let v2 = err(br#"{"format":"mamori-snapshot","schema_version":2}"#);
        assert!(v2.contains("schema version 2") && v2.contains("x.snap"), "{v2}");
        let bad = err(br#"{"format":"mamori-snapshot","schema_version":1,"mamori_version":"0","source":{"kind":"x"},"started_at":"nope"}"#);
        assert!(bad.contains("`started_at`") && bad.contains("invalid timestamp"), "{bad}");
        assert!(err(b"{\"format\":\"mamori-snapshot\",\"schema_version\":1").contains("ends early"));
        for e in [err(b"hello"), err(&good[..10])] {
            assert!(!e.contains('\n'), "one line: {e}");
        }
    }
}
