//! The network as the engine sees it: the snapshot's VPC configuration
//! compiled into interfaces, route tables, network ACLs and security groups
//! whose rules are header sets.

use std::collections::{BTreeSet, HashMap};

use mamori_model::ec2::{Ec2, IpPermission, NetworkAclEntry, Route};
use mamori_model::{Snapshot, Tag};

use crate::space::{proto, Cube, Family, HeaderSet, Prefix, Span, ALL_PORTS, ALL_PROTOCOLS};

/// Settings of the computation.
#[derive(Clone, Debug)]
pub struct Options {
    /// The ports a client may use for the reply of a connection. A stateless
    /// network ACL must let at least one of them through for the return
    /// path to exist; the default covers every common client (Linux
    /// 32768-60999, Windows 49152-65535, NAT gateways and ELB 1024-65535).
    pub ephemeral: Span<u16>,
}

impl Default for Options {
    fn default() -> Self {
        Options { ephemeral: Span { lo: 1024, hi: u16::MAX } }
    }
}

/// Where a route sends traffic.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Target<'a> {
    Local,
    InternetGateway(&'a str),
    EgressOnlyGateway(&'a str),
    NatGateway(&'a str),
    VpnGateway(&'a str),
    Peering(&'a str),
    TransitGateway(&'a str),
    Endpoint(&'a str),
    Interface(&'a str),
    Instance(&'a str),
    Other(&'a str),
    Blackhole,
}

impl Target<'_> {
    pub fn id(&self) -> &str {
        match self {
            Target::Local => "local",
            Target::Blackhole => "blackhole",
            Target::InternetGateway(id)
            | Target::EgressOnlyGateway(id)
            | Target::NatGateway(id)
            | Target::VpnGateway(id)
            | Target::Peering(id)
            | Target::TransitGateway(id)
            | Target::Endpoint(id)
            | Target::Interface(id)
            | Target::Instance(id)
            | Target::Other(id) => id,
        }
    }
}

/// One route of a compiled table.
#[derive(Clone, Debug)]
pub struct RouteEntry<'a> {
    pub prefix: Prefix,
    /// The destination as written (a CIDR or a prefix list id).
    pub destination: &'a str,
    pub target: Target<'a>,
}

/// A route table with its routes longest prefix first.
#[derive(Clone, Debug)]
pub struct Table<'a> {
    pub id: &'a str,
    pub vpc: Option<&'a str>,
    pub routes: Vec<RouteEntry<'a>>,
}

impl<'a> Table<'a> {
    /// Longest-prefix match.
    pub fn lookup(&self, family: Family, addr: u128) -> Option<&RouteEntry<'a>> {
        self.routes.iter().find(|r| r.prefix.contains(family, addr))
    }

    /// The addresses whose longest-prefix match is a route accepted by `pick`.
    pub fn addresses_where(&self, pick: impl Fn(&Target<'a>) -> bool) -> HeaderSet {
        let mut left = HeaderSet::all();
        let mut out = HeaderSet::empty();
        for r in &self.routes {
            let c = r.prefix.cube();
            if pick(&r.target) {
                out.union(&left.intersect_cube(&c));
            }
            left.subtract_cube(&c);
            if left.is_empty() {
                break;
            }
        }
        out
    }
}

/// One network ACL rule.
#[derive(Clone, Debug)]
pub struct AclRule {
    pub number: i32,
    pub allow: bool,
    pub cube: Cube,
}

/// A network ACL, rules in ascending number for each direction.
#[derive(Clone, Debug)]
pub struct Acl<'a> {
    pub id: &'a str,
    pub inbound: Vec<AclRule>,
    pub outbound: Vec<AclRule>,
    /// What each direction allows, computed once.
    pub allowed_in: HeaderSet,
    pub allowed_out: HeaderSet,
}

impl Acl<'_> {
    /// What the rules of one direction allow (computed when compiled).
    pub fn allowed(&self, egress: bool) -> &HeaderSet {
        if egress {
            &self.allowed_out
        } else {
            &self.allowed_in
        }
    }

    /// First match wins, then the default deny.
    fn compute(&self, egress: bool) -> HeaderSet {
        let mut left = HeaderSet::all();
        let mut out = HeaderSet::empty();
        for r in self.rules(egress) {
            if r.allow {
                out.union(&left.intersect_cube(&r.cube));
            }
            left.subtract_cube(&r.cube);
            if left.is_empty() {
                break;
            }
        }
        out
    }

    pub fn rules(&self, egress: bool) -> &[AclRule] {
        if egress {
            &self.outbound
        } else {
            &self.inbound
        }
    }

    /// The rule that decides one header; `None` is the default deny.
    pub fn decide(&self, egress: bool, h: &crate::space::Header) -> Option<&AclRule> {
        self.rules(egress).iter().find(|r| r.cube.contains(h))
    }
}

/// One security group rule, compiled.
#[derive(Clone, Debug)]
pub struct GroupRule<'a> {
    pub proto: Span<u8>,
    pub port: Span<u16>,
    pub prefixes: Vec<Prefix>,
    /// Groups whose members' private addresses the rule admits.
    pub groups: Vec<&'a str>,
    /// Prefix lists that could not be resolved.
    pub unresolved: Vec<&'a str>,
    pub text: String,
}

#[derive(Clone, Debug)]
pub struct Group<'a> {
    pub id: &'a str,
    pub name: Option<&'a str>,
    pub vpc: Option<&'a str>,
    pub inbound: Vec<GroupRule<'a>>,
    pub outbound: Vec<GroupRule<'a>>,
}

/// A network interface (or an instance with no interface record).
#[derive(Clone, Debug)]
pub struct Eni<'a> {
    pub id: &'a str,
    pub account: &'a str,
    pub region: &'a str,
    pub vpc: Option<&'a str>,
    pub subnet: Option<&'a str>,
    pub instance: Option<&'a str>,
    pub kind: Option<&'a str>,
    pub description: Option<&'a str>,
    /// Private IPv4 addresses.
    pub private: Vec<u128>,
    /// Public IPv4 addresses (auto-assigned or Elastic IPs).
    pub public: Vec<u128>,
    pub ipv6: Vec<u128>,
    pub groups: Vec<&'a str>,
    pub tags: &'a [Tag],
    /// The tags of the instance it is attached to.
    pub instance_tags: &'a [Tag],
}

impl Eni<'_> {
    /// The private addresses of one family.
    pub fn addresses(&self, f: Family) -> &[u128] {
        match f {
            Family::V4 => &self.private,
            Family::V6 => &self.ipv6,
        }
    }
}

