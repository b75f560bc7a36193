//! Findings: one verdict of one rule on one resource.

use serde::Serialize;
use serde_json::{Map, Value};

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
    pub account: String,
    /// `global` for account-wide and global-service resources.
    pub region: String,
    /// The ARN where the resource has one, else its id.
    pub resource: String,
    /// ASFF resource type (`AwsS3Bucket`, `AwsIamUser`, ...).
    pub resource_type: &'static str,
    pub message: Message,
    /// The configuration values that decided the verdict.
    pub evidence: Map<String, Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<Reason>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub muted: Option<Muted>,
}

impl Finding {
    /// Sets the message.
    pub fn msg(&mut self, en: impl Into<String>, ja: impl Into<String>) -> &mut Self {
        self.message = Message::new(en, ja);
        self
    }

    /// Adds one evidence value.
    pub fn ev(&mut self, key: &str, value: impl Into<Value>) -> &mut Self {
        self.evidence.insert(key.to_string(), value.into());
        self
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
}

impl Out {
    pub(crate) fn new(rule: &'static Rule) -> Self {
        Out { rule, findings: Vec::new() }
    }

    fn push(&mut self, status: Status, at: At, resource: String) -> &mut Finding {
        self.findings.push(Finding {
            code: self.rule.code,
            status,
            severity: self.rule.severity,
            account: at.account.to_string(),
            region: at.region.to_string(),
            resource,
            resource_type: self.rule.resource_type,
            message: Message::default(),
            evidence: Map::new(),
            reason: None,
            muted: None,
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
        f.reason = Some(reason);
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

    /// Fills messages the rule left empty from its title.
    pub(crate) fn finish(mut self) -> Vec<Finding> {
        let title = self.rule.title;
        for f in &mut self.findings {
            if !f.message.en.is_empty() {
                continue;
            }
            f.message = match f.status {
                Status::Fail => crate::text::Message::new(title.en, title.ja),
                Status::Pass => crate::text::Message::new(
                    format!("No issue (checked: {})", lower_first(title.en)),
                    format!("問題なし（確認項目: {}）", title.ja),
                ),
                Status::Unknown => match &f.reason {
                    Some(r) => crate::text::Message::new(r.render(Lang::En), r.render(Lang::Ja)),
                    None => crate::text::Message::new("could not decide", "判定できませんでした"),
                },
                Status::NotApplicable => crate::text::Message::new("Not applicable", "対象外"),
            };
        }
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
