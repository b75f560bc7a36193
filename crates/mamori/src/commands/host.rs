//! `mamori host audit`: read a root filesystem and run the host rules.

use std::process::ExitCode;

use mamori_model::{Snapshot, Source, Time};

use crate::cli::{HostArgs, HostCommand};
use crate::i18n::Lang;

pub fn run(args: HostArgs, lang: Lang) -> anyhow::Result<ExitCode> {
    match args.command {
        HostCommand::Audit(args) => {
            let config = super::scan::config(&args.report)?;
            let targets = super::scan::targets(&args.report, lang)?;
            let host = mamori_host::audit(&args.path)?;
            let scan = mamori_rules::audit_host(&host, &config, super::scan::today()?);
            // Reports describe where their data came from: here, the image.
            let now = super::fixed_time()?.unwrap_or_else(|| Time(jiff::Timestamp::now()));
            let mut origin =
                Snapshot::new(Source { kind: format!("host:{}", host.source), endpoint_override: None, caller_arn: None }, now);
            origin.regions = Vec::new();
            super::scan::emit(&args.report, &config, &scan, &origin, targets, lang)
        }
    }
}
