//! One hand-built topology per reachability pitfall, each with its expected answer.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)]

mod common;

use common::*;
use mamori_net::space::proto::{ICMP, TCP, UDP};
use mamori_net::{BlockCode, Endpoint, Exposure, Network, Options};
use serde_json::{json, Value};

fn exposure(ec2: Value, eni: &str) -> Exposure {
    let snap = snapshot(ec2);
    let net = Network::build(&snap, Options::default());
    let e = net.eni(eni).expect("eni");
    let all = net.exposures();
    let x = net.exposure(e, None);
    // The batch computation and the single one agree.
    let batch = all.iter().find(|b| b.interface == eni).unwrap();
    assert_eq!(batch.set, x.set, "batch and single exposure differ for {eni}");
    x
}

fn blocked(x: &Exposure) -> BlockCode {
    x.blocked.as_ref().map(|b| b.code).unwrap_or_else(|| panic!("{} is exposed: {:?}", x.interface, x.openings))
}

#[test]
fn public_instance_with_open_group_is_reachable_with_its_path() {
    let mut t = base();
    push(&mut t, "network_interfaces", eni("eni-web", "vpc-1", "subnet-pub", "10.0.1.10", Some("198.51.100.10"), &["sg-ssh"]));
    let x = exposure(t, "eni-web");
    assert!(x.reaches(TCP, 22));
    assert!(!x.reaches(TCP, 23) && !x.reaches(UDP, 22));
    let o = x.openings_on(TCP, 22).next().unwrap();
    assert_eq!(o.ports, "22");
    let ids: Vec<&str> = o.path.iter().map(|h| h.id.as_str()).collect();
    assert_eq!(ids[1..], ["igw-1", "rtb-pub", "acl-open", "sg-ssh", "eni-web", "acl-open"]);
    // Private and special ranges are not the internet.
    assert!(!o.sources.iter().any(|s| s.starts_with("10.")));
}

#[test]
fn acl_rules_apply_in_ascending_order_then_default_deny() {
    let mut t = base();
    let entries = vec![
        entry(100, "6", "deny", false, "0.0.0.0/0", Some((22, 22))),
        entry(110, "6", "allow", false, "0.0.0.0/0", Some((0, 65535))),
        entry(90, "6", "allow", false, "192.0.2.0/24", Some((22, 22))),
        entry(100, "-1", "allow", true, "0.0.0.0/0", None),
    ];
    replace(&mut t, "network_acls", "NetworkAclId", "acl-open", acl("acl-open", "vpc-1", entries, &["subnet-pub", "subnet-priv"]));
    replace(&mut t, "security_groups", "GroupId", "sg-ssh", group("sg-ssh", "vpc-1", vec![perm("-1", None, &["0.0.0.0/0"])]));
    push(&mut t, "network_interfaces", eni("eni-web", "vpc-1", "subnet-pub", "10.0.1.10", Some("198.51.100.10"), &["sg-ssh"]));
    let x = exposure(t, "eni-web");
    // Rule 90 lets one /24 in on 22 before rule 100 denies everyone else.
    let o: Vec<_> = x.openings_on(TCP, 22).collect();
    assert_eq!(o.len(), 1);
    assert_eq!(o[0].sources, ["192.0.2.0/24"]);
    // Rule 110 allows every other TCP port; UDP meets the default deny.
    assert!(x.reaches(TCP, 80));
    assert!(!x.reaches(UDP, 53));
}

#[test]
fn acl_default_deny_blocks_with_the_rule_named() {
    let mut t = base();
    let entries = vec![entry(100, "6", "allow", false, "0.0.0.0/0", Some((443, 443))), entry(100, "-1", "allow", true, "0.0.0.0/0", None)];
    replace(&mut t, "network_acls", "NetworkAclId", "acl-open", acl("acl-open", "vpc-1", entries, &["subnet-pub", "subnet-priv"]));
    push(&mut t, "network_interfaces", eni("eni-web", "vpc-1", "subnet-pub", "10.0.1.10", Some("198.51.100.10"), &["sg-ssh"]));
    let snap = snapshot(t);
    let net = Network::build(&snap, Options::default());
    let e = net.eni("eni-web").unwrap();
    // Over everything, the ACL (443 only) and the group (22 only) share nothing: the group is the last stage.
    assert_eq!(blocked(&net.exposure(e, None)), BlockCode::SecurityGroupDenies);
    // Asked about 22, the ACL stops it first, by its default rule.
    let x = net.exposure(e, Some(&mamori_net::only(Some(TCP), Some(22))));
    assert_eq!(blocked(&x), BlockCode::AclDenies);
    let b = x.blocked.unwrap();
    assert_eq!(b.component, "acl-open");
    assert!(b.detail.contains("default rule"), "{}", b.detail);
}

