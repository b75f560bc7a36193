//! What a collection could and could not read.
//!
//! Every API operation the collector attempts is tallied here, per account,
//! region and service. A check that depends on an operation asks
//! [`Coverage::status`]: anything but [`OpStatus::Collected`] makes the check
//! `unknown`, never `pass`.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// Tallies of every attempted operation, and every failure in detail.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Coverage {
    /// One entry per (account, region, service, operation) that was attempted.
    pub operations: Vec<OperationTally>,
    /// Every failed call: the operation, the resource it was about (if any),
    /// the error code and message.
    pub errors: Vec<CoverageError>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct OperationTally {
    pub account: String,
    /// `global` for global services (IAM, Organizations, CloudFront, ...).
    pub region: String,
    pub service: String,
    pub operation: String,
    /// Calls that succeeded (pages count separately).
    pub ok: u64,
    /// Calls that failed after retries.
    pub failed: u64,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct CoverageError {
    pub account: String,
    pub region: String,
    pub service: String,
    pub operation: String,
    /// The resource the call was about (a bucket name, a user name, ...).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resource: Option<String>,
    pub kind: ErrorKind,
    /// The service's error code (`AccessDenied`, `UnsupportedOperation`, ...)
    /// or a transport description.
    pub code: String,
    pub message: String,
}

/// Why a call failed, so reports can group and explain.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ErrorKind {
    AccessDenied,
    Throttled,
    Unsupported,
    Timeout,
    Network,
    NotImported,
    #[default]
    Other,
}

impl ErrorKind {
    /// Classifies an AWS error code.
    pub fn from_code(code: &str) -> Self {
        let lower = code.to_ascii_lowercase();
        if lower.contains("accessdenied")
            || lower.contains("unauthorized")
            || lower.contains("notauthorized")
            || lower == "authfailure"
            || lower.contains("forbidden")
            || lower.contains("optinrequired")
            || lower.contains("subscriptionrequired")
            || lower == "invalidclienttokenid"
            || lower == "unrecognizedclientexception"
            || lower == "expiredtoken"
        {
            ErrorKind::AccessDenied
        } else if lower.contains("throttl")
            || lower.contains("ratelimit")
            || lower.contains("toomanyrequests")
            || lower == "requestlimitexceeded"
            || lower == "slowdown"
        {
            ErrorKind::Throttled
        } else if lower.contains("unsupported")
            || lower.contains("notimplemented")
            || lower.contains("invalidaction")
            || lower == "unknownoperationexception"
            || lower.contains("notavailable")
        {
            ErrorKind::Unsupported
        } else if lower.contains("timeout") || lower.contains("timedout") {
            ErrorKind::Timeout
        } else {
            ErrorKind::Other
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            ErrorKind::AccessDenied => "access_denied",
            ErrorKind::Throttled => "throttled",
            ErrorKind::Unsupported => "unsupported",
            ErrorKind::Timeout => "timeout",
            ErrorKind::Network => "network",
            ErrorKind::NotImported => "not_imported",
            ErrorKind::Other => "other",
        }
    }
}

