//! Hand-built topologies: a snapshot from a few lines of EC2 API JSON.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)]

use mamori_model::Snapshot;
use serde_json::{json, Value};

/// A snapshot with one account and one region holding `ec2`.
pub fn snapshot(ec2: Value) -> Snapshot {
    serde_json::from_value(json!({
        "format": "mamori-snapshot", "schema_version": 1, "mamori_version": "0",
        "source": {"kind": "test"}, "started_at": "2026-01-01T00:00:00Z", "finished_at": "2026-01-01T00:00:00Z",
        "regions": ["us-east-1"],
        "accounts": [{"account_id": "111111111111", "partition": "aws", "regions": {"us-east-1": {"ec2": ec2}}}]
    }))
    .expect("test snapshot")
}

pub fn route(cidr: &str, target: &str) -> Value {
    let key = match target.split('-').next().unwrap() {
        "igw" | "vgw" | "vpce" | "local" => "GatewayId",
        "eigw" => "EgressOnlyInternetGatewayId",
        "nat" => "NatGatewayId",
        "pcx" => "VpcPeeringConnectionId",
        "tgw" => "TransitGatewayId",
        "eni" => "NetworkInterfaceId",
        "blackhole" => "GatewayId",
        other => panic!("target {other}"),
    };
    let dest = if cidr.contains(':') { "DestinationIpv6CidrBlock" } else { "DestinationCidrBlock" };
    let mut r = json!({ dest: cidr, key: target, "State": "active" });
    if target == "blackhole" {
        r = json!({ dest: cidr, "GatewayId": "igw-gone", "State": "blackhole" });
    }
    r
}

pub fn table(id: &str, vpc: &str, routes: Vec<Value>, subnets: &[&str], main: bool) -> Value {
    let mut assoc: Vec<Value> =
        subnets.iter().map(|s| json!({"RouteTableAssociationId": format!("a-{id}-{s}"), "SubnetId": s, "Main": false})).collect();
    if main {
        assoc.push(json!({"RouteTableAssociationId": format!("a-{id}-main"), "Main": true}));
    }
    json!({"RouteTableId": id, "VpcId": vpc, "Routes": routes, "Associations": assoc})
}

/// `(number, protocol, action, egress, cidr, ports)`.
pub fn entry(n: i32, proto: &str, action: &str, egress: bool, cidr: &str, ports: Option<(i32, i32)>) -> Value {
    let mut e = json!({"RuleNumber": n, "Protocol": proto, "RuleAction": action, "Egress": egress});
    e[if cidr.contains(':') { "Ipv6CidrBlock" } else { "CidrBlock" }] = json!(cidr);
    if let Some((f, t)) = ports {
        e["PortRange"] = json!({"From": f, "To": t});
    }
    e
}

/// The default ACL's entries: allow everything both ways, then deny.
pub fn open_entries() -> Vec<Value> {
    vec![
        entry(100, "-1", "allow", false, "0.0.0.0/0", None),
        entry(101, "-1", "allow", false, "::/0", None),
        entry(100, "-1", "allow", true, "0.0.0.0/0", None),
        entry(101, "-1", "allow", true, "::/0", None),
        entry(32767, "-1", "deny", false, "0.0.0.0/0", None),
        entry(32767, "-1", "deny", true, "0.0.0.0/0", None),
    ]
}

pub fn acl(id: &str, vpc: &str, entries: Vec<Value>, subnets: &[&str]) -> Value {
    let assoc: Vec<Value> =
        subnets.iter().map(|s| json!({"NetworkAclAssociationId": format!("aa-{id}-{s}"), "NetworkAclId": id, "SubnetId": s})).collect();
    json!({"NetworkAclId": id, "VpcId": vpc, "Entries": entries, "Associations": assoc})
}