#[derive(Clone, Debug)]
pub struct SubnetInfo<'a> {
    pub id: &'a str,
    pub vpc: Option<&'a str>,
    pub table: Option<usize>,
    pub acl: Option<usize>,
    pub prefixes: Vec<Prefix>,
    pub tags: &'a [Tag],
}

#[derive(Clone, Debug)]
pub struct Peering<'a> {
    pub id: &'a str,
    pub requester: Option<&'a str>,
    pub accepter: Option<&'a str>,
    pub active: bool,
}

/// An internet-facing load balancer's front.
#[derive(Clone, Debug)]
pub struct Balancer<'a> {
    pub arn: &'a str,
    pub name: Option<&'a str>,
    pub account: &'a str,
    pub region: &'a str,
    pub internet_facing: bool,
    pub subnets: Vec<&'a str>,
    pub groups: Vec<&'a str>,
    /// (protocol, port) of each listener.
    pub listeners: Vec<(u8, u16)>,
}

/// The compiled network of a whole snapshot.
#[derive(Debug, Default)]
pub struct Network<'a> {
    pub options: Options,
    pub enis: Vec<Eni<'a>>,
    pub(crate) eni_by_id: HashMap<&'a str, usize>,
    pub(crate) eni_by_instance: HashMap<&'a str, Vec<usize>>,
    pub(crate) eni_by_addr: HashMap<(Family, u128), Vec<usize>>,
    pub subnets: HashMap<&'a str, SubnetInfo<'a>>,
    pub tables: Vec<Table<'a>>,
    pub acls: Vec<Acl<'a>>,
    pub groups: HashMap<&'a str, Group<'a>>,
    /// Group id → interfaces that carry it.
    pub(crate) members: HashMap<&'a str, Vec<usize>>,
    pub peerings: HashMap<&'a str, Peering<'a>>,
    /// Internet gateway → the VPCs it is attached to.
    pub(crate) igw_vpcs: HashMap<&'a str, Vec<&'a str>>,
    /// (transit gateway, VPC) → (attachment id, associated TGW route table).
    pub(crate) tgw_attachments: HashMap<(&'a str, &'a str), (&'a str, Option<&'a str>)>,
    /// TGW route table → routes (prefix, attachment's VPC or `None` for blackhole/other).
    pub(crate) tgw_tables: HashMap<&'a str, Vec<(Prefix, Option<&'a str>)>>,
    pub balancers: Vec<Balancer<'a>>,
    /// The internet's address ranges per family (IPv4, IPv6), merged.
    pub(crate) public_spans: [Vec<Span<u128>>; 2],
    /// What could not be resolved; a verdict that depends on it is not a pass.
    pub caveats: Vec<String>,
}

