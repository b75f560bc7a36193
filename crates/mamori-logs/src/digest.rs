//! CloudTrail log file integrity: walks digest chains from newest to oldest
//! the way `aws cloudtrail validate-logs` does, offline.
//!
//! For each digest: its SHA256withRSA signature over the string to sign
//!
//! ```text
//! digestEndTime \n digestS3Bucket/digestS3Object \n hex(SHA-256(decompressed digest)) \n previousDigestSignature (or "null")
//! ```
//!
//! with the public key its `digestPublicKeyFingerprint` names; the newer
//! digest's `previousDigestSignature` and `previousDigestHashValue` links to
//! it; and each listed log file's SHA-256 over its decompressed bytes.
//! A digest's own signature is S3 object metadata, which a download loses:
//! it comes from the newer digest's `previousDigestSignature`, or for the
//! newest digest from a `NAME.signature` file beside it (hex, as
//! `aws s3api head-object --query Metadata.signature` prints it).

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use base64::Engine as _;
use rsa::pkcs1::DecodeRsaPublicKey;
use rsa::pkcs1v15::{Signature, VerifyingKey};
use rsa::pkcs8::DecodePublicKey;
use rsa::signature::Verifier;
use rsa::RsaPublicKey;
use serde::{Deserialize, Serialize};
use sha2::{Digest as _, Sha256};

use crate::input::{decompress_into, discover};

/// One CloudTrail digest file, as far as verification reads it.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DigestFile {
    pub aws_account_id: String,
    pub digest_start_time: String,
    pub digest_end_time: String,
    pub digest_s3_bucket: String,
    pub digest_s3_object: String,
    pub digest_public_key_fingerprint: String,
    pub digest_signature_algorithm: String,
    #[serde(default)]
    pub previous_digest_s3_bucket: Option<String>,
    #[serde(default)]
    pub previous_digest_s3_object: Option<String>,
    #[serde(default)]
    pub previous_digest_hash_value: Option<String>,
    #[serde(default)]
    pub previous_digest_hash_algorithm: Option<String>,
    #[serde(default)]
    pub previous_digest_signature: Option<String>,
    #[serde(default)]
    pub log_files: Vec<LogFileRef>,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct LogFileRef {
    pub s3_bucket: String,
    pub s3_object: String,
    pub hash_value: String,
    pub hash_algorithm: String,
}

impl DigestFile {
    /// The exact text CloudTrail signs.
    pub fn string_to_sign(&self, decompressed: &[u8]) -> String {
        format!(
            "{}\n{}/{}\n{}\n{}",
            self.digest_end_time,
            self.digest_s3_bucket,
            self.digest_s3_object,
            hex::encode(Sha256::digest(decompressed)),
            self.previous_digest_signature.as_deref().unwrap_or("null")
        )
    }
}

/// Public keys by fingerprint.
#[derive(Debug, Default, Clone)]
pub struct PublicKeys {
    keys: Vec<(Option<String>, RsaPublicKey)>,
}

/// A key that could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{place}: {message}")]
pub struct KeyError {
    pub place: String,
    pub message: String,
}

impl PublicKeys {
    /// Reads keys from `ListPublicKeys` JSON output (`{"PublicKeyList":
    /// [{"Fingerprint", "Value"}]}`), or lines of `FINGERPRINT BASE64` or
    /// just `BASE64`. Values are DER, PKCS#1 or SPKI, base64-encoded.
    pub fn parse(text: &str, source: &str) -> Result<PublicKeys, KeyError> {
        let mut out = PublicKeys::default();
        let trimmed = text.trim_start();
        if trimmed.starts_with('{') {
            let v: serde_json::Value =
                serde_json::from_str(text).map_err(|e| KeyError { place: format!("{source}:{}", e.line()), message: e.to_string() })?;
            let list = v
                .get("PublicKeyList")
                .and_then(|l| l.as_array())
                .ok_or_else(|| KeyError { place: source.into(), message: "no `PublicKeyList` array".into() })?;
            for (i, k) in list.iter().enumerate() {
                let place = format!("{source}: PublicKeyList[{i}]");
                let value = k
                    .get("Value")
                    .and_then(|v| v.as_str())
                    .ok_or_else(|| KeyError { place: place.clone(), message: "no `Value`".into() })?;
                let fp = k.get("Fingerprint").and_then(|v| v.as_str()).map(str::to_string);
                out.keys.push((fp, decode_key(value).map_err(|m| KeyError { place, message: m })?));
            }
            return Ok(out);
        }
        for (i, line) in text.lines().enumerate() {
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let place = format!("{source}:{}", i + 1);
            let (fp, value) = match line.split_once(char::is_whitespace) {
                Some((fp, v)) => (Some(fp.to_string()), v.trim()),
                None => (None, line),
            };
            out.keys.push((fp, decode_key(value).map_err(|m| KeyError { place, message: m })?));
        }
        Ok(out)
    }

