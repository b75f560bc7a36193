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

/// What the resource-based policy of `arn` exposes, judged by the IAM
/// engine: `Ok(None)` when the resource has no policy, `Err` with the parse
/// error when its policy cannot be read.
pub fn exposure(cx: &crate::Cx, arn: &str, owner: &str) -> Result<Option<mamori_iam::exposure::Exposure>, String> {
    let model = &cx.iam().model;
    let Some(i) = model.resource_for(arn).and_then(|r| r.policy) else { return Ok(None) };
    let Some(p) = model.policy(i) else { return Ok(None) };
    match &p.policy {
        Some(policy) => Ok(Some(mamori_iam::exposure::analyze(policy, owner))),
        None => Err(p.error.clone().unwrap_or_default()),
    }
}

/// An unreadable resource policy as the reason a check cannot decide.
pub fn unreadable_policy(operation: &str, error: String) -> crate::finding::Reason {
    crate::finding::Reason {
        operation: operation.to_string(),
        kind: "incomplete".to_string(),
        code: "MalformedPolicy".to_string(),
        detail: error,
    }
}

/// Public grants and restricted grants, as evidence lines.
pub fn grant_lines(x: &mamori_iam::exposure::Exposure) -> (Vec<String>, Vec<String>) {
    use mamori_iam::exposure::Reach;
    let public = x.public().map(|g| format!("{} ({}: {})", g.statement, g.principals.join(", "), g.actions.join(", "))).collect();
    let restricted = x
        .restricted()
        .filter_map(|g| match &g.reach {
            Reach::Restricted(r) => Some(format!("{} ({}): {}", g.statement, g.principals.join(", "), r.join("; "))),
            _ => None,
        })
        .collect();
    (public, restricted)
}

/// Judges the resource policy of `arn` (owned by `at.account`) for grants to anyone: `unknown` when
/// the read failed or the policy cannot be parsed, `fail` when a grant is
/// public and nothing (`blocked`) stops it. Returns the finding, with the
/// public and restricted statements as evidence, and the public ones.
pub fn judge_public<'o>(
    cx: &crate::Cx,
    out: &'o mut crate::finding::Out,
    at: crate::finding::At,
    arn: String,
    read: Result<(), crate::finding::Reason>,
    operation: &str,
    blocked: bool,
) -> Option<(&'o mut crate::finding::Finding, Vec<String>)> {
    let x = match exposure(cx, &arn, at.account) {
        Ok(x) => x,
        Err(e) => {
            out.unknown(at, arn, unreadable_policy(operation, e));
            return None;
        }
    };
    let (public, restricted) = x.as_ref().map(grant_lines).unwrap_or_default();
    let f = out
        .judge(at, arn, read.map(|()| !public.is_empty() && !blocked))
        .ev("public_statements", public.clone())
        .ev("restricted_statements", restricted);
    Some((f, public))
}
