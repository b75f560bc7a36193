//! ISO/IEC 27001:2022 Annex A and NIST SP 800-53 Rev. 5: which controls each
//! mamori code gives evidence for. The Statement of Applicability is built
//! from this table (ISMS stage 7 and 9 of whitepaper Table 2).
//!
//! The control titles are short descriptive names; the Japanese follows the
//! terms of JIS Q 27001:2023. The mapping is mamori's own judgement of
//! which control a check evidences — a check evidences part of a control,
//! never all of it.

use crate::text::{t, Text};

/// One Annex A control.
#[derive(Clone, Copy, Debug)]
pub struct Control {
    pub id: &'static str,
    pub title: Text,
    /// 5 organizational, 6 people, 7 physical, 8 technological.
    pub theme: u8,
}

macro_rules! controls {
    ($($id:literal $theme:literal $en:literal $ja:literal;)*) => {
        /// The 93 controls of ISO/IEC 27001:2022 Annex A, in order.
        pub const ANNEX_A: &[Control] = &[$(Control { id: $id, title: Text { en: $en, ja: $ja }, theme: $theme }),*];
    };
}

controls! {
    "5.1" 5 "Policies for information security" "情報セキュリティのための方針群";
    "5.2" 5 "Information security roles and responsibilities" "情報セキュリティの役割及び責任";
    "5.3" 5 "Segregation of duties" "職務の分離";
    "5.4" 5 "Management responsibilities" "経営陣の責任";
    "5.5" 5 "Contact with authorities" "関係当局との連絡";
    "5.6" 5 "Contact with special interest groups" "専門組織との連絡";
    "5.7" 5 "Threat intelligence" "脅威インテリジェンス";
    "5.8" 5 "Information security in project management" "プロジェクトマネジメントにおける情報セキュリティ";
    "5.9" 5 "Inventory of information and other associated assets" "情報及びその他の関連資産の目録";
    "5.10" 5 "Acceptable use of information and other associated assets" "情報及びその他の関連資産の利用の許容範囲";
    "5.11" 5 "Return of assets" "資産の返却";
    "5.12" 5 "Classification of information" "情報の分類";
    "5.13" 5 "Labelling of information" "情報のラベル付け";
    "5.14" 5 "Information transfer" "情報転送";
    "5.15" 5 "Access control" "アクセス制御";
    "5.16" 5 "Identity management" "識別情報の管理";
    "5.17" 5 "Authentication information" "認証情報";
    "5.18" 5 "Access rights" "アクセス権";
    "5.19" 5 "Information security in supplier relationships" "供給者関係における情報セキュリティ";
    "5.20" 5 "Addressing information security within supplier agreements" "供給者との合意における情報セキュリティの取扱い";
    "5.21" 5 "Managing information security in the ICT supply chain" "ICT サプライチェーンにおける情報セキュリティの管理";
    "5.22" 5 "Monitoring, review and change management of supplier services" "供給者のサービス提供の監視、レビュー及び変更管理";
    "5.23" 5 "Information security for use of cloud services" "クラウドサービスの利用における情報セキュリティ";
    "5.24" 5 "Information security incident management planning and preparation" "情報セキュリティインシデント管理の計画策定及び準備";
    "5.25" 5 "Assessment and decision on information security events" "情報セキュリティ事象の評価及び決定";
    "5.26" 5 "Response to information security incidents" "情報セキュリティインシデントへの対応";
    "5.27" 5 "Learning from information security incidents" "情報セキュリティインシデントからの学習";
    "5.28" 5 "Collection of evidence" "証拠の収集";
    "5.29" 5 "Information security during disruption" "事業の中断・阻害時の情報セキュリティ";
    "5.30" 5 "ICT readiness for business continuity" "事業継続のための ICT の備え";
    "5.31" 5 "Legal, statutory, regulatory and contractual requirements" "法令、規制及び契約上の要求事項";
    "5.32" 5 "Intellectual property rights" "知的財産権";
    "5.33" 5 "Protection of records" "記録の保護";
    "5.34" 5 "Privacy and protection of personal identifiable information (PII)" "プライバシー及び個人識別可能情報（PII）の保護";
    "5.35" 5 "Independent review of information security" "情報セキュリティの独立したレビュー";
    "5.36" 5 "Compliance with policies, rules and standards for information security" "情報セキュリティのための方針群、規則及び標準の順守";
    "5.37" 5 "Documented operating procedures" "操作手順書";
    "6.1" 6 "Screening" "選考";
    "6.2" 6 "Terms and conditions of employment" "雇用条件";
    "6.3" 6 "Information security awareness, education and training" "情報セキュリティの意識向上、教育及び訓練";
    "6.4" 6 "Disciplinary process" "懲戒手続";
    "6.5" 6 "Responsibilities after termination or change of employment" "雇用の終了又は変更後の責任";
    "6.6" 6 "Confidentiality or non-disclosure agreements" "秘密保持契約又は守秘義務契約";
    "6.7" 6 "Remote working" "リモートワーク";
    "6.8" 6 "Information security event reporting" "情報セキュリティ事象の報告";
    "7.1" 7 "Physical security perimeters" "物理的セキュリティ境界";
    "7.2" 7 "Physical entry" "物理的入退";
    "7.3" 7 "Securing offices, rooms and facilities" "オフィス、部屋及び施設のセキュリティ";
    "7.4" 7 "Physical security monitoring" "物理的セキュリティの監視";
    "7.5" 7 "Protecting against physical and environmental threats" "物理的及び環境的脅威からの保護";
    "7.6" 7 "Working in secure areas" "セキュリティを保つべき領域での作業";
    "7.7" 7 "Clear desk and clear screen" "クリアデスク・クリアスクリーン";
    "7.8" 7 "Equipment siting and protection" "装置の設置及び保護";
    "7.9" 7 "Security of assets off-premises" "構外にある資産のセキュリティ";
    "7.10" 7 "Storage media" "記憶媒体";
    "7.11" 7 "Supporting utilities" "サポートユーティリティ";
    "7.12" 7 "Cabling security" "ケーブル配線のセキュリティ";
    "7.13" 7 "Equipment maintenance" "装置の保守";
    "7.14" 7 "Secure disposal or re-use of equipment" "装置のセキュリティを保った処分又は再利用";
    "8.1" 8 "User endpoint devices" "利用者エンドポイント機器";
    "8.2" 8 "Privileged access rights" "特権的アクセス権";
    "8.3" 8 "Information access restriction" "情報へのアクセス制限";
    "8.4" 8 "Access to source code" "ソースコードへのアクセス";
    "8.5" 8 "Secure authentication" "セキュリティを保った認証";
    "8.6" 8 "Capacity management" "容量・能力の管理";
    "8.7" 8 "Protection against malware" "マルウェアに対する保護";
    "8.8" 8 "Management of technical vulnerabilities" "技術的ぜい弱性の管理";
    "8.9" 8 "Configuration management" "構成管理";
    "8.10" 8 "Information deletion" "情報の削除";
    "8.11" 8 "Data masking" "データマスキング";
    "8.12" 8 "Data leakage prevention" "データ漏えいの防止";
    "8.13" 8 "Information backup" "情報のバックアップ";
    "8.14" 8 "Redundancy of information processing facilities" "情報処理施設の冗長性";
    "8.15" 8 "Logging" "ログ取得";
    "8.16" 8 "Monitoring activities" "監視活動";
    "8.17" 8 "Clock synchronization" "クロックの同期";
    "8.18" 8 "Use of privileged utility programs" "特権的なユーティリティプログラムの使用";
    "8.19" 8 "Installation of software on operational systems" "運用システムへのソフトウェアの導入";
    "8.20" 8 "Networks security" "ネットワークのセキュリティ";
    "8.21" 8 "Security of network services" "ネットワークサービスのセキュリティ";
    "8.22" 8 "Segregation of networks" "ネットワークの分離";
    "8.23" 8 "Web filtering" "ウェブフィルタリング";
    "8.24" 8 "Use of cryptography" "暗号の利用";
    "8.25" 8 "Secure development life cycle" "セキュリティに配慮した開発のライフサイクル";
    "8.26" 8 "Application security requirements" "アプリケーションのセキュリティの要求事項";
    "8.27" 8 "Secure system architecture and engineering principles" "セキュリティに配慮したシステムアーキテクチャ及びシステム構築の原則";
    "8.28" 8 "Secure coding" "セキュリティに配慮したコーディング";
    "8.29" 8 "Security testing in development and acceptance" "開発及び受入れにおけるセキュリティテスト";
    "8.30" 8 "Outsourced development" "外部委託による開発";
    "8.31" 8 "Separation of development, test and production environments" "開発環境、テスト環境及び本番環境の分離";
    "8.32" 8 "Change management" "変更管理";
    "8.33" 8 "Test information" "テスト用情報";
    "8.34" 8 "Protection of information systems during audit testing" "監査におけるテスト中の情報システムの保護";
}

