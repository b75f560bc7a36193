//! Packet-header sets: unions of disjoint boxes over (remote address,
//! protocol, port), one address family per box.
//!
//! Every network component is compiled into such a set, and reachability is
//! set algebra: intersection for components in series, first-match
//! subtraction for ordered rules (network ACLs, longest-prefix routing).
//! Nothing is decided rule by rule.
//!
//! The port dimension holds TCP and UDP ports; for ICMP and ICMPv6 it holds
//! `type << 8 | code`, so "echo request, any code" is one range. Other
//! protocols carry no ports and always use the full range.

use std::fmt;
use std::net::{Ipv4Addr, Ipv6Addr};

/// IPv4 or IPv6.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Family {
    V4,
    V6,
}

impl Family {
    /// The largest address of the family.
    pub fn max(self) -> u128 {
        match self {
            Family::V4 => u128::from(u32::MAX),
            Family::V6 => u128::MAX,
        }
    }

    fn bits(self) -> u32 {
        match self {
            Family::V4 => 32,
            Family::V6 => 128,
        }
    }
}

/// A closed interval `lo..=hi` (never empty: `lo <= hi`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Span<T> {
    pub lo: T,
    pub hi: T,
}

impl<T: Copy + Ord> Span<T> {
    /// `None` when `lo > hi`.
    pub fn new(lo: T, hi: T) -> Option<Self> {
        (lo <= hi).then_some(Span { lo, hi })
    }

    pub fn one(v: T) -> Self {
        Span { lo: v, hi: v }
    }

    pub fn contains(self, v: T) -> bool {
        self.lo <= v && v <= self.hi
    }

    pub fn intersect(self, o: Self) -> Option<Self> {
        Span::new(self.lo.max(o.lo), self.hi.min(o.hi))
    }
}

/// Protocol numbers with names.
pub mod proto {
    pub const ICMP: u8 = 1;
    pub const TCP: u8 = 6;
    pub const UDP: u8 = 17;
    pub const ICMPV6: u8 = 58;

    /// Whether the protocol carries ports (network ACL port ranges apply to TCP and UDP only).
    pub fn has_ports(p: u8) -> bool {
        p == TCP || p == UDP
    }

    /// A protocol's usual name, else its number.
    pub fn name(p: u8) -> String {
        match p {
            ICMP => "icmp".into(),
            TCP => "tcp".into(),
            UDP => "udp".into(),
            ICMPV6 => "icmpv6".into(),
            n => n.to_string(),
        }
    }

    /// Parses `tcp`, `udp`, `icmp`, `icmpv6` or a number.
    pub fn parse(text: &str) -> Option<u8> {
        match text.to_ascii_lowercase().as_str() {
            "tcp" => Some(TCP),
            "udp" => Some(UDP),
            "icmp" => Some(ICMP),
            "icmpv6" => Some(ICMPV6),
            n => n.parse().ok(),
        }
    }
}

pub const ALL_PROTOCOLS: Span<u8> = Span { lo: 0, hi: 255 };
pub const ALL_PORTS: Span<u16> = Span { lo: 0, hi: u16::MAX };

/// One box of headers.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Cube {
    pub family: Family,
    /// The remote address: the source of inbound traffic, the destination of outbound.
    pub addr: Span<u128>,
    pub proto: Span<u8>,
    pub port: Span<u16>,
}

impl Cube {
    /// Every header of the family.
    pub fn all(family: Family) -> Cube {
        Cube { family, addr: Span { lo: 0, hi: family.max() }, proto: ALL_PROTOCOLS, port: ALL_PORTS }
    }

    pub fn intersect(&self, o: &Cube) -> Option<Cube> {
        if self.family != o.family {
            return None;
        }
        Some(Cube {
            family: self.family,
            addr: self.addr.intersect(o.addr)?,
            proto: self.proto.intersect(o.proto)?,
            port: self.port.intersect(o.port)?,
        })
    }