impl<'a> Network<'a> {
    /// Compiles every account and region of `snapshot`.
    pub fn build(snapshot: &'a Snapshot, options: Options) -> Network<'a> {
        let mut net = Network { options, ..Network::default() };
        for account in &snapshot.accounts {
            for (region, r) in &account.regions {
                net.add_region(&account.account_id, region, &r.ec2);
                net.add_balancers(&account.account_id, region, r);
            }
        }
        net.index();
        for (slot, family) in net.public_spans.iter_mut().zip([Family::V4, Family::V6]) {
            let mut set = crate::exposure::internet().family(family);
            set.compact();
            *slot = set.cubes().iter().map(|c| c.addr).collect();
            slot.sort();
        }
        net
    }

    fn add_region(&mut self, account: &'a str, region: &'a str, ec2: &'a Ec2) {
        let lists: HashMap<&str, Vec<Prefix>> = ec2
            .managed_prefix_lists
            .iter()
            .map(|l| (l.prefix_list_id.as_str(), l.entries.iter().filter_map(|e| Prefix::parse(&e.cidr)).collect()))
            .collect();
        for igw in &ec2.internet_gateways {
            let vpcs = igw
                .attachments
                .iter()
                .filter(|a| matches!(a.state.as_deref(), None | Some("available" | "attached")))
                .filter_map(|a| a.vpc_id.as_deref())
                .collect();
            self.igw_vpcs.insert(&igw.internet_gateway_id, vpcs);
        }
        let mut main_table: HashMap<&str, usize> = HashMap::new();
        let mut table_of_subnet: HashMap<&str, usize> = HashMap::new();
        for t in &ec2.route_tables {
            let idx = self.tables.len();
            let mut routes = Vec::new();
            for r in &t.routes {
                self.compile_route(r, &lists, &mut routes);
            }
            routes.sort_by_key(|r| std::cmp::Reverse(r.prefix.len));
            self.tables.push(Table { id: &t.route_table_id, vpc: t.vpc_id.as_deref(), routes });
            for a in &t.associations {
                if let Some(s) = a.subnet_id.as_deref() {
                    table_of_subnet.insert(s, idx);
                }
                if let (Some(true), Some(v)) = (a.main, t.vpc_id.as_deref()) {
                    main_table.insert(v, idx);
                }
            }
        }
        let mut acl_of_subnet: HashMap<&str, usize> = HashMap::new();
        for a in &ec2.network_acls {
            let idx = self.acls.len();
            let compile = |egress: bool| {
                let mut rules: Vec<AclRule> = a.entries.iter().filter(|e| e.egress == egress).filter_map(acl_rule).collect();
                rules.sort_by_key(|r| r.number);
                rules
            };
            let mut acl = Acl {
                id: &a.network_acl_id,
                inbound: compile(false),
                outbound: compile(true),
                allowed_in: HeaderSet::empty(),
                allowed_out: HeaderSet::empty(),
            };
            acl.allowed_in = acl.compute(false);
            acl.allowed_out = acl.compute(true);
            self.acls.push(acl);
            for x in &a.associations {
                if let Some(s) = x.subnet_id.as_deref() {
                    acl_of_subnet.insert(s, idx);
                }
            }
        }
        for s in &ec2.subnets {
            let table = table_of_subnet.get(s.subnet_id.as_str()).or_else(|| s.vpc_id.as_deref().and_then(|v| main_table.get(v))).copied();
            let acl = acl_of_subnet.get(s.subnet_id.as_str()).copied();
            if table.is_none() {
                self.caveats.push(format!("no route table found for subnet {}", s.subnet_id));
            }
            if acl.is_none() {
                self.caveats.push(format!("no network ACL found for subnet {}; treated as allowing everything", s.subnet_id));
            }
            let mut prefixes: Vec<Prefix> = s.cidr_block.as_deref().and_then(Prefix::parse).into_iter().collect();
            prefixes.extend(s.ipv6_cidr_block_association_set.iter().filter_map(|b| b.ipv6_cidr_block.as_deref().and_then(Prefix::parse)));
            self.subnets
                .insert(&s.subnet_id, SubnetInfo { id: &s.subnet_id, vpc: s.vpc_id.as_deref(), table, acl, prefixes, tags: &s.tags });
        }
        for g in &ec2.security_groups {
            let compiled = Group {
                id: &g.group_id,
                name: g.group_name.as_deref(),
                vpc: g.vpc_id.as_deref(),
                inbound: group_rules(&g.ip_permissions, &lists),
                outbound: group_rules(&g.ip_permissions_egress, &lists),
            };
            self.groups.insert(&g.group_id, compiled);
        }
        for p in &ec2.vpc_peering_connections {
            let active = p.status.as_ref().and_then(|s| s.code.as_deref()) == Some("active");
            self.peerings.insert(
                &p.vpc_peering_connection_id,
                Peering {
                    id: &p.vpc_peering_connection_id,
                    requester: p.requester_vpc_info.as_ref().and_then(|i| i.vpc_id.as_deref()),
                    accepter: p.accepter_vpc_info.as_ref().and_then(|i| i.vpc_id.as_deref()),
                    active,
                },
            );
        }
        for a in &ec2.transit_gateway_attachments {
            let (Some(tgw), Some("vpc"), Some(vpc)) =
                (a.transit_gateway_id.as_deref(), a.resource_type.as_deref(), a.resource_id.as_deref())
            else {
                continue;
            };
            if matches!(a.state.as_deref(), None | Some("available")) {
                let table = a.association.as_ref().and_then(|x| x.transit_gateway_route_table_id.as_deref());
                self.tgw_attachments.insert((tgw, vpc), (&a.transit_gateway_attachment_id, table));
            }
        }
        for t in &ec2.transit_gateway_route_tables {
            let mut routes = Vec::new();
            for r in &t.routes {
                let prefixes: Vec<Prefix> = match (r.destination_cidr_block.as_deref(), r.prefix_list_id.as_deref()) {
                    (Some(c), _) => Prefix::parse(c).into_iter().collect(),
                    (None, Some(pl)) => lists.get(pl).cloned().unwrap_or_default(),
                    _ => Vec::new(),
                };
                let active = r.state.as_deref() != Some("blackhole");
                let vpc = r
                    .transit_gateway_attachments
                    .iter()
                    .find(|x| x.resource_type.as_deref() == Some("vpc"))
                    .and_then(|x| x.resource_id.as_deref())
                    .filter(|_| active);
                routes.extend(prefixes.into_iter().map(|p| (p, vpc)));
            }
            routes.sort_by_key(|r| std::cmp::Reverse(r.0.len));
            self.tgw_tables.insert(&t.transit_gateway_route_table_id, routes);
        }
        self.add_interfaces(account, region, ec2);
    }

    fn compile_route(&mut self, r: &'a Route, lists: &HashMap<&str, Vec<Prefix>>, out: &mut Vec<RouteEntry<'a>>) {
        let target = if r.state.as_deref() == Some("blackhole") {
            Target::Blackhole
        } else if let Some(g) = r.gateway_id.as_deref() {
            match g {
                "local" => Target::Local,
                g if g.starts_with("igw-") => Target::InternetGateway(g),
                g if g.starts_with("vgw-") => Target::VpnGateway(g),
                g if g.starts_with("vpce-") => Target::Endpoint(g),
                g => Target::Other(g),
            }
        } else if let Some(g) = r.egress_only_internet_gateway_id.as_deref() {
            Target::EgressOnlyGateway(g)
        } else if let Some(g) = r.nat_gateway_id.as_deref() {
            Target::NatGateway(g)
        } else if let Some(g) = r.vpc_peering_connection_id.as_deref() {
            Target::Peering(g)
        } else if let Some(g) = r.transit_gateway_id.as_deref() {
            Target::TransitGateway(g)
        } else if let Some(g) = r.network_interface_id.as_deref() {
            Target::Interface(g)
        } else if let Some(g) = r.instance_id.as_deref() {
            Target::Instance(g)
        } else if let Some(g) = r.local_gateway_id.as_deref().or(r.carrier_gateway_id.as_deref()).or(r.core_network_arn.as_deref()) {
            Target::Other(g)
        } else {
            Target::Blackhole
        };
        if let Some(c) = r.destination_cidr_block.as_deref().or(r.destination_ipv6_cidr_block.as_deref()) {
            match Prefix::parse(c) {
                Some(prefix) => out.push(RouteEntry { prefix, destination: c, target }),
                None => self.caveats.push(format!("route destination {c} is not a CIDR block")),
            }
        } else if let Some(pl) = r.destination_prefix_list_id.as_deref() {
            match lists.get(pl) {
                Some(prefixes) => out.extend(prefixes.iter().map(|&prefix| RouteEntry { prefix, destination: pl, target })),
                None => self.caveats.push(format!("prefix list {pl} of a route was not resolved")),
            }
        }
    }

    fn add_interfaces(&mut self, account: &'a str, region: &'a str, ec2: &'a Ec2) {
        let mut eips: HashMap<&str, Vec<u128>> = HashMap::new();
        for a in &ec2.addresses {
            if let (Some(eni), Some((Family::V4, ip))) = (a.network_interface_id.as_deref(), crate::space::parse_addr(&a.public_ip)) {
                eips.entry(eni).or_default().push(ip);
            }
        }
        let mut seen: BTreeSet<&str> = BTreeSet::new();
        let instance_tags: HashMap<&str, &[Tag]> = ec2.instances.iter().map(|i| (i.instance_id.as_str(), i.tags.as_slice())).collect();
        for n in &ec2.network_interfaces {
            let mut private: Vec<u128> = Vec::new();
            let mut public: Vec<u128> = Vec::new();
            let v4 = |t: Option<&str>| t.and_then(crate::space::parse_addr).filter(|(f, _)| *f == Family::V4).map(|(_, a)| a);
            private.extend(v4(n.private_ip_address.as_deref()));
            for p in &n.private_ip_addresses {
                private.extend(v4(p.private_ip_address.as_deref()));
                public.extend(v4(p.association.as_ref().and_then(|a| a.public_ip.as_deref())));
            }
            public.extend(v4(n.association.as_ref().and_then(|a| a.public_ip.as_deref())));
            public.extend(eips.get(n.network_interface_id.as_str()).into_iter().flatten());
            let ipv6 = n
                .ipv6_addresses
                .iter()
                .filter_map(|a| a.ipv6_address.as_deref().and_then(crate::space::parse_addr))
                .filter(|(f, _)| *f == Family::V6)
                .map(|(_, a)| a)
                .collect();
            for v in [&mut private, &mut public] {
                v.sort_unstable();
                v.dedup();
            }
            let instance = n.attachment.as_ref().and_then(|a| a.instance_id.as_deref());
            seen.insert(&n.network_interface_id);
            self.enis.push(Eni {
                id: &n.network_interface_id,
                account,
                region,
                vpc: n.vpc_id.as_deref(),
                subnet: n.subnet_id.as_deref(),
                instance,
                kind: n.interface_type.as_deref(),
                description: n.description.as_deref(),
                private,
                public,
                ipv6,
                groups: n.groups.iter().filter_map(|g| g.group_id.as_deref()).collect(),
                tags: &n.tag_set,
                instance_tags: instance.and_then(|i| instance_tags.get(i).copied()).unwrap_or_default(),
            });
        }
        // Instances whose interfaces were not listed (partial imports) stand for their primary interface.
        for i in &ec2.instances {
            if i.network_interfaces.iter().any(|n| seen.contains(n.network_interface_id.as_str())) {
                continue;
            }
            let v4 = |t: Option<&str>| t.and_then(crate::space::parse_addr).filter(|(f, _)| *f == Family::V4).map(|(_, a)| a);
            self.enis.push(Eni {
                id: &i.instance_id,
                account,
                region,
                vpc: i.vpc_id.as_deref(),
                subnet: i.subnet_id.as_deref(),
                instance: Some(&i.instance_id),
                kind: Some("instance"),
                description: None,
                private: v4(i.private_ip_address.as_deref()).into_iter().collect(),
                public: v4(i.public_ip_address.as_deref()).into_iter().collect(),
                ipv6: Vec::new(),
                groups: i.security_groups.iter().filter_map(|g| g.group_id.as_deref()).collect(),
                tags: &[],
                instance_tags: &i.tags,
            });
        }
    }

    fn add_balancers(&mut self, account: &'a str, region: &'a str, r: &'a mamori_model::Region) {
        for lb in &r.load_balancers {
            let listeners = lb
                .listeners
                .iter()
                .filter_map(|l| {
                    let port = u16::try_from(l.port?).ok()?;
                    let p = match l.protocol.as_deref() {
                        Some("UDP") => proto::UDP,
                        _ => proto::TCP,
                    };
                    Some((p, port))
                })
                .collect();
            self.balancers.push(Balancer {
                arn: &lb.load_balancer_arn,
                name: lb.load_balancer_name.as_deref(),
                account,
                region,
                internet_facing: lb.scheme.as_deref() == Some("internet-facing"),
                subnets: lb.availability_zones.iter().filter_map(|z| z.subnet_id.as_deref()).collect(),
                groups: lb.security_groups.iter().map(String::as_str).collect(),
                listeners,
            });
        }
    }

    fn index(&mut self) {
        for (i, e) in self.enis.iter().enumerate() {
            self.eni_by_id.insert(e.id, i);
            if let Some(inst) = e.instance {
                self.eni_by_instance.entry(inst).or_default().push(i);
            }
            for &a in &e.private {
                self.eni_by_addr.entry((Family::V4, a)).or_default().push(i);
            }
            for &a in &e.public {
                self.eni_by_addr.entry((Family::V4, a)).or_default().push(i);
            }
            for &a in &e.ipv6 {
                self.eni_by_addr.entry((Family::V6, a)).or_default().push(i);
            }
            for g in &e.groups {
                self.members.entry(g).or_default().push(i);
            }
        }
    }

    pub fn eni(&self, id: &str) -> Option<&Eni<'a>> {
        self.eni_by_id.get(id).and_then(|&i| self.enis.get(i))
    }

