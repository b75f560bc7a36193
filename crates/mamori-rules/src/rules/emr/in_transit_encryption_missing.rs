//! EMR-002: traffic between the cluster's nodes is not encrypted.

use super::SECURITY_CONFIGURATION;
use crate::rules::prelude::*;

pub static RULE: Rule = Rule {
    code: "EMR-002",
    name: "EmrInTransitEncryptionMissing",
    area: Area::DataInTransit,
    severity: Severity::Medium,
    title: t("EMR cluster has no in-transit encryption", "EMR クラスターに伝送中の暗号化がない"),
    rationale: t(
        "EMR has many communication paths between nodes and to S3 and DynamoDB, each needing its own protection (Table 14). The security configuration's in-transit encryption turns on TLS for the frameworks that support it.",
        "EMR にはノード間や S3・DynamoDB との通信経路が多数あり、それぞれに保護が必要です（表 14）。セキュリティ設定の伝送中の暗号化で、対応するフレームワークの TLS が有効になります。",
    ),
    sections: &[s::T14_EMR_IN_TRANSIT],
    cis: &[],
    fsbp: &[],
    trusted_advisor: &[],
    resource_type: "AwsEmrCluster",
    remediation: SECURITY_CONFIGURATION,
    since: "0.1.0",
    check: Check::Snapshot(check),
};

fn check(cx: &Cx, out: &mut Out) {
    super::judge_flag(cx, out, "EnableInTransitEncryption");
}
