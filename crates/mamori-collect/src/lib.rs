//! Read-only collection of an AWS account's configuration through the
//! official aws-sdk-rust, and import of AWS CLI JSON dumps.
//!
//! This is the only crate of mamori that talks to AWS. It issues only
//! `List*`, `Describe*`, `Get*` (and `GenerateCredentialReport`) calls; the
//! exact list is `ACTIONS` and `docs/permissions.md`. Failures never abort a
//! collection: they are recorded in the snapshot's coverage.

mod convert;
mod ctx;
pub mod import;
pub mod logs;
pub mod permissions;
mod progress;
mod services;

use std::time::Duration;

use aws_config::retry::RetryConfig;
use aws_config::timeout::TimeoutConfig;
use aws_config::{BehaviorVersion, Region as AwsRegion, SdkConfig};
use mamori_model::{Account, ErrorKind, SkippedRegion, Snapshot, Source, Time, GLOBAL};

pub use ctx::Got;
pub use progress::Progress;
pub use services::ACTIONS;

use ctx::Ctx;

/// Which regions to collect.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Regions {
    /// The region of the profile or environment.
    Default,
    /// The regions named; disabled opt-in regions among them are skipped.
    List(Vec<String>),
    /// Every region enabled for the account.
    All,
}

#[derive(Clone, Debug)]
pub struct Options {
    pub profile: Option<String>,
    pub regions: Regions,
    /// Assume this role (with the base credentials) before collecting.
    pub role_arn: Option<String>,
    pub external_id: Option<String>,
    /// Calls in flight at once, across all services and regions.
    pub concurrency: usize,
    /// Fixed start/finish time for the snapshot (e.g. `SOURCE_DATE_EPOCH`),
    /// so repeated collections of an unchanged account give equal bytes.
    pub fixed_time: Option<Time>,
}

impl Default for Options {
    fn default() -> Self {
        Options { profile: None, regions: Regions::Default, role_arn: None, external_id: None, concurrency: 16, fixed_time: None }
    }
}

/// Errors that stop a collection before anything could be read.
#[derive(Debug, thiserror::Error)]
pub enum CollectError {
    #[error("no AWS region is configured: pass `--regions`, or set `AWS_REGION` or a profile region")]
    NoRegion,
    #[error("cannot identify the caller (sts:GetCallerIdentity failed: {code}: {message}); check the credentials")]
    Identity { code: String, message: String },
}

/// A finished collection.
pub struct Collected {
    pub snapshot: Snapshot,
    /// AWS API calls made (each page counts).
    pub calls: u64,
}

fn now() -> Time {
    Time(jiff::Timestamp::now())
}

/// Loads the shared SDK configuration: credentials and region from the
/// standard chain (environment, profiles, SSO, web identity, IMDS), endpoint
/// overrides (`AWS_ENDPOINT_URL`, `AWS_ENDPOINT_URL_<SERVICE>`, profile
/// `endpoint_url`), adaptive retry for throttling, and an optional assumed role.
pub async fn load_config(options: &Options) -> SdkConfig {
    let mut loader = aws_config::defaults(BehaviorVersion::latest())
        // Adaptive retry paces requests under throttling; five attempts from a
        // 500 ms backoff outlast short bursts without stalling a collection on
        // an endpoint that always fails.
        .retry_config(RetryConfig::adaptive().with_max_attempts(5).with_initial_backoff(Duration::from_millis(500)))
        .timeout_config(
            TimeoutConfig::builder()
                .connect_timeout(Duration::from_secs(10))
                .operation_attempt_timeout(Duration::from_secs(60))
                .operation_timeout(Duration::from_secs(300))
                .build(),
        );
    if let Some(profile) = &options.profile {
        loader = loader.profile_name(profile);
    }
    let base = loader.load().await;
    let Some(role_arn) = &options.role_arn else { return base };
    let mut provider = aws_config::sts::AssumeRoleProvider::builder(role_arn.clone()).session_name("mamori").configure(&base);
    if let Some(id) = &options.external_id {
        provider = provider.external_id(id.clone());
    }
    let provider = provider.build().await;
    base.into_builder().credentials_provider(aws_credential_types::provider::SharedCredentialsProvider::new(provider)).build()
}