    pub fn add(&mut self, fingerprint: Option<String>, der: &[u8]) -> Result<(), String> {
        self.keys.push((fingerprint, key_from_der(der)?));
        Ok(())
    }

    pub fn len(&self) -> usize {
        self.keys.len()
    }

    pub fn is_empty(&self) -> bool {
        self.keys.is_empty()
    }

    /// Keys for `fingerprint`: the one with that fingerprint, else those without one.
    fn for_fingerprint(&self, fingerprint: &str) -> Vec<&RsaPublicKey> {
        let exact: Vec<&RsaPublicKey> =
            self.keys.iter().filter(|(f, _)| f.as_deref().is_some_and(|f| f.eq_ignore_ascii_case(fingerprint))).map(|(_, k)| k).collect();
        if !exact.is_empty() {
            return exact;
        }
        self.keys.iter().filter(|(f, _)| f.is_none()).map(|(_, k)| k).collect()
    }
}

fn decode_key(b64: &str) -> Result<RsaPublicKey, String> {
    let der = base64::engine::general_purpose::STANDARD.decode(b64.trim()).map_err(|e| format!("not base64: {e}"))?;
    key_from_der(&der)
}

fn key_from_der(der: &[u8]) -> Result<RsaPublicKey, String> {
    RsaPublicKey::from_pkcs1_der(der)
        .or_else(|_| RsaPublicKey::from_public_key_der(der))
        .map_err(|e| format!("not an RSA public key in PKCS#1 or SPKI DER: {e}"))
}

/// What is wrong with a file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ProblemKind {
    /// The signature does not verify with the named key.
    DigestSignatureInvalid,
    /// No key with the digest's fingerprint.
    DigestKeyUnknown,
    /// The newer digest's `previousDigestHashValue` differs from this digest's hash.
    DigestHashMismatch,
    /// The newer digest's `previousDigestSignature` was not signed over this digest.
    DigestLinkBroken,
    /// A digest the chain names is not there.
    DigestMissing,
    /// A digest is not where its own `digestS3Object` says.
    DigestMoved,
    /// The chain goes back in time out of order.
    DigestOutOfOrder,
    /// No signature available (newest digest without its `.signature` file).
    DigestUnverified,
    /// A file in the digest folder is not a digest.
    DigestUnreadable,
    LogMissing,
    LogHashMismatch,
    LogMoved,
    /// A log file no digest lists, from a time the digests cover.
    LogExtra,
    /// Time no digest covers between two chains (logging or validation was off).
    Gap,
}

