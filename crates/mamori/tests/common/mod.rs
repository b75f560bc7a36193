//! Helpers for the tests that run against the moto server that `scripts/test`
//! starts. Each test works in its own AWS account on that server (reached
//! by assuming a role there), so tests can run in parallel.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output};
use std::time::{Duration, Instant};

use mamori_model::Snapshot;
use serde_json::Value;

pub fn moto() -> String {
    std::env::var("MAMORI_TEST_MOTO").unwrap_or_else(|_| panic!("MAMORI_TEST_MOTO is not set: run this test through scripts/test"))
}

pub fn python() -> String {
    std::env::var("MAMORI_TEST_PYTHON").unwrap_or_else(|_| "python3".into())
}

pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// A `mamori` command with a clean AWS environment pointing at `endpoint`:
/// no profile files, no IMDS, static test credentials.
pub fn mamori(endpoint: &str) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_mamori"));
    cmd.env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .env("AWS_ENDPOINT_URL", endpoint)
        .env("AWS_ACCESS_KEY_ID", "testing")
        .env("AWS_SECRET_ACCESS_KEY", "testing")
        .env("AWS_REGION", "us-east-1")
        .env("AWS_EC2_METADATA_DISABLED", "true")
        .env("AWS_CONFIG_FILE", "/nonexistent/mamori-test")
        .env("AWS_SHARED_CREDENTIALS_FILE", "/nonexistent/mamori-test")
        .env("LANG", "C")
        .env("MAMORI_DB", scratch_db());
    cmd
}

/// A history database of this test process's own, so that scans in tests
/// never touch the user's.
pub fn scratch_db() -> PathBuf {
    std::env::temp_dir().join(format!("mamori-test-{}.db", std::process::id()))
}

pub fn role(account: &str) -> String {
    format!("arn:aws:iam::{account}:role/mamori-audit")
}

/// Evaluates `expr` with `client`, a boto3 client for `service` on moto
/// (region us-east-1, any credentials), and returns it decoded from JSON.
pub fn boto3_json(service: &str, expr: &str) -> Value {
    let code = format!(
        "import boto3,json; client=boto3.client('{service}',endpoint_url='{}',region_name='us-east-1',aws_access_key_id='t',aws_secret_access_key='t'); print(json.dumps({expr}, default=str))",
        moto()
    );
    let out = Command::new(python()).args(["-c", &code]).output().expect("run python");
    assert!(out.status.success(), "boto3 {service}: {}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).expect("JSON from python")
}

/// Runs the demo scenario in `account` and returns its manifest.
pub fn populate(account: &str, dir: &Path, extra: &[&str]) -> Value {
    let manifest = dir.join("manifest.json");
    let out = Command::new(python())
        .arg(repo().join("scripts/demo_account.py"))
        .args(["--endpoint", &moto(), "--account", account, "--manifest"])
        .arg(&manifest)
        .args(extra)
        .output()
        .expect("run scenario");
    assert!(out.status.success(), "scenario failed:\n{}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_str(&std::fs::read_to_string(&manifest).unwrap()).unwrap()
}

/// `mamori collect` into `dir/name`, asserting success; returns the output.
pub fn collect(endpoint: &str, account: &str, out: &Path, extra: &[&str]) -> (Snapshot, Output) {
    let output = mamori(endpoint).args(["collect", "--role-arn", &role(account), "-o"]).arg(out).args(extra).output().unwrap();
    assert!(
        output.status.success(),
        "collect failed ({:?}):\n{}\n{}",
        output.status,
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    (Snapshot::load(out).unwrap(), output)
}

/// The recording proxy (`scripts/aws_proxy.py`) in front of moto.
pub struct Proxy {
    child: Child,
    pub url: String,
    pub log: PathBuf,
}

impl Proxy {
    pub fn start(dir: &Path, deny: &str) -> Proxy {
        let log = dir.join("requests.jsonl");
        let port_file = dir.join("proxy.port");
        let child = Command::new(python())
            .arg(repo().join("scripts/aws_proxy.py"))
            .args(["--upstream", &moto(), "--deny", deny, "--lifetime", "600", "--log"])
            .arg(&log)
            .arg("--port-file")
            .arg(&port_file)
            .spawn()
            .unwrap();
        let started = Instant::now();
        while !port_file.exists() {
            assert!(started.elapsed() < Duration::from_secs(20), "proxy did not start");
            std::thread::sleep(Duration::from_millis(50));
        }
        let port = std::fs::read_to_string(&port_file).unwrap();
        Proxy { child, url: format!("http://127.0.0.1:{}", port.trim()), log }
    }

    pub fn requests(&self) -> Vec<Value> {
        std::fs::read_to_string(&self.log).unwrap_or_default().lines().map(|l| serde_json::from_str(l).unwrap()).collect()
    }
}

impl Drop for Proxy {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
