//! The ISMS records end to end: scans recorded in the history, their
//! lifecycle through `mamori diff` on a moto account that changes, risk
//! acceptance that expires, the audit trail against tampering, durability
//! against SIGKILL, and the HTML dashboard in headless Chromium.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use serde_json::Value;

/// 2027-01-01 and later days, as `SOURCE_DATE_EPOCH`.
fn day(n: i64) -> String {
    (1_798_761_600 + n * 86_400).to_string()
}

fn mamori(db: &Path) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_mamori"));
    cmd.env_remove("MAMORI_LANG").env("LANG", "C").env("SOURCE_DATE_EPOCH", day(0)).env("MAMORI_DB", db).env("MAMORI_ACTOR", "tester");
    cmd
}

fn ok(out: Output) -> String {
    assert!(
        out.status.success(),
        "exit {:?}\nstdout:\n{}\nstderr:\n{}",
        out.status,
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

fn json(out: Output) -> Value {
    serde_json::from_str(&ok(out)).unwrap()
}

fn demo_scan(db: &Path, day_n: i64) -> String {
    let out =
        mamori(db).args(["scan", "--demo", "--format", "json", "-o", "/dev/null"]).env("SOURCE_DATE_EPOCH", day(day_n)).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stderr).unwrap()
}

#[test]
fn scans_are_recorded_and_diffed() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("h.db");
    let first = demo_scan(&db, 0);
    assert!(first.contains("recorded scan 1"), "{first}");
    // No second scan yet: a clear error, exit 2.
    let out = mamori(&db).arg("diff").output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("fewer than two scans"));
    demo_scan(&db, 1);
    let history = json(mamori(&db).args(["history", "--format", "json"]).output().unwrap());
    assert_eq!(history.as_array().unwrap().len(), 2);
    assert_eq!(history[0]["source"], "demo");
    assert!(history[0]["failing"].as_i64().unwrap() > 100);
    let diff = json(mamori(&db).args(["diff", "--format", "json"]).output().unwrap());
    assert_eq!((diff["from"].as_i64(), diff["to"].as_i64()), (Some(1), Some(2)));
    assert!(diff["failing"].as_array().unwrap().is_empty() && diff["resolved"].as_array().unwrap().is_empty());
    assert_eq!(diff["still_failing"], history[1]["failing"]);
    let text = ok(mamori(&db).arg("diff").output().unwrap());
    assert!(text.starts_with("scan 1 → 2: 0 new, 0 reopened, 0 resolved, 0 not assessed"), "{text}");
    let ja = ok(mamori(&db).args(["--lang", "ja", "diff"]).output().unwrap());
    assert!(ja.starts_with("スキャン 1 → 2: 新規 0、再発 0、解消 0"), "{ja}");
    // --no-record leaves the history alone.
    ok(mamori(&db).args(["scan", "--demo", "--no-record", "-o", "/dev/null"]).output().unwrap());
    assert_eq!(json(mamori(&db).args(["history", "--format", "json"]).output().unwrap()).as_array().unwrap().len(), 2);
}

