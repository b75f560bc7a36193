//! Path queries: can traffic get from one endpoint to another, on which
//! protocols and ports, through what — or which component stops it.

use serde::Serialize;

use crate::explain::{Block, BlockCode, Hop};
use crate::exposure::acl_verdict;
use crate::model::{Eni, Network, Target};
use crate::space::{self, addr_text, proto, Cube, Family, Header, HeaderSet, Span, ALL_PORTS, ALL_PROTOCOLS};

/// One end of a path.
#[derive(Clone, Debug)]
pub enum Endpoint<'n, 'a> {
    /// The internet, optionally one address of it.
    Internet(Option<(Family, u128)>),
    Interface(&'n Eni<'a>),
}

impl Endpoint<'_, '_> {
    pub fn name(&self) -> String {
        match self {
            Endpoint::Internet(None) => "internet".into(),
            Endpoint::Internet(Some((f, a))) => addr_text(*f, *a),
            Endpoint::Interface(e) => match e.instance {
                Some(i) if i != e.id => format!("{} ({i})", e.id),
                _ => e.id.to_string(),
            },
        }
    }
}

/// The answer to a path query.
#[derive(Clone, Debug, Serialize)]
pub struct PathAnswer {
    pub source: String,
    pub destination: String,
    pub reachable: bool,
    /// What gets through: `tcp 22`, with the sources for internet queries.
    pub allowed: Vec<String>,
    /// The path of one allowed packet, inbound then return.
    pub path: Vec<Hop>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub blocked: Option<Block>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub caveats: Vec<String>,
    #[serde(skip)]
    pub set: HeaderSet,
}

/// Why an endpoint pair cannot be asked about.
#[derive(Debug)]
pub enum QueryError {
    /// Paths that start at an interface and end on the internet are not modelled.
    OutboundToInternet,
    /// Both ends are the internet.
    InternetToInternet,
}

impl std::error::Error for QueryError {}

impl std::fmt::Display for QueryError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            QueryError::OutboundToInternet => {
                f.write_str("paths from an interface to the internet are not computed; ask from the internet to the interface")
            }
            QueryError::InternetToInternet => f.write_str("both ends are on the internet"),
        }
    }
}

impl<'a> Network<'a> {
    /// Whether `protocol` (all when `None`) on `port` (all when `None`) gets from `src` to `dst`.
    pub fn path(
        &self,
        src: &Endpoint<'_, 'a>,
        dst: &Endpoint<'_, 'a>,
        protocol: Option<u8>,
        port: Option<u16>,
    ) -> Result<PathAnswer, QueryError> {
        match (src, dst) {
            (Endpoint::Internet(addr), Endpoint::Interface(e)) => Ok(self.inbound_query(src, e, *addr, protocol, port)),
            (Endpoint::Interface(s), Endpoint::Interface(d)) => Ok(self.between(s, d, protocol, port)),
            (Endpoint::Interface(_), Endpoint::Internet(_)) => Err(QueryError::OutboundToInternet),
            (Endpoint::Internet(_), Endpoint::Internet(_)) => Err(QueryError::InternetToInternet),
        }
    }

    fn inbound_query(
        &self,
        src: &Endpoint<'_, 'a>,
        e: &Eni<'a>,
        addr: Option<(Family, u128)>,
        protocol: Option<u8>,
        port: Option<u16>,
    ) -> PathAnswer {
        let mut want = crate::exposure::only(protocol, port);
        if let Some((f, a)) = addr {
            want = want.intersect_cube(&Cube { family: f, addr: Span::one(a), proto: ALL_PROTOCOLS, port: ALL_PORTS });
        }
        let x = self.exposure(e, Some(&want));
        let allowed = x.openings.iter().map(|o| format!("{} {} from {}", o.protocol, o.ports, o.sources.join(", "))).collect();
        PathAnswer {
            source: src.name(),
            destination: Endpoint::Interface(e).name(),
            reachable: x.is_exposed(),
            allowed,
            path: x.openings.first().map(|o| o.path.clone()).unwrap_or_default(),
            blocked: x.blocked,
            caveats: x.caveats,
            set: x.set,
        }
    }

