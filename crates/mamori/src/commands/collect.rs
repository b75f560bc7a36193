//! `mamori collect`.

use std::process::ExitCode;
use std::time::Instant;

use anyhow::Context;
use mamori_collect::{Options, Progress, Regions};
use mamori_model::Snapshot;

use crate::cli::{AwsArgs, CollectArgs};
use crate::i18n::Lang;

/// The demo account: collected from a moto server populated by
/// `scripts/demo_account.py` (see `scripts/make-demo-snapshot`).
pub const DEMO_SNAPSHOT: &[u8] = include_bytes!("../../demo/demo-snapshot.json.gz");

pub fn run(args: CollectArgs, lang: Lang) -> anyhow::Result<ExitCode> {
    let started = Instant::now();
    let (mut snapshot, calls) = if args.demo { (demo()?, None) } else { live(&args.aws)? };
    snapshot.save(&args.output)?;
    let elapsed = started.elapsed();
    super::summary::print(&snapshot, &args.output, calls, Some(elapsed), args.json, lang)?;
    let (ok, _) = snapshot.coverage.totals();
    if !args.demo && ok == 0 {
        anyhow::bail!(lang.pick("nothing at all could be read from the account", "アカウントから何も読み取れませんでした").to_string());
    }
    Ok(ExitCode::SUCCESS)
}

/// The embedded demo account's snapshot.
pub fn demo() -> anyhow::Result<Snapshot> {
    let mut snapshot = Snapshot::from_bytes(DEMO_SNAPSHOT, std::path::Path::new("<embedded demo snapshot>"))?;
    snapshot.source.kind = "demo".into();
    Ok(snapshot)
}

/// Collects the account live; returns the snapshot and the number of calls.
pub fn live(args: &AwsArgs) -> anyhow::Result<(Snapshot, Option<u64>)> {
    let options = options(args)?;
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build().context("cannot start the async runtime")?;
    let collected = runtime.block_on(mamori_collect::collect(&options, Progress::for_stderr()))?;
    Ok((collected.snapshot, Some(collected.calls)))
}

/// The SDK options from the command line.
pub fn options(args: &AwsArgs) -> anyhow::Result<Options> {
    let regions = match args.regions.as_slice() {
        [] => Regions::Default,
        [one] if one == "all" => Regions::All,
        list => Regions::List(list.iter().map(|r| r.trim().to_string()).filter(|r| !r.is_empty()).collect()),
    };
    let options = Options {
        profile: args.profile.clone(),
        regions,
        role_arn: args.role_arn.clone(),
        external_id: args.external_id.clone(),
        concurrency: usize::from(args.concurrency),
        fixed_time: super::fixed_time()?,
    };
    Ok(options)
}
