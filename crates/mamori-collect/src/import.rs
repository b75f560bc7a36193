//! `mamori import`: a snapshot from AWS CLI JSON output files, so an auditor
//! who receives dumps can work offline.
//!
//! File naming (documented in `docs/import.md`): `<cli-service>-<command>.json`,
//! e.g. `iam-get-account-authorization-details.json`,
//! `ec2-describe-security-groups.json`; per-bucket S3 commands add the bucket:
//! `s3api-get-bucket-policy.<bucket>.json`. Regional files sit in a folder
//! named for their region (`ap-northeast-1/ec2-describe-vpcs.json`) or at the
//! top for the default region. What is not in the dumps is not collected, so
//! every check that needs it is `unknown`.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use base64::Engine;
use mamori_model::iam::*;
use mamori_model::s3::*;
use mamori_model::{Account, Coverage, CoverageError, ErrorKind, OperationTally, Region, Snapshot, Source, Time, GLOBAL};
use serde::de::DeserializeOwned;
use serde_json::Value;

#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error("cannot read import folder `{path}`: {source}")]
    Io { path: PathBuf, source: std::io::Error },
    #[error("`{0}` holds no AWS CLI output mamori recognizes (see docs/import.md for file names)")]
    Empty(PathBuf),
    #[error("cannot tell the account id from `{0}`: pass `--account`")]
    NoAccount(PathBuf),
}

pub struct ImportOptions {
    pub dir: PathBuf,
    /// Region of the files at the top of the folder.
    pub default_region: String,
    pub account: Option<String>,
    pub time: Time,
}

/// One problem with one file; the import goes on without that file.
#[derive(Debug, Clone)]
pub struct FileProblem {
    pub file: PathBuf,
    pub message: String,
}

pub struct Imported {
    pub snapshot: Snapshot,
    pub files_read: usize,
    pub problems: Vec<FileProblem>,
}

struct Importer {
    coverage: Coverage,
    problems: Vec<FileProblem>,
    files_read: usize,
    account: String,
}

impl Importer {
    fn ok(&mut self, region: &str, service: &str, operation: &str) {
        self.files_read += 1;
        self.coverage.operations.push(OperationTally {
            account: self.account.clone(),
            region: region.into(),
            service: service.into(),
            operation: operation.into(),
            ok: 1,
            failed: 0,
        });
    }

    fn fail(&mut self, region: &str, service: &str, operation: &str, resource: Option<&str>, file: &Path, message: String) {
        self.coverage.operations.push(OperationTally {
            account: self.account.clone(),
            region: region.into(),
            service: service.into(),
            operation: operation.into(),
            ok: 0,
            failed: 1,
        });
        self.coverage.errors.push(CoverageError {
            account: self.account.clone(),
            region: region.into(),
            service: service.into(),
            operation: operation.into(),
            resource: resource.map(str::to_string),
            kind: ErrorKind::NotImported,
            code: "InvalidDump".into(),
            message: format!("{}: {message}", file.display()),
        });
        self.problems.push(FileProblem { file: file.to_path_buf(), message });
    }

    /// Reads `file` and decodes `key` (or the whole document) as `T`.
    /// `None` when the file is absent; a decoding problem is recorded.
    fn read<T: DeserializeOwned>(&mut self, file: &Path, key: Option<&str>, region: &str, service: &str, operation: &str) -> Option<T> {
        let text = std::fs::read_to_string(file).ok()?;
        match decode::<T>(&text, key) {
            Ok(v) => {
                self.ok(region, service, operation);
                Some(v)
            }
            Err(message) => {
                self.fail(region, service, operation, None, file, message);
                None
            }
        }
    }
}

/// Decodes `key` of a JSON document as `T`, with the JSON path of any error.
fn decode<T: DeserializeOwned>(text: &str, key: Option<&str>) -> Result<T, String> {
    let value: Value = serde_json::from_str(text).map_err(|e| format!("not valid JSON: {e}"))?;
    let part = match key {
        Some(k) => value.get(k).cloned().ok_or_else(|| format!("no `{k}` key at the top level"))?,
        None => value,
    };
    serde_path_to_error::deserialize(part).map_err(|e| {
        let at = e.path().to_string();
        let at = match key {
            Some(k) if at.starts_with('[') => format!("{k}{at}"),
            Some(k) => format!("{k}.{at}"),
            None => at,
        };
        format!("at `{at}`: {}", e.into_inner())
    })
}

