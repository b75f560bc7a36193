//! CloudWatch Logs filter patterns: parsed, then evaluated against log
//! events, so a metric filter is judged by what it matches rather than by
//! how it is spelled.
//!
//! Supported: JSON patterns (`{ ($.a = "x*") && ($.b != 1) || $.c NOT EXISTS }`
//! with `=`, `!=`, `<`, `<=`, `>`, `>=`, `*` wildcards, `%regex%`, `IS NULL`,
//! `IS TRUE`, `IS FALSE`, `NOT EXISTS`, `!`/`NOT` before a group, array
//! indexes) and term patterns (`ERROR "disk full" ?WARN -debug`) matched on
//! the event's text. Space-delimited patterns (`[ip, user, ...]`) do not apply
//! to JSON events and never match them.

use serde_json::Value;

/// A parsed filter pattern.
#[derive(Clone, Debug, PartialEq)]
pub enum Pattern {
    /// The empty pattern matches every event.
    All,
    Json(Expr),
    Terms(Terms),
    /// A space-delimited pattern: kept, but it cannot match a JSON event.
    SpaceDelimited(String),
}

#[derive(Clone, Debug, PartialEq)]
pub enum Expr {
    And(Box<Expr>, Box<Expr>),
    Or(Box<Expr>, Box<Expr>),
    Not(Box<Expr>),
    Test(Selector, Test),
}

#[derive(Clone, Debug, PartialEq)]
pub struct Selector(pub Vec<Step>);

#[derive(Clone, Debug, PartialEq)]
pub enum Step {
    Key(String),
    Index(usize),
}

#[derive(Clone, Debug, PartialEq)]
pub enum Test {
    Compare(Op, Literal),
    IsNull,
    IsTrue,
    IsFalse,
    NotExists,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Op {
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
}

#[derive(Clone, Debug)]
pub enum Literal {
    /// A string, where `*` matches any run of characters.
    Str(String),
    Num(f64),
    Regex(String, Option<regex::Regex>),
}

impl PartialEq for Literal {
    fn eq(&self, other: &Self) -> bool {
        match (self, other) {
            (Literal::Str(a), Literal::Str(b)) => a == b,
            (Literal::Num(a), Literal::Num(b)) => a == b,
            (Literal::Regex(a, _), Literal::Regex(b, _)) => a == b,
            _ => false,
        }
    }
}

/// Term patterns: every `all` term must appear, at least one `any` term if
/// there are some, and no `none` term.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Terms {
    pub all: Vec<String>,
    pub any: Vec<String>,
    pub none: Vec<String>,
}

/// Why a pattern could not be parsed, with the character offset.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("filter pattern: {message} at character {offset}")]
pub struct ParseError {
    pub offset: usize,
    pub message: String,
}

/// Parses a pattern as CloudWatch Logs would.
pub fn parse(text: &str) -> Result<Pattern, ParseError> {
    let trimmed = text.trim();
    if trimmed.is_empty() {
        return Ok(Pattern::All);
    }
    if trimmed.starts_with('{') {
        let chars: Vec<char> = text.chars().collect();
        let mut p = Parser { chars, pos: 0 };
        p.skip_ws();
        p.expect_char('{')?;
        let expr = p.or()?;
        p.skip_ws();
        p.expect_char('}')?;
        p.skip_ws();
        if p.pos < p.chars.len() {
            return Err(p.error("unexpected text after `}`"));
        }
        return Ok(Pattern::Json(expr));
    }
    if trimmed.starts_with('[') {
        return Ok(Pattern::SpaceDelimited(trimmed.to_string()));
    }
    terms(trimmed).map(Pattern::Terms)
}

