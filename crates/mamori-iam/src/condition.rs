//! The `Condition` element: operators, set qualifiers, `...IfExists`, and
//! how each behaves when its key is missing.
//!
//! A statement's conditions are ANDed across operators and keys; the values
//! listed for one key are ORed. A missing key makes a positive operator
//! false and a negated one (`StringNotEquals`, `NotIpAddress`, ...) true;
//! `...IfExists` makes either true; `Null` tests presence itself.
//! `ForAllValues:` is true when every request value matches (vacuously true
//! for a missing or empty key); `ForAnyValue:` when at least one does
//! (false for a missing key).

use std::net::IpAddr;

use serde_json::Value;

use crate::context::Context;
use crate::pattern::{glob, Pattern, Token};
use crate::policy::{kind_of, ParseError};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Op {
    StringEquals,
    StringNotEquals,
    StringEqualsIgnoreCase,
    StringNotEqualsIgnoreCase,
    StringLike,
    StringNotLike,
    NumericEquals,
    NumericNotEquals,
    NumericLessThan,
    NumericLessThanEquals,
    NumericGreaterThan,
    NumericGreaterThanEquals,
    DateEquals,
    DateNotEquals,
    DateLessThan,
    DateLessThanEquals,
    DateGreaterThan,
    DateGreaterThanEquals,
    Bool,
    BinaryEquals,
    IpAddress,
    NotIpAddress,
    ArnEquals,
    ArnLike,
    ArnNotEquals,
    ArnNotLike,
    Null,
}

const OPS: &[(&str, Op)] = &[
    ("StringEquals", Op::StringEquals),
    ("StringNotEquals", Op::StringNotEquals),
    ("StringEqualsIgnoreCase", Op::StringEqualsIgnoreCase),
    ("StringNotEqualsIgnoreCase", Op::StringNotEqualsIgnoreCase),
    ("StringLike", Op::StringLike),
    ("StringNotLike", Op::StringNotLike),
    ("NumericEquals", Op::NumericEquals),
    ("NumericNotEquals", Op::NumericNotEquals),
    ("NumericLessThan", Op::NumericLessThan),
    ("NumericLessThanEquals", Op::NumericLessThanEquals),
    ("NumericGreaterThan", Op::NumericGreaterThan),
    ("NumericGreaterThanEquals", Op::NumericGreaterThanEquals),
    ("DateEquals", Op::DateEquals),
    ("DateNotEquals", Op::DateNotEquals),
    ("DateLessThan", Op::DateLessThan),
    ("DateLessThanEquals", Op::DateLessThanEquals),
    ("DateGreaterThan", Op::DateGreaterThan),
    ("DateGreaterThanEquals", Op::DateGreaterThanEquals),
    ("Bool", Op::Bool),
    ("BinaryEquals", Op::BinaryEquals),
    ("IpAddress", Op::IpAddress),
    ("NotIpAddress", Op::NotIpAddress),
    ("ArnEquals", Op::ArnEquals),
    ("ArnLike", Op::ArnLike),
    ("ArnNotEquals", Op::ArnNotEquals),
    ("ArnNotLike", Op::ArnNotLike),
    ("Null", Op::Null),
];

impl Op {
    pub fn name(self) -> &'static str {
        OPS.iter().find(|(_, op)| *op == self).map(|(n, _)| *n).unwrap_or("?")
    }

    /// Negated operators are true for a missing key.
    pub fn is_negated(self) -> bool {
        matches!(
            self,
            Op::StringNotEquals
                | Op::StringNotEqualsIgnoreCase
                | Op::StringNotLike
                | Op::NumericNotEquals
                | Op::DateNotEquals
                | Op::NotIpAddress
                | Op::ArnNotEquals
                | Op::ArnNotLike
        )
    }

    /// Operators whose values may use policy variables.
    fn takes_variables(self) -> bool {
        matches!(
            self,
            Op::StringEquals
                | Op::StringNotEquals
                | Op::StringEqualsIgnoreCase
                | Op::StringNotEqualsIgnoreCase
                | Op::StringLike
                | Op::StringNotLike
                | Op::ArnEquals
                | Op::ArnLike
                | Op::ArnNotEquals
                | Op::ArnNotLike
        )
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SetQualifier {
    ForAllValues,
    ForAnyValue,
}

/// One operator applied to one key with its values.
#[derive(Clone, Debug)]
pub struct Condition {
    /// The operator as written (`ForAnyValue:StringLikeIfExists`).
    pub written: String,
    pub op: Op,
    pub set: Option<SetQualifier>,
    pub if_exists: bool,
    /// The key as written.
    pub key_written: String,
    /// The key lowercased.
    pub key: String,
    pub values: Vec<CondValue>,
}

/// A condition value, prepared for its operator.
#[derive(Clone, Debug)]
pub enum CondValue {
    /// String and ARN operators: a pattern (literal for the `Equals` forms,
    /// which still substitute variables).
    Text(Pattern),
    Number(Option<f64>),
    Date(Option<i128>),
    Bool(Option<bool>),
    Cidr(Option<Cidr>),
    /// Unusable value kept as written (reported by the validator).
    Raw(String),
}

/// An IPv4 or IPv6 network.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Cidr {
    pub addr: IpAddr,
    pub prefix: u8,
}

