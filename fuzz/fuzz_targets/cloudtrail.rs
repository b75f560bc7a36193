//! CloudTrail files of any shape through the reader and every built-in
//! detection: no panic, and every record is either read or counted as
//! malformed.
#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use mamori_logs::cloudtrail::{Detector, DetectorBuilder};

fn detector() -> &'static Detector {
    static D: OnceLock<Detector> = OnceLock::new();
    D.get_or_init(|| {
        let mut b = DetectorBuilder::new();
        b.builtins(&Default::default());
        // A Sigma rule reading nested and listed values, with modifiers.
        let rule = "title: t\nid: fuzz\nlogsource: {product: aws, service: cloudtrail}\ndetection:\n  a:\n    requestParameters.ipPermissions.items.fromPort|gte: 0\n  b:\n    userIdentity.arn|re: '^arn:aws:sts::[0-9]+:assumed-role/'\n  c:\n    sourceIPAddress|cidr: '10.0.0.0/8'\n  condition: 1 of them\n";
        let _ = b.sigma_text(rule, "fuzz.yml");
        b.build()
    })
}

fuzz_target!(|data: &[u8]| {
    let d = detector();
    let mut session = d.session();
    session.add(d.scan_file("fuzz.json", data));
    let run = session.finish();
    assert_eq!(run.files, 1);
    assert!(run.alerts.iter().all(|a| !a.detection.id.is_empty()));
});