fn terms(text: &str) -> Result<Terms, ParseError> {
    let mut t = Terms::default();
    let chars: Vec<char> = text.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let Some(&c) = chars.get(i) else { break };
        if c.is_whitespace() {
            i += 1;
            continue;
        }
        let kind = match c {
            '?' => {
                i += 1;
                1
            }
            '-' => {
                i += 1;
                2
            }
            _ => 0,
        };
        let mut word = String::new();
        if chars.get(i) == Some(&'"') {
            let (text, end) = quoted(&chars, i, "unterminated quoted term")?;
            word = text;
            i = end;
        } else {
            while let Some(ch) = chars.get(i).filter(|ch| !ch.is_whitespace()) {
                word.push(*ch);
                i += 1;
            }
        }
        if word.is_empty() {
            continue;
        }
        match kind {
            1 => t.any.push(word),
            2 => t.none.push(word),
            _ => t.all.push(word),
        }
    }
    Ok(t)
}

/// A `"..."` string starting at `start` (backslash escapes the next
/// character): its text and the position after the closing quote.
fn quoted(chars: &[char], start: usize, unterminated: &str) -> Result<(String, usize), ParseError> {
    let mut text = String::new();
    let mut i = start + 1;
    loop {
        match chars.get(i) {
            None => return Err(ParseError { offset: start, message: unterminated.to_string() }),
            Some('"') => return Ok((text, i + 1)),
            Some('\\') => {
                if let Some(n) = chars.get(i + 1) {
                    text.push(*n);
                }
                i += 2;
            }
            Some(c) => {
                text.push(*c);
                i += 1;
            }
        }
    }
}

struct Parser {
    chars: Vec<char>,
    pos: usize,
}

impl Parser {
    fn error(&self, message: &str) -> ParseError {
        ParseError { offset: self.pos, message: message.to_string() }
    }

    fn peek(&self) -> Option<char> {
        self.chars.get(self.pos).copied()
    }

    fn skip_ws(&mut self) {
        while self.peek().is_some_and(char::is_whitespace) {
            self.pos += 1;
        }
    }

    fn expect_char(&mut self, c: char) -> Result<(), ParseError> {
        self.skip_ws();
        if self.peek() == Some(c) {
            self.pos += 1;
            Ok(())
        } else {
            Err(self.error(&format!("expected `{c}`")))
        }
    }

    fn eat(&mut self, s: &str) -> bool {
        self.skip_ws();
        let n = s.chars().count();
        let matches = self.chars.get(self.pos..self.pos + n).is_some_and(|w| w.iter().copied().eq(s.chars()));
        if matches {
            self.pos += n;
        }
        matches
    }

    /// A keyword, case-insensitive, followed by a non-word character.
    fn eat_keyword(&mut self, word: &str) -> bool {
        self.skip_ws();
        let n = word.chars().count();
        let Some(slice) = self.chars.get(self.pos..self.pos + n) else { return false };
        let same = slice.iter().zip(word.chars()).all(|(a, b)| a.eq_ignore_ascii_case(&b));
        let boundary = self.chars.get(self.pos + n).is_none_or(|c| !c.is_alphanumeric() && *c != '_');
        if same && boundary {
            self.pos += n;
        }
        same && boundary
    }

    fn or(&mut self) -> Result<Expr, ParseError> {
        let mut left = self.and()?;
        while self.eat("||") {
            let right = self.and()?;
            left = Expr::Or(Box::new(left), Box::new(right));
        }
        Ok(left)
    }

    fn and(&mut self) -> Result<Expr, ParseError> {
        let mut left = self.unary()?;
        while self.eat("&&") {
            let right = self.unary()?;
            left = Expr::And(Box::new(left), Box::new(right));
        }
        Ok(left)
    }

    fn unary(&mut self) -> Result<Expr, ParseError> {
        self.skip_ws();
        if self.peek() == Some('!') && self.chars.get(self.pos + 1) != Some(&'=') {
            self.pos += 1;
            return Ok(Expr::Not(Box::new(self.unary()?)));
        }
        if self.eat_keyword("NOT") {
            return Ok(Expr::Not(Box::new(self.unary()?)));
        }
        if self.eat("(") {
            let inner = self.or()?;
            self.expect_char(')')?;
            return Ok(inner);
        }
        self.test()
    }

