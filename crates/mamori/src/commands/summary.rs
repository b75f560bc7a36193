//! The summary printed after `collect`, `import` and by `inspect`.

use std::io::Write;
use std::path::Path;
use std::time::Duration;

use mamori_model::Snapshot;
use serde_json::json;

use crate::i18n::Lang;

/// Pads a label to ten terminal columns (CJK characters take two).
fn pad(label: &str) -> String {
    let width: usize = label.chars().map(|c| if u32::from(c) >= 0x1100 { 2 } else { 1 }).sum();
    format!("{label}{}", " ".repeat(10usize.saturating_sub(width)))
}

/// At most this many failures are listed; the rest are counted.
const MAX_LISTED: usize = 20;
/// Characters of an error message shown on the terminal.
const MAX_MESSAGE: usize = 120;

pub fn print(
    snapshot: &Snapshot,
    path: &Path,
    calls: Option<u64>,
    elapsed: Option<Duration>,
    as_json: bool,
    lang: Lang,
) -> anyhow::Result<()> {
    let (ok, failed) = snapshot.coverage.totals();
    let counts = snapshot.counts();
    let mut out = std::io::stdout().lock();
    if as_json {
        let summary = json!({
            "snapshot": path.display().to_string(),
            "source": snapshot.source.kind,
            "endpoint_override": snapshot.source.endpoint_override,
            "accounts": snapshot.accounts.iter().map(|a| &a.account_id).collect::<Vec<_>>(),
            "regions": snapshot.regions,
            "skipped_regions": snapshot.skipped_regions,
            "api_calls": calls,
            "seconds": elapsed.map(|d| d.as_secs_f64()),
            "operations_ok": ok,
            "operations_failed": failed,
            "resources": counts,
            "errors": snapshot.coverage.errors,
        });
        writeln!(out, "{}", serde_json::to_string_pretty(&summary)?)?;
        return Ok(());
    }
    let l = |en, ja| lang.pick(en, ja);
    writeln!(out, "{} {}", l("snapshot", "スナップショット"), path.display())?;
    for a in &snapshot.accounts {
        writeln!(out, "  {} {} ({})", pad(l("account", "アカウント")), a.account_id, a.partition)?;
    }
    let mut source = snapshot.source.kind.clone();
    if let Some(e) = &snapshot.source.endpoint_override {
        source.push_str(&format!(" via {e}"));
    }
    writeln!(out, "  {} {source}", pad(l("source", "取得元")))?;
    writeln!(out, "  {} {}", pad(l("regions", "リージョン")), snapshot.regions.join(", "))?;
    for s in &snapshot.skipped_regions {
        writeln!(out, "  {} {} — {}", pad(l("skipped", "スキップ")), s.region, s.reason)?;
    }
    writeln!(out, "  {} {} → {}", pad(l("time", "時刻")), snapshot.started_at, snapshot.finished_at)?;
    let mut line = format!("{ok} {}, {failed} {}", l("ok", "成功"), l("failed", "失敗"));
    if let Some(c) = calls {
        line.push_str(&format!("; {c} {}", l("API calls", "API 呼び出し")));
    }
    if let Some(d) = elapsed {
        line.push_str(&format!("; {:.1}s", d.as_secs_f64()));
    }
    writeln!(out, "  {} {line}", pad(l("reads", "読み取り")))?;
    let resources: Vec<String> = counts.iter().map(|(k, v)| format!("{k} {v}")).collect();
    writeln!(out, "  {} {}", pad(l("resources", "リソース")), if resources.is_empty() { "-".to_string() } else { resources.join(" · ") })?;
    let errors = &snapshot.coverage.errors;
    if !errors.is_empty() {
        writeln!(
            out,
            "{}: {} {}",
            l("warning", "警告"),
            errors.len(),
            l(
                "reads failed; the checks that need them will be `unknown`:",
                "件の読み取りに失敗しました。これを必要とするチェックは `unknown`（判定不能）になります:"
            )
        )?;
        // The same failure of one operation on many resources is one line.
        let mut groups: Vec<Vec<&mamori_model::CoverageError>> = Vec::new();
        for e in errors {
            match groups.last_mut() {
                Some(g)
                    if g.first().is_some_and(|f| {
                        (&f.region, &f.service, &f.operation, &f.code) == (&e.region, &e.service, &e.operation, &e.code)
                    }) =>
                {
                    g.push(e)
                }
                _ => groups.push(vec![e]),
            }
        }
        for g in groups.iter().take(MAX_LISTED) {
            let Some(e) = g.first() else { continue };
            let resource = match g.as_slice() {
                [one] => one.resource.as_deref().map(|r| format!(" ({r})")).unwrap_or_default(),
                many => {
                    let names: Vec<&str> = many.iter().filter_map(|x| x.resource.as_deref()).take(2).collect();
                    format!(" ({} {}: {}, …)", many.len(), l("resources", "リソース"), names.join(", "))
                }
            };
            // The snapshot keeps the whole message; a terminal line stays short.
            let mut message: String = e.message.chars().take(MAX_MESSAGE).collect();
            if e.message.chars().count() > MAX_MESSAGE {
                message.push('…');
            }
            writeln!(out, "  {} {} {}{resource}: {} — {message}", e.region, e.service, e.operation, e.code)?;
        }
        if groups.len() > MAX_LISTED {
            writeln!(out, "  … {} {}", groups.len() - MAX_LISTED, l("more", "件以上"))?;
        }
    }
    Ok(())
}
