//! ELB-001: an internet-facing load balancer serves plain HTTP.

use super::{classic_arn, internet_facing, is_network};
use crate::rules::prelude::*;

pub static RULE: Rule = Rule {
    code: "ELB-001",
    name: "HttpListenerWithoutRedirect",
    area: Area::DataInTransit,
    severity: Severity::Medium,
    title: t("Internet-facing HTTP listener does not redirect to HTTPS", "インターネット向けの HTTP リスナーが HTTPS にリダイレクトしていない"),
    rationale: t(
        "Table 13 protects application data in transit to the public cloud with HTTPS. A listener that answers HTTP with content sends cookies, tokens and data in clear text over the internet.",
        "表 13 はパブリッククラウドへの伝送中のアプリケーションデータを HTTPS で保護するとしています。HTTP でコンテンツを返すリスナーは、Cookie やトークン、データをインターネット上に平文で流します。",
    ),
    sections: &[s::T13_IN_TRANSIT, s::T12_IN_TRANSIT_THREATS],
    cis: &[],
    fsbp: &["ELB.1"],
    trusted_advisor: &["ELB Listener Security"],
    resource_type: "AwsElbv2LoadBalancer",
    remediation: Remediation {
        console: t("EC2 → Load balancers → the ALB → Listeners → HTTP:80 → Edit: default action Redirect to HTTPS 443 (301).", "EC2 →［ロードバランサー］→ 対象 ALB →［リスナー］→ HTTP:80 →［編集］で、デフォルトアクションを HTTPS 443 へのリダイレクト（301）にします。"),
        cli: "aws elbv2 modify-listener --listener-arn LISTENER_ARN --default-actions 'Type=redirect,RedirectConfig={Protocol=HTTPS,Port=443,StatusCode=HTTP_301}'",
        terraform: "resource \"aws_lb_listener\" \"http\" {\n  load_balancer_arn = aws_lb.web.arn\n  port              = 80\n  protocol          = \"HTTP\"\n  default_action {\n    type = \"redirect\"\n    redirect {\n      port        = \"443\"\n      protocol    = \"HTTPS\"\n      status_code = \"HTTP_301\"\n    }\n  }\n}",
        safe: false,
    },
    since: "0.1.0",
    check: Check::Snapshot(check),
};

fn redirects_to_https(action: &serde_json::Value) -> bool {
    action.get("Type").and_then(|t| t.as_str()).is_some_and(|t| t.eq_ignore_ascii_case("redirect"))
        && action
            .get("RedirectConfig")
            .and_then(|r| r.get("Protocol"))
            .and_then(|p| p.as_str())
            .is_some_and(|p| p.eq_ignore_ascii_case("HTTPS"))
}

fn check(cx: &Cx, out: &mut Out) {
    for (a, at, r) in cx.all_regions() {
        let read = cx.op(at, "elbv2", "DescribeLoadBalancers");
        for lb in &r.load_balancers {
            if !internet_facing(lb.scheme.as_deref()) || is_network(lb) {
                out.not_applicable(at, &lb.load_balancer_arn)
                    .msg("Internal or non-HTTP load balancer", "内部向け、または HTTP を扱わないロードバランサー")
                    .ev("Scheme", lb.scheme.clone())
                    .ev("Type", lb.lb_type.clone());
                continue;
            }
            let plain: Vec<String> = lb
                .listeners
                .iter()
                .filter(|l| l.protocol.as_deref() == Some("HTTP") && !l.default_actions.iter().any(redirects_to_https))
                .map(|l| format!("HTTP:{}", l.port.unwrap_or_default()))
                .collect();
            let verdict = read
                .clone()
                .and_then(|()| cx.res(at.account, "elbv2", "DescribeListeners", &lb.load_balancer_arn))
                .map(|()| !plain.is_empty());
            out.judge(at, &lb.load_balancer_arn, verdict).ev("plain_http_listeners", plain);
        }
        let read = cx.op(at, "elb", "DescribeLoadBalancers");
        for lb in &r.classic_load_balancers {
            let resource = classic_arn(a, at.region, lb);
            if !internet_facing(lb.scheme.as_deref()) {
                out.not_applicable(at, resource).kind("AwsElbLoadBalancer").msg("Internal load balancer", "内部向けロードバランサー");
                continue;
            }
            // Classic load balancers cannot redirect: any HTTP listener serves content.
            let plain: Vec<String> = lb
                .listener_descriptions
                .iter()
                .filter_map(|d| d.listener.as_ref())
                .filter(|l| l.protocol.as_deref().is_some_and(|p| p.eq_ignore_ascii_case("HTTP")))
                .map(|l| format!("HTTP:{}", l.load_balancer_port.unwrap_or_default()))
                .collect();
            out.judge(at, resource, read.clone().map(|()| !plain.is_empty())).kind("AwsElbLoadBalancer").ev("plain_http_listeners", plain);
        }
    }
}