#[test]
fn an_acceptance_that_expires_returns_the_risk_to_open_at_the_next_scan() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("h.db");
    demo_scan(&db, 0);
    let risks = json(mamori(&db).args(["risk", "list", "--format", "json"]).output().unwrap());
    let risk = risks.as_array().unwrap().iter().find(|r| r["code"] == "IAM-002").expect("root without MFA is a risk");
    let id = format!("R-{}", risk["id"]);
    assert_eq!(risk["state"], "open");
    assert_eq!(risk["level"], "critical");

    // An expiry that is not in the future is refused.
    let out = mamori(&db).args(["risk", "accept", &id, "--approver", "ciso", "--reason", "r", "--expires", "2026-12-31"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("not after today"), "{}", String::from_utf8_lossy(&out.stderr));

    let shown = ok(mamori(&db)
        .args(["risk", "accept", &id, "--approver", "ciso@example.com", "--reason", "hardware key on order", "--expires", "2027-01-10"])
        .output()
        .unwrap());
    assert!(shown.contains("accept") && shown.contains("2027-01-10"), "{shown}");
    // Before the expiry the next scan keeps it accepted.
    let log = demo_scan(&db, 5);
    assert!(!log.contains("acceptance expired"), "{log}");
    let r = json(mamori(&db).args(["risk", "show", &id, "--json"]).env("SOURCE_DATE_EPOCH", day(5)).output().unwrap());
    assert_eq!((r["state"].as_str(), r["treatment"].as_str()), (Some("treated"), Some("accept")));
    // After it, the next scan opens it again, and says so.
    let log = demo_scan(&db, 12);
    assert!(log.contains(&format!("acceptance expired, open again: {id}")), "{log}");
    let r = json(mamori(&db).args(["risk", "show", &id, "--json"]).env("SOURCE_DATE_EPOCH", day(12)).output().unwrap());
    assert_eq!(r["state"], "open");
    assert!(r["treatment"].is_null());
    // Both changes are in the audit trail, and it verifies.
    let entries = json(mamori(&db).args(["audit", "log", "--json"]).output().unwrap());
    let actions: Vec<(&str, &str)> =
        entries.as_array().unwrap().iter().map(|e| (e["action"].as_str().unwrap(), e["actor"].as_str().unwrap())).collect();
    assert!(actions.contains(&("risk.accept", "tester")), "{actions:?}");
    assert!(actions.contains(&("risk.acceptance_expired", "tester")), "{actions:?}");
    ok(mamori(&db).args(["audit", "verify"]).output().unwrap());
}