#[test]
fn missing_return_path_on_ephemeral_ports_blocks() {
    let mut t = base();
    let entries = vec![
        entry(100, "-1", "allow", false, "0.0.0.0/0", None),
        // Outbound only to web ports: the reply to a client's ephemeral port is dropped.
        entry(100, "6", "allow", true, "0.0.0.0/0", Some((80, 80))),
        entry(110, "6", "allow", true, "0.0.0.0/0", Some((443, 443))),
    ];
    replace(&mut t, "network_acls", "NetworkAclId", "acl-open", acl("acl-open", "vpc-1", entries, &["subnet-pub", "subnet-priv"]));
    push(&mut t, "network_interfaces", eni("eni-web", "vpc-1", "subnet-pub", "10.0.1.10", Some("198.51.100.10"), &["sg-ssh"]));
    let x = exposure(t.clone(), "eni-web");
    assert_eq!(blocked(&x), BlockCode::AclDeniesReturn);

    // A return rule for 32768-65535 (Linux clients and up) is enough.
    let entries =
        vec![entry(100, "-1", "allow", false, "0.0.0.0/0", None), entry(100, "6", "allow", true, "0.0.0.0/0", Some((32768, 65535)))];
    replace(&mut t, "network_acls", "NetworkAclId", "acl-open", acl("acl-open", "vpc-1", entries, &["subnet-pub", "subnet-priv"]));
    let x = exposure(t, "eni-web");
    assert!(x.reaches(TCP, 22));
    let last = x.openings[0].path.last().unwrap();
    assert!(last.detail.contains("32768-65535"), "{}", last.detail);
}

#[test]
fn group_references_admit_members_only() {
    let mut t = base();
    push(&mut t, "security_groups", group("sg-web", "vpc-1", vec![]));
    push(&mut t, "security_groups", group("sg-app", "vpc-1", vec![perm("tcp", Some((8080, 8080)), &["sg-web"])]));
    push(&mut t, "network_interfaces", eni("eni-web", "vpc-1", "subnet-pub", "10.0.1.10", Some("198.51.100.10"), &["sg-web"]));
    push(&mut t, "network_interfaces", eni("eni-other", "vpc-1", "subnet-pub", "10.0.1.11", None, &["sg-ssh"]));
    push(&mut t, "network_interfaces", eni("eni-app", "vpc-1", "subnet-priv", "10.0.2.10", Some("198.51.100.20"), &["sg-app"]));
    let snap = snapshot(t);
    let net = Network::build(&snap, Options::default());
    let (web, other, app) = (net.eni("eni-web").unwrap(), net.eni("eni-other").unwrap(), net.eni("eni-app").unwrap());
    let ok = net.between(web, app, Some(TCP), Some(8080));
    assert!(ok.reachable, "{:?}", ok.blocked);
    assert!(ok.path.iter().any(|h| h.id == "sg-app" && h.detail.contains("sg-web")));
    let no = net.between(other, app, Some(TCP), Some(8080));
    assert_eq!(no.blocked.unwrap().code, BlockCode::SecurityGroupDenies);
    // Not from the internet: a reference never matches internet sources (and this subnet has no IGW route either).
    assert!(!net.exposure(app, None).is_exposed());
}