    /// From one interface to another, over private addresses.
    pub fn between(&self, s: &Eni<'a>, d: &Eni<'a>, protocol: Option<u8>, port: Option<u16>) -> PathAnswer {
        let mut answer = PathAnswer {
            source: Endpoint::Interface(s).name(),
            destination: Endpoint::Interface(d).name(),
            reachable: false,
            allowed: Vec::new(),
            path: Vec::new(),
            blocked: None,
            caveats: self.group_caveats(&s.groups).into_iter().chain(self.group_caveats(&d.groups)).collect(),
            set: HeaderSet::empty(),
        };
        let pick = |f: Family| Some((f, *s.addresses(f).first()?, *d.addresses(f).first()?));
        let Some((family, sa, da)) = pick(Family::V4).or_else(|| pick(Family::V6)) else {
            answer.blocked = Some(Block::new(BlockCode::UnknownEndpoint, d.id, "the two interfaces share no address family"));
            return answer;
        };
        let cross = s.subnet != d.subnet;
        let want = HeaderSet::from_cube(Cube {
            family,
            addr: Span::one(0),
            proto: protocol.map_or(ALL_PROTOCOLS, Span::one),
            port: port.map_or(ALL_PORTS, Span::one),
        });
        let block = |code, id: &str, detail: String| Some(Block::new(code, id, detail));

        // Out of the source.
        let mut set = want.intersect(&self.group_set(&s.groups, true, Some(d)).at(family, da));
        if set.is_empty() {
            answer.blocked = block(
                BlockCode::SecurityGroupDenies,
                &s.groups.join(", "),
                format!("no outbound rule allows the traffic to {}", addr_text(family, da)),
            );
            return answer;
        }
        let s_acl = s.subnet.and_then(|x| self.acl_of(x));
        let d_acl = d.subnet.and_then(|x| self.acl_of(x));
        if cross {
            if let Some(a) = s_acl {
                let next = set.intersect(&a.allowed(true).at(family, da));
                if next.is_empty() {
                    let h = rebase(&set, family, da);
                    answer.blocked = block(
                        BlockCode::AclDenies,
                        a.id,
                        acl_verdict(h.and_then(|h| a.decide(true, &h)), "outbound", &h.unwrap_or(fallback(family, da))),
                    );
                    return answer;
                }
                set = next;
            }
        }
        // Routing there and back.
        let mut route_hops = Vec::new();
        if let Err(b) = self.route(s, d, family, sa, da, &mut route_hops) {
            answer.blocked = Some(b);
            return answer;
        }
        // Into the destination.
        if cross {
            if let Some(a) = d_acl {
                let next = set.intersect(&a.allowed(false).at(family, sa));
                if next.is_empty() {
                    let h = rebase(&set, family, sa);
                    answer.blocked = block(
                        BlockCode::AclDenies,
                        a.id,
                        acl_verdict(h.and_then(|h| a.decide(false, &h)), "inbound", &h.unwrap_or(fallback(family, sa))),
                    );
                    return answer;
                }
                set = next;
            }
        }
        let next = set.intersect(&self.group_set(&d.groups, false, Some(s)).at(family, sa));
        if next.is_empty() {
            answer.blocked = block(
                BlockCode::SecurityGroupDenies,
                &d.groups.join(", "),
                format!("no inbound rule allows the traffic from {}", addr_text(family, sa)),
            );
            return answer;
        }
        set = next;
        // Replies through the stateless ACLs.
        if cross {
            let eph = self.options.ephemeral;
            if let Some(a) = d_acl {
                let next = set.intersect(&a.allowed(true).at(family, sa).returnable(eph));
                if next.is_empty() {
                    answer.blocked = block(
                        BlockCode::AclDeniesReturn,
                        a.id,
                        format!("outbound rules allow no reply to {} on ephemeral ports", addr_text(family, sa)),
                    );
                    return answer;
                }
                set = next;
            }
            if let Some(a) = s_acl {
                let next = set.intersect(&a.allowed(false).at(family, da).returnable(eph));
                if next.is_empty() {
                    answer.blocked = block(
                        BlockCode::AclDeniesReturn,
                        a.id,
                        format!("inbound rules admit no reply from {} on ephemeral ports", addr_text(family, da)),
                    );
                    return answer;
                }
                set = next;
            }
        }
        set.compact();
        answer.reachable = true;
        answer.allowed =
            set.cubes().iter().map(|c| format!("{} {}", space::proto_text(c.proto), space::port_text(c.proto, c.port))).collect();
        if let Some(c) = set.cubes().first() {
            let h = Header { family, addr: 0, proto: c.proto.lo, port: c.port.lo };
            answer.path = self.between_hops(s, d, family, sa, da, &h, cross, route_hops);
        }
        answer.set = set;
        answer
    }

