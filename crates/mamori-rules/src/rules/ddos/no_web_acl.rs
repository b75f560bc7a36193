//! DDOS-001: an internet-facing web entry point has no WAF web ACL.

use crate::rules::prelude::*;

pub static RULE: Rule = Rule {
    code: "DDOS-001",
    name: "NoWebAcl",
    area: Area::Ddos,
    severity: Severity::Medium,
    title: t(
        "Internet-facing ALB, API or CloudFront distribution without a WAF web ACL",
        "インターネット向けの ALB、API、CloudFront ディストリビューションに WAF ウェブ ACL がない",
    ),
    rationale: t(
        "Table 23 puts a web application firewall in front of web applications: rate-based rules absorb HTTP floods and managed rules stop common exploits before they reach the application.",
        "表 23 は、ウェブアプリケーションの前にウェブアプリケーションファイアウォールを置くとしています。レートベースのルールが HTTP フラッドを吸収し、マネージドルールが一般的な攻撃をアプリケーションに届く前に止めます。",
    ),
    sections: &[s::T23_DDOS, s::DDOS],
    cis: &[],
    fsbp: &["WAF.10"],
    trusted_advisor: &[],
    resource_type: "AwsElbv2LoadBalancer",
    remediation: Remediation {
        console: t(
            "WAF & Shield → Web ACLs → Create web ACL (regional for ALB, CloudFront scope for distributions) with a rate-based rule and the AWS managed core rule set; associate it with the resource.",
            "WAF & Shield →［Web ACL］→［Web ACL を作成］で、ALB にはリージョン、ディストリビューションには CloudFront のスコープを選び、レートベースのルールと AWS マネージドのコアルールセットを追加してリソースに関連付けます。",
        ),
        cli: "aws wafv2 associate-web-acl --web-acl-arn WEB_ACL_ARN --resource-arn ALB_ARN",
        terraform: "resource \"aws_wafv2_web_acl_association\" \"alb\" {\n  resource_arn = aws_lb.web.arn\n  web_acl_arn  = aws_wafv2_web_acl.edge.arn\n}",
        safe: false,
    },
    since: "0.1.0",
    check: Check::Snapshot(check),
};

fn check(cx: &Cx, out: &mut Out) {
    for (_, at, r) in cx.all_regions() {
        let read = cx.ops(at, &[("elbv2", "DescribeLoadBalancers"), ("wafv2", "ListWebACLs")]);
        for lb in r
            .load_balancers
            .iter()
            .filter(|lb| lb.scheme.as_deref() == Some("internet-facing") && lb.lb_type.as_deref().is_none_or(|t| t == "application"))
        {
            let acl = lb.web_acl_arn.clone().or_else(|| {
                r.web_acls
                    .iter()
                    .find(|w| w.resource_arns.contains(&lb.load_balancer_arn))
                    .and_then(|w| w.arn.clone().or(Some(w.name.clone())))
            });
            let mut verdict = read.clone();
            if acl.is_none() {
                // "Not protected" needs every web ACL's resource list.
                for w in &r.web_acls {
                    verdict =
                        verdict.and_then(|()| cx.res(at.account, "wafv2", "ListResourcesForWebACL", w.arn.as_deref().unwrap_or(&w.name)));
                }
            }
            out.judge(at, &lb.load_balancer_arn, verdict.map(|()| acl.is_none())).ev("web_acl", acl);
        }
    }
    for a in cx.accounts() {
        for d in &a.cloudfront_distributions {
            let acl = d.web_acl_id.clone().filter(|id| !id.is_empty());
            let verdict = crate::rules::cloudfront::read(cx, a, d).map(|()| acl.is_none());
            out.judge(Cx::global(a), crate::rules::cloudfront::distribution_arn(a, d), verdict)
                .kind("AwsCloudFrontDistribution")
                .ev("WebACLId", acl);
        }
    }
}
