//! `mamori logs detect` and `mamori trail verify`.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{bail, Context};
use mamori_collect::logs::{S3Location, S3Reader};
use mamori_logs::alert::Alert;
use mamori_logs::cloudtrail::{BurstSettings, DetectorBuilder, Run};
use mamori_logs::digest::{self, PublicKeys, Verification};
use mamori_logs::flow::{self, Baseline, FlowRun, FlowSettings};
use mamori_logs::sigma::Level;
use serde_json::json;

use crate::cli::{LogsArgs, LogsCommand, TrailArgs, TrailCommand};
use crate::i18n::Lang;

/// `[logs]` in mamori.toml.
#[derive(Debug, Default, serde::Deserialize)]
#[serde(default, deny_unknown_fields)]
struct LogsConfig {
    flow: FlowSettings,
    /// MON code → threshold.
    bursts: BTreeMap<String, BurstConfig>,
}

#[derive(Debug, serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct BurstConfig {
    count: usize,
    seconds: i64,
}

fn config(path: Option<&Path>) -> anyhow::Result<LogsConfig> {
    let (path, required) = match path {
        Some(p) => (p.to_path_buf(), true),
        None => (PathBuf::from("mamori.toml"), false),
    };
    let text = match std::fs::read_to_string(&path) {
        Ok(t) => t,
        Err(e) if !required && e.kind() == std::io::ErrorKind::NotFound => return Ok(LogsConfig::default()),
        Err(e) => return Err(e).with_context(|| format!("cannot read `{}`", path.display())),
    };
    let table: toml::Table = toml::from_str(&text).with_context(|| format!("`{}` is not valid TOML", path.display()))?;
    match table.get("logs") {
        None => Ok(LogsConfig::default()),
        Some(v) => v.clone().try_into().with_context(|| format!("`{}`: [logs]", path.display())),
    }
}