    fn test(&mut self) -> Result<Expr, ParseError> {
        let selector = self.selector()?;
        if self.eat_keyword("IS") {
            let test = if self.eat_keyword("NULL") {
                Test::IsNull
            } else if self.eat_keyword("TRUE") {
                Test::IsTrue
            } else if self.eat_keyword("FALSE") {
                Test::IsFalse
            } else {
                return Err(self.error("expected NULL, TRUE or FALSE after IS"));
            };
            return Ok(Expr::Test(selector, test));
        }
        if self.eat_keyword("NOT") {
            if self.eat_keyword("EXISTS") {
                return Ok(Expr::Test(selector, Test::NotExists));
            }
            return Err(self.error("expected EXISTS after NOT"));
        }
        let op = if self.eat("!=") {
            Op::Ne
        } else if self.eat("<=") {
            Op::Le
        } else if self.eat(">=") {
            Op::Ge
        } else if self.eat("=") {
            Op::Eq
        } else if self.eat("<") {
            Op::Lt
        } else if self.eat(">") {
            Op::Gt
        } else {
            return Err(self.error("expected a comparison operator"));
        };
        let literal = self.literal()?;
        if matches!(literal, Literal::Regex(..)) && !matches!(op, Op::Eq | Op::Ne) {
            return Err(self.error("a regular expression can only be compared with = or !="));
        }
        Ok(Expr::Test(selector, Test::Compare(op, literal)))
    }

    fn selector(&mut self) -> Result<Selector, ParseError> {
        self.skip_ws();
        if !self.eat("$") {
            return Err(self.error("expected a selector starting with `$`"));
        }
        let mut steps = Vec::new();
        loop {
            match self.peek() {
                Some('.') => {
                    self.pos += 1;
                    let mut key = String::new();
                    while let Some(c) = self.peek().filter(|c| c.is_alphanumeric() || matches!(c, '_' | '-' | '@' | ':')) {
                        key.push(c);
                        self.pos += 1;
                    }
                    if key.is_empty() {
                        return Err(self.error("expected a field name after `.`"));
                    }
                    steps.push(Step::Key(key));
                }
                Some('[') => {
                    self.pos += 1;
                    let mut digits = String::new();
                    while let Some(c) = self.peek().filter(char::is_ascii_digit) {
                        digits.push(c);
                        self.pos += 1;
                    }
                    let index = digits.parse().map_err(|_| self.error("expected an array index"))?;
                    if self.peek() != Some(']') {
                        return Err(self.error("expected `]`"));
                    }
                    self.pos += 1;
                    steps.push(Step::Index(index));
                }
                _ => break,
            }
        }
        if steps.is_empty() {
            return Err(self.error("a selector needs at least one field"));
        }
        Ok(Selector(steps))
    }

    fn literal(&mut self) -> Result<Literal, ParseError> {
        self.skip_ws();
        match self.peek() {
            Some('"') => {
                let (text, end) = quoted(&self.chars, self.pos, "unterminated string")?;
                self.pos = end;
                Ok(Literal::Str(text))
            }
            Some('%') => {
                let start = self.pos;
                self.pos += 1;
                let mut s = String::new();
                loop {
                    match self.peek() {
                        None => return Err(ParseError { offset: start, message: "unterminated regular expression".into() }),
                        Some('%') => {
                            self.pos += 1;
                            break;
                        }
                        Some('\\') => {
                            s.push('\\');
                            if let Some(n) = self.chars.get(self.pos + 1) {
                                s.push(*n);
                            }
                            self.pos += 2;
                        }
                        Some(c) => {
                            s.push(c);
                            self.pos += 1;
                        }
                    }
                }
                let compiled = regex::Regex::new(&s)
                    .map_err(|_| ParseError { offset: start, message: format!("invalid regular expression `{s}`") })?;
                Ok(Literal::Regex(s, Some(compiled)))
            }
            Some(_) => {
                let mut s = String::new();
                while let Some(c) = self.peek().filter(|c| !c.is_whitespace() && !matches!(c, ')' | '}' | '&' | '|')) {
                    s.push(c);
                    self.pos += 1;
                }
                if s.is_empty() {
                    return Err(self.error("expected a value"));
                }
                Ok(match s.parse::<f64>() {
                    Ok(n) if n.is_finite() => Literal::Num(n),
                    _ => Literal::Str(s),
                })
            }
            None => Err(self.error("expected a value")),
        }
    }
}

