//! The command line.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

#[derive(Parser, Debug)]
#[command(name = "mamori", version, about = "Assess an AWS account against the AWS Security Best Practices (守り)")]
pub struct Cli {
    /// Language of messages: `en` or `ja` (default: from `LANG`).
    #[arg(long, global = true, env = "MAMORI_LANG")]
    pub lang: Option<String>,
    /// History database (default: mamori/history.db in the platform's data
    /// directory, e.g. ~/.local/share on Linux).
    #[arg(long, global = true, env = "MAMORI_DB")]
    pub db: Option<PathBuf>,
    /// Who is acting, for the audit trail (default: MAMORI_ACTOR, else user@host).
    #[arg(long, global = true, env = "MAMORI_ACTOR")]
    pub actor: Option<String>,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Collect the account's configuration, read-only, into a snapshot file.
    Collect(CollectArgs),
    /// Assess the account against every best practice (collects first,
    /// unless given --snapshot or --demo).
    Scan(Box<ScanArgs>),
    /// Audit machine images and hosts from their filesystem.
    Host(HostArgs),
    /// Build a snapshot from AWS CLI JSON output files (see docs/import.md).
    Import(ImportArgs),
    /// Summarize a snapshot: account, regions, resources and coverage.
    Inspect(InspectArgs),
    /// Network reachability over a snapshot: internet exposure, paths, zones.
    Net(NetArgs),
    /// IAM policy engine over a snapshot: can, who-can, what-can, exposure,
    /// privilege escalation, policy validation.
    Iam(IamArgs),
    /// Detect threats in CloudTrail logs and VPC Flow Logs.
    Logs(LogsArgs),
    /// CloudTrail log file integrity: verify digest chains.
    Trail(TrailArgs),
    /// Print the least-privilege IAM policy that collection needs.
    Permissions(PermissionsArgs),
    /// The scans recorded in the history database.
    History(HistoryArgs),
    /// What changed between two recorded scans (default: the last two).
    Diff(DiffArgs),
    /// The risk register: list, show and treat risks.
    Risk(RiskArgs),
    /// The audit trail: verify the hash chain, or list its entries.
    Audit(AuditArgs),
    /// The asset register (whitepaper Table 1): owner, category,
    /// classification, dependencies and value of each resource.
    Assets(AssetsArgs),
    /// The Statement of Applicability: each ISO/IEC 27001:2022 Annex A
    /// control, whether it applies, and the status of its mamori codes.
    Soa(SoaArgs),
    /// Metrics from the history (whitepaper Table 22): open findings over
    /// time, new and resolved per scan, time to remediate, pass rates.
    Metrics(MetricsArgs),
    /// Reports from the history: the management report for approval, or
    /// the self-contained HTML dashboard.
    Report(ReportCmdArgs),
}

/// Output format of the ISMS commands.
#[derive(Args, Debug)]
pub struct IsmsOutput {
    /// Output format.
    #[arg(long, default_value = "text", value_parser = ["text", "json", "markdown", "csv", "xlsx"])]
    pub format: String,
    /// Write to this file instead of standard output (required for xlsx).
    #[arg(short = 'o', long = "output")]
    pub output: Option<PathBuf>,
}

#[derive(Args, Debug)]
pub struct HistoryArgs {
    #[command(flatten)]
    pub out: IsmsOutput,
}

#[derive(Args, Debug)]
pub struct DiffArgs {
    /// The earlier scan: its number, `last` or `last~N` (default: the one before the last).
    pub from: Option<String>,
    /// The later scan (default: the last).
    pub to: Option<String>,
    #[command(flatten)]
    pub out: IsmsOutput,
}

#[derive(Args, Debug)]
pub struct RiskArgs {
    #[command(subcommand)]
    pub command: RiskCommand,
}

