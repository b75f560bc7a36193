//! mamori's log monitoring (whitepaper Tables 22–24): detections over
//! CloudTrail events (SigmaHQ rules loaded unmodified, and built-in
//! detections for the events behind MON-001…015), detectors over VPC Flow
//! Logs with learned baselines, and offline verification of CloudTrail
//! digest chains. Pure: no AWS SDK; files and bytes in, alerts out.

pub mod alert;
pub mod cloudtrail;
pub mod digest;
pub mod event;
pub mod flow;
pub mod input;
pub mod ocsf;
pub mod sigma;
pub mod synth;
