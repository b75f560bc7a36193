//! The reachability engine at scale: 50,000 interfaces, 10,000 security
//! groups of 10 rules, 2,000 network ACLs and 2,000 route tables, built in
//! memory with a fixed seed. Run: `scripts/bench-net` (release build).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)]

use std::time::Instant;

use mamori_model::ec2::*;
use mamori_model::{Account, Region, Snapshot, Source, Time};
use mamori_net::{Endpoint, Network, Options};

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        self.0 >> 33
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

const VPCS: usize = 10;
const SUBNETS: usize = 2_000;
const GROUPS: usize = 10_000;
const RULES: usize = 10;
const ENIS: usize = 50_000;

fn s(x: impl Into<String>) -> Option<String> {
    Some(x.into())
}

fn build() -> Snapshot {
    let mut r = Rng(42);
    let mut ec2 = Ec2::default();
    for v in 0..VPCS {
        ec2.vpcs.push(Vpc { vpc_id: format!("vpc-{v}"), cidr_block: s(format!("10.{v}.0.0/16")), ..Default::default() });
        ec2.internet_gateways.push(InternetGateway {
            internet_gateway_id: format!("igw-{v}"),
            attachments: vec![GatewayAttachment { vpc_id: s(format!("vpc-{v}")), state: s("available") }],
            ..Default::default()
        });
    }
    let per_vpc = SUBNETS / VPCS;
    for i in 0..SUBNETS {
        let (v, n) = (i / per_vpc, i % per_vpc);
        let (vpc, subnet) = (format!("vpc-{v}"), format!("subnet-{i}"));
        ec2.subnets.push(Subnet {
            subnet_id: subnet.clone(),
            vpc_id: s(&vpc),
            cidr_block: s(format!("10.{v}.{n}.0/24")),
            ..Default::default()
        });
        let public = i % 2 == 0;
        let mut routes = vec![Route {
            destination_cidr_block: s(format!("10.{v}.0.0/16")),
            gateway_id: s("local"),
            state: s("active"),
            ..Default::default()
        }];
        routes.push(if public {
            Route { destination_cidr_block: s("0.0.0.0/0"), gateway_id: s(format!("igw-{v}")), state: s("active"), ..Default::default() }
        } else {
            Route {
                destination_cidr_block: s("0.0.0.0/0"),
                nat_gateway_id: s(format!("nat-{v}")),
                state: s("active"),
                ..Default::default()
            }
        });
        ec2.route_tables.push(RouteTable {
            route_table_id: format!("rtb-{i}"),
            vpc_id: s(&vpc),
            routes,
            associations: vec![RouteTableAssociation { subnet_id: s(&subnet), ..Default::default() }],
            ..Default::default()
        });
        let mut entries = Vec::new();
        for k in 0..6 {
            let port = [22u16, 80, 443, 3389, 1024, 5432][r.below(6) as usize] as i32;
            entries.push(NetworkAclEntry {
                rule_number: 100 + k * 10,
                protocol: ["6", "17", "-1"][r.below(3) as usize].into(),
                rule_action: if r.below(3) == 0 { "deny".into() } else { "allow".into() },
                egress: k % 3 == 2,
                cidr_block: s(["0.0.0.0/0", "203.0.113.0/24", "10.0.0.0/8", "198.51.100.0/22"][r.below(4) as usize]),
                port_range: Some(PortRange { from: Some(port), to: Some(port + r.below(2000) as i32) }),
                ..Default::default()
            });
        }
        entries.push(NetworkAclEntry {
            rule_number: 900,
            protocol: "-1".into(),
            rule_action: "allow".into(),
            egress: false,
            cidr_block: s("0.0.0.0/0"),
            ..Default::default()
        });
        entries.push(NetworkAclEntry {
            rule_number: 900,
            protocol: "-1".into(),
            rule_action: "allow".into(),
            egress: true,
            cidr_block: s("0.0.0.0/0"),
            ..Default::default()
        });
        ec2.network_acls.push(NetworkAcl {
            network_acl_id: format!("acl-{i}"),
            vpc_id: s(&vpc),
            entries,
            associations: vec![NetworkAclAssociation { subnet_id: s(&subnet), ..Default::default() }],
            ..Default::default()
        });
    }
    for g in 0..GROUPS {
        let v = g % VPCS;
        let mut perms = Vec::new();
        for _ in 0..RULES {
            let from = [22, 80, 443, 3306, 5432, 8080, 1000, 6379][r.below(8) as usize];
            let mut p = IpPermission {
                ip_protocol: ["tcp", "tcp", "tcp", "udp", "-1", "icmp"][r.below(6) as usize].into(),
                from_port: Some(from),
                to_port: Some(from + r.below(3) as i32 * 100),
                ..Default::default()
            };
            match r.below(4) {
                0 => p.ip_ranges.push(IpRange { cidr_ip: "0.0.0.0/0".into(), description: None }),
                1 => p.ip_ranges.push(IpRange { cidr_ip: format!("{}.{}.0.0/16", 1 + r.below(200), r.below(250)), description: None }),
                2 => p
                    .user_id_group_pairs
                    .push(UserIdGroupPair { group_id: s(format!("sg-{}", r.below(GROUPS as u64))), ..Default::default() }),
                _ => p.ipv6_ranges.push(Ipv6Range { cidr_ipv6: "::/0".into(), description: None }),
            }
            perms.push(p);
        }
        ec2.security_groups.push(SecurityGroup {
            group_id: format!("sg-{g}"),
            vpc_id: s(format!("vpc-{v}")),
            ip_permissions: perms,
            ip_permissions_egress: vec![IpPermission {
                ip_protocol: "-1".into(),
                ip_ranges: vec![IpRange { cidr_ip: "0.0.0.0/0".into(), description: None }],
                ..Default::default()
            }],
            ..Default::default()
        });
    }
    for e in 0..ENIS {
        let subnet = r.below(SUBNETS as u64) as usize;
        let (v, n) = (subnet / per_vpc, subnet % per_vpc);
        let groups = (0..1 + r.below(3))
            .map(|_| {
                let g = r.below((GROUPS / VPCS) as u64) as usize * VPCS + v;
                IdName { group_id: s(format!("sg-{g}")), group_name: None }
            })
            .collect();
        let public = r.below(2) == 0;
        ec2.network_interfaces.push(NetworkInterface {
            network_interface_id: format!("eni-{e}"),
            vpc_id: s(format!("vpc-{v}")),
            subnet_id: s(format!("subnet-{subnet}")),
            private_ip_address: s(format!("10.{v}.{n}.{}", 4 + e % 250)),
            association: public
                .then(|| IpAssociation { public_ip: s(format!("54.{}.{}.{}", e / 65536, (e / 256) % 256, e % 256)), ..Default::default() }),
            groups,
            ..Default::default()
        });
    }
    let mut snapshot = Snapshot::new(Source { kind: "bench".into(), ..Default::default() }, Time::from_epoch(0, 0).unwrap());
    let region = Region { ec2, ..Default::default() };
    let mut account = Account { account_id: "111111111111".into(), partition: "aws".into(), ..Default::default() };
    account.regions.insert("us-east-1".into(), region);
    snapshot.accounts.push(account);
    snapshot
}

