//! Privilege escalation: a graph over users and roles whose edges are the
//! ways one principal can act as another or make itself admin, and the
//! shortest path from every principal to admin.
//!
//! Edges (each decided by the evaluator on the real target ARNs):
//! - Rhino Security Labs' methods: `iam:CreatePolicyVersion`,
//!   `iam:SetDefaultPolicyVersion` on a policy the principal has;
//!   `iam:Attach{User,Group,Role}Policy` and `iam:Put{User,Group,Role}Policy`
//!   on itself or its groups; `iam:AddUserToGroup` into an admin group;
//!   `iam:CreateAccessKey`, `iam:CreateLoginProfile`, `iam:UpdateLoginProfile`
//!   on another user; `iam:UpdateAssumeRolePolicy` on a role; `iam:PassRole`
//!   of a role the service trusts with `ec2:RunInstances`, Lambda
//!   (`CreateFunction` with `InvokeFunction` or `CreateEventSourceMapping`),
//!   `glue:CreateDevEndpoint`, `cloudformation:CreateStack`, Data Pipeline,
//!   SageMaker notebooks, `codestar:CreateProject`;
//! - PMapper's: `sts:AssumeRole` (trust policy and identity policy), CodeBuild
//!   projects, Auto Scaling launch configurations, and `ssm:SendCommand` /
//!   `ssm:StartSession` on an instance that carries a role.
//!
//! Admin: the evaluator allows an arbitrary action on `*` and IAM's
//! policy-writing actions. Methods that need an existing Lambda function,
//! Glue endpoint or SageMaker notebook are not modelled (the snapshot does
//! not list those resources).

use crate::account::{Entity, EntityKind, Model, PolicyKind};
use crate::context::Context;
use crate::eval::Decision;
use crate::policy::Effect;

/// One way to move.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Edge {
    /// `None`: the move makes the principal itself admin.
    pub to: Option<usize>,
    /// The method (`iam:CreatePolicyVersion`, `iam:PassRole+ec2:RunInstances`, ...).
    pub method: &'static str,
    /// The resource the method acts on; `None` when it is the target itself.
    pub via: Option<String>,
}

/// One step of a path.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Step {
    pub from: String,
    pub method: &'static str,
    pub via: String,
    /// The principal reached, or `admin`.
    pub to: String,
}

/// The graph and its answers.
#[derive(Debug)]
pub struct Graph {
    /// Per entity: whether it is admin.
    pub admin: Vec<bool>,
    pub edges: Vec<Vec<Edge>>,
    /// Per entity: the next edge on a shortest path to admin.
    next: Vec<Option<usize>>,
    dist: Vec<Option<usize>>,
}

/// An action probe no policy names: only `*`-like patterns allow it.
const ANY_ACTION: &str = "mamori:AnyAction";

fn allows(model: &Model, e: &Entity, action: &str, resource: &str, cx: &Context) -> bool {
    model.evaluate_entity(e, action, resource, cx).decision == Decision::Allow
}

/// Whether any identity `Allow` statement of `e` names `action` (a cheap
/// filter before evaluating on each target).
fn mentions(model: &Model, e: &Entity, action: &str) -> bool {
    let lower = action.to_ascii_lowercase();
    let cx = Context::default();
    e.identity.iter().filter_map(|&i| model.policy(i)).filter_map(|p| p.policy.as_ref()).any(|p| {
        p.statements.iter().any(|st| {
            st.effect == Effect::Allow
                && st.action.as_ref().is_some_and(|a| a.patterns.iter().any(|pat| pat.is_any() || pat.matches(&lower, &cx)) != a.negated)
        })
    })
}

pub fn is_admin(model: &Model, e: &Entity) -> bool {
    is_admin_with(model, e, &Context::default())
}

/// Admin under the given request context (e.g. with MFA present).
pub fn is_admin_with(model: &Model, e: &Entity, cx: &Context) -> bool {
    allows(model, e, ANY_ACTION, "*", cx)
        && allows(model, e, "iam:PutRolePolicy", "*", cx)
        && allows(model, e, "iam:AttachUserPolicy", "*", cx)
}

