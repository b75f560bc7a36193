//! The places in the source documents that ask for each control: headings
//! and table captions, in Japanese exactly as the seed documents print them,
//! with an English gloss.

use serde::Serialize;

/// A source document.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub enum Doc {
    /// "AWS セキュリティのベストプラクティス" (AWS Security Best Practices, Aug 2016).
    Whitepaper,
    /// "Amazon EC2 でのインフラストラクチャセキュリティ".
    Ec2Page,
}

impl Doc {
    pub fn short(self) -> &'static str {
        match self {
            Doc::Whitepaper => "WP",
            Doc::Ec2Page => "EC2",
        }
    }

    pub fn title(self) -> &'static str {
        match self {
            Doc::Whitepaper => "AWS セキュリティのベストプラクティス",
            Doc::Ec2Page => "Amazon EC2 でのインフラストラクチャセキュリティ",
        }
    }
}

/// A heading or table of a source document.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Section {
    pub doc: Doc,
    /// As printed in the document.
    pub ja: &'static str,
    pub en: &'static str,
}

const fn wp(ja: &'static str, en: &'static str) -> Section {
    Section { doc: Doc::Whitepaper, ja, en }
}

const fn ec2(ja: &'static str, en: &'static str) -> Section {
    Section { doc: Doc::Ec2Page, ja, en }
}

pub const TRUSTED_ADVISOR: Section = wp("Trusted Advisor ツールの使用", "Using the Trusted Advisor tool");
pub const ASSETS: Section = wp("AWS でのアセットの定義と分類", "Define and categorize assets on AWS");
pub const T1_ASSET_MATRIX: Section = wp("表 1: アセットのマトリックスのサンプル", "Table 1: sample asset matrix");
pub const ACCOUNTS_USERS_ROLES: Section =
    wp("AWS アカウント、IAM ユーザー、グループ、ロールの管理", "Manage AWS accounts, IAM users, groups and roles");
pub const MULTI_ACCOUNT: Section = wp("複数の AWS アカウントを使用する場合の戦略", "Strategies for using multiple AWS accounts");
pub const T3_ACCOUNT_STRATEGY: Section = wp("表 3: AWS アカウントの戦略", "Table 3: AWS account strategies");
pub const IAM_USERS: Section = wp("IAM ユーザーの管理", "Managing IAM users");
pub const IAM_GROUPS: Section = wp("IAM グループの管理", "Managing IAM groups");
pub const CREDENTIALS: Section = wp("AWS 認証情報の管理", "Managing AWS credentials");
pub const T4_SIGN_IN: Section = wp("表 4:サインイン認証情報", "Table 4: sign-in credentials");
pub const T5_PROGRAMMATIC: Section = wp("表 5: プログラムによるアクセスの認証情報", "Table 5: programmatic access credentials");
pub const T6_DELEGATION: Section = wp("表 6:委任の一般的なユースケース", "Table 6: common delegation use cases");
pub const EC2_ROLES: Section = wp("Amazon EC2 の IAM ロール", "IAM roles for Amazon EC2");
pub const CROSS_ACCOUNT: Section = wp("クロスアカウントアクセス", "Cross-account access");
pub const FEDERATION: Section = wp("ID フェデレーション", "Identity federation");
pub const AUTHORIZE_ACCESS: Section = wp("リソースへのアクセスの承認", "Authorizing access to resources");
pub const KEY_MANAGEMENT: Section = wp("クラウドでの暗号化キーの保管と管理", "Storing and managing encryption keys in the cloud");
pub const T7_AT_REST_THREATS: Section = wp("表 7: 保管時のデータに対する脅威", "Table 7: threats to data at rest");
pub const S3_AT_REST: Section = wp("Amazon S3 での保管時のデータの保護", "Protecting data at rest on Amazon S3");
pub const T8_S3: Section =
    wp("表 8: 保管時のデータを保護するための Amazon S3 の機能", "Table 8: Amazon S3 features for protecting data at rest");
pub const EBS_AT_REST: Section = wp("Amazon EBS での保管時のデータの保護", "Protecting data at rest on Amazon EBS");
pub const T9_EBS: Section =
    wp("表 9: 保管時のデータを保護するための Amazon EBS の機能", "Table 9: Amazon EBS features for protecting data at rest");