    /// `self` minus `o`, as at most six disjoint boxes.
    pub fn subtract(&self, o: &Cube, out: &mut Vec<Cube>) {
        let Some(mid) = self.intersect(o) else {
            out.push(*self);
            return;
        };
        let mut rest = *self;
        // Split off the parts outside `mid`, one dimension at a time.
        if rest.addr.lo < mid.addr.lo {
            out.push(Cube { addr: Span { lo: rest.addr.lo, hi: mid.addr.lo - 1 }, ..rest });
        }
        if mid.addr.hi < rest.addr.hi {
            out.push(Cube { addr: Span { lo: mid.addr.hi + 1, hi: rest.addr.hi }, ..rest });
        }
        rest.addr = mid.addr;
        if rest.proto.lo < mid.proto.lo {
            out.push(Cube { proto: Span { lo: rest.proto.lo, hi: mid.proto.lo - 1 }, ..rest });
        }
        if mid.proto.hi < rest.proto.hi {
            out.push(Cube { proto: Span { lo: mid.proto.hi + 1, hi: rest.proto.hi }, ..rest });
        }
        rest.proto = mid.proto;
        if rest.port.lo < mid.port.lo {
            out.push(Cube { port: Span { lo: rest.port.lo, hi: mid.port.lo - 1 }, ..rest });
        }
        if mid.port.hi < rest.port.hi {
            out.push(Cube { port: Span { lo: mid.port.hi + 1, hi: rest.port.hi }, ..rest });
        }
    }

    pub fn contains(&self, h: &Header) -> bool {
        self.family == h.family && self.addr.contains(h.addr) && self.proto.contains(h.proto) && self.port.contains(h.port)
    }

    /// The first header of the box, as an example.
    pub fn example(&self) -> Header {
        Header { family: self.family, addr: self.addr.lo, proto: self.proto.lo, port: self.port.lo }
    }
}

/// A single header: one remote address, protocol and port.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Header {
    pub family: Family,
    pub addr: u128,
    pub proto: u8,
    pub port: u16,
}

/// A set of headers: disjoint boxes.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct HeaderSet {
    cubes: Vec<Cube>,
}

impl HeaderSet {
    pub fn empty() -> Self {
        HeaderSet::default()
    }

    /// Both families, everything.
    pub fn all() -> Self {
        HeaderSet { cubes: vec![Cube::all(Family::V4), Cube::all(Family::V6)] }
    }

    pub fn from_cube(c: Cube) -> Self {
        HeaderSet { cubes: vec![c] }
    }

    pub fn is_empty(&self) -> bool {
        self.cubes.is_empty()
    }

    pub fn cubes(&self) -> &[Cube] {
        &self.cubes
    }

    pub fn contains(&self, h: &Header) -> bool {
        self.cubes.iter().any(|c| c.contains(h))
    }

    /// Adds `c` (the part not already present).
    pub fn add(&mut self, c: Cube) {
        let mut pieces = vec![c];
        for have in &self.cubes {
            if pieces.is_empty() {
                return;
            }
            let mut next = Vec::with_capacity(pieces.len());
            for p in &pieces {
                p.subtract(have, &mut next);
            }
            pieces = next;
        }
        self.cubes.extend(pieces);
    }

    pub fn union(&mut self, o: &HeaderSet) {
        for c in &o.cubes {
            self.add(*c);
        }
    }

    pub fn intersect(&self, o: &HeaderSet) -> HeaderSet {
        let mut cubes = Vec::new();
        for a in &self.cubes {
            for b in &o.cubes {
                if let Some(c) = a.intersect(b) {
                    cubes.push(c);
                }
            }
        }
        HeaderSet { cubes }
    }

    pub fn intersect_cube(&self, c: &Cube) -> HeaderSet {
        HeaderSet { cubes: self.cubes.iter().filter_map(|a| a.intersect(c)).collect() }
    }

    pub fn subtract_cube(&mut self, c: &Cube) {
        if !self.cubes.iter().any(|a| a.intersect(c).is_some()) {
            return;
        }
        let mut out = Vec::with_capacity(self.cubes.len() + 4);
        for a in &self.cubes {
            a.subtract(c, &mut out);
        }
        self.cubes = out;
    }

    pub fn subtract(&mut self, o: &HeaderSet) {
        for c in &o.cubes {
            self.subtract_cube(c);
        }
    }

    /// Keeps the boxes of one family.
    pub fn family(&self, f: Family) -> HeaderSet {
        HeaderSet { cubes: self.cubes.iter().filter(|c| c.family == f).copied().collect() }
    }

    /// The headers with remote address `addr`, with the address dimension
    /// collapsed to `0..=0` so sets taken at different addresses compare.
    pub fn at(&self, family: Family, addr: u128) -> HeaderSet {
        let cubes =
            self.cubes.iter().filter(|c| c.family == family && c.addr.contains(addr)).map(|c| Cube { addr: Span::one(0), ..*c }).collect();
        HeaderSet { cubes }
    }

