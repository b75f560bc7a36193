//! mamori: assess an AWS account against the AWS Security Best Practices.
//!
//! This binary is argument parsing and glue; the work is in the library crates.

mod cli;
mod cli_ja;
mod commands;
mod errors_ja;
mod i18n;

use std::io::Write;
use std::process::ExitCode;

/// mimalloc: log detection and scans allocate many small, short-lived
/// values, where it is measurably faster than the system allocator
/// (docs/benchmarks.md).
#[global_allocator]
static ALLOC: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Parses the command line, with Japanese help when the language asked for
/// (`--lang`, `MAMORI_LANG`, `LANG`) is Japanese.
fn parse() -> cli::Cli {
    use clap::{CommandFactory, FromArgMatches};
    let args: Vec<String> = std::env::args().collect();
    let flag = args.iter().enumerate().find_map(|(i, a)| {
        a.strip_prefix("--lang=").map(str::to_string).or_else(|| (a == "--lang").then(|| args.get(i + 1).cloned()).flatten())
    });
    let flag = flag.or_else(|| std::env::var("MAMORI_LANG").ok());
    let command = cli::Cli::command();
    let command = match i18n::Lang::resolve(flag.as_deref()) {
        i18n::Lang::Ja => cli_ja::japanese(command),
        i18n::Lang::En => command,
    };
    let matches = command.get_matches();
    match cli::Cli::from_arg_matches(&matches) {
        Ok(cli) => cli,
        Err(err) => err.exit(),
    }
}

fn main() -> ExitCode {
    let cli = parse();
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
