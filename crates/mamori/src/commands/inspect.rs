//! `mamori inspect`.

use std::process::ExitCode;

use mamori_model::Snapshot;

use crate::cli::InspectArgs;
use crate::i18n::Lang;

pub fn run(args: InspectArgs, lang: Lang) -> anyhow::Result<ExitCode> {
    let snapshot = Snapshot::load(&args.snapshot)?;
    super::summary::print(&snapshot, &args.snapshot, None, None, args.json, lang)?;
    Ok(ExitCode::SUCCESS)
}