#[test]
fn no_route_to_an_internet_gateway_means_no_exposure() {
    let mut t = base();
    push(&mut t, "network_interfaces", eni("eni-p", "vpc-1", "subnet-priv", "10.0.2.10", Some("198.51.100.10"), &["sg-ssh"]));
    let x = exposure(t.clone(), "eni-p");
    assert_eq!(blocked(&x), BlockCode::NoRouteToInternetGateway);
    assert_eq!(x.blocked.unwrap().component, "rtb-main");

    // A route to a gateway that is not attached to the VPC does not count either.
    replace(&mut t, "internet_gateways", "InternetGatewayId", "igw-1", json!({"InternetGatewayId": "igw-1", "Attachments": []}));
    push(&mut t, "network_interfaces", eni("eni-web", "vpc-1", "subnet-pub", "10.0.1.10", Some("198.51.100.11"), &["sg-ssh"]));
    let x = exposure(t, "eni-web");
    assert_eq!(blocked(&x), BlockCode::NoRouteToInternetGateway);
    assert!(x.blocked.unwrap().detail.contains("not attached"));
}

#[test]
fn egress_only_gateway_admits_nothing_inbound() {
    let mut t = base();
    push(&mut t, "egress_only_internet_gateways", json!({"EgressOnlyInternetGatewayId": "eigw-1", "Attachments": [{"VpcId": "vpc-1"}]}));
    push(
        &mut t,
        "subnets",
        json!({"SubnetId": "subnet-v6", "VpcId": "vpc-1", "CidrBlock": "10.0.3.0/24", "Ipv6CidrBlockAssociationSet": [{"Ipv6CidrBlock": "2001:db8:1::/64"}]}),
    );
    push(
        &mut t,
        "route_tables",
        table("rtb-v6", "vpc-1", vec![route("10.0.0.0/16", "local"), route("::/0", "eigw-1")], &["subnet-v6"], false),
    );
    replace(
        &mut t,
        "network_acls",
        "NetworkAclId",
        "acl-open",
        acl("acl-open", "vpc-1", open_entries(), &["subnet-pub", "subnet-priv", "subnet-v6"]),
    );
    push(&mut t, "security_groups", group("sg-v6", "vpc-1", vec![perm("tcp", Some((22, 22)), &["::/0"])]));
    let mut n = eni("eni-v6", "vpc-1", "subnet-v6", "10.0.3.10", None, &["sg-v6"]);
    n["Ipv6Addresses"] = json!([{"Ipv6Address": "2001:db8:1::10"}]);
    push(&mut t, "network_interfaces", n);
    let x = exposure(t, "eni-v6");
    assert_eq!(blocked(&x), BlockCode::EgressOnlyGateway);
}

#[test]
fn ipv6_rules_expose_over_ipv6_only() {
    let mut t = base();
    replace(
        &mut t,
        "route_tables",
        "RouteTableId",
        "rtb-pub",
        table(
            "rtb-pub",
            "vpc-1",
            vec![route("10.0.0.0/16", "local"), route("0.0.0.0/0", "igw-1"), route("::/0", "igw-1")],
            &["subnet-pub"],
            false,
        ),
    );
    push(&mut t, "security_groups", group("sg-v6", "vpc-1", vec![perm("tcp", Some((22, 22)), &["::/0"])]));
    let mut n = eni("eni-v6", "vpc-1", "subnet-pub", "10.0.1.20", Some("198.51.100.20"), &["sg-v6"]);
    n["Ipv6Addresses"] = json!([{"Ipv6Address": "2001:db8:1::20"}]);
    push(&mut t, "network_interfaces", n);
    let x = exposure(t, "eni-v6");
    let o: Vec<_> = x.openings_on(TCP, 22).collect();
    assert_eq!(o.len(), 1);
    // IPv6 global unicast only; no IPv4 source, since the group allows none.
    assert_eq!(o[0].sources, ["2000::/3 (every public IPv6 address)"]);
}

#[test]
fn nat_gateway_gives_no_inbound_path() {
    let mut t = base();
    push(&mut t, "nat_gateways", json!({"NatGatewayId": "nat-1", "SubnetId": "subnet-pub", "VpcId": "vpc-1"}));
    replace(
        &mut t,
        "route_tables",
        "RouteTableId",
        "rtb-main",
        table("rtb-main", "vpc-1", vec![route("10.0.0.0/16", "local"), route("0.0.0.0/0", "nat-1")], &[], true),
    );
    push(&mut t, "network_interfaces", eni("eni-p", "vpc-1", "subnet-priv", "10.0.2.10", Some("198.51.100.10"), &["sg-ssh"]));
    let x = exposure(t, "eni-p");
    assert_eq!(blocked(&x), BlockCode::NoRouteToInternetGateway);
    assert!(x.blocked.unwrap().detail.contains("nat-1"));
}

