//! Alerts: what a detection found, with where it found it.

use serde::Serialize;

use crate::sigma::Level;

/// The detection that raised an alert.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DetectionRef {
    pub id: String,
    pub title: String,
    /// Japanese title (mamori's own detections; SigmaHQ's rules are English only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title_ja: Option<String>,
    pub level: Level,
    /// `sigma` for a loaded Sigma rule, `mamori` for a built-in detection.
    pub origin: &'static str,
    /// The mamori control the detection watches (MON-001…MON-015), if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
    pub author: String,
    /// Where the rule is published (SigmaHQ's Detection Rule License asks
    /// for the author and a link to be kept with every alert).
    #[serde(skip_serializing_if = "String::is_empty")]
    pub link: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<String>,
}

/// Where an event came from.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Origin {
    pub file: String,
    /// 0-based index of the record in the file.
    pub record: u64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<usize>,
}

/// One alert.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Alert {
    pub detection: DetectionRef,
    /// `cloudtrail` or `flow-logs`.
    pub source: &'static str,
    /// Time of the (first) event, RFC 3339.
    pub time: String,
    /// Time of the last event, for alerts over several events.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub end_time: Option<String>,
    /// Events behind the alert.
    pub count: u64,
    /// Who acted: a principal ARN for CloudTrail, a source address for flow logs.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub actor: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source_ip: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub account: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub event_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub event_source: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub event_id: Option<String>,
    /// One line saying what happened, in English and Japanese.
    pub message: String,
    pub message_ja: String,
    /// The fields the detection read and their values (secrets redacted).
    pub evidence: serde_json::Value,
    /// Where the events are (the first few for alerts over many events).
    pub origins: Vec<Origin>,
}

impl Alert {
    /// Order for output: time, then detection, then place.
    pub fn sort_key(&self) -> (&str, &str, Option<&Origin>) {
        (self.time.as_str(), self.detection.id.as_str(), self.origins.first())
    }
}

/// Field names whose values are never shown.
pub(crate) fn is_secret_path(path: &str) -> bool {
    let p = path.to_ascii_lowercase();
    ["password", "secret", "token", "credential", "privatekey", "private_key", "sessionkey"].iter().any(|s| p.contains(s))
}

/// Shortens long evidence strings.
pub(crate) fn clip(s: &str) -> String {
    const MAX: usize = 256;
    if s.len() <= MAX {
        return s.to_string();
    }
    let mut end = MAX;
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    format!("{}…", s.get(..end).unwrap_or_default())
}
