//! `mamori host audit` on a directory and on a tar archive of it.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::Path;
use std::process::Command;

use serde_json::Value;

fn mamori() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_mamori"));
    cmd.env_remove("MAMORI_LANG").env("LANG", "C").env("SOURCE_DATE_EPOCH", "1798761600");
    cmd
}

const SECRET: &str = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";

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
            ("HOST-010", "/home/builder/bin/deploy.sh")
        ]
    );
    let archive = dir.path().join("image.tar.gz");
    let status = Command::new("tar").arg("-czf").arg(&archive).arg("-C").arg(&root).arg(".").status().unwrap();
    assert!(status.success());
    assert_eq!(findings(&archive), from_dir, "tar and directory differ");

    for format in ["text", "json", "csv", "markdown", "sarif", "ocsf", "asff"] {
        let out = mamori().args(["host", "audit"]).arg(&archive).args(["--format", format]).output().unwrap();
        assert!(out.status.success(), "{format}: {}", String::from_utf8_lossy(&out.stderr));
        assert!(!String::from_utf8_lossy(&out.stdout).contains(SECRET), "{format} prints the secret");
    }
    let code = mamori().args(["host", "audit"]).arg(&root).args(["--fail-on", "critical"]).output().unwrap().status.code();
    assert_eq!(code, Some(1), "HOST-010 is critical");
}
