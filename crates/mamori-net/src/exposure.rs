//! Internet exposure: which protocols and ports of each interface the
//! internet reaches, from which sources, and through what.
//!
//! Inbound from the internet needs, in series: a public address on the
//! interface (IPv4) or an IPv6 address; a route in the subnet's table that
//! sends the reply to an internet gateway attached to the VPC (the gateway
//! only forwards to addresses whose replies come back through it); the
//! subnet's network ACL inbound rules; its outbound rules for the reply on
//! an ephemeral port (ACLs are stateless); and a security group rule on the
//! interface (groups are stateful). Each stage is a header set; the exposure
//! is their intersection.

use std::collections::{BTreeMap, HashMap};

use rayon::prelude::*;
use serde::Serialize;

use crate::explain::{Block, BlockCode, Hop};
use crate::model::{Eni, Network, Target};
use crate::space::{self, addr_text, proto, Cube, Family, Header, HeaderSet, Prefix, Span, ALL_PORTS, ALL_PROTOCOLS};

/// The addresses a packet from the internet can come from: IPv4 without
/// private, shared, loopback, link-local, multicast and reserved space;
/// IPv6 global unicast.
pub fn internet() -> HeaderSet {
    let mut v4 = HeaderSet::from_cube(Cube::all(Family::V4));
    for p in ["0.0.0.0/8", "10.0.0.0/8", "100.64.0.0/10", "127.0.0.0/8", "169.254.0.0/16", "172.16.0.0/12", "192.168.0.0/16", "224.0.0.0/3"]
    {
        if let Some(p) = Prefix::parse(p) {
            v4.subtract_cube(&p.cube());
        }
    }
    let mut all = v4;
    if let Some(p) = Prefix::parse("2000::/3") {
        all.add(p.cube());
    }
    all
}

/// What the internet reaches on one interface.
#[derive(Clone, Debug, Serialize)]
pub struct Exposure {
    pub interface: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub instance: Option<String>,
    pub account: String,
    pub region: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub vpc: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub subnet: Option<String>,
    pub public_addresses: Vec<String>,
    pub openings: Vec<Opening>,
    /// Why nothing (of what was asked) gets through.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub blocked: Option<Block>,
    /// What could not be resolved: an empty exposure with caveats is not proof of safety.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub caveats: Vec<String>,
    #[serde(skip)]
    pub set: HeaderSet,
}

/// One protocol and port range reachable from some sources.
#[derive(Clone, Debug, Serialize)]
pub struct Opening {
    pub protocol: String,
    pub ports: String,
    pub sources: Vec<String>,
    /// One path, for the first source and port: inbound hops, then the return.
    pub path: Vec<Hop>,
    #[serde(skip)]
    pub proto: Span<u8>,
    #[serde(skip)]
    pub port: Span<u16>,
}

impl Exposure {
    pub fn is_exposed(&self) -> bool {
        !self.set.is_empty()
    }

    /// Whether the internet reaches `port` of `protocol`.
    pub fn reaches(&self, protocol: u8, port: u16) -> bool {
        self.set.cubes().iter().any(|c| c.proto.contains(protocol) && c.port.contains(port))
    }

    /// The openings that include `port` of `protocol`.
    pub fn openings_on(&self, protocol: u8, port: u16) -> impl Iterator<Item = &Opening> {
        self.openings.iter().filter(move |o| o.proto.contains(protocol) && o.port.contains(port))
    }
}

/// The stages of one subnet, computed once and shared by its interfaces.
#[derive(Clone, Debug, Default)]
pub(crate) struct Gate {
    routed: HeaderSet,
    acl_in: HeaderSet,
    returned: HeaderSet,
}

impl<'a> Network<'a> {
    pub(crate) fn gate(&self, subnet: Option<&str>, internet: &HeaderSet) -> Gate {
        let Some(subnet) = subnet else { return Gate::default() };
        let vpc = self.subnet(subnet).and_then(|s| s.vpc);
        let routed = match self.table_of(subnet) {
            Some(t) => internet.intersect(&t.addresses_where(|tg| matches!(tg, Target::InternetGateway(g) if self.igw_attached(g, vpc)))),
            None => HeaderSet::empty(),
        };
        let (acl_in, returned) = match self.acl_of(subnet) {
            Some(acl) => {
                let acl_in = routed.intersect(acl.allowed(false));
                let returned = acl_in.intersect(&acl.allowed(true).returnable(self.options.ephemeral));
                (acl_in, returned)
            }
            None => (routed.clone(), routed.clone()),
        };
        Gate { routed, acl_in, returned }
    }

