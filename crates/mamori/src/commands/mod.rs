//! One module per command.

mod collect;
mod host;
mod iam;
mod import;
mod inspect;
pub mod isms;
mod logs;
mod net;
mod scan;
mod summary;

use std::process::ExitCode;

use crate::cli::{Cli, Command};
use crate::i18n::Lang;

pub fn run(cli: Cli, lang: Lang) -> anyhow::Result<ExitCode> {
    let isms = isms::Isms::new(cli.db, cli.actor, lang);
    match cli.command {
        Command::History(args) => isms::history(&isms, args),
        Command::Diff(args) => isms::diff(&isms, args),
        Command::Risk(args) => isms::risk(&isms, args),
        Command::Audit(args) => isms::audit_cmd(&isms, args),
        Command::Assets(args) => isms::assets(&isms, args),
        Command::Soa(args) => isms::soa(&isms, args),
        Command::Metrics(args) => isms::metrics(&isms, args),
        Command::Report(args) => isms::report(&isms, args),
        Command::Collect(args) => collect::run(args, lang),
        Command::Import(args) => import::run(args, lang),
        Command::Scan(args) => scan::run(*args, &isms),
        Command::Host(args) => host::run(args, lang),
        Command::Inspect(args) => inspect::run(args, lang),
        Command::Net(args) => net::run(args, lang),
        Command::Iam(args) => iam::run(args, lang),
        Command::Logs(args) => logs::detect(args, lang),
        Command::Trail(args) => logs::verify(args, lang),
        Command::Permissions(args) => {
            use std::io::Write;
            let text = match args.format.as_str() {
                "markdown" => mamori_collect::permissions::markdown(),
                _ => mamori_collect::permissions::policy_json(),
            };
            std::io::stdout().lock().write_all(text.as_bytes())?;
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// `SOURCE_DATE_EPOCH`, when set, fixes the times written into snapshots so
/// that collecting an unchanged account twice gives identical files.
pub fn fixed_time() -> anyhow::Result<Option<mamori_model::Time>> {
    match std::env::var("SOURCE_DATE_EPOCH") {
        Ok(v) if !v.trim().is_empty() => {
            let secs: i64 = v.trim().parse().map_err(|_| anyhow::anyhow!("`SOURCE_DATE_EPOCH` must be whole seconds, not `{v}`"))?;
            Ok(Some(mamori_model::Time::from_epoch(secs, 0).ok_or_else(|| anyhow::anyhow!("`SOURCE_DATE_EPOCH` is out of range"))?))
        }
        _ => Ok(None),
    }
}