fn is_region_name(name: &str) -> bool {
    let parts: Vec<&str> = name.split('-').collect();
    parts.len() >= 3
        && parts.last().is_some_and(|p| p.chars().all(|c| c.is_ascii_digit()))
        && parts.iter().all(|p| p.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit()))
}

pub fn import(options: &ImportOptions) -> Result<Imported, ImportError> {
    let dir = &options.dir;
    let io = |source| ImportError::Io { path: dir.clone(), source };
    let mut region_dirs: BTreeMap<String, PathBuf> = BTreeMap::new();
    region_dirs.insert(options.default_region.clone(), dir.clone());
    for entry in std::fs::read_dir(dir).map_err(io)? {
        let entry = entry.map_err(io)?;
        let name = entry.file_name().to_string_lossy().to_string();
        if entry.path().is_dir() && is_region_name(&name) {
            region_dirs.insert(name, entry.path());
        }
    }
    let account_id = match &options.account {
        Some(a) => a.clone(),
        None => infer_account(dir, &region_dirs).ok_or_else(|| ImportError::NoAccount(dir.clone()))?,
    };
    let mut im = Importer { coverage: Coverage::default(), problems: Vec::new(), files_read: 0, account: account_id.clone() };
    let mut account = Account { account_id: account_id.clone(), partition: "aws".into(), ..Account::default() };

    // IAM (global).
    let f = |name: &str| dir.join(name);
    if let Some(details) =
        im.read::<Value>(&f("iam-get-account-authorization-details.json"), None, GLOBAL, "iam", "GetAccountAuthorizationDetails")
    {
        import_authorization_details(&mut im, &f("iam-get-account-authorization-details.json"), &details, &mut account.iam);
    }
    let report_csv = f("iam-credential-report.csv");
    let report_json = f("iam-get-credential-report.json");
    if let Ok(bytes) = std::fs::read(&report_csv) {
        match crate::services::iam::parse_credential_report(&bytes) {
            Ok(rows) => {
                im.ok(GLOBAL, "iam", "GetCredentialReport");
                account.iam.credential_report = rows;
            }
            Err(e) => im.fail(GLOBAL, "iam", "GetCredentialReport", None, &report_csv, e),
        }
    } else if let Some(content) = im.read::<String>(&report_json, Some("Content"), GLOBAL, "iam", "GetCredentialReport") {
        let decoded = base64::engine::general_purpose::STANDARD.decode(content.trim()).map_err(|e| e.to_string());
        match decoded.and_then(|b| crate::services::iam::parse_credential_report(&b)) {
            Ok(rows) => account.iam.credential_report = rows,
            Err(e) => im.fail(GLOBAL, "iam", "GetCredentialReport", None, &report_json, format!("`Content`: {e}")),
        }
    }
    let policy_file = f("iam-get-account-password-policy.json");
    if let Ok(text) = std::fs::read_to_string(&policy_file) {
        if text.contains("NoSuchEntity") {
            im.ok(GLOBAL, "iam", "GetAccountPasswordPolicy");
        } else {
            match decode::<PasswordPolicy>(&text, Some("PasswordPolicy")) {
                Ok(p) => {
                    im.ok(GLOBAL, "iam", "GetAccountPasswordPolicy");
                    account.iam.password_policy = Some(p);
                }
                Err(e) => im.fail(GLOBAL, "iam", "GetAccountPasswordPolicy", None, &policy_file, e),
            }
        }
    }
    if let Some(summary) =
        im.read::<BTreeMap<String, i64>>(&f("iam-get-account-summary.json"), Some("SummaryMap"), GLOBAL, "iam", "GetAccountSummary")
    {
        account.iam.account_summary = summary;
    }

    // S3 (global listing, per-bucket files).
    import_s3(&mut im, dir, &mut account.buckets);

    // EC2, per region.
    for (region, rdir) in &region_dirs {
        let mut data = Region::default();
        let found = import_ec2(&mut im, rdir, region, &mut data.ec2);
        if found {
            account.regions.insert(region.clone(), data);
        }
    }
    if im.files_read == 0 && im.problems.is_empty() {
        return Err(ImportError::Empty(dir.clone()));
    }
    let mut snapshot = Snapshot::new(Source { kind: "aws-cli-import".into(), endpoint_override: None, caller_arn: None }, options.time);
    snapshot.regions = account.regions.keys().cloned().collect();
    if snapshot.regions.is_empty() {
        snapshot.regions.push(options.default_region.clone());
    }
    snapshot.accounts.push(account);
    snapshot.coverage = im.coverage;
    snapshot.normalize();
    Ok(Imported { snapshot, files_read: im.files_read, problems: im.problems })
}

