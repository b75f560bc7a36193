//! `mamori iam`: the IAM engine's questions over a snapshot.

use std::io::{Read, Write};
use std::process::ExitCode;

use mamori_iam::account::{Model, ResourceType};
use mamori_iam::catalog::AccessLevel;
use mamori_iam::escalation::Graph;
use mamori_iam::eval::{Answer, Decision};
use mamori_iam::exposure::{analyze, Reach};
use mamori_iam::query::{can, what_can, who_can};
use mamori_iam::validate::{validate, Kind, Severity};
use mamori_iam::Context;
use serde_json::{json, Value};

use super::net::load;
use crate::cli::{IamArgs, IamCommand};
use crate::i18n::Lang;

pub fn run(args: IamArgs, lang: Lang) -> anyhow::Result<ExitCode> {
    match args.command {
        IamCommand::Can(a) => {
            let cx = context(&a.context, lang)?;
            let model = Model::build(&load(&a.input, lang)?);
            let got = can(&model, &a.principal, &a.action, &a.resource, &cx).map_err(|e| unknown_principal(e, lang))?;
            let mut out = std::io::stdout().lock();
            if a.input.format == "json" {
                let v = json!({
                    "principal": got.principal,
                    "action": a.action,
                    "resource": a.resource,
                    "decision": got.answer.decision.as_str(),
                    "statements": statements(&got.answer),
                    "missing": got.answer.missing.map(|m| m.describe()),
                    "unreadable": got.unreadable,
                });
                serde_json::to_writer_pretty(&mut out, &v)?;
                writeln!(out)?;
            } else {
                writeln!(out, "{} {} {} → {}", got.principal, a.action, a.resource, decision_text(got.answer.decision, lang))?;
                explain(&mut out, &got.answer, lang)?;
                for u in &got.unreadable {
                    writeln!(out, "  {}: {u}", lang.pick("not read", "読めなかったポリシー"))?;
                }
            }
            Ok(if got.answer.decision == Decision::Allow { ExitCode::SUCCESS } else { ExitCode::from(1) })
        }
        IamCommand::WhoCan(a) => {
            let cx = context(&a.context, lang)?;
            let model = Model::build(&load(&a.input, lang)?);
            let found = who_can(&model, &a.action, &a.resource, &cx);
            let mut out = std::io::stdout().lock();
            if a.input.format == "json" {
                let list: Vec<Value> =
                    found.iter().map(|w| json!({"principal": w.principal, "kind": w.kind, "statements": statements(&w.answer)})).collect();
                serde_json::to_writer_pretty(&mut out, &json!({"action": a.action, "resource": a.resource, "principals": list}))?;
                writeln!(out)?;
            } else {
                match lang {
                    Lang::En => writeln!(out, "{} principal(s) can {} on {}:", found.len(), a.action, a.resource)?,
                    Lang::Ja => writeln!(out, "{} に対して {} を実行できるプリンシパル: {} 件", a.resource, a.action, found.len())?,
                }
                for w in &found {
                    writeln!(out, "\n{} ({})", w.principal, w.kind)?;
                    explain(&mut out, &w.answer, lang)?;
                }
            }
            Ok(ExitCode::SUCCESS)
        }
        IamCommand::WhatCan(a) => {
            let mut levels = Vec::new();
            for l in &a.access_level {
                for part in l.split(',') {
                    levels.push(AccessLevel::parse(part).ok_or_else(|| {
                        anyhow::anyhow!(
                            "{}",
                            match lang {
                                Lang::En => format!("`{part}` is not an access level (list, read, write, permissions, tagging)"),
                                Lang::Ja => format!("`{part}` はアクセスレベル（list、read、write、permissions、tagging）ではありません"),
                            }
                        )
                    })?);
                }
            }
            let model = Model::build(&load(&a.input, lang)?);
            let caps = what_can(&model, &a.principal, &levels).map_err(|e| unknown_principal(e, lang))?;
            let mut out = std::io::stdout().lock();
            if a.input.format == "json" {
                let list: Vec<Value> = caps
                    .iter()
                    .map(|c| json!({"action": c.action, "access_level": c.level.as_str(), "resources": c.resources, "conditional": c.conditional}))
                    .collect();
                serde_json::to_writer_pretty(&mut out, &json!({"principal": a.principal, "actions": list}))?;
                writeln!(out)?;
            } else {
                match lang {
                    Lang::En => writeln!(out, "{} action(s) granted to {}:", caps.len(), a.principal)?,
                    Lang::Ja => writeln!(out, "{} に許可されているアクション: {} 件", a.principal, caps.len())?,
                }
                for c in &caps {
                    let cond = if c.conditional { lang.pick(" (conditional)", "（条件付き）") } else { "" };
                    writeln!(out, "  {:<24} {:<60} {}{cond}", c.level.as_str(), c.action, c.resources.join(", "))?;
                }
            }
            Ok(ExitCode::SUCCESS)
        }
        IamCommand::Validate(a) => {
            let text = read_input(&a.file, lang)?;
            let kind = Kind::parse(&a.kind).unwrap_or(Kind::Identity);
            let lints = match serde_json::from_str::<Value>(&text) {
                Ok(doc) => validate(&doc, kind),
                Err(e) => vec![mamori_iam::validate::Lint {
                    severity: Severity::Error,
                    code: "parse",
                    path: "$".to_string(),
                    message: match lang {
                        Lang::En => format!("invalid JSON at line {} column {}: {e}", e.line(), e.column()),
                        Lang::Ja => format!("{} 行 {} 列目が JSON として不正です: {e}", e.line(), e.column()),
                    },
                }],
            };
            let errors = lints.iter().filter(|l| l.severity == Severity::Error).count();
            let mut out = std::io::stdout().lock();
            if a.format == "json" {
                let list: Vec<Value> = lints
                    .iter()
                    .map(|l| json!({"severity": l.severity.as_str(), "code": l.code, "path": l.path, "message": l.message}))
                    .collect();
                serde_json::to_writer_pretty(&mut out, &json!({"file": a.file, "kind": a.kind, "findings": list}))?;
                writeln!(out)?;
            } else {
                for l in &lints {
                    writeln!(out, "{}:{}: {} [{}] {}", a.file.display(), l.path, l.severity.as_str(), l.code, l.message)?;
                }
                match lang {
                    Lang::En => writeln!(out, "{} error(s), {} warning(s)", errors, lints.len() - errors)?,
                    Lang::Ja => writeln!(out, "エラー {} 件、警告 {} 件", errors, lints.len() - errors)?,
                }
            }
            Ok(if errors > 0 { ExitCode::from(1) } else { ExitCode::SUCCESS })
        }
        IamCommand::Exposure(a) => {
            let snapshot = load(&a.input, lang)?;
            let model = Model::build(&snapshot);
            let mut rows = Vec::new();
            for r in &model.resources {
                let Some(p) = r.policy.and_then(|i| model.policy(i)) else { continue };
                let Some(policy) = &p.policy else {
                    rows.push(json!({"resource": r.arn, "kind": kind_name(r.kind), "unreadable": p.error}));
                    continue;
                };
                let x = analyze(policy, &r.account);
                let grants: Vec<Value> = x
                    .grants
                    .iter()
                    .filter(|g| g.reach != Reach::Internal)
                    .map(|g| {
                        let (reach, detail) = match &g.reach {
                            Reach::Public => ("public", Vec::new()),
                            Reach::CrossAccount(a) => ("cross-account", a.clone()),
                            Reach::Restricted(r) => ("restricted", r.clone()),
                            Reach::Internal => ("internal", Vec::new()),
                        };
                        json!({"statement": g.statement, "reach": reach, "detail": detail, "principals": g.principals, "actions": g.actions})
                    })
                    .collect();
                if !grants.is_empty() {
                    rows.push(json!({"resource": r.arn, "kind": kind_name(r.kind), "account": r.account, "grants": grants}));
                }
            }
            for sh in &model.shared {
                let mut grants = Vec::new();
                if sh.public {
                    grants.push(
                        json!({"statement": "attribute", "reach": "public", "detail": ["all"], "principals": ["all"], "actions": []}),
                    );
                }
                if !sh.accounts.is_empty() {
                    grants.push(json!({"statement": "attribute", "reach": "cross-account", "detail": sh.accounts, "principals": sh.accounts, "actions": []}));
                }
                rows.push(json!({"resource": sh.arn, "kind": sh.kind, "account": sh.account, "grants": grants}));
            }
            let mut out = std::io::stdout().lock();
            if a.input.format == "json" {
                serde_json::to_writer_pretty(&mut out, &json!({"resources": rows}))?;
                writeln!(out)?;
            } else {
                match lang {
                    Lang::En => writeln!(out, "{} resource(s) with grants outside their account:", rows.len())?,
                    Lang::Ja => writeln!(out, "アカウント外への許可を持つリソース: {} 件", rows.len())?,
                }
                for row in &rows {
                    writeln!(out, "\n{} ({})", row["resource"].as_str().unwrap_or_default(), row["kind"].as_str().unwrap_or_default())?;
                    if let Some(e) = row.get("unreadable") {
                        writeln!(
                            out,
                            "  {}: {}",
                            lang.pick("policy not readable", "ポリシーを読めません"),
                            e.as_str().unwrap_or_default()
                        )?;
                    }
                    for g in row["grants"].as_array().map(Vec::as_slice).unwrap_or_default() {
                        let reach = match (g["reach"].as_str().unwrap_or_default(), lang) {
                            ("public", Lang::En) => "PUBLIC",
                            ("public", Lang::Ja) => "公開",
                            ("cross-account", Lang::En) => "other accounts",
                            ("cross-account", Lang::Ja) => "他のアカウント",
                            (_, Lang::En) => "restricted",
                            (_, Lang::Ja) => "条件で限定",
                        };
                        writeln!(
                            out,
                            "  {:<16} {} {}  {}",
                            reach,
                            g["statement"].as_str().unwrap_or_default(),
                            join(&g["actions"]),
                            join(&g["detail"])
                        )?;
                    }
                }
            }
            Ok(ExitCode::SUCCESS)
        }
        IamCommand::Escalation(a) => {
            let snapshot = load(&a.input, lang)?;
            let model = Model::build(&snapshot);
            let graph = Graph::build(&model);
            let mut rows = Vec::new();
            for (i, e) in model.entities.iter().enumerate() {
                if let Some(steps) = graph.path(&model, i) {
                    let steps: Vec<Value> =
                        steps.iter().map(|s| json!({"from": s.from, "method": s.method, "via": s.via, "to": s.to})).collect();
                    rows.push(json!({"principal": e.arn, "steps": steps}));
                }
            }
            let admins: Vec<&str> = model
                .entities
                .iter()
                .enumerate()
                .filter(|(i, _)| graph.admin.get(*i).copied().unwrap_or(false))
                .map(|(_, e)| e.arn.as_str())
                .collect();
            let mut out = std::io::stdout().lock();
            if a.input.format == "json" {
                serde_json::to_writer_pretty(&mut out, &json!({"admins": admins, "escalations": rows}))?;
                writeln!(out)?;
            } else {
                match lang {
                    Lang::En => writeln!(out, "{} admin principal(s); {} other principal(s) can become admin:", admins.len(), rows.len())?,
                    Lang::Ja => writeln!(out, "管理者 {} 件。管理者になれる他のプリンシパル: {} 件", admins.len(), rows.len())?,
                }
                for row in &rows {
                    writeln!(out, "\n{}", row["principal"].as_str().unwrap_or_default())?;
                    for s in row["steps"].as_array().map(Vec::as_slice).unwrap_or_default() {
                        writeln!(
                            out,
                            "  --{}({})--> {}",
                            s["method"].as_str().unwrap_or_default(),
                            s["via"].as_str().unwrap_or_default(),
                            s["to"].as_str().unwrap_or_default()
                        )?;
                    }
                }
            }
            Ok(ExitCode::SUCCESS)
        }
    }
}

