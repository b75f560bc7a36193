//! Builds the HTML dashboard's data from the history.

use mamori_rules::Config;
use mamori_store::{ScanInfo, Store};

pub fn build(store: &Store, scan: &ScanInfo, config: &Config, today: &str) -> anyhow::Result<String> {
    let _ = (store, scan, config, today);
    anyhow::bail!("not yet")
}
