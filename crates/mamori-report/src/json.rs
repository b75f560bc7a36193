//! The JSON report (schema: `docs/scan-json.md`).

use serde_json::{json, Value};

use mamori_rules::{Finding, Status};

use crate::Report;

pub const FORMAT: &str = "mamori-scan";
pub const VERSION: u32 = 1;

/// One finding with its rule's metadata, in the report's language.
pub fn finding(r: &Report, f: &Finding) -> Value {
    let lang = r.lang;
    let rule = mamori_rules::rule(f.code);
    let mut v = json!({
        "code": f.code,
        "title": rule.map(|x| x.title.get(lang)),
        "status": f.status,
        "severity": f.severity,
        "account": f.account,
        "region": f.region,
        "resource": f.resource,
        "resource_type": f.resource_type,
        "message": f.text(lang),
        "evidence": f.evidence,
    });
    let o = v.as_object_mut();
    if let Some(o) = o {
        if let Some(reason) = &f.reason {
            o.insert("reason".into(), json!({"text": reason.render(lang), "detail": reason}));
        }
        if let Some(m) = &f.muted {
            o.insert("muted".into(), json!(m));
        }
        if let Some(rule) = rule {
            o.insert("sources".into(), rule.sections.iter().map(|s| json!({"document": s.doc.short(), "section": s.ja})).collect());
            o.insert("cis".into(), json!(rule.cis));
            o.insert("fsbp".into(), json!(rule.fsbp));
            if f.status == Status::Fail {
                o.insert(
                    "remediation".into(),
                    json!({
                        "console": rule.remediation.console.get(lang),
                        "cli": rule.remediation.cli,
                        "terraform": rule.remediation.terraform,
                        "safe": rule.remediation.safe,
                    }),
                );
            }
        }
    }
    v
}

pub fn write(r: &Report, w: &mut dyn std::io::Write) -> std::io::Result<()> {
    let snap = r.snapshot;
    let summary = mamori_rules::frameworks::summarize(r.framework, &r.scan.findings, &r.scan.codes);
    let head = [
        ("format", json!(FORMAT)),
        ("version", json!(VERSION)),
        ("mamori_version", json!(env!("CARGO_PKG_VERSION"))),
        ("lang", json!(r.lang.code())),
        (
            "snapshot",
            json!({
                "source": snap.source,
                "started_at": snap.started_at,
                "finished_at": snap.finished_at,
                "accounts": snap.accounts.iter().map(|a| &a.account_id).collect::<Vec<_>>(),
                "regions": snap.regions,
                "skipped_regions": snap.skipped_regions,
            }),
        ),
        ("scope", json!({ "configured": r.scope, "findings_out_of_scope": r.scan.out_of_scope })),
        ("codes", json!(r.scan.codes)),
        ("counts", json!(r.status_counts())),
        (
            "failing_by_severity",
            Value::Object(r.failing_by_severity().into_iter().map(|(s, n)| (s.as_str().to_string(), json!(n))).collect()),
        ),
        (
            "framework",
            json!({
                "name": r.framework.name(),
                "title": r.framework.title().get(r.lang),
                "requirements": summary.iter().map(|q| json!({
                    "id": q.id, "title": q.title.get(r.lang), "status": q.status, "codes": q.codes,
                    "fail": q.fail, "unknown": q.unknown, "pass": q.pass, "not_applicable": q.not_applicable,
                })).collect::<Vec<_>>(),
            }),
        ),
    ];
    let tail = [(
        "expired_mutes",
        json!(r
            .scan
            .expired_mutes
            .iter()
            .map(|m| json!({"code": m.code, "resource": m.resource, "reason": m.reason, "expires": m.expires}))
            .collect::<Vec<_>>()),
    )];
    crate::stream::object_with_array(w, &head, "findings", r.scan.findings.iter().map(|f| finding(r, f)), &tail)
}
