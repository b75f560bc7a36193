//! Policy documents: the AST and the parser.
//!
//! One parser reads every kind of policy (identity, resource, trust, SCP,
//! RCP, boundary, session) in AWS's flexible shapes: `Statement` an object or
//! a list, every list element a string or a list of strings, `Version`
//! `2012-10-17`, `2008-10-17` or absent (then policy variables are literal
//! text, as AWS treats them). Kind-specific rules (a Principal where none is
//! allowed, a missing Resource) are the validator's, so that a policy AWS
//! would reject is still read and explained. Errors name the JSON path.

use serde_json::Value;

use crate::condition::{self, Condition};
use crate::pattern::Pattern;

/// Which language version a policy is written in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Version {
    /// `2012-10-17`: policy variables are substituted.
    V2012,
    /// `2008-10-17`, or no `Version`: `${...}` is literal text.
    V2008,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Effect {
    Allow,
    Deny,
}

impl Effect {
    pub fn as_str(self) -> &'static str {
        match self {
            Effect::Allow => "Allow",
            Effect::Deny => "Deny",
        }
    }
}

/// A parsed policy document.
#[derive(Clone, Debug)]
pub struct Policy {
    pub version: Version,
    /// Whether `Version` was written at all.
    pub version_given: bool,
    pub id: Option<String>,
    /// Whether `Statement` was written as a list (paths are then `Statement[i]`).
    pub statement_list: bool,
    pub statements: Vec<Statement>,
}

/// One statement.
#[derive(Clone, Debug)]
pub struct Statement {
    /// Position in the `Statement` list (0 when `Statement` is one object).
    pub index: usize,
    pub sid: Option<String>,
    pub effect: Effect,
    /// `Principal` or `NotPrincipal`; `None` when neither is written.
    pub principal: Option<Principals>,
    /// `Action` or `NotAction`; patterns are lowercased.
    pub action: Option<Actions>,
    /// `Resource` or `NotResource`; `None` when neither is written
    /// (resource-based policies: the resource the policy is attached to).
    pub resource: Option<Resources>,
    pub conditions: Vec<Condition>,
}

impl Statement {
    /// An unconditional `Allow` of every action (`*` or `*:*`) on every resource.
    pub fn grants_everything(&self) -> bool {
        self.effect == Effect::Allow
            && self.conditions.is_empty()
            && self.action.as_ref().is_some_and(|a| !a.negated && a.patterns.iter().any(|p| p.is_any() || p.source == "*:*"))
            && self.resource.as_ref().is_none_or(|r| !r.negated && r.patterns.iter().any(|p| p.is_any()))
    }

    /// `Sid` or `#index`, for explanations.
    pub fn label(&self) -> String {
        match &self.sid {
            Some(s) if !s.is_empty() => s.clone(),
            _ => format!("#{}", self.index),
        }
    }
}

#[derive(Clone, Debug)]
pub struct Actions {
    pub negated: bool,
    pub patterns: Vec<Pattern>,
}

#[derive(Clone, Debug)]
pub struct Resources {
    pub negated: bool,
    pub patterns: Vec<Pattern>,
}

/// `Principal` / `NotPrincipal`.
#[derive(Clone, Debug)]
pub struct Principals {
    pub negated: bool,
    /// `"Principal": "*"`.
    pub any: bool,
    pub entries: Vec<PrincipalEntry>,
}

/// One principal named in a policy.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PrincipalEntry {
    pub kind: PrincipalKind,
    pub value: String,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum PrincipalKind {
    Aws,
    Service,
    Federated,
    CanonicalUser,
}

impl PrincipalKind {
    pub fn as_str(self) -> &'static str {
        match self {
            PrincipalKind::Aws => "AWS",
            PrincipalKind::Service => "Service",
            PrincipalKind::Federated => "Federated",
            PrincipalKind::CanonicalUser => "CanonicalUser",
        }
    }
}

/// A policy that could not be read, and where.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{path}: {message}")]
pub struct ParseError {
    /// JSON path of the offending element, e.g. `Statement[1].Condition.StringLike`.
    pub path: String,
    pub message: String,
}

impl ParseError {
    pub(crate) fn new(path: &str, message: impl Into<String>) -> ParseError {
        ParseError { path: if path.is_empty() { "$".to_string() } else { path.to_string() }, message: message.into() }
    }
}

impl Policy {
    /// Parses policy text (JSON). Syntax errors give line and column.
    pub fn parse_str(text: &str) -> Result<Policy, ParseError> {
        let value: Value = serde_json::from_str(text)
            .map_err(|e| ParseError::new("$", format!("invalid JSON at line {} column {}: {e}", e.line(), e.column())))?;
        Policy::parse(&value)
    }

    /// Parses a decoded policy document.
    pub fn parse(doc: &Value) -> Result<Policy, ParseError> {
        let Some(obj) = doc.as_object() else {
            return Err(ParseError::new("$", format!("a policy must be a JSON object, found {}", kind_of(doc))));
        };
        let mut version = Version::V2008;
        let mut version_given = false;
        let mut id = None;
        let mut statements = None;
        for (k, v) in obj {
            match k.as_str() {
                "Version" => {
                    version_given = true;
                    version = match v.as_str() {
                        Some("2012-10-17") => Version::V2012,
                        Some("2008-10-17") => Version::V2008,
                        _ => {
                            return Err(ParseError::new(
                                "Version",
                                format!("`Version` must be `2012-10-17` or `2008-10-17`, found {}", show(v)),
                            ))
                        }
                    }
                }
                "Id" => id = Some(string(v, "Id")?.to_string()),
                "Statement" => statements = Some(v),
                other => return Err(ParseError::new(other, format!("unknown policy element `{other}`"))),
            }
        }
        let Some(statements) = statements else {
            return Err(ParseError::new("$", "the policy has no `Statement`"));
        };
        let statement_list = statements.is_array();
        let vars = version == Version::V2012;
        let statements = match statements {
            Value::Array(list) => list
                .iter()
                .enumerate()
                .map(|(i, s)| parse_statement(s, i, &format!("Statement[{i}]"), vars))
                .collect::<Result<Vec<_>, _>>()?,
            Value::Object(_) => vec![parse_statement(statements, 0, "Statement", vars)?],
            other => {
                return Err(ParseError::new("Statement", format!("`Statement` must be an object or a list, found {}", kind_of(other))))
            }
        };
        Ok(Policy { version, version_given, id, statement_list, statements })
    }
}