#[test]
fn audit_verify_names_the_first_tampered_entry() {
    let dir = tempfile::tempdir().unwrap();
    let clean = dir.path().join("clean.db");
    demo_scan(&clean, 0);
    ok(mamori(&clean).args(["risk", "mitigate", "1", "--owner", "platform", "--due", "2027-02-01"]).output().unwrap());
    ok(mamori(&clean).args(["risk", "assess", "1", "--likelihood", "2", "--impact", "5"]).output().unwrap());
    demo_scan(&clean, 1);
    let verified = ok(mamori(&clean).args(["audit", "verify"]).output().unwrap());
    assert!(verified.contains("intact: 5 entries"), "{verified}");
    let head = verified.trim().rsplit(' ').next().unwrap().to_string();
    ok(mamori(&clean).args(["audit", "verify", "--expect", &head]).output().unwrap());

    let tamper = |name: &str, sql: &str| -> String {
        let db = dir.path().join(format!("{name}.db"));
        std::fs::copy(&clean, &db).unwrap();
        // The WAL is checkpointed on close; copy it too if it is still there.
        let wal = PathBuf::from(format!("{}-wal", clean.display()));
        if wal.exists() {
            std::fs::copy(&wal, format!("{}-wal", db.display())).unwrap();
        }
        rusqlite::Connection::open(&db).unwrap().execute_batch(sql).unwrap();
        let out = mamori(&db).args(["audit", "verify"]).output().unwrap();
        assert_eq!(out.status.code(), Some(1), "{name}: {}", String::from_utf8_lossy(&out.stdout));
        String::from_utf8(out.stdout).unwrap()
    };
    assert!(tamper("edit", "UPDATE audit SET actor = 'mallory' WHERE seq = 2").contains("entry 2: its content does not match"));
    assert!(tamper("delete", "DELETE FROM audit WHERE seq = 3").contains("entry 3: the entry is missing"));
    assert!(tamper("truncate", "DELETE FROM audit WHERE seq = 5").contains("entry 5: entries up to 5 were recorded"));
    assert!(tamper(
        "reorder",
        "UPDATE audit SET seq = -2 WHERE seq = 2; UPDATE audit SET seq = 2 WHERE seq = 3; UPDATE audit SET seq = 3 WHERE seq = -2;"
    )
    .contains("entry 2: its content does not match"));
    assert!(tamper("results", "UPDATE results SET status = 'pass' WHERE scan_id = 1 AND status = 'fail'")
        .contains("results of scan 1 were changed"));
    // A whole rewrite is caught only against a head kept elsewhere.
    let out = mamori(&clean).args(["audit", "verify", "--expect", "0000"]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
}

#[test]
fn a_scan_killed_while_writing_leaves_the_history_consistent() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("h.db");
    demo_scan(&db, 0);
    demo_scan(&db, 1);
    let before = json(mamori(&db).args(["history", "--format", "json"]).output().unwrap());
    let head_before = ok(mamori(&db).args(["audit", "verify"]).output().unwrap());

    // The store pauses (in its transaction, 300 results written) and says so; kill it there.
    let mut child = mamori(&db)
        .args(["scan", "--demo", "-o", "/dev/null"])
        .env("SOURCE_DATE_EPOCH", day(2))
        .env("MAMORI_STORE_TEST_PAUSE_AFTER", "300")
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stderr = std::io::BufReader::new(child.stderr.take().unwrap());
    let mut line = String::new();
    loop {
        line.clear();
        let n = std::io::BufRead::read_line(&mut stderr, &mut line).unwrap();
        assert!(n > 0, "the scan ended without pausing");
        if line.contains("paused after 300 results") {
            break;
        }
    }
    // SIGKILL: no destructor, no rollback by the process itself.
    child.kill().unwrap();
    child.wait().unwrap();

    let conn = rusqlite::Connection::open(&db).unwrap();
    let check: String = conn.query_row("PRAGMA integrity_check", [], |r| r.get(0)).unwrap();
    assert_eq!(check, "ok");
    let orphans: i64 =
        conn.query_row("SELECT count(*) FROM results WHERE scan_id NOT IN (SELECT id FROM scans)", [], |r| r.get(0)).unwrap();
    assert_eq!(orphans, 0);
    drop(conn);
    let after = json(mamori(&db).args(["history", "--format", "json"]).output().unwrap());
    assert_eq!(after, before, "the killed scan left nothing behind, the earlier ones are intact");
    assert_eq!(ok(mamori(&db).args(["audit", "verify"]).output().unwrap()), head_before);
    // And the next scan records normally.
    assert!(demo_scan(&db, 3).contains("recorded scan 3"));
}

