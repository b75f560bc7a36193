//! EMR-001: the cluster's data at rest is not encrypted.

use super::SECURITY_CONFIGURATION;
use crate::rules::prelude::*;

pub static RULE: Rule = Rule {
    code: "EMR-001",
    name: "EmrAtRestEncryptionMissing",
    area: Area::DataAtRest,
    severity: Severity::Medium,
    title: t("EMR cluster has no security configuration with at-rest encryption", "EMR クラスターに保管時の暗号化を含むセキュリティ設定がない"),
    rationale: t(
        "By default EMR instances do not encrypt data at rest (Table 11): HDFS blocks, spill files and EMRFS data on S3 stay in clear text unless a security configuration turns encryption on.",
        "デフォルトでは EMR インスタンスは保管時のデータを暗号化しません（表 11）。セキュリティ設定で暗号化を有効にしない限り、HDFS ブロック、スピルファイル、S3 上の EMRFS データは平文のままです。",
    ),
    sections: &[s::T11_EMR, s::EMR_AT_REST],
    cis: &[],
    fsbp: &[],
    trusted_advisor: &[],
    resource_type: "AwsEmrCluster",
    remediation: SECURITY_CONFIGURATION,
    since: "0.1.0",
    check: Check::Snapshot(check),
};

fn check(cx: &Cx, out: &mut Out) {
    super::judge_flag(cx, out, "EnableAtRestEncryption");
}
