//! The filesystem side of mamori: audits a machine image or a host from its
//! root tree — a mounted volume, a chroot, `/`, or a tar archive of one read
//! directly without extracting — against the whitepaper's hardening tables
//! (Tables 15–18). Pure: no AWS, no network.
//!
//! The tree is read once ([`tree`]): every file is offered to the secret
//! scanner as it streams past, and the configuration files the checks need
//! (sshd, accounts, services, mail, time) are kept in a [`tree::Kept`] set.
//! The parsers ([`sshd`], [`accounts`]) then work on that set.

pub mod accounts;
pub mod sshd;
pub mod tree;