impl ProblemKind {
    /// Whether the problem makes the verification fail.
    pub fn is_invalid(self) -> bool {
        !matches!(self, ProblemKind::Gap)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Problem {
    pub kind: ProblemKind,
    /// The file (path under the folder given, or S3 key when it is missing).
    pub file: String,
    pub detail: String,
}

/// The outcome.
#[derive(Debug, Default, Clone, Serialize)]
pub struct Verification {
    pub digests_valid: u64,
    pub digests_invalid: u64,
    pub logs_valid: u64,
    pub logs_invalid: u64,
    /// Log files under the folder not listed by any digest and newer than
    /// the newest digest (not yet covered; not a failure).
    pub logs_not_yet_covered: u64,
    pub chains: u64,
    pub start: Option<String>,
    pub end: Option<String>,
    pub problems: Vec<Problem>,
}

impl Verification {
    pub fn is_valid(&self) -> bool {
        !self.problems.iter().any(|p| p.kind.is_invalid())
    }
}

struct Loaded {
    path: PathBuf,
    rel: String,
    digest: DigestFile,
    hash: String,
    bytes: Vec<u8>,
    own_signature: Option<String>,
}

/// Verifies the digests under `digests` and the log files under `logs`.
pub fn verify(digests: &Path, logs: &Path, keys: &PublicKeys) -> std::io::Result<Verification> {
    let mut v = Verification::default();
    let mut loaded: Vec<Loaded> = Vec::new();
    let mut buf = Vec::new();
    let files = discover(&[digests.to_path_buf()])?;
    // In a bucket's tree digests sit beside logs: CloudTrail names them
    // `..._CloudTrail-Digest_...`; a folder without such names holds only digests.
    let named = files.iter().any(|p| is_digest_name(p));
    for path in files {
        let name = path.to_string_lossy().to_string();
        if name.ends_with(".signature") || (named && !is_digest_name(&path)) {
            continue;
        }
        let rel = rel_path(digests, &path);
        let raw = std::fs::read(&path)?;
        if let Err(e) = decompress_into(&raw, &mut buf) {
            v.problems.push(Problem { kind: ProblemKind::DigestUnreadable, file: rel, detail: e.to_string() });
            continue;
        }
        let digest: DigestFile = match serde_json::from_slice(&buf) {
            Ok(d) => d,
            Err(e) => {
                v.problems.push(Problem { kind: ProblemKind::DigestUnreadable, file: rel, detail: format!("line {}: {e}", e.line()) });
                continue;
            }
        };
        let sig_path = PathBuf::from(format!("{name}.signature"));
        let own_signature = std::fs::read_to_string(&sig_path).ok().map(|s| s.trim().to_string());
        let hash = hex::encode(Sha256::digest(&buf));
        loaded.push(Loaded { path, rel, digest, hash, bytes: buf.clone(), own_signature });
    }
    // Where each digest says it lives must be where it is.
    for d in &loaded {
        if !ends_with_key(&d.rel, &d.digest.digest_s3_object) {
            v.problems.push(Problem {
                kind: ProblemKind::DigestMoved,
                file: d.rel.clone(),
                detail: format!("the digest says it is `{}`", d.digest.digest_s3_object),
            });
        }
    }
    let by_key: HashMap<&str, usize> = loaded.iter().enumerate().map(|(i, d)| (d.digest.digest_s3_object.as_str(), i)).collect();
    // Signatures a newer digest vouches for, keyed by the older digest's key.
    let mut vouched: HashMap<&str, Vec<(usize, &str)>> = HashMap::new();
    for (i, d) in loaded.iter().enumerate() {
        if let (Some(prev), Some(sig)) = (d.digest.previous_digest_s3_object.as_deref(), d.digest.previous_digest_signature.as_deref()) {
            vouched.entry(prev).or_default().push((i, sig));
        }
    }
    let mut digest_ok = vec![true; loaded.len()];
    let fail = |i: usize, p: Problem, v: &mut Verification, ok: &mut Vec<bool>| {
        if let Some(o) = ok.get_mut(i) {
            *o = false;
        }
        v.problems.push(p);
    };
    for (i, d) in loaded.iter().enumerate() {
        // Links from newer digests.
        let newer = vouched.get(d.digest.digest_s3_object.as_str()).cloned().unwrap_or_default();
        for (n, _) in &newer {
            let Some(nd) = loaded.get(*n) else { continue };
            if nd.digest.previous_digest_hash_value.as_deref().is_some_and(|h| !h.eq_ignore_ascii_case(&d.hash)) {
                fail(
                    i,
                    Problem {
                        kind: ProblemKind::DigestHashMismatch,
                        file: d.rel.clone(),
                        detail: format!(
                            "`{}` records hash {} but the digest hashes to {}",
                            nd.rel,
                            nd.digest.previous_digest_hash_value.as_deref().unwrap_or("-"),
                            d.hash
                        ),
                    },
                    &mut v,
                    &mut digest_ok,
                );
            }
            if nd.digest.digest_end_time <= d.digest.digest_end_time {
                fail(
                    i,
                    Problem {
                        kind: ProblemKind::DigestOutOfOrder,
                        file: d.rel.clone(),
                        detail: format!(
                            "`{}` ends at {} yet names this digest, ending at {}, as its predecessor",
                            nd.rel, nd.digest.digest_end_time, d.digest.digest_end_time
                        ),
                    },
                    &mut v,
                    &mut digest_ok,
                );
            }
        }
        // The signature: what the newer digest vouches for, else the sidecar.
        let signature = newer.first().map(|(_, s)| s.to_string()).or_else(|| d.own_signature.clone());
        let Some(signature) = signature else {
            fail(
                i,
                Problem {
                    kind: ProblemKind::DigestUnverified,
                    file: d.rel.clone(),
                    detail: format!("no signature: put the S3 object's `signature` metadata in `{}.signature`", d.path.display()),
                },
                &mut v,
                &mut digest_ok,
            );
            continue;
        };
        if !d.digest.digest_signature_algorithm.eq_ignore_ascii_case("SHA256withRSA") {
            fail(
                i,
                Problem {
                    kind: ProblemKind::DigestSignatureInvalid,
                    file: d.rel.clone(),
                    detail: format!("unsupported signature algorithm `{}`", d.digest.digest_signature_algorithm),
                },
                &mut v,
                &mut digest_ok,
            );
            continue;
        }
        let candidates = keys.for_fingerprint(&d.digest.digest_public_key_fingerprint);
        if candidates.is_empty() {
            fail(
                i,
                Problem {
                    kind: ProblemKind::DigestKeyUnknown,
                    file: d.rel.clone(),
                    detail: format!("no public key with fingerprint {}", d.digest.digest_public_key_fingerprint),
                },
                &mut v,
                &mut digest_ok,
            );
            continue;
        }
        let message = d.digest.string_to_sign(&d.bytes);
        let sig_ok = hex::decode(signature.trim()).ok().and_then(|b| Signature::try_from(b.as_slice()).ok()).is_some_and(|sig| {
            candidates.iter().any(|k| VerifyingKey::<Sha256>::new((*k).clone()).verify(message.as_bytes(), &sig).is_ok())
        });
        if !sig_ok {
            let kind = if newer.is_empty() { ProblemKind::DigestSignatureInvalid } else { ProblemKind::DigestLinkBroken };
            let detail = if newer.is_empty() {
                "the signature does not verify over this digest".to_string()
            } else {
                "the signature the newer digest records does not verify over this digest (altered digest or broken previous-signature link)"
                    .to_string()
            };
            fail(i, Problem { kind, file: d.rel.clone(), detail }, &mut v, &mut digest_ok);
        }
    }
    // Missing digests: named as predecessors, not found.
    for d in &loaded {
        if let Some(prev) = d.digest.previous_digest_s3_object.as_deref() {
            if !by_key.contains_key(prev) {
                v.problems.push(Problem {
                    kind: ProblemKind::DigestMissing,
                    file: prev.to_string(),
                    detail: format!("named as predecessor by `{}`", d.rel),
                });
            }
        }
    }
    // Chains and gaps: a digest without predecessor starts a chain.
    let mut starts: Vec<&Loaded> = loaded.iter().filter(|d| d.digest.previous_digest_s3_object.is_none()).collect();
    starts.sort_by(|a, b| a.digest.digest_start_time.cmp(&b.digest.digest_start_time));
    v.chains = starts.len() as u64;
    let mut by_time: Vec<&Loaded> = loaded.iter().collect();
    by_time.sort_by(|a, b| a.digest.digest_end_time.cmp(&b.digest.digest_end_time));
    for s in &starts {
        if let Some(before) = by_time
            .iter()
            .rev()
            .find(|d| d.digest.digest_end_time < s.digest.digest_start_time && chain_of(&d.digest) == chain_of(&s.digest))
        {
            v.problems.push(Problem {
                kind: ProblemKind::Gap,
                file: s.rel.clone(),
                detail: format!("no digest covers {} to {}", before.digest.digest_end_time, s.digest.digest_start_time),
            });
        }
    }
    v.start = by_time.first().map(|d| d.digest.digest_start_time.clone());
    v.end = by_time.last().map(|d| d.digest.digest_end_time.clone());
    v.digests_valid = digest_ok.iter().filter(|o| **o).count() as u64;
    v.digests_invalid = digest_ok.len() as u64 - v.digests_valid;

    // Log files.
    let log_files: Vec<PathBuf> = discover(&[logs.to_path_buf()])?
        .into_iter()
        .filter(|p| !is_digest_name(p) && !p.to_string_lossy().ends_with(".signature"))
        .collect();
    let mut by_name: BTreeMap<String, Vec<PathBuf>> = BTreeMap::new();
    for p in &log_files {
        if let Some(n) = p.file_name().and_then(|n| n.to_str()) {
            by_name.entry(n.to_string()).or_default().push(p.clone());
        }
    }
    let mut listed = std::collections::HashSet::new();
    for d in &loaded {
        for lf in &d.digest.log_files {
            let base = lf.s3_object.rsplit('/').next().unwrap_or(&lf.s3_object).to_string();
            listed.insert(base.clone());
            let Some(paths) = by_name.get(&base) else {
                v.logs_invalid += 1;
                v.problems.push(Problem {
                    kind: ProblemKind::LogMissing,
                    file: lf.s3_object.clone(),
                    detail: format!("listed by `{}`", d.rel),
                });
                continue;
            };
            let Some(path) = paths.iter().find(|p| ends_with_key(&rel_path(logs, p), &lf.s3_object)).or(paths.first()) else { continue };
            let rel = rel_path(logs, path);
            let mut bad = false;
            if !ends_with_key(&rel, &lf.s3_object) {
                bad = true;
                v.problems.push(Problem {
                    kind: ProblemKind::LogMoved,
                    file: rel.clone(),
                    detail: format!("the digest lists it as `{}`", lf.s3_object),
                });
            }
            let raw = std::fs::read(path)?;
            let hash = match decompress_into(&raw, &mut buf) {
                Ok(()) => hex::encode(Sha256::digest(&buf)),
                Err(e) => format!("unreadable: {e}"),
            };
            if !hash.eq_ignore_ascii_case(&lf.hash_value) {
                bad = true;
                v.problems.push(Problem {
                    kind: ProblemKind::LogHashMismatch,
                    file: rel,
                    detail: format!("SHA-256 {hash}, the digest records {}", lf.hash_value),
                });
            }
            if bad {
                v.logs_invalid += 1;
            } else {
                v.logs_valid += 1;
            }
        }
    }
    let newest = v.end.clone().unwrap_or_default();
    for (name, paths) in &by_name {
        if listed.contains(name) {
            continue;
        }
        let covered = log_time(name).is_some_and(|t| t <= newest_compact(&newest));
        for p in paths {
            if covered {
                v.logs_invalid += 1;
                v.problems.push(Problem {
                    kind: ProblemKind::LogExtra,
                    file: rel_path(logs, p),
                    detail: "no digest lists it, though the digests cover its time".into(),
                });
            } else {
                v.logs_not_yet_covered += 1;
            }
        }
    }
    v.problems.sort_by(|a, b| (a.kind, &a.file).cmp(&(b.kind, &b.file)));
    Ok(v)
}

fn is_digest_name(p: &Path) -> bool {
    p.file_name().and_then(|n| n.to_str()).is_some_and(|n| n.contains("CloudTrail-Digest"))
}

/// The chain a digest belongs to: its key without the time stamp.
fn chain_of(d: &DigestFile) -> String {
    let key = &d.digest_s3_object;
    let name = key.rsplit('/').next().unwrap_or(key);
    let stem = name.rsplit_once('_').map_or(name, |(s, _)| s);
    format!("{}|{}", d.aws_account_id, stem)
}

fn rel_path(root: &Path, p: &Path) -> String {
    p.strip_prefix(root).unwrap_or(p).to_string_lossy().replace('\\', "/")
}

/// Whether the relative path `rel` is the tail of the S3 key `key` (at least its file name).
fn ends_with_key(rel: &str, key: &str) -> bool {
    let rel = rel.trim_start_matches('/');
    key == rel || key.ends_with(&format!("/{rel}"))
}

/// `YYYYMMDDTHHMMZ` from a CloudTrail file name.
fn log_time(name: &str) -> Option<String> {
    name.split('_').find(|p| p.len() == 14 && p.ends_with('Z') && p.as_bytes().get(8) == Some(&b'T')).map(str::to_string)
}

/// `2024-01-01T10:00:00Z` → `20240101T1000Z`.
fn newest_compact(t: &str) -> String {
    let digits: String = t.chars().filter(|c| c.is_ascii_digit()).collect();
    match (digits.get(..8), digits.get(8..12)) {
        (Some(d), Some(h)) => format!("{d}T{h}Z"),
        _ => String::new(),
    }
}
