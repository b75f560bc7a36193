//! Property tests over corrupt snapshot files: whatever the bytes, loading
//! returns a snapshot or a one-line error naming the file, never a panic.
//! (A property test stands in for cargo-fuzz, which needs a nightly toolchain.)

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::io::{Read, Write};
use std::path::Path;

use mamori_model::Snapshot;
use proptest::prelude::*;

/// A real snapshot: the embedded demo account.
const DEMO: &[u8] = include_bytes!("../../mamori/demo/demo-snapshot.json.gz");

fn demo_json() -> Vec<u8> {
    let mut out = Vec::new();
    flate2::read::GzDecoder::new(DEMO).read_to_end(&mut out).unwrap();
    out
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    e.write_all(bytes).unwrap();
    e.finish().unwrap()
}

fn check(bytes: &[u8]) {
    match Snapshot::from_bytes(bytes, Path::new("input.snap")) {
        Ok(_) => {}
        Err(e) => {
            let text = e.to_string();
            assert!(text.contains("input.snap"), "error does not name the file: {text}");
            assert!(!text.contains('\n'), "error is not one line: {text}");
        }
    }
}

#[test]
fn the_demo_snapshot_loads() {
    let snap = Snapshot::from_bytes(DEMO, Path::new("demo")).unwrap();
    assert_eq!(snap.accounts.len(), 1);
    // Re-encoding a loaded snapshot gives the same snapshot back.
    let again = Snapshot::from_bytes(&snap.to_bytes().unwrap(), Path::new("again")).unwrap();
    assert_eq!(again, snap);
}

#[test]
fn deep_nesting_is_an_error_not_a_crash() {
    let mut text = String::from(r#"{"format":"mamori-snapshot","schema_version":1,"accounts":"#);
    text.push_str(&"[".repeat(100_000));
    check(text.as_bytes());
    check(&gzip(text.as_bytes()));
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_bytes(bytes in proptest::collection::vec(any::<u8>(), 0..4096)) {
        check(&bytes);
        check(&gzip(&bytes));
    }

    #[test]
    fn truncated_files(cut in 0usize..DEMO.len()) {
        check(&DEMO[..cut]);
    }

    #[test]
    fn flipped_compressed_bytes(flips in proptest::collection::vec((0usize..DEMO.len(), any::<u8>()), 1..8)) {
        let mut bytes = DEMO.to_vec();
        for (at, value) in flips {
            bytes[at] ^= value | 1;
        }
        check(&bytes);
    }

    #[test]
    fn edited_json(edits in proptest::collection::vec((any::<prop::sample::Index>(), prop::sample::select(vec![b'"', b'{', b'}', b'[', b']', b',', b':', b'0', b'x', b'-', 0xff, b'\\'])), 1..6)) {
        let mut json = demo_json();
        for (at, value) in edits {
            let i = at.index(json.len());
            json[i] = value;
        }
        check(&json);
        check(&gzip(&json));
    }
}

proptest! {
    /// The user-data redactor takes any text; every AWS key id it is given
    /// disappears from its output.
    #[test]
    fn redaction_never_panics_and_hides_key_ids(prefix in ".{0,40}", suffix in ".{0,40}", key in "(AKIA|ASIA)[A-Z0-9]{16}") {
        let text = format!("{prefix} {key}\n{suffix}");
        let (masked, hits) = mamori_model::secrets::redact(&text);
        prop_assert!(!masked.contains(&key));
        prop_assert!(!hits.is_empty());
    }
}
