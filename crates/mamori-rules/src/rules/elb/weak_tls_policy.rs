//! ELB-002: a TLS listener accepts old protocol versions or ciphers without forward secrecy.

use super::classic_arn;
use crate::rules::prelude::*;

pub static RULE: Rule = Rule {
    code: "ELB-002",
    name: "WeakTlsPolicy",
    area: Area::DataInTransit,
    severity: Severity::High,
    title: t(
        "TLS listener policy allows TLS below 1.2 or ciphers without forward secrecy",
        "TLS リスナーのポリシーが TLS 1.2 未満、または前方秘匿性のない暗号を許可している",
    ),
    rationale: t(
        "The EC2 page requires TLS 1.2 (preferably 1.3) and cipher suites with perfect forward secrecy (ECDHE/DHE). Older protocols have known attacks; without PFS one stolen private key decrypts every recorded session.",
        "EC2 のページは TLS 1.2（できれば 1.3）と、Perfect Forward Secrecy（ECDHE/DHE）を備えた暗号スイートを求めています。古いプロトコルには既知の攻撃があり、PFS がないと 1 つの秘密鍵の漏えいで記録済みの全セッションが復号されます。",
    ),
    sections: &[s::EC2_PAGE, s::T13_IN_TRANSIT],
    cis: &[],
    fsbp: &["ELB.8", "ELB.17"],
    trusted_advisor: &["ELB Security Groups"],
    resource_type: "AwsElbv2LoadBalancer",
    remediation: Remediation {
        console: t(
            "EC2 → Load balancers → the load balancer → Listeners → HTTPS/TLS listener → Edit → Security policy: ELBSecurityPolicy-TLS13-1-2-2021-06 (or a TLS 1.2+ FS policy).",
            "EC2 →［ロードバランサー］→ 対象 →［リスナー］→ HTTPS/TLS リスナー →［編集］→［セキュリティポリシー］を ELBSecurityPolicy-TLS13-1-2-2021-06（または TLS 1.2 以上の FS ポリシー）にします。",
        ),
        cli: "aws elbv2 modify-listener --listener-arn LISTENER_ARN --ssl-policy ELBSecurityPolicy-TLS13-1-2-2021-06",
        terraform: "resource \"aws_lb_listener\" \"https\" {\n  # ...\n  ssl_policy = \"ELBSecurityPolicy-TLS13-1-2-2021-06\"\n}",
        safe: false,
    },
    since: "0.1.0",
    check: Check::Snapshot(check),
};

/// Protocols below TLS 1.2, as ELBv2 (`TLSv1.1`) and classic (`Protocol-TLSv1.1`) name them.
fn weak_protocol(p: &str) -> bool {
    let p = p.trim_start_matches("Protocol-");
    matches!(p, "SSLv2" | "SSLv3" | "TLSv1" | "TLSv1.1")
}

/// Ciphers without forward secrecy: everything but (EC)DHE and the TLS 1.3 suites.
fn non_pfs_cipher(c: &str) -> bool {
    !(c.starts_with("ECDHE-") || c.starts_with("DHE-") || c.starts_with("TLS_"))
}

fn weaknesses<'a>(protocols: impl Iterator<Item = &'a str>, ciphers: impl Iterator<Item = &'a str>) -> Vec<String> {
    let mut weak: Vec<String> = protocols.filter(|p| weak_protocol(p)).map(str::to_string).collect();
    weak.extend(ciphers.filter(|c| non_pfs_cipher(c)).map(str::to_string));
    weak
}

fn check(cx: &Cx, out: &mut Out) {
    for (a, at, r) in cx.all_regions() {
        for lb in &r.load_balancers {
            let tls: Vec<&mamori_model::services::Listener> =
                lb.listeners.iter().filter(|l| matches!(l.protocol.as_deref(), Some("HTTPS") | Some("TLS"))).collect();
            let listeners_read = cx
                .op(at, "elbv2", "DescribeLoadBalancers")
                .and_then(|()| cx.res(at.account, "elbv2", "DescribeListeners", &lb.load_balancer_arn));
            if listeners_read.is_ok() && tls.is_empty() {
                out.not_applicable(at, &lb.load_balancer_arn).msg("No HTTPS or TLS listener", "HTTPS/TLS リスナーがない");
                continue;
            }
            let mut weak = Vec::new();
            let mut missing = None;
            for l in &tls {
                let name = l.ssl_policy.as_deref().unwrap_or_default();
                match r.ssl_policies.iter().find(|p| p.name == name) {
                    Some(p) => {
                        for w in weaknesses(p.ssl_protocols.iter().map(String::as_str), p.ciphers.iter().map(String::as_str)) {
                            weak.push(format!("{}:{} {name}: {w}", l.protocol.as_deref().unwrap_or_default(), l.port.unwrap_or_default()));
                        }
                    }
                    None => missing = Some(Reason::incomplete("elbv2", "DescribeSSLPolicies")),
                }
            }
            // A weakness found is decisive even if another policy is missing.
            let decided = match missing {
                Some(reason) if weak.is_empty() => Err(reason),
                _ => Ok(!weak.is_empty()),
            };
            let verdict = listeners_read.and(cx.op(at, "elbv2", "DescribeSSLPolicies")).and(decided);
            let policies: Vec<&str> = tls.iter().filter_map(|l| l.ssl_policy.as_deref()).collect();
            out.judge(at, &lb.load_balancer_arn, verdict).ev("ssl_policies", policies).ev("weak", weak);
        }
        let read = cx.op(at, "elb", "DescribeLoadBalancers");
        for lb in &r.classic_load_balancers {
            let resource = classic_arn(a, at.region, lb);
            let tls: Vec<&mamori_model::services::ClassicListenerDescription> = lb
                .listener_descriptions
                .iter()
                .filter(|d| {
                    d.listener
                        .as_ref()
                        .and_then(|l| l.protocol.as_deref())
                        .is_some_and(|p| p.eq_ignore_ascii_case("HTTPS") || p.eq_ignore_ascii_case("SSL"))
                })
                .collect();
            if read.is_ok() && tls.is_empty() {
                out.not_applicable(at, resource).kind("AwsElbLoadBalancer").msg("No HTTPS or SSL listener", "HTTPS/SSL リスナーがない");
                continue;
            }
            let mut weak = Vec::new();
            for d in &tls {
                for name in &d.policy_names {
                    if let Some(enabled) = lb.ssl_policies.get(name) {
                        let protocols = enabled.iter().filter(|e| e.starts_with("Protocol-")).map(String::as_str);
                        let ciphers =
                            enabled.iter().filter(|e| !e.starts_with("Protocol-") && !e.starts_with("Server-Defined")).map(String::as_str);
                        weak.extend(weaknesses(protocols, ciphers).into_iter().map(|w| format!("{name}: {w}")));
                    }
                }
            }
            let verdict = read
                .clone()
                .and_then(|()| cx.res(at.account, "elb", "DescribeLoadBalancerPolicies", &lb.load_balancer_name))
                .map(|()| !weak.is_empty());
            out.judge(at, resource, verdict).kind("AwsElbLoadBalancer").ev("weak", weak);
        }
    }
}
