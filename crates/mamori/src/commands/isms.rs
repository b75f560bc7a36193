//! The ISMS commands over the history database: `history`, `diff`, `risk`,
//! `audit`, `assets`, `soa`, `metrics`, `report`, and the recording of
//! each scan.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context as _;
use mamori_model::Snapshot;
use mamori_report::isms as doc;
use mamori_report::table::Table;
use mamori_rules::register::{self, Asset};
use mamori_rules::{Config, Scan};
use mamori_store::audit::{self, ProblemKind};
use mamori_store::risk::{Change, Treatment};
use mamori_store::{FindingRow, ScanInput, Store};

use crate::cli::{self, IsmsOutput};
use crate::i18n::Lang;

/// What every ISMS command needs: the database, who acts, the language.
pub struct Isms {
    pub db: PathBuf,
    pub actor: String,
    pub lang: Lang,
}

impl Isms {
    pub fn new(db: Option<PathBuf>, actor: Option<String>, lang: Lang) -> Isms {
        Isms { db: db.unwrap_or_else(default_db), actor: actor.filter(|a| !a.trim().is_empty()).unwrap_or_else(default_actor), lang }
    }

    pub fn open(&self) -> anyhow::Result<Store> {
        Ok(Store::open(&self.db)?)
    }

    fn rules_lang(&self) -> mamori_rules::Lang {
        match self.lang {
            Lang::En => mamori_rules::Lang::En,
            Lang::Ja => mamori_rules::Lang::Ja,
        }
    }
}

/// `mamori/history.db` in the platform's data directory.
fn default_db() -> PathBuf {
    let var = |k: &str| std::env::var_os(k).filter(|v| !v.is_empty()).map(PathBuf::from);
    let base = if cfg!(windows) {
        var("APPDATA")
    } else if cfg!(target_os = "macos") {
        var("HOME").map(|h| h.join("Library/Application Support"))
    } else {
        var("XDG_DATA_HOME").or_else(|| var("HOME").map(|h| h.join(".local/share")))
    };
    base.unwrap_or_else(|| PathBuf::from(".")).join("mamori").join("history.db")
}

/// `user@host`.
fn default_actor() -> String {
    let user = std::env::var("USER").or_else(|_| std::env::var("USERNAME")).unwrap_or_else(|_| "unknown".into());
    let host = std::fs::read_to_string("/etc/hostname").ok().map(|h| h.trim().to_string()).filter(|h| !h.is_empty());
    match host.or_else(|| std::env::var("HOSTNAME").ok()) {
        Some(host) => format!("{user}@{host}"),
        None => user,
    }
}

/// Now (RFC 3339, whole seconds) and today, in UTC (`SOURCE_DATE_EPOCH` when set).
pub fn now() -> anyhow::Result<(String, String)> {
    let ts = match super::fixed_time()? {
        Some(t) => t.0,
        None => jiff::Timestamp::now(),
    };
    let z = ts.to_zoned(jiff::tz::TimeZone::UTC);
    Ok((z.strftime("%Y-%m-%dT%H:%M:%SZ").to_string(), z.strftime("%Y-%m-%d").to_string()))
}

