//! Invariants of the evaluator over generated policies and requests:
//! an added Deny never widens access, an added Allow never narrows it, and a
//! policy decides the same as its wildcard-expanded form.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)]

use mamori_iam::catalog::catalog;
use mamori_iam::{evaluate, Attached, Context, Decision, Policy, PolicySet, Principal, Request, ResourceKind};
use proptest::prelude::*;
use serde_json::{json, Value};

const ACTIONS: &[&str] =
    &["s3:GetObject", "s3:PutObject", "s3:ListBucket", "iam:PassRole", "ec2:RunInstances", "kms:Decrypt", "s3:GetObjectAcl"];
const ACTION_PATTERNS: &[&str] =
    &["*", "s3:*", "s3:Get*", "s3:GetObject", "iam:*", "ec2:Run*", "kms:Decrypt", "s3:?etObject", "s3:*Object*"];
const RESOURCES: &[&str] =
    &["arn:aws:s3:::b/k", "arn:aws:s3:::b", "arn:aws:iam::111122223333:role/r", "arn:aws:kms:us-east-1:111122223333:key/k"];
const RESOURCE_PATTERNS: &[&str] =
    &["*", "arn:aws:s3:::b/*", "arn:aws:s3:::b*", "arn:aws:s3:::b/k", "arn:aws:iam::*:role/r", "arn:aws:kms:*"];
const PRINCIPALS: &[&str] = &[
    "arn:aws:iam::111122223333:user/alice",
    "arn:aws:sts::111122223333:assumed-role/r/s",
    "arn:aws:iam::444455556666:user/bob",
    "anonymous",
];
const PRINCIPAL_ELEMENTS: &[&str] =
    &["*", "arn:aws:iam::111122223333:user/alice", "111122223333", "444455556666", "arn:aws:iam::111122223333:role/r"];

fn condition() -> impl Strategy<Value = Option<Value>> {
    prop_oneof![
        Just(None),
        Just(Some(json!({"StringEquals": {"aws:username": "alice"}}))),
        Just(Some(json!({"Bool": {"aws:SecureTransport": "true"}}))),
        Just(Some(json!({"IpAddress": {"aws:SourceIp": "10.0.0.0/8"}}))),
        Just(Some(json!({"StringNotEquals": {"aws:PrincipalAccount": "111122223333"}}))),
        Just(Some(json!({"StringLikeIfExists": {"s3:prefix": "home/*"}}))),
        Just(Some(json!({"ForAllValues:StringEquals": {"aws:TagKeys": ["a", "b"]}}))),
        Just(Some(json!({"Null": {"aws:SourceIp": "true"}}))),
    ]
}

fn statement(effect: &'static str, with_principal: bool) -> impl Strategy<Value = Value> {
    (
        prop::sample::subsequence(ACTION_PATTERNS, 1..3),
        prop::sample::subsequence(RESOURCE_PATTERNS, 1..3),
        any::<bool>(),
        condition(),
        prop::sample::select(PRINCIPAL_ELEMENTS),
    )
        .prop_map(move |(actions, resources, not_action, cond, principal)| {
            let mut st = json!({"Effect": effect, "Resource": resources});
            st[if not_action && effect == "Deny" { "NotAction" } else { "Action" }] = json!(actions);
            if let Some(c) = cond {
                st["Condition"] = c;
            }
            if with_principal {
                st["Principal"] = if principal == "*" { json!("*") } else { json!({"AWS": principal}) };
            }
            st
        })
}

fn any_statement(with_principal: bool) -> impl Strategy<Value = Value> {
    prop_oneof![statement("Allow", with_principal), statement("Deny", with_principal)]
}

fn doc(statements: Vec<Value>) -> Value {
    json!({"Version": "2012-10-17", "Statement": statements})
}

#[derive(Clone, Debug)]
struct World {
    identity: Vec<Value>,
    boundary: Option<Value>,
    resource: Option<Value>,
    principal: &'static str,
    action: &'static str,
    resource_arn: &'static str,
    kind: ResourceKind,
    context: Vec<(&'static str, &'static str)>,
}

fn world() -> impl Strategy<Value = World> {
    (
        prop::collection::vec(prop::collection::vec(any_statement(false), 1..4).prop_map(doc), 0..3),
        prop::option::of(prop::collection::vec(any_statement(false), 1..3).prop_map(doc)),
        prop::option::of(prop::collection::vec(any_statement(true), 1..4).prop_map(doc)),
        prop::sample::select(PRINCIPALS),
        prop::sample::select(ACTIONS),
        prop::sample::select(RESOURCES),
        prop::sample::select(&[ResourceKind::Ordinary, ResourceKind::KmsKey][..]),
        prop::sample::subsequence(
            &[("aws:SecureTransport", "true"), ("aws:SourceIp", "10.1.2.3"), ("s3:prefix", "home/x"), ("aws:TagKeys", "a")][..],
            0..4,
        ),
    )
        .prop_map(|(identity, boundary, resource, principal, action, resource_arn, kind, context)| World {
            identity,
            boundary,
            resource,
            principal,
            action,
            resource_arn,
            kind,
            context,
        })
}

