//! `mamori.toml`: what to check, how strictly, and what to ignore.

use std::collections::BTreeMap;
use std::path::Path;

use serde::Deserialize;

use crate::rule::Severity;

/// The parsed configuration, with defaults for everything left out.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Config {
    pub scan: ScanConfig,
    /// Code → severity.
    pub severity: BTreeMap<String, Severity>,
    pub scope: Scope,
    pub tags: TagConfig,
    pub ec2: Ec2Config,
    pub network: NetworkConfig,
    pub mute: Vec<Mute>,
    pub soa: SoaConfig,
    /// `[risk]`: per-code likelihood and impact for new risks.
    pub risk: RiskConfig,
    /// `[logs]`: thresholds for `mamori logs detect`, read and checked by that command.
    pub logs: toml::Table,
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ScanConfig {
    /// Code prefixes to run (`NET`, `IAM-01`); empty runs everything.
    pub select: Vec<String>,
    /// Code prefixes to skip.
    pub ignore: Vec<String>,
    pub fail_on: Option<Severity>,
}

#[derive(Clone, Debug, Default, Deserialize, serde::Serialize)]
#[serde(default, deny_unknown_fields)]
pub struct Scope {
    /// Account ids in scope; empty means every account in the snapshot.
    pub accounts: Vec<String>,
    /// Regions in scope; empty means every collected region. Global services
    /// are always in scope.
    pub regions: Vec<String>,
    /// Tag filters `Key=Value` (or `Key` for any value): a tagged resource
    /// (see the asset register) is in scope only when it carries one of
    /// them. Resources mamori tracks no tags for stay in scope.
    pub tags: Vec<String>,
    /// Resources left out of the ISMS scope, with the reason (stage 1).
    pub exclude: Vec<Exclusion>,
}

impl Scope {
    /// Whether anything narrows the scope.
    pub fn is_narrowed(&self) -> bool {
        !(self.accounts.is_empty() && self.regions.is_empty() && self.tags.is_empty() && self.exclude.is_empty())
    }

    /// One line for the reports: what is in, what is out.
    pub fn describe(&self, lang: crate::Lang, out_of_scope: usize) -> String {
        let l = |en: &'static str, ja: &'static str| lang.pick(en, ja);
        let all = l("all", "すべて");
        let list = |v: &[String]| if v.is_empty() { all.to_string() } else { v.join(", ") };
        let mut parts = vec![
            format!("{} {}", l("accounts", "アカウント"), list(&self.accounts)),
            format!("{} {}", l("regions", "リージョン"), list(&self.regions)),
        ];
        if !self.tags.is_empty() {
            parts.push(format!("{} {}", l("tags", "タグ"), self.tags.join(", ")));
        }
        for e in &self.exclude {
            parts.push(format!("{} {} ({})", l("excluded", "除外"), e.resource, e.reason));
        }
        if out_of_scope > 0 {
            parts.push(match lang {
                crate::Lang::En => format!("{out_of_scope} findings out of scope"),
                crate::Lang::Ja => format!("範囲外の検出結果 {out_of_scope} 件"),
            });
        }
        parts.join(" · ")
    }
}

/// A resource (`*` matches any run of characters) outside the scope.
#[derive(Clone, Debug, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct Exclusion {
    pub resource: String,
    pub reason: String,
}

/// `[risk]`: the risk register's defaults.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct RiskConfig {
    /// Code → likelihood and impact (1–5) of the risks its failures open.
    pub defaults: BTreeMap<String, RiskDefault>,
}

#[derive(Clone, Copy, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RiskDefault {
    pub likelihood: u8,
    pub impact: u8,
}

