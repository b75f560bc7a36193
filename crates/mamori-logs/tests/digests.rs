//! CloudTrail digest chains built here in CloudTrail's exact format and
//! signed with a key of our own, then verified intact and tampered with.
#![allow(clippy::expect_used, clippy::unwrap_used, clippy::panic, clippy::indexing_slicing)]

use std::io::Write;
use std::path::Path;

use base64::Engine as _;
use mamori_logs::digest::{verify, DigestFile, ProblemKind, PublicKeys, Verification};
use rsa::pkcs1::EncodeRsaPublicKey;
use rsa::pkcs1v15::SigningKey;
use rsa::signature::{SignatureEncoding, Signer};
use rsa::RsaPrivateKey;
use sha2::{Digest, Sha256};

const ACCOUNT: &str = "111122223333";
const BUCKET: &str = "trail-bucket";
const FP: &str = "67b9fa73676d86966b449dd677850753";

fn gz(bytes: &[u8]) -> Vec<u8> {
    let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    e.write_all(bytes).unwrap();
    e.finish().unwrap()
}

fn put(root: &Path, key: &str, bytes: &[u8]) {
    let p = root.join(key);
    std::fs::create_dir_all(p.parent().unwrap()).unwrap();
    std::fs::write(p, bytes).unwrap();
}

fn log_key(hour: u32, n: u32) -> String {
    format!(
        "AWSLogs/{ACCOUNT}/CloudTrail/us-east-1/2024/01/01/{ACCOUNT}_CloudTrail_us-east-1_20240101T{hour:02}{:02}Z_file{n}.json.gz",
        n * 10
    )
}

fn digest_key(hour: u32) -> String {
    format!("AWSLogs/{ACCOUNT}/CloudTrail-Digest/us-east-1/2024/01/01/{ACCOUNT}_CloudTrail-Digest_us-east-1_main_us-east-1_20240101T{hour:02}0000Z.json.gz")
}

struct Chain {
    key: RsaPrivateKey,
    /// Hours whose digests chain, oldest first as the pointers go.
    order: Vec<u32>,
    wrong_previous_hash_at: Option<u32>,
}

/// Writes logs and digests under `root` and returns the newest digest's key.
fn build(root: &Path, c: &Chain) -> String {
    let signer = SigningKey::<Sha256>::new(c.key.clone());
    let mut prev: Option<(String, String, String)> = None; // key, hash, signature
    let mut last = String::new();
    for &hour in &c.order {
        let mut log_files = Vec::new();
        for n in 0..2 {
            let body = format!(
                r#"{{"Records":[{{"eventVersion":"1.09","eventTime":"2024-01-01T{hour:02}:{:02}:00Z","eventName":"DescribeInstances","eventSource":"ec2.amazonaws.com"}}]}}"#,
                n * 10
            );
            let key = log_key(hour, n);
            put(root, &key, &gz(body.as_bytes()));
            log_files.push(serde_json::json!({"s3Bucket": BUCKET, "s3Object": key, "hashValue": hex::encode(Sha256::digest(body.as_bytes())), "hashAlgorithm": "SHA-256", "newestEventTime": "2024-01-01T00:00:00Z", "oldestEventTime": "2024-01-01T00:00:00Z"}));
        }
        let dkey = digest_key(hour);
        let mut d = serde_json::json!({
            "awsAccountId": ACCOUNT,
            "digestStartTime": format!("2024-01-01T{:02}:00:00Z", hour - 1),
            "digestEndTime": format!("2024-01-01T{hour:02}:00:00Z"),
            "digestS3Bucket": BUCKET,
            "digestS3Object": dkey,
            "digestPublicKeyFingerprint": FP,
            "digestSignatureAlgorithm": "SHA256withRSA",
            "newestEventTime": format!("2024-01-01T{:02}:10:00Z", hour),
            "oldestEventTime": format!("2024-01-01T{:02}:00:00Z", hour),
            "previousDigestS3Bucket": null,
            "previousDigestS3Object": null,
            "previousDigestHashValue": null,
            "previousDigestHashAlgorithm": null,
            "previousDigestSignature": null,
            "logFiles": log_files,
        });
        if let Some((pk, ph, ps)) = &prev {
            let ph = if c.wrong_previous_hash_at == Some(hour) { "00".repeat(32) } else { ph.clone() };
            d["previousDigestS3Bucket"] = BUCKET.into();
            d["previousDigestS3Object"] = pk.clone().into();
            d["previousDigestHashValue"] = ph.into();
            d["previousDigestHashAlgorithm"] = "SHA-256".into();
            d["previousDigestSignature"] = ps.clone().into();
        }
        let text = serde_json::to_vec(&d).unwrap();
        let parsed: DigestFile = serde_json::from_slice(&text).unwrap();
        let to_sign = parsed.string_to_sign(&text);
        let sig = hex::encode(signer.sign(to_sign.as_bytes()).to_bytes());
        put(root, &dkey, &gz(&text));
        prev = Some((dkey.clone(), hex::encode(Sha256::digest(&text)), sig.clone()));
        // The newest digest's signature is S3 metadata: kept beside it.
        last = dkey.clone();
        put(root, &format!("{dkey}.signature"), sig.as_bytes());
    }
    // Only the newest keeps its sidecar; the others are vouched for by the chain.
    for &hour in &c.order {
        let k = digest_key(hour);
        if k != last {
            std::fs::remove_file(root.join(format!("{k}.signature"))).unwrap();
        }
    }
    last
}