    /// The interfaces of an instance.
    pub fn instance_enis(&self, instance: &str) -> Vec<&Eni<'a>> {
        self.eni_by_instance.get(instance).into_iter().flatten().filter_map(|&i| self.enis.get(i)).collect()
    }

    /// Interfaces that hold `addr` (private, public or IPv6).
    pub fn enis_at(&self, family: Family, addr: u128) -> Vec<&Eni<'a>> {
        self.eni_by_addr.get(&(family, addr)).into_iter().flatten().filter_map(|&i| self.enis.get(i)).collect()
    }

    pub fn members(&self, group: &str) -> Vec<&Eni<'a>> {
        self.members.get(group).into_iter().flatten().filter_map(|&i| self.enis.get(i)).collect()
    }

    pub fn subnet(&self, id: &str) -> Option<&SubnetInfo<'a>> {
        self.subnets.get(id)
    }

    pub fn table_of(&self, subnet: &str) -> Option<&Table<'a>> {
        self.subnets.get(subnet).and_then(|s| s.table).and_then(|i| self.tables.get(i))
    }

    pub fn acl_of(&self, subnet: &str) -> Option<&Acl<'a>> {
        self.subnets.get(subnet).and_then(|s| s.acl).and_then(|i| self.acls.get(i))
    }

    /// Whether internet gateway `igw` is attached to `vpc`.
    pub fn igw_attached(&self, igw: &str, vpc: Option<&str>) -> bool {
        match vpc {
            Some(v) => self.igw_vpcs.get(igw).is_some_and(|vs| vs.contains(&v)),
            // Without a VPC id to check against, trust the route.
            None => true,
        }
    }

    /// Whether a subnet's route table sends some internet address to an attached internet gateway.
    pub fn subnet_is_public(&self, subnet: &str) -> bool {
        let vpc = self.subnets.get(subnet).and_then(|s| s.vpc);
        self.table_of(subnet)
            .is_some_and(|t| t.routes.iter().any(|r| matches!(r.target, Target::InternetGateway(g) if self.igw_attached(g, vpc))))
    }

    /// The security group rules of `groups` in one direction, as a header
    /// set. Rules that reference a group admit the private addresses of
    /// `peer` when `peer` carries that group; without a peer they admit
    /// nothing (internet traffic never matches a group reference).
    pub fn group_set(&self, groups: &[&str], egress: bool, peer: Option<&Eni<'_>>) -> HeaderSet {
        let mut out = HeaderSet::empty();
        for g in groups {
            let Some(group) = self.groups.get(g) else { continue };
            let rules = if egress { &group.outbound } else { &group.inbound };
            for r in rules {
                let shape = Cube { family: Family::V4, addr: Span { lo: 0, hi: 0 }, proto: r.proto, port: r.port };
                for p in &r.prefixes {
                    out.add(Cube { family: p.family, addr: p.span(), ..shape });
                }
                if let Some(peer) = peer {
                    if r.groups.iter().any(|rg| peer.groups.contains(rg)) {
                        for &a in &peer.private {
                            out.add(Cube { family: Family::V4, addr: Span::one(a), ..shape });
                        }
                        for &a in &peer.ipv6 {
                            out.add(Cube { family: Family::V6, addr: Span::one(a), ..shape });
                        }
                    }
                }
            }
        }
        out
    }

    /// Unresolved parts of the groups: missing groups and prefix lists.
    pub fn group_caveats(&self, groups: &[&str]) -> Vec<String> {
        let mut out = Vec::new();
        for g in groups {
            match self.groups.get(g) {
                None => out.push(format!("security group {g} was not collected")),
                Some(group) => {
                    for r in group.inbound.iter().chain(&group.outbound) {
                        out.extend(r.unresolved.iter().map(|pl| format!("prefix list {pl} in {g} was not resolved")));
                    }
                }
            }
        }
        out.sort();
        out.dedup();
        out
    }
}