/// The state of one operation's data for a check.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum OpStatus<'a> {
    /// Every call of the operation succeeded.
    Collected,
    /// At least one call failed; the first failure is the reason.
    Failed(&'a CoverageError),
    /// Some calls succeeded and some failed (per-resource failures).
    Partial { ok: u64, failed: u64, first: &'a CoverageError },
    /// The operation was never attempted (not in scope, not imported).
    NotCollected,
}

impl Coverage {
    /// The status of `service`'s `operation` in `region` (`global` for global
    /// services) for `account`.
    pub fn status(&self, account: &str, region: &str, service: &str, operation: &str) -> OpStatus<'_> {
        let tally =
            self.operations.iter().find(|t| t.account == account && t.region == region && t.service == service && t.operation == operation);
        let first =
            || self.errors.iter().find(|e| e.account == account && e.region == region && e.service == service && e.operation == operation);
        match tally {
            None => OpStatus::NotCollected,
            Some(t) if t.failed == 0 => OpStatus::Collected,
            Some(t) => match first() {
                Some(e) if t.ok == 0 => OpStatus::Failed(e),
                Some(e) => OpStatus::Partial { ok: t.ok, failed: t.failed, first: e },
                // A tally with failures always has an error entry; if a file
                // was edited by hand and lost it, treat it as never collected.
                None => OpStatus::NotCollected,
            },
        }
    }

    /// The failure for one resource, if its call failed.
    pub fn resource_error(&self, service: &str, operation: &str, resource: &str) -> Option<&CoverageError> {
        self.errors.iter().find(|e| e.service == service && e.operation == operation && e.resource.as_deref() == Some(resource))
    }

    /// Total successful and failed calls.
    pub fn totals(&self) -> (u64, u64) {
        self.operations.iter().fold((0, 0), |(ok, failed), t| (ok + t.ok, failed + t.failed))
    }

    /// Sorts everything so that equal collections serialize to equal bytes.
    pub fn normalize(&mut self) {
        let mut merged: BTreeMap<(String, String, String, String), (u64, u64)> = BTreeMap::new();
        for t in self.operations.drain(..) {
            let entry = merged.entry((t.account, t.region, t.service, t.operation)).or_default();
            entry.0 += t.ok;
            entry.1 += t.failed;
        }
        self.operations = merged
            .into_iter()
            .map(|((account, region, service, operation), (ok, failed))| OperationTally { account, region, service, operation, ok, failed })
            .collect();
        self.errors.sort();
        self.errors.dedup();
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests {
    use super::*;

    fn tally(op: &str, ok: u64, failed: u64) -> OperationTally {
        OperationTally { account: "1".into(), region: "us-east-1".into(), service: "s3".into(), operation: op.into(), ok, failed }
    }

    fn error(op: &str, resource: &str) -> CoverageError {
        CoverageError {
            account: "1".into(),
            region: "us-east-1".into(),
            service: "s3".into(),
            operation: op.into(),
            resource: Some(resource.into()),
            kind: ErrorKind::AccessDenied,
            code: "AccessDenied".into(),
            message: "denied".into(),
        }
    }

    #[test]
    fn status_distinguishes_collected_failed_partial_and_missing() {
        let mut c = Coverage {
            operations: vec![tally("ListBuckets", 1, 0), tally("GetBucketPolicy", 2, 1), tally("GetBucketAcl", 0, 1)],
            errors: vec![error("GetBucketPolicy", "b1"), error("GetBucketAcl", "b2")],
        };
        c.normalize();
        assert_eq!(c.status("1", "us-east-1", "s3", "ListBuckets"), OpStatus::Collected);
        assert!(matches!(c.status("1", "us-east-1", "s3", "GetBucketAcl"), OpStatus::Failed(e) if e.code == "AccessDenied"));
        assert!(matches!(c.status("1", "us-east-1", "s3", "GetBucketPolicy"), OpStatus::Partial { ok: 2, failed: 1, .. }));
        assert_eq!(c.status("1", "us-east-1", "s3", "GetBucketLogging"), OpStatus::NotCollected);
        assert!(c.resource_error("s3", "GetBucketPolicy", "b1").is_some());
        assert!(c.resource_error("s3", "GetBucketPolicy", "b9").is_none());
        assert_eq!(c.totals(), (3, 2));
    }

    #[test]
    fn normalize_merges_duplicate_tallies() {
        let mut c = Coverage { operations: vec![tally("A", 1, 0), tally("A", 2, 1)], errors: vec![] };
        c.normalize();
        assert_eq!(c.operations, vec![tally("A", 3, 1)]);
    }

    #[test]
    fn classifies_error_codes() {
        assert_eq!(ErrorKind::from_code("AccessDeniedException"), ErrorKind::AccessDenied);
        assert_eq!(ErrorKind::from_code("UnauthorizedOperation"), ErrorKind::AccessDenied);
        assert_eq!(ErrorKind::from_code("Throttling"), ErrorKind::Throttled);
        assert_eq!(ErrorKind::from_code("RequestLimitExceeded"), ErrorKind::Throttled);
        assert_eq!(ErrorKind::from_code("UnsupportedOperation"), ErrorKind::Unsupported);
        assert_eq!(ErrorKind::from_code("InternalFailure"), ErrorKind::Other);
    }
}