fn join(v: &Value) -> String {
    v.as_array().map(|l| l.iter().filter_map(Value::as_str).collect::<Vec<_>>().join(", ")).unwrap_or_default()
}

fn kind_name(k: ResourceType) -> &'static str {
    match k {
        ResourceType::Bucket => "s3-bucket",
        ResourceType::KmsKey => "kms-key",
        ResourceType::GlacierVault => "glacier-vault",
        ResourceType::Role => "iam-role-trust",
    }
}

fn context(pairs: &[String], lang: Lang) -> anyhow::Result<Context> {
    Context::parse_pairs(pairs.iter().map(String::as_str)).map_err(|e| {
        anyhow::anyhow!("{}", lang.pick(&format!("--context: {e}"), &format!("--context: `KEY=VALUE` の形式で指定してください（{e}）")))
    })
}

fn unknown_principal(e: mamori_iam::query::QueryError, lang: Lang) -> anyhow::Error {
    let en = e.to_string();
    let ja = match &e {
        mamori_iam::query::QueryError::UnknownPrincipal(p) => format!(
            "スナップショットにプリンシパル `{p}` がありません（ユーザーまたはロールの ARN、引き受けたロールの ARN、匿名は `*`、またはサービス名を指定してください）"
        ),
    };
    anyhow::anyhow!("{}", lang.pick(&en, &ja))
}