pub fn detect(args: LogsArgs, lang: Lang) -> anyhow::Result<ExitCode> {
    let LogsCommand::Detect(args) = args.command;
    if args.cloudtrail.is_empty() && args.flow_logs.is_empty() {
        bail!("nothing to read: give --cloudtrail and/or --flow-logs");
    }
    if args.outputs.len() > args.formats.len() {
        bail!("more --output files than --format values");
    }
    let cfg = config(args.config.as_deref())?;
    let threads = args.threads.unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get())).max(1);
    let fail_on = Level::parse(&args.fail_on).unwrap_or(Level::Low);
    let mut stderr = std::io::stderr().lock();
    let mut s3: Option<(tokio::runtime::Runtime, S3Reader)> = None;

    let mut trail_run: Option<(Run, usize, usize)> = None;
    if !args.cloudtrail.is_empty() {
        let mut b = DetectorBuilder::new();
        if !args.no_builtin {
            let overrides = cfg.bursts.iter().map(|(k, v)| (k.clone(), (v.count, v.seconds))).collect();
            b.builtins(&BurstSettings { overrides });
        }
        for dir in &args.sigma {
            b.sigma_dir(dir).with_context(|| format!("cannot read the Sigma rules in `{}`", dir.display()))?;
        }
        for e in &b.errors {
            writeln!(stderr, "{}: {e}", lang.pick("warning: rule not loaded", "警告: 読み込めなかったルール"))?;
        }
        let (errors, skipped) = (b.errors.len(), b.skipped);
        let mut d = b.build();
        d.max_per_detection = args.max_alerts;
        if d.rule_count() == 0 {
            bail!("no detections loaded: give --sigma DIR or leave out --no-builtin");
        }
        let (local, remote): (Vec<&String>, Vec<&String>) = args.cloudtrail.iter().partition(|p| !p.starts_with("s3://"));
        let files = mamori_logs::input::discover(&local.iter().map(PathBuf::from).collect::<Vec<_>>())?;
        // Local files first, then S3 objects, through one session, so bursts
        // are counted across both.
        let mut session = d.session();
        d.add_files(&mut session, &files, threads);
        if !remote.is_empty() {
            s3_reader(&mut s3, &args.aws)?;
            if let Some((rt, reader)) = &s3 {
                let mut buf = Vec::new();
                for loc in remote {
                    let loc = S3Location::parse(loc).with_context(|| format!("`{loc}` is not s3://BUCKET/PREFIX"))?;
                    for key in rt.block_on(reader.keys(&loc))? {
                        let bytes = rt.block_on(reader.get(&loc.bucket, &key))?;
                        mamori_logs::input::decompress_into(&bytes, &mut buf).with_context(|| format!("s3://{}/{key}", loc.bucket))?;
                        session.add(d.scan_file(&format!("s3://{}/{key}", loc.bucket), &buf));
                    }
                }
            }
        }
        let run = session.finish();
        trail_run = Some((run, errors, skipped));
    }

    let mut flow_run: Option<FlowRun> = None;
    if !args.flow_logs.is_empty() {
        let baseline = match &args.baseline {
            Some(p) => serde_json::from_slice::<Baseline>(&std::fs::read(p).with_context(|| format!("cannot read `{}`", p.display()))?)
                .with_context(|| format!("`{}` is not a mamori baseline", p.display()))?,
            None => Baseline::default(),
        };
        let (local, remote): (Vec<&String>, Vec<&String>) = args.flow_logs.iter().partition(|p| !p.starts_with("s3://"));
        let mut files = mamori_logs::input::discover(&local.iter().map(PathBuf::from).collect::<Vec<_>>())?;
        let tmp = if remote.is_empty() { None } else { Some(tempdir()?) };
        if let Some(dir) = &tmp {
            // Flow logs are judged across files in time order: fetched to a
            // private temporary folder first.
            s3_reader(&mut s3, &args.aws)?;
            if let Some((rt, reader)) = &s3 {
                for loc in remote {
                    let loc = S3Location::parse(loc).with_context(|| format!("`{loc}` is not s3://BUCKET/PREFIX"))?;
                    for (i, key) in rt.block_on(reader.keys(&loc))?.into_iter().enumerate() {
                        let bytes = rt.block_on(reader.get(&loc.bucket, &key))?;
                        let p = dir.join(format!("{i:08}-{}", key.rsplit('/').next().unwrap_or("log")));
                        std::fs::write(&p, bytes)?;
                        files.push(p);
                    }
                }
            }
        }
        let run = flow::run_files(&files, threads, &cfg.flow, &baseline);
        if let Some(dir) = tmp {
            let _ = std::fs::remove_dir_all(dir);
        }
        if let Some(p) = &args.save_baseline {
            std::fs::write(p, serde_json::to_vec_pretty(&run.baseline)?).with_context(|| format!("cannot write `{}`", p.display()))?;
        }
        flow_run = Some(run);
    }
    drop(stderr);

    let mut alerts: Vec<&Alert> = Vec::new();
    if let Some((r, ..)) = &trail_run {
        alerts.extend(&r.alerts);
    }
    if let Some(r) = &flow_run {
        alerts.extend(&r.alerts);
    }
    alerts.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));

    for (i, format) in args.formats.iter().enumerate() {
        let out = args.outputs.get(i).filter(|p| p.as_os_str() != "-");
        let mut sink: Box<dyn Write> = match out {
            Some(p) => {
                Box::new(std::io::BufWriter::new(std::fs::File::create(p).with_context(|| format!("cannot write `{}`", p.display()))?))
            }
            None => Box::new(std::io::BufWriter::new(std::io::stdout().lock())),
        };
        match format.as_str() {
            // Serialized first so that write errors (a closed pipe) stay I/O errors.
            "json" => sink.write_all(&serde_json::to_vec_pretty(&json_report(&alerts, trail_run.as_ref(), flow_run.as_ref()))?)?,
            "ocsf" => {
                for a in &alerts {
                    let mut line = serde_json::to_vec(&mamori_logs::ocsf::detection_finding(a, env!("CARGO_PKG_VERSION")))?;
                    line.push(b'\n');
                    sink.write_all(&line)?;
                }
            }
            _ => text_report(&mut sink, lang, &alerts, trail_run.as_ref(), flow_run.as_ref())?,
        }
        if format == "json" {
            sink.write_all(b"\n")?;
        }
        sink.flush()?;
    }
    let failing = alerts.iter().any(|a| a.detection.level >= fail_on);
    Ok(if failing { ExitCode::from(1) } else { ExitCode::SUCCESS })
}

/// Starts the S3 client on first use.
fn s3_reader(s3: &mut Option<(tokio::runtime::Runtime, S3Reader)>, aws: &crate::cli::AwsArgs) -> anyhow::Result<()> {
    if s3.is_none() {
        let rt = tokio::runtime::Builder::new_multi_thread().enable_all().build().context("cannot start the async runtime")?;
        let options = super::collect::options(aws)?;
        let reader = rt.block_on(S3Reader::new(&options));
        *s3 = Some((rt, reader));
    }
    Ok(())
}

