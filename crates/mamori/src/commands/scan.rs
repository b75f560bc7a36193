//! `mamori scan`: collect (or load) a snapshot, run the catalog, write the reports.

use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use mamori_model::Snapshot;
use mamori_report::{Format, Report};
use mamori_rules::frameworks::Framework;
use mamori_rules::{Config, Severity};

use crate::cli::{ReportArgs, ScanArgs};
use crate::i18n::Lang;

pub fn run(args: ScanArgs, isms: &super::isms::Isms) -> anyhow::Result<ExitCode> {
    let lang = isms.lang;
    let config = config(&args.report)?;
    let targets = targets(&args.report, lang)?;
    let snapshot = snapshot(&args, lang)?;
    let scan = mamori_rules::scan(&snapshot, &config, today()?);
    let code = emit(&args.report, &config, &scan, &snapshot, targets, lang)?;
    if !args.no_record {
        super::isms::record(isms, &scan, &snapshot, &config)?;
    }
    Ok(code)
}

/// The configuration: the file, then the command line's selection.
pub fn config(args: &ReportArgs) -> anyhow::Result<Config> {
    let mut config = load_config(args.config.as_ref())?;
    if !args.select.is_empty() {
        config.scan.select = args.select.clone();
    }
    if !args.ignore.is_empty() {
        config.scan.ignore = args.ignore.clone();
    }
    Ok(config)
}

/// The day that decides which mutes have expired (`SOURCE_DATE_EPOCH` or today).
pub fn today() -> anyhow::Result<jiff::civil::Date> {
    Ok(match super::fixed_time()? {
        Some(t) => t.0.to_zoned(jiff::tz::TimeZone::UTC).date(),
        None => jiff::Zoned::now().with_time_zone(jiff::tz::TimeZone::UTC).date(),
    })
}

/// Writes every requested report, warns about expired mutes, and returns
/// the exit code `--fail-on` asks for.
pub fn emit(
    args: &ReportArgs,
    config: &Config,
    scan: &mamori_rules::Scan,
    snapshot: &Snapshot,
    targets: Vec<(Format, Option<PathBuf>)>,
    lang: Lang,
) -> anyhow::Result<ExitCode> {
    let fail_on = match &args.fail_on {
        Some(s) => Severity::parse(s),
        None => config.scan.fail_on,
    };
    let framework = Framework::parse(&args.framework).unwrap_or_default();
    let rules_lang = match lang {
        Lang::En => mamori_rules::Lang::En,
        Lang::Ja => mamori_rules::Lang::Ja,
    };
    for (format, target) in targets {
        let to_terminal = target.is_none() && std::io::stdout().is_terminal();
        let color = format == Format::Text
            && match args.color.as_str() {
                "always" => true,
                "never" => false,
                _ => to_terminal && std::env::var_os("NO_COLOR").is_none(),
            };
        let report = Report { scan, snapshot, lang: rules_lang, framework, color, scope: &config.scope };
        match target {
            None => {
                let mut out = std::io::BufWriter::new(std::io::stdout().lock());
                report.write(format, &mut out)?;
                out.flush()?;
            }
            Some(path) => {
                if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
                    std::fs::create_dir_all(dir)
                        .with_context(|| format!("{} `{}`", lang.pick("cannot create", "作成できません:"), dir.display()))?;
                }
                let file = std::fs::File::create(&path)
                    .with_context(|| format!("{} `{}`", lang.pick("cannot write", "書き込めません:"), path.display()))?;
                let mut out = std::io::BufWriter::new(file);
                report
                    .write(format, &mut out)
                    .and_then(|()| out.flush())
                    .with_context(|| format!("{} `{}`", lang.pick("cannot write", "書き込めません:"), path.display()))?;
            }
        }
    }
    if !scan.expired_mutes.is_empty() {
        let mut err = std::io::stderr().lock();
        for m in &scan.expired_mutes {
            let _ = writeln!(
                err,
                "{}: {} {} ({})",
                lang.pick("warning: expired mutelist entry no longer mutes", "警告: 期限切れのミュート設定は無効です"),
                m.code,
                m.resource,
                m.expires.as_deref().unwrap_or_default()
            );
        }
    }
    let failing = fail_on.is_some_and(|threshold| scan.findings.iter().any(|f| f.is_failing() && f.severity >= threshold));
    Ok(if failing { ExitCode::from(1) } else { ExitCode::SUCCESS })
}