    /// For each box, whether a reply could come back through a stateless
    /// filter whose allowed set this is: TCP and UDP need one allowed port in
    /// `ephemeral`, other protocols any. Returns the (address, protocol)
    /// pairs that can, with every port.
    pub fn returnable(&self, ephemeral: Span<u16>) -> HeaderSet {
        let mut out = HeaderSet::empty();
        for c in &self.cubes {
            for seg in split_protocols(c.proto) {
                let ok = !(proto::has_ports(seg.lo) && seg.lo == seg.hi) || c.port.intersect(ephemeral).is_some();
                if ok {
                    out.add(Cube { proto: seg, port: ALL_PORTS, ..*c });
                }
            }
        }
        out
    }

    /// Merges neighbouring boxes where it can, so reports stay short.
    pub fn compact(&mut self) {
        loop {
            let before = self.cubes.len();
            for dim in 0..3 {
                // Order so that boxes differing only in `dim` sit side by side.
                self.cubes.sort_by(|a, b| match dim {
                    0 => (a.family, a.proto, a.port, a.addr).cmp(&(b.family, b.proto, b.port, b.addr)),
                    1 => (a.family, a.addr, a.port, a.proto).cmp(&(b.family, b.addr, b.port, b.proto)),
                    _ => (a.family, a.addr, a.proto, a.port).cmp(&(b.family, b.addr, b.proto, b.port)),
                });
                let mut merged: Vec<Cube> = Vec::with_capacity(self.cubes.len());
                for c in self.cubes.drain(..) {
                    if let Some(last) = merged.last_mut() {
                        if let Some(m) = adjacent(last, &c, dim) {
                            *last = m;
                            continue;
                        }
                    }
                    merged.push(c);
                }
                self.cubes = merged;
            }
            if self.cubes.len() == before {
                break;
            }
        }
        self.cubes.sort();
    }
}

/// Splits a protocol span so TCP and UDP stand alone.
fn split_protocols(s: Span<u8>) -> Vec<Span<u8>> {
    let mut out = Vec::new();
    let mut lo = s.lo;
    for p in [proto::TCP, proto::UDP] {
        if s.contains(p) {
            if lo < p {
                out.push(Span { lo, hi: p - 1 });
            }
            out.push(Span::one(p));
            if p == u8::MAX {
                return out;
            }
            lo = p + 1;
        }
    }
    if lo <= s.hi {
        out.push(Span { lo, hi: s.hi });
    }
    out
}

/// Two boxes that agree on every dimension but `dim` and touch on it, merged.
fn adjacent(a: &Cube, b: &Cube, dim: usize) -> Option<Cube> {
    if a.family != b.family {
        return None;
    }
    match dim {
        0 if a.proto == b.proto && a.port == b.port && a.addr.hi.checked_add(1) == Some(b.addr.lo) => {
            Some(Cube { addr: Span { lo: a.addr.lo, hi: b.addr.hi }, ..*a })
        }
        1 if a.addr == b.addr && a.port == b.port && a.proto.hi.checked_add(1) == Some(b.proto.lo) => {
            Some(Cube { proto: Span { lo: a.proto.lo, hi: b.proto.hi }, ..*a })
        }
        2 if a.addr == b.addr && a.proto == b.proto && a.port.hi.checked_add(1) == Some(b.port.lo) => {
            Some(Cube { port: Span { lo: a.port.lo, hi: b.port.hi }, ..*a })
        }
        _ => None,
    }
}

/// An IPv4 or IPv6 prefix.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Prefix {
    pub family: Family,
    pub addr: u128,
    pub len: u8,
}

impl Prefix {
    /// Parses `10.0.0.0/16` or `2001:db8::/32`; host bits are cleared.
    pub fn parse(text: &str) -> Option<Prefix> {
        let (addr, len) = text.trim().split_once('/')?;
        let len: u8 = len.parse().ok()?;
        if let Ok(v4) = addr.parse::<Ipv4Addr>() {
            (len <= 32).then(|| Prefix::new(Family::V4, u128::from(u32::from(v4)), len))
        } else {
            let v6 = addr.parse::<Ipv6Addr>().ok()?;
            (len <= 128).then(|| Prefix::new(Family::V6, u128::from(v6), len))
        }
    }

    pub fn new(family: Family, addr: u128, len: u8) -> Prefix {
        let span = span_of(family, addr, len);
        Prefix { family, addr: span.lo, len }
    }