impl Cidr {
    pub fn parse(s: &str) -> Option<Cidr> {
        let (addr, prefix) = match s.split_once('/') {
            Some((a, p)) => (a.trim().parse::<IpAddr>().ok()?, Some(p.trim().parse::<u8>().ok()?)),
            None => (s.trim().parse::<IpAddr>().ok()?, None),
        };
        let max = if addr.is_ipv4() { 32 } else { 128 };
        let prefix = prefix.unwrap_or(max);
        (prefix <= max).then_some(Cidr { addr, prefix })
    }

    pub fn contains(&self, ip: IpAddr) -> bool {
        match (self.addr, ip) {
            (IpAddr::V4(net), IpAddr::V4(ip)) => {
                let mask = u32::MAX.checked_shl(32 - u32::from(self.prefix)).unwrap_or(0);
                u32::from(net) & mask == u32::from(ip) & mask
            }
            (IpAddr::V6(net), IpAddr::V6(ip)) => {
                let mask = u128::MAX.checked_shl(128 - u32::from(self.prefix)).unwrap_or(0);
                u128::from(net) & mask == u128::from(ip) & mask
            }
            _ => false,
        }
    }

    /// Whether this is `0.0.0.0/0` or `::/0`.
    pub fn is_everything(&self) -> bool {
        self.prefix == 0
    }
}

/// Reads an operator name with its qualifiers.
pub fn parse_operator(name: &str) -> Option<(Option<SetQualifier>, Op, bool)> {
    let (set, rest) = if let Some(r) = name.strip_prefix("ForAllValues:") {
        (Some(SetQualifier::ForAllValues), r)
    } else if let Some(r) = name.strip_prefix("ForAnyValue:") {
        (Some(SetQualifier::ForAnyValue), r)
    } else {
        (None, name)
    };
    let (base, if_exists) = match rest.strip_suffix("IfExists") {
        Some(b) => (b, true),
        None => (rest, false),
    };
    let op = OPS.iter().find(|(n, _)| *n == base).map(|(_, op)| *op)?;
    if op == Op::Null && if_exists {
        return None;
    }
    Some((set, op, if_exists))
}

pub(crate) fn parse_block(v: &Value, at: &str, vars: bool) -> Result<Vec<Condition>, ParseError> {
    let Some(ops) = v.as_object() else {
        return Err(ParseError::new(at, format!("`Condition` must be an object, found {}", kind_of(v))));
    };
    let mut out = Vec::new();
    for (name, keys) in ops {
        let at_op = format!("{at}.{name}");
        let Some((set, op, if_exists)) = parse_operator(name) else {
            return Err(ParseError::new(&at_op, format!("unknown condition operator `{name}`")));
        };
        let Some(keys) = keys.as_object() else {
            return Err(ParseError::new(&at_op, format!("a condition operator takes an object of keys, found {}", kind_of(keys))));
        };
        for (key, values) in keys {
            let at_key = format!("{at_op}.{key}");
            let raw = scalar_list(values, &at_key)?;
            let values = raw.iter().map(|s| prepare(op, s, vars && op.takes_variables(), &at_key)).collect::<Result<Vec<_>, _>>()?;
            out.push(Condition {
                written: name.clone(),
                op,
                set,
                if_exists,
                key_written: key.clone(),
                key: key.to_ascii_lowercase(),
                values,
            });
        }
    }
    Ok(out)
}

