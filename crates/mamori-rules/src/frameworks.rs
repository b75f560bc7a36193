//! Compliance frameworks: requirements and the codes that assess them.
