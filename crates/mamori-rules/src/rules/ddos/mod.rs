//! DDOS: absorbing and filtering attacks at the edge.

pub mod no_web_acl;
