//! Test events for a Sigma rule: one the rule should fire on, and near
//! misses (one field changed) it should not. `mamori logs sigma-check` uses
//! them to show that each loaded rule can fire and is not trivially true;
//! the test suite uses them on SigmaHQ's whole CloudTrail folder.
//!
//! Values are built from the rule's own patterns (wildcards filled, ASCII
//! letters upper-cased to exercise case-insensitive matching); regular
//! expressions cannot be inverted in general, so a rule whose positive case
//! needs one takes samples from the caller.

use serde::de::DeserializeSeed;
use serde_json::{Map, Value};

use crate::event::{EventSeed, Fields};
use crate::sigma::{Cond, Glob, NumOp, Piece, Rule, Selection, Shape, Test, ValueSet};

/// A rule's synthetic cases.
#[derive(Debug, Clone)]
pub struct Cases {
    pub hit: Value,
    /// Events equal to `hit` but for one field; the rule must not fire on them.
    pub near_misses: Vec<(String, Value)>,
}

/// Whether `rule` fires on the JSON event `e`.
pub fn fires(rule: &Rule, fields: &Fields, e: &Value) -> bool {
    let text = e.to_string();
    let mut de = serde_json::Deserializer::from_str(&text);
    match EventSeed::new(fields).deserialize(&mut de) {
        Ok(Some(ev)) => rule.matches(fields, &ev),
        _ => false,
    }
}

type Fragment = Vec<(String, Option<Value>)>;

/// Builds cases for `rule`; `re_samples` supplies strings for fields tested
/// with regular expressions (`field → sample`).
pub fn cases(rule: &Rule, fields: &Fields, re_samples: &[(&str, &str)]) -> Option<Cases> {
    let n = rule.selections.len();
    if n > 12 {
        return None;
    }
    for mask in 0u32..(1 << n) {
        let truth = |i: usize| mask & (1 << i) != 0;
        if !eval(&rule.condition, &truth) {
            continue;
        }
        let mut set: Fragment = Vec::new();
        let mut ok = true;
        for (i, (_, sel)) in rule.selections.iter().enumerate() {
            if truth(i) {
                match positive(sel, fields, re_samples) {
                    Some(frag) => merge(&mut set, frag),
                    None => ok = false,
                }
            }
        }
        if !ok {
            continue;
        }
        let fixed: Vec<String> = set.iter().map(|(p, _)| p.clone()).collect();
        for (i, (_, sel)) in rule.selections.iter().enumerate() {
            if !truth(i) {
                merge(&mut set, negative(sel, fields, &fixed));
            }
        }
        let hit = build(&set);
        if !fires(rule, fields, &hit) {
            continue;
        }
        let mut near_misses = Vec::new();
        for (path, v) in &set {
            if v.is_none() {
                continue;
            }
            for replacement in [Some(Value::String("mamori-near-miss".into())), None] {
                let mut changed = set.clone();
                if let Some(slot) = changed.iter_mut().find(|(p, _)| p == path) {
                    slot.1 = replacement.clone();
                }
                let e = build(&changed);
                if !fires(rule, fields, &e) {
                    near_misses.push((path.clone(), e));
                    break;
                }
            }
        }
        return Some(Cases { hit, near_misses });
    }
    None
}

fn eval(c: &Cond, truth: &dyn Fn(usize) -> bool) -> bool {
    match c {
        Cond::Sel(i) => truth(*i),
        Cond::And(items) => items.iter().all(|c| eval(c, truth)),
        Cond::Or(items) => items.iter().any(|c| eval(c, truth)),
        Cond::Not(c) => !eval(c, truth),
        Cond::AnyOf(ids) => ids.iter().any(|i| truth(*i)),
        Cond::AllOf(ids) => ids.iter().all(|i| truth(*i)),
    }
}

fn merge(set: &mut Fragment, frag: Fragment) {
    for (p, v) in frag {
        if !set.iter().any(|(q, _)| *q == p) {
            set.push((p, v));
        }
    }
}

