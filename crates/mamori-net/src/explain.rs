//! What a verdict rests on: the components a path crosses, or the one that
//! stops it, named like Reachability Analyzer's explanation codes.

use serde::Serialize;

/// One component on a path.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Hop {
    /// `internet`, `internet-gateway`, `route-table`, `network-acl`,
    /// `security-group`, `network-interface`, `vpc-peering-connection`,
    /// `transit-gateway`, `load-balancer`.
    pub component: &'static str,
    pub id: String,
    /// The setting that let the traffic through.
    pub detail: String,
}

impl Hop {
    pub fn new(component: &'static str, id: impl Into<String>, detail: impl Into<String>) -> Hop {
        Hop { component, id: id.into(), detail: detail.into() }
    }
}

/// Why nothing gets through.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Block {
    pub code: BlockCode,
    /// The component that blocks (an id), when there is one.
    pub component: String,
    pub detail: String,
}

/// Explanation codes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum BlockCode {
    /// The interface has no public IPv4 address and no IPv6 address.
    NoPublicAddress,
    /// The subnet's route table sends no reply to an attached internet gateway.
    NoRouteToInternetGateway,
    /// Only an egress-only internet gateway: outbound IPv6 only.
    EgressOnlyGateway,
    /// The route table's route for the destination is missing.
    NoRoute,
    /// The route is a blackhole.
    RouteBlackhole,
    /// The route leads somewhere other than the destination.
    RouteElsewhere,
    /// The peering connection is not active or does not join the two VPCs.
    PeeringNotUsable,
    /// No route back from the destination's subnet.
    NoReturnRoute,
    /// A transit gateway has no attachment or route for the traffic.
    TransitGatewayNoRoute,
    /// A network ACL rule (or its default deny) drops the traffic.
    AclDenies,
    /// A network ACL drops the reply on every ephemeral port.
    AclDeniesReturn,
    /// No rule of the security groups allows the traffic.
    SecurityGroupDenies,
    /// The destination is not in the snapshot.
    UnknownEndpoint,
}

impl BlockCode {
    pub fn as_str(self) -> &'static str {
        match self {
            BlockCode::NoPublicAddress => "NO_PUBLIC_ADDRESS",
            BlockCode::NoRouteToInternetGateway => "NO_ROUTE_TO_INTERNET_GATEWAY",
            BlockCode::EgressOnlyGateway => "EGRESS_ONLY_GATEWAY",
            BlockCode::NoRoute => "NO_ROUTE",
            BlockCode::RouteBlackhole => "ROUTE_BLACKHOLE",
            BlockCode::RouteElsewhere => "ROUTE_ELSEWHERE",
            BlockCode::PeeringNotUsable => "PEERING_NOT_USABLE",
            BlockCode::NoReturnRoute => "NO_RETURN_ROUTE",
            BlockCode::TransitGatewayNoRoute => "TRANSIT_GATEWAY_NO_ROUTE",
            BlockCode::AclDenies => "ACL_DENIES",
            BlockCode::AclDeniesReturn => "ACL_DENIES_RETURN",
            BlockCode::SecurityGroupDenies => "SECURITY_GROUP_DENIES",
            BlockCode::UnknownEndpoint => "UNKNOWN_ENDPOINT",
        }
    }
}

impl Block {
    pub fn new(code: BlockCode, component: impl Into<String>, detail: impl Into<String>) -> Block {
        Block { code, component: component.into(), detail: detail.into() }
    }

    /// One line: `ACL_DENIES acl-1: inbound rule 100 denies tcp 22 from 0.0.0.0/0`.
    pub fn line(&self) -> String {
        if self.component.is_empty() {
            format!("{}: {}", self.code.as_str(), self.detail)
        } else {
            format!("{} {}: {}", self.code.as_str(), self.component, self.detail)
        }
    }
}

/// A path as one line: `igw-1 → rtb-1 → acl-1 → sg-1 → eni-1`.
pub fn path_line(hops: &[Hop]) -> String {
    hops.iter().map(|h| h.id.as_str()).collect::<Vec<_>>().join(" → ")
}
