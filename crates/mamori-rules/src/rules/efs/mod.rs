//! EFS file systems.

pub mod unencrypted;