#[derive(Subcommand, Debug)]
pub enum RiskCommand {
    /// Risks, highest level first.
    List(RiskListArgs),
    /// One risk: asset, threat, vulnerability, consequence, level, treatment, evidence.
    Show(RiskShowArgs),
    /// Accept a risk: who approved it, why, and until when.
    Accept(RiskAcceptArgs),
    /// Mitigate a risk: who fixes it, by when.
    Mitigate(RiskMitigateArgs),
    /// Avoid a risk: stop the activity that carries it.
    Avoid(RiskReasonArgs),
    /// Transfer a risk to another party.
    Transfer(RiskTransferArgs),
    /// Set a risk's likelihood and impact (1-5) after analysis.
    Assess(RiskAssessArgs),
}

#[derive(Args, Debug)]
pub struct RiskListArgs {
    /// Include closed risks.
    #[arg(long)]
    pub all: bool,
    #[command(flatten)]
    pub out: IsmsOutput,
}

#[derive(Args, Debug)]
pub struct RiskShowArgs {
    /// The risk (`R-12` or `12`).
    pub risk: String,
    /// Print JSON.
    #[arg(long)]
    pub json: bool,
}

#[derive(Args, Debug)]
pub struct RiskAcceptArgs {
    /// The risk (`R-12` or `12`).
    pub risk: String,
    /// Who approved the acceptance.
    #[arg(long)]
    pub approver: String,
    /// Why the risk is accepted.
    #[arg(long)]
    pub reason: String,
    /// The last day the acceptance holds (YYYY-MM-DD); the first scan after it reopens the risk.
    #[arg(long)]
    pub expires: String,
}

#[derive(Args, Debug)]
pub struct RiskMitigateArgs {
    /// The risk (`R-12` or `12`).
    pub risk: String,
    /// Who fixes it.
    #[arg(long)]
    pub owner: String,
    /// By when (YYYY-MM-DD).
    #[arg(long)]
    pub due: String,
}

#[derive(Args, Debug)]
pub struct RiskReasonArgs {
    /// The risk (`R-12` or `12`).
    pub risk: String,
    /// Why.
    #[arg(long)]
    pub reason: String,
}

#[derive(Args, Debug)]
pub struct RiskTransferArgs {
    /// The risk (`R-12` or `12`).
    pub risk: String,
    /// The party that takes the risk (insurer, provider).
    #[arg(long)]
    pub to: String,
    /// Why.
    #[arg(long)]
    pub reason: String,
}

#[derive(Args, Debug)]
pub struct RiskAssessArgs {
    /// The risk (`R-12` or `12`).
    pub risk: String,
    /// Likelihood, 1 (rare) to 5 (almost certain).
    #[arg(long, value_parser = clap::value_parser!(u8).range(1..=5))]
    pub likelihood: u8,
    /// Impact, 1 (negligible) to 5 (severe).
    #[arg(long, value_parser = clap::value_parser!(u8).range(1..=5))]
    pub impact: u8,
}

#[derive(Args, Debug)]
pub struct AuditArgs {
    #[command(subcommand)]
    pub command: AuditCommand,
}

#[derive(Subcommand, Debug)]
pub enum AuditCommand {
    /// Check the whole chain; name the first bad entry (exit 1 when tampered).
    Verify(AuditVerifyArgs),
    /// The entries, oldest first.
    Log(AuditLogArgs),
}

#[derive(Args, Debug)]
pub struct AuditVerifyArgs {
    /// The head hash recorded earlier: fail unless the chain still ends there.
    #[arg(long)]
    pub expect: Option<String>,
    /// Print JSON.
    #[arg(long)]
    pub json: bool,
}

#[derive(Args, Debug)]
pub struct AuditLogArgs {
    /// Only the last N entries.
    #[arg(long)]
    pub limit: Option<i64>,
    /// Print JSON.
    #[arg(long)]
    pub json: bool,
}

/// Where the inventory comes from for the register commands.
#[derive(Args, Debug)]
pub struct InventoryArgs {
    /// Read this snapshot file (default: the register recorded with the last scan).
    #[arg(long, conflicts_with = "demo")]
    pub snapshot: Option<PathBuf>,
    /// Use the embedded demo account.
    #[arg(long)]
    pub demo: bool,
    /// Configuration file (default: ./mamori.toml when it exists).
    #[arg(long)]
    pub config: Option<PathBuf>,
}

