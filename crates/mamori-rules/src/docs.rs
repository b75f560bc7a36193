//! The rule reference (`docs/rules/`), generated from the rules' metadata.

/// Sort key of a code: area in catalog order, then number.
pub fn code_order(code: &str) -> (usize, u32) {
    const AREAS: [&str; 18] =
        ["ACCT", "IAM", "S3", "EBS", "RDS", "DDB", "GLC", "EMR", "EFS", "KMS", "ELB", "CF", "ACM", "EC2", "NET", "LOG", "MON", "DDOS"];
    let (area, number) = code.split_once('-').unwrap_or((code, "0"));
    let area_index = AREAS.iter().position(|a| *a == area).unwrap_or(match area {
        "ASSET" => AREAS.len(),
        "HOST" => AREAS.len() + 1,
        _ => AREAS.len() + 2,
    });
    (area_index, number.parse().unwrap_or(0))
}

use std::fmt::Write;

use crate::codes::RULES;
use crate::rule::Rule;

/// The files of the rule reference: (path under `docs/rules/`, content).
pub fn reference() -> Vec<(String, String)> {
    let mut files = vec![("README.md".to_string(), index())];
    for r in RULES {
        files.push((format!("{}.md", r.code), page(r)));
    }
    files
}

fn mappings(r: &Rule) -> String {
    let mut parts = Vec::new();
    if !r.cis.is_empty() {
        parts.push(format!("CIS v3.0.0 {}", r.cis.join(", ")));
    }
    if !r.fsbp.is_empty() {
        parts.push(format!("FSBP {}", r.fsbp.join(", ")));
    }
    if !r.trusted_advisor.is_empty() {
        parts.push(format!("Trusted Advisor: {}", r.trusted_advisor.join(", ")));
    }
    if parts.is_empty() {
        "—".to_string()
    } else {
        parts.join(" · ")
    }
}

fn index() -> String {
    let mut out = String::new();
    let _ = writeln!(out, "# Rule reference / ルールリファレンス\n");
    let _ = writeln!(
        out,
        "Generated from the rules' metadata by `MAMORI_BLESS=1 cargo test -p mamori-rules --test docs`; CI fails when it is stale.\n\
         Every rule reports `fail`, `pass`, `not_applicable`, or `unknown` with the read that failed — never `pass` for data it could not read.\n\n\
         {} rules. IAM-013…017, IAM-024, IAM-025, S3-002, S3-010, KMS-002, KMS-004 and GLC-001 ask the IAM policy engine \
         (`mamori-iam`, see `docs/iam.md`); NET-007, NET-008, NET-013 and DDOS-002 ask the network reachability engine (`mamori-net`, see `docs/network.md`); \
         host rules (HOST-*) judge a root filesystem read by `mamori host audit` rather than a snapshot.\n",
        RULES.len()
    );
    let mut area = None;
    for r in RULES {
        if area != Some(r.area) {
            area = Some(r.area);
            let _ = writeln!(out, "\n## {} / {}\n", r.area.title().en, r.area.title().ja);
            let _ = writeln!(out, "| Code | Finding | 検出内容 | Severity | Mappings |\n|---|---|---|---|---|");
        }
        let _ =
            writeln!(out, "| [{}]({}.md) | {} | {} | {} | {} |", r.code, r.code, r.title.en, r.title.ja, r.severity.as_str(), mappings(r));
    }
    out
}

fn page(r: &Rule) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "# {} {}\n", r.code, r.name);
    let _ = writeln!(out, "**{}**  \n**{}**\n", r.title.en, r.title.ja);
    let _ = writeln!(out, "| | |\n|---|---|");
    let _ = writeln!(out, "| Severity / 重大度 | {} / {} |", r.severity.as_str(), r.severity.label().ja);
    let _ = writeln!(out, "| Area / 分野 | {} / {} |", r.area.title().en, r.area.title().ja);
    let _ = writeln!(out, "| Resource type | `{}` |", r.resource_type);
    let _ = writeln!(out, "| Mappings | {} |", mappings(r));
    let _ = writeln!(out, "| Since | {} |", r.since);
    let _ = writeln!(out, "\n## Why it matters / なぜ重要か\n\n{}\n\n{}\n", r.rationale.en, r.rationale.ja);
    let _ = writeln!(out, "## Source / 出典\n");
    for s in r.sections {
        let _ = writeln!(out, "- {} — 「{}」 ({})", s.doc.title(), s.ja, s.en);
    }
    let _ = writeln!(out, "\n## Remediation / 修正方法\n");
    let _ = writeln!(out, "{}\n\n{}\n", r.remediation.console.en, r.remediation.console.ja);
    let safety = if r.remediation.safe {
        "Safe: applying it does not break a working system. / 安全: 適用しても稼働中のシステムを壊しません。"
    } else {
        "Unsafe: check what depends on the current setting first. / 注意: 先に現在の設定に依存するものを確認してください。"
    };
    let _ = writeln!(out, "{safety}\n");
    let _ = writeln!(out, "AWS CLI:\n\n```sh\n{}\n```\n", r.remediation.cli);
    let _ = writeln!(out, "Terraform:\n\n```hcl\n{}\n```", r.remediation.terraform);
    out
}