fn main() {
    let t = Instant::now();
    let snapshot = build();
    let generated = t.elapsed();
    let t = Instant::now();
    let net = Network::build(&snapshot, Options::default());
    let compiled = t.elapsed();
    let t = Instant::now();
    let all = net.exposures();
    let exposure = t.elapsed();
    let exposed = all.iter().filter(|x| x.is_exposed()).count();
    let t = Instant::now();
    let queries = 1_000;
    let mut reachable = 0;
    for q in 0..queries {
        let a = net.eni(&format!("eni-{}", q * 37 % ENIS)).unwrap();
        let b = net.eni(&format!("eni-{}", (q * 101 + 7) % ENIS)).unwrap();
        reachable += usize::from(net.path(&Endpoint::Interface(a), &Endpoint::Interface(b), Some(6), Some(5432)).unwrap().reachable);
        reachable += usize::from(net.path(&Endpoint::Internet(None), &Endpoint::Interface(b), Some(6), Some(22)).unwrap().reachable);
    }
    let per_query = t.elapsed() / (2 * queries as u32);
    println!("interfaces {ENIS}, security groups {GROUPS} x {RULES} rules, network ACLs {SUBNETS}, route tables {SUBNETS}");
    println!("generate snapshot   {generated:>10.1?}");
    println!("compile network     {compiled:>10.1?}");
    println!("full exposure       {exposure:>10.1?}   ({exposed} of {} interfaces reachable from the internet)", all.len());
    println!("compile + exposure  {:>10.1?}", compiled + exposure);
    println!("single path query   {per_query:>10.1?}   (mean of {} queries, {reachable} reachable)", 2 * queries);
}
