//! IAM engine benchmarks (criterion):
//! - `evaluate/*`: one request against typical policies (an identity set of
//!   five policies with a boundary, a bucket policy, conditions);
//! - `who_can/10k_principals_1k_policies`: every principal of a synthetic
//!   account evaluated for one action on one resource;
//! - `escalation/10k_principals`: the privilege-escalation graph and every
//!   shortest path.
//!
//! Run: `cargo bench -p mamori-iam --bench iam`. Figures: docs/benchmarks.md.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)]

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use mamori_iam::account::Model;
use mamori_iam::escalation::Graph;
use mamori_iam::{evaluate, Attached, Context, Policy, PolicySet, Principal, Request};
use mamori_model::iam::{AttachedPolicy, Group, ManagedPolicy, PolicyVersion, Role, User};
use mamori_model::{Account, Snapshot, Source, Time};
use serde_json::{json, Value};

const ACCOUNT: &str = "111122223333";

fn typical_identity() -> Vec<Value> {
    vec![
        json!({"Version": "2012-10-17", "Statement": [
            {"Sid": "ReadData", "Effect": "Allow", "Action": ["s3:GetObject", "s3:GetObjectVersion", "s3:ListBucket"], "Resource": ["arn:aws:s3:::data-*", "arn:aws:s3:::data-*/*"]},
            {"Sid": "WriteOwn", "Effect": "Allow", "Action": ["s3:PutObject", "s3:DeleteObject"], "Resource": "arn:aws:s3:::data-*/home/${aws:username}/*"},
            {"Sid": "DenyOtherRegions", "Effect": "Deny", "NotAction": ["iam:*", "sts:*"], "Resource": "*", "Condition": {"StringNotEquals": {"aws:RequestedRegion": ["us-east-1", "ap-northeast-1"]}}}
        ]}),
        json!({"Version": "2012-10-17", "Statement": [
            {"Effect": "Allow", "Action": ["ec2:Describe*", "cloudwatch:Get*", "cloudwatch:List*", "logs:Describe*", "logs:Get*"], "Resource": "*"},
            {"Effect": "Allow", "Action": ["ec2:StartInstances", "ec2:StopInstances"], "Resource": "arn:aws:ec2:*:111122223333:instance/*", "Condition": {"StringEquals": {"aws:ResourceTag/team": "${aws:PrincipalTag/team}"}}}
        ]}),
        json!({"Version": "2012-10-17", "Statement": [
            {"Effect": "Allow", "Action": "kms:Decrypt", "Resource": "arn:aws:kms:us-east-1:111122223333:key/*", "Condition": {"StringLike": {"kms:ViaService": "s3.*.amazonaws.com"}}},
            {"Effect": "Deny", "Action": "s3:*", "Resource": "*", "Condition": {"Bool": {"aws:SecureTransport": "false"}}}
        ]}),
        json!({"Version": "2012-10-17", "Statement": [
            {"Effect": "Allow", "Action": ["dynamodb:GetItem", "dynamodb:Query", "dynamodb:PutItem"], "Resource": "arn:aws:dynamodb:*:111122223333:table/app-*"},
            {"Effect": "Allow", "Action": "sqs:*", "Resource": "arn:aws:sqs:*:111122223333:app-*", "Condition": {"IpAddress": {"aws:SourceIp": ["10.0.0.0/8", "192.0.2.0/24"]}}}
        ]}),
        json!({"Version": "2012-10-17", "Statement": [
            {"Sid": "DenyWithoutMFA", "Effect": "Deny", "Action": ["iam:*", "organizations:*"], "Resource": "*", "Condition": {"BoolIfExists": {"aws:MultiFactorAuthPresent": "false"}}}
        ]}),
    ]
}