pub fn perm(proto: &str, ports: Option<(i32, i32)>, cidrs: &[&str]) -> Value {
    let mut p = json!({"IpProtocol": proto});
    if let Some((f, t)) = ports {
        p["FromPort"] = json!(f);
        p["ToPort"] = json!(t);
    }
    let v4: Vec<Value> =
        cidrs.iter().filter(|c| !c.contains(':') && !c.starts_with("pl-") && !c.starts_with("sg-")).map(|c| json!({"CidrIp": c})).collect();
    let v6: Vec<Value> = cidrs.iter().filter(|c| c.contains(':')).map(|c| json!({"CidrIpv6": c})).collect();
    let pl: Vec<Value> = cidrs.iter().filter(|c| c.starts_with("pl-")).map(|c| json!({"PrefixListId": c})).collect();
    let sg: Vec<Value> = cidrs.iter().filter(|c| c.starts_with("sg-")).map(|c| json!({"GroupId": c})).collect();
    p["IpRanges"] = json!(v4);
    p["Ipv6Ranges"] = json!(v6);
    p["PrefixListIds"] = json!(pl);
    p["UserIdGroupPairs"] = json!(sg);
    p
}

pub fn group(id: &str, vpc: &str, inbound: Vec<Value>) -> Value {
    json!({"GroupId": id, "GroupName": id, "VpcId": vpc, "IpPermissions": inbound,
           "IpPermissionsEgress": [perm("-1", None, &["0.0.0.0/0", "::/0"])]})
}

pub fn eni(id: &str, vpc: &str, subnet: &str, private: &str, public: Option<&str>, groups: &[&str]) -> Value {
    let mut n = json!({"NetworkInterfaceId": id, "VpcId": vpc, "SubnetId": subnet, "PrivateIpAddress": private,
        "PrivateIpAddresses": [{"PrivateIpAddress": private, "Primary": true}],
        "Groups": groups.iter().map(|g| json!({"GroupId": g})).collect::<Vec<_>>()});
    if let Some(p) = public {
        n["Association"] = json!({"PublicIp": p});
    }
    n
}

pub fn subnet(id: &str, vpc: &str, cidr: &str) -> Value {
    json!({"SubnetId": id, "VpcId": vpc, "CidrBlock": cidr})
}

/// One VPC 10.0.0.0/16 with an attached internet gateway, a public subnet
/// (10.0.1.0/24, default route to the gateway) and a private one
/// (10.0.2.0/24, main table: local only), both under an open ACL, and a
/// group `sg-ssh` open to the world on 22.
pub fn base() -> Value {
    json!({
        "vpcs": [{"VpcId": "vpc-1", "CidrBlock": "10.0.0.0/16"}],
        "internet_gateways": [{"InternetGatewayId": "igw-1", "Attachments": [{"VpcId": "vpc-1", "State": "available"}]}],
        "subnets": [subnet("subnet-pub", "vpc-1", "10.0.1.0/24"), subnet("subnet-priv", "vpc-1", "10.0.2.0/24")],
        "route_tables": [
            table("rtb-pub", "vpc-1", vec![route("10.0.0.0/16", "local"), route("0.0.0.0/0", "igw-1")], &["subnet-pub"], false),
            table("rtb-main", "vpc-1", vec![route("10.0.0.0/16", "local")], &[], true),
        ],
        "network_acls": [acl("acl-open", "vpc-1", open_entries(), &["subnet-pub", "subnet-priv"])],
        "security_groups": [group("sg-ssh", "vpc-1", vec![perm("tcp", Some((22, 22)), &["0.0.0.0/0"])])],
        "network_interfaces": [],
    })
}

pub fn push(v: &mut Value, key: &str, item: Value) {
    if v.get(key).is_none() {
        v[key] = json!([]);
    }
    v[key].as_array_mut().unwrap_or_else(|| panic!("{key}")).push(item);
}

/// Replaces the element of `key` whose `id_key` is `id`.
pub fn replace(v: &mut Value, key: &str, id_key: &str, id: &str, item: Value) {
    let list = v[key].as_array_mut().unwrap();
    let at = list.iter().position(|x| x[id_key] == id).unwrap();
    list[at] = item;
}
