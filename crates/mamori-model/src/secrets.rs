//! Finding and masking secrets in text the collector stores (instance user
//! data). The snapshot never holds a secret value: each is replaced by a
//! `«redacted:KIND»` marker and listed as a [`SecretHit`] with its line.

use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SecretHit {
    /// `aws-access-key-id`, `aws-secret-access-key`, `private-key`, `password`.
    pub kind: String,
    /// 1-based line in the decoded text.
    pub line: usize,
}

/// Masks every secret in `text`, returning the masked text and the hits.
pub fn redact(text: &str) -> (String, Vec<SecretHit>) {
    let mut out = String::with_capacity(text.len());
    let mut hits = Vec::new();
    let mut in_private_key = false;
    for (index, line) in text.split_inclusive('\n').enumerate() {
        let number = index + 1;
        if in_private_key {
            if line.contains("-----END") {
                in_private_key = false;
                out.push_str(line);
            } else if line.ends_with('\n') {
                out.push('\n');
            }
            continue;
        }
        if line.contains("-----BEGIN") && line.contains("PRIVATE KEY") {
            hits.push(SecretHit { kind: "private-key".into(), line: number });
            out.push_str(line.trim_end_matches('\n'));
            out.push_str(" «redacted:private-key»");
            if line.ends_with('\n') {
                out.push('\n');
            }
            in_private_key = !line.contains("-----END");
            continue;
        }
        out.push_str(&redact_line(line, number, &mut hits));
    }
    (out, hits)
}

fn redact_line(line: &str, number: usize, hits: &mut Vec<SecretHit>) -> String {
    let mut line = line.to_string();
    // Access key ids: AKIA/ASIA followed by 16 upper-case letters or digits.
    let mut search = 0;
    while let Some(found) = find_key_id(&line, search) {
        hits.push(SecretHit { kind: "aws-access-key-id".into(), line: number });
        let marker = "«redacted:aws-access-key-id»";
        line.replace_range(found..found + 20, marker);
        search = found + marker.len();
    }
    // `key = value` assignments whose key names a secret.
    let lower = line.to_ascii_lowercase();
    const NAMES: [(&str, &str); 6] = [
        ("aws_secret_access_key", "aws-secret-access-key"),
        ("secretaccesskey", "aws-secret-access-key"),
        ("aws_session_token", "aws-session-token"),
        ("password", "password"),
        ("passwd", "password"),
        ("secret", "secret"),
    ];
    for (name, kind) in NAMES {
        let Some(at) = lower.find(name) else { continue };
        let rest = &line[at + name.len()..];
        let Some(sep) = rest.find(['=', ':']) else { continue };
        // Only a separator right after the name (with optional quotes/space).
        if !rest[..sep].chars().all(|c| c.is_whitespace() || c == '"' || c == '\'' || c == '_') {
            continue;
        }
        let value_start = at + name.len() + sep + 1;
        let value = line[value_start..].trim_matches(|c: char| c.is_whitespace() || c == '"' || c == '\'' || c == ',');
        if value.is_empty() || value.starts_with('«') || value.starts_with('$') {
            continue;
        }
        hits.push(SecretHit { kind: kind.into(), line: number });
        let newline = if line.ends_with('\n') { "\n" } else { "" };
        line.truncate(value_start);
        line.push_str(&format!(" «redacted:{kind}»{newline}"));
        break;
    }
    line
}

fn find_key_id(text: &str, from: usize) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut i = from;
    while i + 20 <= bytes.len() {
        let window = bytes.get(i..i + 20)?;
        let prefix_ok = window.starts_with(b"AKIA") || window.starts_with(b"ASIA");
        let boundary_ok = i == 0 || !bytes.get(i - 1).is_some_and(u8::is_ascii_alphanumeric);
        let after_ok = !bytes.get(i + 20).is_some_and(u8::is_ascii_alphanumeric);
        if prefix_ok && boundary_ok && after_ok && window.iter().skip(4).all(|b| b.is_ascii_uppercase() || b.is_ascii_digit()) {
            return Some(i);
        }
        i += 1;
    }
    None
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests {
    use super::*;

    #[test]
    fn masks_keys_passwords_and_private_keys() {
        let text = "#!/bin/bash\nexport AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE\nexport AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\nDB_PASSWORD='hunter2'\n-----BEGIN RSA PRIVATE KEY-----\nMIIEow\nabc\n-----END RSA PRIVATE KEY-----\necho done\n";
        let (masked, hits) = redact(text);
        assert!(!masked.contains("AKIAIOSFODNN7EXAMPLE"), "{masked}");
        assert!(!masked.contains("wJalrXUtnFEMI"), "{masked}");
        assert!(!masked.contains("hunter2"), "{masked}");
        assert!(!masked.contains("MIIEow"), "{masked}");
        assert!(masked.contains("echo done"));
        let kinds: Vec<_> = hits.iter().map(|h| (h.kind.as_str(), h.line)).collect();
        assert_eq!(kinds, vec![("aws-access-key-id", 2), ("aws-secret-access-key", 3), ("password", 4), ("private-key", 5)]);
        assert_eq!(masked.lines().count(), text.lines().count());
    }

    #[test]
    fn leaves_ordinary_text_alone() {
        let text = "yum install -y httpd\nsystemctl start httpd\npassword_file=$SECRET_PATH\n";
        let (masked, hits) = redact(text);
        assert_eq!(masked, text);
        assert!(hits.is_empty());
    }

    #[test]
    fn handles_any_utf8_without_panicking() {
        for text in ["", "é", "password:", "AKIA", "«», password=«x»", "secret=\u{1F600}", "-----BEGIN PRIVATE KEY-----"] {
            let _ = redact(text);
        }
    }
}
