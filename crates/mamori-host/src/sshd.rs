//! `sshd_config` as sshd reads it: keywords case-insensitive, the first
//! value obtained wins, `Include` expanded in place (globs, relative to
//! `/etc/ssh`, lexical order), `Match` blocks kept apart with their
//! criteria, and OpenSSH's compiled-in defaults for what is not set.

use crate::tree::{normalize, path_match, Kept};

/// One `Keyword arguments` line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Directive {
    /// Lower-case keyword.
    pub keyword: String,
    pub args: Vec<String>,
    pub file: String,
    pub line: usize,
}

impl Directive {
    pub fn value(&self) -> &str {
        self.args.first().map(String::as_str).unwrap_or("")
    }

    /// `file:line`.
    pub fn at(&self) -> String {
        format!("{}:{}", self.file, self.line)
    }
}

/// A `Match` block: its criteria and the directives that apply under them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MatchBlock {
    pub criteria: String,
    pub file: String,
    pub line: usize,
    pub directives: Vec<Directive>,
}

/// The whole configuration, as sshd would assemble it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Config {
    /// Directives outside any `Match`, in the order sshd reads them.
    pub global: Vec<Directive>,
    pub matches: Vec<MatchBlock>,
    /// Things that could not be followed (missing includes, loops), with where.
    pub problems: Vec<String>,
}

/// Where a setting's value came from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Source {
    /// `file:line`.
    Line(String),
    /// OpenSSH's compiled-in default.
    Default,
}

/// OpenSSH's compiled-in defaults (portable OpenSSH 7.0 and later) for the
/// settings mamori judges.
pub fn default_of(keyword: &str) -> Option<&'static str> {
    Some(match keyword {
        "passwordauthentication" => "yes",
        "pubkeyauthentication" => "yes",
        "permitrootlogin" => "prohibit-password",
        "kbdinteractiveauthentication" | "challengeresponseauthentication" => "yes",
        "usepam" => "no",
        "permitemptypasswords" => "no",
        "protocol" => "2",
        _ => return None,
    })
}

const MAX_DEPTH: usize = 16;

impl Config {
    /// Reads `/etc/ssh/sshd_config` from the kept files. `None` when the
    /// image has no sshd configuration.
    pub fn load(kept: &Kept) -> Option<Config> {
        let main = "/etc/ssh/sshd_config";
        kept.files.get(main)?;
        let mut config = Config::default();
        let mut current: Option<MatchBlock> = None;
        config.read_file(kept, main, &mut current, 0);
        if let Some(block) = current.take() {
            config.matches.push(block);
        }
        Some(config)
    }

    fn read_file(&mut self, kept: &Kept, path: &str, current: &mut Option<MatchBlock>, depth: usize) {
        if depth > MAX_DEPTH {
            self.problems.push(format!("{path}: includes nested more than {MAX_DEPTH} deep (a loop?)"));
            return;
        }
        let Some(text) = kept.text(path) else {
            self.problems.push(format!("{path}: included but not found in the image"));
            return;
        };
        for (index, raw) in text.lines().enumerate() {
            let line = index + 1;
            let Some((keyword, args)) = split(raw) else { continue };
            let directive = Directive { keyword: keyword.to_ascii_lowercase(), args, file: path.to_string(), line };
            match directive.keyword.as_str() {
                "include" => {
                    for pattern in directive.args.clone() {
                        let pattern = if pattern.starts_with('/') { pattern } else { format!("/etc/ssh/{pattern}") };
                        let pattern = normalize(&pattern);
                        let mut files: Vec<String> = kept.files.keys().filter(|p| path_match(&pattern, p)).cloned().collect();
                        files.sort();
                        if files.is_empty() && !pattern.contains('*') && !pattern.contains('?') {
                            self.problems.push(format!("{}: `Include {pattern}` names a file that is not in the image", directive.at()));
                        }
                        for file in files {
                            self.read_file(kept, &file, current, depth + 1);
                        }
                    }
                }
                "match" => {
                    if let Some(block) = current.take() {
                        self.matches.push(block);
                    }
                    let criteria = directive.args.join(" ");
                    // `Match all` ends the previous block: what follows is global again.
                    if !criteria.eq_ignore_ascii_case("all") {
                        *current = Some(MatchBlock { criteria, file: path.to_string(), line, directives: Vec::new() });
                    }
                }
                _ => match current {
                    Some(block) => block.directives.push(directive),
                    None => self.global.push(directive),
                },
            }
        }
    }

    /// The global value of `keyword` (first occurrence wins), or the default.
    pub fn effective(&self, keyword: &str) -> Option<(String, Source)> {
        let k = keyword.to_ascii_lowercase();
        match self.global.iter().find(|d| d.keyword == k) {
            Some(d) => Some((d.value().to_string(), Source::Line(d.at()))),
            None => default_of(&k).map(|v| (v.to_string(), Source::Default)),
        }
    }

