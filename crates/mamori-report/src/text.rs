//! The terminal report: counts by severity and area, then the failing
//! findings grouped by code. Colour only when asked (a TTY).

use std::collections::BTreeMap;
use std::fmt::Write;

use mamori_rules::{Area, Finding, Lang, Severity, Status};

use crate::{pad, Report};

/// At most this many resources are listed per code; the rest are counted.
const MAX_PER_CODE: usize = 10;

fn paint(on: bool, code: &str, text: &str) -> String {
    if on {
        format!("\x1b[{code}m{text}\x1b[0m")
    } else {
        text.to_string()
    }
}

fn severity_colour(s: Severity) -> &'static str {
    match s {
        Severity::Critical => "1;31",
        Severity::High => "31",
        Severity::Medium => "33",
        Severity::Low => "36",
        Severity::Info => "2",
    }
}

pub fn render(r: &Report) -> String {
    let lang = r.lang;
    let l = |en: &'static str, ja: &'static str| lang.pick(en, ja);
    let mut out = String::new();
    let snap = r.snapshot;
    let accounts: Vec<&str> = snap.accounts.iter().map(|a| a.account_id.as_str()).collect();
    if let Some(image) = snap.source.kind.strip_prefix("host:") {
        let _ = writeln!(out, "{} {image}", paint(r.color, "1", "mamori host audit"));
    } else {
        let _ = writeln!(
            out,
            "{} {} · {} {} · {} {} · {} {}",
            paint(r.color, "1", "mamori scan"),
            snap.source.kind,
            l("accounts", "アカウント"),
            accounts.join(", "),
            l("regions", "リージョン"),
            snap.regions.join(", "),
            l("data as of", "データ取得日時"),
            snap.finished_at
        );
    }
    if r.scope.is_narrowed() || r.scan.out_of_scope > 0 {
        let _ = writeln!(out, "{}: {}", l("scope", "適用範囲"), r.scope.describe(lang, r.scan.out_of_scope));
    }
    if let Some(endpoint) = &snap.source.endpoint_override {
        let _ = writeln!(out, "{} {endpoint}", l("endpoint override:", "エンドポイント上書き:"));
    }
    let c = r.status_counts();
    let _ = writeln!(
        out,
        "{}: {} {} · {} {} · {} {} · {} {}{}",
        l("Findings", "検出結果"),
        c.fail,
        Status::Fail.label(lang),
        c.unknown,
        Status::Unknown.label(lang),
        c.pass,
        Status::Pass.label(lang),
        c.not_applicable,
        Status::NotApplicable.label(lang),
        if c.muted > 0 { format!(" · {} {}", c.muted, l("muted", "ミュート")) } else { String::new() },
    );
    out.push('\n');
    let _ = write!(out, "{} ", l("Failing by severity:", "重大度別の不合格:"));
    for (s, n) in r.failing_by_severity() {
        let label = format!("{} {n}", s.label().get(lang));
        let _ = write!(out, " {}", if n > 0 { paint(r.color, severity_colour(s), &label) } else { label });
    }
    out.push('\n');
    let mut by_area: BTreeMap<Area, (usize, usize)> = BTreeMap::new();
    for f in &r.scan.findings {
        let Some(rule) = mamori_rules::rule(f.code) else { continue };
        let e = by_area.entry(rule.area).or_default();
        if f.is_failing() {
            e.0 += 1;
        }
        if f.status == Status::Unknown {
            e.1 += 1;
        }
    }
    let _ = writeln!(out, "{}", l("Failing by area (unknown):", "分野別の不合格（不明）:"));
    for (area, (fail, unknown)) in &by_area {
        let _ = writeln!(out, "  {} {fail:>5} ({unknown})", pad(area.title().get(lang), 44));
    }
    let failing: Vec<&Finding> = r.scan.findings.iter().filter(|f| f.is_failing()).collect();
    let mut groups: Vec<(&'static str, Vec<&Finding>)> = Vec::new();
    for f in failing {
        match groups.last_mut() {
            Some((code, list)) if *code == f.code => list.push(f),
            _ => groups.push((f.code, vec![f])),
        }
    }
    // Most severe first, then by code.
    groups.sort_by_key(|(code, list)| (std::cmp::Reverse(list.first().map(|f| f.severity)), mamori_rules::docs::code_order(code)));
    if !groups.is_empty() {
        let _ = writeln!(out, "\n{}", paint(r.color, "1", l("Failing findings", "不合格の検出結果")));
    }
    for (code, list) in &groups {
        let Some(rule) = mamori_rules::rule(code) else { continue };
        let severity = list.first().map(|f| f.severity).unwrap_or(rule.severity);
        let _ = writeln!(
            out,
            "\n{} {} {} ({})",
            paint(r.color, severity_colour(severity), &pad(severity.label().get(lang), 9)),
            paint(r.color, "1", code),
            rule.title.get(lang),
            list.len()
        );
        for f in list.iter().take(MAX_PER_CODE) {
            let place =
                if &*f.region == mamori_model::GLOBAL || &*f.region == "local" { String::new() } else { format!(" [{}]", f.region) };
            let _ = writeln!(out, "    {}{place}", f.resource);
            if f.text(lang) != rule.title.get(lang) {
                let _ = writeln!(out, "      {}", f.text(lang));
            }
        }
        if list.len() > MAX_PER_CODE {
            let _ = writeln!(out, "    … {} {}", list.len() - MAX_PER_CODE, l("more", "件ほか"));
        }
    }
    unknown_section(r, &mut out, lang);
    if !r.scan.expired_mutes.is_empty() {
        let _ = writeln!(out, "\n{}", l("Expired mutelist entries (no longer muting):", "期限切れのミュート設定（現在は無効）:"));
        for m in &r.scan.expired_mutes {
            let _ = writeln!(out, "  {} {} ({}: {})", m.code, m.resource, l("expired", "期限"), m.expires.as_deref().unwrap_or_default());
        }
    }
    out
}

/// Why some checks could not decide: grouped by the read that failed.
fn unknown_section(r: &Report, out: &mut String, lang: Lang) {
    let mut reasons: BTreeMap<String, (usize, Vec<&'static str>)> = BTreeMap::new();
    for f in r.scan.findings.iter().filter(|f| f.status == Status::Unknown) {
        let Some(reason) = &f.reason else { continue };
        let e = reasons.entry(reason.render(lang)).or_default();
        e.0 += 1;
        if !e.1.contains(&f.code) {
            e.1.push(f.code);
        }
    }
    if reasons.is_empty() {
        return;
    }
    let _ = writeln!(out, "\n{}", lang.pick("Could not decide (unknown), by cause:", "判定できなかった項目（不明）の原因:"));
    for (reason, (n, codes)) in reasons {
        let _ = writeln!(out, "  {reason}: {n} ({})", codes.join(", "));
    }
}
