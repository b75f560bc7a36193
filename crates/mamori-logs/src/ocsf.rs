//! Alerts as OCSF 1.3.0 Detection Finding events (class 2004).

use serde_json::{json, Value};

use crate::alert::Alert;
use crate::sigma::Level;

fn severity_id(l: Level) -> u8 {
    match l {
        Level::Informational => 1,
        Level::Low => 2,
        Level::Medium => 3,
        Level::High => 4,
        Level::Critical => 5,
    }
}

/// One alert as an OCSF Detection Finding (activity Create).
pub fn detection_finding(a: &Alert, product_version: &str) -> Value {
    let time_ms = a.time.parse::<jiff::Timestamp>().map(|t| t.as_millisecond()).unwrap_or(0);
    let end_ms = a.end_time.as_deref().and_then(|t| t.parse::<jiff::Timestamp>().ok()).map(|t| t.as_millisecond());
    let uid = {
        use sha2::Digest;
        let key = format!("{}|{}|{}|{}", a.detection.id, a.time, a.actor.as_deref().unwrap_or(""), a.event_id.as_deref().unwrap_or(""));
        hex::encode(sha2::Sha256::digest(key.as_bytes()).get(..16).unwrap_or_default())
    };
    let mut f = json!({
        "activity_id": 1,
        "activity_name": "Create",
        "category_uid": 2,
        "category_name": "Findings",
        "class_uid": 2004,
        "class_name": "Detection Finding",
        "type_uid": 200401,
        "type_name": "Detection Finding: Create",
        "severity_id": severity_id(a.detection.level),
        "severity": match a.detection.level { Level::Informational => "Informational", Level::Low => "Low", Level::Medium => "Medium", Level::High => "High", Level::Critical => "Critical" },
        "status_id": 1,
        "status": "New",
        "time": time_ms,
        "message": a.message,
        "count": a.count,
        "metadata": {
            "version": "1.3.0",
            "product": {"name": "mamori", "vendor_name": "mamori", "version": product_version},
            "log_name": a.source,
        },
        "finding_info": {
            "uid": uid,
            "title": a.detection.title,
            "desc": a.message,
            "types": [a.source],
            "analytic": {
                "uid": a.detection.id,
                "name": a.detection.title,
                "type_id": 1,
                "type": "Rule",
            },
            "src_url": a.detection.link,
            "first_seen_time": time_ms,
        },
        "evidences": [{"data": a.evidence}],
        "unmapped": {
            "author": a.detection.author,
            "origin": a.detection.origin,
            "mamori_code": a.detection.code,
            "message_ja": a.message_ja,
            "origins": a.origins,
        },
    });
    if let Some(end) = end_ms {
        if let Some(info) = f.get_mut("finding_info").and_then(Value::as_object_mut) {
            info.insert("last_seen_time".into(), end.into());
        }
    }
    let Some(obj) = f.as_object_mut() else { return f };
    if let Some(account) = &a.account {
        obj.insert("cloud".into(), json!({"provider": "AWS", "account": {"uid": account}, "region": a.region}));
    }
    if let Some(actor) = &a.actor {
        obj.insert("actor".into(), json!({"user": {"uid": actor}}));
    }
    if let Some(ip) = &a.source_ip {
        obj.insert("src_endpoint".into(), json!({"ip": ip}));
    }
    if let Some(name) = &a.event_name {
        obj.insert("api".into(), json!({"operation": name, "service": {"name": a.event_source}, "request": {"uid": a.event_id}}));
    }
    f
}
