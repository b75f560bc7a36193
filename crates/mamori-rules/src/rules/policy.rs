//! Structural reading of policy documents for the posture rules that only
//! need to find one well-formed statement (S3-007's TLS deny). Judging what
//! a policy grants is the IAM engine's job, not this module's.

use serde_json::{Map, Value};

/// The statements of a policy document (`Statement` may be one object or a list).
pub fn statements(doc: &Value) -> Vec<&Map<String, Value>> {
    match doc.get("Statement") {
        Some(Value::Array(list)) => list.iter().filter_map(Value::as_object).collect(),
        Some(Value::Object(one)) => vec![one],
        _ => Vec::new(),
    }
}

/// A field that may be a string or a list of strings.
pub fn strings(v: Option<&Value>) -> Vec<&str> {
    match v {
        Some(Value::String(s)) => vec![s.as_str()],
        Some(Value::Array(list)) => list.iter().filter_map(Value::as_str).collect(),
        _ => Vec::new(),
    }
}

/// IAM wildcard match: `*` any run, `?` one character.
pub fn wildcard(pattern: &str, text: &str, case_insensitive: bool) -> bool {
    let fold = |s: &str| if case_insensitive { s.to_ascii_lowercase() } else { s.to_string() };
    let (p, t): (Vec<char>, Vec<char>) = (fold(pattern).chars().collect(), fold(text).chars().collect());
    let (mut pi, mut ti, mut star, mut mark) = (0usize, 0usize, None, 0usize);
    while ti < t.len() {
        match p.get(pi) {
            Some('*') => {
                star = Some(pi);
                mark = ti;
                pi += 1;
            }
            Some(c) if *c == '?' || Some(c) == t.get(ti) => {
                pi += 1;
                ti += 1;
            }
            _ => match star {
                Some(s) => {
                    pi = s + 1;
                    mark += 1;
                    ti = mark;
                }
                None => return false,
            },
        }
    }
    p.get(pi..).is_some_and(|rest| rest.iter().all(|c| *c == '*'))
}

/// Whether the statement's principal is everyone (`"*"` or `{"AWS": "*"}`).
pub fn principal_is_anyone(stmt: &Map<String, Value>) -> bool {
    match stmt.get("Principal") {
        Some(Value::String(s)) => s == "*",
        Some(Value::Object(o)) => strings(o.get("AWS")).contains(&"*"),
        _ => false,
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests {
    use super::*;

    #[test]
    fn wildcards() {
        assert!(wildcard("s3:*", "S3:GetObject", true));
        assert!(wildcard("s3:Get?bject", "s3:GetObject", false));
        assert!(!wildcard("s3:Put*", "s3:GetObject", true));
        assert!(wildcard("arn:aws:s3:::b/*", "arn:aws:s3:::b/a/b/c", false));
        assert!(!wildcard("arn:aws:s3:::B/*", "arn:aws:s3:::b/x", false));
    }
}
