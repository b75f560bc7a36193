//! Sigma rules: loading, compiling and evaluating them on CloudTrail events.
//!
//! Implements the parts of the Sigma specification that log-source rules
//! use: selections as maps (AND) or lists of maps (OR), keyword lists, value
//! lists (OR, or AND with `|all`), wildcards `*` `?` with `\` escapes, the
//! modifiers `contains`, `startswith`, `endswith`, `all`, `re` (with `i`, `m`,
//! `s`), `cidr`, `exists`, `fieldref`, `cased`, `gt`, `gte`, `lt`, `lte`,
//! `base64`, and conditions with `and`, `or`, `not`, parentheses,
//! `1 of`/`any of`/`all of` over names with wildcards or `them`. String
//! matching is case-insensitive unless `cased`; regular expressions are
//! case-sensitive unless `i`, as the specification says. A modifier or
//! construct outside this list is an error naming the rule and the field,
//! never a silent mismatch.

use std::collections::BTreeSet;
use std::fmt;
use std::net::IpAddr;
use std::path::Path;

use base64::Engine as _;
use serde_yaml::Value as Y;

use crate::event::{Event, FieldId, Fields, Got, Val};

/// How serious an alert is, from the rule's `level`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    Informational,
    Low,
    Medium,
    High,
    Critical,
}

impl Level {
    pub fn parse(s: &str) -> Option<Level> {
        Some(match s.to_ascii_lowercase().as_str() {
            "informational" | "info" => Level::Informational,
            "low" => Level::Low,
            "medium" => Level::Medium,
            "high" => Level::High,
            "critical" => Level::Critical,
            _ => return None,
        })
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Level::Informational => "informational",
            Level::Low => "low",
            Level::Medium => "medium",
            Level::High => "high",
            Level::Critical => "critical",
        }
    }
}

/// A rule that could not be loaded.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{file}: {message}")]
pub struct RuleError {
    pub file: String,
    pub message: String,
}

/// A compiled rule.
#[derive(Debug, Clone)]
pub struct Rule {
    pub title: String,
    pub id: String,
    pub author: String,
    pub level: Level,
    pub status: String,
    pub description: String,
    pub tags: Vec<String>,
    pub references: Vec<String>,
    pub falsepositives: Vec<String>,
    /// Where the rule is published (SigmaHQ's repository for its rules), for attribution.
    pub link: String,
    /// The file it was loaded from.
    pub path: String,
    pub(crate) selections: Vec<(String, Selection)>,
    pub(crate) condition: Cond,
}

#[derive(Debug, Clone)]
pub(crate) enum Selection {
    /// Maps, any of which matches when all of its matchers do.
    Maps(Vec<Vec<Matcher>>),
    /// Values searched for anywhere in the event.
    Keywords(ValueSet),
}

#[derive(Debug, Clone)]
pub(crate) struct Matcher {
    pub(crate) field: FieldId,
    pub(crate) values: ValueSet,
}

#[derive(Debug, Clone)]
pub(crate) struct ValueSet {
    pub(crate) tests: Vec<Test>,
    pub(crate) all: bool,
}

