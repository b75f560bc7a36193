//! NET: security groups, network ACLs, flow logs, peering and endpoints as
//! configured, and what really gets through (routes, ACLs and groups
//! together), asked of the reachability engine (`mamori-net`): NET-007,
//! NET-008, NET-013, and the reachability evidence of NET-001/002/003.

pub mod admin_port_open;
pub mod all_ports_open;
pub mod database_port_open;
pub mod default_group_open;
pub mod internal_tier_in_public_subnet;
pub mod internet_reachable;
pub mod nacl_admin_port_open;
pub mod no_flow_log;
pub mod no_storage_endpoint;
pub mod peering_route_wide;
pub mod remote_login_open;
pub mod unused_group;
pub mod zone_violation;

use mamori_model::ec2::{Ec2, IpPermission, SecurityGroup};
use mamori_model::Account;

pub(crate) fn group_arn(a: &Account, region: &str, g: &SecurityGroup) -> String {
    crate::arn::ec2(a, region, "security-group", &g.group_id)
}

/// Whether a rule's protocol carries TCP or UDP port `port`.
pub(crate) fn covers_port(p: &IpPermission, port: u16) -> bool {
    match p.ip_protocol.as_str() {
        "-1" => true,
        "tcp" | "udp" | "6" | "17" => {
            let from = p.from_port.unwrap_or(0);
            let to = p.to_port.unwrap_or(65535);
            from <= i32::from(port) && i32::from(port) <= to
        }
        _ => false,
    }
}

/// Whether a rule opens every port of every protocol, or every TCP or UDP port.
pub(crate) fn covers_everything(p: &IpPermission) -> bool {
    match p.ip_protocol.as_str() {
        "-1" => true,
        "tcp" | "udp" | "6" | "17" => p.from_port.unwrap_or(0) <= 0 && p.to_port.unwrap_or(65535) >= 65535,
        _ => false,
    }
}

/// The internet-wide sources of a rule: `0.0.0.0/0`, `::/0`, and managed
/// prefix lists that contain either.
pub(crate) fn internet_sources(ec2: &Ec2, p: &IpPermission) -> Vec<String> {
    let mut sources: Vec<String> = p.ip_ranges.iter().filter(|r| r.cidr_ip == "0.0.0.0/0").map(|r| r.cidr_ip.clone()).collect();
    sources.extend(p.ipv6_ranges.iter().filter(|r| r.cidr_ipv6 == "::/0").map(|r| r.cidr_ipv6.clone()));
    for pl in &p.prefix_list_ids {
        let wide = ec2
            .managed_prefix_lists
            .iter()
            .find(|l| l.prefix_list_id == pl.prefix_list_id)
            .is_some_and(|l| l.entries.iter().any(|e| e.cidr == "0.0.0.0/0" || e.cidr == "::/0"));
        if wide {
            sources.push(pl.prefix_list_id.clone());
        }
    }
    sources
}

/// Describes one rule for evidence: `tcp 22-22 from 0.0.0.0/0`.
pub(crate) fn describe(p: &IpPermission, sources: &[String]) -> String {
    let ports = match (p.ip_protocol.as_str(), p.from_port, p.to_port) {
        ("-1", _, _) => "all".to_string(),
        (_, Some(f), Some(t)) if f == t => f.to_string(),
        (_, Some(f), Some(t)) => format!("{f}-{t}"),
        _ => "all".to_string(),
    };
    let protocol = if p.ip_protocol == "-1" { "all" } else { p.ip_protocol.as_str() };
    format!("{protocol} {ports} from {}", sources.join(", "))
}

/// Inbound rules of `g` open to the internet that match `opens`, described.
pub(crate) fn open_rules(ec2: &Ec2, g: &SecurityGroup, opens: impl Fn(&IpPermission) -> bool) -> Vec<String> {
    open_permissions(ec2, g, opens).into_iter().map(|(text, _)| text).collect()
}

fn open_permissions<'g>(ec2: &Ec2, g: &'g SecurityGroup, opens: impl Fn(&IpPermission) -> bool) -> Vec<(String, &'g IpPermission)> {
    g.ip_permissions
        .iter()
        .filter(|p| opens(p))
        .filter_map(|p| {
            let sources = internet_sources(ec2, p);
            (!sources.is_empty()).then(|| (describe(p, &sources), p))
        })
        .collect()
}