#[derive(Args, Debug)]
pub struct AssetsArgs {
    #[command(flatten)]
    pub inventory: InventoryArgs,
    #[command(flatten)]
    pub out: IsmsOutput,
}

#[derive(Args, Debug)]
pub struct SoaArgs {
    /// Configuration file (default: ./mamori.toml when it exists): `[soa]` exclusions.
    #[arg(long)]
    pub config: Option<PathBuf>,
    /// The scan whose results decide the status (default: the last).
    #[arg(long)]
    pub scan: Option<String>,
    #[command(flatten)]
    pub out: IsmsOutput,
}

#[derive(Args, Debug)]
pub struct MetricsArgs {
    #[command(flatten)]
    pub out: IsmsOutput,
}

#[derive(Args, Debug)]
pub struct ReportCmdArgs {
    /// Write the self-contained HTML dashboard to FILE.
    #[arg(long, value_name = "FILE")]
    pub html: Option<PathBuf>,
    /// Write the management report (residual risk for approval) to FILE (Markdown).
    #[arg(long, value_name = "FILE")]
    pub management: Option<PathBuf>,
    /// Configuration file (default: ./mamori.toml when it exists).
    #[arg(long)]
    pub config: Option<PathBuf>,
}

#[derive(Args, Debug)]
pub struct LogsArgs {
    #[command(subcommand)]
    pub command: LogsCommand,
}

#[derive(Subcommand, Debug)]
pub enum LogsCommand {
    /// Run SigmaHQ rules and mamori's detections over CloudTrail files and
    /// the flow-log detectors over VPC Flow Logs.
    Detect(LogsDetectArgs),
}

#[derive(Args, Debug)]
pub struct LogsDetectArgs {
    /// CloudTrail log files or folders (gzip or plain JSON), or `s3://BUCKET/PREFIX`.
    #[arg(long = "cloudtrail", value_name = "PATH")]
    pub cloudtrail: Vec<String>,
    /// VPC Flow Log files or folders (default or custom format, gzip or plain), or `s3://BUCKET/PREFIX`.
    #[arg(long = "flow-logs", value_name = "PATH")]
    pub flow_logs: Vec<String>,
    /// Folder of Sigma rules (e.g. SigmaHQ's rules/cloud/aws/cloudtrail), loaded unmodified.
    #[arg(long, value_name = "DIR")]
    pub sigma: Vec<PathBuf>,
    /// Leave out mamori's built-in CloudTrail detections (MON-001…MON-015).
    #[arg(long)]
    pub no_builtin: bool,
    /// Worker threads (default: the number of cores).
    #[arg(long)]
    pub threads: Option<usize>,
    /// Output format (repeatable): text, json, ocsf.
    #[arg(long = "format", value_name = "FORMAT", default_values_t = ["text".to_string()], value_parser = ["text", "json", "ocsf"])]
    pub formats: Vec<String>,
    /// Output file for the format in the same position (`-` for standard output).
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    pub outputs: Vec<PathBuf>,
    /// Exit 1 when an alert is at or above this level.
    #[arg(long, default_value = "low", value_parser = ["critical", "high", "medium", "low", "informational"])]
    pub fail_on: String,
    /// Traffic baseline learned by earlier runs (JSON).
    #[arg(long, value_name = "FILE")]
    pub baseline: Option<PathBuf>,
    /// Write the baseline after this run (earlier baseline plus this input).
    #[arg(long, value_name = "FILE")]
    pub save_baseline: Option<PathBuf>,
    /// Configuration file with `[logs]` thresholds (default: ./mamori.toml).
    #[arg(long)]
    pub config: Option<PathBuf>,
    /// Alerts kept per detection (counts stay exact); 0 keeps all.
    #[arg(long, default_value_t = 10_000)]
    pub max_alerts: usize,
    #[command(flatten)]
    pub aws: AwsArgs,
}

#[derive(Args, Debug)]
pub struct TrailArgs {
    #[command(subcommand)]
    pub command: TrailCommand,
}

