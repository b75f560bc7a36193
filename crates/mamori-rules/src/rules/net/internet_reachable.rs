//! NET-007: the internet really reaches a sensitive port of an interface —
//! public address, route to an internet gateway, network ACL both ways and
//! security group all allow it.

use mamori_net::space::proto::TCP;

use super::{caveat_reason, exposures_in, interface_arn, opening_evidence};
use crate::rules::prelude::*;

pub static RULE: Rule = Rule {
    code: "NET-007",
    name: "InternetReachableSensitivePort",
    area: Area::Net,
    severity: Severity::Critical,
    title: t(
        "Instance/ENI is reachable from the internet on a sensitive port (route to IGW, public IP, NACL and SG all allow)",
        "インスタンス/ENI がインターネットから機密性の高いポートに到達可能（IGW への経路、パブリック IP、NACL、SG のすべてが許可）",
    ),
    rationale: t(
        "An open security group is only half the story: what matters is whether a packet from the internet really arrives. The reachability engine follows the whole path — public address, the subnet's route to an internet gateway, the network ACL inbound and for the reply, the interface's security groups — and reports the sources and the path when every layer lets an admin, database or other sensitive port through.",
        "セキュリティグループが開いているだけでは半分しか分かりません。重要なのは、インターネットからのパケットが実際に届くかどうかです。到達可能性エンジンはパブリックアドレス、サブネットのインターネットゲートウェイへの経路、ネットワーク ACL（受信と応答）、インターフェイスのセキュリティグループという経路全体をたどり、すべての層が管理用・データベース・その他の機密性の高いポートを通す場合に、送信元と経路を報告します。",
    ),
    sections: &[s::EC2_NETWORK_ISOLATION, s::T20_VPC_ACCESS, s::NETWORK_SECURITY],
    cis: &[],
    fsbp: &[],
    trusted_advisor: &[],
    resource_type: "AwsEc2NetworkInterface",
    remediation: Remediation {
        console: t(
            "Close the path at the layer that should stop it: remove the security group rule (EC2 → Security groups), or move the instance to a private subnet and reach it through Session Manager, or release its public IP / Elastic IP.",
            "止めるべき層で経路を閉じます。セキュリティグループのルールを削除する（EC2 →［セキュリティグループ］）、インスタンスをプライベートサブネットに移して Session Manager で接続する、またはパブリック IP / Elastic IP を解放します。",
        ),
        cli: "aws ec2 revoke-security-group-ingress --group-id SG_ID --protocol tcp --port 22 --cidr 0.0.0.0/0",
        terraform: "# Put the instance in a private subnet (no route to the internet gateway) and drop the public IP:\nresource \"aws_instance\" \"app\" {\n  subnet_id                   = aws_subnet.private.id\n  associate_public_ip_address = false\n}",
        safe: false,
    },
    since: "0.2.0",
    check: Check::Snapshot(check),
};

pub(crate) fn sensitive_ports(cx: &Cx) -> Vec<u16> {
    let n = &cx.config.network;
    let mut ports: Vec<u16> = n.admin_ports.iter().chain(&n.database_ports).chain(&n.sensitive_ports).copied().collect();
    ports.sort_unstable();
    ports.dedup();
    ports
}

/// The internet sources outside the trusted prefixes that reach TCP `port`.
fn untrusted(x: &mamori_net::Exposure, port: u16, trusted: &[mamori_net::Prefix]) -> mamori_net::HeaderSet {
    let mut set = x.set.intersect(&mamori_net::only(Some(TCP), Some(port)));
    for p in trusted {
        set.subtract_cube(&p.cube());
    }
    set
}

/// Whether every source range is narrow: at most a /16 (IPv4) or a /48 (IPv6).
fn narrow(set: &mamori_net::HeaderSet) -> bool {
    set.cubes().iter().all(|c| {
        let size = c.addr.hi - c.addr.lo;
        match c.family {
            mamori_net::Family::V4 => size < 1 << 16,
            mamori_net::Family::V6 => size < 1 << 80,
        }
    })
}

fn check(cx: &Cx, out: &mut Out) {
    let ports = sensitive_ports(cx);
    let trusted: Vec<mamori_net::Prefix> = cx.config.network.trusted_sources.iter().filter_map(|p| mamori_net::Prefix::parse(p)).collect();
    let view = cx.net();
    for (a, at, _) in cx.all_regions() {
        let read = cx.network_read(at);
        for x in exposures_in(view, at) {
            let mut all_narrow = true;
            let mut hits: Vec<(u16, &mamori_net::Opening)> = Vec::new();
            for &p in &ports {
                let set = untrusted(x, p, &trusted);
                if set.is_empty() {
                    continue;
                }
                all_narrow &= narrow(&set);
                if let Some(o) = x.openings_on(TCP, p).next() {
                    hits.push((p, o));
                }
            }
            let verdict = if !hits.is_empty() {
                Ok(true)
            } else if let Err(r) = &read {
                Err(r.clone())
            } else if let Some(r) = caveat_reason(&x.caveats) {
                Err(r)
            } else {
                Ok(false)
            };
            let f = out.judge(at, interface_arn(a, at.region, x), verdict);
            f.ev("interface", x.interface.clone()).ev("instance", x.instance.clone()).ev("subnet", x.subnet.clone());
            f.ev("public_addresses", x.public_addresses.clone());
            if hits.is_empty() {
                if let Some(b) = &x.blocked {
                    f.ev("blocked", b.line());
                } else {
                    let open: Vec<String> = x.openings.iter().map(|o| format!("{} {}", o.protocol, o.ports)).collect();
                    f.ev("reachable_not_sensitive_or_trusted", open);
                }
                continue;
            }
            let list: Vec<String> = hits.iter().map(|(p, _)| p.to_string()).collect();
            let first = hits.first().map(|(_, o)| mamori_net::explain::path_line(&o.path)).unwrap_or_default();
            f.ev("sensitive_ports", hits.iter().map(|(p, _)| *p).collect::<Vec<u16>>());
            let mut seen = Vec::new();
            let openings: Vec<serde_json::Value> = hits
                .iter()
                .filter(|(_, o)| {
                    let key = (o.protocol.clone(), o.ports.clone());
                    let new = !seen.contains(&key);
                    seen.push(key);
                    new
                })
                .map(|(_, o)| opening_evidence(o))
                .collect();
            f.ev("openings", openings);
            let who = x.instance.clone().unwrap_or_else(|| x.interface.clone());
            if all_narrow {
                // Only a few narrow ranges: likely an admin network not yet listed as trusted.
                f.lower();
                f.ev("sources", "narrow prefixes only; list them in network.trusted_sources if they are yours");
            }
            f.msg(
                format!("{who} is reachable from the internet on TCP {} via {first}", list.join(", ")),
                format!("{who} はインターネットから TCP {} に到達可能です（経路: {first}）", list.join(", ")),
            );
        }
    }
}