/// Judges every security group of every region by which internet-open rules
/// match `opens`; shared by NET-001/002/003. A failing group also says which
/// of its interfaces the internet really reaches on those ports (the
/// reachability engine); when none is, it stays a finding one severity level
/// lower.
pub(crate) fn judge_groups(
    cx: &crate::Cx,
    out: &mut crate::Out,
    opens: impl Fn(&crate::Cx, &IpPermission) -> bool,
    message: impl Fn(&SecurityGroup, &[String]) -> (String, String),
) {
    let view = cx.net();
    for (a, at, r) in cx.all_regions() {
        // Prefix lists resolve the sources; without them a list could hide 0.0.0.0/0.
        let read = cx.ops(at, &[("ec2", "DescribeSecurityGroups"), ("ec2", "DescribeManagedPrefixLists")]);
        for g in &r.ec2.security_groups {
            let open = open_permissions(&r.ec2, g, |p| opens(cx, p));
            let failed = !open.is_empty();
            let f = out
                .judge(at, group_arn(a, at.region, g), read.clone().map(|()| failed))
                .ev("group_name", g.group_name.clone())
                .ev("vpc", g.vpc_id.clone());
            if !failed {
                f.ev("open_to_internet", Vec::<String>::new());
                continue;
            }
            let texts: Vec<String> = open.iter().map(|(t, _)| t.clone()).collect();
            let (en, ja) = message(g, &texts);
            f.msg(en, ja);
            f.ev("open_to_internet", texts);
            let spans: Vec<_> = open.iter().filter_map(|(_, p)| mamori_net::model::permission_spans(p)).collect();
            let members = view.network.members(&g.group_id);
            let mut reachable = Vec::new();
            let mut blocked = Vec::new();
            let mut sure = cx.network_read(at).is_ok();
            for e in &members {
                let Some(x) = view.exposure(e.id) else { continue };
                sure &= x.caveats.is_empty();
                let hit = x
                    .set
                    .cubes()
                    .iter()
                    .any(|c| spans.iter().any(|(pr, port)| c.proto.intersect(*pr).is_some() && c.port.intersect(*port).is_some()));
                if hit {
                    reachable.push(
                        x.instance.clone().map_or_else(|| e.id.to_string(), |i| if i == e.id { i } else { format!("{} ({i})", e.id) }),
                    );
                } else {
                    let why = x.blocked.as_ref().map_or_else(|| "reachable on other ports only".to_string(), |b| b.line());
                    blocked.push(format!("{}: {why}", e.id));
                }
            }
            if !reachable.is_empty() {
                f.ev("reachable_from_internet", reachable);
            } else if sure {
                f.lower();
                if members.is_empty() {
                    f.ev("reachability", "not attached to any network interface");
                } else {
                    blocked.truncate(10);
                    f.ev("reachability", "attached only to interfaces the internet cannot reach on these ports").ev("interfaces", blocked);
                }
            }
        }
    }
}

/// Which route table applies to each subnet: its explicit association,
/// else its VPC's main table.
pub(crate) struct RouteTables<'a> {
    by_subnet: std::collections::HashMap<&'a str, &'a mamori_model::ec2::RouteTable>,
    main_by_vpc: std::collections::HashMap<&'a str, &'a mamori_model::ec2::RouteTable>,
}

impl<'a> RouteTables<'a> {
    pub(crate) fn new(ec2: &'a Ec2) -> Self {
        let (mut by_subnet, mut main_by_vpc) = (std::collections::HashMap::new(), std::collections::HashMap::new());
        for t in &ec2.route_tables {
            for x in &t.associations {
                if let Some(s) = x.subnet_id.as_deref() {
                    by_subnet.insert(s, t);
                }
                if let (Some(true), Some(v)) = (x.main, t.vpc_id.as_deref()) {
                    main_by_vpc.insert(v, t);
                }
            }
        }
        RouteTables { by_subnet, main_by_vpc }
    }

    pub(crate) fn for_subnet(&self, subnet: &mamori_model::ec2::Subnet) -> Option<&'a mamori_model::ec2::RouteTable> {
        self.by_subnet.get(subnet.subnet_id.as_str()).or_else(|| subnet.vpc_id.as_deref().and_then(|v| self.main_by_vpc.get(v))).copied()
    }
}

/// The ARN of a network interface (or of the instance that stands for one).
pub(crate) fn interface_arn(a: &Account, region: &str, x: &mamori_net::Exposure) -> String {
    if x.instance.as_deref() == Some(x.interface.as_str()) {
        crate::arn::ec2(a, region, "instance", &x.interface)
    } else {
        crate::arn::ec2(a, region, "network-interface", &x.interface)
    }
}

/// Why the engine's answer is not proof: the first caveat, as a reason.
pub(crate) fn caveat_reason(caveats: &[String]) -> Option<crate::finding::Reason> {
    let first = caveats.first()?;
    let operation = if first.contains("prefix list") {
        "DescribeManagedPrefixLists"
    } else if first.contains("security group") {
        "DescribeSecurityGroups"
    } else if first.contains("route table") {
        "DescribeRouteTables"
    } else if first.contains("network ACL") {
        "DescribeNetworkAcls"
    } else {
        "DescribeSubnets"
    };
    Some(crate::finding::Reason { detail: first.clone(), ..crate::finding::Reason::incomplete("ec2", operation) })
}

/// The exposures of one account and region.
pub(crate) fn exposures_in<'v>(
    view: &'v crate::context::NetView<'_>,
    at: crate::finding::At<'_>,
) -> impl Iterator<Item = &'v mamori_net::Exposure> + 'v {
    let (account, region) = (at.account.to_string(), at.region.to_string());
    view.exposures.iter().filter(move |x| x.account == account && x.region == region)
}

/// An opening as evidence: protocol, ports, sources and the path.
pub(crate) fn opening_evidence(o: &mamori_net::Opening) -> serde_json::Value {
    serde_json::json!({
        "protocol": o.protocol,
        "ports": o.ports,
        "sources": o.sources,
        "path": mamori_net::explain::path_line(&o.path),
    })
}
