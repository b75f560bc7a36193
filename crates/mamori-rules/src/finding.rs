//! Findings: one verdict of one rule on one resource.

use std::borrow::Cow;
use std::sync::Arc;

use serde::ser::SerializeMap;
use serde::Serialize;
use serde_json::Value;

use crate::rule::{Rule, Severity};
use crate::text::{Lang, Message};

/// The verdict.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Fail,
    Unknown,
    Pass,
    NotApplicable,
}

impl Status {
    pub const ALL: [Status; 4] = [Status::Fail, Status::Unknown, Status::Pass, Status::NotApplicable];

    pub fn as_str(self) -> &'static str {
        match self {
            Status::Fail => "fail",
            Status::Unknown => "unknown",
            Status::Pass => "pass",
            Status::NotApplicable => "not_applicable",
        }
    }

    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            Status::Fail => lang.pick("fail", "不合格"),
            Status::Unknown => lang.pick("unknown", "不明"),
            Status::Pass => lang.pick("pass", "合格"),
            Status::NotApplicable => lang.pick("not applicable", "対象外"),
        }
    }
}

/// Why a check could not decide: the read that failed or never happened.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Reason {
    /// `service:Operation`, e.g. `s3:GetBucketVersioning`.
    pub operation: String,
    /// `access_denied`, `throttled`, `unsupported`, `timeout`, `network`,
    /// `not_imported`, `other`, `not_collected`, or `incomplete`.
    pub kind: String,
    /// The service's error code, when there was one.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub code: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub detail: String,
}

const MAX_DETAIL: usize = 160;

impl Reason {
    pub fn from_error(e: &mamori_model::CoverageError) -> Reason {
        let mut detail: String = e.message.chars().take(MAX_DETAIL).collect();
        if e.message.chars().count() > MAX_DETAIL {
            detail.push('…');
        }
        Reason { operation: format!("{}:{}", e.service, e.operation), kind: e.kind.as_str().to_string(), code: e.code.clone(), detail }
    }

    pub fn not_collected(service: &str, operation: &str) -> Reason {
        Reason { operation: format!("{service}:{operation}"), kind: "not_collected".into(), code: String::new(), detail: String::new() }
    }

    /// The read succeeded but did not contain what the check needs (a
    /// credential report without the root user's row, a key without a date).
    pub fn incomplete(service: &str, operation: &str) -> Reason {
        Reason { operation: format!("{service}:{operation}"), kind: "incomplete".into(), code: String::new(), detail: String::new() }
    }

    fn kind_text(&self, lang: Lang) -> &'static str {
        match self.kind.as_str() {
            "access_denied" => lang.pick("access denied", "アクセス拒否"),
            "throttled" => lang.pick("throttled", "スロットリング"),
            "unsupported" => lang.pick("operation not supported", "未対応の操作"),
            "timeout" => lang.pick("timed out", "タイムアウト"),
            "network" => lang.pick("network error", "ネットワークエラー"),
            "not_imported" => lang.pick("not in the imported files", "インポートしたファイルに含まれない"),
            "not_collected" => lang.pick("not collected", "未収集"),
            "incomplete" => lang.pick("the answer lacked the needed data", "応答に必要なデータがない"),
            _ => lang.pick("error", "エラー"),
        }
    }

    /// One line for people.
    pub fn render(&self, lang: Lang) -> String {
        let code = if self.code.is_empty() { String::new() } else { format!(", {}", self.code) };
        match lang {
            Lang::En => format!("could not read `{}` ({}{code})", self.operation, self.kind_text(lang)),
            Lang::Ja => format!("`{}` を読み取れませんでした（{}{code}）", self.operation, self.kind_text(lang)),
        }
    }
}

/// An exception that silenced a finding (`mamori.toml` mutelist).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Muted {
    pub reason: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expires: Option<String>,
}

/// One verdict.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Finding {
    pub code: &'static str,
    pub status: Status,
    pub severity: Severity,
    pub account: Arc<str>,
    /// `global` for account-wide and global-service resources.
    pub region: Arc<str>,
    /// The ARN where the resource has one, else its id.
    pub resource: String,
    /// ASFF resource type (`AwsS3Bucket`, `AwsIamUser`, ...).
    pub resource_type: &'static str,
    /// Set by the rule; empty means the default for the status (see [`Finding::text`]).
    #[serde(skip_serializing_if = "Message::is_empty")]
    pub message: Message,
    /// The configuration values that decided the verdict.
    pub evidence: Evidence,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<Box<Reason>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub muted: Option<Box<Muted>>,
    /// The rule judged this resource one level less severe than its default
    /// (kept through severity overrides).
    #[serde(skip)]
    pub lowered: bool,
}

impl Finding {
    /// Judges this resource one severity level below the rule's.
    pub fn lower(&mut self) -> &mut Self {
        if !self.lowered {
            self.lowered = true;
            self.severity = self.severity.lower();
        }
        self
    }

    /// Sets the message.
    pub fn msg(&mut self, en: impl Into<Cow<'static, str>>, ja: impl Into<Cow<'static, str>>) -> &mut Self {
        self.message = Message::new(en, ja);
        self
    }

    /// Adds one evidence value.
    pub fn ev(&mut self, key: &'static str, value: impl Into<Value>) -> &mut Self {
        self.evidence.insert(key, value.into());
        self
    }