fn import_authorization_details(im: &mut Importer, file: &Path, details: &Value, iam: &mut Iam) {
    let take = |key: &str| details.get(key).cloned().unwrap_or(Value::Array(Vec::new()));
    match serde_path_to_error::deserialize::<_, Vec<User>>(take("UserDetailList")) {
        Ok(users) => iam.users = users,
        Err(e) => im.problems.push(FileProblem { file: file.into(), message: format!("at `UserDetailList{}`: {}", e.path(), e.inner()) }),
    }
    match serde_path_to_error::deserialize::<_, Vec<Group>>(take("GroupDetailList")) {
        Ok(groups) => iam.groups = groups,
        Err(e) => im.problems.push(FileProblem { file: file.into(), message: format!("at `GroupDetailList{}`: {}", e.path(), e.inner()) }),
    }
    let raw_roles = take("RoleDetailList");
    match serde_path_to_error::deserialize::<_, Vec<Role>>(raw_roles.clone()) {
        Ok(mut roles) => {
            // The CLI nests instance profiles; the model keeps their names.
            for (role, raw) in roles.iter_mut().zip(raw_roles.as_array().into_iter().flatten()) {
                role.instance_profiles = raw
                    .get("InstanceProfileList")
                    .and_then(Value::as_array)
                    .into_iter()
                    .flatten()
                    .filter_map(|p| p.get("InstanceProfileName").and_then(Value::as_str).map(str::to_string))
                    .collect();
            }
            iam.roles = roles;
        }
        Err(e) => im.problems.push(FileProblem { file: file.into(), message: format!("at `RoleDetailList{}`: {}", e.path(), e.inner()) }),
    }
    match serde_path_to_error::deserialize::<_, Vec<ManagedPolicy>>(take("Policies")) {
        Ok(policies) => {
            // Keep customer policies and the AWS managed policies in use.
            iam.policies = policies.into_iter().filter(|p| !p.is_aws_managed() || p.attachment_count.unwrap_or(0) > 0).collect();
        }
        Err(e) => im.problems.push(FileProblem { file: file.into(), message: format!("at `Policies{}`: {}", e.path(), e.inner()) }),
    }
    // Documents the CLI could not decode stay strings; decode them like the SDK path does.
    for p in iam.policies.iter_mut().flat_map(|p| p.policy_version_list.iter_mut()) {
        if let Value::String(s) = &p.document {
            p.document = crate::convert::policy_document(s);
        }
    }
}

