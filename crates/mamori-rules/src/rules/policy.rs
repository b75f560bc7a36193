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
    mamori_model::wildcard::matches(pattern, text, case_insensitive)
}

/// Whether the statement's principal is everyone (`"*"` or `{"AWS": "*"}`).
pub fn principal_is_anyone(stmt: &Map<String, Value>) -> bool {
    match stmt.get("Principal") {
        Some(Value::String(s)) => s == "*",
        Some(Value::Object(o)) => strings(o.get("AWS")).contains(&"*"),
        _ => false,
    }
}