/// `*` matches any run of characters.
fn wildcard(pattern: &str, text: &str) -> bool {
    crate::config::glob_match(pattern, text)
}

impl Selector {
    fn lookup<'a>(&self, event: &'a Value) -> Option<&'a Value> {
        self.0.iter().try_fold(event, |v, step| match step {
            Step::Key(k) => v.get(k),
            Step::Index(i) => v.get(i),
        })
    }
}

fn compare(op: Op, literal: &Literal, value: &Value) -> bool {
    let text = match value {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    };
    match literal {
        Literal::Num(n) => {
            let number = match value {
                Value::Number(v) => v.as_f64(),
                Value::String(s) => s.parse::<f64>().ok(),
                _ => None,
            };
            let Some(v) = number else { return op == Op::Ne };
            match op {
                Op::Eq => v == *n,
                Op::Ne => v != *n,
                Op::Lt => v < *n,
                Op::Le => v <= *n,
                Op::Gt => v > *n,
                Op::Ge => v >= *n,
            }
        }
        Literal::Str(s) => {
            let Some(text) = text else { return op == Op::Ne };
            match op {
                Op::Eq => wildcard(s, &text),
                Op::Ne => !wildcard(s, &text),
                // Ordering is numeric only.
                _ => false,
            }
        }
        Literal::Regex(_, compiled) => {
            let (Some(text), Some(re)) = (text, compiled) else { return op == Op::Ne };
            match op {
                Op::Eq => re.is_match(&text),
                Op::Ne => !re.is_match(&text),
                _ => false,
            }
        }
    }
}

impl Expr {
    pub fn matches(&self, event: &Value) -> bool {
        match self {
            Expr::And(a, b) => a.matches(event) && b.matches(event),
            Expr::Or(a, b) => a.matches(event) || b.matches(event),
            Expr::Not(e) => !e.matches(event),
            Expr::Test(sel, test) => {
                let value = sel.lookup(event);
                match test {
                    Test::NotExists => value.is_none(),
                    Test::IsNull => value.is_some_and(Value::is_null),
                    Test::IsTrue => value.and_then(Value::as_bool) == Some(true),
                    Test::IsFalse => value.and_then(Value::as_bool) == Some(false),
                    // A missing field matches no comparison, not even `!=`.
                    Test::Compare(op, lit) => value.is_some_and(|v| compare(*op, lit, v)),
                }
            }
        }
    }
}

