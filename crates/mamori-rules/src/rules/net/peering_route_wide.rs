//! NET-010: a route sends more than needed through a VPC peering connection.

use crate::rules::prelude::*;
use mamori_net::Prefix;

pub static RULE: Rule = Rule {
    code: "NET-010",
    name: "PeeringRouteTooWide",
    area: Area::Net,
    severity: Severity::Low,
    title: t("VPC peering route is wider than needed (whole peer CIDR or 0.0.0.0/0)", "VPC ピアリングのルートが必要以上に広い（ピア VPC の CIDR 全体または 0.0.0.0/0）"),
    rationale: t(
        "Segmentation means each zone reaches only the subnets it needs. A peering route for the peer's whole CIDR, or a default route into a peer, connects every subnet to every subnet (CIS: least-access peering routes).",
        "セグメンテーションとは、各ゾーンが必要なサブネットだけに到達することです。ピア VPC の CIDR 全体へのピアリングルートや、ピアへのデフォルトルートは、すべてのサブネット同士をつないでしまいます（CIS: 最小アクセスのピアリングルート）。",
    ),
    sections: &[s::ZONING],
    cis: &["5.5"],
    fsbp: &[],
    trusted_advisor: &[],
    resource_type: "AwsEc2RouteTable",
    remediation: Remediation {
        console: t("VPC → Route tables → the table → Routes → Edit: replace the peering route with routes to the specific peer subnets that must be reached.", "VPC →［ルートテーブル］→ 対象 →［ルート］→［編集］で、ピアリングルートを、到達が必要なピア側のサブネットだけへのルートに置き換えます。"),
        cli: "aws ec2 replace-route --route-table-id RTB_ID --destination-cidr-block PEER_SUBNET_CIDR --vpc-peering-connection-id PCX_ID",
        terraform: "resource \"aws_route\" \"to_peer_db\" {\n  route_table_id            = aws_route_table.app.id\n  destination_cidr_block    = \"10.1.20.0/24\" # the peer subnet only\n  vpc_peering_connection_id = aws_vpc_peering_connection.p.id\n}",
        safe: false,
    },
    since: "0.1.0",
    check: Check::Snapshot(check),
};

fn check(cx: &Cx, out: &mut Out) {
    for (a, at, r) in cx.all_regions() {
        let read = cx.ops(at, &[("ec2", "DescribeRouteTables"), ("ec2", "DescribeVpcPeeringConnections")]);
        for t in &r.ec2.route_tables {
            let mut wide = Vec::new();
            let mut peered = false;
            for route in &t.routes {
                let Some(pcx_id) = route.vpc_peering_connection_id.as_deref() else { continue };
                peered = true;
                let dest = route.destination_cidr_block.as_deref().or(route.destination_ipv6_cidr_block.as_deref()).unwrap_or_default();
                let Some(dest_prefix) = Prefix::parse(dest) else { continue };
                let pcx = r.ec2.vpc_peering_connections.iter().find(|p| p.vpc_peering_connection_id == pcx_id);
                // The peer is the side that is not this route table's VPC.
                let peer = pcx.and_then(|p| {
                    [&p.accepter_vpc_info, &p.requester_vpc_info]
                        .into_iter()
                        .flatten()
                        .find(|info| info.vpc_id.as_deref() != t.vpc_id.as_deref())
                });
                let peer_cidrs: Vec<String> = peer
                    .map(|info| {
                        let mut c: Vec<String> = info.cidr_block.iter().cloned().collect();
                        c.extend(info.cidr_block_set.iter().filter_map(|b| b.cidr_block.clone()));
                        c.extend(info.ipv6_cidr_block_set.iter().filter_map(|b| b.ipv6_cidr_block.clone()));
                        c.sort();
                        c.dedup();
                        c
                    })
                    .unwrap_or_default();
                let default_route = dest_prefix.len == 0;
                let covers_whole_peer = peer_cidrs.iter().filter_map(|c| Prefix::parse(c)).any(|peer| dest_prefix.covers(&peer));
                if default_route || covers_whole_peer {
                    wide.push(format!(
                        "{dest} via {pcx_id} (peer {})",
                        if peer_cidrs.is_empty() { "?".to_string() } else { peer_cidrs.join(", ") }
                    ));
                }
            }
            let resource = arn::ec2(a, at.region, "route-table", &t.route_table_id);
            if !peered {
                continue;
            }
            out.judge(at, resource, read.clone().map(|()| !wide.is_empty())).ev("wide_peering_routes", wide);
        }
    }
}
