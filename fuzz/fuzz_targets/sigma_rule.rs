//! Sigma rule text of any content: compiled or rejected with an error, never
//! a panic; a compiled rule is evaluated against an event without panicking.
#![no_main]

use libfuzzer_sys::fuzz_target;
use mamori_logs::cloudtrail::DetectorBuilder;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let mut b = DetectorBuilder::new();
    if let Ok(true) = b.sigma_text(text, "fuzz.yml") {
        let d = b.build();
        let event = br#"{"Records":[{"eventName":"CreateUser","eventSource":"iam.amazonaws.com","userIdentity":{"type":"Root","arn":"arn:aws:iam::1:root"},"requestParameters":{"userName":"x","items":[1,"a",null,{"b":true}]},"sourceIPAddress":"10.1.2.3"}]}"#;
        let mut s = d.session();
        s.add(d.scan_file("e.json", event));
        s.finish();
    }
});
