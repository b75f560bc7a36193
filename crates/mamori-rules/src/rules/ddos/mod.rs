//! DDOS: absorbing and filtering attacks at the edge.

pub mod no_web_acl;
pub mod web_server_exposed;
