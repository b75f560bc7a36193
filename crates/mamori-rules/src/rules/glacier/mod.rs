//! Glacier vaults.

pub mod vault_public;