fn decision_text(d: Decision, lang: Lang) -> &'static str {
    match d {
        Decision::Allow => lang.pick("ALLOWED", "許可"),
        Decision::ImplicitDeny => lang.pick("DENIED (implicitly: nothing allows it)", "拒否（暗黙: 許可するポリシーがない）"),
        Decision::ExplicitDeny => lang.pick("DENIED (explicitly)", "拒否（明示的な Deny）"),
    }
}

fn statements(a: &Answer) -> Vec<Value> {
    a.statements
        .iter()
        .map(|r| json!({"source": r.source.as_str(), "policy": r.policy, "statement": r.sid.clone().filter(|s| !s.is_empty()).unwrap_or_else(|| format!("#{}", r.index)), "effect": r.effect.as_str()}))
        .collect()
}

fn explain(out: &mut impl Write, a: &Answer, lang: Lang) -> std::io::Result<()> {
    let head = match a.decision {
        Decision::Allow => lang.pick("allowed by", "許可したステートメント"),
        Decision::ExplicitDeny => lang.pick("denied by", "拒否したステートメント"),
        Decision::ImplicitDeny => lang.pick("matched, but not enough", "一致したが不十分なステートメント"),
    };
    if !a.statements.is_empty() {
        writeln!(out, "  {head}:")?;
        for r in &a.statements {
            writeln!(out, "    {}", r.label())?;
        }
    }
    if let Some(m) = a.missing {
        writeln!(out, "  {}: {}", lang.pick("because", "理由"), lang.pick(m.describe(), m.describe_ja()))?;
    }
    Ok(())
}

fn read_input(path: &std::path::Path, lang: Lang) -> anyhow::Result<String> {
    let mut text = String::new();
    if path.as_os_str() == "-" {
        std::io::stdin().lock().read_to_string(&mut text)?;
        return Ok(text);
    }
    std::fs::read_to_string(path).map_err(|e| {
        anyhow::anyhow!(
            "{}",
            match lang {
                Lang::En => format!("cannot read `{}`: {e}", path.display()),
                Lang::Ja => format!("`{}` を読み込めません: {e}", path.display()),
            }
        )
    })
}