/// Condition values: strings, numbers or booleans, one or a list.
fn scalar_list(v: &Value, at: &str) -> Result<Vec<String>, ParseError> {
    let one = |v: &Value, at: &str| -> Result<String, ParseError> {
        match v {
            Value::String(s) => Ok(s.clone()),
            Value::Bool(b) => Ok(b.to_string()),
            Value::Number(n) => Ok(n.to_string()),
            other => Err(ParseError::new(at, format!("a condition value must be a string, number or boolean, found {}", kind_of(other)))),
        }
    };
    match v {
        Value::Array(list) => list.iter().enumerate().map(|(i, item)| one(item, &format!("{at}[{i}]"))).collect(),
        other => Ok(vec![one(other, at)?]),
    }
}

fn prepare(op: Op, s: &str, vars: bool, at: &str) -> Result<CondValue, ParseError> {
    Ok(match op {
        Op::StringEquals | Op::StringNotEquals | Op::StringEqualsIgnoreCase | Op::StringNotEqualsIgnoreCase | Op::BinaryEquals => {
            // Equality: `*` and `?` are literal; only variables are substituted.
            CondValue::Text(Pattern::compile_exact(s, vars).map_err(|e| ParseError::new(at, e.0))?)
        }
        Op::StringLike | Op::StringNotLike | Op::ArnEquals | Op::ArnLike | Op::ArnNotEquals | Op::ArnNotLike => {
            CondValue::Text(Pattern::compile(s, vars, false).map_err(|e| ParseError::new(at, e.0))?)
        }
        Op::NumericEquals
        | Op::NumericNotEquals
        | Op::NumericLessThan
        | Op::NumericLessThanEquals
        | Op::NumericGreaterThan
        | Op::NumericGreaterThanEquals => CondValue::Number(parse_number(s)),
        Op::DateEquals
        | Op::DateNotEquals
        | Op::DateLessThan
        | Op::DateLessThanEquals
        | Op::DateGreaterThan
        | Op::DateGreaterThanEquals => CondValue::Date(parse_date(s)),
        Op::Bool | Op::Null => CondValue::Bool(parse_bool(s)),
        Op::IpAddress | Op::NotIpAddress => CondValue::Cidr(Cidr::parse(s)),
    })
    .map(|v| match v {
        CondValue::Number(None) | CondValue::Date(None) | CondValue::Bool(None) | CondValue::Cidr(None) => CondValue::Raw(s.to_string()),
        other => other,
    })
}

pub fn parse_number(s: &str) -> Option<f64> {
    let t = s.trim();
    if t.is_empty() {
        return None;
    }
    t.parse::<f64>().ok().filter(|n| n.is_finite())
}

/// Seconds since the epoch (ISO 8601 date or date-time, or epoch seconds), as nanoseconds.
pub fn parse_date(s: &str) -> Option<i128> {
    let t = s.trim();
    if !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit()) {
        return t.parse::<i64>().ok().map(|secs| i128::from(secs) * 1_000_000_000);
    }
    if let Ok(ts) = t.parse::<jiff::Timestamp>() {
        return Some(ts.as_nanosecond());
    }
    if let Ok(dt) = t.parse::<jiff::civil::DateTime>() {
        return dt.to_zoned(jiff::tz::TimeZone::UTC).ok().map(|z| z.timestamp().as_nanosecond());
    }
    if let Ok(d) = t.parse::<jiff::civil::Date>() {
        return d.to_zoned(jiff::tz::TimeZone::UTC).ok().map(|z| z.timestamp().as_nanosecond());
    }
    None
}

pub fn parse_bool(s: &str) -> Option<bool> {
    if s.eq_ignore_ascii_case("true") {
        Some(true)
    } else if s.eq_ignore_ascii_case("false") {
        Some(false)
    } else {
        None
    }
}

impl Condition {
    /// Whether the condition holds for the request context.
    pub fn holds(&self, cx: &Context) -> bool {
        let present = cx.get(&self.key);
        if self.op == Op::Null {
            // `Null: true` — the key is absent; `false` — it is present.
            let absent = present.is_none_or(<[String]>::is_empty);
            return self.values.iter().any(|v| match v {
                CondValue::Bool(Some(want)) => *want == absent,
                _ => false,
            });
        }
        match self.set {
            Some(SetQualifier::ForAllValues) => match present {
                None => true,
                Some(vals) => vals.iter().all(|v| self.one(v, cx)),
            },
            Some(SetQualifier::ForAnyValue) => match present {
                None => self.if_exists,
                Some(vals) => vals.iter().any(|v| self.one(v, cx)),
            },
            None => match present {
                None | Some([]) => self.if_exists || self.op.is_negated(),
                Some(vals) => {
                    if self.op.is_negated() {
                        // A negated operator: no request value matches any listed value.
                        vals.iter().all(|v| self.one(v, cx))
                    } else {
                        vals.iter().any(|v| self.one(v, cx))
                    }
                }
            },
        }
    }

