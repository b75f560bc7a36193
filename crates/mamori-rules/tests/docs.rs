//! The rule reference in `docs/rules/` is generated from the rules and must
//! be current. `MAMORI_BLESS=1` rewrites it.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::Path;

#[test]
fn rule_reference_is_current() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/rules");
    let files = mamori_rules::docs::reference();
    if std::env::var_os("MAMORI_BLESS").is_some() {
        std::fs::create_dir_all(&dir).unwrap();
        for entry in std::fs::read_dir(&dir).unwrap() {
            std::fs::remove_file(entry.unwrap().path()).unwrap();
        }
        for (name, text) in &files {
            std::fs::write(dir.join(name), text).unwrap();
        }
    }
    let mut stale = Vec::new();
    for (name, text) in &files {
        if std::fs::read_to_string(dir.join(name)).ok().as_deref() != Some(text.as_str()) {
            stale.push(name.clone());
        }
    }
    let present = std::fs::read_dir(&dir).map(|d| d.count()).unwrap_or(0);
    assert!(
        stale.is_empty() && present == files.len(),
        "docs/rules is stale ({} of {} files differ, {present} present); run `MAMORI_BLESS=1 cargo test -p mamori-rules --test docs`",
        stale.len(),
        files.len()
    );
}

/// Every section a rule cites is printed verbatim in the source documents
/// (checked when the seeds are next to the repository).
#[test]
fn cited_sections_exist_in_the_seeds() {
    let seeds = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/seeds");
    let (Ok(wp), Ok(ec2)) =
        (std::fs::read_to_string(seeds.join("000_03be0910319e40da.txt")), std::fs::read_to_string(seeds.join("004_9f2359205fa3088b.txt")))
    else {
        eprintln!("seed documents not found at {}; skipped", seeds.display());
        return;
    };
    for r in mamori_rules::codes::RULES {
        for s in r.sections {
            let text = match s.doc {
                mamori_rules::sections::Doc::Whitepaper => &wp,
                mamori_rules::sections::Doc::Ec2Page => &ec2,
            };
            assert!(text.contains(s.ja), "{}: section `{}` is not in the seed", r.code, s.ja);
        }
    }
}