fn acl_rule(e: &NetworkAclEntry) -> Option<AclRule> {
    let prefix = e.cidr_block.as_deref().or(e.ipv6_cidr_block.as_deref()).and_then(Prefix::parse)?;
    let p = match e.protocol.as_str() {
        "-1" | "all" => ALL_PROTOCOLS,
        other => Span::one(proto::parse(other)?),
    };
    let port = if p == ALL_PROTOCOLS {
        ALL_PORTS
    } else if proto::has_ports(p.lo) {
        match &e.port_range {
            Some(r) => port_span(r.from, r.to),
            None => ALL_PORTS,
        }
    } else if p.lo == proto::ICMP || p.lo == proto::ICMPV6 {
        match &e.icmp_type_code {
            Some(tc) => icmp_span(tc.icmp_type, tc.code),
            None => ALL_PORTS,
        }
    } else {
        ALL_PORTS
    };
    Some(AclRule {
        number: e.rule_number,
        allow: e.rule_action.eq_ignore_ascii_case("allow"),
        cube: Cube { addr: prefix.span(), family: prefix.family, proto: p, port },
    })
}

fn port_span(from: Option<i32>, to: Option<i32>) -> Span<u16> {
    let clamp = |v: i32| u16::try_from(v.clamp(0, 65535)).unwrap_or(u16::MAX);
    match (from, to) {
        (Some(f), Some(t)) if f >= 0 && t >= 0 => Span::new(clamp(f), clamp(t)).unwrap_or(ALL_PORTS),
        (Some(f), None) if f >= 0 => Span::one(clamp(f)),
        _ => ALL_PORTS,
    }
}