/// The configuration file: `path`, else `./mamori.toml` when it exists, else the defaults.
pub fn load_config(path: Option<&PathBuf>) -> anyhow::Result<Config> {
    match path {
        Some(path) => Ok(Config::load(path)?),
        None => {
            let default = PathBuf::from("mamori.toml");
            if default.is_file() {
                Ok(Config::load(&default)?)
            } else {
                Ok(Config::default())
            }
        }
    }
}

fn snapshot(args: &ScanArgs, lang: Lang) -> anyhow::Result<Snapshot> {
    if let Some(path) = &args.snapshot {
        return Ok(Snapshot::load(path)?);
    }
    if args.demo {
        return super::collect::demo();
    }
    if !credentials_configured(args) {
        let _ = writeln!(
            std::io::stderr().lock(),
            "{}",
            lang.pick(
                "note: no AWS credentials are configured, so this scans the embedded demo account (say --demo to ask for it, or configure credentials to scan yours)",
                "注: AWS の認証情報が設定されていないため、組み込みのデモアカウントをスキャンします（明示するには --demo、実アカウントには認証情報を設定してください）",
            )
        );
        return super::collect::demo();
    }
    let (mut snapshot, _) = super::collect::live(&args.aws)?;
    if let Some(path) = &args.save_snapshot {
        snapshot.save(path)?;
    }
    Ok(snapshot)
}

/// Whether anything in the standard credential chain is configured: keys,
/// a profile, web identity, container credentials, an endpoint override, or
/// the AWS config files. (Instance metadata cannot be checked without a
/// network call; on EC2 without any of these, pass `--profile` or set
/// `AWS_PROFILE`.)
fn credentials_configured(args: &ScanArgs) -> bool {
    let set = |k: &str| std::env::var_os(k).is_some_and(|v| !v.is_empty());
    if args.aws.profile.is_some() || args.aws.role_arn.is_some() {
        return true;
    }
    let vars = [
        "AWS_ACCESS_KEY_ID",
        "AWS_PROFILE",
        "AWS_WEB_IDENTITY_TOKEN_FILE",
        "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI",
        "AWS_CONTAINER_CREDENTIALS_FULL_URI",
        "AWS_ENDPOINT_URL",
    ];
    if vars.iter().any(|k| set(k)) {
        return true;
    }
    let home = std::env::var_os("HOME").map(PathBuf::from);
    let file = |var: &str, default: &str| {
        std::env::var_os(var)
            .map(PathBuf::from)
            .or_else(|| home.as_ref().map(|h| h.join(".aws").join(default)))
            .is_some_and(|p| p.is_file())
    };
    file("AWS_SHARED_CREDENTIALS_FILE", "credentials") || file("AWS_CONFIG_FILE", "config")
}

/// Pairs each format with its output: `-o` in the same position, the
/// output directory, or standard output (at most one format).
pub fn targets(args: &ReportArgs, lang: Lang) -> anyhow::Result<Vec<(Format, Option<PathBuf>)>> {
    let mut formats: Vec<Format> = args.formats.iter().filter_map(|f| Format::parse(f)).collect();
    if formats.is_empty() {
        formats.push(Format::Text);
    }
    if args.outputs.len() > formats.len() {
        let (o, f) = (args.outputs.len(), formats.len());
        anyhow::bail!(match lang {
            Lang::En => format!("more `-o` outputs ({o}) than `--format`s ({f})"),
            Lang::Ja => format!("`-o` の出力先（{o} 個）が `--format`（{f} 個）より多すぎます"),
        });
    }
    let mut targets = Vec::new();
    for (i, format) in formats.iter().enumerate() {
        let target = match (&args.output_dir, args.outputs.get(i)) {
            (Some(dir), _) => Some(dir.join(format.file_name())),
            (None, Some(path)) if path.as_os_str() != "-" => Some(path.clone()),
            _ => None,
        };
        targets.push((*format, target));
    }
    if targets.iter().filter(|(_, t)| t.is_none()).count() > 1 {
        anyhow::bail!(lang
            .pick(
                "only one format can go to standard output; give the others `-o FILE` or use `--output-dir`",
                "標準出力に出せる形式は 1 つだけです。ほかは `-o FILE` を指定するか `--output-dir` を使ってください",
            )
            .to_string());
    }
    Ok(targets)
}