/// Services whose `PassRole` methods give the caller a role's permissions:
/// (method name, trusted service, the actions needed besides `iam:PassRole`,
/// whether the role needs an instance profile).
const PASS_ROLE: &[(&str, &str, &[&str], bool)] = &[
    ("iam:PassRole+ec2:RunInstances", "ec2.amazonaws.com", &["ec2:RunInstances"], true),
    (
        "iam:PassRole+lambda:CreateFunction+lambda:InvokeFunction",
        "lambda.amazonaws.com",
        &["lambda:CreateFunction", "lambda:InvokeFunction"],
        false,
    ),
    (
        "iam:PassRole+lambda:CreateFunction+lambda:CreateEventSourceMapping",
        "lambda.amazonaws.com",
        &["lambda:CreateFunction", "lambda:CreateEventSourceMapping"],
        false,
    ),
    ("iam:PassRole+glue:CreateDevEndpoint", "glue.amazonaws.com", &["glue:CreateDevEndpoint"], false),
    ("iam:PassRole+cloudformation:CreateStack", "cloudformation.amazonaws.com", &["cloudformation:CreateStack"], false),
    (
        "iam:PassRole+datapipeline:CreatePipeline",
        "datapipeline.amazonaws.com",
        &["datapipeline:CreatePipeline", "datapipeline:PutPipelineDefinition"],
        false,
    ),
    (
        "iam:PassRole+sagemaker:CreateNotebookInstance",
        "sagemaker.amazonaws.com",
        &["sagemaker:CreateNotebookInstance", "sagemaker:CreatePresignedNotebookInstanceUrl"],
        false,
    ),
    ("iam:PassRole+codestar:CreateProject", "codestar.amazonaws.com", &["codestar:CreateProject"], false),
    ("iam:PassRole+codebuild:CreateProject", "codebuild.amazonaws.com", &["codebuild:CreateProject", "codebuild:StartBuild"], false),
    (
        "iam:PassRole+autoscaling:CreateLaunchConfiguration",
        "ec2.amazonaws.com",
        &["autoscaling:CreateLaunchConfiguration", "autoscaling:CreateAutoScalingGroup"],
        true,
    ),
];