#[derive(Subcommand, Debug)]
pub enum TrailCommand {
    /// Walk CloudTrail digest chains newest to oldest: signatures, links,
    /// log file hashes; report missing, moved, altered and extra files.
    Verify(TrailVerifyArgs),
}

#[derive(Args, Debug)]
pub struct TrailVerifyArgs {
    /// Folder holding the digest files (`.../CloudTrail-Digest/...`).
    #[arg(long, value_name = "DIR")]
    pub digests: PathBuf,
    /// Folder holding the log files.
    #[arg(long, value_name = "DIR")]
    pub logs: PathBuf,
    /// CloudTrail public keys: `aws cloudtrail list-public-keys` output, or
    /// lines of `FINGERPRINT BASE64-DER`.
    #[arg(long, value_name = "FILE", required_unless_present = "fetch", conflicts_with = "fetch")]
    pub public_keys: Option<PathBuf>,
    /// Fetch the public keys with cloudtrail:ListPublicKeys.
    #[arg(long)]
    pub fetch: bool,
    /// Output: text or json.
    #[arg(long, default_value = "text", value_parser = ["text", "json"])]
    pub format: String,
    #[command(flatten)]
    pub aws: AwsArgs,
}

#[derive(Args, Debug)]
pub struct PermissionsArgs {
    /// `policy` (IAM policy JSON) or `markdown` (the table of calls).
    #[arg(long, default_value = "policy", value_parser = ["policy", "markdown"])]
    pub format: String,
}

#[derive(Args, Debug)]
pub struct CollectArgs {
    /// Where to write the snapshot (gzip-compressed JSON).
    #[arg(short, long, default_value = "mamori-snapshot.json.gz")]
    pub output: PathBuf,
    /// Write the embedded demo account's snapshot instead of collecting.
    #[arg(long)]
    pub demo: bool,
    #[command(flatten)]
    pub aws: AwsArgs,
    /// Print the summary as JSON on standard output.
    #[arg(long)]
    pub json: bool,
}

/// Where and how to read a live account.
#[derive(Args, Debug, Clone)]
pub struct AwsArgs {
    /// Named profile from the AWS config files.
    #[arg(long, env = "AWS_PROFILE")]
    pub profile: Option<String>,
    /// Regions: a comma-separated list, or `all` for every enabled region
    /// (default: the profile's or environment's region).
    #[arg(long, value_delimiter = ',')]
    pub regions: Vec<String>,
    /// Assume this role before collecting.
    #[arg(long)]
    pub role_arn: Option<String>,
    /// External id for `--role-arn`.
    #[arg(long, requires = "role_arn")]
    pub external_id: Option<String>,
    /// AWS calls in flight at once.
    #[arg(long, default_value_t = 16, value_parser = clap::value_parser!(u16).range(1..=256))]
    pub concurrency: u16,
}

#[derive(Args, Debug)]
pub struct ScanArgs {
    /// Scan this snapshot file instead of collecting.
    #[arg(long, conflicts_with = "demo")]
    pub snapshot: Option<PathBuf>,
    /// Scan the embedded demo account.
    #[arg(long)]
    pub demo: bool,
    /// Also save the collected snapshot here (live scans only).
    #[arg(long)]
    pub save_snapshot: Option<PathBuf>,
    /// Do not record this scan in the history database.
    #[arg(long)]
    pub no_record: bool,
    #[command(flatten)]
    pub report: ReportArgs,
    #[command(flatten)]
    pub aws: AwsArgs,
}