    /// The internet exposure of every interface, in parallel; stages are
    /// shared per subnet and group sets per combination.
    pub fn exposures(&self) -> Vec<Exposure> {
        let internet = internet();
        let mut subnets: Vec<Option<&str>> = self.enis.iter().map(|e| e.subnet).collect();
        subnets.sort_unstable();
        subnets.dedup();
        let gates: HashMap<Option<&str>, Gate> = subnets.par_iter().map(|s| (*s, self.gate(*s, &internet))).collect();
        // Group sets matter only where the subnet's stages let something through.
        let open_gate = |e: &Eni<'_>| gates.get(&e.subnet).is_some_and(|g| !g.returned.is_empty());
        let mut combos: Vec<Vec<&str>> =
            self.enis.iter().filter(|e| (!e.public.is_empty() || !e.ipv6.is_empty()) && open_gate(e)).map(|e| sorted(&e.groups)).collect();
        combos.sort_unstable();
        combos.dedup();
        let groups: HashMap<Vec<&str>, HeaderSet> = combos
            .into_par_iter()
            .map(|g| {
                let set = self.group_set(&g, false, None);
                (g, set)
            })
            .collect();
        let empty = HeaderSet::empty();
        self.enis
            .par_iter()
            .map(|e| {
                let gate = gates.get(&e.subnet).cloned().unwrap_or_default();
                let sg = groups.get(&sorted(&e.groups)).unwrap_or(&empty);
                self.expose(e, &gate, sg, None, &internet)
            })
            .collect()
    }

    /// The exposure of one interface, optionally only for headers in `only`.
    pub fn exposure(&self, eni: &Eni<'a>, only: Option<&HeaderSet>) -> Exposure {
        let internet = internet();
        let gate = self.gate(eni.subnet, &internet);
        let sg = self.group_set(&eni.groups, false, None);
        self.expose(eni, &gate, &sg, only, &internet)
    }

    fn expose(&self, e: &Eni<'a>, gate: &Gate, sg: &HeaderSet, only: Option<&HeaderSet>, internet: &HeaderSet) -> Exposure {
        let mut caveats = self.group_caveats(&e.groups);
        if let Some(s) = e.subnet {
            if self.subnet(s).is_none() {
                caveats.push(format!("subnet {s} was not collected"));
            } else {
                if self.table_of(s).is_none() {
                    caveats.push(format!("no route table found for subnet {s}"));
                }
                if self.acl_of(s).is_none() {
                    caveats.push(format!("no network ACL found for subnet {s}; treated as allowing everything"));
                }
            }
        }
        let restrict = |set: &HeaderSet| {
            let mut out = HeaderSet::empty();
            if !e.public.is_empty() {
                out.union(&set.family(Family::V4));
            }
            if !e.ipv6.is_empty() {
                out.union(&set.family(Family::V6));
            }
            match only {
                Some(c) => out.intersect(c),
                None => out,
            }
        };
        let mut set = restrict(&gate.returned).intersect(sg);
        set.compact();
        let mut x = Exposure {
            interface: e.id.to_string(),
            instance: e.instance.map(str::to_string),
            account: e.account.to_string(),
            region: e.region.to_string(),
            vpc: e.vpc.map(str::to_string),
            subnet: e.subnet.map(str::to_string),
            public_addresses: e
                .public
                .iter()
                .map(|&a| addr_text(Family::V4, a))
                .chain(e.ipv6.iter().map(|&a| addr_text(Family::V6, a)))
                .collect(),
            openings: Vec::new(),
            blocked: None,
            caveats,
            set: HeaderSet::empty(),
        };
        if set.is_empty() {
            x.blocked = Some(self.why_blocked(e, gate, &restrict, internet));
        } else {
            x.openings = self.openings(e, &set);
        }
        x.set = set;
        x
    }