/// ICMP type and code in the port dimension; `-1` (or absent) is "any".
fn icmp_span(icmp_type: Option<i32>, code: Option<i32>) -> Span<u16> {
    match (icmp_type.filter(|t| (0..=255).contains(t)), code.filter(|c| (0..=255).contains(c))) {
        (None, _) => ALL_PORTS,
        (Some(t), None) => {
            let base = u16::try_from(t).unwrap_or(0) << 8;
            Span { lo: base, hi: base | 0xff }
        }
        (Some(t), Some(c)) => Span::one((u16::try_from(t).unwrap_or(0) << 8) | u16::try_from(c).unwrap_or(0)),
    }
}

/// The protocols and ports of a security group rule; `None` for a protocol
/// name mamori does not know.
pub fn permission_spans(p: &IpPermission) -> Option<(Span<u8>, Span<u16>)> {
    match p.ip_protocol.to_ascii_lowercase().as_str() {
        "-1" | "all" => Some((ALL_PROTOCOLS, ALL_PORTS)),
        other => {
            let n = proto::parse(other)?;
            let port = if proto::has_ports(n) {
                port_span(p.from_port, p.to_port)
            } else if n == proto::ICMP || n == proto::ICMPV6 {
                icmp_span(p.from_port, p.to_port)
            } else {
                ALL_PORTS
            };
            Some((Span::one(n), port))
        }
    }
}