    /// Checks the route from `s` to `d` and back; pushes the hops it crosses.
    fn route(&self, s: &Eni<'a>, d: &Eni<'a>, family: Family, sa: u128, da: u128, hops: &mut Vec<Hop>) -> Result<(), Block> {
        let s_table = s
            .subnet
            .and_then(|x| self.table_of(x))
            .ok_or_else(|| Block::new(BlockCode::NoRoute, s.subnet.unwrap_or("-"), "the source subnet has no route table"))?;
        let r = s_table
            .lookup(family, da)
            .ok_or_else(|| Block::new(BlockCode::NoRoute, s_table.id, format!("no route for {}", addr_text(family, da))))?;
        hops.push(Hop::new("route-table", s_table.id, format!("route {} → {}", r.destination, r.target.id())));
        let d_table = || {
            d.subnet
                .and_then(|x| self.table_of(x))
                .ok_or_else(|| Block::new(BlockCode::NoReturnRoute, d.subnet.unwrap_or("-"), "the destination subnet has no route table"))
        };
        let back = |t: &crate::model::Table<'a>| t.lookup(family, sa).map(|r| r.target);
        match r.target {
            Target::Blackhole => Err(Block::new(BlockCode::RouteBlackhole, s_table.id, format!("route {} is a blackhole", r.destination))),
            Target::Local if s.vpc == d.vpc => Ok(()),
            Target::Peering(pcx) => {
                let p = self.peerings.get(pcx);
                let joins = p.is_some_and(|p| {
                    p.active && ((p.requester == s.vpc && p.accepter == d.vpc) || (p.accepter == s.vpc && p.requester == d.vpc))
                });
                if !joins {
                    let why = match p {
                        None => format!("{pcx} is not in the snapshot"),
                        Some(p) if !p.active => format!("{pcx} is not active"),
                        Some(_) => {
                            format!("{pcx} does not join {} and {} (peering is not transitive)", s.vpc.unwrap_or("-"), d.vpc.unwrap_or("-"))
                        }
                    };
                    return Err(Block::new(BlockCode::PeeringNotUsable, pcx, why));
                }
                hops.push(Hop::new("vpc-peering-connection", pcx, "active"));
                let t = d_table()?;
                if back(t) != Some(Target::Peering(pcx)) {
                    return Err(Block::new(
                        BlockCode::NoReturnRoute,
                        t.id,
                        format!("no route for {} back through {pcx}", addr_text(family, sa)),
                    ));
                }
                hops.push(Hop::new("route-table", t.id, format!("return route → {pcx}")));
                Ok(())
            }
            Target::TransitGateway(tgw) => {
                let (Some(sv), Some(dv)) = (s.vpc, d.vpc) else {
                    return Err(Block::new(BlockCode::TransitGatewayNoRoute, tgw, "the VPCs are unknown"));
                };
                let leg = |from: &str, addr: u128, to: &str| -> Result<&'a str, Block> {
                    let (att, table) = self
                        .tgw_attachments
                        .get(&(tgw, from))
                        .copied()
                        .ok_or_else(|| Block::new(BlockCode::TransitGatewayNoRoute, tgw, format!("{from} is not attached")))?;
                    let routes = table.and_then(|t| self.tgw_tables.get(t)).ok_or_else(|| {
                        Block::new(BlockCode::TransitGatewayNoRoute, att, "the attachment has no route table association")
                    })?;
                    let hit = routes.iter().find(|(p, _)| p.contains(family, addr));
                    match hit {
                        Some((_, Some(v))) if *v == to => Ok(table.unwrap_or(att)),
                        _ => Err(Block::new(
                            BlockCode::TransitGatewayNoRoute,
                            table.unwrap_or(att),
                            format!("no route for {} to {to}", addr_text(family, addr)),
                        )),
                    }
                };
                let there = leg(sv, da, dv)?;
                hops.push(Hop::new("transit-gateway", tgw, format!("route table {there}")));
                let t = d_table()?;
                if back(t) != Some(Target::TransitGateway(tgw)) {
                    return Err(Block::new(
                        BlockCode::NoReturnRoute,
                        t.id,
                        format!("no route for {} back through {tgw}", addr_text(family, sa)),
                    ));
                }
                leg(dv, sa, sv)?;
                hops.push(Hop::new("route-table", t.id, format!("return route → {tgw}")));
                Ok(())
            }
            other => Err(Block::new(
                BlockCode::RouteElsewhere,
                s_table.id,
                format!("route {} leads to {}, not to {}", r.destination, other.id(), d.vpc.unwrap_or(d.id)),
            )),
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn between_hops(
        &self,
        s: &Eni<'a>,
        d: &Eni<'a>,
        family: Family,
        sa: u128,
        da: u128,
        h: &Header,
        cross: bool,
        route_hops: Vec<Hop>,
    ) -> Vec<Hop> {
        let what = format!("{} {}", proto::name(h.proto), space::port_text(Span::one(h.proto), Span::one(h.port)));
        let mut hops = vec![Hop::new("network-interface", s.id, format!("{} sends {what}", addr_text(family, sa)))];
        if let Some((g, text)) = self.group_hit(&s.groups, true, d, family, da, h) {
            hops.push(Hop::new("security-group", g, format!("outbound rule {text}")));
        }
        let at = |addr| Header { family, addr, proto: h.proto, port: h.port };
        if cross {
            if let Some(a) = s.subnet.and_then(|x| self.acl_of(x)) {
                hops.push(Hop::new("network-acl", a.id, acl_verdict(a.decide(true, &at(da)), "outbound", &at(da))));
            }
        }
        hops.extend(route_hops);
        if cross {
            if let Some(a) = d.subnet.and_then(|x| self.acl_of(x)) {
                hops.push(Hop::new("network-acl", a.id, acl_verdict(a.decide(false, &at(sa)), "inbound", &at(sa))));
            }
        }
        if let Some((g, text)) = self.group_hit(&d.groups, false, s, family, sa, h) {
            hops.push(Hop::new("security-group", g, format!("inbound rule {text}")));
        }
        hops.push(Hop::new("network-interface", d.id, addr_text(family, da)));
        hops
    }

    /// The first rule of `groups` that admits `h` to or from `peer` at `addr`.
    fn group_hit(
        &self,
        groups: &[&'a str],
        egress: bool,
        peer: &Eni<'_>,
        family: Family,
        addr: u128,
        h: &Header,
    ) -> Option<(&'a str, String)> {
        for g in groups {
            let group = self.groups.get(g)?;
            let rules = if egress { &group.outbound } else { &group.inbound };
            for r in rules {
                if !(r.proto.contains(h.proto) && r.port.contains(h.port)) {
                    continue;
                }
                let by_prefix = r.prefixes.iter().any(|p| p.contains(family, addr));
                let by_group = r.groups.iter().any(|rg| peer.groups.contains(rg));
                if by_prefix || by_group {
                    return Some((g, r.text.clone()));
                }
            }
        }
        None
    }
}

/// The first header of a collapsed set, at address `addr`.
fn rebase(set: &HeaderSet, family: Family, addr: u128) -> Option<Header> {
    set.cubes().iter().min().map(|c| Header { family, addr, proto: c.proto.lo, port: c.port.lo })
}

fn fallback(family: Family, addr: u128) -> Header {
    Header { family, addr, proto: 0, port: 0 }
}
