//! Properties of the engine over random rule sets.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)]

mod common;

use common::*;
use mamori_net::space::{Cube, Family, Header, HeaderSet, Span};
use mamori_net::{Network, Options};
use proptest::prelude::*;
use serde_json::Value;

const CIDRS: &[&str] =
    &["0.0.0.0/0", "198.51.100.0/24", "198.51.100.0/25", "203.0.113.0/24", "192.0.2.128/26", "10.0.0.0/8", "::/0", "2001:db8::/32"];
const PROTOS: &[&str] = &["6", "17", "-1", "1"];

fn acl_entry(egress: bool) -> impl Strategy<Value = Value> {
    (1i32..200, 0..PROTOS.len(), any::<bool>(), 0..CIDRS.len(), 0i32..1100, 0i32..70000).prop_map(move |(n, p, allow, c, lo, span)| {
        let proto = PROTOS[p];
        let hi = (lo + span).min(65535);
        let ports = (proto == "6" || proto == "17").then_some((lo, hi));
        entry(n, proto, if allow { "allow" } else { "deny" }, egress, CIDRS[c], ports)
    })
}

fn sg_rule() -> impl Strategy<Value = Value> {
    (0..PROTOS.len(), 0..CIDRS.len(), 0i32..1100, 0i32..2000).prop_map(|(p, c, lo, span)| {
        let proto = match PROTOS[p] {
            "6" => "tcp",
            "17" => "udp",
            "1" => "icmp",
            _ => "-1",
        };
        let ports = match proto {
            "tcp" | "udp" => Some((lo, (lo + span).min(65535))),
            "icmp" => Some((8, -1)),
            _ => None,
        };
        perm(proto, ports, &[CIDRS[c]])
    })
}

#[derive(Clone, Debug)]
struct Topo {
    inbound: Vec<Value>,
    outbound: Vec<Value>,
    rules: Vec<Value>,
}

fn topo() -> impl Strategy<Value = Topo> {
    (prop::collection::vec(acl_entry(false), 0..6), prop::collection::vec(acl_entry(true), 0..6), prop::collection::vec(sg_rule(), 0..6))
        .prop_map(|(inbound, outbound, rules)| Topo { inbound, outbound, rules })
}

fn build(t: &Topo, default_route: bool) -> Value {
    let mut v = base();
    let entries: Vec<Value> = t.inbound.iter().chain(&t.outbound).cloned().collect();
    replace(&mut v, "network_acls", "NetworkAclId", "acl-open", acl("acl-open", "vpc-1", entries, &["subnet-pub", "subnet-priv"]));
    let mut routes = vec![route("10.0.0.0/16", "local"), route("2001:db8:1::/56", "local")];
    if default_route {
        routes.push(route("0.0.0.0/0", "igw-1"));
        routes.push(route("::/0", "igw-1"));
    }
    replace(&mut v, "route_tables", "RouteTableId", "rtb-pub", table("rtb-pub", "vpc-1", routes, &["subnet-pub"], false));
    push(&mut v, "security_groups", group("sg-x", "vpc-1", t.rules.clone()));
    let mut n = eni("eni-x", "vpc-1", "subnet-pub", "10.0.1.10", Some("198.51.100.10"), &["sg-x"]);
    n["Ipv6Addresses"] = serde_json::json!([{"Ipv6Address": "2001:db8:1::10"}]);
    push(&mut v, "network_interfaces", n);
    v
}

fn exposed(v: Value) -> HeaderSet {
    let snap = snapshot(v);
    let net = Network::build(&snap, Options::default());
    net.exposure(net.eni("eni-x").unwrap(), None).set
}

fn is_subset(a: &HeaderSet, b: &HeaderSet) -> bool {
    let mut rest = a.clone();
    rest.subtract(b);
    rest.is_empty()
}

fn cube() -> impl Strategy<Value = Cube> {
    (any::<bool>(), 0u128..64, 0u128..64, 0u8..8, 0u8..8, 0u16..32, 0u16..32).prop_map(|(v6, a, b, p, q, x, y)| Cube {
        family: if v6 { Family::V6 } else { Family::V4 },
        addr: Span { lo: a.min(b), hi: a.max(b) },
        proto: Span { lo: p.min(q), hi: p.max(q) },
        port: Span { lo: x.min(y), hi: x.max(y) },
    })
}

fn every_header() -> impl Iterator<Item = Header> {
    [Family::V4, Family::V6].into_iter().flat_map(|family| {
        (0u128..66).flat_map(move |addr| (0u8..9).flat_map(move |proto| (0u16..34).map(move |port| Header { family, addr, proto, port })))
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    /// Set operations agree with membership, header by header.
    #[test]
    fn set_algebra_matches_membership(a in prop::collection::vec(cube(), 0..5), b in prop::collection::vec(cube(), 0..5)) {
        let mut sa = HeaderSet::empty();
        a.iter().for_each(|c| sa.add(*c));
        let mut sb = HeaderSet::empty();
        b.iter().for_each(|c| sb.add(*c));
        let inter = sa.intersect(&sb);
        let mut union = sa.clone();
        union.union(&sb);
        let mut diff = sa.clone();
        diff.subtract(&sb);
        let mut compacted = union.clone();
        compacted.compact();
        for h in every_header() {
            let (ia, ib) = (a.iter().any(|c| c.contains(&h)), b.iter().any(|c| c.contains(&h)));
            prop_assert_eq!(sa.contains(&h), ia);
            prop_assert_eq!(inter.contains(&h), ia && ib);
            prop_assert_eq!(union.contains(&h), ia || ib);
            prop_assert_eq!(diff.contains(&h), ia && !ib);
            prop_assert_eq!(compacted.contains(&h), ia || ib);
        }
        // Boxes stay disjoint.
        let cubes = union.cubes();
        for (i, x) in cubes.iter().enumerate() {
            for y in &cubes[i + 1..] {
                prop_assert!(x.intersect(y).is_none());
            }
        }
    }

    /// Adding an allow rule (to the ACL in either direction, or to the group) never removes reachability.
    #[test]
    fn an_allow_rule_never_removes_reachability(t in topo(), extra_in in acl_entry(false), extra_out in acl_entry(true), extra_sg in sg_rule(), which in 0..3usize) {
        let before = exposed(build(&t, true));
        let mut more = t.clone();
        match which {
            0 => { let mut e = extra_in; e["RuleAction"] = "allow".into(); more.inbound.push(e); }
            1 => { let mut e = extra_out; e["RuleAction"] = "allow".into(); more.outbound.push(e); }
            _ => more.rules.push(extra_sg),
        }
        let after = exposed(build(&more, true));
        prop_assert!(is_subset(&before, &after), "before {:?}\nafter {:?}", before, after);
    }

    /// Without its default routes to the internet gateway, a subnet has no internet exposure at all.
    #[test]
    fn removing_the_default_route_removes_all_exposure(t in topo()) {
        prop_assert!(exposed(build(&t, false)).is_empty());
    }

    /// The same configuration always gives the same exposure.
    #[test]
    fn exposure_is_deterministic(t in topo()) {
        prop_assert_eq!(exposed(build(&t, true)), exposed(build(&t, true)));
    }
}
