//! ACCT: account governance.

pub mod access_analyzer_disabled;
pub mod no_organization;
pub mod no_security_contact;
pub mod no_support_role;
pub mod root_recently_used;