fn decide(w: &World) -> Decision {
    let identity: Vec<Policy> = w.identity.iter().map(|d| Policy::parse(d).unwrap()).collect();
    let boundary: Option<Policy> = w.boundary.as_ref().map(|d| Policy::parse(d).unwrap());
    let resource: Option<Policy> = w.resource.as_ref().map(|d| Policy::parse(d).unwrap());
    let mut who = Principal::from_arn(w.principal).unwrap();
    who.has_boundary = boundary.is_some();
    let mut cx = who.context();
    for (k, v) in &w.context {
        cx.set(k, *v);
    }
    let set = PolicySet {
        identity: identity.iter().map(|p| Attached { name: "i", policy: p }).collect(),
        boundary: boundary.as_ref().map(|p| vec![Attached { name: "b", policy: p }]),
        resource: resource.as_ref().map(|p| Attached { name: "r", policy: p }),
        resource_kind: w.kind,
        ..PolicySet::default()
    };
    let req = Request { principal: &who, action: w.action, resource: w.resource_arn, resource_account: Some("111122223333"), context: &cx };
    evaluate(&req, &set).decision
}

fn rank(d: Decision) -> u8 {
    match d {
        Decision::ExplicitDeny => 0,
        Decision::ImplicitDeny => 1,
        Decision::Allow => 2,
    }
}

/// Adds `st` to the identity list (as a new policy or into one), the
/// boundary or the resource policy, whichever `slot` picks and exists.
fn with_statement(w: &World, st: Value, slot: usize) -> World {
    let mut w = w.clone();
    let push = |d: &mut Value| d["Statement"].as_array_mut().unwrap().push(st.clone());
    match slot % 4 {
        0 => w.identity.push(doc(vec![st.clone()])),
        1 if !w.identity.is_empty() => push(&mut w.identity[0]),
        2 if w.boundary.is_some() => push(w.boundary.as_mut().unwrap()),
        3 if w.resource.is_some() => push(w.resource.as_mut().unwrap()),
        _ => w.identity.push(doc(vec![st.clone()])),
    }
    w
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn an_added_deny_never_widens(w in world(), st in statement("Deny", true), slot in 0usize..4) {
        let before = decide(&w);
        let mut st = st;
        if slot % 4 != 3 {
            st.as_object_mut().unwrap().remove("Principal");
        }
        let after = decide(&with_statement(&w, st, slot));
        prop_assert!(rank(after) <= rank(before), "{before:?} became {after:?}");
    }

    #[test]
    fn an_added_allow_never_narrows(w in world(), st in statement("Allow", true), slot in 0usize..4) {
        let before = decide(&w);
        let mut st = st;
        if slot % 4 != 3 {
            st.as_object_mut().unwrap().remove("Principal");
        }
        let after = decide(&with_statement(&w, st, slot));
        prop_assert!(rank(after) >= rank(before), "{before:?} became {after:?}");
    }

    #[test]
    fn wildcard_expansion_decides_the_same(
        pattern in prop::sample::select(&["s3:Get*", "s3:*Object", "iam:*Policy*", "ec2:Describe*", "kms:?ncrypt", "sts:Assume*"][..]),
        pick in any::<prop::sample::Index>(),
        effect in prop::sample::select(&["Allow", "Deny"][..]),
        cond in condition(),
    ) {
        let cat = catalog().unwrap();
        let expanded: Vec<String> = cat.expand(pattern).iter().map(|a| a.full.clone()).collect();
        prop_assert!(!expanded.is_empty());
        let (svc, _) = pattern.split_once(':').unwrap();
        let service_actions: Vec<String> = cat.service(svc).unwrap().actions.iter().map(|a| a.full.clone()).collect();
        let action = pick.get(&service_actions).clone();
        let make = |actions: Value| {
            let mut st = json!({"Effect": effect, "Action": actions, "Resource": "*"});
            if let Some(c) = &cond { st["Condition"] = c.clone(); }
            let allow_all = json!({"Effect": "Allow", "Action": "*", "Resource": "*"});
            let statements = if effect == "Deny" { vec![allow_all, st] } else { vec![st] };
            Policy::parse(&doc(statements)).unwrap()
        };
        let short = make(json!(pattern));
        let long = make(json!(expanded));
        let who = Principal::from_arn("arn:aws:iam::111122223333:user/alice").unwrap();
        let mut cx = who.context();
        cx.set("aws:SecureTransport", "true");
        let run = |p: &Policy| {
            let set = PolicySet { identity: vec![Attached { name: "p", policy: p }], ..PolicySet::default() };
            evaluate(&Request { principal: &who, action: &action, resource: "*", resource_account: None, context: &cx }, &set).decision
        };
        prop_assert_eq!(run(&short), run(&long), "{} on {}", pattern, action);
    }
}

#[test]
fn context_keys_are_case_insensitive() {
    let mut cx = Context::new();
    cx.set("AWS:SourceIP", "10.0.0.1");
    assert_eq!(cx.single("aws:sourceip"), Some("10.0.0.1"));
}