#[derive(Debug, Clone)]
pub(crate) enum Test {
    /// Missing or null.
    Null,
    Exists(bool),
    Str {
        pat: Glob,
        cased: bool,
    },
    Re(regex::Regex),
    Cidr(Cidr),
    Num {
        op: NumOp,
        value: f64,
    },
    FieldRef {
        other: FieldId,
        shape: Shape,
        cased: bool,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum NumOp {
    Gt,
    Gte,
    Lt,
    Lte,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Shape {
    Exact,
    Contains,
    StartsWith,
    EndsWith,
}

#[derive(Debug, Clone)]
pub(crate) enum Cond {
    Sel(usize),
    And(Vec<Cond>),
    Or(Vec<Cond>),
    Not(Box<Cond>),
    AnyOf(Vec<usize>),
    AllOf(Vec<usize>),
}

/// A string pattern: literal pieces separated by `*` and `?`, stored
/// lower-cased when matching is case-insensitive.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Glob {
    pub(crate) pieces: Vec<Piece>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Piece {
    Lit(String),
    Star,
    One,
}

impl Glob {
    /// Parses Sigma's wildcard syntax: `*`, `?`, and `\` escaping `*`, `?`
    /// and `\` (a `\` before anything else is literal).
    fn parse(s: &str, lower: bool) -> Glob {
        let mut pieces = Vec::new();
        let mut lit = String::new();
        let mut chars = s.chars().peekable();
        while let Some(c) = chars.next() {
            match c {
                '\\' if matches!(chars.peek(), Some('*' | '?' | '\\')) => {
                    if let Some(n) = chars.next() {
                        lit.push(n);
                    }
                }
                '*' | '?' => {
                    if !lit.is_empty() {
                        pieces.push(Piece::Lit(std::mem::take(&mut lit)));
                    }
                    if c == '*' {
                        if pieces.last() != Some(&Piece::Star) {
                            pieces.push(Piece::Star);
                        }
                    } else {
                        pieces.push(Piece::One);
                    }
                }
                c => lit.push(c),
            }
        }
        if !lit.is_empty() {
            pieces.push(Piece::Lit(lit));
        }
        if lower {
            for p in &mut pieces {
                if let Piece::Lit(l) = p {
                    *l = l.to_lowercase();
                }
            }
        }
        Glob { pieces }
    }

    fn literal(s: &str, lower: bool) -> Glob {
        let l = if lower { s.to_lowercase() } else { s.to_string() };
        Glob { pieces: if l.is_empty() { Vec::new() } else { vec![Piece::Lit(l)] } }
    }

    fn wrap(mut self, shape: Shape) -> Glob {
        if matches!(shape, Shape::Contains | Shape::EndsWith) && self.pieces.first() != Some(&Piece::Star) {
            self.pieces.insert(0, Piece::Star);
        }
        if matches!(shape, Shape::Contains | Shape::StartsWith) && self.pieces.last() != Some(&Piece::Star) {
            self.pieces.push(Piece::Star);
        }
        self
    }

    /// Whether `text` (already lower-cased when the glob is) matches.
    pub fn matches(&self, text: &str) -> bool {
        match self.pieces.as_slice() {
            [] => text.is_empty(),
            [Piece::Lit(l)] => l == text,
            [Piece::Star] => true,
            [Piece::Star, Piece::Lit(l), Piece::Star] => memchr::memmem::find(text.as_bytes(), l.as_bytes()).is_some(),
            [Piece::Lit(l), Piece::Star] => text.starts_with(l.as_str()),
            [Piece::Star, Piece::Lit(l)] => text.ends_with(l.as_str()),
            pieces => glob_general(pieces, text),
        }
    }
}

/// Backtracking match over pieces; `*` backtracks only to the latest star,
/// which keeps it linear in practice.
fn glob_general(pieces: &[Piece], text: &str) -> bool {
    fn go(pieces: &[Piece], text: &str) -> bool {
        match pieces.split_first() {
            None => text.is_empty(),
            Some((Piece::Lit(l), rest)) => text.strip_prefix(l.as_str()).is_some_and(|t| go(rest, t)),
            Some((Piece::One, rest)) => {
                let mut cs = text.chars();
                cs.next().is_some() && go(rest, cs.as_str())
            }
            Some((Piece::Star, rest)) => {
                if rest.is_empty() {
                    return true;
                }
                let mut t = text;
                loop {
                    if go(rest, t) {
                        return true;
                    }
                    let mut cs = t.chars();
                    if cs.next().is_none() {
                        return false;
                    }
                    t = cs.as_str();
                }
            }
        }
    }
    go(pieces, text)
}

/// An IPv4 or IPv6 network.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cidr {
    pub(crate) addr: IpAddr,
    pub(crate) len: u8,
}

impl Cidr {
    pub fn parse(s: &str) -> Option<Cidr> {
        let (a, l) = s.split_once('/').map_or((s, None), |(a, l)| (a, Some(l)));
        let addr: IpAddr = a.trim().parse().ok()?;
        let max = if addr.is_ipv4() { 32 } else { 128 };
        let len = match l {
            Some(l) => l.trim().parse::<u8>().ok().filter(|&n| n <= max)?,
            None => max,
        };
        Some(Cidr { addr, len })
    }

    pub fn contains(&self, ip: IpAddr) -> bool {
        match (self.addr, ip) {
            (IpAddr::V4(n), IpAddr::V4(a)) => prefix_eq(u128::from(u32::from(n)) << 96, u128::from(u32::from(a)) << 96, self.len),
            (IpAddr::V6(n), IpAddr::V6(a)) => prefix_eq(u128::from(n), u128::from(a), self.len),
            _ => false,
        }
    }
}

fn prefix_eq(a: u128, b: u128, len: u8) -> bool {
    if len == 0 {
        return true;
    }
    let mask = u128::MAX << (128 - u32::from(len.min(128)));
    a & mask == b & mask
}

// ---------------------------------------------------------------- loading

/// Loads every `.yml`/`.yaml` file under `dir`. Rules for other log sources
/// are skipped and counted; a rule that cannot be compiled is an error with
/// its file (the others still load).
pub fn load_dir(dir: &Path, fields: &mut Fields) -> Result<Loaded, std::io::Error> {
    let files = crate::input::discover(&[dir.to_path_buf()])?;
    let mut loaded = Loaded::default();
    for f in files {
        let is_yaml = f.extension().and_then(|e| e.to_str()).is_some_and(|e| e == "yml" || e == "yaml");
        if !is_yaml {
            continue;
        }
        let text = match std::fs::read_to_string(&f) {
            Ok(t) => t,
            Err(e) => {
                loaded.errors.push(RuleError { file: f.display().to_string(), message: e.to_string() });
                continue;
            }
        };
        match compile(&text, &f.display().to_string(), fields) {
            Ok(Some(rule)) => loaded.rules.push(rule),
            Ok(None) => loaded.skipped += 1,
            Err(e) => loaded.errors.push(e),
        }
    }
    Ok(loaded)
}

/// The outcome of loading a rule folder.
#[derive(Debug, Default)]
pub struct Loaded {
    pub rules: Vec<Rule>,
    /// Rules for log sources other than CloudTrail.
    pub skipped: usize,
    pub errors: Vec<RuleError>,
}

/// Compiles one rule; `Ok(None)` when its log source is not AWS CloudTrail.
pub fn compile(text: &str, path: &str, fields: &mut Fields) -> Result<Option<Rule>, RuleError> {
    let err = |message: String| RuleError { file: path.to_string(), message };
    let doc: Y = serde_yaml::from_str(text).map_err(|e| err(format!("not valid YAML: {e}")))?;
    let Y::Mapping(top) = &doc else { return Err(err("a rule is a YAML mapping".into())) };
    let get = |k: &str| top.get(Y::String(k.into()));
    let text_of = |k: &str| get(k).and_then(Y::as_str).unwrap_or_default().to_string();
    if let Some(Y::Mapping(ls)) = get("logsource") {
        let product = ls.get(Y::String("product".into())).and_then(Y::as_str);
        let service = ls.get(Y::String("service".into())).and_then(Y::as_str);
        if product.is_some_and(|p| !p.eq_ignore_ascii_case("aws")) || service.is_some_and(|s| !s.eq_ignore_ascii_case("cloudtrail")) {
            return Ok(None);
        }
    }
    let title = text_of("title");
    if title.is_empty() {
        return Err(err("`title` is missing".into()));
    }
    let level = match get("level").and_then(Y::as_str) {
        Some(l) => Level::parse(l).ok_or_else(|| err(format!("`level: {l}` is not one of informational, low, medium, high, critical")))?,
        None => Level::Medium,
    };
    let Some(Y::Mapping(detection)) = get("detection") else { return Err(err("`detection` is missing or not a mapping".into())) };
    let mut selections = Vec::new();
    let mut condition_text = None;
    for (k, v) in detection {
        let Some(name) = k.as_str() else { return Err(err("detection: a key is not a string".into())) };
        match name {
            "condition" => condition_text = Some(v.clone()),
            "timeframe" => return Err(err("detection.timeframe: aggregation rules are not supported".into())),
            _ => {
                let sel = selection(v, fields).map_err(|m| err(format!("detection.{name}: {m}")))?;
                selections.push((name.to_string(), sel));
            }
        }
    }
    let condition = match condition_text {
        Some(Y::String(s)) => parse_condition(&s, &selections).map_err(|m| err(format!("detection.condition: {m}")))?,
        Some(Y::Sequence(list)) => {
            let mut any = Vec::new();
            for c in list {
                let s = c.as_str().ok_or_else(|| err("detection.condition: a list item is not a string".into()))?;
                any.push(parse_condition(s, &selections).map_err(|m| err(format!("detection.condition: {m}")))?);
            }
            Cond::Or(any)
        }
        _ => return Err(err("detection.condition is missing".into())),
    };
    let list = |k: &str| -> Vec<String> {
        match get(k) {
            Some(Y::Sequence(items)) => items.iter().filter_map(scalar_string).collect(),
            Some(v) => scalar_string(v).into_iter().collect(),
            None => Vec::new(),
        }
    };
    let link = sigma_link(path);
    Ok(Some(Rule {
        title,
        id: text_of("id"),
        author: text_of("author"),
        level,
        status: text_of("status"),
        description: text_of("description").trim().to_string(),
        tags: list("tags"),
        references: list("references"),
        falsepositives: list("falsepositives"),
        link,
        path: path.to_string(),
        selections,
        condition,
    }))
}

/// SigmaHQ's address for a rule file from its repository (`.../rules/...`);
/// the file path otherwise.
fn sigma_link(path: &str) -> String {
    let p = path.replace('\\', "/");
    match p.find("/rules/").or_else(|| p.starts_with("rules/").then_some(0)) {
        Some(i) => {
            let rel = p.get(i..).unwrap_or_default().trim_start_matches('/');
            format!("https://github.com/SigmaHQ/sigma/blob/master/{rel}")
        }
        None => p,
    }
}

fn scalar_string(v: &Y) -> Option<String> {
    match v {
        Y::String(s) => Some(s.clone()),
        Y::Number(n) => Some(n.to_string()),
        Y::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

fn selection(v: &Y, fields: &mut Fields) -> Result<Selection, String> {
    match v {
        Y::Mapping(m) => Ok(Selection::Maps(vec![map(m, fields)?])),
        Y::Sequence(items) if items.iter().all(|i| matches!(i, Y::Mapping(_))) => {
            let mut maps = Vec::new();
            for i in items {
                if let Y::Mapping(m) = i {
                    maps.push(map(m, fields)?);
                }
            }
            Ok(Selection::Maps(maps))
        }
        Y::Sequence(_) | Y::String(_) | Y::Number(_) => {
            // Keywords are full-text searches: a value anywhere in a field.
            fields.keep_everything();
            Ok(Selection::Keywords(values(v, &["contains"], fields)?))
        }
        _ => Err("a selection is a mapping, a list of mappings or a list of keywords".into()),
    }
}

fn map(m: &serde_yaml::Mapping, fields: &mut Fields) -> Result<Vec<Matcher>, String> {
    let mut out = Vec::new();
    for (k, v) in m {
        let Some(key) = k.as_str() else { return Err("a field name is not a string".into()) };
        let mut parts = key.split('|');
        let field = parts.next().unwrap_or_default();
        let mods: Vec<&str> = parts.collect();
        if field.is_empty() {
            return Err(format!("`{key}`: keyword modifiers without a field are not supported"));
        }
        let id = fields.intern(field);
        let values = values(v, &mods, fields).map_err(|m| format!("`{key}`: {m}"))?;
        out.push(Matcher { field: id, values });
    }
    Ok(out)
}

fn values(v: &Y, mods: &[&str], fields: &mut Fields) -> Result<ValueSet, String> {
    let mut shape = Shape::Exact;
    let mut all = false;
    let mut cased = false;
    let mut re_flags = String::new();
    let mut kind = None::<&str>;
    let mut b64 = false;
    for m in mods {
        match *m {
            "contains" => shape = Shape::Contains,
            "startswith" => shape = Shape::StartsWith,
            "endswith" => shape = Shape::EndsWith,
            "all" => all = true,
            "cased" => cased = true,
            "base64" => b64 = true,
            "re" | "cidr" | "exists" | "fieldref" | "gt" | "gte" | "lt" | "lte" => {
                if let Some(k) = kind {
                    return Err(format!("modifiers `{k}` and `{m}` cannot be combined"));
                }
                kind = Some(m);
            }
            "i" | "m" | "s" if kind == Some("re") => re_flags.push_str(m),
            other => return Err(format!("modifier `{other}` is not supported")),
        }
    }
    let items: Vec<&Y> = match v {
        Y::Sequence(items) => items.iter().collect(),
        v => vec![v],
    };
    if items.is_empty() {
        return Err("an empty list of values".into());
    }
    let mut tests = Vec::new();
    for item in items {
        let text = match item {
            Y::Null => {
                tests.push(Test::Null);
                continue;
            }
            Y::String(s) => s.clone(),
            Y::Number(n) => n.to_string(),
            Y::Bool(b) => b.to_string(),
            _ => return Err("a value is a string, number, boolean or null".into()),
        };
        let test = match kind {
            Some("re") => {
                let mut pattern = String::new();
                if !re_flags.is_empty() {
                    pattern = format!("(?{re_flags})");
                }
                pattern.push_str(&text);
                Test::Re(regex::Regex::new(&pattern).map_err(|e| format!("bad regular expression: {e}"))?)
            }
            Some("cidr") => Test::Cidr(Cidr::parse(&text).ok_or_else(|| format!("`{text}` is not a CIDR block"))?),
            Some("exists") => match item {
                Y::Bool(b) => Test::Exists(*b),
                _ => return Err("`exists` takes true or false".into()),
            },
            Some("fieldref") => Test::FieldRef { other: fields.intern(&text), shape, cased },
            Some(op @ ("gt" | "gte" | "lt" | "lte")) => {
                let value = text.parse::<f64>().map_err(|_| format!("`{text}` is not a number"))?;
                let op = match op {
                    "gt" => NumOp::Gt,
                    "gte" => NumOp::Gte,
                    "lt" => NumOp::Lt,
                    _ => NumOp::Lte,
                };
                Test::Num { op, value }
            }
            _ => {
                if b64 {
                    let enc = base64::engine::general_purpose::STANDARD.encode(text.as_bytes());
                    Test::Str { pat: Glob::literal(&enc, false).wrap(shape), cased: true }
                } else {
                    Test::Str { pat: Glob::parse(&text, !cased).wrap(shape), cased }
                }
            }
        };
        tests.push(test);
    }
    Ok(ValueSet { tests, all })
}

// ------------------------------------------------------------- conditions

#[derive(Debug, Clone, PartialEq)]
enum Tok {
    And,
    Or,
    Not,
    Open,
    Close,
    Of(bool),
    Word(String),
}

fn tokens(s: &str) -> Result<Vec<Tok>, String> {
    let mut out = Vec::new();
    let mut words = Vec::new();
    let spaced = s.replace('(', " ( ").replace(')', " ) ");
    for w in spaced.split_whitespace() {
        words.push(w.to_string());
    }
    let mut i = 0;
    while let Some(w) = words.get(i) {
        let lw = w.to_ascii_lowercase();
        let next_is_of = words.get(i + 1).is_some_and(|n| n.eq_ignore_ascii_case("of"));
        match lw.as_str() {
            "and" => out.push(Tok::And),
            "or" => out.push(Tok::Or),
            "not" => out.push(Tok::Not),
            "(" => out.push(Tok::Open),
            ")" => out.push(Tok::Close),
            "|" => return Err("aggregations after `|` are not supported".into()),
            "1" | "any" if next_is_of => {
                out.push(Tok::Of(false));
                i += 1;
            }
            "all" if next_is_of => {
                out.push(Tok::Of(true));
                i += 1;
            }
            _ => out.push(Tok::Word(w.clone())),
        }
        i += 1;
    }
    Ok(out)
}

fn parse_condition(s: &str, sels: &[(String, Selection)]) -> Result<Cond, String> {
    let toks = tokens(s)?;
    let mut p = CondParser { toks: &toks, at: 0, sels };
    let c = p.or()?;
    if p.at != toks.len() {
        return Err(format!("unexpected `{}`", p.describe()));
    }
    Ok(c)
}

struct CondParser<'t> {
    toks: &'t [Tok],
    at: usize,
    sels: &'t [(String, Selection)],
}

impl CondParser<'_> {
    fn peek(&self) -> Option<&Tok> {
        self.toks.get(self.at)
    }

    fn describe(&self) -> String {
        match self.peek() {
            Some(Tok::And) => "and".into(),
            Some(Tok::Or) => "or".into(),
            Some(Tok::Not) => "not".into(),
            Some(Tok::Open) => "(".into(),
            Some(Tok::Close) => ")".into(),
            Some(Tok::Of(all)) => (if *all { "all of" } else { "1 of" }).into(),
            Some(Tok::Word(w)) => w.clone(),
            None => "end of condition".into(),
        }
    }

    fn or(&mut self) -> Result<Cond, String> {
        let mut items = vec![self.and()?];
        while self.peek() == Some(&Tok::Or) {
            self.at += 1;
            items.push(self.and()?);
        }
        Ok(if items.len() == 1 { items.remove(0) } else { Cond::Or(items) })
    }

    fn and(&mut self) -> Result<Cond, String> {
        let mut items = vec![self.not()?];
        while self.peek() == Some(&Tok::And) {
            self.at += 1;
            items.push(self.not()?);
        }
        Ok(if items.len() == 1 { items.remove(0) } else { Cond::And(items) })
    }

    fn not(&mut self) -> Result<Cond, String> {
        if self.peek() == Some(&Tok::Not) {
            self.at += 1;
            return Ok(Cond::Not(Box::new(self.not()?)));
        }
        self.atom()
    }

    fn atom(&mut self) -> Result<Cond, String> {
        match self.peek().cloned() {
            Some(Tok::Open) => {
                self.at += 1;
                let c = self.or()?;
                if self.peek() != Some(&Tok::Close) {
                    return Err(format!("expected `)` but found `{}`", self.describe()));
                }
                self.at += 1;
                Ok(c)
            }
            Some(Tok::Of(all)) => {
                self.at += 1;
                let Some(Tok::Word(w)) = self.peek().cloned() else {
                    return Err(format!("expected selection names after `of`, found `{}`", self.describe()));
                };
                self.at += 1;
                let glob = Glob::parse(&w, false);
                let names: Vec<usize> = self
                    .sels
                    .iter()
                    .enumerate()
                    .filter(|(_, (n, _))| (w == "them" && !n.starts_with('_')) || glob.matches(n))
                    .map(|(i, _)| i)
                    .collect();
                if names.is_empty() {
                    return Err(format!("`{w}` names no selection"));
                }
                Ok(if all { Cond::AllOf(names) } else { Cond::AnyOf(names) })
            }
            Some(Tok::Word(w)) => {
                self.at += 1;
                let i = self.sels.iter().position(|(n, _)| *n == w).ok_or_else(|| format!("`{w}` names no selection"))?;
                Ok(Cond::Sel(i))
            }
            _ => Err(format!("expected a selection, found `{}`", self.describe())),
        }
    }
}

// -------------------------------------------------------------- evaluation

impl Rule {
    /// Whether `event` matches.
    pub fn matches(&self, fields: &Fields, event: &Event<'_>) -> bool {
        self.cond(&self.condition, fields, event)
    }

    pub(crate) fn cond(&self, c: &Cond, fields: &Fields, e: &Event<'_>) -> bool {
        match c {
            Cond::Sel(i) => self.sel(*i, fields, e),
            Cond::And(items) => items.iter().all(|c| self.cond(c, fields, e)),
            Cond::Or(items) => items.iter().any(|c| self.cond(c, fields, e)),
            Cond::Not(c) => !self.cond(c, fields, e),
            Cond::AnyOf(ids) => ids.iter().any(|i| self.sel(*i, fields, e)),
            Cond::AllOf(ids) => ids.iter().all(|i| self.sel(*i, fields, e)),
        }
    }

    fn sel(&self, i: usize, fields: &Fields, e: &Event<'_>) -> bool {
        match self.selections.get(i).map(|(_, s)| s) {
            Some(Selection::Maps(maps)) => maps.iter().any(|m| m.iter().all(|mt| mt.matches(fields, e))),
            Some(Selection::Keywords(values)) => e.whole().is_some_and(|w| values.matches_vals(&[w], fields, e)),
            None => false,
        }
    }

    /// The values `field` must have (folded to lower case) for this rule to
    /// match, when its condition proves that it only matches events whose
    /// `field` is one of a few literals; `None` when it does not. Used to
    /// skip rules that cannot match an event.
    pub(crate) fn required_values(&self, field: FieldId) -> Option<BTreeSet<String>> {
        self.required_in(&self.condition, field)
    }

    fn required_in(&self, c: &Cond, field: FieldId) -> Option<BTreeSet<String>> {
        let smallest = |sets: Vec<BTreeSet<String>>| sets.into_iter().min_by_key(BTreeSet::len);
        let union = |sets: Option<Vec<BTreeSet<String>>>| sets.map(|v| v.into_iter().flatten().collect());
        match c {
            Cond::Sel(i) => self.required_by_selection(*i, field),
            Cond::And(items) => smallest(items.iter().filter_map(|c| self.required_in(c, field)).collect()),
            Cond::AllOf(ids) => smallest(ids.iter().filter_map(|i| self.required_by_selection(*i, field)).collect()),
            Cond::Or(items) => union(items.iter().map(|c| self.required_in(c, field)).collect()),
            Cond::AnyOf(ids) => union(ids.iter().map(|i| self.required_by_selection(*i, field)).collect()),
            Cond::Not(_) => None,
        }
    }

    /// Every map of the selection must test `field` for equality with
    /// literals (any of them, no wildcards); their union is required.
    fn required_by_selection(&self, i: usize, field: FieldId) -> Option<BTreeSet<String>> {
        let Some((_, Selection::Maps(maps))) = self.selections.get(i) else { return None };
        let mut out = BTreeSet::new();
        for m in maps {
            let literals = m.iter().filter(|mt| mt.field == field && !mt.values.all).find_map(|mt| {
                mt.values
                    .tests
                    .iter()
                    .map(|t| match t {
                        Test::Str { pat, .. } => match pat.pieces.as_slice() {
                            [] => Some(String::new()),
                            [Piece::Lit(l)] => Some(l.to_lowercase()),
                            _ => None,
                        },
                        _ => None,
                    })
                    .collect::<Option<Vec<String>>>()
            })?;
            out.extend(literals);
        }
        (!maps.is_empty()).then_some(out)
    }

    /// The field paths this rule's selections read (for evidence).
    pub fn field_ids(&self) -> Vec<FieldId> {
        let mut ids: Vec<FieldId> = self
            .selections
            .iter()
            .flat_map(|(_, s)| match s {
                Selection::Maps(maps) => maps.iter().flatten().map(|m| m.field).collect::<Vec<_>>(),
                Selection::Keywords(_) => Vec::new(),
            })
            .collect();
        ids.sort_unstable();
        ids.dedup();
        ids
    }
}

impl Matcher {
    fn matches(&self, fields: &Fields, e: &Event<'_>) -> bool {
        match e.get(fields, self.field) {
            Got::Missing => self.values.matches_vals(&[], fields, e),
            Got::One(Val::List(items)) => self.values.matches_vals(&items.iter().collect::<Vec<_>>(), fields, e),
            Got::One(v) => self.values.matches_vals(&[v], fields, e),
            Got::Many(vs) => {
                let flat: Vec<&Val<'_>> = vs
                    .into_iter()
                    .flat_map(|v| match v {
                        Val::List(items) => items.iter().collect(),
                        v => vec![v],
                    })
                    .collect();
                self.values.matches_vals(&flat, fields, e)
            }
        }
    }
}

impl ValueSet {
    fn matches_vals(&self, vals: &[&Val<'_>], fields: &Fields, e: &Event<'_>) -> bool {
        if self.all {
            self.tests.iter().all(|t| t.matches(vals, fields, e))
        } else {
            self.tests.iter().any(|t| t.matches(vals, fields, e))
        }
    }
}

impl Test {
    fn matches(&self, vals: &[&Val<'_>], fields: &Fields, e: &Event<'_>) -> bool {
        match self {
            Test::Null => vals.iter().all(|v| matches!(v, Val::Null)),
            Test::Exists(want) => *want == vals.iter().any(|v| !matches!(v, Val::Null)),
            Test::Str { pat, cased } => any_text(vals, &mut |t| if *cased { pat.matches(t) } else { matches_folded(pat, t) }),
            Test::Re(re) => any_text(vals, &mut |t| re.is_match(t)),
            Test::Cidr(net) => any_text(vals, &mut |t| t.trim().parse::<IpAddr>().is_ok_and(|ip| net.contains(ip))),
            Test::Num { op, value } => any_text(vals, &mut |t| {
                t.trim().parse::<f64>().is_ok_and(|n| match op {
                    NumOp::Gt => n > *value,
                    NumOp::Gte => n >= *value,
                    NumOp::Lt => n < *value,
                    NumOp::Lte => n <= *value,
                })
            }),
            Test::FieldRef { other, shape, cased } => {
                let others: Vec<String> = match e.get(fields, *other) {
                    Got::Missing => Vec::new(),
                    Got::One(v) => v.scalar_text().map(|s| s.to_string()).into_iter().collect(),
                    Got::Many(vs) => vs.iter().filter_map(|v| v.scalar_text().map(|s| s.to_string())).collect(),
                };
                others.iter().any(|o| {
                    let pat = Glob::literal(o, !cased).wrap(*shape);
                    any_text(vals, &mut |t| if *cased { pat.matches(t) } else { matches_folded(&pat, t) })
                })
            }
        }
    }
}

/// Lower-cases `t` only when it has upper-case letters.
fn matches_folded(pat: &Glob, t: &str) -> bool {
    if t.is_ascii() {
        if t.bytes().any(|b| b.is_ascii_uppercase()) {
            pat.matches(&t.to_ascii_lowercase())
        } else {
            pat.matches(t)
        }
    } else {
        pat.matches(&t.to_lowercase())
    }
}

/// Whether `f` holds for the text of any scalar among `vals` (objects and
/// lists are searched leaf by leaf).
fn any_text(vals: &[&Val<'_>], f: &mut dyn FnMut(&str) -> bool) -> bool {
    vals.iter().any(|v| {
        v.any_leaf(&mut |leaf| match leaf.scalar_text() {
            Some(t) => f(&t),
            None => false,
        })
    })
}

impl fmt::Display for Rule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} ({})", self.title, self.id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::de::DeserializeSeed;

    fn rule(detection: &str) -> (Rule, Fields) {
        let mut f = Fields::new();
        let text = format!("title: t\nid: x\nlogsource:\n  product: aws\n  service: cloudtrail\ndetection:\n{detection}\nlevel: high\n");
        let r = match compile(&text, "rules/cloud/aws/cloudtrail/t.yml", &mut f) {
            Ok(Some(r)) => r,
            other => unreachable!("{other:?}"),
        };
        f.seal();
        (r, f)
    }

    fn hit(r: &Rule, f: &Fields, json: &str) -> bool {
        let mut de = serde_json::Deserializer::from_str(json);
        match crate::event::EventSeed::new(f).deserialize(&mut de) {
            Ok(Some(e)) => r.matches(f, &e),
            other => unreachable!("{other:?}"),
        }
    }

    #[test]
    fn string_matching_is_case_insensitive_with_wildcards_and_escapes() {
        let (r, f) = rule("  sel:\n    eventName: 'Get*Token'\n    userAgent|contains: 'a\\*b'\n  condition: sel");
        assert!(hit(&r, &f, r#"{"eventName":"GETSIGNINTOKEN","userAgent":"xa*by"}"#));
        assert!(!hit(&r, &f, r#"{"eventName":"GetSigninToken","userAgent":"xaZby"}"#));
        assert!(!hit(&r, &f, r#"{"eventName":"GetSigninTokens","userAgent":"a*b"}"#));
    }

    #[test]
    fn null_exists_and_missing_fields() {
        let (r, f) = rule("  sel:\n    errorCode: null\n  condition: sel");
        assert!(hit(&r, &f, r#"{"eventName":"x"}"#));
        assert!(hit(&r, &f, r#"{"errorCode":null}"#));
        assert!(!hit(&r, &f, r#"{"errorCode":"AccessDenied"}"#));
        let (r, f) = rule("  sel:\n    errorCode|exists: true\n  condition: sel");
        assert!(hit(&r, &f, r#"{"errorCode":"AccessDenied"}"#));
        assert!(!hit(&r, &f, r#"{}"#));
        let (r, f) = rule("  sel:\n    errorCode|contains: '*'\n  condition: not sel");
        assert!(hit(&r, &f, r#"{}"#));
        assert!(!hit(&r, &f, r#"{"errorCode":""}"#));
    }

    #[test]
    fn all_re_cidr_fieldref_and_numbers() {
        let (r, f) = rule("  sel:\n    requestParameters|contains|all:\n      - '\"s3:GetObject\"'\n      - 'Allow'\n  condition: sel");
        assert!(hit(&r, &f, r#"{"requestParameters":{"policyDocument":"{\"Effect\":\"Allow\",\"Action\":\"s3:GetObject\"}"}}"#));
        assert!(!hit(&r, &f, r#"{"requestParameters":{"policyDocument":"{\"Effect\":\"Deny\",\"Action\":\"s3:GetObject\"}"}}"#));
        let (r, f) = rule("  sel:\n    userIdentity.arn|re: '.+:assumed-role/aws:.+'\n  condition: sel");
        assert!(hit(&r, &f, r#"{"userIdentity":{"arn":"arn:aws:sts::1:assumed-role/aws:ec2-instance/i-1"}}"#));
        assert!(!hit(&r, &f, r#"{"userIdentity":{"arn":"arn:aws:sts::1:assumed-role/AWS:ec2-instance/i-1"}}"#));
        let (r, f) = rule("  sel:\n    sourceIPAddress|cidr:\n      - '10.0.0.0/8'\n      - '2001:db8::/32'\n  condition: sel");
        assert!(hit(&r, &f, r#"{"sourceIPAddress":"10.2.3.4"}"#));
        assert!(hit(&r, &f, r#"{"sourceIPAddress":"2001:db8::1"}"#));
        assert!(!hit(&r, &f, r#"{"sourceIPAddress":"11.0.0.1"}"#));
        assert!(!hit(&r, &f, r#"{"sourceIPAddress":"AWS Internal"}"#));
        let (r, f) = rule("  sel:\n    userIdentity.arn|fieldref|endswith: requestParameters.userName\n  condition: sel");
        assert!(hit(&r, &f, r#"{"userIdentity":{"arn":"arn:aws:iam::1:user/Bob"},"requestParameters":{"userName":"bob"}}"#));
        assert!(!hit(&r, &f, r#"{"userIdentity":{"arn":"arn:aws:iam::1:user/alice"},"requestParameters":{"userName":"bob"}}"#));
        let (r, f) = rule("  sel:\n    requestParameters.port|gte: 1024\n  condition: sel");
        assert!(hit(&r, &f, r#"{"requestParameters":{"port":8080}}"#));
        assert!(!hit(&r, &f, r#"{"requestParameters":{"port":22}}"#));
    }

    #[test]
    fn conditions_with_of_not_and_parentheses() {
        let (r, f) = rule("  sel_a:\n    eventName: A\n  sel_b:\n    eventName: B\n  filter_x:\n    - userAgent: x\n    - sourceIPAddress: y\n  condition: (1 of sel_* and not 1 of filter_*) or all of them");
        assert!(hit(&r, &f, r#"{"eventName":"A"}"#));
        assert!(!hit(&r, &f, r#"{"eventName":"A","sourceIPAddress":"y"}"#));
        assert!(!hit(&r, &f, r#"{"eventName":"C"}"#));
    }

    #[test]
    fn unsupported_constructs_are_errors_naming_the_field() {
        let mut f = Fields::new();
        let e = compile(
            "title: t\nlogsource: {product: aws, service: cloudtrail}\ndetection:\n  sel:\n    a|windash: x\n  condition: sel\n",
            "r.yml",
            &mut f,
        );
        assert!(matches!(e, Err(RuleError { ref message, .. }) if message.contains("a|windash") && message.contains("windash")));
        let e = compile(
            "title: t\nlogsource: {product: aws, service: cloudtrail}\ndetection:\n  sel:\n    a: x\n  condition: sel | count() > 5\n",
            "r.yml",
            &mut f,
        );
        assert!(e.is_err());
        let e = compile(
            "title: t\nlogsource: {product: aws, service: cloudtrail}\ndetection:\n  sel:\n    a: x\n  condition: nosuch\n",
            "r.yml",
            &mut f,
        );
        assert!(matches!(e, Err(RuleError { ref message, .. }) if message.contains("nosuch")));
        let other = compile("title: t\nlogsource: {product: windows}\ndetection:\n  sel:\n    a: x\n  condition: sel\n", "r.yml", &mut f);
        assert!(matches!(other, Ok(None)));
    }

    #[test]
    fn keyword_selections_search_every_field() {
        let (r, f) = rule("  kw:\n    - 'mimikatz'\n  condition: kw");
        assert!(f.keeps_everything());
        assert!(hit(&r, &f, r#"{"a":{"b":["x","run MimiKatz now"]}}"#));
        assert!(!hit(&r, &f, r#"{"a":"nothing"}"#));
    }

    #[test]
    fn links_point_at_sigmahq() {
        assert_eq!(
            sigma_link("/x/sigma/rules/cloud/aws/cloudtrail/a.yml"),
            "https://github.com/SigmaHQ/sigma/blob/master/rules/cloud/aws/cloudtrail/a.yml"
        );
    }
}
