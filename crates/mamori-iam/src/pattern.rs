//! Wildcard patterns as policies write them: `*` any run of characters
//! (crossing `/` and `:`), `?` one character, and — in 2012-10-17 policies —
//! policy variables (`${aws:username}`, `${aws:PrincipalTag/team, 'none'}`)
//! and the escapes `${*}`, `${?}`, `${$}`.
//!
//! Patterns are compiled once, when the policy is parsed; a request only
//! substitutes variables and walks the tokens.

use std::borrow::Cow;

use crate::context::Context;

/// One piece of a compiled pattern.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Token {
    /// Literal text (escapes already resolved; never a wildcard).
    Lit(String),
    /// `*`
    Star,
    /// `?`
    One,
    /// `${key}` or `${key, 'default'}`; the key is lowercased.
    Var { key: String, default: Option<String> },
}

/// A compiled pattern.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Pattern {
    pub source: String,
    tokens: Vec<Token>,
    /// Set when the pattern is exactly `*`.
    any: bool,
    /// Set when the pattern has variables.
    has_vars: bool,
    /// Set when the pattern has `*` or `?`.
    has_wild: bool,
}

/// A `${` that is not closed, or a malformed default.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct VariableError(pub String);

impl Pattern {
    /// Compiles `source`. With `variables` false (2008-10-17 policies and
    /// elements that take no variables) `${...}` is literal text.
    /// `fold` lowercases literal text (actions are case-insensitive).
    pub fn compile(source: &str, variables: bool, fold: bool) -> Result<Pattern, VariableError> {
        Pattern::build(source, variables, fold, true)
    }

    /// Compiles an equality value: `*` and `?` are literal text; variables
    /// are still substituted when `variables` is set.
    pub fn compile_exact(source: &str, variables: bool) -> Result<Pattern, VariableError> {
        Pattern::build(source, variables, false, false)
    }

    fn build(source: &str, variables: bool, fold: bool, wildcards: bool) -> Result<Pattern, VariableError> {
        let mut tokens = Vec::new();
        let mut lit = String::new();
        let mut chars = source.char_indices().peekable();
        let push_lit = |lit: &mut String, tokens: &mut Vec<Token>| {
            if !lit.is_empty() {
                let text = std::mem::take(lit);
                tokens.push(Token::Lit(if fold { text.to_lowercase() } else { text }));
            }
        };
        while let Some((i, c)) = chars.next() {
            match c {
                '*' if wildcards => {
                    push_lit(&mut lit, &mut tokens);
                    if tokens.last() != Some(&Token::Star) {
                        tokens.push(Token::Star);
                    }
                }
                '?' if wildcards => {
                    push_lit(&mut lit, &mut tokens);
                    tokens.push(Token::One);
                }
                '$' if variables && chars.peek().map(|(_, c)| *c) == Some('{') => {
                    let rest = source.get(i + 2..).unwrap_or_default();
                    let Some(end) = rest.find('}') else {
                        return Err(VariableError(format!("unclosed policy variable in `{source}`")));
                    };
                    let body = rest.get(..end).unwrap_or_default();
                    for _ in 0..body.chars().count() + 2 {
                        chars.next();
                    }
                    match body {
                        "*" | "?" | "$" => lit.push_str(body),
                        _ => {
                            push_lit(&mut lit, &mut tokens);
                            tokens.push(parse_variable(body, source)?);
                        }
                    }
                }
                _ => lit.push(c),
            }
        }
        push_lit(&mut lit, &mut tokens);
        let any = tokens == [Token::Star];
        let has_vars = tokens.iter().any(|t| matches!(t, Token::Var { .. }));
        let has_wild = tokens.iter().any(|t| matches!(t, Token::Star | Token::One));
        Ok(Pattern { source: source.to_string(), tokens, any, has_vars, has_wild })
    }

    /// Whether the pattern is exactly `*`.
    pub fn is_any(&self) -> bool {
        self.any
    }

    pub fn has_variables(&self) -> bool {
        self.has_vars
    }

    pub fn has_wildcards(&self) -> bool {
        self.has_wild
    }

    pub fn tokens(&self) -> &[Token] {
        &self.tokens
    }

    /// The literal text when the pattern has no wildcard and no variable.
    pub fn literal(&self) -> Option<&str> {
        match self.tokens.as_slice() {
            [] => Some(""),
            [Token::Lit(s)] => Some(s),
            _ => None,
        }
    }

    /// Whether `text` matches, variables taken from `cx`. An unresolved
    /// variable never matches. With `fold`, `text` must already be lowercase.
    pub fn matches(&self, text: &str, cx: &Context) -> bool {
        if self.any {
            return true;
        }
        if !self.has_vars {
            return glob(&self.tokens, text);
        }
        match self.resolve(cx) {
            Some(tokens) => glob(&tokens, text),
            None => false,
        }
    }