impl Pattern {
    /// Whether the pattern matches a JSON log event.
    pub fn matches(&self, event: &Value) -> bool {
        match self {
            Pattern::All => true,
            Pattern::Json(e) => e.matches(event),
            Pattern::Terms(t) => {
                let text = event.to_string();
                t.all.iter().all(|w| text.contains(w.as_str()))
                    && (t.any.is_empty() || t.any.iter().any(|w| text.contains(w.as_str())))
                    && !t.none.iter().any(|w| text.contains(w.as_str()))
            }
            Pattern::SpaceDelimited(_) => false,
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use serde_json::json;

    fn m(pattern: &str, event: Value) -> bool {
        parse(pattern).unwrap().matches(&event)
    }

    #[test]
    fn cis_patterns() {
        let unauthorized = r#"{ ($.errorCode = "*UnauthorizedOperation") || ($.errorCode = "AccessDenied*") && ($.sourceIPAddress!="delivery.logs.amazonaws.com") && ($.eventName!="HeadBucket") }"#;
        assert!(m(unauthorized, json!({"errorCode": "Client.UnauthorizedOperation", "eventName": "RunInstances"})));
        assert!(m(unauthorized, json!({"errorCode": "AccessDenied", "sourceIPAddress": "198.51.100.1", "eventName": "GetObject"})));
        assert!(!m(unauthorized, json!({"errorCode": "AccessDenied", "sourceIPAddress": "198.51.100.1", "eventName": "HeadBucket"})));
        let root = r#"{ $.userIdentity.type = "Root" && $.userIdentity.invokedBy NOT EXISTS && $.eventType != "AwsServiceEvent" }"#;
        assert!(m(root, json!({"userIdentity": {"type": "Root"}, "eventType": "AwsApiCall"})));
        assert!(!m(root, json!({"userIdentity": {"type": "Root", "invokedBy": "s3.amazonaws.com"}, "eventType": "AwsApiCall"})));
        assert!(m(
            "{ ($.eventName = ConsoleLogin) && ($.additionalEventData.MFAUsed != \"Yes\") }",
            json!({"eventName": "ConsoleLogin", "additionalEventData": {"MFAUsed": "No"}})
        ));
    }

    #[test]
    fn operators_and_literals() {
        assert!(m("{ $.n > 5 }", json!({"n": 6})));
        assert!(m("{ $.n <= 5 }", json!({"n": "5"})));
        assert!(!m("{ $.n = 5 }", json!({"n": "five"})));
        assert!(m("{ $.a[1].b = \"x\" }", json!({"a": [{}, {"b": "x"}]})));
        assert!(m("{ $.x IS NULL }", json!({"x": null})));
        assert!(!m("{ $.x IS NULL }", json!({})));
        assert!(m("{ $.ok IS TRUE }", json!({"ok": true})));
        assert!(m("{ $.e = %Delete(Bucket|Object)% }", json!({"e": "DeleteBucket"})));
        assert!(m("{ !($.a = 1) }", json!({"a": 2})));
        assert!(m("{ NOT ($.a = 1) }", json!({"a": 2})));
        assert!(!m("{ $.missing != \"x\" }", json!({})));
        assert!(m("", json!({"anything": 1})));
        assert!(m("ConsoleLogin -Success", json!({"eventName": "ConsoleLogin", "r": "Failure"})));
        assert!(m("?AccessDenied ?UnauthorizedOperation", json!({"errorCode": "AccessDenied"})));
        assert!(!m("[ip, user]", json!({"ip": "1"})));
    }

    #[test]
    fn errors_say_where() {
        assert_eq!(parse("{ $.a = }").unwrap_err().message, "expected a value");
        assert_eq!(parse("{ $.a = \"x\" ").unwrap_err().message, "expected `}`");
        assert!(parse("{ a = 1 }").unwrap_err().message.contains("selector"));
        assert!(parse("{ $.a = %[% }").unwrap_err().message.contains("regular expression"));
        assert!(parse("{ $.a = 1 } trailing").is_err());
    }

    proptest! {
        #[test]
        fn never_panics(text in "\\PC{0,80}") {
            if let Ok(p) = parse(&text) {
                let _ = p.matches(&json!({"a": 1, "b": ["x"], "c": {"d": null}}));
            }
        }

        #[test]
        fn never_panics_on_pattern_like_text(text in "[{}()$.a-z0-9 =!<>&|\"%*\\[\\]]{0,60}") {
            if let Ok(p) = parse(&text) {
                let _ = p.matches(&json!({"a": 1}));
            }
        }
    }
}