fn three_vpcs() -> Value {
    let mut t = base();
    for (v, cidr, s) in [("vpc-2", "10.2.0.0/16", "10.2.1.0/24"), ("vpc-3", "10.3.0.0/16", "10.3.1.0/24")] {
        push(&mut t, "vpcs", json!({"VpcId": v, "CidrBlock": cidr}));
        push(&mut t, "subnets", subnet(&format!("subnet-{v}"), v, s));
        push(&mut t, "network_acls", acl(&format!("acl-{v}"), v, open_entries(), &[&format!("subnet-{v}")]));
        push(&mut t, "security_groups", group(&format!("sg-{v}"), v, vec![perm("-1", None, &["10.0.0.0/8"])]));
        push(
            &mut t,
            "network_interfaces",
            eni(&format!("eni-{v}"), v, &format!("subnet-{v}"), &s.replace(".0/24", ".10"), None, &[&format!("sg-{v}")]),
        );
    }
    push(&mut t, "security_groups", group("sg-a", "vpc-1", vec![perm("-1", None, &["10.0.0.0/8"])]));
    push(&mut t, "network_interfaces", eni("eni-a", "vpc-1", "subnet-priv", "10.0.2.10", None, &["sg-a"]));
    let active = json!({"Code": "active"});
    push(
        &mut t,
        "vpc_peering_connections",
        json!({"VpcPeeringConnectionId": "pcx-12", "RequesterVpcInfo": {"VpcId": "vpc-1"}, "AccepterVpcInfo": {"VpcId": "vpc-2"}, "Status": active}),
    );
    push(
        &mut t,
        "vpc_peering_connections",
        json!({"VpcPeeringConnectionId": "pcx-23", "RequesterVpcInfo": {"VpcId": "vpc-2"}, "AccepterVpcInfo": {"VpcId": "vpc-3"}, "Status": active}),
    );
    // vpc-1 sends both 10.2/16 and 10.3/16 to pcx-12, hoping vpc-2 forwards.
    replace(
        &mut t,
        "route_tables",
        "RouteTableId",
        "rtb-main",
        table(
            "rtb-main",
            "vpc-1",
            vec![route("10.0.0.0/16", "local"), route("10.2.0.0/16", "pcx-12"), route("10.3.0.0/16", "pcx-12")],
            &[],
            true,
        ),
    );
    push(
        &mut t,
        "route_tables",
        table(
            "rtb-2",
            "vpc-2",
            vec![route("10.2.0.0/16", "local"), route("10.0.0.0/16", "pcx-12"), route("10.3.0.0/16", "pcx-23")],
            &["subnet-vpc-2"],
            true,
        ),
    );
    push(
        &mut t,
        "route_tables",
        table("rtb-3", "vpc-3", vec![route("10.3.0.0/16", "local"), route("10.0.0.0/16", "pcx-23")], &["subnet-vpc-3"], true),
    );
    t
}

#[test]
fn peering_is_not_transitive() {
    let snap = snapshot(three_vpcs());
    let net = Network::build(&snap, Options::default());
    let a = net.eni("eni-a").unwrap();
    let two = net.path(&Endpoint::Interface(a), &Endpoint::Interface(net.eni("eni-vpc-2").unwrap()), Some(TCP), Some(5432)).unwrap();
    assert!(two.reachable, "{:?}", two.blocked);
    assert!(two.path.iter().any(|h| h.id == "pcx-12"));
    let three = net.path(&Endpoint::Interface(a), &Endpoint::Interface(net.eni("eni-vpc-3").unwrap()), Some(TCP), Some(5432)).unwrap();
    let b = three.blocked.unwrap();
    assert_eq!(b.code, BlockCode::PeeringNotUsable);
    assert!(b.detail.contains("not transitive"), "{}", b.detail);
}

#[test]
fn peering_needs_a_return_route() {
    let mut t = three_vpcs();
    replace(
        &mut t,
        "route_tables",
        "RouteTableId",
        "rtb-2",
        table("rtb-2", "vpc-2", vec![route("10.2.0.0/16", "local")], &["subnet-vpc-2"], true),
    );
    let snap = snapshot(t);
    let net = Network::build(&snap, Options::default());
    let p = net.between(net.eni("eni-a").unwrap(), net.eni("eni-vpc-2").unwrap(), Some(TCP), Some(5432));
    assert_eq!(p.blocked.unwrap().code, BlockCode::NoReturnRoute);
}