pub const RDS_AT_REST: Section = wp("Amazon RDS での保管時のデータの保護", "Protecting data at rest on Amazon RDS");
pub const DYNAMODB_AT_REST: Section = wp("Amazon DynamoDB での保管時のデータの保護", "Protecting data at rest on Amazon DynamoDB");
pub const GLACIER_AT_REST: Section = wp("Amazon Glacier での保管時のデータの保護", "Protecting data at rest on Amazon Glacier");
pub const EMR_AT_REST: Section = wp("Amazon EMR での保管時のデータの保護", "Protecting data at rest on Amazon EMR");
pub const T11_EMR: Section = wp("表 11: Amazon EMR での保管時のデータの保護", "Table 11: protecting data at rest in Amazon EMR");
pub const SECURE_DISPOSAL: Section = wp("データとメディアの安全な廃棄", "Secure decommissioning of data and media");
pub const IN_TRANSIT: Section = wp("伝送中のデータの保護", "Protecting data in transit");
pub const T12_IN_TRANSIT_THREATS: Section = wp("表 12: 伝送中のデータに対する脅威", "Table 12: threats to data in transit");
pub const T13_IN_TRANSIT: Section = wp(
    "表 13: パブリッククラウドにアクセスする際の伝送中のアプリケーションデータの保護",
    "Table 13: protecting application data in transit to the public cloud",
);
pub const S3_IN_TRANSIT: Section = wp("Amazon S3 に伝送中のデータの保護", "Protecting data in transit to Amazon S3");
pub const RDS_IN_TRANSIT: Section = wp("Amazon RDS に伝送中のデータの保護", "Protecting data in transit to Amazon RDS");
pub const T14_EMR_IN_TRANSIT: Section =
    wp("表 14: Amazon EMR に伝送中のデータの保護", "Table 14: protecting data in transit to Amazon EMR");
pub const OS_SECURITY: Section =
    wp("オペレーティングシステムとアプリケーションのセキュリティによる保護", "Securing your operating systems and applications");
pub const T15_AMI_CLEANUP: Section =
    wp("表 15: AMI を公開する前のクリーンアップタスク", "Table 15: clean-up tasks before publishing an AMI");
pub const T13_TRANSIT_ACCESS: Section = T13_IN_TRANSIT;
pub const CUSTOM_AMI: Section = wp("カスタム AMI の作成", "Creating custom AMIs");
pub const T16_LINUX_AMI: Section = wp("表 16: Linux/UNIX AMI の保護", "Table 16: securing Linux/UNIX AMIs");
pub const PATCHING: Section = wp("パッチの管理", "Managing patches");
pub const PUBLIC_AMI: Section = wp("パブリック AMI のセキュリティ管理", "Controlling security for public AMIs");
pub const T18_MALWARE: Section = wp("表 18: マルウェア対策の手法", "Table 18: approaches for protection from malware");
pub const T19_ABUSE: Section = wp("表 19: 迷惑行為軽減のベストプラクティス", "Table 19: best practices to mitigate abuse");
pub const INFRASTRUCTURE: Section = wp("インフラストラクチャの保護", "Securing your infrastructure");
pub const VPC: Section = wp("Amazon Virtual Private Cloud (VPC) の使用", "Using Amazon Virtual Private Cloud (VPC)");
pub const T20_VPC_ACCESS: Section = wp("表 20: Amazon VPC でのリソースアクセス", "Table 20: accessing resources in Amazon VPC");
pub const ZONING: Section =
    wp("セキュリティゾーニングとネットワークセグメンテーションの使用", "Using security zoning and network segmentation");
pub const NETWORK_SECURITY: Section = wp("ネットワークセキュリティの強化", "Strengthening network security");
pub const T22_METRICS: Section = wp("表 22: メトリクスの測定および向上", "Table 22: measuring and improving metrics");
pub const DDOS: Section = wp("DoS & DDoS 攻撃の緩和と保護", "Mitigating and protecting against DoS & DDoS attacks");
pub const T23_DDOS: Section =
    wp("表 23: DoS/DDoS 攻撃の緩和と保護の技術", "Table 23: techniques for mitigating and protecting against DoS/DDoS attacks");
pub const MONITORING: Section = wp(
    "セキュリティモニタリング、アラート、監査証跡、インシデント対応の管理",
    "Managing security monitoring, alerting, audit trail and incident response",
);
pub const T24_LOG_FILES: Section = wp("表 24: ログファイルに関する考慮事項", "Table 24: log file considerations");
pub const CHANGE_LOGS: Section = wp("変更管理ログの使用", "Using change management logs");
pub const CRITICAL_TRANSACTIONS: Section = wp("重要なトランザクションのログの管理", "Managing logs for critical transactions");
pub const PROTECT_LOGS: Section = wp("ログ情報の保護", "Protecting log information");

pub const EC2_NETWORK_ISOLATION: Section = ec2("ネットワークの隔離", "Network isolation");
pub const EC2_TRAFFIC: Section = ec2("ネットワークトラフィックの制御", "Controlling network traffic");
pub const EC2_PAGE: Section = ec2("Amazon EC2 でのインフラストラクチャセキュリティ", "Infrastructure security in Amazon EC2");