#[test]
fn registers_and_reports_from_the_history() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("h.db");
    demo_scan(&db, 0);
    // Asset register: from the last scan, in every format.
    let assets = json(mamori(&db).args(["assets", "--format", "json"]).output().unwrap());
    let list = assets.as_array().unwrap();
    assert!(list.len() > 20);
    let instance = list.iter().find(|a| a["resource_type"] == "AwsEc2Instance").unwrap();
    assert_eq!(instance["category"], "supporting");
    assert!(instance["dependencies"].as_array().unwrap().iter().any(|d| d.as_str().unwrap().contains(":security-group/")), "{instance}");
    assert!(list.iter().any(|a| a["category"] == "essential" && a["resource_type"] == "AwsS3Bucket"));
    let csv = ok(mamori(&db).args(["assets", "--format", "csv"]).output().unwrap());
    assert_eq!(csv.lines().count(), list.len() + 1);
    let xlsx = dir.path().join("assets.xlsx");
    ok(mamori(&db).args(["assets", "--format", "xlsx", "-o"]).arg(&xlsx).output().unwrap());
    assert_eq!(&std::fs::read(&xlsx).unwrap()[..2], b"PK", "an XLSX is a zip");

    // SoA: the 93 Annex A controls, physical ones excluded by default.
    let soa = json(mamori(&db).args(["soa", "--format", "json"]).output().unwrap());
    let controls = soa["controls"].as_array().unwrap();
    assert_eq!(controls.len(), 93);
    let c = |id: &str| controls.iter().find(|c| c["control"] == id).unwrap();
    assert_eq!(c("7.1")["applicable"], false);
    assert_eq!(c("8.5")["implementation"], "partly", "{}", c("8.5"));
    assert!(c("8.5")["codes"].as_array().unwrap().iter().any(|x| x[0] == "IAM-002"));
    let soa_xlsx = dir.path().join("soa.xlsx");
    ok(mamori(&db).args(["--lang", "ja", "soa", "--format", "xlsx", "-o"]).arg(&soa_xlsx).output().unwrap());
    assert_eq!(&std::fs::read(&soa_xlsx).unwrap()[..2], b"PK");
    let soa_csv = ok(mamori(&db).args(["soa", "--format", "csv"]).output().unwrap());
    assert_eq!(soa_csv.lines().count(), 94, "a header and 93 controls");
    let md = ok(mamori(&db).args(["--lang", "ja", "soa", "--format", "markdown"]).output().unwrap());
    assert!(md.contains("適用宣言書") && md.contains("物理的セキュリティ境界"), "{md}");

    // Metrics and the management report.
    let m = json(mamori(&db).args(["metrics", "--format", "json"]).output().unwrap());
    assert!(m["metrics"]["scans"][0]["failing_by_severity"]["critical"].as_i64().unwrap() > 0);
    assert!(m["frameworks"].as_array().unwrap().iter().any(|f| f[0] == "iso-27001:2022"));
    let report = dir.path().join("management.md");
    ok(mamori(&db).args(["risk", "accept", "1", "--approver", "ciso", "--reason", "legacy", "--expires", "2027-03-01"]).output().unwrap());
    ok(mamori(&db).args(["report", "--management"]).arg(&report).output().unwrap());
    let text = std::fs::read_to_string(&report).unwrap();
    assert!(text.contains("Accepted risks and their expiry") && text.contains("| R-1 |") && text.contains("2027-03-01"), "{text}");
    assert!(text.contains("Audit trail head"), "{text}");
    ok(mamori(&db).args(["--lang", "ja", "report", "--management"]).arg(&report).output().unwrap());
    let ja = std::fs::read_to_string(&report).unwrap();
    assert!(ja.contains("残留リスク") && ja.contains("受容したリスクと期限") && ja.contains("| R-1 |"), "{ja}");
}

/// What the dashboard must show, from mamori's own JSON report and risk list.
fn expected_dashboard(db: &Path) -> Value {
    let scan = json(mamori(db).args(["scan", "--demo", "--no-record", "--format", "json"]).output().unwrap());
    let findings = scan["findings"].as_array().unwrap();
    let failing: Vec<&Value> = findings.iter().filter(|f| f["status"] == "fail").collect();
    let critical: Vec<&Value> = failing.iter().copied().filter(|f| f["severity"] == "critical").collect();
    let first = critical.iter().find(|f| f["code"] == "IAM-002").unwrap();
    let ja = json(
        mamori(db).args(["--lang", "ja", "scan", "--demo", "--no-record", "--format", "json", "--select", "IAM-002"]).output().unwrap(),
    );
    let risks = json(mamori(db).args(["risk", "list", "--format", "json"]).output().unwrap());
    serde_json::json!({
        "failing": failing.len(),
        "critical_failing": critical.len(),
        "account": first["account"],
        "open_risks": risks.as_array().unwrap().len(),
        "first_critical": {
            "code": first["code"],
            "resource": first["resource"],
            "title_en": first["title"],
            "title_ja": ja["findings"][0]["title"],
        },
    })
}

