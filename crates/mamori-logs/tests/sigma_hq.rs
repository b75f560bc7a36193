#![allow(clippy::expect_used, clippy::unwrap_used, clippy::panic, clippy::indexing_slicing)]
//! SigmaHQ's CloudTrail rules, unmodified, from `../shared/data` (Detection
//! Rule License 1.1; see that folder's README): every rule loads, fires on an
//! event built to match it and stays silent on near misses.

use std::path::PathBuf;

use mamori_logs::cloudtrail::DetectorBuilder;
use mamori_logs::event::Fields;
use mamori_logs::sigma;
use mamori_logs::synth;

pub fn sigma_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data/sigma-cloudtrail/rules/cloud/aws/cloudtrail")
}

#[test]
fn every_sigmahq_cloudtrail_rule_loads_fires_and_has_a_near_miss() {
    let mut fields = Fields::new();
    let loaded = sigma::load_dir(&sigma_dir(), &mut fields).expect("rule folder readable");
    assert!(loaded.errors.is_empty(), "{:#?}", loaded.errors);
    assert_eq!(loaded.skipped, 0);
    assert_eq!(loaded.rules.len(), 57, "the folder holds 57 CloudTrail rules");
    fields.seal();
    // The one regular expression in the folder (IMDS credentials used outside AWS).
    let re = [("userIdentity.arn", "arn:aws:sts::111122223333:assumed-role/aws:ec2-instance/i-0abc")];
    for rule in &loaded.rules {
        let cases = synth::cases(rule, &fields, &re).unwrap_or_else(|| panic!("no matching event for {}", rule.path));
        assert!(synth::fires(rule, &fields, &cases.hit), "{}", rule.path);
        assert!(!cases.near_misses.is_empty(), "{}: no single-field change stops it firing: {}", rule.path, cases.hit);
        for (field, e) in &cases.near_misses {
            assert!(!synth::fires(rule, &fields, e), "{} fired with {field} changed", rule.path);
        }
        assert!(rule.link.starts_with("https://github.com/SigmaHQ/sigma/blob/master/rules/cloud/aws/cloudtrail/"), "{}", rule.link);
        assert!(!rule.author.is_empty(), "{} has no author", rule.path);
    }
}

#[test]
fn the_whole_folder_and_the_builtins_load_into_one_detector() {
    let mut b = DetectorBuilder::new();
    b.builtins(&Default::default());
    let n = b.sigma_dir(&sigma_dir()).expect("rule folder readable");
    assert!(b.errors.is_empty(), "{:#?}", b.errors);
    assert_eq!(n, 57);
    let d = b.build();
    assert_eq!(d.rule_count(), 57 + 15);
    assert_eq!(d.sigma_count(), 57);
}
