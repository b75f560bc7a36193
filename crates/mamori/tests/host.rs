//! `mamori host audit` on a directory and on a tar archive of it.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::path::Path;
use std::process::Command;

use serde_json::Value;

fn mamori() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_mamori"));
    cmd.env_remove("MAMORI_LANG").env("LANG", "C").env("SOURCE_DATE_EPOCH", "1798761600").env("MAMORI_DB", common::scratch_db());
    cmd
}

const SECRET: &str = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
/// Every other planted value; none may be printed.
const PLANTED: [&str; 5] = [
    "pgpass-not-real-9",
    "netrc-not-real-7",
    "ZG9ja2VyOm5vdC1yZWFs",
    "MIIEvQIBADANBgkqhkiG9w0BAQEFAASC",
    "je7MtGbClwBF/2Zp9Utk/h3yCo8nvbEXAMPLEKEY",
];

fn image(root: &Path) {
    let write = |p: &str, text: &str| {
        let path = root.join(p);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    };
    write("etc/ssh/sshd_config", "Include /etc/ssh/sshd_config.d/*.conf\nPermitRootLogin yes\n");
    write("etc/ssh/sshd_config.d/50-cloud-init.conf", "PasswordAuthentication yes\n");
    write("etc/passwd", "root:x:0:0:root:/root:/bin/bash\nbuilder:x:1000:1000::/home/builder:/bin/bash\n");
    write("etc/shadow", "root:*:19000:0:99999:7:::\nbuilder:$6$salt$hash:19000:0:99999:7:::\n");
    write("home/builder/bin/deploy.sh", &format!("export AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE\nexport AWS_SECRET_ACCESS_KEY={SECRET}\n"));
    write(
        "root/.aws/credentials",
        "[default]\naws_access_key_id = AKIAI44QH8DHBEXAMPLE\naws_secret_access_key = je7MtGbClwBF/2Zp9Utk/h3yCo8nvbEXAMPLEKEY\n",
    );
    write("srv/.pgpass", "db:5432:*:app:pgpass-not-real-9\n");
    write("srv/.netrc", "machine ftp.example.com login app password netrc-not-real-7\n");
    write("srv/.docker/config.json", "{\"auths\":{\"registry.example.com\":{\"auth\":\"ZG9ja2VyOm5vdC1yZWFs\"}}}");
    write("srv/tls/server.key", "-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\n-----END PRIVATE KEY-----\n");
}

fn findings(path: &Path) -> Vec<Value> {
    let out = mamori().args(["host", "audit"]).arg(path).args(["--format", "json"]).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    doc["findings"].as_array().unwrap().clone()
}

#[test]
fn directory_and_tar_archive_give_the_same_findings_and_no_secret_is_printed() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("root");
    image(&root);
    let from_dir = findings(&root);
    let failing: Vec<(&str, &str)> =
        from_dir.iter().filter(|f| f["status"] == "fail").map(|f| (f["code"].as_str().unwrap(), f["resource"].as_str().unwrap())).collect();
    assert_eq!(
        failing,
        vec![
            ("HOST-001", "/etc/ssh/sshd_config"),
            ("HOST-003", "/etc/ssh/sshd_config"),
            ("HOST-005", "account:builder"),
            ("HOST-010", "/home/builder/bin/deploy.sh"),
            ("HOST-010", "/root/.aws/credentials"),
            ("HOST-011", "/srv/.docker/config.json"),
            ("HOST-011", "/srv/.netrc"),
            ("HOST-011", "/srv/.pgpass"),
            ("HOST-011", "/srv/tls/server.key"),
            ("HOST-016", "/etc"),
            ("HOST-017", "/")
        ]
    );
    let archive = dir.path().join("image.tar.gz");
    let status = Command::new("tar").arg("-czf").arg(&archive).arg("-C").arg(&root).arg(".").status().unwrap();
    assert!(status.success());
    assert_eq!(findings(&archive), from_dir, "tar and directory differ");

    for format in ["text", "json", "csv", "markdown", "sarif", "ocsf", "asff"] {
        let out = mamori().args(["host", "audit"]).arg(&archive).args(["--format", format]).output().unwrap();
        assert!(out.status.success(), "{format}: {}", String::from_utf8_lossy(&out.stderr));
        let text = String::from_utf8_lossy(&out.stdout);
        for value in PLANTED.iter().chain([&SECRET]) {
            assert!(!text.contains(value), "{format} prints a planted secret");
        }
    }
    let code = mamori().args(["host", "audit"]).arg(&root).args(["--fail-on", "critical"]).output().unwrap().status.code();
    assert_eq!(code, Some(1), "HOST-010 is critical");
}

/// A Debian bookworm root filesystem built with debootstrap (minbase and
/// openssh-server) by `scripts/test`, audited as a tar archive and extracted.
#[test]
#[ignore = "needs the Debian rootfs from scripts/test"]
fn a_real_debian_root_filesystem() {
    let rootfs = std::env::var("MAMORI_TEST_ROOTFS").expect("MAMORI_TEST_ROOTFS: run through scripts/test");
    let from_tar = findings(Path::new(&rootfs));
    let failing: std::collections::BTreeSet<&str> =
        from_tar.iter().filter(|f| f["status"] == "fail").map(|f| f["code"].as_str().unwrap()).collect();
    // Debian's sshd keeps the compiled-in `PasswordAuthentication yes`; the
    // openssh-server package generates host keys; debootstrap leaves its logs;
    // minbase has no time sync and no file integrity monitor.
    assert_eq!(failing, ["HOST-001", "HOST-007", "HOST-014", "HOST-016", "HOST-017"].into_iter().collect());
    let passing: std::collections::BTreeSet<&str> =
        from_tar.iter().filter(|f| f["status"] == "pass").map(|f| f["code"].as_str().unwrap()).collect();
    for code in [
        "HOST-002", "HOST-003", "HOST-004", "HOST-005", "HOST-006", "HOST-008", "HOST-009", "HOST-010", "HOST-011", "HOST-012", "HOST-013",
        "HOST-015",
    ] {
        assert!(passing.contains(code), "{code} does not pass on stock Debian");
    }
    let host_keys = from_tar.iter().filter(|f| f["code"] == "HOST-007" && f["status"] == "fail").count();
    assert!(host_keys >= 2, "openssh-server generates several host keys, got {host_keys}");

    let dir = tempfile::tempdir().unwrap();
    let status = Command::new("tar").arg("-xzf").arg(&rootfs).arg("-C").arg(dir.path()).status().unwrap();
    assert!(status.success());
    let from_dir = findings(dir.path());
    let differ: Vec<(&Value, &Value)> = from_dir.iter().zip(&from_tar).filter(|(a, b)| a != b).collect();
    assert!(differ.is_empty() && from_dir.len() == from_tar.len(), "the extracted tree and the archive differ: {differ:#?}");
}