    /// The message in `lang`: the rule's own, or the default for the status.
    pub fn text(&self, lang: Lang) -> Cow<'_, str> {
        if !self.message.is_empty() {
            return Cow::Borrowed(self.message.get(lang));
        }
        let title = crate::rule(self.code).map(|r| r.title).unwrap_or(crate::t("", ""));
        match (self.status, lang) {
            (Status::Fail, _) => Cow::Borrowed(title.get(lang)),
            (Status::Pass, Lang::En) => Cow::Owned(format!("No issue (checked: {})", lower_first(title.en))),
            (Status::Pass, Lang::Ja) => Cow::Owned(format!("問題なし（確認項目: {}）", title.ja)),
            (Status::Unknown, _) => match &self.reason {
                Some(r) => Cow::Owned(r.render(lang)),
                None => Cow::Borrowed(lang.pick("could not decide", "判定できませんでした")),
            },
            (Status::NotApplicable, _) => Cow::Borrowed(lang.pick("Not applicable", "対象外")),
        }
    }

    /// Overrides the rule's resource type.
    pub fn kind(&mut self, resource_type: &'static str) -> &mut Self {
        self.resource_type = resource_type;
        self
    }

    /// Whether it counts against `--fail-on`.
    pub fn is_failing(&self) -> bool {
        self.status == Status::Fail && self.muted.is_none()
    }

    /// A stable identity across scans: rule code + account + region + resource.
    pub fn fingerprint(&self) -> String {
        format!("{}|{}|{}|{}", self.code, self.account, self.region, self.resource)
    }
}

/// Evidence: configuration values by name, in the order the rule gave them.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Evidence(Vec<(&'static str, Value)>);

impl Evidence {
    /// Sets `key`, replacing an earlier value.
    pub fn insert(&mut self, key: &'static str, value: Value) {
        match self.0.iter_mut().find(|(k, _)| *k == key) {
            Some(slot) => slot.1 = value,
            None => self.0.push((key, value)),
        }
    }

    pub fn get(&self, key: &str) -> Option<&Value> {
        self.0.iter().find(|(k, _)| *k == key).map(|(_, v)| v)
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn iter(&self) -> impl Iterator<Item = (&'static str, &Value)> {
        self.0.iter().map(|(k, v)| (*k, v))
    }
}

impl Serialize for Evidence {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.0.len()))?;
        for (k, v) in &self.0 {
            map.serialize_entry(k, v)?;
        }
        map.end()
    }
}

/// Where a resource lives.
#[derive(Clone, Copy, Debug)]
pub struct At<'a> {
    pub account: &'a str,
    pub region: &'a str,
}

/// Collects one rule's findings.
pub struct Out {
    rule: &'static Rule,
    pub(crate) findings: Vec<Finding>,
    /// Account ids and region names, shared by every finding that names them.
    names: Vec<Arc<str>>,
}

impl Out {
    pub(crate) fn new(rule: &'static Rule) -> Self {
        Out { rule, findings: Vec::new(), names: Vec::new() }
    }

    fn name(&mut self, text: &str) -> Arc<str> {
        if let Some(n) = self.names.iter().find(|n| &***n == text) {
            return n.clone();
        }
        let n: Arc<str> = Arc::from(text);
        self.names.push(n.clone());
        n
    }

    fn push(&mut self, status: Status, at: At, resource: String) -> &mut Finding {
        let (account, region) = (self.name(at.account), self.name(at.region));
        self.findings.push(Finding {
            code: self.rule.code,
            status,
            severity: self.rule.severity,
            account,
            region,
            resource,
            resource_type: self.rule.resource_type,
            message: Message::default(),
            evidence: Evidence::default(),
            reason: None,
            muted: None,
            lowered: false,
        });
        let last = self.findings.len() - 1;
        &mut self.findings[last]
    }

    pub fn fail(&mut self, at: At, resource: impl Into<String>) -> &mut Finding {
        self.push(Status::Fail, at, resource.into())
    }

    pub fn pass(&mut self, at: At, resource: impl Into<String>) -> &mut Finding {
        self.push(Status::Pass, at, resource.into())
    }

    pub fn not_applicable(&mut self, at: At, resource: impl Into<String>) -> &mut Finding {
        self.push(Status::NotApplicable, at, resource.into())
    }

    pub fn unknown(&mut self, at: At, resource: impl Into<String>, reason: Reason) -> &mut Finding {
        let f = self.push(Status::Unknown, at, resource.into());
        f.reason = Some(Box::new(reason));
        f
    }

    /// `fail` when `failed`, else `pass`; `unknown` when the data was not read.
    pub fn judge(&mut self, at: At, resource: impl Into<String>, failed: Result<bool, Reason>) -> &mut Finding {
        match failed {
            Ok(true) => self.fail(at, resource),
            Ok(false) => self.pass(at, resource),
            Err(reason) => self.unknown(at, resource, reason),
        }
    }

    /// Findings so far.
    pub fn len(&self) -> usize {
        self.findings.len()
    }

    pub fn is_empty(&self) -> bool {
        self.findings.is_empty()
    }

    /// Sets the resource type of the findings made since `from`.
    pub fn retype_from(&mut self, from: usize, resource_type: &'static str) {
        for f in self.findings.iter_mut().skip(from) {
            f.resource_type = resource_type;
        }
    }

    pub(crate) fn finish(self) -> Vec<Finding> {
        self.findings
    }
}

fn lower_first(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        // Keep acronyms and proper nouns (`IAM`, `S3`) as they are.
        Some(c) if chars.clone().next().is_some_and(|n| n.is_lowercase()) => c.to_lowercase().chain(chars).collect(),
        _ => s.to_string(),
    }
}
