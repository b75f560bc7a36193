//! ACM certificates.

pub mod certificate_expiring;