/// Annex A controls a code gives evidence for.
pub fn iso_controls(code: &str) -> &'static [&'static str] {
    match code {
        "ACCT-001" => &["5.5", "5.24"],
        "ACCT-002" | "IAM-001" | "IAM-002" | "IAM-003" => &["8.2", "8.5"],
        "ACCT-003" => &["8.31", "8.22"],
        "ACCT-004" => &["5.23", "8.16"],
        "ACCT-005" => &["5.24", "5.26"],
        "IAM-004" | "IAM-024" => &["8.5", "8.2"],
        "IAM-005" | "IAM-006" | "IAM-007" => &["5.17", "8.5"],
        "IAM-008" | "IAM-009" | "IAM-010" | "IAM-011" => &["5.17", "5.18"],
        "IAM-012" => &["5.15", "5.18"],
        "IAM-013" | "IAM-014" => &["8.2", "5.15", "8.3"],
        "IAM-015" => &["8.2", "5.3"],
        "IAM-016" | "IAM-017" => &["5.15", "8.3", "5.19"],
        "IAM-018" => &["5.17"],
        "IAM-019" => &["8.24"],
        "IAM-020" | "IAM-026" => &["5.16"],
        "IAM-021" | "IAM-022" => &["5.18"],
        "IAM-023" => &["8.18"],
        "IAM-025" => &["8.9"],
        "S3-001" | "S3-002" | "S3-003" | "S3-010" | "EBS-003" | "EBS-004" | "RDS-004" | "GLC-001" => &["8.3", "8.12"],
        "S3-004" | "DDB-002" => &["8.24", "5.12"],
        "S3-005" | "S3-006" | "RDS-007" => &["8.13", "8.10"],
        "S3-007" | "RDS-008" | "EMR-002" | "ELB-001" | "ELB-002" | "CF-001" | "CF-002" | "CF-003" => &["8.24", "5.14"],
        "S3-008" | "ELB-003" => &["8.15"],
        "S3-009" | "RDS-006" => &["8.14", "5.30"],
        "EBS-001" | "EBS-002" | "EBS-005" | "RDS-001" | "EMR-001" | "EFS-001" | "KMS-001" | "ACM-001" => &["8.24"],
        "EBS-006" | "RDS-003" | "DDB-001" => &["8.13"],
        "RDS-002" | "EMR-003" => &["8.20", "8.3"],
        "RDS-005" => &["8.8"],
        "KMS-002" | "KMS-004" => &["8.24", "8.3"],
        "KMS-003" => &["8.24", "8.10"],
        "NET-001" | "NET-002" | "NET-003" | "NET-004" | "NET-005" | "NET-007" | "NET-010" | "NET-012" => &["8.20", "8.22"],
        "NET-006" => &["8.15", "8.16"],
        "NET-008" | "NET-013" => &["8.22"],
        "NET-009" => &["8.9"],
        "NET-011" => &["8.21"],
        "LOG-001" | "LOG-003" | "LOG-005" | "LOG-006" | "LOG-008" | "LOG-012" => &["8.15"],
        "LOG-002" => &["8.15", "5.28"],
        "LOG-004" | "LOG-007" => &["8.15", "5.33"],
        "LOG-009" => &["8.9", "8.15"],
        "LOG-010" => &["8.16", "5.7"],
        "LOG-011" => &["8.16"],
        "DDOS-001" | "DDOS-002" => &["8.20", "8.6", "8.14"],
        "ASSET-001" => &["5.9"],
        "ASSET-002" => &["5.12", "5.13"],
        "HOST-001" | "HOST-002" | "HOST-003" | "HOST-004" => &["8.5", "8.20"],
        "HOST-005" | "HOST-006" => &["5.17", "8.5"],
        "HOST-007" | "HOST-008" => &["5.17", "8.9"],
        "HOST-009" | "HOST-014" => &["8.10"],
        "HOST-010" | "HOST-011" => &["5.17", "8.12"],
        "HOST-012" => &["8.21", "8.24"],
        "HOST-013" => &["8.21"],
        "HOST-015" => &["8.9", "8.19"],
        "HOST-016" => &["8.17"],
        "HOST-017" => &["8.7", "8.16"],
        "EC2-001" => &["8.9", "5.17"],
        "EC2-002" => &["8.19", "5.21"],
        "EC2-003" => &["8.3", "8.12"],
        "EC2-004" | "EC2-005" => &["8.8", "8.9"],
        "EC2-006" => &["5.17", "8.12"],
        "EC2-007" => &["8.8"],
        "EC2-008" => &["8.20"],
        c if c.starts_with("MON-") => &["8.16", "5.25"],
        _ => &[],
    }
}