fn import_s3(im: &mut Importer, dir: &Path, buckets: &mut Vec<Bucket>) {
    #[derive(serde::Deserialize)]
    #[serde(rename_all = "PascalCase")]
    struct Listed {
        name: String,
        creation_date: Option<Time>,
    }
    let mut names: BTreeSet<String> = BTreeSet::new();
    let mut created: BTreeMap<String, Option<Time>> = BTreeMap::new();
    if let Some(list) = im.read::<Vec<Listed>>(&dir.join("s3api-list-buckets.json"), Some("Buckets"), GLOBAL, "s3", "ListBuckets") {
        for b in list {
            names.insert(b.name.clone());
            created.insert(b.name, b.creation_date);
        }
    }
    // Buckets named only by per-bucket files count too.
    if let Ok(entries) = std::fs::read_dir(dir) {
        for entry in entries.flatten() {
            let file = entry.file_name().to_string_lossy().to_string();
            if let Some(rest) = file.strip_prefix("s3api-get-bucket-") {
                if let Some((_, bucket)) = rest.strip_suffix(".json").and_then(|r| r.split_once('.')) {
                    names.insert(bucket.to_string());
                }
            }
        }
    }
    for name in names {
        let path = |cmd: &str| dir.join(format!("s3api-{cmd}.{name}.json"));
        let mut bucket = Bucket { name: name.clone(), creation_date: created.get(&name).cloned().flatten(), ..Bucket::default() };
        // (command, operation, error code meaning "not configured")
        let files = [
            ("get-bucket-policy", "GetBucketPolicy", "NoSuchBucketPolicy"),
            ("get-bucket-acl", "GetBucketAcl", "-"),
            ("get-bucket-encryption", "GetBucketEncryption", "ServerSideEncryptionConfigurationNotFoundError"),
            ("get-bucket-versioning", "GetBucketVersioning", "-"),
        ];
        for (cmd, op, absent) in files {
            let file = path(cmd);
            let Ok(text) = std::fs::read_to_string(&file) else {
                // Not dumped: record it per bucket so the checks say why they are unknown.
                im.coverage.operations.push(OperationTally {
                    account: im.account.clone(),
                    region: GLOBAL.into(),
                    service: "s3".into(),
                    operation: op.into(),
                    ok: 0,
                    failed: 1,
                });
                im.coverage.errors.push(CoverageError {
                    account: im.account.clone(),
                    region: GLOBAL.into(),
                    service: "s3".into(),
                    operation: op.into(),
                    resource: Some(name.clone()),
                    kind: ErrorKind::NotImported,
                    code: "NotInDump".into(),
                    message: format!("{} is not in the import folder", file.display()),
                });
                continue;
            };
            if text.contains(absent) || (text.trim().is_empty() && op == "GetBucketVersioning") {
                im.ok(GLOBAL, "s3", op);
                continue;
            }
            let result = match op {
                "GetBucketPolicy" => {
                    decode::<String>(&text, Some("Policy")).map(|p| bucket.policy = Some(crate::convert::policy_document(&p)))
                }
                "GetBucketAcl" => decode::<Acl>(&text, None).map(|a| bucket.acl = Some(a)),
                "GetBucketEncryption" => {
                    decode::<BucketEncryption>(&text, Some("ServerSideEncryptionConfiguration")).map(|e| bucket.encryption = Some(e))
                }
                _ => decode::<Versioning>(&text, None).map(|v| bucket.versioning = Some(v)),
            };
            match result {
                Ok(()) => im.ok(GLOBAL, "s3", op),
                Err(e) => im.fail(GLOBAL, "s3", op, Some(&name), &file, e),
            }
        }
        buckets.push(bucket);
    }
}