    /// The first stage that leaves nothing.
    fn why_blocked(&self, e: &Eni<'a>, gate: &Gate, restrict: &dyn Fn(&HeaderSet) -> HeaderSet, internet: &HeaderSet) -> Block {
        let start = restrict(internet);
        if start.is_empty() {
            return Block::new(BlockCode::NoPublicAddress, e.id, "the interface has no public IPv4 address, Elastic IP or IPv6 address");
        }
        let table = e.subnet.and_then(|s| self.table_of(s));
        let routed = restrict(&gate.routed);
        if routed.is_empty() {
            let tid = table.map_or("-", |t| t.id);
            let eigw = table.is_some_and(|t| t.routes.iter().any(|r| matches!(r.target, Target::EgressOnlyGateway(_))));
            if eigw && !e.ipv6.is_empty() && e.public.is_empty() {
                return Block::new(
                    BlockCode::EgressOnlyGateway,
                    tid,
                    "IPv6 leaves through an egress-only internet gateway, which admits no inbound connection",
                );
            }
            let detail = match table {
                Some(t) => match t.routes.iter().find(|r| matches!(r.target, Target::InternetGateway(_))) {
                    Some(r) => format!("route {} → {} uses a gateway not attached to the VPC", r.destination, r.target.id()),
                    None => {
                        let default = t
                            .routes
                            .iter()
                            .find(|r| r.prefix.len == 0)
                            .map(|r| format!(" (default route → {})", r.target.id()))
                            .unwrap_or_default();
                        format!("no route to an internet gateway{default}")
                    }
                },
                None => "the subnet has no route table".into(),
            };
            return Block::new(BlockCode::NoRouteToInternetGateway, tid, detail);
        }
        let acl = e.subnet.and_then(|s| self.acl_of(s));
        let acl_in = restrict(&gate.acl_in);
        if acl_in.is_empty() {
            let h = first(&routed);
            let (id, detail) = match (acl, h) {
                (Some(a), Some(h)) => (a.id, acl_verdict(a.decide(false, &h), "inbound", &h)),
                (Some(a), None) => (a.id, "inbound rules admit nothing".into()),
                (None, _) => ("-", "no network ACL".into()),
            };
            return Block::new(BlockCode::AclDenies, id, detail);
        }
        let returned = restrict(&gate.returned);
        if returned.is_empty() {
            let id = acl.map_or("-", |a| a.id);
            return Block::new(
                BlockCode::AclDeniesReturn,
                id,
                format!(
                    "outbound rules allow no reply to the internet on ephemeral ports {}-{}",
                    self.options.ephemeral.lo, self.options.ephemeral.hi
                ),
            );
        }
        let names = if e.groups.is_empty() { "no security group".to_string() } else { e.groups.join(", ") };
        let detail = if e.groups.is_empty() {
            "the interface has no security group".to_string()
        } else {
            format!("no inbound rule of {names} admits what the route table and network ACL let through")
        };
        Block::new(BlockCode::SecurityGroupDenies, names, detail)
    }

    fn openings(&self, e: &Eni<'a>, set: &HeaderSet) -> Vec<Opening> {
        let mut grouped: BTreeMap<(Span<u8>, Span<u16>), Vec<&Cube>> = BTreeMap::new();
        for c in set.cubes() {
            grouped.entry((c.proto, c.port)).or_default().push(c);
        }
        grouped
            .into_iter()
            .map(|((pr, port), cubes)| {
                let mut sources: Vec<String> = Vec::new();
                for family in [Family::V4, Family::V6] {
                    let mut spans: Vec<Span<u128>> = cubes.iter().filter(|c| c.family == family).map(|c| c.addr).collect();
                    spans.sort();
                    if spans.is_empty() {
                        continue;
                    }
                    if self.public_spans.get(usize::from(family == Family::V6)) == Some(&spans) {
                        // Everything the internet can send from: say so rather than list the ranges.
                        sources.push(match family {
                            Family::V4 => "0.0.0.0/0 (every public IPv4 address)".into(),
                            Family::V6 => "2000::/3 (every public IPv6 address)".into(),
                        });
                    } else {
                        sources.extend(spans.iter().map(|s| space::span_text(family, *s)));
                    }
                }
                if sources.len() > 16 {
                    let n = sources.len();
                    sources.truncate(16);
                    sources.push(format!("… {} more ranges", n - 16));
                }
                let path = cubes.first().map(|c| self.inbound_path(e, &c.example())).unwrap_or_default();
                Opening { protocol: space::proto_text(pr), ports: space::port_text(pr, port), sources, path, proto: pr, port }
            })
            .collect()
    }