#[test]
fn transit_gateway_routes_both_ways() {
    let mut t = three_vpcs();
    replace(
        &mut t,
        "route_tables",
        "RouteTableId",
        "rtb-main",
        table("rtb-main", "vpc-1", vec![route("10.0.0.0/16", "local"), route("10.3.0.0/16", "tgw-1")], &[], true),
    );
    replace(
        &mut t,
        "route_tables",
        "RouteTableId",
        "rtb-3",
        table("rtb-3", "vpc-3", vec![route("10.3.0.0/16", "local"), route("10.0.0.0/16", "tgw-1")], &["subnet-vpc-3"], true),
    );
    let att = |id: &str, vpc: &str| json!({"TransitGatewayAttachmentId": id, "TransitGatewayId": "tgw-1", "ResourceType": "vpc", "ResourceId": vpc, "State": "available", "Association": {"TransitGatewayRouteTableId": "tgw-rtb-1"}});
    t["transit_gateway_attachments"] = json!([att("tgw-attach-1", "vpc-1"), att("tgw-attach-3", "vpc-3")]);
    let r = |cidr: &str, a: &str, vpc: &str| json!({"DestinationCidrBlock": cidr, "Type": "propagated", "State": "active", "TransitGatewayAttachments": [{"ResourceId": vpc, "TransitGatewayAttachmentId": a, "ResourceType": "vpc"}]});
    t["transit_gateway_route_tables"] = json!([{"TransitGatewayRouteTableId": "tgw-rtb-1", "TransitGatewayId": "tgw-1", "Routes": [r("10.0.0.0/16", "tgw-attach-1", "vpc-1"), r("10.3.0.0/16", "tgw-attach-3", "vpc-3")]}]);
    let snap = snapshot(t.clone());
    let net = Network::build(&snap, Options::default());
    let p = net.between(net.eni("eni-a").unwrap(), net.eni("eni-vpc-3").unwrap(), Some(TCP), Some(443));
    assert!(p.reachable, "{:?}", p.blocked);
    assert!(p.path.iter().any(|h| h.id == "tgw-1"));

    // Without the TGW route back to vpc-1, the reply has nowhere to go.
    t["transit_gateway_route_tables"][0]["Routes"] = json!([r("10.3.0.0/16", "tgw-attach-3", "vpc-3")]);
    let snap = snapshot(t);
    let net = Network::build(&snap, Options::default());
    let p = net.between(net.eni("eni-a").unwrap(), net.eni("eni-vpc-3").unwrap(), Some(TCP), Some(443));
    assert_eq!(p.blocked.unwrap().code, BlockCode::TransitGatewayNoRoute);
}

#[test]
fn interface_without_public_address_is_not_exposed() {
    let mut t = base();
    push(&mut t, "network_interfaces", eni("eni-web", "vpc-1", "subnet-pub", "10.0.1.10", None, &["sg-ssh"]));
    let x = exposure(t.clone(), "eni-web");
    assert_eq!(blocked(&x), BlockCode::NoPublicAddress);
    // An Elastic IP on the interface makes it public.
    push(&mut t, "addresses", json!({"PublicIp": "198.51.100.99", "AllocationId": "eipalloc-1", "NetworkInterfaceId": "eni-web"}));
    let x = exposure(t, "eni-web");
    assert!(x.reaches(TCP, 22));
    assert_eq!(x.public_addresses, ["198.51.100.99"]);
}

