//! The rules, one file each, grouped by area.

pub mod account;
pub mod acm;
pub mod assets;
pub mod cloudfront;
pub mod ddos;
pub mod dynamodb;
pub mod ebs;
pub mod ec2;
pub mod efs;
pub mod elb;
pub mod emr;
pub mod glacier;
pub mod host;
pub mod iam;
pub mod kms;
pub mod logging;
pub mod monitoring;
pub mod net;
pub mod policy;
pub mod rds;
pub mod s3;

/// What every rule file uses.
#[allow(unused_imports)]
pub(crate) mod prelude {
    pub use mamori_model::{Account, Region};
    pub use serde_json::json;

    pub use crate::arn;
    pub use crate::context::Cx;
    pub use crate::finding::{At, Out, Reason};
    pub use crate::rule::{Area, Check, Remediation, Rule, Severity};
    pub use crate::sections as s;
    pub use crate::text::t;
}