    /// The components one internet packet crosses to reach `e`, and its reply.
    pub fn inbound_path(&self, e: &Eni<'a>, h: &Header) -> Vec<Hop> {
        let mut hops = vec![Hop::new(
            "internet",
            addr_text(h.family, h.addr),
            format!("{} {}", proto::name(h.proto), space::port_text(Span::one(h.proto), Span::one(h.port))),
        )];
        let table = e.subnet.and_then(|s| self.table_of(s));
        let route = table.and_then(|t| t.lookup(h.family, h.addr));
        if let Some(r) = route {
            hops.push(Hop::new("internet-gateway", r.target.id(), "forwards to the interface's public address"));
        }
        if let (Some(t), Some(r)) = (table, route) {
            hops.push(Hop::new("route-table", t.id, format!("reply route {} → {}", r.destination, r.target.id())));
        }
        let acl = e.subnet.and_then(|s| self.acl_of(s));
        if let Some(a) = acl {
            hops.push(Hop::new("network-acl", a.id, acl_verdict(a.decide(false, h), "inbound", h)));
        }
        for g in &e.groups {
            if let Some(group) = self.groups.get(g) {
                for r in &group.inbound {
                    let hit =
                        r.proto.contains(h.proto) && r.port.contains(h.port) && r.prefixes.iter().any(|p| p.contains(h.family, h.addr));
                    if hit {
                        hops.push(Hop::new("security-group", *g, format!("inbound rule {}", r.text)));
                    }
                }
            }
        }
        let local = match h.family {
            Family::V4 => e.private.first().map(|&a| addr_text(Family::V4, a)),
            Family::V6 => e.ipv6.first().map(|&a| addr_text(Family::V6, a)),
        };
        hops.push(Hop::new("network-interface", e.id, local.unwrap_or_default()));
        if let Some(a) = acl {
            let reply = self.reply_rule(a, h);
            hops.push(Hop::new("network-acl", a.id, reply));
        }
        hops
    }

    /// The outbound ACL rule that lets the reply to `h` out, as text.
    fn reply_rule(&self, a: &crate::model::Acl<'_>, h: &Header) -> String {
        let eph = self.options.ephemeral;
        let out = a.allowed(true);
        let back = out.intersect_cube(&Cube {
            family: h.family,
            addr: Span::one(h.addr),
            proto: Span::one(h.proto),
            port: if proto::has_ports(h.proto) { eph } else { ALL_PORTS },
        });
        match back.cubes().first() {
            Some(c) => {
                let reply = Header { family: h.family, addr: h.addr, proto: h.proto, port: c.port.lo };
                let rule = a.decide(true, &reply).map_or("-".to_string(), |r| r.number.to_string());
                format!("return: outbound rule {rule} allows the reply on {}", space::port_text(Span::one(h.proto), c.port))
            }
            None => "return: no outbound rule allows the reply".into(),
        }
    }
}

fn sorted<'a>(g: &[&'a str]) -> Vec<&'a str> {
    let mut v = g.to_vec();
    v.sort_unstable();
    v.dedup();
    v
}

fn first(set: &HeaderSet) -> Option<Header> {
    set.cubes().iter().min().map(Cube::example)
}

/// `inbound rule 100 denies tcp 22 from 203.0.113.1` / `the default rule denies ...`.
pub(crate) fn acl_verdict(rule: Option<&crate::model::AclRule>, direction: &str, h: &Header) -> String {
    let what = format!(
        "{} {} {} {}",
        proto::name(h.proto),
        space::port_text(Span::one(h.proto), Span::one(h.port)),
        if direction == "inbound" { "from" } else { "to" },
        addr_text(h.family, h.addr)
    );
    match rule {
        Some(r) if r.number < 32767 => format!("{direction} rule {} {} {what}", r.number, if r.allow { "allows" } else { "denies" }),
        _ => format!("{direction} default rule (*) denies {what}"),
    }
}

/// Every header of a protocol (all when `None`) and port (all when `None`), both families.
pub fn only(protocol: Option<u8>, port: Option<u16>) -> HeaderSet {
    let mut out = HeaderSet::empty();
    for family in [Family::V4, Family::V6] {
        out.add(Cube {
            family,
            addr: Span { lo: 0, hi: family.max() },
            proto: protocol.map_or(ALL_PROTOCOLS, Span::one),
            port: port.map_or(ALL_PORTS, Span::one),
        });
    }
    out
}
