//! OCSF 1.3.0 Compliance Finding (class 2003) with the cloud profile: one
//! event per finding, as a JSON array.

use serde_json::{json, Value};

use mamori_rules::{Finding, Severity, Status};

use crate::Report;

pub const VERSION: &str = "1.3.0";

fn severity_id(s: Severity) -> (u8, &'static str) {
    match s {
        Severity::Info => (1, "Informational"),
        Severity::Low => (2, "Low"),
        Severity::Medium => (3, "Medium"),
        Severity::High => (4, "High"),
        Severity::Critical => (5, "Critical"),
    }
}

/// compliance.status_id: 1 Pass, 3 Fail, 0 Unknown, 99 Other.
fn compliance_status(f: &Finding) -> (u8, &'static str) {
    match f.status {
        Status::Pass => (1, "Pass"),
        Status::Fail => (3, "Fail"),
        Status::Unknown => (0, "Unknown"),
        Status::NotApplicable => (99, "Not Applicable"),
    }
}

/// The finding's own status_id: 1 New, 3 Suppressed, 4 Resolved.
fn finding_status(f: &Finding) -> (u8, &'static str) {
    match (f.status, &f.muted) {
        (Status::Fail, Some(_)) => (3, "Suppressed"),
        (Status::Fail | Status::Unknown, None) => (1, "New"),
        _ => (4, "Resolved"),
    }
}

pub fn event(r: &Report, f: &Finding) -> Value {
    let lang = r.lang;
    let rule = mamori_rules::rule(f.code);
    let time = r.snapshot.finished_at.epoch_seconds() * 1000;
    let (sev, sev_name) = severity_id(f.severity);
    let (cstatus, cstatus_name) = compliance_status(f);
    let (status, status_name) = finding_status(f);
    let mut standards = vec!["AWS Security Best Practices (2016)".to_string()];
    let mut requirements: Vec<String> = Vec::new();
    if let Some(rule) = rule {
        requirements.extend(rule.sections.iter().map(|s| format!("{}: {}", s.doc.short(), s.ja)));
        if !rule.cis.is_empty() {
            standards.push("CIS AWS Foundations Benchmark v3.0.0".into());
            requirements.extend(rule.cis.iter().map(|c| format!("CIS {c}")));
        }
        if !rule.fsbp.is_empty() {
            standards.push("AWS Foundational Security Best Practices".into());
            requirements.extend(rule.fsbp.iter().map(|c| format!("FSBP {c}")));
        }
    }
    let mut compliance = json!({
        "control": f.code,
        "standards": standards,
        "requirements": requirements,
        "status_id": cstatus,
        "status": cstatus_name,
    });
    if let (Some(reason), Some(o)) = (&f.reason, compliance.as_object_mut()) {
        o.insert("status_detail".into(), json!(reason.render(lang)));
    }
    let mut e = json!({
        "activity_id": 1,
        "activity_name": "Create",
        "category_uid": 2,
        "category_name": "Findings",
        "class_uid": 2003,
        "class_name": "Compliance Finding",
        "type_uid": 200301,
        "type_name": "Compliance Finding: Create",
        "time": time,
        "severity_id": sev,
        "severity": sev_name,
        "status_id": status,
        "status": status_name,
        "message": f.text(lang),
        "metadata": {
            "version": VERSION,
            "profiles": ["cloud"],
            "product": {"name": "mamori", "vendor_name": "mamori", "version": env!("CARGO_PKG_VERSION")},
            "uid": f.fingerprint(),
        },
        "finding_info": {
            "uid": format!("mamori:{}", f.fingerprint()),
            "title": rule.map(|x| x.title.get(lang)).unwrap_or(f.code),
            "desc": f.text(lang),
            "types": ["Software and Configuration Checks/AWS Security Best Practices"],
            "created_time": time,
        },
        "compliance": compliance,
        "cloud": {"provider": "AWS", "region": f.region, "account": {"uid": f.account, "type_id": 10, "type": "AWS Account"}},
        "resources": [{"uid": f.resource, "type": f.resource_type, "data": f.evidence}],
    });
    if let (Some(rule), Some(o)) = (rule.filter(|_| f.status == Status::Fail), e.as_object_mut()) {
        o.insert(
            "remediation".into(),
            json!({"desc": rule.remediation.console.get(lang), "references": [rule.remediation.cli, format!("docs/rules/{}.md", rule.code)]}),
        );
    }
    if let (Some(m), Some(o)) = (&f.muted, e.as_object_mut()) {
        o.insert("comment".into(), json!(format!("muted: {}", m.reason)));
    }
    e
}

pub fn write(r: &Report, w: &mut dyn std::io::Write) -> std::io::Result<()> {
    crate::stream::array(w, r.scan.findings.iter().map(|f| event(r, f)), "")?;
    w.write_all(b"\n")
}
