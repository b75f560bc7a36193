//! NET-013: traffic flows between two declared security zones that the
//! zone policy does not allow (`[[network.zones]]`, `[[network.flows]]`).

use crate::rules::prelude::*;

pub static RULE: Rule = Rule {
    code: "NET-013",
    name: "ZonePolicyViolated",
    area: Area::Net,
    severity: Severity::High,
    title: t(
        "Traffic between two declared security zones is allowed that the zone policy forbids (reachability engine)",
        "宣言したセキュリティゾーン間で、ゾーンポリシーが禁じる通信が許可されている（到達可能性エンジン）",
    ),
    rationale: t(
        "Security zoning divides the network into zones with the same security needs and allows only the flows between them that the business needs. Whether the network enforces the policy is a question of routes, ACLs and groups together; the engine computes every flow between the declared zones and reports those the policy does not list.",
        "セキュリティゾーニングは、同じセキュリティ要件を持つゾーンにネットワークを分け、業務に必要なゾーン間の通信だけを許可します。ネットワークがそのポリシーを強制しているかは経路、ACL、グループを合わせた問題です。エンジンは宣言したゾーン間のすべての通信を計算し、ポリシーにないものを報告します。",
    ),
    sections: &[s::ZONING, s::NETWORK_SECURITY, s::EC2_NETWORK_ISOLATION],
    cis: &[],
    fsbp: &[],
    trusted_advisor: &[],
    resource_type: "Other",
    remediation: Remediation {
        console: t(
            "Narrow the security group of the destination tier so it admits only the source zone's group on the allowed ports, and add network ACL rules at the zone's subnets as a second layer.",
            "宛先層のセキュリティグループを、許可したポートで送信元ゾーンのグループだけを受け入れるように絞り、ゾーンのサブネットのネットワーク ACL にも 2 層目としてルールを追加します。",
        ),
        cli: "aws ec2 revoke-security-group-ingress --group-id DEST_SG_ID --ip-permissions IpProtocol=tcp,FromPort=22,ToPort=22,IpRanges=[{CidrIp=10.0.0.0/16}]",
        terraform: "resource \"aws_vpc_security_group_ingress_rule\" \"app_from_web\" {\n  security_group_id            = aws_security_group.app.id\n  referenced_security_group_id = aws_security_group.web.id\n  ip_protocol                  = \"tcp\"\n  from_port                    = 8080\n  to_port                      = 8080\n}",
        safe: false,
    },
    since: "0.2.0",
    check: Check::Snapshot(check),
};

const SHOWN: usize = 20;

fn check(cx: &Cx, out: &mut Out) {
    let n = &cx.config.network;
    if n.zones.is_empty() {
        return;
    }
    let view = cx.net();
    let violations = view.network.zone_violations(&n.zones, &n.flows);
    let mut names: Vec<&str> = n.zones.iter().map(|z| z.name.as_str()).collect();
    names.push(mamori_net::zones::INTERNET);
    names.sort_unstable();
    names.dedup();
    for a in cx.accounts() {
        let at = Cx::global(a);
        // Every region's network must have been read for a pass.
        let read = cx.regions(a).map(|(at, _)| cx.network_read(at)).find(Result::is_err).unwrap_or(Ok(()));
        let account_enis: Vec<&str> = view.network.enis.iter().filter(|e| e.account == a.account_id).map(|e| e.id).collect();
        for from in &names {
            for to in names.iter().filter(|t| *t != from && **t != mamori_net::zones::INTERNET) {
                let here: Vec<&mamori_net::Violation> = violations
                    .iter()
                    .filter(|v| v.from == *from && v.to == *to && account_enis.contains(&v.destination.as_str()))
                    .collect();
                let verdict = if here.is_empty() { read.clone().map(|()| false) } else { Ok(true) };
                let f = out.judge(at, format!("zone-flow/{from}->{to}"), verdict);
                let allowed: Vec<String> = n
                    .flows
                    .iter()
                    .filter(|x| x.from == *from && x.to == *to)
                    .flat_map(|x| if x.ports.is_empty() { vec!["all".to_string()] } else { x.ports.clone() })
                    .collect();
                f.ev("from", *from).ev("to", *to).ev("allowed", allowed);
                if here.is_empty() {
                    continue;
                }
                let flows: Vec<serde_json::Value> = here
                    .iter()
                    .take(SHOWN)
                    .map(|v| serde_json::json!({"source": v.source, "destination": v.destination, "traffic": v.traffic, "path": mamori_net::explain::path_line(&v.path)}))
                    .collect();
                f.ev("violations", here.len()).ev("flows", flows);
                let first = here.first().map(|v| format!("{} → {}: {}", v.source, v.destination, v.traffic.join(", "))).unwrap_or_default();
                f.msg(
                    format!("{} flow(s) from zone {from} to zone {to} beyond the policy, e.g. {first}", here.len()),
                    format!("ゾーン {from} からゾーン {to} へのポリシー外の通信が {} 件（例: {first}）", here.len()),
                );
            }
        }
    }
}