/// NIST SP 800-53 Rev. 5 controls a code gives evidence for.
pub fn nist_controls(code: &str) -> &'static [&'static str] {
    match code {
        "ACCT-001" => &["IR-6", "IR-7"],
        "ACCT-002" | "IAM-001" => &["AC-6(2)", "AC-2(7)"],
        "IAM-002" | "IAM-003" | "IAM-004" | "IAM-024" => &["IA-2(1)", "IA-2(2)"],
        "ACCT-003" => &["SC-7(13)", "SA-8"],
        "ACCT-004" | "LOG-011" => &["CA-7", "SI-4"],
        "ACCT-005" => &["IR-4"],
        "IAM-005" | "IAM-006" | "IAM-007" => &["IA-5(1)"],
        "IAM-008" | "IAM-009" | "IAM-011" | "IAM-018" => &["IA-5", "AC-2"],
        "IAM-010" | "IAM-021" => &["AC-2(3)"],
        "IAM-012" => &["AC-2", "AC-6"],
        "IAM-013" | "IAM-014" | "IAM-022" | "IAM-023" => &["AC-6", "AC-6(10)"],
        "IAM-015" => &["AC-6", "AC-5"],
        "IAM-016" | "IAM-017" => &["AC-3", "AC-20"],
        "IAM-019" | "ACM-001" => &["SC-17", "SC-12"],
        "IAM-020" => &["IA-2", "IA-8"],
        "IAM-025" => &["CM-6"],
        "IAM-026" => &["IA-2", "AC-2"],
        "S3-001" | "S3-002" | "S3-003" | "S3-010" | "EBS-003" | "EBS-004" | "RDS-004" | "GLC-001" | "KMS-002" | "KMS-004" => {
            &["AC-3", "AC-21"]
        }
        "S3-004" | "EBS-001" | "EBS-002" | "EBS-005" | "RDS-001" | "DDB-002" | "EMR-001" | "EFS-001" => &["SC-28", "SC-28(1)"],
        "S3-005" | "S3-006" | "RDS-007" => &["CP-9", "SI-12"],
        "S3-007" | "RDS-008" | "EMR-002" | "ELB-001" | "ELB-002" | "CF-001" | "CF-002" | "CF-003" | "HOST-012" => &["SC-8", "SC-8(1)"],
        "S3-008" | "ELB-003" | "LOG-001" | "LOG-008" | "NET-006" => &["AU-2", "AU-12"],
        "S3-009" | "RDS-006" => &["CP-6", "CP-10"],
        "EBS-006" | "RDS-003" | "DDB-001" => &["CP-9"],
        "RDS-002" | "EMR-003" | "NET-001" | "NET-002" | "NET-003" | "NET-004" | "NET-005" | "NET-007" | "NET-010" | "NET-012"
        | "NET-011" => &["SC-7", "AC-4"],
        "NET-008" | "NET-013" => &["SC-7(5)", "AC-4"],
        "NET-009" => &["CM-7"],
        "RDS-005" => &["SI-2"],
        "KMS-001" | "KMS-003" => &["SC-12"],
        "LOG-002" | "LOG-004" | "LOG-007" => &["AU-9", "AU-9(3)"],
        "LOG-003" => &["AU-9", "SC-28"],
        "LOG-005" => &["AU-2", "AU-9"],
        "LOG-006" => &["AU-6(3)", "SI-4"],
        "LOG-009" => &["CM-8", "CM-3"],
        "LOG-010" => &["SI-4", "RA-5"],
        "LOG-012" => &["AU-11"],
        "DDOS-001" | "DDOS-002" => &["SC-5"],
        "ASSET-001" => &["CM-8"],
        "ASSET-002" => &["RA-2", "CM-8"],
        "HOST-001" | "HOST-002" | "HOST-003" | "HOST-004" | "HOST-005" | "HOST-006" => &["IA-2", "AC-17"],
        "HOST-007" | "HOST-008" | "HOST-010" | "HOST-011" => &["IA-5(7)", "SC-12"],
        "HOST-009" | "HOST-014" => &["SI-12", "MP-6"],
        "HOST-013" | "HOST-015" => &["CM-7"],
        "HOST-016" => &["AU-8"],
        "HOST-017" => &["SI-3", "SI-7"],
        "EC2-001" => &["CM-6", "AC-3"],
        "EC2-002" => &["CM-7(5)", "SR-3"],
        "EC2-003" => &["AC-3", "AC-21"],
        "EC2-004" | "EC2-005" | "EC2-007" => &["SI-2", "CM-8"],
        "EC2-006" => &["IA-5(7)"],
        "EC2-008" => &["SC-7"],
        c if c.starts_with("MON-") => &["SI-4", "AU-6"],
        _ => &[],
    }
}