/// Collects the configured account.
pub async fn collect(options: &Options, progress: Progress) -> Result<Collected, CollectError> {
    let started_at = options.fixed_time.unwrap_or_else(now);
    let config = load_config(options).await;
    let home_region = config.region().map(|r| r.to_string());
    // STS first: without an identity nothing else can be attributed.
    let sts_config = match &home_region {
        Some(_) => config.clone(),
        None => config.to_builder().region(AwsRegion::new("us-east-1")).build(),
    };
    let identity = aws_sdk_sts::Client::new(&sts_config).get_caller_identity().send().await.map_err(|e| {
        let (_, code, message) = ctx::describe(&e);
        CollectError::Identity { code, message }
    })?;
    let account_id = identity.account().unwrap_or_default().to_string();
    let caller_arn = identity.arn().unwrap_or_default().to_string();
    let partition = caller_arn.split(':').nth(1).filter(|p| !p.is_empty()).unwrap_or("aws").to_string();

    let ctx = Ctx::new(account_id.clone(), options.concurrency, progress.clone());
    let (regions, skipped) = resolve_regions(&ctx, &config, &options.regions, home_region.as_deref()).await?;

    let ticker = {
        let progress = progress.clone();
        tokio::spawn(async move {
            loop {
                tokio::time::sleep(Duration::from_millis(200)).await;
                progress.draw();
            }
        })
    };

    let global_region = services::global_region(&partition);
    let global_config = config.to_builder().region(AwsRegion::new(global_region)).build();
    let mut account = Account { account_id: account_id.clone(), partition, ..Account::default() };
    let global = services::collect_global(&ctx, &global_config);
    let regional = futures::future::join_all(regions.iter().map(|r| {
        let cfg = config.to_builder().region(AwsRegion::new(r.clone())).build();
        let ctx = &ctx;
        async move { (r.clone(), services::collect_region(ctx, &cfg, r).await) }
    }));
    let (global, regional) = futures::join!(global, regional);
    global.apply(&mut account);
    for (name, data) in regional {
        account.regions.insert(name, data);
    }
    ticker.abort();
    progress.finish();

    let calls = ctx.calls();
    let endpoint_override = config.endpoint_url().map(str::to_string).or_else(|| std::env::var("AWS_ENDPOINT_URL").ok());
    let mut snapshot = Snapshot::new(Source { kind: "aws-sdk".into(), endpoint_override, caller_arn: Some(caller_arn) }, started_at);
    snapshot.finished_at = options.fixed_time.unwrap_or_else(now);
    snapshot.regions = regions;
    snapshot.skipped_regions = skipped;
    snapshot.accounts.push(account);
    snapshot.coverage = ctx.into_coverage();
    snapshot.normalize();
    Ok(Collected { snapshot, calls })
}

/// Turns the region selection into the regions to collect and those skipped.
async fn resolve_regions(
    ctx: &Ctx,
    config: &SdkConfig,
    selection: &Regions,
    home: Option<&str>,
) -> Result<(Vec<String>, Vec<SkippedRegion>), CollectError> {
    let asked: Option<Vec<String>> = match selection {
        Regions::Default => return home.map(|h| (vec![h.to_string()], Vec::new())).ok_or(CollectError::NoRegion),
        Regions::List(list) => Some(list.clone()),
        Regions::All => None,
    };
    let ec2_region = home.or_else(|| asked.as_ref().and_then(|a| a.first().map(String::as_str))).unwrap_or("us-east-1");
    let cfg = config.to_builder().region(AwsRegion::new(ec2_region.to_string())).build();
    let client = aws_sdk_ec2::Client::new(&cfg);
    let listed =
        ctx.call(ec2_region, "ec2", "DescribeRegions", None, &[], client.describe_regions().all_regions(true).send()).await.value();
    let Some(listed) = listed else {
        // Without the region list, collect what was named (or the home region).
        let fallback = asked.unwrap_or_else(|| home.map(|h| vec![h.to_string()]).unwrap_or_default());
        if fallback.is_empty() {
            return Err(CollectError::NoRegion);
        }
        return Ok((fallback, Vec::new()));
    };
    let mut enabled = Vec::new();
    let mut disabled = Vec::new();
    for r in listed.regions() {
        let name = r.region_name().unwrap_or_default().to_string();
        match r.opt_in_status() {
            Some("not-opted-in") => disabled.push(name),
            _ => enabled.push(name),
        }
    }
    let mut skipped = Vec::new();
    let regions = match asked {
        None => {
            skipped.extend(
                disabled.into_iter().map(|region| SkippedRegion { region, reason: "opt-in region not enabled for the account".into() }),
            );
            enabled
        }
        Some(list) => {
            let mut chosen = Vec::new();
            for region in list {
                if disabled.contains(&region) {
                    skipped.push(SkippedRegion { region, reason: "opt-in region not enabled for the account".into() });
                } else if !enabled.contains(&region) {
                    ctx.fail(
                        GLOBAL,
                        "ec2",
                        "DescribeRegions",
                        Some(&region),
                        ErrorKind::Unsupported,
                        "UnknownRegion".into(),
                        format!("region `{region}` is not a region of this partition"),
                    );
                    skipped.push(SkippedRegion { region, reason: "not a region of this partition".into() });
                } else {
                    chosen.push(region);
                }
            }
            chosen
        }
    };
    Ok((regions, skipped))
}