fn keys_for(key: &RsaPrivateKey) -> PublicKeys {
    let der = key.to_public_key().to_pkcs1_der().unwrap();
    let b64 = base64::engine::general_purpose::STANDARD.encode(der.as_bytes());
    let json = serde_json::json!({"PublicKeyList": [{"Value": b64, "ValidityStartTime": "2023-01-01T00:00:00Z", "ValidityEndTime": "2025-01-01T00:00:00Z", "Fingerprint": FP}]});
    PublicKeys::parse(&json.to_string(), "keys.json").unwrap()
}

fn kinds(v: &Verification) -> Vec<ProblemKind> {
    let mut k: Vec<ProblemKind> = v.problems.iter().map(|p| p.kind).collect();
    k.dedup();
    k
}

fn key() -> RsaPrivateKey {
    use rand::SeedableRng;
    let mut rng = rand::rngs::StdRng::seed_from_u64(42);
    RsaPrivateKey::new(&mut rng, 2048).unwrap()
}

#[test]
fn chains_verify_and_every_kind_of_tampering_is_named() {
    let k = key();
    let keys = keys_for(&k);
    let chain = |order: Vec<u32>| Chain { key: k.clone(), order, wrong_previous_hash_at: None };

    // Intact.
    let dir = tempfile::tempdir().unwrap();
    build(dir.path(), &chain(vec![1, 2, 3]));
    let v = verify(dir.path(), dir.path(), &keys).unwrap();
    assert!(v.is_valid(), "{:#?}", v.problems);
    assert_eq!((v.digests_valid, v.logs_valid, v.chains), (3, 6, 1));
    assert_eq!(v.start.as_deref(), Some("2024-01-01T00:00:00Z"));

    // A log file modified.
    let dir = tempfile::tempdir().unwrap();
    build(dir.path(), &chain(vec![1, 2, 3]));
    put(dir.path(), &log_key(2, 1), &gz(br#"{"Records":[]}"#));
    let v = verify(dir.path(), dir.path(), &keys).unwrap();
    assert_eq!(kinds(&v), [ProblemKind::LogHashMismatch]);
    assert_eq!(v.problems[0].file, log_key(2, 1));
    assert_eq!((v.logs_valid, v.logs_invalid), (5, 1));

    // A digest deleted.
    let dir = tempfile::tempdir().unwrap();
    build(dir.path(), &chain(vec![1, 2, 3]));
    std::fs::remove_file(dir.path().join(digest_key(2))).unwrap();
    let v = verify(dir.path(), dir.path(), &keys).unwrap();
    assert!(kinds(&v).contains(&ProblemKind::DigestMissing), "{:#?}", v.problems);
    assert!(v.problems.iter().any(|p| p.kind == ProblemKind::DigestMissing && p.file == digest_key(2)));
    assert!(!v.is_valid());

    // A reordered chain: the pointers run 1 ← 3 ← 2, against time.
    let dir = tempfile::tempdir().unwrap();
    build(dir.path(), &chain(vec![1, 3, 2]));
    let v = verify(dir.path(), dir.path(), &keys).unwrap();
    assert_eq!(kinds(&v), [ProblemKind::DigestOutOfOrder], "{:#?}", v.problems);

    // A forged signature: the newest digest signed by another key.
    let dir = tempfile::tempdir().unwrap();
    let newest = build(dir.path(), &chain(vec![1, 2, 3]));
    let other = {
        use rand::SeedableRng;
        RsaPrivateKey::new(&mut rand::rngs::StdRng::seed_from_u64(7), 2048).unwrap()
    };
    let text = {
        let raw = std::fs::read(dir.path().join(&newest)).unwrap();
        let mut out = Vec::new();
        mamori_logs::input::decompress_into(&raw, &mut out).unwrap();
        out
    };
    let parsed: DigestFile = serde_json::from_slice(&text).unwrap();
    let forged = SigningKey::<Sha256>::new(other).sign(parsed.string_to_sign(&text).as_bytes());
    put(dir.path(), &format!("{newest}.signature"), hex::encode(forged.to_bytes()).as_bytes());
    let v = verify(dir.path(), dir.path(), &keys).unwrap();
    assert_eq!(kinds(&v), [ProblemKind::DigestSignatureInvalid]);

    // A broken previous-hash link (the newer digest properly signed).
    let dir = tempfile::tempdir().unwrap();
    build(dir.path(), &Chain { key: k.clone(), order: vec![1, 2, 3], wrong_previous_hash_at: Some(3) });
    let v = verify(dir.path(), dir.path(), &keys).unwrap();
    assert_eq!(kinds(&v), [ProblemKind::DigestHashMismatch]);
    assert_eq!(v.problems[0].file, digest_key(2));

    // An altered older digest: its content no longer matches what the newer one signed.
    let dir = tempfile::tempdir().unwrap();
    build(dir.path(), &chain(vec![1, 2, 3]));
    let raw = std::fs::read(dir.path().join(digest_key(1))).unwrap();
    let mut text = Vec::new();
    mamori_logs::input::decompress_into(&raw, &mut text).unwrap();
    let altered = String::from_utf8(text).unwrap().replace("SHA-256\"", "SHA-256\" ").into_bytes();
    put(dir.path(), &digest_key(1), &gz(&altered));
    let v = verify(dir.path(), dir.path(), &keys).unwrap();
    assert_eq!(kinds(&v), [ProblemKind::DigestHashMismatch, ProblemKind::DigestLinkBroken], "{:#?}", v.problems);

    // The newest digest without its signature file cannot pass.
    let dir = tempfile::tempdir().unwrap();
    let newest = build(dir.path(), &chain(vec![1, 2, 3]));
    std::fs::remove_file(dir.path().join(format!("{newest}.signature"))).unwrap();
    let v = verify(dir.path(), dir.path(), &keys).unwrap();
    assert_eq!(kinds(&v), [ProblemKind::DigestUnverified]);

    // A log file moved to another day's folder, and an extra one injected.
    let dir = tempfile::tempdir().unwrap();
    build(dir.path(), &chain(vec![1, 2, 3]));
    let from = dir.path().join(log_key(1, 0));
    let to_key = log_key(1, 0).replace("/01/01/", "/01/02/");
    std::fs::create_dir_all(dir.path().join(&to_key).parent().unwrap()).unwrap();
    std::fs::rename(from, dir.path().join(&to_key)).unwrap();
    put(dir.path(), &log_key(2, 5), &gz(br#"{"Records":[]}"#));
    let v = verify(dir.path(), dir.path(), &keys).unwrap();
    assert_eq!(kinds(&v), [ProblemKind::LogMoved, ProblemKind::LogExtra], "{:#?}", v.problems);

    // Unknown key fingerprint.
    let dir = tempfile::tempdir().unwrap();
    build(dir.path(), &chain(vec![1, 2, 3]));
    let v = verify(dir.path(), dir.path(), &PublicKeys::parse("00ff AAAA", "k").unwrap_or_default()).unwrap();
    assert!(kinds(&v).contains(&ProblemKind::DigestKeyUnknown));
}

#[test]
fn key_files_in_every_accepted_shape() {
    let k = key();
    let pkcs1 = k.to_public_key().to_pkcs1_der().unwrap();
    let spki = rsa::pkcs8::EncodePublicKey::to_public_key_der(&k.to_public_key()).unwrap();
    let b = |d: &[u8]| base64::engine::general_purpose::STANDARD.encode(d);
    assert_eq!(PublicKeys::parse(&format!("{FP} {}\n", b(pkcs1.as_bytes())), "k").unwrap().len(), 1);
    assert_eq!(PublicKeys::parse(&format!("# spki\n{}\n", b(spki.as_bytes())), "k").unwrap().len(), 1);
    let e = PublicKeys::parse("abc not-base64!!\n", "keys.txt").unwrap_err();
    assert_eq!(e.place, "keys.txt:1");
    assert!(PublicKeys::parse("{\"PublicKeyList\": 3}", "keys.json").is_err());
}