#[test]
#[ignore = "needs Chromium and playwright-core: run through scripts/test"]
fn dashboard_in_headless_chromium() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("h.db");
    demo_scan(&db, 0);
    demo_scan(&db, 1);
    let html = dir.path().join("dashboard.html");
    ok(mamori(&db).args(["report", "--html"]).arg(&html).output().unwrap());
    let page = std::fs::read_to_string(&html).unwrap();
    assert!(!page.contains("src=\"http") && !page.contains("href=\"http"), "no external resources");
    let expected = dir.path().join("expected.json");
    std::fs::write(&expected, expected_dashboard(&db).to_string()).unwrap();
    let shots = common::repo().join("target/dashboard");
    std::fs::create_dir_all(&shots).unwrap();
    let browser = common::repo().join("tests/browser");
    let out =
        Command::new("node").current_dir(&browser).arg("dashboard.mjs").arg(&html).arg(shots.join("demo")).arg(&expected).output().unwrap();
    let stdout = ok(out);
    assert!(stdout.contains("\"ok\":true"), "{stdout}");
    for name in ["summary", "finding", "ja", "soa"] {
        let png = shots.join(format!("demo-{name}.png"));
        assert!(std::fs::metadata(&png).unwrap().len() > 10_000, "{} is a real screenshot", png.display());
    }
}

/// Runs boto3 code in `account` on moto, as the test-setup role.
fn in_account(account: &str, code: &str) {
    let script = format!(
        "import boto3\nsts = boto3.client('sts', endpoint_url='{m}', region_name='us-east-1', aws_access_key_id='t', aws_secret_access_key='t')\n\
         c = sts.assume_role(RoleArn='arn:aws:iam::{account}:role/mamori-test-setup', RoleSessionName='setup')['Credentials']\n\
         s = boto3.Session(aws_access_key_id=c['AccessKeyId'], aws_secret_access_key=c['SecretAccessKey'], aws_session_token=c['SessionToken'], region_name='us-east-1')\n\
         s3 = s.client('s3', endpoint_url='{m}')\nec2 = s.client('ec2', endpoint_url='{m}')\n{code}\n",
        m = common::moto()
    );
    let out = Command::new(common::python()).args(["-c", &script]).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
}

fn moto_scan(account: &str, dir: &Path, db: &Path, n: i64) {
    let snapshot = dir.join(format!("scan-{n}.json.gz"));
    common::collect(&common::moto(), account, &snapshot, &[]);
    let out = common::mamori("unused")
        .args(["scan", "--snapshot"])
        .arg(&snapshot)
        .args(["-o", "/dev/null"])
        .env("MAMORI_DB", db)
        .env("SOURCE_DATE_EPOCH", day(n))
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
}

fn moto_diff(db: &Path, from: &str, to: &str) -> Value {
    json(common::mamori("unused").args(["diff", from, to, "--format", "json"]).env("MAMORI_DB", db).output().unwrap())
}

fn changes<'a>(list: &'a Value, code: &str) -> Vec<(&'a str, Option<&'a str>)> {
    list.as_array()
        .unwrap()
        .iter()
        .filter(|c| c["code"] == code)
        .map(|c| (c["resource"].as_str().unwrap(), c["lifecycle"].as_str()))
        .collect()
}