fn bench_evaluate(c: &mut Criterion) {
    let identity: Vec<Policy> = typical_identity().iter().map(|d| Policy::parse(d).unwrap()).collect();
    let boundary = Policy::parse(&json!({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ["s3:*", "ec2:*", "kms:*", "dynamodb:*", "sqs:*", "cloudwatch:*", "logs:*"], "Resource": "*"}]})).unwrap();
    let bucket = Policy::parse(&json!({"Version": "2012-10-17", "Statement": [
        {"Sid": "TLSOnly", "Effect": "Deny", "Principal": "*", "Action": "s3:*", "Resource": ["arn:aws:s3:::data-main", "arn:aws:s3:::data-main/*"], "Condition": {"Bool": {"aws:SecureTransport": "false"}}},
        {"Sid": "Partner", "Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::444455556666:root"}, "Action": "s3:GetObject", "Resource": "arn:aws:s3:::data-main/shared/*"}
    ]}))
    .unwrap();
    let mut who = Principal::user(ACCOUNT, "arn:aws:iam::111122223333:user/alice");
    who.has_boundary = true;
    let mut cx = who.context();
    cx.set("aws:RequestedRegion", "us-east-1").set("aws:SecureTransport", "true").set("aws:PrincipalTag/team", "blue");
    let set = PolicySet {
        identity: identity.iter().map(|p| Attached { name: "p", policy: p }).collect(),
        boundary: Some(vec![Attached { name: "b", policy: &boundary }]),
        resource: Some(Attached { name: "bucket", policy: &bucket }),
        ..PolicySet::default()
    };
    let mut g = c.benchmark_group("evaluate");
    g.throughput(Throughput::Elements(1));
    let allowed = Request {
        principal: &who,
        action: "s3:GetObject",
        resource: "arn:aws:s3:::data-main/k/v.json",
        resource_account: Some(ACCOUNT),
        context: &cx,
    };
    assert_eq!(evaluate(&allowed, &set).decision, mamori_iam::Decision::Allow);
    g.bench_function("allow_s3_get_object", |b| b.iter(|| black_box(evaluate(black_box(&allowed), &set))));
    let denied = Request {
        principal: &who,
        action: "iam:CreateUser",
        resource: "arn:aws:iam::111122223333:user/x",
        resource_account: Some(ACCOUNT),
        context: &cx,
    };
    g.bench_function("deny_iam_create_user", |b| b.iter(|| black_box(evaluate(black_box(&denied), &set))));
    let own = Request {
        principal: &who,
        action: "s3:PutObject",
        resource: "arn:aws:s3:::data-main/home/alice/f",
        resource_account: Some(ACCOUNT),
        context: &cx,
    };
    assert_eq!(evaluate(&own, &set).decision, mamori_iam::Decision::Allow);
    g.bench_function("allow_with_variable", |b| b.iter(|| black_box(evaluate(black_box(&own), &set))));
    g.finish();
}

fn doc_value(statements: Vec<Value>) -> Value {
    json!({"Version": "2012-10-17", "Statement": statements})
}

