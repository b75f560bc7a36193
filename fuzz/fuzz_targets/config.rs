//! `mamori.toml`: any text parses to a configuration or to an error that
//! names the file and line, never a panic — including the ISMS sections
//! (`[scope]` tags and exclusions, `[risk.defaults]`, `[soa]`).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    if let Ok(config) = mamori_rules::Config::parse(text, "fuzz.toml") {
        // What the scan and the ISMS commands then do with it.
        let _ = config.scope.describe(mamori_rules::Lang::Ja, 3);
        for code in config.risk.defaults.keys() {
            let _ = config.selects(code);
        }
    }
});
