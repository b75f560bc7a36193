//! SARIF 2.1.0: failing findings as `fail` results and undecided ones as
//! `review` results, each rule with its help text. Passing and
//! not-applicable findings are left out.

use serde_json::{json, Value};

use mamori_rules::{Severity, Status};

use crate::Report;

fn level(s: Severity) -> &'static str {
    match s {
        Severity::Critical | Severity::High => "error",
        Severity::Medium => "warning",
        Severity::Low | Severity::Info => "note",
    }
}

/// GitHub code scanning's `security-severity` scale (0.0–10.0).
fn security_severity(s: Severity) -> &'static str {
    match s {
        Severity::Critical => "9.5",
        Severity::High => "8.0",
        Severity::Medium => "5.5",
        Severity::Low => "3.0",
        Severity::Info => "1.0",
    }
}

pub fn write(r: &Report, w: &mut dyn std::io::Write) -> std::io::Result<()> {
    let lang = r.lang;
    let rules: Vec<&mamori_rules::Rule> = r.scan.codes.iter().filter_map(|c| mamori_rules::rule(c)).collect();
    let rule_objects: Vec<Value> = rules
        .iter()
        .map(|rule| {
            let help =
                format!("{}\n\n{}\n\nAWS CLI: {}", rule.rationale.get(lang), rule.remediation.console.get(lang), rule.remediation.cli);
            let mut tags = vec!["security".to_string(), format!("area:{}", rule.area.slug())];
            tags.extend(rule.cis.iter().map(|c| format!("CIS-3.0:{c}")));
            tags.extend(rule.fsbp.iter().map(|c| format!("FSBP:{c}")));
            json!({
                "id": rule.code,
                "name": rule.name,
                "shortDescription": {"text": rule.title.get(lang)},
                "fullDescription": {"text": rule.rationale.get(lang)},
                "help": {"text": help},
                "helpUri": format!("https://example.invalid/mamori/docs/rules/{}.md", rule.code),
                "defaultConfiguration": {"level": level(rule.severity)},
                "properties": {"tags": tags, "security-severity": security_severity(rule.severity), "precision": "high"},
            })
        })
        .collect();
    let results = r.scan.findings.iter().filter(|f| matches!(f.status, Status::Fail | Status::Unknown)).map(|f| {
        let index = rules.iter().position(|rule| rule.code == f.code).unwrap_or(0);
        let (kind, lvl) = if f.status == Status::Fail { ("fail", level(f.severity)) } else { ("review", "none") };
        let mut result = json!({
            "ruleId": f.code,
            "ruleIndex": index,
            "kind": kind,
            "level": lvl,
            "message": {"text": f.text(lang)},
            "locations": [{
                "logicalLocations": [{"fullyQualifiedName": f.resource, "kind": "resource"}],
                "properties": {"account": f.account, "region": f.region, "resourceType": f.resource_type},
            }],
            "partialFingerprints": {"mamori/v1": f.fingerprint()},
            "properties": {"status": f.status, "severity": f.severity, "evidence": f.evidence},
        });
        if let (Some(m), Some(o)) = (&f.muted, result.as_object_mut()) {
            o.insert("suppressions".into(), json!([{"kind": "external", "justification": m.reason}]));
        }
        result
    });
    let driver = json!({
        "name": "mamori",
        "version": env!("CARGO_PKG_VERSION"),
        "semanticVersion": env!("CARGO_PKG_VERSION"),
        "informationUri": "https://example.invalid/mamori",
        "rules": rule_objects,
    });
    let accounts: Vec<&str> = r.snapshot.accounts.iter().map(|a| a.account_id.as_str()).collect();
    write!(w, "{{\n  \"$schema\": \"https://json.schemastore.org/sarif-2.1.0.json\",\n  \"version\": \"2.1.0\",\n  \"runs\": [\n    {{\n      \"tool\": {{\"driver\": ")?;
    serde_json::to_writer(&mut *w, &driver)?;
    write!(w, "}},\n      \"automationDetails\": ")?;
    serde_json::to_writer(&mut *w, &json!({"id": format!("mamori/{}/", accounts.join("+"))}))?;
    write!(w, ",\n      \"columnKind\": \"unicodeCodePoints\",\n      \"results\": ")?;
    crate::stream::array(w, results, "      ")?;
    w.write_all(b"\n    }\n  ]\n}\n")
}