/// The default reason an Annex A control is excluded from the SoA: the
/// physical controls are AWS's side of the shared responsibility model
/// (whitepaper 「責任共有モデル」).
pub fn default_exclusion(control: &Control) -> Option<Text> {
    (control.theme == 7).then(|| {
        t(
            "AWS operates the data centres and their equipment: physical security is AWS's under the shared responsibility model (see AWS's own ISO/IEC 27001 certificate and SOC reports)",
            "データセンターと設備は AWS が運用しており、物理的セキュリティは責任共有モデルにおける AWS の責任です（AWS 自身の ISO/IEC 27001 認証と SOC レポートを参照）",
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn annex_a_has_its_93_controls_once_each() {
        assert_eq!(ANNEX_A.len(), 93);
        let mut ids: Vec<&str> = ANNEX_A.iter().map(|c| c.id).collect();
        ids.sort();
        ids.dedup();
        assert_eq!(ids.len(), 93);
        assert_eq!(ANNEX_A.iter().filter(|c| c.theme == 5).count(), 37);
        assert_eq!(ANNEX_A.iter().filter(|c| c.theme == 8).count(), 34);
    }

    #[test]
    fn every_code_maps_to_known_controls_in_both_frameworks() {
        for rule in crate::codes::RULES {
            let iso = iso_controls(rule.code);
            assert!(!iso.is_empty(), "{} has no Annex A control", rule.code);
            for id in iso {
                assert!(ANNEX_A.iter().any(|c| c.id == *id), "{} maps to unknown {id}", rule.code);
            }
            assert!(!nist_controls(rule.code).is_empty(), "{} has no NIST SP 800-53 control", rule.code);
        }
    }
}
