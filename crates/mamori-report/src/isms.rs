//! The ISMS's documents from the history: the risk register's wording
//! (threat, vulnerability, consequence), the Statement of Applicability and
//! the management report.

use std::collections::BTreeMap;
use std::io::Write;

use mamori_rules::iso27001::{self, ANNEX_A};
use mamori_rules::rule::Area;
use mamori_rules::{codes, config::SoaConfig, Lang, Rule, Severity};
use mamori_store::metrics::CodeCounts;
use mamori_store::risk::Risk;
use serde::Serialize;

use crate::table::Table;

/// The rule of a code.
pub fn rule(code: &str) -> Option<&'static Rule> {
    codes::RULES.iter().copied().find(|r| r.code == code)
}

/// Codes whose failure exposes the resource to anyone on the internet or to
/// any AWS account: the attack needs no foothold, so it is more likely.
const EXPOSED: &[&str] = &[
    "S3-001", "S3-002", "S3-003", "EBS-003", "RDS-002", "RDS-004", "GLC-001", "KMS-002", "IAM-016", "EC2-003", "EMR-003", "NET-001",
    "NET-002", "NET-003", "NET-005", "NET-007", "NET-012", "DDOS-002",
];

/// The likelihood and impact (1–5) of the risk a failing finding opens:
/// `[risk.defaults]` for its code when set; else from the severity
/// (critical 4×5, high 4×4, medium 3×3, low 2×2, info 1×1), likelihood +1
/// for a failure that exposes the resource to anyone, impact +1 when the
/// asset is classified confidential or critical.
pub fn default_risk(code: &str, severity: Severity, high_value_asset: bool, config: &mamori_rules::config::RiskConfig) -> (u8, u8) {
    let (likelihood, impact) = match config.defaults.get(code) {
        Some(d) => (d.likelihood, d.impact),
        None => {
            let (l, i) = match severity {
                Severity::Critical => (4, 5),
                Severity::High => (4, 4),
                Severity::Medium => (3, 3),
                Severity::Low => (2, 2),
                Severity::Info => (1, 1),
            };
            (if EXPOSED.contains(&code) { l + 1 } else { l }, i)
        }
    };
    (likelihood.min(5), if high_value_asset { (impact + 1).min(5) } else { impact })
}

/// The threat and the consequence of a risk, by the code's area.
pub fn threat(area: Area, lang: Lang) -> (&'static str, &'static str) {
    let (en, ja) = match area {
        Area::Acct => (
            ("Account takeover, or an incident nobody is reachable for", "Loss of control of the whole account"),
            ("アカウントの乗っ取り、または連絡のつかないインシデント", "アカウント全体の制御の喪失"),
        ),
        Area::Iam => (
            (
                "Misuse of credentials or of excessive permissions (stolen keys, insiders)",
                "Unauthorized access to, or change of, resources and data",
            ),
            ("認証情報や過剰な権限の悪用（漏えいしたキー、内部不正）", "リソースやデータへの不正なアクセス・変更"),
        ),
        Area::DataAtRest => {
            (("Disclosure or loss of stored data", "Data breach or data loss"), ("保存データの漏えい・消失", "情報漏えい、データ消失"))
        }
        Area::DataInTransit => (
            ("Interception or tampering of data in transit", "Disclosure or alteration of data"),
            ("通信中のデータの傍受・改ざん", "データの漏えい・改変"),
        ),
        Area::Ec2 => (
            ("Compromise of hosts through untrusted images, missing patches or exposed secrets", "A foothold in the network; data theft"),
            ("信頼できないイメージ、未適用のパッチ、露出した秘密情報によるホストの侵害", "ネットワークへの足掛かり、データの窃取"),
        ),
        Area::Net => (
            ("Attack from the internet, or lateral movement inside the network", "Compromise of exposed services"),
            ("インターネットからの攻撃、ネットワーク内の横展開", "公開されたサービスの侵害"),
        ),
        Area::Log => (
            ("An attack that goes unnoticed; loss of evidence", "Incidents found late or never; no audit trail"),
            ("気付かれない攻撃、証拠の消失", "インシデントの発見の遅れ・見逃し、監査証跡の欠如"),
        ),
        Area::Ddos => (("Denial of service", "Outage of public services"), ("サービス妨害（DoS/DDoS）", "公開サービスの停止")),
        Area::Asset => (
            ("Assets without an owner or classification are protected wrongly", "Controls misapplied; incidents without an owner"),
            ("所有者や分類のない資産が適切に保護されない", "管理策の適用漏れ、責任者不在のインシデント"),
        ),
    };
    match lang {
        Lang::En => en,
        Lang::Ja => ja,
    }
}