/// SHA-256 of the snapshot's canonical JSON.
fn digest(snapshot: &Snapshot) -> String {
    use sha2::Digest;
    struct Hasher(sha2::Sha256);
    impl Write for Hasher {
        fn write(&mut self, b: &[u8]) -> std::io::Result<usize> {
            self.0.update(b);
            Ok(b.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }
    let mut h = Hasher(sha2::Sha256::new());
    let _ = serde_json::to_writer(std::io::BufWriter::with_capacity(1 << 16, &mut h), snapshot);
    hex::encode(h.0.finalize())
}

/// The scope recorded with the scan and printed in the reports.
pub fn scope_json(config: &Config, out_of_scope: usize) -> serde_json::Value {
    let mut scope = serde_json::to_value(&config.scope).unwrap_or_default();
    if let Some(map) = scope.as_object_mut() {
        map.insert("findings_out_of_scope".into(), out_of_scope.into());
    }
    scope
}

/// Records a scan in the history and says what changed on standard error.
pub fn record(isms: &Isms, scan: &Scan, snapshot: &Snapshot, config: &Config) -> anyhow::Result<()> {
    let (recorded_at, today) = now()?;
    let assets = register::register(snapshot, config);
    let high_value: std::collections::HashMap<&str, (&Asset, bool)> =
        assets.iter().map(|a| (a.arn.as_str(), (a, a.value == register::Value::High))).collect();
    let findings = scan
        .findings
        .iter()
        .map(|f| {
            let asset = high_value.get(f.resource.as_str());
            let (likelihood, impact) = doc::default_risk(f.code, f.severity, asset.is_some_and(|(_, high)| *high), &config.risk);
            FindingRow {
                code: f.code,
                account: &f.account,
                region: &f.region,
                resource: &f.resource,
                resource_type: f.resource_type,
                status: f.status.as_str(),
                severity: f.severity.as_str(),
                muted: f.muted.is_some(),
                // The store keeps evidence for what is not a pass only.
                evidence: (f.status != mamori_rules::Status::Pass && !f.evidence.is_empty())
                    .then(|| serde_json::to_string(&f.evidence).unwrap_or_default()),
                reason: f.reason.as_ref().map(|r| serde_json::to_string(r).unwrap_or_default()),
                likelihood,
                impact,
                asset_class: asset.and_then(|(a, _)| a.classification.as_deref()),
            }
        })
        .collect();
    let input = ScanInput {
        recorded_at,
        today,
        started_at: snapshot.started_at.to_string(),
        source: snapshot.source.kind.clone(),
        snapshot_digest: digest(snapshot),
        mamori_version: env!("CARGO_PKG_VERSION").to_string(),
        accounts: snapshot.accounts.iter().map(|a| a.account_id.clone()).filter(|a| config.account_in_scope(a)).collect(),
        regions: snapshot.regions.iter().filter(|r| config.region_in_scope(r)).cloned().collect(),
        scope: scope_json(config, scan.out_of_scope),
        codes: scan.codes.iter().map(|c| c.to_string()).collect(),
        out_of_scope: scan.out_of_scope_resources.clone(),
        actor: isms.actor.clone(),
        findings,
        assets: Some(serde_json::to_string(&assets)?),
    };
    let mut store = isms.open()?;
    let s = store.record_scan(&input)?;
    let lang = isms.lang;
    let _ = writeln!(
        std::io::stderr().lock(),
        "{}",
        match lang {
            Lang::En => format!(
                "recorded scan {} in {}: {} new, {} reopened, {} resolved; risks: {} opened, {} reopened, {} closed{}",
                s.scan,
                store.path(),
                s.new,
                s.reopened,
                s.resolved,
                s.risks_opened.len(),
                s.risks_reopened.len(),
                s.risks_closed.len(),
                expired_note(&s.acceptances_expired, lang)
            ),
            Lang::Ja => format!(
                "スキャン {} を {} に記録しました: 新規 {}、再発 {}、解消 {}。リスク: 新規 {}、再オープン {}、クローズ {}{}",
                s.scan,
                store.path(),
                s.new,
                s.reopened,
                s.resolved,
                s.risks_opened.len(),
                s.risks_reopened.len(),
                s.risks_closed.len(),
                expired_note(&s.acceptances_expired, lang)
            ),
        }
    );
    Ok(())
}

fn expired_note(ids: &[i64], lang: Lang) -> String {
    if ids.is_empty() {
        return String::new();
    }
    let list = ids.iter().map(|i| format!("R-{i}")).collect::<Vec<_>>().join(", ");
    match lang {
        Lang::En => format!("; acceptance expired, open again: {list}"),
        Lang::Ja => format!("。受容の期限切れで再オープン: {list}"),
    }
}

/// Writes `table` in the format asked for (JSON gets `json` instead).
fn emit(out_args: &IsmsOutput, tables: &[&Table], json: impl FnOnce() -> serde_json::Value, lang: Lang) -> anyhow::Result<()> {
    let mut buffer: Vec<u8> = Vec::new();
    match out_args.format.as_str() {
        "json" => {
            serde_json::to_writer_pretty(&mut buffer, &json())?;
            buffer.push(b'\n');
        }
        "csv" => {
            for t in tables {
                t.write_csv(&mut buffer)?;
            }
        }
        "markdown" => {
            for t in tables {
                writeln!(buffer, "## {}\n", t.title)?;
                t.write_markdown(&mut buffer)?;
                writeln!(buffer)?;
            }
        }
        "xlsx" => {
            if out_args.output.is_none() {
                anyhow::bail!(lang.pick("xlsx needs `-o FILE`", "xlsx には `-o FILE` が必要です").to_string());
            }
            mamori_report::table::write_xlsx(tables, &mut buffer)?;
        }
        _ => {
            for (i, t) in tables.iter().enumerate() {
                if i > 0 {
                    writeln!(buffer)?;
                }
                t.write_text(&mut buffer)?;
            }
        }
    }
    write_to(out_args.output.as_deref(), &buffer, lang)
}

fn write_to(path: Option<&Path>, bytes: &[u8], lang: Lang) -> anyhow::Result<()> {
    match path {
        Some(path) if path.as_os_str() != "-" => {
            if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
                std::fs::create_dir_all(dir)
                    .with_context(|| format!("{} `{}`", lang.pick("cannot create", "作成できません:"), dir.display()))?;
            }
            std::fs::write(path, bytes).with_context(|| format!("{} `{}`", lang.pick("cannot write", "書き込めません:"), path.display()))
        }
        _ => {
            let mut out = std::io::stdout().lock();
            out.write_all(bytes)?;
            Ok(out.flush()?)
        }
    }
}

pub fn history(isms: &Isms, args: cli::HistoryArgs) -> anyhow::Result<ExitCode> {
    let store = isms.open()?;
    let scans = store.scans()?;
    let l = |en, ja| isms.lang.pick(en, ja);
    let mut t = Table::new(
        l("Scans", "スキャン履歴"),
        &[
            l("Scan", "スキャン"),
            l("Recorded", "記録日時"),
            l("Snapshot taken", "スナップショット取得"),
            l("Source", "取得元"),
            l("Accounts", "アカウント"),
            l("Regions", "リージョン"),
            l("Findings", "検出結果"),
            l("Failing", "不合格"),
        ],
    );
    for s in &scans {
        t.push(vec![
            s.id.to_string(),
            s.recorded_at.clone(),
            s.started_at.clone(),
            s.source.clone(),
            s.accounts.join(","),
            s.regions.join(","),
            s.findings.to_string(),
            s.failing.to_string(),
        ]);
    }
    emit(&args.out, &[&t], || serde_json::json!(scans), isms.lang)?;
    Ok(ExitCode::SUCCESS)
}

pub fn diff(isms: &Isms, args: cli::DiffArgs) -> anyhow::Result<ExitCode> {
    let store = isms.open()?;
    let (from, to) = match (&args.from, &args.to) {
        (Some(a), Some(b)) => (store.resolve_scan(a)?, store.resolve_scan(b)?),
        (Some(a), None) => (store.resolve_scan(a)?, store.resolve_scan("last")?),
        _ => {
            if store.scans()?.len() < 2 {
                return Err(mamori_store::Error::NotEnoughScans.into());
            }
            (store.resolve_scan("last~1")?, store.resolve_scan("last")?)
        }
    };
    let d = store.diff(from, to)?;
    let l = |en, ja| isms.lang.pick(en, ja);
    let lifecycle = |c: &mamori_store::diff::Change| match c.lifecycle.as_deref() {
        Some("new") => l("new", "新規"),
        Some("reopened") => l("reopened", "再発"),
        Some("resolved") => l("resolved", "解消"),
        Some("open") => l("open", "継続"),
        _ => "-",
    };
    let mut t = Table::new(
        l("Changes", "変更"),
        &[
            l("Change", "変化"),
            l("Code", "コード"),
            l("Severity", "重大度"),
            l("Resource", "リソース"),
            l("Before", "前"),
            l("After", "後"),
        ],
    );
    for c in &d.failing {
        t.push(vec![lifecycle(c).into(), c.code.clone(), c.severity.clone(), c.resource.clone(), c.before.clone(), c.after.clone()]);
    }
    for c in &d.resolved {
        t.push(vec![
            l("resolved", "解消").into(),
            c.code.clone(),
            c.severity.clone(),
            c.resource.clone(),
            c.before.clone(),
            c.after.clone(),
        ]);
    }
    for c in &d.unassessed {
        t.push(vec![
            l("not assessed", "未評価").into(),
            c.code.clone(),
            c.severity.clone(),
            c.resource.clone(),
            c.before.clone(),
            c.after.clone(),
        ]);
    }
    if args.out.format == "text" {
        let new = d.failing.iter().filter(|c| c.lifecycle.as_deref() != Some("reopened")).count();
        let reopened = d.failing.len() - new;
        let line = match isms.lang {
            Lang::En => format!(
                "scan {} → {}: {new} new, {reopened} reopened, {} resolved, {} not assessed (unknown or not covered), {} still failing\n",
                d.from,
                d.to,
                d.resolved.len(),
                d.unassessed.len(),
                d.still_failing
            ),
            Lang::Ja => format!(
                "スキャン {} → {}: 新規 {new}、再発 {reopened}、解消 {}、未評価（判定不能・対象外） {}、継続して不合格 {}\n",
                d.from,
                d.to,
                d.resolved.len(),
                d.unassessed.len(),
                d.still_failing
            ),
        };
        std::io::stdout().lock().write_all(line.as_bytes())?;
        if t.rows.is_empty() {
            return Ok(ExitCode::SUCCESS);
        }
        std::io::stdout().lock().write_all(b"\n")?;
    }
    emit(&args.out, &[&t], || serde_json::json!(d), isms.lang)?;
    Ok(ExitCode::SUCCESS)
}

pub fn risk(isms: &Isms, args: cli::RiskArgs) -> anyhow::Result<ExitCode> {
    use cli::RiskCommand as C;
    let mut store = isms.open()?;
    let (at, today) = now()?;
    let change = Change { actor: &isms.actor, at: &at, today: &today };
    let id = |text: &str| {
        mamori_store::risk::parse_id(text).ok_or_else(|| {
            anyhow::anyhow!("{} `{text}`", isms.lang.pick("not a risk id (R-12 or 12):", "リスク ID（R-12 または 12）ではありません:"))
        })
    };
    let treated = match args.command {
        C::List(a) => {
            let risks = store.risks(a.all, &today)?;
            let t = doc::risk_table(&risks, isms.rules_lang());
            emit(&a.out, &[&t], || serde_json::json!(risks), isms.lang)?;
            return Ok(ExitCode::SUCCESS);
        }
        C::Show(a) => {
            let risk = store.risk(id(&a.risk)?, &today)?;
            if a.json {
                serde_json::to_writer_pretty(std::io::stdout().lock(), &risk)?;
                println!();
            } else {
                show_risk(&risk, isms)?;
            }
            return Ok(ExitCode::SUCCESS);
        }
        C::Accept(a) => {
            store.treat(id(&a.risk)?, &Treatment::Accept { approver: a.approver, reason: a.reason, expires: a.expires }, &change)?
        }
        C::Mitigate(a) => store.treat(id(&a.risk)?, &Treatment::Mitigate { owner: a.owner, due: a.due }, &change)?,
        C::Avoid(a) => store.treat(id(&a.risk)?, &Treatment::Avoid { reason: a.reason }, &change)?,
        C::Transfer(a) => store.treat(id(&a.risk)?, &Treatment::Transfer { to: a.to, reason: a.reason }, &change)?,
        C::Assess(a) => store.assess(id(&a.risk)?, a.likelihood, a.impact, &change)?,
    };
    show_risk(&treated, isms)?;
    Ok(ExitCode::SUCCESS)
}

fn show_risk(r: &mamori_store::risk::Risk, isms: &Isms) -> anyhow::Result<()> {
    let lang = isms.rules_lang();
    let l = |en, ja| isms.lang.pick(en, ja);
    let rule = doc::rule(&r.code);
    let (threat, consequence) = rule.map(|x| doc::threat(x.area, lang)).unwrap_or(("", ""));
    let mut out = String::new();
    let mut line = |k: &str, v: &str| {
        if !v.is_empty() {
            out.push_str(&format!("{k}: {v}\n"));
        }
    };
    line(l("Risk", "リスク"), &format!("R-{}", r.id));
    line(l("Level", "レベル"), &format!("{} ({}×{}={})", doc::level_label(r.level, lang), r.likelihood, r.impact, r.score));
    line(l("State", "状態"), doc::state_label(&r.state, lang));
    line(l("Asset", "資産"), &format!("{} ({}, {} {})", r.resource, r.resource_type, r.account, r.region));
    line(l("Classification", "分類"), r.asset_class.as_deref().unwrap_or(""));
    line(l("Vulnerability", "ぜい弱性"), &format!("{} {}", r.code, rule.map(|x| x.title.get(lang)).unwrap_or_default()));
    line(l("Threat", "脅威"), threat);
    line(l("Consequence", "影響"), consequence);
    line(l("Treatment", "対応"), r.treatment.as_deref().map(|t| doc::treatment_label(t, lang)).unwrap_or(""));
    line(l("Owner", "担当"), r.owner.as_deref().unwrap_or(""));
    line(l("Due", "期日"), r.due.as_deref().unwrap_or(""));
    line(l("Approver", "承認者"), r.approver.as_deref().unwrap_or(""));
    line(l("Reason", "理由"), r.reason.as_deref().unwrap_or(""));
    line(l("Expires", "有効期限"), r.expires.as_deref().unwrap_or(""));
    if r.overdue {
        line(l("Overdue", "期限超過"), l("yes", "はい"));
    }
    line(l("Remediation", "修正方法"), rule.map(|x| x.remediation.console.get(lang)).unwrap_or_default());
    if let Some(e) = &r.evidence {
        line(l("Evidence", "証跡"), &e.to_string());
    }
    std::io::stdout().lock().write_all(out.as_bytes())?;
    Ok(())
}

pub fn audit_cmd(isms: &Isms, args: cli::AuditArgs) -> anyhow::Result<ExitCode> {
    let store = isms.open()?;
    let lang = isms.lang;
    match args.command {
        cli::AuditCommand::Verify(a) => {
            let v = audit::verify(store.connection(), a.expect.as_deref())?;
            if a.json {
                serde_json::to_writer_pretty(std::io::stdout().lock(), &v)?;
                println!();
            } else {
                match &v.problem {
                    None => println!(
                        "{}",
                        match lang {
                            Lang::En => format!("audit trail intact: {} entries, head {}", v.entries, v.head.as_deref().unwrap_or("-")),
                            Lang::Ja =>
                                format!("監査証跡は改ざんされていません: {} 件、ヘッド {}", v.entries, v.head.as_deref().unwrap_or("-")),
                        }
                    ),
                    Some(p) => println!("{}", problem_text(p, lang)),
                }
            }
            Ok(if v.problem.is_some() { ExitCode::from(1) } else { ExitCode::SUCCESS })
        }
        cli::AuditCommand::Log(a) => {
            let entries = audit::entries(store.connection(), a.limit)?;
            if a.json {
                serde_json::to_writer_pretty(std::io::stdout().lock(), &entries)?;
                println!();
            } else {
                let l = |en, ja| lang.pick(en, ja);
                let mut t = Table::new(
                    "",
                    &["#", l("When", "日時"), l("Who", "実行者"), l("Action", "操作"), l("Subject", "対象"), l("Hash", "ハッシュ")],
                );
                for e in &entries {
                    t.push(vec![
                        e.seq.to_string(),
                        e.at.clone(),
                        e.actor.clone(),
                        e.action.clone(),
                        e.subject.clone(),
                        e.hash.get(..16).unwrap_or_default().to_string(),
                    ]);
                }
                t.write_text(&mut std::io::stdout().lock())?;
            }
            Ok(ExitCode::SUCCESS)
        }
    }
}

fn problem_text(p: &audit::Problem, lang: Lang) -> String {
    let n = p.seq;
    match (&p.kind, lang) {
        (ProblemKind::Edited, Lang::En) => {
            format!("audit trail broken at entry {n}: its content does not match its hash (edited or moved)")
        }
        (ProblemKind::Edited, Lang::Ja) => {
            format!("監査証跡がエントリ {n} で壊れています: 内容がハッシュと一致しません（改ざんまたは移動）")
        }
        (ProblemKind::Missing, Lang::En) => format!("audit trail broken at entry {n}: the entry is missing (deleted)"),
        (ProblemKind::Missing, Lang::Ja) => format!("監査証跡がエントリ {n} で壊れています: エントリがありません（削除）"),
        (ProblemKind::Unlinked, Lang::En) => {
            format!("audit trail broken at entry {n}: it does not follow the entry before it (reordered or replaced)")
        }
        (ProblemKind::Unlinked, Lang::Ja) => {
            format!("監査証跡がエントリ {n} で壊れています: 直前のエントリとつながりません（並べ替えまたは置換）")
        }
        (ProblemKind::Truncated { recorded_head }, Lang::En) => {
            format!("audit trail broken at entry {n}: entries up to {recorded_head} were recorded but are gone (deleted from the end)")
        }
        (ProblemKind::Truncated { recorded_head }, Lang::Ja) => {
            format!("監査証跡がエントリ {n} で壊れています: {recorded_head} 番までのエントリが記録されていたのにありません（末尾の削除）")
        }
        (ProblemKind::ResultsChanged { scan }, Lang::En) => {
            format!("audit trail broken at entry {n}: the stored results of scan {scan} were changed after it was recorded")
        }
        (ProblemKind::ResultsChanged { scan }, Lang::Ja) => {
            format!("監査証跡がエントリ {n} で壊れています: スキャン {scan} の記録後に結果が変更されています")
        }
        (ProblemKind::UnexpectedHead { expected }, Lang::En) => {
            format!("audit trail does not end at {expected}: the last entry is {n}, with another hash")
        }
        (ProblemKind::UnexpectedHead { expected }, Lang::Ja) => {
            format!("監査証跡のヘッドが {expected} ではありません: 最後のエントリは {n} で、ハッシュが異なります")
        }
    }
}

/// The asset register: from the snapshot given, else the last scan's.
fn load_assets(isms: &Isms, inv: &cli::InventoryArgs) -> anyhow::Result<Vec<Asset>> {
    let config = super::scan::load_config(inv.config.as_ref())?;
    let snapshot = match (&inv.snapshot, inv.demo) {
        (Some(path), _) => Some(Snapshot::load(path)?),
        (None, true) => Some(super::collect::demo()?),
        (None, false) => None,
    };
    if let Some(snapshot) = snapshot {
        return Ok(register::register(&snapshot, &config));
    }
    let store = isms.open()?;
    let scan = store.resolve_scan("last")?;
    match store.assets(scan)? {
        Some(text) => {
            Ok(serde_json::from_str(&text).map_err(|e| mamori_store::Error::Damaged(format!("the asset register of scan {scan}: {e}")))?)
        }
        None => Ok(Vec::new()),
    }
}

pub fn assets_table(assets: &[Asset], lang: Lang) -> Table {
    let l = |en, ja| lang.pick(en, ja);
    let mut t = Table::new(
        l("Asset register", "資産目録"),
        &[
            l("Asset", "資産"),
            l("Type", "種類"),
            l("Account", "アカウント"),
            l("Region", "リージョン"),
            l("Category", "区分"),
            l("Owner", "所有者"),
            l("Classification", "分類"),
            l("Value", "価値"),
            l("Depends on", "依存先"),
        ],
    );
    for a in assets {
        let category = match a.category {
            register::Category::Essential => l("essential", "本質的資産"),
            register::Category::Supporting => l("supporting", "支援資産"),
        };
        let value = match a.value {
            register::Value::High => l("high", "高"),
            register::Value::Medium => l("medium", "中"),
            register::Value::Low => l("low", "低"),
        };
        let or_unknown = |v: &Option<String>| match v {
            Some(v) => v.clone(),
            None if !a.tags_read => l("(tags not read)", "（タグ未取得）").to_string(),
            None => String::new(),
        };
        t.push(vec![
            a.arn.clone(),
            a.resource_type.clone(),
            a.account.clone(),
            a.region.clone(),
            category.into(),
            or_unknown(&a.owner),
            or_unknown(&a.classification),
            value.into(),
            a.dependencies.join(" "),
        ]);
    }
    t
}

pub fn assets(isms: &Isms, args: cli::AssetsArgs) -> anyhow::Result<ExitCode> {
    let list = load_assets(isms, &args.inventory)?;
    let t = assets_table(&list, isms.lang);
    emit(&args.out, &[&t], || serde_json::json!(list), isms.lang)?;
    Ok(ExitCode::SUCCESS)
}

pub fn soa(isms: &Isms, args: cli::SoaArgs) -> anyhow::Result<ExitCode> {
    let config = super::scan::load_config(args.config.as_ref())?;
    let store = isms.open()?;
    let scan = store.resolve_scan(args.scan.as_deref().unwrap_or("last"))?;
    let rows = doc::soa(&store.code_counts(scan)?, &config.soa, isms.rules_lang());
    let t = doc::soa_table(&rows, isms.rules_lang());
    emit(&args.out, &[&t], || serde_json::json!({ "scan": scan, "controls": rows }), isms.lang)?;
    Ok(ExitCode::SUCCESS)
}

pub fn metrics(isms: &Isms, args: cli::MetricsArgs) -> anyhow::Result<ExitCode> {
    let store = isms.open()?;
    let m = store.metrics()?;
    let l = |en, ja| isms.lang.pick(en, ja);
    let mut t = Table::new(
        l("Metrics", "メトリクス"),
        &[
            l("Scan", "スキャン"),
            l("Taken", "取得日時"),
            l("Failing", "不合格"),
            l("critical", "重大"),
            l("high", "高"),
            l("medium", "中"),
            l("low", "低"),
            l("New", "新規"),
            l("Reopened", "再発"),
            l("Resolved", "解消"),
            l("Pass rate", "合格率"),
            l("Failing by area", "領域別の不合格"),
        ],
    );
    for s in &m.scans {
        let sev = |k: &str| s.failing_by_severity.get(k).copied().unwrap_or(0).to_string();
        let rate = if s.pass + s.fail > 0 { format!("{:.1}%", 100.0 * s.pass as f64 / (s.pass + s.fail) as f64) } else { "-".into() };
        t.push(vec![
            s.scan.to_string(),
            s.started_at.clone(),
            s.fail.to_string(),
            sev("critical"),
            sev("high"),
            sev("medium"),
            sev("low"),
            s.new.to_string(),
            s.reopened.to_string(),
            s.resolved.to_string(),
            rate,
            s.failing_by_area.iter().map(|(a, n)| format!("{a}:{n}")).collect::<Vec<_>>().join(" "),
        ]);
    }
    let mut frameworks = Table::new(
        l("Control pass rate by framework (last scan)", "フレームワーク別の管理策合格率（最新スキャン）"),
        &[l("Framework", "フレームワーク"), l("Requirements assessed", "評価した要求事項"), l("Passing", "合格"), l("Pass rate", "合格率")],
    );
    let rates = framework_rates(&store)?;
    for (name, assessed, passing) in &rates {
        let rate = if *assessed > 0 { format!("{:.1}%", 100.0 * *passing as f64 / *assessed as f64) } else { "-".into() };
        frameworks.push(vec![name.clone(), assessed.to_string(), passing.to_string(), rate]);
    }
    if args.out.format == "text" {
        let mttr = match m.mean_days_to_remediate {
            Some(d) => format!("{d:.1} ({} {})", m.remediated, l("remediated", "件修正")),
            None => "-".into(),
        };
        println!("{}: {mttr}\n", l("Mean days to remediate", "平均修正日数"));
    }
    emit(&args.out, &[&t, &frameworks], || serde_json::json!({ "metrics": m, "frameworks": rates }), isms.lang)?;
    Ok(ExitCode::SUCCESS)
}

/// Per framework: requirements with at least one assessed finding, and
/// those whose findings all pass (last scan).
pub fn framework_rates(store: &Store) -> anyhow::Result<Vec<(String, usize, usize)>> {
    use mamori_rules::frameworks::Framework;
    let Ok(scan) = store.resolve_scan("last") else { return Ok(Vec::new()) };
    let counts = store.code_counts(scan)?;
    let judge = |codes: Vec<&str>| -> Option<bool> {
        let (pass, fail) = codes.iter().filter_map(|c| counts.get(*c)).fold((0, 0), |(p, f), n| (p + n.pass, f + n.fail));
        (pass + fail > 0).then_some(fail == 0)
    };
    let mut out = Vec::new();
    for f in Framework::ALL {
        let verdicts: Vec<bool> = f
            .requirements()
            .iter()
            .filter_map(|req| judge(mamori_rules::codes::RULES.iter().filter(|r| f.maps(r, &req.id)).map(|r| r.code).collect()))
            .collect();
        out.push((f.name().to_string(), verdicts.len(), verdicts.iter().filter(|v| **v).count()));
    }
    let iso: Vec<bool> = mamori_rules::iso27001::ANNEX_A
        .iter()
        .filter_map(|c| {
            judge(
                mamori_rules::codes::RULES
                    .iter()
                    .filter(|r| mamori_rules::iso27001::iso_controls(r.code).contains(&c.id))
                    .map(|r| r.code)
                    .collect(),
            )
        })
        .collect();
    out.push(("iso-27001:2022".to_string(), iso.len(), iso.iter().filter(|v| **v).count()));
    Ok(out)
}

pub fn report(isms: &Isms, args: cli::ReportCmdArgs) -> anyhow::Result<ExitCode> {
    if args.html.is_none() && args.management.is_none() {
        anyhow::bail!(isms
            .lang
            .pick(
                "say what to write: `--html FILE` and/or `--management FILE`",
                "出力を指定してください: `--html FILE` または `--management FILE`"
            )
            .to_string());
    }
    let config = super::scan::load_config(args.config.as_ref())?;
    let store = isms.open()?;
    let scan_id = store.resolve_scan("last")?;
    let scans = store.scans()?;
    let scan = scans.iter().find(|s| s.id == scan_id).ok_or_else(|| mamori_store::Error::NoScan("last".into()))?;
    let (_, today) = now()?;
    let lang = isms.rules_lang();
    if let Some(path) = &args.management {
        let risks = store.risks(false, &today)?;
        let metrics = store.metrics()?;
        let soa = doc::soa(&store.code_counts(scan_id)?, &config.soa, lang);
        let head = audit::verify(store.connection(), None)?.head;
        let mut buffer = Vec::new();
        doc::management_report(
            &doc::Management { risks: &risks, scan, metrics: &metrics, soa: &soa, audit_head: head.as_deref(), today: &today },
            lang,
            &mut buffer,
        )?;
        write_to(Some(path), &buffer, isms.lang)?;
    }
    if let Some(path) = &args.html {
        let mut buffer = Vec::new();
        mamori_report::html::write(&store, scan, &config.soa, &today, &mut buffer).map_err(|e| match e {
            // The store's errors have their Japanese rendering.
            mamori_report::html::DashboardError::Store(inner) => anyhow::Error::from(inner),
            other => anyhow::Error::from(other),
        })?;
        write_to(Some(path), &buffer, isms.lang)?;
    }
    Ok(ExitCode::SUCCESS)
}
