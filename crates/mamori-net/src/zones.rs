//! Security zones (the whitepaper's セキュリティゾーニング): groups of
//! interfaces declared by subnet, security group or tag, and the flows the
//! zone policy allows between them. Everything else that the network lets
//! through between two zones is a violation.

use serde::{Deserialize, Serialize};

use crate::explain::Hop;
use crate::model::{Eni, Network};
use crate::space::{self, proto, Cube, Family, HeaderSet, Span, ALL_PORTS, ALL_PROTOCOLS};

/// The name of the built-in zone of every internet address.
pub const INTERNET: &str = "internet";

/// One zone.
#[derive(Clone, Debug, Default, Deserialize, Serialize)]
#[serde(default, deny_unknown_fields)]
pub struct Zone {
    pub name: String,
    pub subnets: Vec<String>,
    pub security_groups: Vec<String>,
    /// `key=value`, matched on the interface, its instance or its subnet.
    pub tags: Vec<String>,
}

/// A flow the policy allows.
#[derive(Clone, Debug, Default, Deserialize, Serialize)]
#[serde(default, deny_unknown_fields)]
pub struct Flow {
    pub from: String,
    pub to: String,
    /// `tcp/443`, `tcp/1024-65535`, `udp/53`, `icmp`, `all`; empty means all.
    pub ports: Vec<String>,
}

/// A problem in the zone declarations.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ZoneError {
    UnknownZone(String),
    BadPort(String),
    BadTag(String),
}

impl std::fmt::Display for ZoneError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ZoneError::UnknownZone(z) => write!(f, "flow names zone `{z}`, which is not declared"),
            ZoneError::BadPort(p) => write!(f, "`{p}` is not a port spec (tcp/443, udp/1000-2000, icmp, all)"),
            ZoneError::BadTag(t) => write!(f, "`{t}` is not a tag filter (key=value)"),
        }
    }
}

impl std::error::Error for ZoneError {}

/// Parses `tcp/443`, `udp/1000-2000`, `icmp`, `all` into headers with the address collapsed.
pub fn port_spec(text: &str, family: Family) -> Result<Cube, ZoneError> {
    let bad = || ZoneError::BadPort(text.to_string());
    let t = text.trim().to_ascii_lowercase();
    if t == "all" || t == "-1" {
        return Ok(Cube { family, addr: Span::one(0), proto: ALL_PROTOCOLS, port: ALL_PORTS });
    }
    let (p, ports) = match t.split_once('/') {
        Some((p, ports)) => (p, Some(ports)),
        None => (t.as_str(), None),
    };
    let pr = proto::parse(p).ok_or_else(bad)?;
    let port = match ports {
        None => ALL_PORTS,
        Some(r) => {
            let (lo, hi) = r.split_once('-').unwrap_or((r, r));
            let lo: u16 = lo.parse().map_err(|_| bad())?;
            let hi: u16 = hi.parse().map_err(|_| bad())?;
            Span::new(lo, hi).ok_or_else(bad)?
        }
    };
    Ok(Cube { family, addr: Span::one(0), proto: Span::one(pr), port })
}

/// Checks that every flow names declared zones and valid ports.
pub fn validate(zones: &[Zone], flows: &[Flow]) -> Result<(), ZoneError> {
    for z in zones {
        for t in &z.tags {
            if !t.contains('=') {
                return Err(ZoneError::BadTag(t.clone()));
            }
        }
    }
    for f in flows {
        for name in [&f.from, &f.to] {
            if name != INTERNET && !zones.iter().any(|z| &z.name == name) {
                return Err(ZoneError::UnknownZone(name.clone()));
            }
        }
        for p in &f.ports {
            port_spec(p, Family::V4)?;
        }
    }
    Ok(())
}

/// Traffic the network allows between two zones that the policy does not.
#[derive(Clone, Debug, Serialize)]
pub struct Violation {
    pub from: String,
    pub to: String,
    pub source: String,
    pub destination: String,
    /// The traffic beyond the policy: `tcp 22`.
    pub traffic: Vec<String>,
    pub path: Vec<Hop>,
}