/// The status of an Annex A control in the SoA.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Implementation {
    /// Every assessed finding of its codes passes.
    Implemented,
    /// Some pass, some fail.
    Partly,
    /// Nothing passes yet: every assessed finding fails.
    Planned,
    /// Its codes could not be assessed (unknown), or it has none: an
    /// organisational control mamori cannot see.
    NotAssessed,
}

impl Implementation {
    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            Implementation::Implemented => lang.pick("implemented", "実施済み"),
            Implementation::Partly => lang.pick("partly implemented", "一部実施"),
            Implementation::Planned => lang.pick("planned", "計画中"),
            Implementation::NotAssessed => lang.pick("not assessed by mamori", "mamori では評価対象外"),
        }
    }
}

/// One row of the Statement of Applicability.
#[derive(Clone, Debug, Serialize)]
pub struct SoaRow {
    pub control: &'static str,
    pub title: &'static str,
    pub applicable: bool,
    /// Why it is excluded (or, for a control with no codes, how to evidence it).
    pub justification: String,
    pub implementation: Option<Implementation>,
    /// `CODE: pass/fail/unknown counts`.
    pub codes: Vec<(String, CodeCounts)>,
    pub nist: Vec<&'static str>,
}

/// The Statement of Applicability from one scan's per-code counts.
pub fn soa(counts: &BTreeMap<String, CodeCounts>, config: &SoaConfig, lang: Lang) -> Vec<SoaRow> {
    ANNEX_A
        .iter()
        .map(|c| {
            let excluded = config.exclude.iter().find(|e| e.control == c.id).map(|e| e.reason.clone()).or_else(|| {
                (!config.include.iter().any(|i| i == c.id))
                    .then(|| iso27001::default_exclusion(c).map(|t| t.get(lang).to_string()))
                    .flatten()
            });
            let mapped: Vec<&'static Rule> =
                codes::RULES.iter().copied().filter(|r| iso27001::iso_controls(r.code).contains(&c.id)).collect();
            let mut nist: Vec<&'static str> = mapped.iter().flat_map(|r| iso27001::nist_controls(r.code).iter().copied()).collect();
            nist.sort_unstable();
            nist.dedup();
            let code_counts: Vec<(String, CodeCounts)> =
                mapped.iter().filter_map(|r| counts.get(r.code).map(|n| (r.code.to_string(), n.clone()))).collect();
            let (pass, fail) = code_counts.iter().fold((0, 0), |(p, f), (_, n)| (p + n.pass, f + n.fail));
            let implementation = match excluded {
                Some(_) => None,
                None if pass > 0 && fail == 0 => Some(Implementation::Implemented),
                None if pass > 0 => Some(Implementation::Partly),
                None if fail > 0 => Some(Implementation::Planned),
                None => Some(Implementation::NotAssessed),
            };
            let justification = match (&excluded, mapped.is_empty()) {
                (Some(reason), _) => reason.clone(),
                (None, true) => lang
                    .pick(
                        "applies; an organisational, people or process control: evidence it in the ISMS documents",
                        "適用。組織・人・プロセスの管理策のため、ISMS 文書で実施を示してください",
                    )
                    .to_string(),
                (None, false) => lang.pick("applies; assessed by the mamori codes listed", "適用。記載の mamori コードで評価").to_string(),
            };
            SoaRow {
                control: c.id,
                title: c.title.get(lang),
                applicable: excluded.is_none(),
                justification,
                implementation,
                codes: code_counts,
                nist,
            }
        })
        .collect()
}

/// The SoA as a table.
pub fn soa_table(rows: &[SoaRow], lang: Lang) -> Table {
    let mut t = Table::new(
        lang.pick("Statement of Applicability", "適用宣言書"),
        &[
            lang.pick("Control", "管理策"),
            lang.pick("Title", "名称"),
            lang.pick("Applicable", "適用"),
            lang.pick("Justification", "理由"),
            lang.pick("Status", "実施状況"),
            lang.pick("mamori codes (pass/fail/unknown)", "mamori コード（合格/不合格/判定不能）"),
            "NIST SP 800-53 r5",
        ],
    );
    for r in rows {
        t.push(vec![
            r.control.to_string(),
            r.title.to_string(),
            if r.applicable { lang.pick("yes", "はい") } else { lang.pick("no", "いいえ") }.to_string(),
            r.justification.clone(),
            r.implementation.map(|i| i.label(lang)).unwrap_or("-").to_string(),
            r.codes.iter().map(|(c, n)| format!("{c} {}/{}/{}", n.pass, n.fail, n.unknown)).collect::<Vec<_>>().join(", "),
            r.nist.join(", "),
        ]);
    }
    t
}