    /// `Match` blocks that set `keyword`, with the value they set.
    pub fn overrides(&self, keyword: &str) -> Vec<(&MatchBlock, &Directive)> {
        let k = keyword.to_ascii_lowercase();
        self.matches.iter().filter_map(|m| m.directives.iter().find(|d| d.keyword == k).map(|d| (m, d))).collect()
    }
}

/// `Keyword args…` or `Keyword=args…`; `None` for blank and comment lines.
fn split(raw: &str) -> Option<(String, Vec<String>)> {
    let line = raw.trim();
    if line.is_empty() || line.starts_with('#') {
        return None;
    }
    let (keyword, rest) = match line.find(|c: char| c.is_whitespace() || c == '=') {
        Some(at) => (line.get(..at)?, line.get(at..)?),
        None => (line, ""),
    };
    let rest = rest.trim_start();
    let rest = rest.strip_prefix('=').unwrap_or(rest).trim();
    Some((keyword.to_string(), words(rest)))
}

/// Arguments separated by whitespace; double quotes group.
fn words(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut current = String::new();
    let mut quoted = false;
    for c in text.chars() {
        match c {
            '"' => quoted = !quoted,
            c if c.is_whitespace() && !quoted => {
                if !current.is_empty() {
                    out.push(std::mem::take(&mut current));
                }
            }
            c => current.push(c),
        }
    }
    if !current.is_empty() {
        out.push(current);
    }
    out
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn kept(files: &[(&str, &str)]) -> Kept {
        let mut k = Kept::default();
        for (p, t) in files {
            k.files.insert((*p).to_string(), t.as_bytes().to_vec());
        }
        k
    }

    #[test]
    fn first_value_wins_and_comments_do_not_count() {
        let k = kept(&[("/etc/ssh/sshd_config", "# PasswordAuthentication no\n  #PermitRootLogin no\nPasswordAuthentication yes\npasswordauthentication no\nPermitRootLogin=no\n")]);
        let c = Config::load(&k).unwrap();
        assert_eq!(c.effective("PasswordAuthentication"), Some(("yes".into(), Source::Line("/etc/ssh/sshd_config:3".into()))));
        assert_eq!(c.effective("PermitRootLogin").unwrap().0, "no");
        assert_eq!(c.effective("PubkeyAuthentication"), Some(("yes".into(), Source::Default)));
    }

    #[test]
    fn includes_expand_in_place_in_lexical_order() {
        // Debian's layout: the include comes first, so drop-ins win.
        let k = kept(&[
            ("/etc/ssh/sshd_config", "Include /etc/ssh/sshd_config.d/*.conf\nPasswordAuthentication yes\n"),
            ("/etc/ssh/sshd_config.d/60-cloudimg.conf", "PasswordAuthentication no\n"),
            ("/etc/ssh/sshd_config.d/50-a.conf", "PermitRootLogin yes\n"),
            ("/etc/ssh/sshd_config.d/notes.txt", "PasswordAuthentication maybe\n"),
        ]);
        let c = Config::load(&k).unwrap();
        assert_eq!(
            c.effective("PasswordAuthentication"),
            Some(("no".into(), Source::Line("/etc/ssh/sshd_config.d/60-cloudimg.conf:1".into())))
        );
        assert_eq!(c.effective("PermitRootLogin").unwrap().0, "yes");
    }

    #[test]
    fn match_blocks_stay_conditional() {
        let k = kept(&[(
            "/etc/ssh/sshd_config",
            "PasswordAuthentication no\nMatch Address 10.0.0.0/8\n  PasswordAuthentication yes\nMatch all\nPermitRootLogin no\nMatch User deploy\n PermitRootLogin yes\n",
        )]);
        let c = Config::load(&k).unwrap();
        assert_eq!(c.effective("PasswordAuthentication").unwrap().0, "no");
        let o = c.overrides("PasswordAuthentication");
        assert_eq!(o.len(), 1);
        assert_eq!(o[0].0.criteria, "Address 10.0.0.0/8");
        assert_eq!(c.effective("PermitRootLogin").unwrap().0, "no", "after `Match all` directives are global again");
        assert_eq!(c.overrides("PermitRootLogin")[0].0.criteria, "User deploy");
    }

    #[test]
    fn include_loops_and_missing_files_are_reported() {
        let k = kept(&[("/etc/ssh/sshd_config", "Include sshd_config\nInclude /etc/ssh/missing.conf\n")]);
        let c = Config::load(&k).unwrap();
        assert!(c.problems.iter().any(|p| p.contains("loop")), "{:?}", c.problems);
        assert!(c.problems.iter().any(|p| p.contains("missing.conf")), "{:?}", c.problems);
        assert!(Config::load(&Kept::default()).is_none());
    }

    proptest! {
        #[test]
        fn never_panics(text in "\\PC{0,200}", include in "[a-z/.*]{0,20}") {
            let k = kept(&[("/etc/ssh/sshd_config", &format!("Include {include}\n{text}")), ("/etc/ssh/x.conf", &text)]);
            if let Some(c) = Config::load(&k) {
                let _ = c.effective("PasswordAuthentication");
                let _ = c.overrides("PermitRootLogin");
            }
        }
    }
}
