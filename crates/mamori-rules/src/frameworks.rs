//! Compliance frameworks: their requirements and the codes that assess them.

use serde::Serialize;

use crate::finding::{Finding, Status};
use crate::rule::Rule;
use crate::text::{t, Text};

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Framework {
    /// The whitepaper's and the EC2 page's sections.
    #[default]
    Whitepaper,
    /// CIS AWS Foundations Benchmark v3.0.0.
    Cis30,
    /// AWS Foundational Security Best Practices.
    Fsbp,
}

impl Framework {
    pub const ALL: [Framework; 3] = [Framework::Whitepaper, Framework::Cis30, Framework::Fsbp];

    pub fn name(self) -> &'static str {
        match self {
            Framework::Whitepaper => "whitepaper",
            Framework::Cis30 => "cis-3.0",
            Framework::Fsbp => "fsbp",
        }
    }

    pub fn parse(name: &str) -> Option<Framework> {
        Framework::ALL.into_iter().find(|f| f.name() == name)
    }

    pub fn title(self) -> Text {
        match self {
            Framework::Whitepaper => t(
                "AWS Security Best Practices (2016) and EC2 infrastructure security",
                "AWS セキュリティのベストプラクティス（2016）と EC2 インフラストラクチャセキュリティ",
            ),
            Framework::Cis30 => t("CIS AWS Foundations Benchmark v3.0.0", "CIS AWS Foundations Benchmark v3.0.0"),
            Framework::Fsbp => t("AWS Foundational Security Best Practices", "AWS 基礎セキュリティのベストプラクティス（FSBP）"),
        }
    }

    /// The requirements, in the framework's order.
    pub fn requirements(self) -> Vec<Requirement> {
        match self {
            Framework::Whitepaper => {
                let mut sections: Vec<crate::sections::Section> =
                    crate::codes::RULES.iter().flat_map(|r| r.sections.iter().copied()).collect();
                sections.sort();
                sections.dedup();
                sections
                    .into_iter()
                    .map(|s| Requirement { id: format!("{}: {}", s.doc.short(), s.ja), title: Text { en: s.en, ja: s.ja } })
                    .collect()
            }
            Framework::Cis30 => CIS_3_0.iter().map(|(id, title)| Requirement { id: (*id).to_string(), title: *title }).collect(),
            Framework::Fsbp => {
                let mut ids: Vec<&str> = crate::codes::RULES.iter().flat_map(|r| r.fsbp.iter().copied()).collect();
                ids.sort_by_key(|id| fsbp_order(id));
                ids.dedup();
                ids.into_iter().map(|id| Requirement { id: id.to_string(), title: t("", "") }).collect()
            }
        }
    }

    /// Whether `rule` assesses requirement `id`.
    pub fn maps(self, rule: &Rule, id: &str) -> bool {
        match self {
            Framework::Whitepaper => rule.sections.iter().any(|s| format!("{}: {}", s.doc.short(), s.ja) == id),
            Framework::Cis30 => rule.cis.contains(&id),
            Framework::Fsbp => rule.fsbp.contains(&id),
        }
    }
}

fn fsbp_order(id: &str) -> (String, u32) {
    let (service, n) = id.split_once('.').unwrap_or((id, "0"));
    (service.to_string(), n.parse().unwrap_or(0))
}

#[derive(Clone, Debug, Serialize)]
pub struct Requirement {
    pub id: String,
    pub title: Text,
}

/// A requirement's result over a scan.
#[derive(Clone, Debug, Serialize)]
pub struct RequirementResult {
    pub id: String,
    pub title: Text,
    pub codes: Vec<&'static str>,
    pub fail: usize,
    pub unknown: usize,
    pub pass: usize,
    pub not_applicable: usize,
    /// `fail`, `unknown`, `pass`, `not_applicable`, or `not_assessed` when
    /// no mamori rule covers it (manual checks, or rules still to come).
    pub status: &'static str,
}