/// The risk register as a table.
pub fn risk_table(risks: &[Risk], lang: Lang) -> Table {
    let mut t = Table::new(
        lang.pick("Risk register", "リスク登録簿"),
        &[
            "ID",
            lang.pick("Level", "レベル"),
            "L×I",
            lang.pick("State", "状態"),
            lang.pick("Treatment", "対応"),
            lang.pick("Owner / approver", "担当 / 承認者"),
            lang.pick("Due / expires", "期限"),
            lang.pick("Code", "コード"),
            lang.pick("Asset", "資産"),
            lang.pick("Vulnerability", "ぜい弱性"),
            lang.pick("Threat", "脅威"),
        ],
    );
    for r in risks {
        let rule = rule(&r.code);
        let (threat, _) = rule.map(|x| threat(x.area, lang)).unwrap_or(("", ""));
        t.push(vec![
            format!("R-{}", r.id),
            level_label(r.level, lang).to_string(),
            format!("{}×{}={}", r.likelihood, r.impact, r.score),
            state_label(&r.state, lang).to_string(),
            r.treatment.as_deref().map(|x| treatment_label(x, lang)).unwrap_or("-").to_string(),
            r.approver.clone().or(r.owner.clone()).unwrap_or_default(),
            format!(
                "{}{}",
                r.expires.clone().or(r.due.clone()).unwrap_or_default(),
                if r.overdue { lang.pick(" (overdue)", "（期限超過）") } else { "" }
            ),
            r.code.clone(),
            r.resource.clone(),
            rule.map(|x| x.title.get(lang)).unwrap_or_default().to_string(),
            threat.to_string(),
        ]);
    }
    t
}

pub fn level_label(level: mamori_store::risk::Level, lang: Lang) -> &'static str {
    use mamori_store::risk::Level;
    match level {
        Level::Low => lang.pick("low", "低"),
        Level::Medium => lang.pick("medium", "中"),
        Level::High => lang.pick("high", "高"),
        Level::Critical => lang.pick("critical", "重大"),
    }
}

pub fn state_label(state: &str, lang: Lang) -> &'static str {
    match state {
        "open" => lang.pick("open", "未対応"),
        "treated" => lang.pick("treated", "対応中"),
        "closed" => lang.pick("closed", "解消"),
        _ => "?",
    }
}

pub fn treatment_label(treatment: &str, lang: Lang) -> &'static str {
    match treatment {
        "mitigate" => lang.pick("mitigate", "低減"),
        "accept" => lang.pick("accept", "受容"),
        "avoid" => lang.pick("avoid", "回避"),
        "transfer" => lang.pick("transfer", "移転"),
        _ => "?",
    }
}

/// What the management report needs.
pub struct Management<'a> {
    pub risks: &'a [Risk],
    pub scan: &'a mamori_store::ScanInfo,
    pub metrics: &'a mamori_store::metrics::Metrics,
    pub soa: &'a [SoaRow],
    pub audit_head: Option<&'a str>,
    pub today: &'a str,
}