fn tempdir() -> anyhow::Result<PathBuf> {
    let dir = std::env::temp_dir().join(format!("mamori-flow-{}", std::process::id()));
    std::fs::create_dir_all(&dir)?;
    Ok(dir)
}

fn json_report(alerts: &[&Alert], trail: Option<&(Run, usize, usize)>, flows: Option<&FlowRun>) -> serde_json::Value {
    json!({
        "tool": {"name": "mamori", "version": env!("CARGO_PKG_VERSION")},
        "cloudtrail": trail.map(|(r, errors, skipped)| json!({
            "files": r.files, "records": r.records, "malformed": r.malformed, "problems": r.problems,
            "alerts_by_detection": r.per_detection, "alerts_not_kept": r.dropped,
            "rules_not_loaded": errors, "rules_for_other_sources": skipped,
        })),
        "flow_logs": flows.map(|r| json!({
            "files": r.files, "records": r.records, "no_data": r.no_data, "malformed": r.malformed, "late": r.late, "problems": r.problems,
            "rejected": r.rejected, "not_assessed": r.not_assessed,
            "spike_hours_judged": r.spike_hours_judged, "spike_hours_learning": r.spike_hours_learning,
        })),
        "alerts": alerts,
    })
}

fn text_report(
    w: &mut dyn Write,
    lang: Lang,
    alerts: &[&Alert],
    trail: Option<&(Run, usize, usize)>,
    flows: Option<&FlowRun>,
) -> std::io::Result<()> {
    let ja = lang == Lang::Ja;
    if let Some((r, errors, _)) = trail {
        if ja {
            writeln!(
                w,
                "CloudTrail: ファイル {} 件、イベント {} 件、読めなかったレコード {} 件、読み込めなかったルール {errors} 件",
                r.files, r.records, r.malformed
            )?;
        } else {
            writeln!(
                w,
                "CloudTrail: {} files, {} events, {} malformed records, {errors} rules not loaded",
                r.files, r.records, r.malformed
            )?;
        }
        for p in r.problems.iter().take(20) {
            writeln!(w, "  {} {p}", lang.pick("malformed:", "不正:"))?;
        }
    }
    if let Some(r) = flows {
        if ja {
            writeln!(
                w,
                "フローログ: ファイル {} 件、レコード {} 件、NODATA/SKIPDATA {} 件、読めなかった行 {} 件",
                r.files, r.records, r.no_data, r.malformed
            )?;
            writeln!(w, "  拒否された通信: フロー {} 件、パケット {}、バイト {}", r.rejected.flows, r.rejected.packets, r.rejected.bytes)?;
        } else {
            writeln!(
                w,
                "Flow logs: {} files, {} records, {} NODATA/SKIPDATA, {} malformed lines",
                r.files, r.records, r.no_data, r.malformed
            )?;
            writeln!(w, "  rejected traffic: {} flows, {} packets, {} bytes", r.rejected.flows, r.rejected.packets, r.rejected.bytes)?;
        }
        if !r.rejected.top_sources.is_empty() {
            let top: Vec<String> = r.rejected.top_sources.iter().take(5).map(|(a, n)| format!("{a} ({n})")).collect();
            writeln!(w, "  {} {}", lang.pick("top rejected sources:", "拒否の多い送信元:"), top.join(", "))?;
        }
        if !r.rejected.top_ports.is_empty() {
            let top: Vec<String> = r.rejected.top_ports.iter().take(5).map(|(p, n)| format!("{p} ({n})")).collect();
            writeln!(w, "  {} {}", lang.pick("top rejected ports:", "拒否の多いポート:"), top.join(", "))?;
        }
        if r.spike_hours_learning > 0 && r.spike_hours_judged == 0 {
            writeln!(
                w,
                "  {}",
                lang.pick(
                    "traffic spikes: not judged yet (no earlier week; use --baseline)",
                    "トラフィック急増: 未判定（前週のデータがありません。--baseline を使ってください）"
                )
            )?;
        }
        for (id, why) in &r.not_assessed {
            writeln!(w, "  {} {id}: {why}", lang.pick("not assessed:", "未評価:"))?;
        }
        for p in r.problems.iter().take(20) {
            writeln!(w, "  {} {p}", lang.pick("malformed:", "不正:"))?;
        }
    }
    writeln!(w)?;
    if alerts.is_empty() {
        writeln!(w, "{}", lang.pick("No alerts.", "アラートはありません。"))?;
        return Ok(());
    }
    let mut by_level: BTreeMap<std::cmp::Reverse<Level>, usize> = BTreeMap::new();
    for a in alerts {
        *by_level.entry(std::cmp::Reverse(a.detection.level)).or_default() += 1;
    }
    let counts: Vec<String> = by_level.iter().map(|(l, n)| format!("{} {n}", l.0.as_str())).collect();
    writeln!(w, "{} {} ({})", lang.pick("Alerts:", "アラート:"), alerts.len(), counts.join(", "))?;
    for a in alerts {
        let title = if ja { a.detection.title_ja.as_deref().unwrap_or(&a.detection.title) } else { &a.detection.title };
        let code = a.detection.code.as_deref().map(|c| format!(" [{c}]")).unwrap_or_default();
        writeln!(w, "{} {:<8} {title}{code}", a.time, a.detection.level.as_str())?;
        writeln!(w, "    {}", if ja { &a.message_ja } else { &a.message })?;
        if let Some(o) = a.origins.first() {
            let line = o.line.map(|l| format!(":{l}")).unwrap_or_default();
            writeln!(w, "    {} {}{line} #{}", lang.pick("at", "場所"), o.file, o.record)?;
        }
        if a.detection.origin == "sigma" {
            writeln!(w, "    {} {} — {}", lang.pick("rule by", "ルール作成者"), a.detection.author, a.detection.link)?;
        }
    }
    Ok(())
}

