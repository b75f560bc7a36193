//! Any bytes through the IAM policy parser; a policy that parses is also
//! validated as each kind and evaluated for a request.
#![no_main]

use libfuzzer_sys::fuzz_target;
use mamori_iam::validate::{validate_parsed, Kind};
use mamori_iam::{evaluate, Attached, Policy, PolicySet, Principal, Request};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let Ok(policy) = Policy::parse_str(text) else { return };
    for kind in [Kind::Identity, Kind::Resource, Kind::Trust, Kind::Scp] {
        let _ = validate_parsed(&policy, kind);
    }
    let who = Principal::user("111122223333", "arn:aws:iam::111122223333:user/alice");
    let mut cx = who.context();
    cx.set("aws:SourceIp", "203.0.113.9").set("aws:CurrentTime", "2024-01-01T00:00:00Z").add("aws:TagKeys", "a").add("aws:TagKeys", "b");
    let set = PolicySet { identity: vec![Attached { name: "p", policy: &policy }], resource: Some(Attached { name: "r", policy: &policy }), ..PolicySet::default() };
    for (action, resource) in [("s3:GetObject", "arn:aws:s3:::b/k"), ("iam:PassRole", "arn:aws:iam::111122223333:role/r"), ("kms:Decrypt", "*")] {
        let _ = evaluate(&Request { principal: &who, action, resource, resource_account: Some("444455556666"), context: &cx }, &set);
    }
});