fn parse_statement(v: &Value, index: usize, path: &str, vars: bool) -> Result<Statement, ParseError> {
    let Some(obj) = v.as_object() else {
        return Err(ParseError::new(path, format!("a statement must be an object, found {}", kind_of(v))));
    };
    let mut st =
        Statement { index, sid: None, effect: Effect::Allow, principal: None, action: None, resource: None, conditions: Vec::new() };
    let mut effect = None;
    for (k, v) in obj {
        let at = format!("{path}.{k}");
        match k.as_str() {
            "Sid" => st.sid = Some(string(v, &at)?.to_string()),
            "Effect" => {
                effect = Some(match v.as_str() {
                    Some("Allow") => Effect::Allow,
                    Some("Deny") => Effect::Deny,
                    _ => return Err(ParseError::new(&at, format!("`Effect` must be `Allow` or `Deny`, found {}", show(v)))),
                })
            }
            "Principal" | "NotPrincipal" => {
                if st.principal.is_some() {
                    return Err(ParseError::new(&at, "a statement has both `Principal` and `NotPrincipal`"));
                }
                st.principal = Some(parse_principal(v, k == "NotPrincipal", &at)?);
            }
            "Action" | "NotAction" => {
                if st.action.is_some() {
                    return Err(ParseError::new(&at, "a statement has both `Action` and `NotAction`"));
                }
                let patterns = strings(v, &at)?.into_iter().map(|s| compile(s, false, true, &at)).collect::<Result<Vec<_>, _>>()?;
                st.action = Some(Actions { negated: k == "NotAction", patterns });
            }
            "Resource" | "NotResource" => {
                if st.resource.is_some() {
                    return Err(ParseError::new(&at, "a statement has both `Resource` and `NotResource`"));
                }
                let patterns = strings(v, &at)?.into_iter().map(|s| compile(s, vars, false, &at)).collect::<Result<Vec<_>, _>>()?;
                st.resource = Some(Resources { negated: k == "NotResource", patterns });
            }
            "Condition" => st.conditions = condition::parse_block(v, &at, vars)?,
            other => return Err(ParseError::new(&at, format!("unknown statement element `{other}`"))),
        }
    }
    match effect {
        Some(e) => st.effect = e,
        None => return Err(ParseError::new(path, "the statement has no `Effect`")),
    }
    if st.action.is_none() {
        return Err(ParseError::new(path, "the statement has no `Action` or `NotAction`"));
    }
    Ok(st)
}

fn compile(s: &str, vars: bool, fold: bool, at: &str) -> Result<Pattern, ParseError> {
    Pattern::compile(s, vars, fold).map_err(|e| ParseError::new(at, e.0))
}

fn parse_principal(v: &Value, negated: bool, at: &str) -> Result<Principals, ParseError> {
    let mut p = Principals { negated, any: false, entries: Vec::new() };
    match v {
        Value::String(s) if s == "*" => p.any = true,
        Value::Object(map) => {
            for (k, v) in map {
                let kind = match k.as_str() {
                    "AWS" => PrincipalKind::Aws,
                    "Service" => PrincipalKind::Service,
                    "Federated" => PrincipalKind::Federated,
                    "CanonicalUser" => PrincipalKind::CanonicalUser,
                    other => {
                        return Err(ParseError::new(
                            &format!("{at}.{other}"),
                            format!("unknown principal type `{other}` (expected AWS, Service, Federated or CanonicalUser)"),
                        ))
                    }
                };
                for value in strings(v, &format!("{at}.{k}"))? {
                    if kind == PrincipalKind::Aws && value == "*" {
                        // `{"AWS": "*"}` is everyone, as `"*"` is.
                        p.any = true;
                    } else {
                        p.entries.push(PrincipalEntry { kind, value: value.to_string() });
                    }
                }
            }
        }
        other => {
            return Err(ParseError::new(at, format!("a principal must be `\"*\"` or an object, found {}", show(other))));
        }
    }
    Ok(p)
}

/// A string element.
pub(crate) fn string<'a>(v: &'a Value, at: &str) -> Result<&'a str, ParseError> {
    v.as_str().ok_or_else(|| ParseError::new(at, format!("expected a string, found {}", kind_of(v))))
}

/// A string or a list of strings.
pub(crate) fn strings<'a>(v: &'a Value, at: &str) -> Result<Vec<&'a str>, ParseError> {
    match v {
        Value::String(s) => Ok(vec![s.as_str()]),
        Value::Array(list) => list
            .iter()
            .enumerate()
            .map(|(i, item)| {
                item.as_str().ok_or_else(|| ParseError::new(&format!("{at}[{i}]"), format!("expected a string, found {}", kind_of(item))))
            })
            .collect(),
        other => Err(ParseError::new(at, format!("expected a string or a list of strings, found {}", kind_of(other)))),
    }
}

pub(crate) fn kind_of(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "a list",
        Value::Object(_) => "an object",
    }
}

fn show(v: &Value) -> String {
    match v {
        Value::String(s) => format!("`{s}`"),
        other => kind_of(other).to_string(),
    }
}
