//! AWS Security Finding Format, ready for Security Hub's
//! `BatchImportFindings`: a JSON array of findings (import at most 100 per
//! call). Passing findings are sent as PASSED/RESOLVED so Security Hub
//! closes what was fixed.

use serde_json::{json, Value};

use mamori_rules::{Finding, Severity, Status};

use crate::Report;

const MAX_TITLE: usize = 256;
const MAX_DESCRIPTION: usize = 1024;
const MAX_RECOMMENDATION: usize = 512;

fn cut(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        s.to_string()
    } else {
        let mut out: String = s.chars().take(max.saturating_sub(1)).collect();
        out.push('…');
        out
    }
}

fn label(s: Severity) -> &'static str {
    match s {
        Severity::Info => "INFORMATIONAL",
        Severity::Low => "LOW",
        Severity::Medium => "MEDIUM",
        Severity::High => "HIGH",
        Severity::Critical => "CRITICAL",
    }
}

fn partition(resource: &str) -> &str {
    match resource.split(':').nth(1) {
        Some(p @ ("aws" | "aws-cn" | "aws-us-gov")) => p,
        _ => "aws",
    }
}

pub fn finding(r: &Report, f: &Finding) -> Value {
    let lang = r.lang;
    let rule = mamori_rules::rule(f.code);
    let time = r.snapshot.finished_at.to_string();
    // Security Hub needs a real region; account-wide findings go to the first collected one.
    let region =
        if &*f.region == mamori_model::GLOBAL { r.snapshot.regions.first().map(String::as_str).unwrap_or("us-east-1") } else { &f.region };
    let compliance = match f.status {
        Status::Fail => "FAILED",
        Status::Pass => "PASSED",
        Status::Unknown | Status::NotApplicable => "NOT_AVAILABLE",
    };
    let workflow = match (f.status, &f.muted) {
        (Status::Fail, Some(_)) => "SUPPRESSED",
        (Status::Fail | Status::Unknown, None) => "NEW",
        _ => "RESOLVED",
    };
    let mut requirements: Vec<String> = Vec::new();
    if let Some(rule) = rule {
        requirements.extend(rule.cis.iter().map(|c| format!("CIS AWS Foundations Benchmark v3.0.0/{c}")));
        requirements.extend(rule.fsbp.iter().map(|c| format!("AWS Foundational Security Best Practices/{c}")));
    }
    let mut compliance_obj = json!({"Status": compliance});
    if let Some(o) = compliance_obj.as_object_mut() {
        if !requirements.is_empty() {
            o.insert("RelatedRequirements".into(), json!(requirements));
        }
        if let Some(reason) = &f.reason {
            o.insert(
                "StatusReasons".into(),
                json!([{"ReasonCode": "MAMORI_DATA_NOT_READ", "Description": cut(&reason.render(lang), 1024)}]),
            );
        }
    }
    let mut product_fields = serde_json::Map::new();
    product_fields.insert("mamori/Code".into(), json!(f.code));
    product_fields.insert("mamori/Status".into(), json!(f.status.as_str()));
    product_fields.insert("mamori/Evidence".into(), json!(cut(&serde_json::to_string(&f.evidence).unwrap_or_default(), 2048)));
    if let Some(rule) = rule {
        for (i, s) in rule.sections.iter().enumerate() {
            product_fields.insert(format!("mamori/Source{}", i + 1), json!(format!("{}: {}", s.doc.short(), s.ja)));
        }
    }
    json!({
        "SchemaVersion": "2018-10-08",
        "Id": cut(&format!("mamori/{}/{}/{}/{}", f.account, f.region, f.code, f.resource), 512),
        "ProductArn": format!("arn:{}:securityhub:{region}:{}:product/{}/default", partition(&f.resource), f.account, f.account),
        "ProductName": "mamori",
        "CompanyName": "mamori",
        "GeneratorId": format!("mamori/{}", f.code),
        "AwsAccountId": f.account,
        "Region": region,
        "Types": ["Software and Configuration Checks/Industry and Regulatory Standards/AWS Security Best Practices"],
        "CreatedAt": time,
        "UpdatedAt": time,
        "Severity": {"Label": label(f.severity), "Original": f.severity.as_str()},
        "Title": cut(rule.map(|x| x.title.get(lang)).unwrap_or(f.code), MAX_TITLE),
        "Description": cut(&f.text(lang), MAX_DESCRIPTION),
        "Remediation": {"Recommendation": {
            "Text": cut(rule.map(|x| x.remediation.console.get(lang)).unwrap_or_default(), MAX_RECOMMENDATION),
            "Url": format!("https://example.invalid/mamori/docs/rules/{}.md", f.code),
        }},
        "ProductFields": product_fields,
        "Resources": [{"Type": f.resource_type, "Id": f.resource, "Partition": partition(&f.resource), "Region": region}],
        "Compliance": compliance_obj,
        "Workflow": {"Status": workflow},
        "RecordState": "ACTIVE",
    })
}

pub fn write(r: &Report, w: &mut dyn std::io::Write) -> std::io::Result<()> {
    crate::stream::array(w, r.scan.findings.iter().map(|f| finding(r, f)), "")?;
    w.write_all(b"\n")
}