    pub fn host(family: Family, addr: u128) -> Prefix {
        Prefix { family, addr, len: family.bits() as u8 }
    }

    pub fn span(&self) -> Span<u128> {
        span_of(self.family, self.addr, self.len)
    }

    pub fn cube(&self) -> Cube {
        Cube { family: self.family, addr: self.span(), proto: ALL_PROTOCOLS, port: ALL_PORTS }
    }

    pub fn contains(&self, family: Family, addr: u128) -> bool {
        self.family == family && self.span().contains(addr)
    }

    /// Whether every address of `inner` is in `self`.
    pub fn covers(&self, inner: &Prefix) -> bool {
        self.family == inner.family && self.len <= inner.len && self.span().contains(inner.addr)
    }
}

fn span_of(family: Family, addr: u128, len: u8) -> Span<u128> {
    let host_bits = family.bits().saturating_sub(u32::from(len));
    let host_mask = if host_bits >= 128 { u128::MAX } else { (1u128 << host_bits) - 1 };
    let lo = addr & !host_mask & family.max();
    Span { lo, hi: lo | (host_mask & family.max()) }
}

impl fmt::Display for Prefix {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", addr_text(self.family, self.addr), self.len)
    }
}

/// An address as text.
pub fn addr_text(family: Family, addr: u128) -> String {
    match family {
        Family::V4 => Ipv4Addr::from(u32::try_from(addr & 0xffff_ffff).unwrap_or(0)).to_string(),
        Family::V6 => Ipv6Addr::from(addr).to_string(),
    }
}

/// Parses an IPv4 or IPv6 address.
pub fn parse_addr(text: &str) -> Option<(Family, u128)> {
    if let Ok(v4) = text.trim().parse::<Ipv4Addr>() {
        Some((Family::V4, u128::from(u32::from(v4))))
    } else {
        text.trim().parse::<Ipv6Addr>().ok().map(|v6| (Family::V6, u128::from(v6)))
    }
}

/// The fewest prefixes that cover exactly `span`.
pub fn prefixes(family: Family, span: Span<u128>) -> Vec<Prefix> {
    let bits = family.bits();
    let mut out = Vec::new();
    let mut lo = span.lo;
    loop {
        // The largest aligned block starting at `lo` that stays within `span`.
        let mut size_bits = if lo == 0 { bits } else { lo.trailing_zeros().min(bits) };
        loop {
            let last = if size_bits >= 128 { u128::MAX } else { lo.saturating_add((1u128 << size_bits) - 1) };
            if last <= span.hi && (size_bits < 128 || lo == 0) {
                break;
            }
            size_bits -= 1;
        }
        out.push(Prefix { family, addr: lo, len: (bits - size_bits) as u8 });
        let block_last = if size_bits >= 128 { u128::MAX } else { lo + ((1u128 << size_bits) - 1) };
        if block_last >= span.hi {
            return out;
        }
        lo = block_last + 1;
    }
}

/// `span` as short text: a prefix when it is one, else `first-last`.
pub fn span_text(family: Family, span: Span<u128>) -> String {
    let p = prefixes(family, span);
    match p.as_slice() {
        [one] => one.to_string(),
        _ => format!("{}-{}", addr_text(family, span.lo), addr_text(family, span.hi)),
    }
}

/// Port span as text: `22`, `1024-65535`, `all`; ICMP type and code for ICMP.
pub fn port_text(protocol: Span<u8>, port: Span<u16>) -> String {
    if port == ALL_PORTS {
        return "all".into();
    }
    let icmp = protocol.lo == protocol.hi && (protocol.lo == proto::ICMP || protocol.lo == proto::ICMPV6);
    if icmp {
        let (t0, c0, t1, c1) = (port.lo >> 8, port.lo & 0xff, port.hi >> 8, port.hi & 0xff);
        return if t0 == t1 && c0 == 0 && c1 == 255 {
            format!("type {t0}")
        } else if t0 == t1 && c0 == c1 {
            format!("type {t0} code {c0}")
        } else {
            format!("types {t0}-{t1}")
        };
    }
    if port.lo == port.hi {
        port.lo.to_string()
    } else {
        format!("{}-{}", port.lo, port.hi)
    }
}

/// Protocol span as text.
pub fn proto_text(p: Span<u8>) -> String {
    if p == ALL_PROTOCOLS {
        "all".into()
    } else if p.lo == p.hi {
        proto::name(p.lo)
    } else {
        format!("protocols {}-{}", p.lo, p.hi)
    }
}
