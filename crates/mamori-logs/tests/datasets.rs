#![allow(clippy::expect_used, clippy::unwrap_used, clippy::panic, clippy::indexing_slicing)]
//! Detections on public CloudTrail datasets (see `../shared/data/README.md`):
//! Stratus Red Team's detonation logs (Apache-2.0, DataDog/stratus-red-team)
//! and Invictus IR's attack dataset (MIT, invictus-ir/aws_dataset).

use std::collections::BTreeSet;
use std::path::PathBuf;

use mamori_logs::cloudtrail::{Detector, DetectorBuilder};
use mamori_logs::input::discover;

fn data() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data")
}

fn detector() -> Detector {
    let mut b = DetectorBuilder::new();
    b.builtins(&Default::default());
    b.sigma_dir(&data().join("sigma-cloudtrail/rules/cloud/aws/cloudtrail")).expect("rules readable");
    assert!(b.errors.is_empty());
    b.build()
}

/// What fired on one detonation: built-ins by MON code, Sigma rules by title.
fn fired(d: &Detector, technique: &str) -> BTreeSet<String> {
    let f = data().join("stratus-detonation-logs/docs/detonation-logs").join(format!("aws.{technique}.json"));
    let run = d.run_files(&[f], 1);
    assert_eq!(run.malformed, 0, "{:?}", run.problems);
    assert!(run.records > 0);
    run.alerts.iter().map(|a| a.detection.code.clone().unwrap_or_else(|| a.detection.title.clone())).collect()
}

#[test]
fn stratus_red_team_detonations_raise_the_expected_detections() {
    let d = detector();
    let cases: &[(&str, &[&str])] = &[
        ("defense-evasion.cloudtrail-stop", &["MON-005", "AWS CloudTrail Important Change"]),
        ("defense-evasion.cloudtrail-delete", &["MON-005", "AWS CloudTrail Important Change"]),
        ("defense-evasion.cloudtrail-event-selectors", &["MON-005"]),
        ("defense-evasion.organizations-leave", &["MON-015"]),
        ("defense-evasion.vpc-remove-flow-logs", &["AWS VPC Flow Logs Deleted"]),
        ("initial-access.console-login-without-mfa", &["MON-002", "AWS Successful Console Login Without MFA"]),
        ("exfiltration.ec2-security-group-open-port-22-ingress", &["MON-010", "Ingress/Egress Security Group Modification"]),
        ("exfiltration.ec2-share-ebs-snapshot", &["AWS Snapshot Backup Exfiltration"]),
        ("persistence.iam-create-admin-user", &["MON-004", "AWS IAM Backdoor Users Keys"]),
        ("persistence.iam-create-backdoor-role", &["MON-004"]),
        ("persistence.iam-backdoor-user", &["AWS IAM Backdoor Users Keys"]),
        ("persistence.lambda-layer-extension", &["AWS New Lambda Layer Attached"]),
        ("privilege-escalation.iam-update-user-login-profile", &["AWS User Login Profile Was Modified"]),
        ("execution.ssm-send-command", &["Potential Malicious Usage of CloudTrail System Manager"]),
        // 20 GetPasswordData calls denied within a minute: the unauthorized-call burst.
        ("credential-access.ec2-get-password-data", &["MON-001"]),
    ];
    for (technique, expected) in cases {
        let got = fired(&d, technique);
        for e in *expected {
            assert!(got.contains(*e), "{technique}: expected {e}, got {got:?}");
        }
    }
    // Read-only activity raises none of mamori's change detections.
    let quiet = fired(&d, "credential-access.secretsmanager-retrieve-secrets");
    assert!(quiet.iter().all(|c| !c.starts_with("MON-")), "{quiet:?}");
}

#[test]
fn invictus_dataset_detections_match_the_reviewed_counts() {
    let d = detector();
    let files = discover(&[data().join("invictus-aws-cloudtrail/CloudTrail")]).expect("dataset readable");
    assert_eq!(files.len(), 55);
    let one = d.run_files(&files, 1);
    let two = d.run_files(&files, 2);
    assert_eq!((one.records, one.malformed), (2900, 0));
    // Counts per detection, checked against a separate Python count of the
    // same events (IAM policy changes 26, route changes 40, console logins
    // without MFA 1).
    let by_code: Vec<(String, u64)> = one.per_detection.iter().map(|(k, v)| (k.clone(), *v)).collect();
    let expected = [
        ("mamori-mon-001", 2),
        ("mamori-mon-002", 1),
        ("mamori-mon-004", 26),
        ("mamori-mon-005", 15),
        ("mamori-mon-008", 6),
        ("mamori-mon-010", 8),
        ("mamori-mon-012", 15),
        ("mamori-mon-013", 40),
        ("mamori-mon-014", 16),
        ("mamori-mon-015", 1),
    ];
    for (code, n) in expected {
        assert!(by_code.contains(&(code.to_string(), n)), "{code}: expected {n}, got {by_code:?}");
    }
    // Two workers find exactly what one does, in the same order.
    assert_eq!(one.alerts, two.alerts);
    assert_eq!(one.per_detection, two.per_detection);
    // Every Sigma alert carries its author and link (Detection Rule License).
    for a in one.alerts.iter().filter(|a| a.detection.origin == "sigma") {
        assert!(!a.detection.author.is_empty() && a.detection.link.starts_with("https://github.com/SigmaHQ/sigma/"));
        assert!(!a.origins.is_empty() && a.event_id.is_some());
    }
}
