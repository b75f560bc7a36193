//! mamori's IAM engine: a pure library (no AWS SDK, no I/O).
//!
//! - [`policy`] parses every kind of policy document into an AST;
//! - [`eval`] applies AWS's evaluation logic and explains its answer;
//! - [`catalog`] is the vendored list of actions, resource types and
//!   condition keys; [`validate`] lints policies against it;
//! - [`account`] builds the principals and resource policies of a snapshot;
//!   [`query`] answers can / who-can / what-can over it;
//! - [`exposure`] finds public and cross-account resources;
//! - [`escalation`] finds privilege-escalation paths to admin.

pub mod account;
pub mod catalog;
pub mod condition;
pub mod context;
pub mod escalation;
pub mod eval;
pub mod exposure;
pub mod pattern;
pub mod policy;
pub mod principal;
pub mod query;
pub mod validate;

pub use context::Context;
pub use eval::{evaluate, Answer, Attached, Decision, PolicySet, Request, ResourceKind, Source};
pub use policy::{Effect, ParseError, Policy, Statement};
pub use principal::Principal;