pub fn verify(args: TrailArgs, lang: Lang) -> anyhow::Result<ExitCode> {
    let TrailCommand::Verify(args) = args.command;
    let keys = match &args.public_keys {
        Some(p) => {
            let text = std::fs::read_to_string(p).with_context(|| format!("cannot read `{}`", p.display()))?;
            PublicKeys::parse(&text, &p.display().to_string())?
        }
        None => {
            let options = super::collect::options(&args.aws)?;
            let rt = tokio::runtime::Builder::new_multi_thread().enable_all().build().context("cannot start the async runtime")?;
            let now = jiff::Timestamp::now().as_second();
            // Keys of the last 90 days cover digests delivered in that time.
            let fetched = rt.block_on(mamori_collect::logs::cloudtrail_public_keys(&options, now - 90 * 86_400, now))?;
            let mut keys = PublicKeys::default();
            for (fp, der) in fetched {
                keys.add(Some(fp), &der).map_err(anyhow::Error::msg)?;
            }
            keys
        }
    };
    let v = digest::verify(&args.digests, &args.logs, &keys).context("cannot read the digest or log folders")?;
    let mut out = std::io::stdout().lock();
    if args.format == "json" {
        serde_json::to_writer_pretty(&mut out, &json!({"valid": v.is_valid(), "verification": v}))?;
        writeln!(out)?;
    } else {
        verification_text(&mut out, lang, &v)?;
    }
    Ok(if v.is_valid() { ExitCode::SUCCESS } else { ExitCode::from(1) })
}

fn verification_text(w: &mut dyn Write, lang: Lang, v: &Verification) -> std::io::Result<()> {
    let range = format!("{} – {}", v.start.as_deref().unwrap_or("-"), v.end.as_deref().unwrap_or("-"));
    let digests = v.digests_valid + v.digests_invalid;
    let logs = v.logs_valid + v.logs_invalid;
    if lang == Lang::Ja {
        writeln!(w, "{range} の結果:")?;
        writeln!(w, "{}/{digests} 件のダイジェストファイルが有効", v.digests_valid)?;
        writeln!(w, "{}/{logs} 件のログファイルが有効", v.logs_valid)?;
        if v.logs_not_yet_covered > 0 {
            writeln!(w, "{} 件のログファイルはまだダイジェストに含まれていません", v.logs_not_yet_covered)?;
        }
    } else {
        writeln!(w, "Results found for {range}:")?;
        writeln!(w, "{}/{digests} digest files valid", v.digests_valid)?;
        writeln!(w, "{}/{logs} log files valid", v.logs_valid)?;
        if v.logs_not_yet_covered > 0 {
            writeln!(w, "{} log files not yet covered by a digest", v.logs_not_yet_covered)?;
        }
    }
    for p in &v.problems {
        let kind = serde_json::to_value(p.kind).ok().and_then(|k| k.as_str().map(str::to_string)).unwrap_or_default();
        writeln!(w, "  {}: {}: {}", kind, p.file, p.detail)?;
    }
    writeln!(w, "{}", if v.is_valid() { lang.pick("VALID", "有効") } else { lang.pick("INVALID", "無効") })?;
    Ok(())
}
