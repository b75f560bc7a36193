//! CSV: one row per finding, for spreadsheets.

use crate::Report;

pub fn write(r: &Report, w: &mut dyn std::io::Write) -> std::io::Result<()> {
    let lang = r.lang;
    let mut w = csv::Writer::from_writer(w);
    let header =
        ["code", "status", "severity", "account", "region", "resource", "resource_type", "title", "message", "reason", "muted", "evidence"];
    w.write_record(header)?;
    for f in &r.scan.findings {
        let title = mamori_rules::rule(f.code).map(|x| x.title.get(lang)).unwrap_or_default();
        let evidence = serde_json::to_string(&f.evidence).unwrap_or_default();
        let reason = f.reason.as_ref().map(|x| x.render(lang)).unwrap_or_default();
        let muted = f.muted.as_ref().map(|m| m.reason.clone()).unwrap_or_default();
        w.write_record([
            f.code,
            f.status.as_str(),
            f.severity.as_str(),
            &f.account,
            &f.region,
            &f.resource,
            f.resource_type,
            title,
            &f.text(lang),
            &reason,
            &muted,
            &evidence,
        ])?;
    }
    w.flush()
}