    /// The tokens with variables replaced by literal text; `None` when one
    /// has no value and no default.
    pub fn resolve<'a>(&'a self, cx: &Context) -> Option<Cow<'a, [Token]>> {
        if !self.has_vars {
            return Some(Cow::Borrowed(&self.tokens));
        }
        let mut out = Vec::with_capacity(self.tokens.len());
        for t in &self.tokens {
            match t {
                Token::Var { key, default } => {
                    let value = match cx.single(key) {
                        Some(v) => v.to_string(),
                        None => default.clone()?,
                    };
                    out.push(Token::Lit(value));
                }
                other => out.push(other.clone()),
            }
        }
        Some(Cow::Owned(out))
    }

    /// The pattern with variables resolved, as text (for explanations).
    pub fn resolved_text(&self, cx: &Context) -> Option<String> {
        let tokens = self.resolve(cx)?;
        Some(
            tokens
                .iter()
                .map(|t| match t {
                    Token::Lit(s) => s.as_str(),
                    Token::Star => "*",
                    Token::One => "?",
                    Token::Var { .. } => "",
                })
                .collect(),
        )
    }
}

fn parse_variable(body: &str, source: &str) -> Result<Token, VariableError> {
    let (key, default) = match body.split_once(',') {
        None => (body.trim(), None),
        Some((key, rest)) => {
            let rest = rest.trim();
            let value = rest
                .strip_prefix('\'')
                .and_then(|r| r.strip_suffix('\''))
                .ok_or_else(|| VariableError(format!("a policy variable's default must be quoted in `{source}`")))?;
            (key.trim(), Some(value.to_string()))
        }
    };
    if key.is_empty() {
        return Err(VariableError(format!("empty policy variable in `{source}`")));
    }
    Ok(Token::Var { key: key.to_ascii_lowercase(), default })
}

/// Matches literal tokens, `*` and `?` against `text`; a `Var` never matches.
pub fn glob(tokens: &[Token], text: &str) -> bool {
    let bytes = text.as_bytes();
    let (mut ti, mut pos) = (0usize, 0usize);
    // Where to resume after the last `*`: the token after it and the text position.
    let mut resume: Option<(usize, usize)> = None;
    loop {
        let advanced = match tokens.get(ti) {
            Some(Token::Star) => {
                resume = Some((ti + 1, pos));
                ti += 1;
                continue;
            }
            Some(Token::One) => match char_len(bytes, pos) {
                Some(n) => {
                    pos += n;
                    true
                }
                None => false,
            },
            Some(Token::Lit(lit)) => {
                if bytes.get(pos..).is_some_and(|rest| rest.starts_with(lit.as_bytes())) {
                    pos += lit.len();
                    true
                } else {
                    false
                }
            }
            Some(Token::Var { .. }) => false,
            None => {
                if pos == bytes.len() {
                    return true;
                }
                false
            }
        };
        if advanced {
            ti += 1;
            continue;
        }
        match resume {
            Some((next, from)) => match char_len(bytes, from) {
                Some(n) => {
                    resume = Some((next, from + n));
                    ti = next;
                    pos = from + n;
                }
                None => return false,
            },
            None => return false,
        }
    }
}

/// The length of the UTF-8 character at `pos`, `None` at the end.
fn char_len(bytes: &[u8], pos: usize) -> Option<usize> {
    let b = *bytes.get(pos)?;
    Some(match b {
        0x00..=0x7f => 1,
        0xc0..=0xdf => 2,
        0xe0..=0xef => 3,
        0xf0..=0xff => 4,
        _ => 1,
    })
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn m(p: &str, t: &str) -> bool {
        Pattern::compile(p, true, false).unwrap().matches(t, &Context::default())
    }

    #[test]
    fn wildcards_cross_separators() {
        assert!(m("arn:aws:s3:::b/*", "arn:aws:s3:::b/a/b"));
        assert!(m("arn:aws:s3:::*", "arn:aws:s3:::b/a:b"));
        assert!(m("a?c", "abc"));
        assert!(m("a?c", "aéc"));
        assert!(!m("a?c", "ac"));
        assert!(m("*", ""));
        assert!(m("a*b*c", "aXbYbZc"));
        assert!(!m("a*b*c", "aXbYbZ"));
        assert!(!m("abc", "ABC"));
    }

    #[test]
    fn escapes_and_literal_variables() {
        assert!(m("a${*}b", "a*b"));
        assert!(!m("a${*}b", "axb"));
        assert!(m("a${?}", "a?"));
        assert!(m("${$}x", "$x"));
        let old = Pattern::compile("home/${aws:username}", false, false).unwrap();
        assert!(old.matches("home/${aws:username}", &Context::default()));
    }

    #[test]
    fn unresolved_variable_never_matches_but_default_does() {
        assert!(!m("home/${aws:username}/*", "home/x/y"));
        assert!(m("home/${aws:username, 'guest'}/*", "home/guest/y"));
        assert!(Pattern::compile("a${b", true, false).is_err());
        assert!(Pattern::compile("${k, nodefault}", true, false).is_err());
    }
}
