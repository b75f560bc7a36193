//! `mamori import`.

use std::io::Write;
use std::process::ExitCode;

use mamori_collect::import::{import, ImportOptions};

use crate::cli::ImportArgs;
use crate::i18n::Lang;

pub fn run(args: ImportArgs, lang: Lang) -> anyhow::Result<ExitCode> {
    let time = super::fixed_time()?.unwrap_or_else(|| mamori_model::Time(jiff::Timestamp::now()));
    let options = ImportOptions { dir: args.dir.clone(), default_region: args.region.clone(), account: args.account.clone(), time };
    let mut imported = import(&options)?;
    imported.snapshot.save(&args.output)?;
    {
        let mut err = std::io::stderr().lock();
        for p in &imported.problems {
            writeln!(err, "{}: {}: {}", lang.pick("warning", "警告"), p.file.display(), p.message)?;
        }
    }
    super::summary::print(&imported.snapshot, &args.output, None, None, args.json, lang)?;
    Ok(ExitCode::SUCCESS)
}
