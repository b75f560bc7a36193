//! Markdown: a report to paste into a ticket or a review document.

use std::fmt::Write;

use mamori_rules::Status;

use crate::Report;

fn cell(s: &str) -> String {
    s.replace('|', "\\|").replace('\n', " ")
}

pub fn render(r: &Report) -> String {
    let lang = r.lang;
    let l = |en: &'static str, ja: &'static str| lang.pick(en, ja);
    let snap = r.snapshot;
    let mut out = String::new();
    let _ = writeln!(out, "# {}\n", l("mamori scan report", "mamori スキャンレポート"));
    let accounts: Vec<&str> = snap.accounts.iter().map(|a| a.account_id.as_str()).collect();
    let _ = writeln!(out, "- {}: {}", l("Accounts", "アカウント"), accounts.join(", "));
    let _ = writeln!(out, "- {}: {}", l("Regions", "リージョン"), snap.regions.join(", "));
    let _ = writeln!(out, "- {}: {}", l("Scope", "適用範囲"), r.scope.describe(r.lang, r.scan.out_of_scope));
    let _ = writeln!(out, "- {}: {} ({})", l("Data as of", "データ取得日時"), snap.finished_at, snap.source.kind);
    let c = r.status_counts();
    let _ = writeln!(
        out,
        "- {}: {} {}, {} {}, {} {}, {} {}, {} {}\n",
        l("Findings", "検出結果"),
        c.fail,
        Status::Fail.label(lang),
        c.unknown,
        Status::Unknown.label(lang),
        c.pass,
        Status::Pass.label(lang),
        c.not_applicable,
        Status::NotApplicable.label(lang),
        c.muted,
        l("muted", "ミュート")
    );
    let _ = writeln!(out, "## {}\n", l("Failing by severity", "重大度別の不合格"));
    let _ = writeln!(out, "| {} | {} |\n|---|---:|", l("Severity", "重大度"), l("Count", "件数"));
    for (s, n) in r.failing_by_severity() {
        let _ = writeln!(out, "| {} | {n} |", s.label().get(lang));
    }
    let _ = writeln!(out, "\n## {}: {}\n", l("Compliance", "準拠状況"), r.framework.title().get(lang));
    let _ = writeln!(
        out,
        "| {} | {} | {} | {} | {} | {} |\n|---|---|---|---:|---:|---:|",
        l("Requirement", "要件"),
        l("Status", "状態"),
        l("Codes", "コード"),
        Status::Fail.label(lang),
        Status::Unknown.label(lang),
        Status::Pass.label(lang)
    );
    for q in mamori_rules::frameworks::summarize(r.framework, &r.scan.findings, &r.scan.codes) {
        let title = q.title.get(lang);
        let name = if title.is_empty() || q.id.ends_with(title) { q.id.clone() } else { format!("{} {}", q.id, title) };
        let _ = writeln!(out, "| {} | {} | {} | {} | {} | {} |", cell(&name), q.status, q.codes.join(", "), q.fail, q.unknown, q.pass);
    }
    let _ = writeln!(out, "\n## {}\n", l("Findings that fail or could not be decided", "不合格および判定不能の検出結果"));
    let _ = writeln!(
        out,
        "| {} | {} | {} | {} | {} | {} |\n|---|---|---|---|---|---|",
        l("Code", "コード"),
        l("Status", "状態"),
        l("Severity", "重大度"),
        l("Region", "リージョン"),
        l("Resource", "リソース"),
        l("Message", "メッセージ")
    );
    for f in r.scan.findings.iter().filter(|f| matches!(f.status, Status::Fail | Status::Unknown)) {
        let status = if f.muted.is_some() {
            format!("{} ({})", f.status.label(lang), l("muted", "ミュート"))
        } else {
            f.status.label(lang).to_string()
        };
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | `{}` | {} |",
            f.code,
            status,
            f.severity.label().get(lang),
            f.region,
            cell(&f.resource),
            cell(&f.text(lang))
        );
    }
    out
}
