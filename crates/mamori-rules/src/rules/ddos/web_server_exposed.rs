//! DDOS-002: a web server takes traffic from the internet directly on 80/443
//! instead of behind a load balancer or CloudFront.

use mamori_net::space::proto::TCP;

use crate::rules::net::{caveat_reason, opening_evidence};
use crate::rules::prelude::*;

pub static RULE: Rule = Rule {
    code: "DDOS-002",
    name: "WebServerExposedDirectly",
    area: Area::Ddos,
    severity: Severity::Low,
    title: t(
        "Web server instance exposed directly on 80/443 instead of behind a load balancer or CloudFront",
        "ウェブサーバーのインスタンスがロードバランサーや CloudFront を介さず 80/443 で直接公開されている",
    ),
    rationale: t(
        "Table 23 absorbs attacks with scale: ELB, Auto Scaling and CloudFront spread a flood over AWS's edge and many instances, and only they can carry WAF and Shield. An instance the internet reaches directly on its web ports takes every request itself.",
        "表 23 は規模で攻撃を吸収するとしています。ELB、Auto Scaling、CloudFront はフラッドを AWS のエッジと多数のインスタンスに分散し、WAF と Shield を付けられるのもそれらです。インターネットからウェブポートに直接届くインスタンスは、すべてのリクエストを自分で受けます。",
    ),
    sections: &[s::T23_DDOS, s::DDOS],
    cis: &[],
    fsbp: &[],
    trusted_advisor: &[],
    resource_type: "AwsEc2Instance",
    remediation: Remediation {
        console: t(
            "Put an Application Load Balancer (or CloudFront) in front, register the instance as a target, then let the instance's security group admit 80/443 only from the load balancer's security group and remove its public IP.",
            "前段に Application Load Balancer（または CloudFront）を置いてインスタンスをターゲットに登録し、インスタンスのセキュリティグループは 80/443 をロードバランサーのセキュリティグループからだけ受け入れるようにして、パブリック IP を外します。",
        ),
        cli: "aws elbv2 register-targets --target-group-arn TG_ARN --targets Id=INSTANCE_ID",
        terraform: "resource \"aws_vpc_security_group_ingress_rule\" \"web_from_alb\" {\n  security_group_id            = aws_security_group.web.id\n  referenced_security_group_id = aws_security_group.alb.id\n  ip_protocol                  = \"tcp\"\n  from_port                    = 443\n  to_port                      = 443\n}",
        safe: false,
    },
    since: "0.2.0",
    check: Check::Snapshot(check),
};

const WEB: [u16; 2] = [80, 443];

fn check(cx: &Cx, out: &mut Out) {
    let view = cx.net();
    for (a, at, r) in cx.all_regions() {
        let read = cx.network_read(at);
        for i in r.ec2.instances.iter().filter(|i| crate::rules::ec2::live(i)) {
            let exposures: Vec<&mamori_net::Exposure> =
                view.network.instance_enis(&i.instance_id).iter().filter_map(|e| view.exposure(e.id)).collect();
            let hits: Vec<(u16, &mamori_net::Opening)> =
                exposures.iter().flat_map(|x| WEB.iter().filter_map(move |&p| x.openings_on(TCP, p).next().map(|o| (p, o)))).collect();
            let caveats: Vec<String> = exposures.iter().flat_map(|x| x.caveats.clone()).collect();
            let verdict = if !hits.is_empty() {
                Ok(true)
            } else if let Err(r) = &read {
                Err(r.clone())
            } else if let Some(r) = caveat_reason(&caveats) {
                Err(r)
            } else {
                Ok(false)
            };
            let behind: Vec<String> = r
                .target_groups
                .iter()
                .filter(|tg| tg.targets.iter().any(|t| t.id == i.instance_id))
                .flat_map(|tg| tg.load_balancer_arns.clone())
                .collect();
            let f = out.judge(at, crate::arn::ec2(a, at.region, "instance", &i.instance_id), verdict);
            f.ev("load_balancers", behind.clone());
            if hits.is_empty() {
                continue;
            }
            let mut ports: Vec<u16> = hits.iter().map(|(p, _)| *p).collect();
            ports.sort_unstable();
            ports.dedup();
            f.ev("web_ports", ports.clone()).ev("openings", hits.iter().map(|(_, o)| opening_evidence(o)).collect::<Vec<_>>());
            let list = ports.iter().map(u16::to_string).collect::<Vec<_>>().join(", ");
            let (en, ja) = if behind.is_empty() {
                (
                    format!("Instance {} serves TCP {list} to the internet directly", i.instance_id),
                    format!("インスタンス {} が TCP {list} をインターネットに直接公開している", i.instance_id),
                )
            } else {
                (
                    format!("Instance {} is behind a load balancer but also reachable directly on TCP {list}", i.instance_id),
                    format!("インスタンス {} はロードバランサーの背後にあるが、TCP {list} で直接にも到達可能", i.instance_id),
                )
            };
            f.msg(en, ja);
        }
    }
}