/// A synthetic account: `principals` users and roles (70/30), `policies`
/// customer managed policies, 50 groups; a few principals hold IAM write or
/// PassRole permissions so the escalation graph has edges to follow.
pub fn synthetic(principals: usize, policies: usize) -> Snapshot {
    let arn = |kind: &str, name: &str| format!("arn:aws:iam::{ACCOUNT}:{kind}/{name}");
    let pool: Vec<Vec<Value>> = vec![
        vec![
            json!({"Effect": "Allow", "Action": ["s3:GetObject", "s3:ListBucket"], "Resource": ["arn:aws:s3:::data-*", "arn:aws:s3:::data-*/*"]}),
        ],
        vec![
            json!({"Effect": "Allow", "Action": "ec2:Describe*", "Resource": "*"}),
            json!({"Effect": "Allow", "Action": ["ec2:StartInstances", "ec2:StopInstances"], "Resource": "*", "Condition": {"StringEquals": {"aws:ResourceTag/team": "${aws:PrincipalTag/team}"}}}),
        ],
        vec![json!({"Effect": "Allow", "Action": ["dynamodb:GetItem", "dynamodb:Query"], "Resource": "arn:aws:dynamodb:*:*:table/app-*"})],
        vec![
            json!({"Effect": "Allow", "Action": "logs:*", "Resource": "*"}),
            json!({"Effect": "Deny", "Action": "logs:DeleteLogGroup", "Resource": "*"}),
        ],
        vec![
            json!({"Effect": "Allow", "Action": ["sqs:SendMessage", "sqs:ReceiveMessage"], "Resource": "arn:aws:sqs:*:*:app-*", "Condition": {"IpAddress": {"aws:SourceIp": "10.0.0.0/8"}}}),
        ],
        vec![
            json!({"Effect": "Allow", "Action": "kms:Decrypt", "Resource": "*", "Condition": {"StringLike": {"kms:ViaService": "s3.*.amazonaws.com"}}}),
        ],
        vec![json!({"Effect": "Allow", "Action": ["cloudwatch:PutMetricData", "cloudwatch:GetMetricData"], "Resource": "*"})],
        vec![
            json!({"Effect": "Allow", "Action": ["iam:PassRole"], "Resource": "arn:aws:iam::*:role/app-*", "Condition": {"StringEquals": {"iam:PassedToService": "lambda.amazonaws.com"}}}),
            json!({"Effect": "Allow", "Action": ["lambda:CreateFunction", "lambda:InvokeFunction"], "Resource": "*"}),
        ],
    ];
    let mut managed = Vec::new();
    for i in 0..policies {
        let mut st = pool[i % pool.len()].clone();
        // Vary the documents so they are not all alike.
        st.push(json!({"Effect": "Allow", "Action": "s3:GetObject", "Resource": format!("arn:aws:s3:::bucket-{i}/*")}));
        // One policy in 200 can write policy versions: escalation edges.
        if i % 200 == 7 {
            st.push(json!({"Effect": "Allow", "Action": ["iam:CreatePolicyVersion", "iam:CreateAccessKey"], "Resource": "*"}));
        }
        let a = format!("arn:aws:iam::{ACCOUNT}:policy/p{i}");
        managed.push(ManagedPolicy {
            policy_name: format!("p{i}"),
            arn: a,
            default_version_id: "v1".into(),
            policy_version_list: vec![PolicyVersion {
                version_id: "v1".into(),
                is_default_version: true,
                document: doc_value(st),
                ..Default::default()
            }],
            ..Default::default()
        });
    }
    managed.push(ManagedPolicy {
        policy_name: "AdministratorAccess".into(),
        arn: "arn:aws:iam::aws:policy/AdministratorAccess".into(),
        default_version_id: "v1".into(),
        policy_version_list: vec![PolicyVersion {
            version_id: "v1".into(),
            is_default_version: true,
            document: doc_value(vec![json!({"Effect": "Allow", "Action": "*", "Resource": "*"})]),
            ..Default::default()
        }],
        ..Default::default()
    });
    let attach = |i: usize| AttachedPolicy {
        policy_name: format!("p{}", i % policies),
        policy_arn: format!("arn:aws:iam::{ACCOUNT}:policy/p{}", i % policies),
    };
    let groups: Vec<Group> = (0..50)
        .map(|g| Group {
            group_name: format!("g{g}"),
            arn: arn("group", &format!("g{g}")),
            attached_policies: vec![attach(g * 7), attach(g * 7 + 3)],
            ..Default::default()
        })
        .collect();
    let users_n = principals * 7 / 10;
    let users: Vec<User> = (0..users_n)
        .map(|u| {
            let mut attached = vec![attach(u * 13), attach(u * 13 + 5)];
            if u % 1000 == 0 {
                attached.push(AttachedPolicy {
                    policy_name: "AdministratorAccess".into(),
                    policy_arn: "arn:aws:iam::aws:policy/AdministratorAccess".into(),
                });
            }
            User {
                user_name: format!("u{u}"),
                arn: arn("user", &format!("u{u}")),
                attached_policies: attached,
                groups: vec![format!("g{}", u % 50)],
                tags: vec![mamori_model::Tag { key: "team".into(), value: format!("t{}", u % 9) }],
                ..Default::default()
            }
        })
        .collect();
    let roles: Vec<Role> = (0..principals - users_n)
        .map(|r| {
            let trust = if r % 3 == 0 {
                json!({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"}, "Action": "sts:AssumeRole"}]})
            } else {
                json!({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": format!("arn:aws:iam::{ACCOUNT}:root")}, "Action": "sts:AssumeRole"}]})
            };
            let mut attached = vec![attach(r * 17 + 1)];
            if r % 500 == 0 {
                attached.push(AttachedPolicy { policy_name: "AdministratorAccess".into(), policy_arn: "arn:aws:iam::aws:policy/AdministratorAccess".into() });
            }
            Role { role_name: format!("app-{r}"), arn: arn("role", &format!("app-{r}")), assume_role_policy_document: trust, attached_policies: attached, ..Default::default() }
        })
        .collect();
    let mut account = Account { account_id: ACCOUNT.into(), partition: "aws".into(), ..Default::default() };
    account.iam.users = users;
    account.iam.groups = groups;
    account.iam.roles = roles;
    account.iam.policies = managed;
    let mut s = Snapshot::new(Source { kind: "synthetic".into(), ..Default::default() }, Time::parse("2026-01-01T00:00:00Z").unwrap());
    s.accounts.push(account);
    s
}

fn bench_who_can(c: &mut Criterion) {
    let snapshot = synthetic(10_000, 1_000);
    let model = Model::build(&snapshot);
    assert_eq!(model.entities.len(), 10_000);
    let mut g = c.benchmark_group("who_can");
    g.sample_size(10);
    let cx = Context::default();
    let n = mamori_iam::query::who_can(&model, "s3:GetObject", "arn:aws:s3:::data-main/x", &cx).len();
    assert!(n > 100, "{n}");
    g.bench_function("10k_principals_1k_policies", |b| {
        b.iter(|| black_box(mamori_iam::query::who_can(&model, "s3:GetObject", "arn:aws:s3:::data-main/x", &cx).len()))
    });
    g.bench_function("build_model_10k_principals_1k_policies", |b| b.iter(|| black_box(Model::build(&snapshot).entities.len())));
    g.finish();
}

fn bench_escalation(c: &mut Criterion) {
    let snapshot = synthetic(10_000, 1_000);
    let model = Model::build(&snapshot);
    let graph = Graph::build(&model);
    let paths = (0..model.entities.len()).filter(|&i| graph.path(&model, i).is_some()).count();
    assert!(paths > 0, "the synthetic account has escalation paths");
    let mut g = c.benchmark_group("escalation");
    g.sample_size(10);
    g.bench_function("10k_principals", |b| {
        b.iter(|| {
            let graph = Graph::build(&model);
            black_box((0..model.entities.len()).filter(|&i| graph.path(&model, i).is_some()).count())
        })
    });
    g.finish();
}

criterion_group!(benches, bench_evaluate, bench_who_can, bench_escalation);
criterion_main!(benches);