#[test]
#[ignore = "needs the moto server: run through scripts/test"]
fn lifecycle_across_three_scans_of_a_changing_moto_account() {
    let account = "310000000006";
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("h.db");
    in_account(
        account,
        "s3.create_bucket(Bucket='ledger-310006')\n\
         vpc = ec2.create_vpc(CidrBlock='10.6.0.0/16')['Vpc']['VpcId']\n\
         ec2.create_security_group(GroupName='web-310006', Description='web', VpcId=vpc)",
    );
    moto_scan(account, dir.path(), &db, 0);

    // Fix one thing (a bucket policy that denies plain HTTP), break another
    // (SSH open to the world). (Not versioning: moto 5.2.5 answers
    // GetBucketVersioning of an enabled bucket with a root element the SDK
    // rejects, so S3-005 is unknown there.)
    in_account(
        account,
        "import json\n\
         s3.put_bucket_policy(Bucket='ledger-310006', Policy=json.dumps({'Version': '2012-10-17', 'Statement': [{'Sid': 'TlsOnly', 'Effect': 'Deny', 'Principal': '*', 'Action': 's3:*', 'Resource': ['arn:aws:s3:::ledger-310006', 'arn:aws:s3:::ledger-310006/*'], 'Condition': {'Bool': {'aws:SecureTransport': 'false'}}}]}))\n\
         g = ec2.describe_security_groups(Filters=[{'Name': 'group-name', 'Values': ['web-310006']}])['SecurityGroups'][0]['GroupId']\n\
         ec2.authorize_security_group_ingress(GroupId=g, IpPermissions=[{'IpProtocol': 'tcp', 'FromPort': 22, 'ToPort': 22, 'IpRanges': [{'CidrIp': '0.0.0.0/0'}]}])",
    );
    moto_scan(account, dir.path(), &db, 1);
    let d = moto_diff(&db, "1", "2");
    assert_eq!(changes(&d["resolved"], "S3-007"), [("arn:aws:s3:::ledger-310006", Some("resolved"))], "{d:#}");
    let net = changes(&d["failing"], "NET-001");
    assert_eq!(net.len(), 1, "{d:#}");
    assert_eq!(net[0].1, Some("new"));
    assert!(net[0].0.contains(":security-group/sg-"));

    // Break the first again: the policy deleted.
    in_account(account, "s3.delete_bucket_policy(Bucket='ledger-310006')");
    moto_scan(account, dir.path(), &db, 2);
    let d = moto_diff(&db, "2", "3");
    assert_eq!(changes(&d["failing"], "S3-007"), [("arn:aws:s3:::ledger-310006", Some("reopened"))], "{d:#}");
    assert!(changes(&d["failing"], "NET-001").is_empty(), "NET-001 is still failing, not new: {d:#}");
    // Default: the last two.
    let last = json(common::mamori("unused").args(["diff", "--format", "json"]).env("MAMORI_DB", &db).output().unwrap());
    assert_eq!((last["from"].as_i64(), last["to"].as_i64()), (Some(2), Some(3)));
    // The risk followed: closed at scan 2, reopened at scan 3.
    let risks = json(common::mamori("unused").args(["risk", "list", "--all", "--format", "json"]).env("MAMORI_DB", &db).output().unwrap());
    let s3 = risks.as_array().unwrap().iter().find(|r| r["code"] == "S3-007" && r["resource"] == "arn:aws:s3:::ledger-310006").unwrap();
    assert_eq!((s3["state"].as_str(), s3["opened_scan"].as_i64()), (Some("open"), Some(3)));
    // Between the scans it was closed; the audit trail says so.
    let log = json(common::mamori("unused").args(["audit", "log", "--json"]).env("MAMORI_DB", &db).output().unwrap());
    let scan_entry =
        |n: i64| log.as_array().unwrap().iter().find(|e| e["action"] == "scan.recorded" && e["detail"]["scan"] == n).unwrap().clone();
    assert!(scan_entry(2)["detail"]["risks_closed"].as_array().unwrap().contains(&s3["id"]), "{:#}", scan_entry(2));
    assert!(scan_entry(3)["detail"]["risks_reopened"].as_array().unwrap().contains(&s3["id"]), "{:#}", scan_entry(3));
}