fn group_rules<'a>(perms: &'a [IpPermission], lists: &HashMap<&str, Vec<Prefix>>) -> Vec<GroupRule<'a>> {
    perms
        .iter()
        .filter_map(|p| {
            let (pr, port) = permission_spans(p)?;
            let mut prefixes: Vec<Prefix> = p.ip_ranges.iter().filter_map(|r| Prefix::parse(&r.cidr_ip)).collect();
            prefixes.extend(p.ipv6_ranges.iter().filter_map(|r| Prefix::parse(&r.cidr_ipv6)));
            let mut unresolved = Vec::new();
            for pl in &p.prefix_list_ids {
                match lists.get(pl.prefix_list_id.as_str()) {
                    Some(entries) => prefixes.extend(entries.iter().copied()),
                    None => unresolved.push(pl.prefix_list_id.as_str()),
                }
            }
            let groups: Vec<&str> = p.user_id_group_pairs.iter().filter_map(|u| u.group_id.as_deref()).collect();
            let mut sources: Vec<String> = p.ip_ranges.iter().map(|r| r.cidr_ip.clone()).collect();
            sources.extend(p.ipv6_ranges.iter().map(|r| r.cidr_ipv6.clone()));
            sources.extend(p.prefix_list_ids.iter().map(|r| r.prefix_list_id.clone()));
            sources.extend(groups.iter().map(|g| (*g).to_string()));
            let text = format!("{} {} {}", crate::space::proto_text(pr), crate::space::port_text(pr, port), sources.join(", "));
            Some(GroupRule { proto: pr, port, prefixes, groups, unresolved, text })
        })
        .collect()
}