#[test]
fn all_protocols_and_icmp() {
    let mut t = base();
    push(&mut t, "security_groups", group("sg-all", "vpc-1", vec![perm("-1", None, &["0.0.0.0/0"])]));
    push(&mut t, "security_groups", group("sg-ping", "vpc-1", vec![perm("icmp", Some((8, -1)), &["0.0.0.0/0"])]));
    push(&mut t, "network_interfaces", eni("eni-all", "vpc-1", "subnet-pub", "10.0.1.10", Some("198.51.100.10"), &["sg-all"]));
    push(&mut t, "network_interfaces", eni("eni-ping", "vpc-1", "subnet-pub", "10.0.1.11", Some("198.51.100.11"), &["sg-ping"]));
    let all = exposure(t.clone(), "eni-all");
    assert!(all.reaches(TCP, 1) && all.reaches(UDP, 65535) && all.reaches(47, 0));
    assert_eq!(all.openings.len(), 1);
    assert_eq!((all.openings[0].protocol.as_str(), all.openings[0].ports.as_str()), ("all", "all"));
    let ping = exposure(t, "eni-ping");
    assert!(ping.reaches(ICMP, 8 << 8), "echo request");
    assert!(!ping.reaches(ICMP, 13 << 8), "timestamp");
    assert!(!ping.reaches(TCP, 22));
    assert_eq!(ping.openings[0].ports, "type 8");
}

#[test]
fn prefix_lists_resolve_to_their_entries() {
    let mut t = base();
    t["managed_prefix_lists"] = json!([{"PrefixListId": "pl-office", "AddressFamily": "IPv4", "Entries": [{"Cidr": "203.0.113.0/24"}, {"Cidr": "198.51.100.128/25"}]}]);
    push(&mut t, "security_groups", group("sg-office", "vpc-1", vec![perm("tcp", Some((22, 22)), &["pl-office"])]));
    push(&mut t, "security_groups", group("sg-lost", "vpc-1", vec![perm("tcp", Some((22, 22)), &["pl-missing"])]));
    push(&mut t, "network_interfaces", eni("eni-o", "vpc-1", "subnet-pub", "10.0.1.10", Some("192.0.2.10"), &["sg-office"]));
    push(&mut t, "network_interfaces", eni("eni-l", "vpc-1", "subnet-pub", "10.0.1.11", Some("192.0.2.11"), &["sg-lost"]));
    let x = exposure(t.clone(), "eni-o");
    let mut sources = x.openings_on(TCP, 22).next().unwrap().sources.clone();
    sources.sort();
    assert_eq!(sources, ["198.51.100.128/25", "203.0.113.0/24"]);
    assert!(x.caveats.is_empty());
    // An unresolved list reaches nothing we can see, and says so: not a pass.
    let l = exposure(t, "eni-l");
    assert!(!l.is_exposed());
    assert_eq!(l.caveats, ["prefix list pl-missing in sg-lost was not resolved"]);
}

#[test]
fn each_interface_is_judged_by_its_own_groups() {
    let mut t = base();
    push(&mut t, "security_groups", group("sg-closed", "vpc-1", vec![]));
    let mut a = eni("eni-1", "vpc-1", "subnet-pub", "10.0.1.10", Some("198.51.100.10"), &["sg-ssh"]);
    a["Attachment"] = json!({"InstanceId": "i-1", "DeviceIndex": 0});
    let mut b = eni("eni-2", "vpc-1", "subnet-pub", "10.0.1.11", Some("198.51.100.11"), &["sg-closed"]);
    b["Attachment"] = json!({"InstanceId": "i-1", "DeviceIndex": 1});
    push(&mut t, "network_interfaces", a);
    push(&mut t, "network_interfaces", b);
    // The instance record lists only the closed group (as the primary interface's groups may differ).
    t["instances"] = json!([{"InstanceId": "i-1", "SubnetId": "subnet-pub", "VpcId": "vpc-1", "SecurityGroups": [{"GroupId": "sg-closed"}],
                             "NetworkInterfaces": [{"NetworkInterfaceId": "eni-1"}, {"NetworkInterfaceId": "eni-2"}]}]);
    let snap = snapshot(t);
    let net = Network::build(&snap, Options::default());
    assert_eq!(net.instance_enis("i-1").len(), 2);
    assert!(net.exposure(net.eni("eni-1").unwrap(), None).reaches(TCP, 22));
    assert_eq!(net.exposure(net.eni("eni-2").unwrap(), None).blocked.unwrap().code, BlockCode::SecurityGroupDenies);
}