/// The management report (ISMS stage 8): residual risk for approval.
pub fn management_report(m: &Management, lang: Lang, out: &mut dyn Write) -> std::io::Result<()> {
    use mamori_store::risk::Level;
    let l = |en: &'static str, ja: &'static str| lang.pick(en, ja);
    writeln!(out, "# {}\n", l("Residual risk: management report", "残留リスク: 経営陣向け報告書"))?;
    writeln!(
        out,
        "{}: {} · {}: {} ({}) · {}: {} · {}: {}\n",
        l("Date", "日付"),
        m.today,
        l("Scan", "スキャン"),
        m.scan.id,
        m.scan.started_at,
        l("Accounts", "アカウント"),
        m.scan.accounts.join(", "),
        l("Regions", "リージョン"),
        m.scan.regions.join(", ")
    )?;
    writeln!(out, "{}: `{}`\n", l("Scope", "適用範囲"), m.scan.scope)?;
    let open: Vec<&Risk> = m.risks.iter().filter(|r| r.state == "open").collect();
    let treated: Vec<&Risk> = m.risks.iter().filter(|r| r.state == "treated").collect();
    writeln!(out, "## {}\n", l("Summary", "概要"))?;
    let mut t = Table::new("", &[l("Level", "レベル"), l("Open (untreated)", "未対応"), l("Treated", "対応中")]);
    for level in [Level::Critical, Level::High, Level::Medium, Level::Low] {
        t.push(vec![
            level_label(level, lang).to_string(),
            open.iter().filter(|r| r.level == level).count().to_string(),
            treated.iter().filter(|r| r.level == level).count().to_string(),
        ]);
    }
    t.write_markdown(out)?;
    if let Some(mttr) = m.metrics.mean_days_to_remediate {
        writeln!(out, "\n{}: {mttr:.1} ({} {})", l("Mean days to remediate", "平均修正日数"), m.metrics.remediated, l("findings", "件"))?;
    }
    let applicable = m.soa.iter().filter(|r| r.applicable).count();
    let implemented = m.soa.iter().filter(|r| r.implementation == Some(Implementation::Implemented)).count();
    writeln!(
        out,
        "\n{}: {applicable} {} / {implemented} {}",
        l("Annex A controls", "附属書 A 管理策"),
        l("applicable", "適用"),
        l("implemented as far as mamori can see", "実施済み（mamori で確認できる範囲）")
    )?;
    writeln!(out, "\n## {}\n", l("Accepted risks and their expiry", "受容したリスクと期限"))?;
    let accepted: Vec<&Risk> = treated.iter().copied().filter(|r| r.treatment.as_deref() == Some("accept")).collect();
    if accepted.is_empty() {
        writeln!(out, "{}", l("None.", "なし。"))?;
    } else {
        let mut t = Table::new(
            "",
            &[
                "ID",
                l("Level", "レベル"),
                l("Code", "コード"),
                l("Asset", "資産"),
                l("Approver", "承認者"),
                l("Reason", "理由"),
                l("Expires", "期限"),
            ],
        );
        for r in accepted {
            t.push(vec![
                format!("R-{}", r.id),
                level_label(r.level, lang).to_string(),
                r.code.clone(),
                r.resource.clone(),
                r.approver.clone().unwrap_or_default(),
                r.reason.clone().unwrap_or_default(),
                r.expires.clone().unwrap_or_default(),
            ]);
        }
        t.write_markdown(out)?;
    }
    writeln!(out, "\n## {}\n", l("Untreated risks, high and critical", "未対応のリスク（高・重大）"))?;
    let mut t = Table::new("", &["ID", l("Level", "レベル"), l("Code", "コード"), l("Asset", "資産"), l("Vulnerability", "ぜい弱性")]);
    for r in open.iter().filter(|r| r.level >= Level::High) {
        t.push(vec![
            format!("R-{}", r.id),
            level_label(r.level, lang).to_string(),
            r.code.clone(),
            r.resource.clone(),
            rule(&r.code).map(|x| x.title.get(lang)).unwrap_or_default().to_string(),
        ]);
    }
    t.write_markdown(out)?;
    writeln!(out, "\n## {}\n", l("Approval", "承認"))?;
    writeln!(
        out,
        "{}\n",
        l(
            "I have reviewed the residual risks above and approve them for the period until the next review.",
            "上記の残留リスクを確認し、次回のレビューまでの期間について承認します。"
        )
    )?;
    writeln!(out, "{}: ____________________  {}: ____________\n", l("Name", "氏名"), l("Date", "日付"))?;
    if let Some(head) = m.audit_head {
        writeln!(
            out,
            "{}: `{head}`",
            l("Audit trail head (record it with the approval)", "監査証跡のヘッド（承認とともに記録してください）")
        )?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exposure_raises_likelihood_and_classification_raises_impact() {
        let none = mamori_rules::config::RiskConfig::default();
        assert_eq!(default_risk("LOG-002", Severity::Medium, false, &none), (3, 3));
        assert_eq!(default_risk("NET-001", Severity::Medium, false, &none), (4, 3));
        assert_eq!(default_risk("S3-001", Severity::Critical, true, &none), (5, 5));
        assert_eq!(default_risk("S3-004", Severity::High, true, &none), (4, 5));
        for code in EXPOSED {
            assert!(rule(code).is_some(), "{code} is a code");
        }
        let mut set = none.clone();
        set.defaults.insert("LOG-002".into(), mamori_rules::config::RiskDefault { likelihood: 2, impact: 4 });
        assert_eq!(default_risk("LOG-002", Severity::Medium, true, &set), (2, 5));
    }
}