/// The per-requirement summary of a scan for `framework`.
pub fn summarize(framework: Framework, findings: &[Finding], ran: &[&'static str]) -> Vec<RequirementResult> {
    framework
        .requirements()
        .into_iter()
        .map(|req| {
            let codes: Vec<&'static str> =
                crate::codes::RULES.iter().filter(|r| ran.contains(&r.code) && framework.maps(r, &req.id)).map(|r| r.code).collect();
            let (mut fail, mut unknown, mut pass, mut not_applicable) = (0, 0, 0, 0);
            for f in findings.iter().filter(|f| codes.contains(&f.code)) {
                match f.status {
                    // A muted failure is an accepted exception: not counted as either.
                    Status::Fail => fail += usize::from(f.muted.is_none()),
                    Status::Pass => pass += 1,
                    Status::Unknown => unknown += 1,
                    Status::NotApplicable => not_applicable += 1,
                }
            }
            let status = if codes.is_empty() {
                "not_assessed"
            } else if fail > 0 {
                "fail"
            } else if unknown > 0 {
                "unknown"
            } else if pass > 0 {
                "pass"
            } else {
                "not_applicable"
            };
            RequirementResult { id: req.id, title: req.title, codes, fail, unknown, pass, not_applicable, status }
        })
        .collect()
}

/// CIS AWS Foundations Benchmark v3.0.0: the 62 recommendations.
pub const CIS_3_0: &[(&str, Text)] = &[
    ("1.1", t("Maintain current contact details", "連絡先情報を最新に保つ")),
    ("1.2", t("Ensure security contact information is registered", "セキュリティ連絡先情報が登録されていること")),
    ("1.3", t("Ensure security questions are registered in the AWS account", "AWS アカウントにセキュリティの質問が登録されていること")),
    ("1.4", t("Ensure no 'root' user account access key exists", "ルートユーザーのアクセスキーが存在しないこと")),
    ("1.5", t("Ensure MFA is enabled for the 'root' user account", "ルートユーザーで MFA が有効であること")),
    ("1.6", t("Ensure hardware MFA is enabled for the 'root' user account", "ルートユーザーでハードウェア MFA が有効であること")),
    ("1.7", t("Eliminate use of the 'root' user for administrative and daily tasks", "管理作業や日常業務でルートユーザーを使用しないこと")),
    (
        "1.8",
        t("Ensure IAM password policy requires minimum length of 14 or greater", "IAM パスワードポリシーで最小文字数が 14 以上であること"),
    ),
    ("1.9", t("Ensure IAM password policy prevents password reuse", "IAM パスワードポリシーでパスワードの再利用を防いでいること")),
    (
        "1.10",
        t(
            "Ensure MFA is enabled for all IAM users that have a console password",
            "コンソールパスワードを持つすべての IAM ユーザーで MFA が有効であること",
        ),
    ),
    (
        "1.11",
        t(
            "Do not setup access keys during initial user setup for all IAM users that have a console password",
            "コンソールパスワードを持つ IAM ユーザーの初期設定時にアクセスキーを作成しないこと",
        ),
    ),
    ("1.12", t("Ensure credentials unused for 45 days or greater are disabled", "45 日以上使われていない認証情報が無効化されていること")),
    (
        "1.13",
        t("Ensure there is only one active access key for any single IAM user", "各 IAM ユーザーの有効なアクセスキーが 1 つだけであること"),
    ),
    ("1.14", t("Ensure access keys are rotated every 90 days or less", "アクセスキーが 90 日以内に更新されていること")),
    ("1.15", t("Ensure IAM users receive permissions only through groups", "IAM ユーザーにはグループ経由でのみ権限を付与すること")),
    (
        "1.16",
        t(
            "Ensure IAM policies that allow full \"*:*\" administrative privileges are not attached",
            "\"*:*\" の完全な管理者権限を許すポリシーがアタッチされていないこと",
        ),
    ),
    (
        "1.17",
        t(
            "Ensure a support role has been created to manage incidents with AWS Support",
            "AWS サポートでインシデントを扱うサポートロールが作成されていること",
        ),
    ),
    (
        "1.18",
        t(
            "Ensure IAM instance roles are used for AWS resource access from instances",
            "インスタンスからの AWS リソースアクセスに IAM インスタンスロールを使用すること",
        ),
    ),
    (
        "1.19",
        t(
            "Ensure that all expired SSL/TLS certificates stored in AWS IAM are removed",
            "IAM に保存された期限切れの SSL/TLS 証明書がすべて削除されていること",
        ),
    ),
    ("1.20", t("Ensure that IAM Access Analyzer is enabled for all regions", "すべてのリージョンで IAM Access Analyzer が有効であること")),
    (
        "1.21",
        t(
            "Ensure IAM users are managed centrally via identity federation or AWS Organizations for multi-account environments",
            "複数アカウント環境では IAM ユーザーを ID フェデレーションまたは AWS Organizations で一元管理すること",
        ),
    ),
    ("1.22", t("Ensure access to AWSCloudShellFullAccess is restricted", "AWSCloudShellFullAccess へのアクセスが制限されていること")),
    ("2.1.1", t("Ensure S3 bucket policy is set to deny HTTP requests", "S3 バケットポリシーで HTTP リクエストを拒否していること")),
    ("2.1.2", t("Ensure MFA Delete is enabled on S3 buckets", "S3 バケットで MFA Delete が有効であること")),
    (
        "2.1.3",
        t(
            "Ensure all data in Amazon S3 has been discovered, classified and secured when required",
            "Amazon S3 のすべてのデータが必要に応じて発見・分類・保護されていること",
        ),
    ),
    (
        "2.1.4",
        t(
            "Ensure that S3 buckets are configured with 'Block public access (bucket settings)'",
            "S3 バケットで「パブリックアクセスをブロック（バケット設定）」が構成されていること",
        ),
    ),
    ("2.2.1", t("Ensure EBS volume encryption is enabled in all regions", "すべてのリージョンで EBS ボリュームの暗号化が有効であること")),
    ("2.3.1", t("Ensure that encryption-at-rest is enabled for RDS instances", "RDS インスタンスで保管時の暗号化が有効であること")),
    (
        "2.3.2",
        t(
            "Ensure Auto Minor Version Upgrade feature is enabled for RDS instances",
            "RDS インスタンスでマイナーバージョン自動アップグレードが有効であること",
        ),
    ),
    ("2.3.3", t("Ensure that public access is not given to RDS instances", "RDS インスタンスにパブリックアクセスが許可されていないこと")),
    ("2.4.1", t("Ensure that encryption is enabled for EFS file systems", "EFS ファイルシステムで暗号化が有効であること")),
    ("3.1", t("Ensure CloudTrail is enabled in all regions", "すべてのリージョンで CloudTrail が有効であること")),
    ("3.2", t("Ensure CloudTrail log file validation is enabled", "CloudTrail のログファイル検証が有効であること")),
    ("3.3", t("Ensure AWS Config is enabled in all regions", "すべてのリージョンで AWS Config が有効であること")),
    (
        "3.4",
        t(
            "Ensure that server access logging is enabled on the CloudTrail S3 bucket",
            "CloudTrail の S3 バケットでサーバーアクセスログが有効であること",
        ),
    ),
    ("3.5", t("Ensure CloudTrail logs are encrypted at rest using KMS CMKs", "CloudTrail ログが KMS CMK で保管時に暗号化されていること")),
    (
        "3.6",
        t("Ensure rotation for customer-created symmetric CMKs is enabled", "お客様が作成した対称 CMK のローテーションが有効であること"),
    ),
    ("3.7", t("Ensure VPC flow logging is enabled in all VPCs", "すべての VPC で VPC フローログが有効であること")),
    (
        "3.8",
        t(
            "Ensure that object-level logging for write events is enabled for S3 buckets",
            "S3 バケットで書き込みイベントのオブジェクトレベルログが有効であること",
        ),
    ),
    (
        "3.9",
        t(
            "Ensure that object-level logging for read events is enabled for S3 buckets",
            "S3 バケットで読み取りイベントのオブジェクトレベルログが有効であること",
        ),
    ),
    ("4.1", t("Ensure unauthorized API calls are monitored", "不正な API 呼び出しを監視していること")),
    (
        "4.2",
        t("Ensure management console sign-in without MFA is monitored", "MFA なしのマネジメントコンソールへのサインインを監視していること"),
    ),
    ("4.3", t("Ensure usage of the 'root' account is monitored", "ルートアカウントの使用を監視していること")),
    ("4.4", t("Ensure IAM policy changes are monitored", "IAM ポリシーの変更を監視していること")),
    ("4.5", t("Ensure CloudTrail configuration changes are monitored", "CloudTrail の設定変更を監視していること")),
    ("4.6", t("Ensure AWS Management Console authentication failures are monitored", "マネジメントコンソールの認証失敗を監視していること")),
    (
        "4.7",
        t(
            "Ensure disabling or scheduled deletion of customer created CMKs is monitored",
            "お客様が作成した CMK の無効化や削除予定を監視していること",
        ),
    ),
    ("4.8", t("Ensure S3 bucket policy changes are monitored", "S3 バケットポリシーの変更を監視していること")),
    ("4.9", t("Ensure AWS Config configuration changes are monitored", "AWS Config の設定変更を監視していること")),
    ("4.10", t("Ensure security group changes are monitored", "セキュリティグループの変更を監視していること")),
    ("4.11", t("Ensure Network Access Control List (NACL) changes are monitored", "ネットワーク ACL の変更を監視していること")),
    ("4.12", t("Ensure changes to network gateways are monitored", "ネットワークゲートウェイの変更を監視していること")),
    ("4.13", t("Ensure route table changes are monitored", "ルートテーブルの変更を監視していること")),
    ("4.14", t("Ensure VPC changes are monitored", "VPC の変更を監視していること")),
    ("4.15", t("Ensure AWS Organizations changes are monitored", "AWS Organizations の変更を監視していること")),
    ("4.16", t("Ensure AWS Security Hub is enabled", "AWS Security Hub が有効であること")),
    (
        "5.1",
        t(
            "Ensure no Network ACLs allow ingress from 0.0.0.0/0 to remote server administration ports",
            "ネットワーク ACL が 0.0.0.0/0 からリモート管理ポートへの受信を許可していないこと",
        ),
    ),
    (
        "5.2",
        t(
            "Ensure no security groups allow ingress from 0.0.0.0/0 to remote server administration ports",
            "セキュリティグループが 0.0.0.0/0 からリモート管理ポートへの受信を許可していないこと",
        ),
    ),
    (
        "5.3",
        t(
            "Ensure no security groups allow ingress from ::/0 to remote server administration ports",
            "セキュリティグループが ::/0 からリモート管理ポートへの受信を許可していないこと",
        ),
    ),
    (
        "5.4",
        t(
            "Ensure the default security group of every VPC restricts all traffic",
            "すべての VPC のデフォルトセキュリティグループがすべての通信を制限していること",
        ),
    ),
    ("5.5", t("Ensure routing tables for VPC peering are \"least access\"", "VPC ピアリングのルートテーブルが「最小アクセス」であること")),
    ("5.6", t("Ensure that EC2 Metadata Service only allows IMDSv2", "EC2 メタデータサービスが IMDSv2 のみを許可していること")),
];

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests {
    use super::*;

    #[test]
    fn cis_has_62_recommendations_and_rules_map_only_to_them() {
        assert_eq!(CIS_3_0.len(), 62);
        for r in crate::codes::RULES {
            for id in r.cis {
                assert!(CIS_3_0.iter().any(|(c, _)| c == id), "{} maps to unknown CIS id {id}", r.code);
            }
        }
    }
}
