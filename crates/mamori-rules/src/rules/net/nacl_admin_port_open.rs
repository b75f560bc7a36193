//! NET-005: a network ACL lets the whole internet in on an admin port.

use crate::rules::prelude::*;
use mamori_model::ec2::NetworkAclEntry;

pub static RULE: Rule = Rule {
    code: "NET-005",
    name: "NaclAdminPortOpen",
    area: Area::Net,
    severity: Severity::Medium,
    title: t("Network ACL allows the internet to an admin port", "ネットワーク ACL がインターネットから管理用ポートへの通信を許可している"),
    rationale: t(
        "Network ACLs are the subnet-level layer of the whitepaper's layered network security. An ACL whose first matching rule for an admin port admits 0.0.0.0/0 or ::/0 leaves the security groups as the only barrier.",
        "ネットワーク ACL は、ホワイトペーパーの多層的なネットワークセキュリティにおけるサブネット単位の層です。管理用ポートに最初に一致するルールが 0.0.0.0/0 や ::/0 を許可する ACL では、セキュリティグループだけが防壁になります。",
    ),
    sections: &[s::NETWORK_SECURITY, s::T20_VPC_ACCESS],
    cis: &["5.1"],
    fsbp: &["EC2.21"],
    trusted_advisor: &[],
    resource_type: "AwsEc2NetworkAcl",
    remediation: Remediation {
        console: t("VPC → Network ACLs → the ACL → Inbound rules → Edit: add a deny for the admin ports from 0.0.0.0/0 (and ::/0) numbered before the allow, or narrow the allow to your admin network.", "VPC →［ネットワーク ACL］→ 対象 →［インバウンドルール］→［編集］で、許可より小さい番号で 0.0.0.0/0（と ::/0）からの管理用ポートを拒否するルールを追加するか、許可を管理ネットワークに絞ります。"),
        cli: "aws ec2 create-network-acl-entry --network-acl-id ACL_ID --ingress --rule-number 50 --protocol tcp --port-range From=22,To=22 --cidr-block 0.0.0.0/0 --rule-action deny",
        terraform: "resource \"aws_network_acl_rule\" \"deny_ssh\" {\n  network_acl_id = aws_network_acl.main.id\n  rule_number    = 50\n  egress         = false\n  protocol       = \"tcp\"\n  rule_action    = \"deny\"\n  cidr_block     = \"0.0.0.0/0\"\n  from_port      = 22\n  to_port        = 22\n}",
        safe: false,
    },
    since: "0.1.0",
    check: Check::Snapshot(check),
};

fn matches_port(e: &NetworkAclEntry, port: u16) -> bool {
    match e.protocol.as_str() {
        "-1" | "all" => true,
        "6" | "17" | "tcp" | "udp" => {
            let range = e.port_range.as_ref();
            let from = range.and_then(|r| r.from).unwrap_or(0);
            let to = range.and_then(|r| r.to).unwrap_or(65535);
            from <= i32::from(port) && i32::from(port) <= to
        }
        _ => false,
    }
}

/// The first inbound entry (by rule number) that matches a packet from
/// anywhere (`source`: `0.0.0.0/0` or `::/0`) to `port`.
fn first_match<'a>(entries: &'a [NetworkAclEntry], source: &str, port: u16) -> Option<&'a NetworkAclEntry> {
    let mut inbound: Vec<&NetworkAclEntry> = entries.iter().filter(|e| !e.egress).collect();
    inbound.sort_by_key(|e| e.rule_number);
    inbound
        .into_iter()
        .find(|e| (e.cidr_block.as_deref() == Some(source) || e.ipv6_cidr_block.as_deref() == Some(source)) && matches_port(e, port))
}

fn check(cx: &Cx, out: &mut Out) {
    for (a, at, r) in cx.all_regions() {
        let read = cx.op(at, "ec2", "DescribeNetworkAcls");
        for acl in &r.ec2.network_acls {
            let mut open = Vec::new();
            for port in &cx.config.network.admin_ports {
                for source in ["0.0.0.0/0", "::/0"] {
                    if let Some(e) = first_match(&acl.entries, source, *port).filter(|e| e.rule_action == "allow") {
                        open.push(format!("rule {} allows {source} to port {port}", e.rule_number));
                    }
                }
            }
            let failed = !open.is_empty();
            let subnets: Vec<&str> = acl.associations.iter().filter_map(|x| x.subnet_id.as_deref()).collect();
            out.judge(at, arn::ec2(a, at.region, "network-acl", &acl.network_acl_id), read.clone().map(|()| failed))
                .ev("open", open)
                .ev("subnets", subnets);
        }
    }
}