/// `[soa]`: the Statement of Applicability's decisions.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct SoaConfig {
    /// Annex A controls excluded, with the reason.
    pub exclude: Vec<SoaExclusion>,
    /// Controls mamori excludes by default (the physical ones) that apply after all.
    pub include: Vec<String>,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SoaExclusion {
    pub control: String,
    pub reason: String,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct TagConfig {
    /// Tag keys that name a resource's owner (ASSET-001), first match wins.
    pub owner: Vec<String>,
    /// Tag keys that carry a data classification (ASSET-002, S3-004, DDB-002).
    pub classification: Vec<String>,
    /// Classification values that mean confidential (case-insensitive).
    pub confidential: Vec<String>,
    /// Classification values that mean business-critical (S3-009).
    pub critical: Vec<String>,
}

impl Default for TagConfig {
    fn default() -> Self {
        TagConfig {
            owner: vec!["Owner".into(), "owner".into(), "Team".into()],
            classification: vec![
                "DataClassification".into(),
                "Classification".into(),
                "classification".into(),
                "data-classification".into(),
            ],
            confidential: vec!["confidential".into(), "restricted".into(), "secret".into(), "critical".into()],
            critical: vec!["critical".into()],
        }
    }
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Ec2Config {
    /// AMI owner accounts trusted besides the account itself and Amazon (EC2-002).
    pub trusted_ami_owners: Vec<String>,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct NetworkConfig {
    /// Remote administration ports (NET-001, NET-005, NET-012).
    pub admin_ports: Vec<u16>,
    /// Database ports (NET-002).
    pub database_ports: Vec<u16>,
    /// Further TCP ports that must not be reachable from the internet
    /// (NET-007, with the admin and database ports).
    pub sensitive_ports: Vec<u16>,
    /// Source prefixes trusted to reach sensitive ports (NET-007): an
    /// office or VPN range. Everything else on the internet is not.
    pub trusted_sources: Vec<String>,
    /// Tag keys that name a resource's tier (NET-008).
    pub tier_tags: Vec<String>,
    /// Tier values that must not sit in a public subnet (NET-008).
    pub internal_tiers: Vec<String>,
    /// Security zones (NET-013, `mamori net zones`).
    pub zones: Vec<mamori_net::Zone>,
    /// Flows the zone policy allows; everything else between zones is a violation.
    pub flows: Vec<mamori_net::Flow>,
}

impl Default for NetworkConfig {
    fn default() -> Self {
        NetworkConfig {
            admin_ports: vec![22, 23, 3389, 5500],
            database_ports: vec![1433, 1434, 1521, 3306, 5432],
            sensitive_ports: vec![135, 139, 445, 2049, 2375, 2376, 5601, 5900, 6379, 9200, 9300, 11211, 27017],
            trusted_sources: Vec::new(),
            tier_tags: vec!["Tier".into(), "tier".into()],
            internal_tiers: ["app", "application", "backend", "data", "database", "db", "internal", "private"].map(String::from).to_vec(),
            zones: Vec::new(),
            flows: Vec::new(),
        }
    }
}

/// Silences the findings of `code` on resources matching `resource`
/// (`*` matches any run of characters) until `expires`.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Mute {
    pub code: String,
    #[serde(default = "any")]
    pub resource: String,
    pub reason: String,
    /// `YYYY-MM-DD`; the entry stops muting after this day.
    pub expires: Option<String>,
}

fn any() -> String {
    "*".into()
}

/// A configuration file that cannot be used, with where.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("cannot read `{path}`: {source}")]
    Io { path: String, source: std::io::Error },
    #[error("{path}: {message}")]
    Invalid { path: String, message: String },
    #[error("{path}:{line}: {problem}")]
    Value { path: String, line: usize, problem: ConfigProblem },
}

/// What is wrong with a value of a well-formed file.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ConfigProblem {
    #[error("`{section}`: unknown code `{code}`")]
    UnknownCode { section: &'static str, code: String },
    #[error("`{section}`: no code starts with `{prefix}`")]
    UnknownPrefix { section: &'static str, prefix: String },
    #[error("`mute.expires`: `{0}` is not a date (YYYY-MM-DD)")]
    BadDate(String),
    #[error("`mute.reason` must say why")]
    NoReason,
    #[error("`network`: {0}")]
    Zone(mamori_net::ZoneError),
    #[error("`network.trusted_sources`: `{0}` is not a CIDR block")]
    BadPrefix(String),
    #[error("`risk.defaults.{0}`: likelihood and impact are from 1 to 5")]
    RiskRange(String),
}

impl ConfigProblem {
    /// The problem in Japanese.
    pub fn ja(&self) -> String {
        match self {
            ConfigProblem::UnknownCode { section, code } => format!("`{section}`: コード `{code}` は存在しません"),
            ConfigProblem::UnknownPrefix { section, prefix } => format!("`{section}`: `{prefix}` で始まるコードはありません"),
            ConfigProblem::BadDate(v) => format!("`mute.expires`: `{v}` は日付（YYYY-MM-DD）ではありません"),
            ConfigProblem::NoReason => "`mute.reason` に理由を書いてください".to_string(),
            ConfigProblem::BadPrefix(p) => format!("`network.trusted_sources`: `{p}` は CIDR ブロックではありません"),
            ConfigProblem::RiskRange(c) => format!("`risk.defaults.{c}`: 発生可能性と影響は 1 から 5 です"),
            ConfigProblem::Zone(e) => match e {
                mamori_net::ZoneError::UnknownZone(z) => format!("`network`: フローが宣言されていないゾーン `{z}` を指定しています"),
                mamori_net::ZoneError::BadPort(p) => {
                    format!("`network`: `{p}` はポート指定（tcp/443、udp/1000-2000、icmp、all）ではありません")
                }
                mamori_net::ZoneError::BadTag(t) => format!("`network`: `{t}` はタグ条件（key=value）ではありません"),
            },
        }
    }
}

impl Config {
    pub fn load(path: &Path) -> Result<Config, ConfigError> {
        let text = std::fs::read_to_string(path).map_err(|source| ConfigError::Io { path: path.display().to_string(), source })?;
        Config::parse(&text, &path.display().to_string())
    }

    /// Parses and validates `text`; `name` is used in error messages.
    pub fn parse(text: &str, name: &str) -> Result<Config, ConfigError> {
        let config: Config = toml::from_str(text)
            .map_err(|e| ConfigError::Invalid { path: name.to_string(), message: e.to_string().trim_end().to_string() })?;
        config.validate(text, name)?;
        Ok(config)
    }

    fn validate(&self, text: &str, name: &str) -> Result<(), ConfigError> {
        let value_error =
            |needle: &str, problem: ConfigProblem| ConfigError::Value { path: name.to_string(), line: line_of(text, needle), problem };
        let known = |code: &str| crate::codes::RULES.iter().any(|r| r.code == code);
        let known_prefix = |prefix: &str| crate::codes::RULES.iter().any(|r| r.code.starts_with(prefix));
        for code in self.severity.keys() {
            if !known(code) {
                return Err(value_error(code, ConfigProblem::UnknownCode { section: "severity", code: code.clone() }));
            }
        }
        for (code, d) in &self.risk.defaults {
            if !known(code) {
                return Err(value_error(code, ConfigProblem::UnknownCode { section: "risk.defaults", code: code.clone() }));
            }
            if !(1..=5).contains(&d.likelihood) || !(1..=5).contains(&d.impact) {
                return Err(value_error(code, ConfigProblem::RiskRange(code.clone())));
            }
        }
        for prefix in self.scan.select.iter().chain(&self.scan.ignore) {
            if !known_prefix(prefix) {
                return Err(value_error(prefix, ConfigProblem::UnknownPrefix { section: "scan", prefix: prefix.clone() }));
            }
        }
        for m in &self.mute {
            if !known_prefix(&m.code) {
                return Err(value_error(&m.code, ConfigProblem::UnknownPrefix { section: "mute", prefix: m.code.clone() }));
            }
            if let Some(day) = &m.expires {
                if day.parse::<jiff::civil::Date>().is_err() {
                    return Err(value_error(day, ConfigProblem::BadDate(day.clone())));
                }
            }
            if m.reason.trim().is_empty() {
                return Err(value_error("reason", ConfigProblem::NoReason));
            }
        }
        if let Some(bad) = self.network.trusted_sources.iter().find(|p| mamori_net::Prefix::parse(p).is_none()) {
            return Err(value_error(bad, ConfigProblem::BadPrefix(bad.clone())));
        }
        if let Err(e) = mamori_net::zones::validate(&self.network.zones, &self.network.flows) {
            let needle = match &e {
                mamori_net::ZoneError::UnknownZone(x) | mamori_net::ZoneError::BadPort(x) | mamori_net::ZoneError::BadTag(x) => x.clone(),
            };
            return Err(value_error(&needle, ConfigProblem::Zone(e)));
        }
        Ok(())
    }

    /// Whether `code` runs under `select`/`ignore` (the longest matching
    /// prefix decides, like Ruff).
    pub fn selects(&self, code: &str) -> bool {
        let best = |list: &[String]| list.iter().filter(|p| code.starts_with(p.as_str())).map(|p| p.len()).max();
        let selected = if self.scan.select.is_empty() { Some(0) } else { best(&self.scan.select) };
        match (selected, best(&self.scan.ignore)) {
            (None, _) => false,
            (Some(_), None) => true,
            (Some(s), Some(i)) => s > i,
        }
    }

    pub fn account_in_scope(&self, account: &str) -> bool {
        self.scope.accounts.is_empty() || self.scope.accounts.iter().any(|a| a == account)
    }

    pub fn region_in_scope(&self, region: &str) -> bool {
        region == mamori_model::GLOBAL || self.scope.regions.is_empty() || self.scope.regions.iter().any(|r| r == region)
    }
}

/// The 1-based line of the first occurrence of `needle` (1 when absent).
fn line_of(text: &str, needle: &str) -> usize {
    text.find(needle).map(|at| text[..at].matches('\n').count() + 1).unwrap_or(1)
}

/// `*` matches any run of characters (and `?` one).
pub fn glob_match(pattern: &str, text: &str) -> bool {
    mamori_model::wildcard::matches(pattern, text, false)
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests {
    use super::*;

    #[test]
    fn errors_point_at_the_line() {
        let err = Config::parse("[scan]\nselect = [\"IAM\"]\n\n[severity]\n\"XYZ-001\" = \"low\"\n", "mamori.toml").unwrap_err();
        assert_eq!(err.to_string(), "mamori.toml:5: `severity`: unknown code `XYZ-001`");
        let err = Config::parse("[scan]\nselekt = []\n", "mamori.toml").unwrap_err().to_string();
        assert!(err.contains("line 2") && err.contains("selekt"), "{err}");
        let err = Config::parse("[severity]\n\"IAM-001\" = \"urgent\"\n", "m.toml").unwrap_err().to_string();
        assert!(err.contains("line 2") && err.contains("urgent"), "{err}");
        let err = Config::parse("[[mute]]\ncode = \"IAM-001\"\nreason = \"x\"\nexpires = \"soon\"\n", "m.toml").unwrap_err();
        assert_eq!(err.to_string(), "m.toml:4: `mute.expires`: `soon` is not a date (YYYY-MM-DD)");
    }

    #[test]
    fn longest_prefix_decides_selection() {
        let mut c = Config::default();
        assert!(c.selects("NET-001"));
        c.scan.select = vec!["NET".into()];
        c.scan.ignore = vec!["NET-00".into()];
        assert!(!c.selects("NET-001"));
        assert!(c.selects("NET-010"));
        assert!(!c.selects("IAM-001"));
        c.scan.select = vec!["NET".into(), "NET-001".into()];
        assert!(c.selects("NET-001"));
    }

    #[test]
    fn globs() {
        assert!(glob_match("arn:aws:s3:::logs-*", "arn:aws:s3:::logs-123"));
        assert!(glob_match("*", ""));
        assert!(glob_match("a*b*c", "aXXbYYc"));
        assert!(!glob_match("a*b", "aXXc"));
        assert!(!glob_match("abc", "abcd"));
    }
}
