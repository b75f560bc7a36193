//! Secrets left in files: AWS key pairs, private keys, and the credential
//! files of common tools. Uses the same detector as instance user data
//! (`mamori_model::secrets`), so no output anywhere prints a secret value.

use crate::tree::{path_match, Entry, Visitor};

/// One secret: where, and what kind — never the value.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Hit {
    pub path: String,
    /// 1-based; 0 when the whole file is the secret (a key file, `.pgpass`).
    pub line: usize,
    /// `aws-access-key-id`, `aws-secret-access-key`, `private-key`,
    /// `pgpass`, `netrc`, `docker-auth`, `aws-credentials-file`, `git-credentials`.
    pub kind: String,
}

/// Files larger than this are scanned only in their first part.
pub const SCAN_LIMIT: u64 = 4 << 20;

/// Files whose mere presence (with content) is a credential.
const CREDENTIAL_FILES: &[(&str, &str)] = &[
    ("/**/.pgpass", "pgpass"),
    ("/**/.netrc", "netrc"),
    ("/**/.aws/credentials", "aws-credentials-file"),
    ("/**/.git-credentials", "git-credentials"),
];

/// A [`Visitor`] that keeps the configuration files and scans every file for secrets.
pub struct Scanner {
    keep: Vec<String>,
    pub hits: Vec<Hit>,
    pub files: u64,
    pub bytes: u64,
}

impl Scanner {
    pub fn new(keep: Vec<String>) -> Self {
        Scanner { keep, hits: Vec::new(), files: 0, bytes: 0 }
    }
}

/// Quick filter before the line-by-line detector: most files hold none of these.
fn may_hold_secret(bytes: &[u8]) -> bool {
    // Access key ids, private keys, and the Docker `auths` map.
    const NEEDLES: [&[u8]; 6] = [b"AKIA", b"ASIA", b"PRIVATE KEY", b"\"auths\"", b"ecret_access_key", b"ecretAccessKey"];
    NEEDLES.iter().any(|n| memchr::memmem::find(bytes, n).is_some())
}

impl Visitor for Scanner {
    fn keep(&self, entry: &Entry) -> bool {
        entry.size <= crate::tree::MAX_KEPT && self.keep.iter().any(|p| path_match(p, &entry.path))
    }

    fn limit(&self, _: &Entry) -> u64 {
        SCAN_LIMIT
    }

    fn file(&mut self, entry: &Entry, contents: &[u8]) {
        self.files += 1;
        self.bytes += contents.len() as u64;
        if contents.is_empty() {
            return;
        }
        for (pattern, kind) in CREDENTIAL_FILES {
            if path_match(pattern, &entry.path) {
                self.hits.push(Hit { path: entry.path.clone(), line: 0, kind: (*kind).to_string() });
            }
        }
        // Binary files: a NUL in the first block.
        if contents.iter().take(8192).any(|b| *b == 0) || !may_hold_secret(contents) {
            return;
        }
        let text = String::from_utf8_lossy(contents);
        if entry.path.ends_with("/.docker/config.json") && text.contains("\"auth\"") {
            self.hits.push(Hit { path: entry.path.clone(), line: 0, kind: "docker-auth".into() });
        }
        let (_, found) = mamori_model::secrets::redact(&text);
        // `password = …` assignments are a signal in user data, but in a
        // filesystem they are mostly code, examples and prompts: files report
        // only keys, which have a recognisable form.
        for h in found.into_iter().filter(|h| h.kind != "password") {
            self.hits.push(Hit { path: entry.path.clone(), line: h.line, kind: h.kind });
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests {
    use super::*;
    use crate::tree::Kind;

    fn entry(path: &str) -> Entry {
        Entry { path: path.into(), kind: Kind::File, size: 10, mode: 0o644 }
    }

    #[test]
    fn finds_kinds_and_never_keeps_values() {
        let mut s = Scanner::new(vec![]);
        s.file(&entry("/opt/app/deploy.sh"), b"#!/bin/sh\nexport AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE\nexport AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n");
        s.file(&entry("/root/.pgpass"), b"db:5432:*:app:hunter2\n");
        s.file(&entry("/home/a/.docker/config.json"), br#"{"auths":{"registry":{"auth":"dXNlcjpwYXNz"}}}"#);
        s.file(&entry("/usr/bin/tool"), b"\x7fELF\0\0AKIAIOSFODNN7EXAMPLE");
        s.file(&entry("/etc/motd"), b"welcome\n");
        let kinds: Vec<(String, usize, String)> = s.hits.iter().map(|h| (h.path.clone(), h.line, h.kind.clone())).collect();
        assert!(kinds.contains(&("/opt/app/deploy.sh".into(), 2, "aws-access-key-id".into())), "{kinds:?}");
        assert!(kinds.contains(&("/opt/app/deploy.sh".into(), 3, "aws-secret-access-key".into())), "{kinds:?}");
        assert!(kinds.contains(&("/root/.pgpass".into(), 0, "pgpass".into())));
        assert!(kinds.contains(&("/home/a/.docker/config.json".into(), 0, "docker-auth".into())));
        assert!(!kinds.iter().any(|k| k.0 == "/usr/bin/tool"), "binary files are skipped");
        let printed = format!("{:?}", s.hits);
        assert!(!printed.contains("wJalrXUt") && !printed.contains("hunter2") && !printed.contains("dXNlcjpw"));
    }
}