impl<'a> Network<'a> {
    /// Whether interface `e` belongs to zone `z`.
    pub fn in_zone(&self, e: &Eni<'_>, z: &Zone) -> bool {
        if e.subnet.is_some_and(|s| z.subnets.iter().any(|x| x == s)) {
            return true;
        }
        if e.groups.iter().any(|g| z.security_groups.iter().any(|x| x == g)) {
            return true;
        }
        let subnet_tags = e.subnet.and_then(|s| self.subnet(s)).map(|s| s.tags).unwrap_or_default();
        z.tags.iter().any(|t| {
            let (k, v) = t.split_once('=').unwrap_or((t, ""));
            e.tags.iter().chain(e.instance_tags).chain(subnet_tags).any(|tag| tag.key == k && tag.value == v)
        })
    }

    /// Every flow between two different zones beyond what `flows` allows.
    pub fn zone_violations(&self, zones: &[Zone], flows: &[Flow]) -> Vec<Violation> {
        let members = |name: &str| -> Vec<&Eni<'a>> {
            zones.iter().filter(|z| z.name == name).flat_map(|z| self.enis.iter().filter(move |e| self.in_zone(e, z))).collect()
        };
        let allowed = |from: &str, to: &str, family: Family| -> HeaderSet {
            let mut out = HeaderSet::empty();
            for f in flows.iter().filter(|f| f.from == from && f.to == to) {
                if f.ports.is_empty() {
                    out.add(Cube { family, addr: Span::one(0), proto: ALL_PROTOCOLS, port: ALL_PORTS });
                }
                for p in &f.ports {
                    if let Ok(c) = port_spec(p, family) {
                        out.add(c);
                    }
                }
            }
            out
        };
        let mut names: Vec<&str> = zones.iter().map(|z| z.name.as_str()).collect();
        names.sort_unstable();
        names.dedup();
        let mut out = Vec::new();
        for &to in &names {
            let dst = members(to);
            // From the internet: the exposure, minus the allowed ports.
            for d in &dst {
                let x = self.exposure(d, None);
                let mut beyond = HeaderSet::empty();
                for c in x.set.cubes() {
                    let mut piece = HeaderSet::from_cube(Cube { addr: Span::one(0), ..*c });
                    piece.subtract(&allowed(INTERNET, to, c.family));
                    beyond.union(&piece);
                }
                if !beyond.is_empty() {
                    beyond.compact();
                    let path = x
                        .openings
                        .iter()
                        .find(|o| beyond.cubes().iter().any(|c| c.proto.intersect(o.proto).is_some() && c.port.intersect(o.port).is_some()))
                        .map(|o| o.path.clone())
                        .unwrap_or_default();
                    out.push(Violation {
                        from: INTERNET.into(),
                        to: to.into(),
                        source: INTERNET.into(),
                        destination: d.id.into(),
                        traffic: describe(&beyond),
                        path,
                    });
                }
            }
            for &from in &names {
                if from == to {
                    continue;
                }
                for s in members(from) {
                    for d in &dst {
                        if s.id == d.id {
                            continue;
                        }
                        let answer = self.between(s, d, None, None);
                        if !answer.reachable {
                            continue;
                        }
                        let family = answer.set.cubes().first().map_or(Family::V4, |c| c.family);
                        let mut beyond = answer.set.clone();
                        beyond.subtract(&allowed(from, to, family));
                        if !beyond.is_empty() {
                            beyond.compact();
                            out.push(Violation {
                                from: from.into(),
                                to: to.into(),
                                source: s.id.into(),
                                destination: d.id.into(),
                                traffic: describe(&beyond),
                                path: answer.path,
                            });
                        }
                    }
                }
            }
        }
        out
    }
}

fn describe(set: &HeaderSet) -> Vec<String> {
    let mut v: Vec<String> =
        set.cubes().iter().map(|c| format!("{} {}", space::proto_text(c.proto), space::port_text(c.proto, c.port))).collect();
    v.sort();
    v.dedup();
    v
}
