//! LOG: audit trails, their protection, and the account's monitoring services.

pub mod config_not_recording;
pub mod guardduty_disabled;
pub mod log_retention_short;
pub mod no_multi_region_trail;
pub mod s3_data_events_not_logged;
pub mod security_hub_disabled;
pub mod trail_bucket_erasable;
pub mod trail_bucket_no_access_log;
pub mod trail_bucket_public;
pub mod trail_not_encrypted;
pub mod trail_not_in_cloudwatch;
pub mod trail_validation_disabled;

use mamori_model::s3::Bucket;
use mamori_model::services::Trail;
use mamori_model::Account;
use serde_json::Value;

use crate::finding::{At, Reason};
use crate::Cx;

/// What a trail's event selectors record.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct Recorded {
    pub management_read: bool,
    pub management_write: bool,
    pub s3_read: bool,
    pub s3_write: bool,
}

fn strings(v: Option<&Value>) -> Vec<&str> {
    v.and_then(Value::as_array).map(|a| a.iter().filter_map(Value::as_str).collect()).unwrap_or_default()
}

/// Reads `GetEventSelectors` output (classic and advanced selectors).
pub(crate) fn recorded(selectors: &Value) -> Recorded {
    let mut r = Recorded::default();
    for e in selectors.get("EventSelectors").and_then(Value::as_array).into_iter().flatten() {
        let rw = e.get("ReadWriteType").and_then(Value::as_str).unwrap_or("All");
        let (read, write) = (rw == "All" || rw == "ReadOnly", rw == "All" || rw == "WriteOnly");
        if e.get("IncludeManagementEvents").and_then(Value::as_bool).unwrap_or(true) {
            r.management_read |= read;
            r.management_write |= write;
        }
        for d in e.get("DataResources").and_then(Value::as_array).into_iter().flatten() {
            let all_buckets = d.get("Type").and_then(Value::as_str) == Some("AWS::S3::Object")
                && strings(d.get("Values"))
                    .iter()
                    .any(|v| matches!(*v, "arn:aws:s3" | "arn:aws:s3:::" | "arn:aws-cn:s3" | "arn:aws-us-gov:s3"));
            if all_buckets {
                r.s3_read |= read;
                r.s3_write |= write;
            }
        }
    }
    for a in selectors.get("AdvancedEventSelectors").and_then(Value::as_array).into_iter().flatten() {
        let fields: Vec<&Value> = a.get("FieldSelectors").and_then(Value::as_array).map(|f| f.iter().collect()).unwrap_or_default();
        let field = |name: &str| fields.iter().copied().find(|f| f.get("Field").and_then(Value::as_str) == Some(name));
        let equals = |name: &str| field(name).map(|f| strings(f.get("Equals"))).unwrap_or_default();
        let read_only = equals("readOnly");
        let (read, write) = match read_only.as_slice() {
            ["true"] => (true, false),
            ["false"] => (false, true),
            _ => (true, true),
        };
        // Any other field narrows the selector to some events only.
        let known = ["eventCategory", "readOnly", "resources.type"];
        let narrowed = fields.iter().any(|f| f.get("Field").and_then(Value::as_str).is_some_and(|n| !known.contains(&n)));
        let category = equals("eventCategory");
        if category.contains(&"Management") && !narrowed {
            r.management_read |= read;
            r.management_write |= write;
        }
        if category.contains(&"Data") && equals("resources.type").contains(&"AWS::S3::Object") && !narrowed {
            r.s3_read |= read;
            r.s3_write |= write;
        }
    }
    r
}

/// Every trail of the account in scope, with where it lives.
pub(crate) fn trails<'c, 'a: 'c>(cx: &'c Cx<'a>, a: &'a Account) -> impl Iterator<Item = (At<'a>, &'a Trail)> + 'c {
    cx.regions(a).flat_map(|(at, r)| r.trails.iter().map(move |t| (at, t)))
}

pub(crate) fn trail_arn(a: &Account, at: At, t: &Trail) -> String {
    crate::arn::or(t.trail_arn.as_ref(), || crate::arn::regional(a, "cloudtrail", at.region, &format!("trail/{}", t.name)))
}

/// The trail's log bucket, looked up in every account of the snapshot (a
/// central log archive account is common).
pub(crate) fn trail_bucket<'a>(cx: &Cx<'a>, t: &Trail) -> Result<(&'a Account, &'a Bucket), Reason> {
    let name = t.s3_bucket_name.as_deref().unwrap_or_default();
    cx.snapshot
        .accounts
        .iter()
        .find_map(|a| a.buckets.iter().find(|b| b.name == name).map(|b| (a, b)))
        .ok_or_else(|| Reason::incomplete("s3", "ListBuckets"))
}

/// For rules judged on the trails' log buckets: one finding per bucket.
pub(crate) fn each_trail_bucket(
    cx: &Cx,
    out: &mut crate::Out,
    judge: impl Fn(&Cx, &Account, &Bucket) -> (Result<bool, Reason>, Vec<(&'static str, Value)>),
) {
    for a in cx.accounts() {
        let mut seen: Vec<String> = Vec::new();
        for (at, t) in trails(cx, a) {
            let name = t.s3_bucket_name.clone().unwrap_or_default();
            if name.is_empty() || seen.contains(&name) {
                continue;
            }
            seen.push(name.clone());
            let users: Vec<String> =
                trails(cx, a).filter(|(_, o)| o.s3_bucket_name.as_deref() == Some(&name)).map(|(_, o)| o.name.clone()).collect();
            match trail_bucket(cx, t) {
                Ok((owner, b)) => {
                    let (verdict, evidence) = judge(cx, owner, b);
                    let place = At { account: at.account, region: b.region.as_deref().unwrap_or(at.region) };
                    let f = out.judge(place, crate::arn::bucket(owner, &b.name), verdict).ev("trails", users);
                    for (k, v) in evidence {
                        f.ev(k, v);
                    }
                }
                Err(mut reason) => {
                    reason.detail = format!("bucket `{name}` is not in the snapshot (another account?)");
                    out.unknown(at, format!("arn:{}:s3:::{name}", crate::arn::partition(a)), reason).ev("trails", users);
                }
            }
        }
    }
}