/// Reads the EC2 dumps of one region; `true` when any was there.
fn import_ec2(im: &mut Importer, dir: &Path, region: &str, ec2: &mut mamori_model::ec2::Ec2) -> bool {
    let before = im.files_read + im.problems.len();
    let f = |cmd: &str| dir.join(format!("ec2-{cmd}.json"));
    #[derive(serde::Deserialize, Default)]
    #[serde(rename_all = "PascalCase", default)]
    struct Reservation {
        instances: Vec<mamori_model::ec2::Instance>,
    }
    if let Some(r) = im.read::<Vec<Reservation>>(&f("describe-instances"), Some("Reservations"), region, "ec2", "DescribeInstances") {
        ec2.instances = r.into_iter().flat_map(|r| r.instances).collect();
        // User data is not in describe-instances: never claim to have read it.
        for i in &mut ec2.instances {
            i.user_data = None;
            i.user_data_secrets.clear();
        }
    }
    macro_rules! list {
        ($field:ident, $cmd:literal, $key:literal, $op:literal) => {
            if let Some(v) = im.read(&f($cmd), Some($key), region, "ec2", $op) {
                ec2.$field = v;
            }
        };
    }
    list!(security_groups, "describe-security-groups", "SecurityGroups", "DescribeSecurityGroups");
    list!(network_acls, "describe-network-acls", "NetworkAcls", "DescribeNetworkAcls");
    list!(route_tables, "describe-route-tables", "RouteTables", "DescribeRouteTables");
    list!(subnets, "describe-subnets", "Subnets", "DescribeSubnets");
    list!(vpcs, "describe-vpcs", "Vpcs", "DescribeVpcs");
    list!(internet_gateways, "describe-internet-gateways", "InternetGateways", "DescribeInternetGateways");
    list!(nat_gateways, "describe-nat-gateways", "NatGateways", "DescribeNatGateways");
    list!(network_interfaces, "describe-network-interfaces", "NetworkInterfaces", "DescribeNetworkInterfaces");
    list!(volumes, "describe-volumes", "Volumes", "DescribeVolumes");
    list!(snapshots, "describe-snapshots", "Snapshots", "DescribeSnapshots");
    list!(flow_logs, "describe-flow-logs", "FlowLogs", "DescribeFlowLogs");
    list!(
        egress_only_internet_gateways,
        "describe-egress-only-internet-gateways",
        "EgressOnlyInternetGateways",
        "DescribeEgressOnlyInternetGateways"
    );
    list!(vpc_endpoints, "describe-vpc-endpoints", "VpcEndpoints", "DescribeVpcEndpoints");
    list!(vpc_peering_connections, "describe-vpc-peering-connections", "VpcPeeringConnections", "DescribeVpcPeeringConnections");
    list!(addresses, "describe-addresses", "Addresses", "DescribeAddresses");
    list!(images, "describe-images", "Images", "DescribeImages");
    // Endpoint policies arrive as JSON strings from the CLI.
    for e in &mut ec2.vpc_endpoints {
        if let Some(Value::String(s)) = &e.policy_document {
            e.policy_document = Some(crate::convert::policy_document(s));
        }
    }
    im.files_read + im.problems.len() > before
}

/// The account id from ARNs or owner ids in the dumps.
fn infer_account(dir: &Path, region_dirs: &BTreeMap<String, PathBuf>) -> Option<String> {
    let candidates = [
        dir.join("iam-get-account-authorization-details.json"),
        dir.join("iam-get-credential-report.json"),
        dir.join("iam-credential-report.csv"),
    ];
    let region_files = region_dirs.values().flat_map(|d| {
        ["describe-security-groups", "describe-vpcs", "describe-instances", "describe-network-interfaces"]
            .into_iter()
            .map(move |c| d.join(format!("ec2-{c}.json")))
    });
    for file in candidates.into_iter().chain(region_files) {
        let Ok(text) = std::fs::read_to_string(&file) else { continue };
        if let Some(id) = find_account_id(&text) {
            return Some(id);
        }
    }
    None
}

fn find_account_id(text: &str) -> Option<String> {
    for marker in [":iam::", "\"OwnerId\": \"", "\"OwnerId\":\""] {
        let mut rest = text;
        while let Some(at) = rest.find(marker) {
            let after = &rest[at + marker.len()..];
            let digits: String = after.chars().take_while(char::is_ascii_digit).collect();
            if digits.len() == 12 {
                return Some(digits);
            }
            rest = after;
        }
    }
    None
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests {
    use super::*;

    #[test]
    fn finds_account_ids() {
        assert_eq!(find_account_id("arn:aws:iam::123456789012:user/a").as_deref(), Some("123456789012"));
        assert_eq!(find_account_id("{\"OwnerId\": \"210987654321\"}").as_deref(), Some("210987654321"));
        assert_eq!(find_account_id("arn:aws:iam::aws:policy/x"), None);
    }

    #[test]
    fn recognizes_region_folders() {
        assert!(is_region_name("ap-northeast-1"));
        assert!(is_region_name("us-gov-west-1"));
        assert!(!is_region_name("notes"));
        assert!(!is_region_name("US-EAST-1"));
    }

    #[test]
    fn decode_errors_name_the_path() {
        let e = decode::<Vec<mamori_model::ec2::SecurityGroup>>(
            r#"{"SecurityGroups":[{"GroupId":"sg-1","IpPermissions":[{"FromPort":"x"}]}]}"#,
            Some("SecurityGroups"),
        )
        .unwrap_err();
        assert!(e.contains("SecurityGroups.[0].IpPermissions[0].FromPort") || e.contains("IpPermissions"), "{e}");
        assert!(decode::<Value>("{", None).unwrap_err().contains("not valid JSON"));
    }
}