impl Graph {
    pub fn build(model: &Model) -> Graph {
        let n = model.entities.len();
        let admin: Vec<bool> = model.entities.iter().map(|e| is_admin(model, e)).collect();
        let mut edges: Vec<Vec<Edge>> = vec![Vec::new(); n];
        let admin_groups: Vec<&crate::account::GroupEntry> = model
            .groups
            .iter()
            .filter(|g| {
                g.policies
                    .iter()
                    .filter_map(|&i| model.policy(i))
                    .filter_map(|p| p.policy.as_ref())
                    .any(|p| p.statements.iter().any(crate::policy::Statement::grants_everything))
            })
            .collect();
        // Roles a service trusts, per service.
        let service_roles = |service: &str| -> Vec<usize> {
            let p = crate::principal::Principal::service(service);
            let cx = p.context();
            model
                .entities
                .iter()
                .enumerate()
                .filter(|(_, e)| e.kind == EntityKind::Role)
                .filter(|(_, e)| model.evaluate_with(&p, None, "sts:AssumeRole", &e.arn, &cx).decision == Decision::Allow)
                .map(|(i, _)| i)
                .collect()
        };
        let mut trusted_by: std::collections::HashMap<&str, Vec<usize>> = std::collections::HashMap::new();
        for (_, svc, _, _) in PASS_ROLE {
            trusted_by.entry(svc).or_insert_with(|| service_roles(svc));
        }
        // Roles whose trust policy names a principal directly (by ARN), and
        // roles that trust everyone: the only roles a principal without any
        // sts:AssumeRole permission of its own may still assume.
        let mut named_in_trust: std::collections::HashMap<&str, Vec<usize>> = std::collections::HashMap::new();
        let mut trust_anyone: Vec<usize> = Vec::new();
        let mut roles: Vec<usize> = Vec::new();
        for (j, r) in model.entities.iter().enumerate().filter(|(_, r)| r.kind == EntityKind::Role) {
            roles.push(j);
            let Some(p) = r.trust.and_then(|t| model.policy(t)).and_then(|p| p.policy.as_ref()) else { continue };
            for st in p.statements.iter().filter(|st| st.effect == Effect::Allow) {
                let Some(pr) = &st.principal else { continue };
                if pr.any || pr.negated {
                    trust_anyone.push(j);
                }
                for x in &pr.entries {
                    named_in_trust.entry(x.value.as_str()).or_default().push(j);
                }
            }
        }
        trust_anyone.sort_unstable();
        trust_anyone.dedup();

        for (i, e) in model.entities.iter().enumerate() {
            if admin.get(i).copied().unwrap_or(false) {
                continue;
            }
            let cx = Context::default();
            let Some(out) = edges.get_mut(i) else { continue };
            let m = |action: &str| mentions(model, e, action);
            // Policies it has: make a new default version, or switch to an old one.
            let (cpv, sdpv) = (m("iam:CreatePolicyVersion"), m("iam:SetDefaultPolicyVersion"));
            if cpv || sdpv {
                for &pi in &e.identity {
                    let Some(p) = model.policy(pi) else { continue };
                    if p.kind != PolicyKind::CustomerManaged {
                        continue;
                    }
                    if cpv && allows(model, e, "iam:CreatePolicyVersion", &p.name, &cx) {
                        out.push(Edge { to: None, method: "iam:CreatePolicyVersion", via: Some(p.name.clone()) });
                    }
                    if sdpv && p.versions > 1 && allows(model, e, "iam:SetDefaultPolicyVersion", &p.name, &cx) {
                        out.push(Edge { to: None, method: "iam:SetDefaultPolicyVersion", via: Some(p.name.clone()) });
                    }
                }
            }
            // Write its own permissions.
            let (attach, put) = match e.kind {
                EntityKind::User => ("iam:AttachUserPolicy", "iam:PutUserPolicy"),
                EntityKind::Role => ("iam:AttachRolePolicy", "iam:PutRolePolicy"),
            };
            for method in [attach, put] {
                if m(method) && allows(model, e, method, &e.arn, &cx) {
                    out.push(Edge { to: None, method, via: Some(e.arn.clone()) });
                }
            }
            for method in ["iam:AttachGroupPolicy", "iam:PutGroupPolicy"] {
                if !e.group_arns.is_empty() && m(method) {
                    for g in &e.group_arns {
                        if allows(model, e, method, g, &cx) {
                            out.push(Edge { to: None, method, via: Some(g.clone()) });
                        }
                    }
                }
            }
            if e.kind == EntityKind::User && m("iam:AddUserToGroup") {
                for g in admin_groups.iter().filter(|g| g.account == e.account && !e.group_arns.contains(&g.arn)) {
                    if allows(model, e, "iam:AddUserToGroup", &g.arn, &cx) {
                        out.push(Edge { to: None, method: "iam:AddUserToGroup", via: Some(g.arn.clone()) });
                    }
                }
            }
            // Become another user.
            for method in ["iam:CreateAccessKey", "iam:CreateLoginProfile", "iam:UpdateLoginProfile"] {
                if !m(method) {
                    continue;
                }
                for (j, u) in model.entities.iter().enumerate() {
                    if j == i || u.kind != EntityKind::User || u.account != e.account {
                        continue;
                    }
                    let applies = match method {
                        "iam:CreateLoginProfile" => u.has_login_profile != Some(true),
                        "iam:UpdateLoginProfile" => u.has_login_profile != Some(false),
                        _ => true,
                    };
                    if applies && allows(model, e, method, &u.arn, &cx) {
                        out.push(Edge { to: Some(j), method, via: None });
                    }
                }
            }
            // Become a role: assume it (any role when its own policies name
            // sts:AssumeRole, otherwise only roles whose trust names it or
            // everyone), or rewrite its trust policy.
            let may_assume = m("sts:AssumeRole");
            let may_rewrite = m("iam:UpdateAssumeRolePolicy");
            let mut candidates: Vec<usize> = if may_assume || may_rewrite {
                roles.clone()
            } else {
                let mut c: Vec<usize> = trust_anyone.clone();
                c.extend(named_in_trust.get(e.arn.as_str()).map(Vec::as_slice).unwrap_or_default());
                c.extend(named_in_trust.get(e.principal.arn.as_str()).map(Vec::as_slice).unwrap_or_default());
                c.sort_unstable();
                c.dedup();
                c
            };
            candidates.retain(|&j| j != i);
            for j in candidates {
                let Some(r) = model.entities.get(j) else { continue };
                if allows(model, e, "sts:AssumeRole", &r.arn, &cx) {
                    out.push(Edge { to: Some(j), method: "sts:AssumeRole", via: None });
                } else if may_rewrite && r.account == e.account && allows(model, e, "iam:UpdateAssumeRolePolicy", &r.arn, &cx) {
                    out.push(Edge { to: Some(j), method: "iam:UpdateAssumeRolePolicy", via: None });
                }
            }
            // Hand a role to a service that runs the caller's code.
            if m("iam:PassRole") {
                for (method, service, actions, needs_profile) in PASS_ROLE {
                    if !actions.iter().all(|a| m(a) && allows(model, e, a, "*", &cx)) {
                        continue;
                    }
                    let mut pass_cx = e.context.clone();
                    pass_cx.set("iam:PassedToService", *service);
                    for &j in trusted_by.get(service).map(Vec::as_slice).unwrap_or_default() {
                        let Some(r) = model.entities.get(j) else { continue };
                        if j == i || r.account != e.account || (*needs_profile && r.instance_profiles.is_empty()) {
                            continue;
                        }
                        if model.evaluate_with(&e.principal, Some(e), "iam:PassRole", &r.arn, &pass_cx).decision == Decision::Allow {
                            out.push(Edge { to: Some(j), method, via: None });
                        }
                    }
                }
            }
            // Run commands on an instance that carries a role.
            for method in ["ssm:SendCommand", "ssm:StartSession"] {
                if model.instances.is_empty() || !m(method) {
                    continue;
                }
                for (instance, j) in &model.instances {
                    if *j != i && allows(model, e, method, instance, &cx) {
                        out.push(Edge { to: Some(*j), method, via: Some(instance.clone()) });
                    }
                }
            }
            out.sort_by(|a, b| (a.method, &a.via, a.to).cmp(&(b.method, &b.via, b.to)));
            out.dedup();
        }

        // Shortest paths to admin, breadth-first from the admins backwards,
        // level by level: admins are at 0, self-escalators at 1.
        let mut dist: Vec<Option<usize>> = admin.iter().map(|&a| a.then_some(0)).collect();
        let mut next: Vec<Option<usize>> = vec![None; n];
        let mut reverse: Vec<Vec<(usize, usize)>> = vec![Vec::new(); n];
        for (i, list) in edges.iter().enumerate() {
            for (k, edge) in list.iter().enumerate() {
                match edge.to {
                    Some(j) => {
                        if let Some(r) = reverse.get_mut(j) {
                            r.push((i, k));
                        }
                    }
                    None => {
                        if let (Some(d), Some(nx)) = (dist.get_mut(i), next.get_mut(i)) {
                            if d.is_none() {
                                *d = Some(1);
                                *nx = Some(k);
                            }
                        }
                    }
                }
            }
        }
        let mut frontier: Vec<usize> = (0..n).filter(|&i| dist.get(i) == Some(&Some(0))).collect();
        let mut ones: Vec<usize> = (0..n).filter(|&i| dist.get(i) == Some(&Some(1))).collect();
        let mut level = 0;
        while !frontier.is_empty() || !ones.is_empty() {
            level += 1;
            let mut reached = std::mem::take(&mut ones);
            for &j in &frontier {
                for &(i, k) in reverse.get(j).map(Vec::as_slice).unwrap_or_default() {
                    if let (Some(d), Some(nx)) = (dist.get_mut(i), next.get_mut(i)) {
                        if d.is_none() {
                            *d = Some(level);
                            *nx = Some(k);
                            reached.push(i);
                        }
                    }
                }
            }
            reached.sort_unstable();
            reached.dedup();
            frontier = reached;
        }
        Graph { admin, edges, next, dist }
    }

    /// The shortest path from entity `i` to admin; `None` when there is none
    /// (or `i` is admin already).
    pub fn path(&self, model: &Model, i: usize) -> Option<Vec<Step>> {
        if self.admin.get(i).copied().unwrap_or(false) {
            return None;
        }
        self.dist.get(i).copied().flatten()?;
        let mut steps = Vec::new();
        let mut at = i;
        for _ in 0..=self.edges.len() {
            let k = self.next.get(at).copied().flatten()?;
            let edge = self.edges.get(at)?.get(k)?;
            let from = model.entities.get(at)?.arn.clone();
            match edge.to {
                None => {
                    steps.push(Step {
                        from: from.clone(),
                        method: edge.method,
                        via: edge.via.clone().unwrap_or(from),
                        to: "admin".to_string(),
                    });
                    return Some(steps);
                }
                Some(j) => {
                    let to = model.entities.get(j)?.arn.clone();
                    steps.push(Step { from, method: edge.method, via: edge.via.clone().unwrap_or_else(|| to.clone()), to });
                    if self.admin.get(j).copied().unwrap_or(false) {
                        return Some(steps);
                    }
                    at = j;
                }
            }
        }
        None
    }
}
