//! mamori: assess an AWS account against the AWS Security Best Practices.
//!
//! This binary is argument parsing and glue; the work is in the library crates.

mod cli;
mod commands;
mod errors_ja;
mod i18n;

use std::io::Write;
use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = cli::Cli::parse();
    let lang = i18n::Lang::resolve(cli.lang.as_deref());
    match commands::run(cli, lang) {
        Ok(code) => code,
        Err(err) => {
            // A closed pipe is not an error.
            if err.chain().any(|e| e.downcast_ref::<std::io::Error>().is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)) {
                return ExitCode::SUCCESS;
            }
            let mut stderr = std::io::stderr().lock();
            let message = match lang {
                i18n::Lang::Ja => errors_ja::render(&err).unwrap_or_else(|| format!("{err:#}")),
                i18n::Lang::En => format!("{err:#}"),
            };
            let _ = writeln!(stderr, "{}: {message}", lang.pick("error", "エラー"));
            ExitCode::from(2)
        }
    }
}