/// What to judge and how to report it (shared by `scan` and `host audit`).
#[derive(Args, Debug)]
pub struct ReportArgs {
    /// Output format; repeat for several: text, json, csv, ocsf, asff, sarif, markdown.
    #[arg(long = "format", value_parser = ["text", "json", "csv", "ocsf", "asff", "sarif", "markdown"])]
    pub formats: Vec<String>,
    /// Output file for the format in the same position (`-` for standard output).
    #[arg(short = 'o', long = "output")]
    pub outputs: Vec<PathBuf>,
    /// Write every format into this directory (mamori.json, mamori.sarif, ...).
    #[arg(long, conflicts_with = "outputs")]
    pub output_dir: Option<PathBuf>,
    /// Exit 1 when an unmuted finding fails at or above this severity.
    #[arg(long, value_parser = ["critical", "high", "medium", "low", "info"])]
    pub fail_on: Option<String>,
    /// Configuration file (default: ./mamori.toml when it exists).
    #[arg(long)]
    pub config: Option<PathBuf>,
    /// Run only codes with these prefixes (e.g. NET,IAM-01).
    #[arg(long, value_delimiter = ',')]
    pub select: Vec<String>,
    /// Skip codes with these prefixes.
    #[arg(long, value_delimiter = ',')]
    pub ignore: Vec<String>,
    /// Compliance summary to include: whitepaper, cis-3.0 or fsbp.
    #[arg(long, default_value = "whitepaper", value_parser = ["whitepaper", "cis-3.0", "fsbp"])]
    pub framework: String,
    /// Colour on the terminal: auto, always, never.
    #[arg(long, default_value = "auto", value_parser = ["auto", "always", "never"])]
    pub color: String,
}

#[derive(Args, Debug)]
pub struct NetArgs {
    #[command(subcommand)]
    pub command: NetCommand,
}

#[derive(Subcommand, Debug)]
pub enum NetCommand {
    /// What the internet reaches on each network interface: protocols,
    /// ports, source prefixes and the path, or what blocks it.
    Exposure(NetExposureArgs),
    /// Whether traffic gets from SOURCE to DESTINATION, with the path or
    /// the component that blocks it.
    Path(NetPathArgs),
    /// Flows between the security zones declared in mamori.toml that the
    /// zone policy does not allow.
    Zones(NetZonesArgs),
}

#[derive(Args, Debug)]
pub struct IamArgs {
    #[command(subcommand)]
    pub command: IamCommand,
}

#[derive(Subcommand, Debug)]
pub enum IamCommand {
    /// Whether PRINCIPAL may perform ACTION on RESOURCE, with the
    /// statements that decide it (exit 0 allowed, 1 denied).
    Can(IamCanArgs),
    /// Every principal that may perform ACTION on RESOURCE (and anonymous
    /// callers or any AWS account, when a resource policy lets them).
    WhoCan(IamWhoCanArgs),
    /// The actions PRINCIPAL's identity policies grant, by access level.
    WhatCan(IamWhatCanArgs),
    /// Lint a policy document: grammar, kind-specific rules and the action
    /// catalog, each finding with its JSON path (exit 1 on an error).
    Validate(IamValidateArgs),
    /// Resources whose resource-based policies let in anyone or other
    /// accounts, and grants restricted by conditions.
    Exposure(IamReportArgs),
    /// Principals that can make themselves admin, with the shortest path.
    Escalation(IamReportArgs),
}

#[derive(Args, Debug)]
pub struct IamCanArgs {
    #[command(flatten)]
    pub input: NetInput,
    /// A user or role ARN, an assumed-role ARN, an account ID, `*` (anonymous) or a service (`ec2.amazonaws.com`).
    pub principal: String,
    /// `service:Action`, e.g. `s3:GetObject`.
    pub action: String,
    /// The resource ARN (`*` for actions without a resource).
    pub resource: String,
    /// A request context key (repeatable): `aws:SourceIp=203.0.113.5`.
    #[arg(long = "context", value_name = "KEY=VALUE")]
    pub context: Vec<String>,
}

#[derive(Args, Debug)]
pub struct IamWhoCanArgs {
    #[command(flatten)]
    pub input: NetInput,
    /// `service:Action`, e.g. `s3:GetObject`.
    pub action: String,
    /// The resource ARN (`*` for actions without a resource).
    pub resource: String,
    /// A request context key (repeatable): `aws:SourceIp=203.0.113.5`.
    #[arg(long = "context", value_name = "KEY=VALUE")]
    pub context: Vec<String>,
}