#[test]
fn scope_exclusions_and_tag_filters_are_applied_recorded_and_printed() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("h.db");
    let config = dir.path().join("mamori.toml");
    std::fs::write(
        &config,
        "[scope]\nexclude = [{ resource = \"arn:aws:s3:::public-assets-*\", reason = \"public website assets, no data\" }]\n",
    )
    .unwrap();
    // Recorded without the exclusion first: the excluded findings must not
    // count as resolved when the scope later leaves them out.
    let all = json(mamori(&db).args(["scan", "--demo", "--format", "json"]).output().unwrap());
    let count = |doc: &Value, prefix: &str| {
        doc["findings"].as_array().unwrap().iter().filter(|f| f["resource"].as_str().unwrap().starts_with(prefix)).count()
    };
    let excluded = count(&all, "arn:aws:s3:::public-assets-");
    assert!(excluded > 0);
    let scoped = json(mamori(&db).args(["scan", "--demo", "--format", "json", "--config"]).arg(&config).output().unwrap());
    assert_eq!(count(&scoped, "arn:aws:s3:::public-assets-"), 0);
    assert_eq!(scoped["scope"]["findings_out_of_scope"].as_u64(), Some(excluded as u64));
    assert_eq!(scoped["scope"]["configured"]["exclude"][0]["reason"], "public website assets, no data");
    let text = ok(mamori(&db).args(["scan", "--demo", "--no-record", "--config"]).arg(&config).output().unwrap());
    assert!(
        text.contains("scope: accounts all · regions all · excluded arn:aws:s3:::public-assets-* (public website assets, no data)"),
        "{text}"
    );
    let history = json(mamori(&db).args(["history", "--format", "json"]).output().unwrap());
    assert_eq!(history[1]["scope"]["findings_out_of_scope"].as_u64(), Some(excluded as u64));
    assert_eq!(history[1]["scope"]["exclude"][0]["resource"], "arn:aws:s3:::public-assets-*");
    let diff = json(mamori(&db).args(["diff", "--format", "json"]).output().unwrap());
    assert!(diff["resolved"].as_array().unwrap().is_empty(), "{diff:#}");
    let unassessed = diff["unassessed"].as_array().unwrap();
    assert!(
        !unassessed.is_empty() && unassessed.iter().all(|c| c["resource"].as_str().unwrap().starts_with("arn:aws:s3:::public-assets-")),
        "{diff:#}"
    );

    // Tag filters: only resources tagged Environment=prod (untracked kinds stay in).
    std::fs::write(&config, "[scope]\ntags = [\"Environment=prod\"]\n").unwrap();
    let tagged = json(mamori(&db).args(["scan", "--demo", "--no-record", "--format", "json", "--config"]).arg(&config).output().unwrap());
    assert!(tagged["scope"]["findings_out_of_scope"].as_u64().unwrap() > 0);
    assert!(count(&tagged, "arn:aws:iam::") > 0, "IAM findings have no tag filter to fail");
}

#[test]
fn risk_defaults_come_from_the_code_exposure_classification_and_configuration() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("h.db");
    let config = dir.path().join("mamori.toml");
    std::fs::write(&config, "[risk.defaults]\n\"EBS-001\" = { likelihood = 1, impact = 2 }\n").unwrap();
    ok(mamori(&db).args(["scan", "--demo", "-o", "/dev/null", "--config"]).arg(&config).output().unwrap());
    let risks = json(mamori(&db).args(["risk", "list", "--format", "json"]).output().unwrap());
    let risks = risks.as_array().unwrap();
    let of = |code: &str| {
        risks
            .iter()
            .filter(|r| r["code"] == code)
            .map(|r| (r["likelihood"].as_u64().unwrap(), r["impact"].as_u64().unwrap()))
            .collect::<Vec<_>>()
    };
    // Configured.
    assert!(!of("EBS-001").is_empty() && of("EBS-001").iter().all(|x| *x == (1, 2)), "{:?}", of("EBS-001"));
    // Public exposure: one more for likelihood (S3-001 is critical: 4+1 × 5).
    assert!(of("S3-001").iter().all(|x| *x == (5, 5)), "{:?}", of("S3-001"));
    // Not exposed, medium: 3 × 3; on a confidential asset 3 × 4.
    assert!(of("LOG-002").iter().all(|x| *x == (3, 3)), "{:?}", of("LOG-002"));
    let confidential =
        risks.iter().find(|r| r["code"] == "S3-004" && r["asset_class"] == "confidential").expect("a confidential bucket fails S3-004");
    assert_eq!(
        (confidential["severity"].as_str(), confidential["likelihood"].as_u64(), confidential["impact"].as_u64()),
        (Some("medium"), Some(3), Some(4))
    );
}