fn positive(sel: &Selection, fields: &Fields, re: &[(&str, &str)]) -> Option<Fragment> {
    match sel {
        Selection::Maps(maps) => {
            let map = maps.first()?;
            let mut frag = Vec::new();
            for m in map {
                let path = fields.path(m.field).to_string();
                let v = sample(&m.values, &path, fields, re, &mut frag)?;
                frag.push((path, v));
            }
            Some(frag)
        }
        Selection::Keywords(values) => {
            let v = sample(values, "", fields, re, &mut Vec::new())?;
            Some(vec![("mamoriKeyword".into(), v)])
        }
    }
}

/// A value satisfying `values` (all of them with `|all`).
fn sample(values: &ValueSet, path: &str, fields: &Fields, re: &[(&str, &str)], extra: &mut Fragment) -> Option<Option<Value>> {
    if values.all {
        let mut text = String::new();
        for t in &values.tests {
            match one(t, path, fields, re, extra)? {
                Some(Value::String(s)) => {
                    text.push_str(&s);
                    text.push(' ');
                }
                _ => return None,
            }
        }
        return Some(Some(Value::String(text)));
    }
    values.tests.iter().find_map(|t| one(t, path, fields, re, extra))
}

fn one(t: &Test, path: &str, fields: &Fields, re: &[(&str, &str)], extra: &mut Fragment) -> Option<Option<Value>> {
    Some(match t {
        Test::Null => None,
        Test::Exists(true) => Some(Value::String("present".into())),
        Test::Exists(false) => None,
        Test::Str { pat, cased } => Some(Value::String(render(pat, !cased))),
        Test::Re(_) => Some(Value::String(re.iter().find(|(p, _)| *p == path)?.1.to_string())),
        Test::Cidr(c) => Some(Value::String(c.addr.to_string())),
        Test::Num { op, value } => {
            let v = match op {
                NumOp::Gt => value + 1.0,
                NumOp::Lt => value - 1.0,
                NumOp::Gte | NumOp::Lte => *value,
            };
            Some(serde_json::Number::from_f64(v).map_or(Value::Null, Value::Number))
        }
        Test::FieldRef { other, shape, .. } => {
            let target = "RefValue";
            extra.push((fields.path(*other).to_string(), Some(Value::String(target.into()))));
            Some(Value::String(match shape {
                Shape::Exact => target.into(),
                Shape::Contains => format!("x-{target}-y"),
                Shape::StartsWith => format!("{target}-y"),
                Shape::EndsWith => format!("x-{target}"),
            }))
        }
    })
}

/// Text matching a glob: wildcards filled, letters upper-cased when case is ignored.
fn render(g: &Glob, flip: bool) -> String {
    let mut s = String::new();
    for p in &g.pieces {
        match p {
            Piece::Lit(l) => s.push_str(&if flip && l.is_ascii() { l.to_ascii_uppercase() } else { l.clone() }),
            Piece::Star => s.push_str("Fill"),
            Piece::One => s.push('q'),
        }
    }
    s
}

/// Changes one field (not already fixed) so that `sel` cannot hold.
fn negative(sel: &Selection, fields: &Fields, fixed: &[String]) -> Fragment {
    let Selection::Maps(maps) = sel else { return Vec::new() };
    let mut frag = Vec::new();
    for map in maps {
        let Some(m) = map.iter().find(|m| !fixed.iter().any(|p| p == fields.path(m.field))) else { continue };
        let path = fields.path(m.field).to_string();
        // A missing field fails every test but null and `exists: false`; a
        // value unlike any pattern fails those two.
        let wants_absent = m.values.tests.iter().any(|t| matches!(t, Test::Null | Test::Exists(false)));
        let v = wants_absent.then(|| Value::String("mamori-other".into()));
        frag.push((path, v));
    }
    frag
}

/// A nested JSON event from dotted paths.
fn build(set: &Fragment) -> Value {
    let mut root = Value::Object(Map::new());
    for (path, v) in set {
        let Some(v) = v else { continue };
        let parts: Vec<&str> = path.split('.').collect();
        put(&mut root, &parts, v.clone());
    }
    root
}

fn put(node: &mut Value, parts: &[&str], v: Value) {
    let Some((first, rest)) = parts.split_first() else { return };
    if !node.is_object() {
        *node = Value::Object(Map::new());
    }
    let Value::Object(map) = node else { return };
    if rest.is_empty() {
        map.insert(first.to_string(), v);
        return;
    }
    let child = map.entry(first.to_string()).or_insert_with(|| Value::Object(Map::new()));
    put(child, rest, v);
}