#[test]
fn ssh_from_one_prefix_is_reachable_from_that_prefix_only() {
    let mut t = base();
    push(&mut t, "security_groups", group("sg-admin", "vpc-1", vec![perm("tcp", Some((22, 22)), &["203.0.113.0/24"])]));
    push(&mut t, "network_interfaces", eni("eni-a", "vpc-1", "subnet-pub", "10.0.1.10", Some("198.51.100.10"), &["sg-admin"]));
    let snap = snapshot(t);
    let net = Network::build(&snap, Options::default());
    let e = net.eni("eni-a").unwrap();
    let x = net.exposure(e, None);
    assert_eq!(x.openings_on(TCP, 22).next().unwrap().sources, ["203.0.113.0/24"]);
    let from = |ip: &str| Endpoint::Internet(mamori_net::space::parse_addr(ip));
    assert!(net.path(&from("203.0.113.7"), &Endpoint::Interface(e), Some(TCP), Some(22)).unwrap().reachable);
    let other = net.path(&from("192.0.2.7"), &Endpoint::Interface(e), Some(TCP), Some(22)).unwrap();
    assert_eq!(other.blocked.unwrap().code, BlockCode::SecurityGroupDenies);
}

#[test]
fn blackhole_routes_stop_traffic() {
    let mut t = three_vpcs();
    replace(
        &mut t,
        "route_tables",
        "RouteTableId",
        "rtb-main",
        table("rtb-main", "vpc-1", vec![route("10.0.0.0/16", "local"), route("10.2.0.0/16", "blackhole")], &[], true),
    );
    let snap = snapshot(t);
    let net = Network::build(&snap, Options::default());
    let p = net.between(net.eni("eni-a").unwrap(), net.eni("eni-vpc-2").unwrap(), None, None);
    assert_eq!(p.blocked.unwrap().code, BlockCode::RouteBlackhole);
}

#[test]
fn acls_are_skipped_inside_one_subnet() {
    let mut t = base();
    let deny_all = vec![entry(100, "-1", "deny", false, "0.0.0.0/0", None), entry(100, "-1", "deny", true, "0.0.0.0/0", None)];
    replace(&mut t, "network_acls", "NetworkAclId", "acl-open", acl("acl-open", "vpc-1", deny_all, &["subnet-pub", "subnet-priv"]));
    push(&mut t, "security_groups", group("sg-in", "vpc-1", vec![perm("tcp", Some((5432, 5432)), &["10.0.0.0/16"])]));
    push(&mut t, "network_interfaces", eni("eni-1", "vpc-1", "subnet-priv", "10.0.2.10", None, &["sg-in"]));
    push(&mut t, "network_interfaces", eni("eni-2", "vpc-1", "subnet-priv", "10.0.2.11", None, &["sg-in"]));
    push(&mut t, "network_interfaces", eni("eni-3", "vpc-1", "subnet-pub", "10.0.1.11", None, &["sg-in"]));
    let snap = snapshot(t);
    let net = Network::build(&snap, Options::default());
    let same = net.between(net.eni("eni-1").unwrap(), net.eni("eni-2").unwrap(), Some(TCP), Some(5432));
    assert!(same.reachable);
    let across = net.between(net.eni("eni-3").unwrap(), net.eni("eni-2").unwrap(), Some(TCP), Some(5432));
    assert_eq!(across.blocked.unwrap().code, BlockCode::AclDenies);
}

#[test]
fn prefixes_parse_cover_and_print() {
    use mamori_net::Prefix;
    let p = |s| Prefix::parse(s).unwrap();
    assert!(p("10.0.0.0/16").covers(&p("10.0.5.0/24")));
    assert!(!p("10.0.5.0/24").covers(&p("10.0.0.0/16")));
    assert!(p("0.0.0.0/0").covers(&p("192.0.2.1/32")));
    assert!(p("2001:db8::/32").covers(&p("2001:db8:1::/48")));
    assert!(!p("10.0.0.0/8").covers(&p("2001:db8::/32")));
    assert!(Prefix::parse("10.0.0.0/33").is_none());
    assert!(Prefix::parse("nonsense").is_none());
    assert_eq!(p("10.1.2.3/16"), p("10.1.0.0/16"));
    assert_eq!(p("10.1.2.3/16").to_string(), "10.1.0.0/16");
    let span = mamori_net::Span { lo: p("10.0.0.0/32").addr, hi: p("10.0.2.255/32").addr };
    let parts: Vec<String> = mamori_net::space::prefixes(mamori_net::Family::V4, span).iter().map(ToString::to_string).collect();
    assert_eq!(parts, ["10.0.0.0/23", "10.0.2.0/24"]);
}