    /// The operator applied to one request value against all listed values:
    /// positive operators — it matches one of them; negated — it matches none.
    fn one(&self, request: &str, cx: &Context) -> bool {
        let positive = |v: &CondValue| -> bool {
            match (self.op, v) {
                (Op::StringEquals | Op::StringNotEquals | Op::BinaryEquals, CondValue::Text(p)) => p.matches(request, cx),
                (Op::StringEqualsIgnoreCase | Op::StringNotEqualsIgnoreCase, CondValue::Text(p)) => match p.resolved_text(cx) {
                    Some(want) => want.to_lowercase() == request.to_lowercase(),
                    None => false,
                },
                (Op::StringLike | Op::StringNotLike, CondValue::Text(p)) => p.matches(request, cx),
                (Op::ArnEquals | Op::ArnLike | Op::ArnNotEquals | Op::ArnNotLike, CondValue::Text(p)) => arn_like(p, request, cx),
                (_, CondValue::Number(Some(want))) => match parse_number(request) {
                    Some(got) => compare(self.op, got.partial_cmp(want)),
                    None => false,
                },
                (_, CondValue::Date(Some(want))) => match parse_date(request) {
                    Some(got) => compare(self.op, Some(got.cmp(want))),
                    None => false,
                },
                (Op::Bool, CondValue::Bool(Some(want))) => parse_bool(request) == Some(*want),
                (Op::IpAddress | Op::NotIpAddress, CondValue::Cidr(Some(net))) => {
                    request.trim().parse::<IpAddr>().is_ok_and(|ip| net.contains(ip))
                }
                _ => false,
            }
        };
        let any = self.values.iter().any(positive);
        if self.op.is_negated() {
            !any
        } else {
            any
        }
    }
}

fn compare(op: Op, ord: Option<std::cmp::Ordering>) -> bool {
    use std::cmp::Ordering::*;
    let Some(ord) = ord else { return false };
    match op {
        Op::NumericEquals | Op::DateEquals => ord == Equal,
        // The negated forms compute the positive comparison; `one` negates it.
        Op::NumericNotEquals | Op::DateNotEquals => ord == Equal,
        Op::NumericLessThan | Op::DateLessThan => ord == Less,
        Op::NumericLessThanEquals | Op::DateLessThanEquals => ord != Greater,
        Op::NumericGreaterThan | Op::DateGreaterThan => ord == Greater,
        Op::NumericGreaterThanEquals | Op::DateGreaterThanEquals => ord != Less,
        _ => false,
    }
}

/// ARN comparison: the six colon-separated parts matched one by one, so a
/// wildcard does not cross a colon (the resource part keeps its colons).
fn arn_like(p: &Pattern, request: &str, cx: &Context) -> bool {
    if p.is_any() {
        return true;
    }
    let Some(tokens) = p.resolve(cx) else { return false };
    // Split the pattern's tokens at its first five colons.
    let mut parts: Vec<Vec<Token>> = vec![Vec::new()];
    for t in tokens.iter() {
        match t {
            Token::Lit(s) => {
                let mut rest = s.as_str();
                while parts.len() < 6 {
                    let Some((head, tail)) = rest.split_once(':') else { break };
                    if let Some(last) = parts.last_mut() {
                        if !head.is_empty() {
                            last.push(Token::Lit(head.to_string()));
                        }
                    }
                    parts.push(Vec::new());
                    rest = tail;
                }
                if let Some(last) = parts.last_mut() {
                    if !rest.is_empty() {
                        last.push(Token::Lit(rest.to_string()));
                    }
                }
            }
            other => {
                if let Some(last) = parts.last_mut() {
                    last.push(other.clone());
                }
            }
        }
    }
    let req_parts: Vec<&str> = request.splitn(6, ':').collect();
    parts.len() == 6 && req_parts.len() == 6 && parts.iter().zip(req_parts.iter()).all(|(pp, rp)| glob(pp, rp))
}