#[derive(Args, Debug)]
pub struct IamWhatCanArgs {
    #[command(flatten)]
    pub input: NetInput,
    /// A user or role ARN.
    pub principal: String,
    /// Only these access levels (repeatable): list, read, write, permissions, tagging.
    #[arg(long = "access-level", value_name = "LEVEL")]
    pub access_level: Vec<String>,
}

#[derive(Args, Debug)]
pub struct IamValidateArgs {
    /// The policy file (JSON), or `-` for standard input.
    pub file: PathBuf,
    /// What the policy is used as.
    #[arg(long, default_value = "identity", value_parser = ["identity", "resource", "trust", "scp", "rcp", "boundary", "session"])]
    pub kind: String,
    /// Output: text or json.
    #[arg(long, default_value = "text", value_parser = ["text", "json"])]
    pub format: String,
}

#[derive(Args, Debug)]
pub struct IamReportArgs {
    #[command(flatten)]
    pub input: NetInput,
}

/// The snapshot a `net` command reads, and how it answers.
#[derive(Args, Debug)]
pub struct NetInput {
    /// The snapshot to read (default: the embedded demo account).
    #[arg(long, conflicts_with = "demo")]
    pub snapshot: Option<PathBuf>,
    /// Use the embedded demo account.
    #[arg(long)]
    pub demo: bool,
    /// Output: text or json.
    #[arg(long, default_value = "text", value_parser = ["text", "json"])]
    pub format: String,
}

#[derive(Args, Debug)]
pub struct NetExposureArgs {
    #[command(flatten)]
    pub input: NetInput,
    /// Also list the interfaces the internet does not reach, with what blocks it.
    #[arg(long)]
    pub all: bool,
}

#[derive(Args, Debug)]
pub struct NetPathArgs {
    #[command(flatten)]
    pub input: NetInput,
    /// `internet`, an IP address, a network interface (eni-...) or an instance (i-...).
    pub source: String,
    /// A network interface, an instance, or a private or public IP address.
    pub destination: String,
    /// tcp, udp, icmp, icmpv6 or a protocol number (default: all).
    #[arg(long)]
    pub protocol: Option<String>,
    /// Destination port (default: all).
    #[arg(long)]
    pub port: Option<u16>,
}

#[derive(Args, Debug)]
pub struct NetZonesArgs {
    #[command(flatten)]
    pub input: NetInput,
    /// Configuration file with `[[network.zones]]` and `[[network.flows]]` (default: ./mamori.toml).
    #[arg(long)]
    pub config: Option<PathBuf>,
}

#[derive(Args, Debug)]
pub struct HostArgs {
    #[command(subcommand)]
    pub command: HostCommand,
}

#[derive(Subcommand, Debug)]
pub enum HostCommand {
    /// Audit a root filesystem (a mounted AMI volume, a chroot, `/`) or a tar
    /// archive of one, read without extracting, against the whitepaper's
    /// Linux image hardening (HOST-*). Windows images (Table 17) are not
    /// covered yet.
    Audit(HostAuditArgs),
}

#[derive(Args, Debug)]
pub struct HostAuditArgs {
    /// The root directory or tar archive (`.tar`, `.tar.gz`).
    pub path: PathBuf,
    #[command(flatten)]
    pub report: ReportArgs,
}

#[derive(Args, Debug)]
pub struct ImportArgs {
    /// Folder with the AWS CLI output files.
    pub dir: PathBuf,
    /// Where to write the snapshot.
    #[arg(short, long, default_value = "mamori-snapshot.json.gz")]
    pub output: PathBuf,
    /// Region of the files at the top of the folder.
    #[arg(long, default_value = "us-east-1")]
    pub region: String,
    /// Account id, when the dumps do not reveal it.
    #[arg(long)]
    pub account: Option<String>,
    #[arg(long)]
    pub json: bool,
}

#[derive(Args, Debug)]
pub struct InspectArgs {
    /// The snapshot file.
    pub snapshot: PathBuf,
    #[arg(long)]
    pub json: bool,
}
