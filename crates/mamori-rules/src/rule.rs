//! What every rule declares about itself.

use serde::{Deserialize, Serialize};

use crate::context::Cx;
use crate::finding::Out;
use crate::sections::Section;
use crate::text::Text;

/// How bad a failing finding is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Info,
    Low,
    Medium,
    High,
    Critical,
}

impl Severity {
    /// One level lower (Info stays Info).
    pub fn lower(self) -> Severity {
        match self {
            Severity::Critical => Severity::High,
            Severity::High => Severity::Medium,
            Severity::Medium => Severity::Low,
            Severity::Low | Severity::Info => Severity::Info,
        }
    }

    pub const ALL: [Severity; 5] = [Severity::Critical, Severity::High, Severity::Medium, Severity::Low, Severity::Info];

    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Low => "low",
            Severity::Medium => "medium",
            Severity::High => "high",
            Severity::Critical => "critical",
        }
    }

    pub fn label(self) -> Text {
        match self {
            Severity::Info => crate::t("info", "情報"),
            Severity::Low => crate::t("low", "低"),
            Severity::Medium => crate::t("medium", "中"),
            Severity::High => crate::t("high", "高"),
            Severity::Critical => crate::t("critical", "重大"),
        }
    }

    pub fn parse(text: &str) -> Option<Severity> {
        Severity::ALL.into_iter().find(|s| s.as_str().eq_ignore_ascii_case(text))
    }
}

/// The catalog's areas, in the order reports list them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub enum Area {
    Acct,
    Iam,
    DataAtRest,
    DataInTransit,
    Ec2,
    Net,
    Log,
    Ddos,
    Asset,
}

impl Area {
    pub const ALL: [Area; 9] =
        [Area::Acct, Area::Iam, Area::DataAtRest, Area::DataInTransit, Area::Ec2, Area::Net, Area::Log, Area::Ddos, Area::Asset];

    pub fn slug(self) -> &'static str {
        match self {
            Area::Acct => "account",
            Area::Iam => "iam",
            Area::DataAtRest => "data-at-rest",
            Area::DataInTransit => "data-in-transit",
            Area::Ec2 => "ec2",
            Area::Net => "network",
            Area::Log => "logging",
            Area::Ddos => "ddos",
            Area::Asset => "assets",
        }
    }

    pub fn title(self) -> Text {
        match self {
            Area::Acct => crate::t("Account governance", "アカウントのガバナンス"),
            Area::Iam => crate::t("Identities, credentials and permissions", "ID・認証情報・権限"),
            Area::DataAtRest => crate::t("Data at rest", "保管時のデータ"),
            Area::DataInTransit => crate::t("Data in transit", "伝送中のデータ"),
            Area::Ec2 => crate::t("Operating systems and applications", "オペレーティングシステムとアプリケーション"),
            Area::Net => crate::t("Infrastructure protection", "インフラストラクチャの保護"),
            Area::Log => crate::t("Logging and monitoring", "ログ記録とモニタリング"),
            Area::Ddos => crate::t("DoS and DDoS mitigation", "DoS/DDoS 攻撃の緩和"),
            Area::Asset => crate::t("Assets and classification", "アセットと分類"),
        }
    }
}

/// How to fix a failing finding. `safe` says whether applying the fix can
/// break a working system (Ruff's safe/unsafe fixes): enabling a log is safe,
/// closing a port may not be.
#[derive(Clone, Copy, Debug, Serialize)]
pub struct Remediation {
    pub console: Text,
    pub cli: &'static str,
    pub terraform: &'static str,
    pub safe: bool,
}

/// A rule: its metadata and the check that produces its findings.
pub struct Rule {
    /// Stable code (`IAM-001`); never reused for another meaning.
    pub code: &'static str,
    /// Named for the risk it finds.
    pub name: &'static str,
    pub area: Area,
    pub severity: Severity,
    /// The risk, as a short statement.
    pub title: Text,
    /// Why it matters.
    pub rationale: Text,
    /// Where the whitepaper or the EC2 page asks for it.
    pub sections: &'static [Section],
    pub cis: &'static [&'static str],
    pub fsbp: &'static [&'static str],
    pub trusted_advisor: &'static [&'static str],
    /// The ASFF resource type of the resources it judges.
    pub resource_type: &'static str,
    pub remediation: Remediation,
    /// The mamori version the rule appeared in.
    pub since: &'static str,
    pub check: Check,
}

/// What a rule judges, and the function that does it.
#[derive(Clone, Copy)]
pub enum Check {
    /// An account's configuration, from a snapshot.
    Snapshot(fn(&Cx, &mut Out)),
    /// A machine image or host, from its root filesystem.
    Host(fn(&crate::host::HostCx, &mut Out)),
}

impl std::fmt::Debug for Rule {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Rule").field("code", &self.code).field("name", &self.name).finish()
    }
}
