//! EC2 and VPC: instances, network interfaces, the network's configuration,
//! volumes, snapshots and images. Field names follow the EC2 API.

use serde_json::Value;

use crate::{record, Tag, Time};

/// The EC2 and VPC resources of one region (a mamori container: snake_case keys).
#[serde_with::skip_serializing_none]
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(default)]
pub struct Ec2 {
    pub instances: Vec<Instance>,
    pub network_interfaces: Vec<NetworkInterface>,
    pub security_groups: Vec<SecurityGroup>,
    pub network_acls: Vec<NetworkAcl>,
    pub route_tables: Vec<RouteTable>,
    pub internet_gateways: Vec<InternetGateway>,
    pub egress_only_internet_gateways: Vec<EgressOnlyInternetGateway>,
    pub nat_gateways: Vec<NatGateway>,
    pub vpn_gateways: Vec<VpnGateway>,
    pub addresses: Vec<Address>,
    pub subnets: Vec<Subnet>,
    pub vpcs: Vec<Vpc>,
    pub vpc_peering_connections: Vec<VpcPeeringConnection>,
    pub transit_gateways: Vec<TransitGateway>,
    pub transit_gateway_attachments: Vec<TransitGatewayAttachment>,
    pub transit_gateway_route_tables: Vec<TransitGatewayRouteTable>,
    pub vpc_endpoints: Vec<VpcEndpoint>,
    pub managed_prefix_lists: Vec<ManagedPrefixList>,
    pub flow_logs: Vec<FlowLog>,
    pub volumes: Vec<Volume>,
    pub snapshots: Vec<Snapshot>,
    /// Images owned by the account, and images that instances run.
    pub images: Vec<Image>,
    /// AMI ids that instances run but `DescribeImages` no longer returns
    /// (deregistered or not shared any more).
    pub missing_images: Vec<String>,
    /// `GetEbsEncryptionByDefault`; `None` when not collected.
    pub ebs_encryption_by_default: Option<bool>,
}

record! { pub struct IdName { pub group_id: Option<String>, pub group_name: Option<String> } }
record! { pub struct StateName { pub name: Option<String>, pub code: Option<i32> } }

record! {
    pub struct Instance {
        pub instance_id: String,
        pub image_id: Option<String>,
        pub instance_type: Option<String>,
        pub state: Option<StateName>,
        pub state_transition_reason: Option<String>,
        pub launch_time: Option<Time>,
        pub vpc_id: Option<String>,
        pub subnet_id: Option<String>,
        pub private_ip_address: Option<String>,
        pub public_ip_address: Option<String>,
        pub iam_instance_profile: Option<IamInstanceProfile>,
        pub security_groups: Vec<IdName>,
        pub network_interfaces: Vec<InstanceNetworkInterface>,
        pub metadata_options: Option<MetadataOptions>,
        pub source_dest_check: Option<bool>,
        pub platform: Option<String>,
        pub key_name: Option<String>,
        pub block_device_mappings: Vec<BlockDeviceMapping>,
        pub tags: Vec<Tag>,
        /// mamori: the user data, base64-decoded, with every secret value
        /// replaced by a `«redacted:KIND»` marker. `None` when the instance
        /// has none or it was not collected (see coverage).
        pub user_data: Option<String>,
        /// mamori: the secrets found in the user data (kind and line), values never stored.
        pub user_data_secrets: Vec<crate::secrets::SecretHit>,
    }
}

record! { pub struct IamInstanceProfile { pub arn: Option<String>, pub id: Option<String> } }
record! { pub struct InstanceNetworkInterface { pub network_interface_id: String } }
record! {
    pub struct MetadataOptions {
        pub http_tokens: Option<String>,
        pub http_endpoint: Option<String>,
        pub http_put_response_hop_limit: Option<i32>,
        pub instance_metadata_tags: Option<String>,
    }
}
record! { pub struct BlockDeviceMapping { pub device_name: Option<String>, pub ebs: Option<EbsBlockDevice> } }
record! { pub struct EbsBlockDevice { pub volume_id: Option<String>, pub snapshot_id: Option<String>, pub encrypted: Option<bool> } }

record! {
    pub struct NetworkInterface {
        pub network_interface_id: String,
        pub interface_type: Option<String>,
        pub description: Option<String>,
        pub vpc_id: Option<String>,
        pub subnet_id: Option<String>,
        pub availability_zone: Option<String>,
        pub private_ip_address: Option<String>,
        pub private_ip_addresses: Vec<PrivateIp>,
        pub ipv6_addresses: Vec<Ipv6Address>,
        pub association: Option<IpAssociation>,
        pub groups: Vec<IdName>,
        pub attachment: Option<EniAttachment>,
        pub source_dest_check: Option<bool>,
        pub status: Option<String>,
        pub requester_managed: Option<bool>,
        pub requester_id: Option<String>,
        pub owner_id: Option<String>,
        pub tag_set: Vec<Tag>,
    }
}
record! { pub struct PrivateIp { pub private_ip_address: Option<String>, pub primary: Option<bool>, pub association: Option<IpAssociation> } }
record! { pub struct Ipv6Address { pub ipv6_address: Option<String> } }
record! { pub struct IpAssociation { pub public_ip: Option<String>, pub allocation_id: Option<String>, pub ip_owner_id: Option<String>, pub public_dns_name: Option<String> } }
record! { pub struct EniAttachment { pub instance_id: Option<String>, pub instance_owner_id: Option<String>, pub device_index: Option<i32>, pub status: Option<String> } }

record! {
    pub struct SecurityGroup {
        pub group_id: String,
        pub group_name: Option<String>,
        pub description: Option<String>,
        pub vpc_id: Option<String>,
        pub owner_id: Option<String>,
        pub ip_permissions: Vec<IpPermission>,
        pub ip_permissions_egress: Vec<IpPermission>,
        pub tags: Vec<Tag>,
    }
}
record! {
    pub struct IpPermission {
        /// `tcp`, `udp`, `icmp`, `icmpv6`, a protocol number, or `-1` for all.
        pub ip_protocol: String,
        pub from_port: Option<i32>,
        pub to_port: Option<i32>,
        pub ip_ranges: Vec<IpRange>,
        pub ipv6_ranges: Vec<Ipv6Range>,
        pub prefix_list_ids: Vec<PrefixListId>,
        pub user_id_group_pairs: Vec<UserIdGroupPair>,
    }
}
record! { pub struct IpRange { pub cidr_ip: String, pub description: Option<String> } }
record! { pub struct Ipv6Range { pub cidr_ipv6: String, pub description: Option<String> } }
record! { pub struct PrefixListId { pub prefix_list_id: String, pub description: Option<String> } }
record! {
    pub struct UserIdGroupPair {
        pub group_id: Option<String>,
        pub group_name: Option<String>,
        pub user_id: Option<String>,
        pub vpc_id: Option<String>,
        pub vpc_peering_connection_id: Option<String>,
        pub peering_status: Option<String>,
        pub description: Option<String>,
    }
}

record! {
    pub struct NetworkAcl {
        pub network_acl_id: String,
        pub vpc_id: Option<String>,
        pub is_default: Option<bool>,
        pub entries: Vec<NetworkAclEntry>,
        pub associations: Vec<NetworkAclAssociation>,
        pub tags: Vec<Tag>,
    }
}
record! {
    pub struct NetworkAclEntry {
        pub rule_number: i32,
        /// Protocol number as a string, `-1` for all.
        pub protocol: String,
        /// `allow` or `deny`.
        pub rule_action: String,
        pub egress: bool,
        pub cidr_block: Option<String>,
        pub ipv6_cidr_block: Option<String>,
        pub port_range: Option<PortRange>,
        pub icmp_type_code: Option<IcmpTypeCode>,
    }
}
record! { pub struct PortRange { pub from: Option<i32>, pub to: Option<i32> } }
record! { pub struct IcmpTypeCode { pub code: Option<i32>, #[serde(rename = "Type")] pub icmp_type: Option<i32> } }
record! { pub struct NetworkAclAssociation { pub network_acl_association_id: Option<String>, pub network_acl_id: Option<String>, pub subnet_id: Option<String> } }

record! {
    pub struct RouteTable {
        pub route_table_id: String,
        pub vpc_id: Option<String>,
        pub routes: Vec<Route>,
        pub associations: Vec<RouteTableAssociation>,
        pub propagating_vgws: Vec<PropagatingVgw>,
        pub tags: Vec<Tag>,
    }
}
record! {
    pub struct Route {
        pub destination_cidr_block: Option<String>,
        pub destination_ipv6_cidr_block: Option<String>,
        pub destination_prefix_list_id: Option<String>,
        /// An internet gateway, a virtual private gateway, a gateway VPC endpoint or `local`.
        pub gateway_id: Option<String>,
        pub nat_gateway_id: Option<String>,
        pub transit_gateway_id: Option<String>,
        pub vpc_peering_connection_id: Option<String>,
        pub network_interface_id: Option<String>,
        pub instance_id: Option<String>,
        pub egress_only_internet_gateway_id: Option<String>,
        pub local_gateway_id: Option<String>,
        pub carrier_gateway_id: Option<String>,
        pub core_network_arn: Option<String>,
        /// `active` or `blackhole`.
        pub state: Option<String>,
        pub origin: Option<String>,
    }
}
record! {
    pub struct RouteTableAssociation {
        pub route_table_association_id: Option<String>,
        pub route_table_id: Option<String>,
        pub subnet_id: Option<String>,
        pub gateway_id: Option<String>,
        pub main: Option<bool>,
    }
}
record! { pub struct PropagatingVgw { pub gateway_id: Option<String> } }

record! { pub struct GatewayAttachment { pub vpc_id: Option<String>, pub state: Option<String> } }
record! { pub struct InternetGateway { pub internet_gateway_id: String, pub owner_id: Option<String>, pub attachments: Vec<GatewayAttachment>, pub tags: Vec<Tag> } }
record! { pub struct EgressOnlyInternetGateway { pub egress_only_internet_gateway_id: String, pub attachments: Vec<GatewayAttachment>, pub tags: Vec<Tag> } }
record! {
    pub struct VpnGateway {
        pub vpn_gateway_id: String,
        pub state: Option<String>,
        #[serde(rename = "Type")]
        pub gateway_type: Option<String>,
        pub vpc_attachments: Vec<GatewayAttachment>,
        pub tags: Vec<Tag>,
    }
}
record! {
    pub struct NatGateway {
        pub nat_gateway_id: String,
        pub vpc_id: Option<String>,
        pub subnet_id: Option<String>,
        pub state: Option<String>,
        pub connectivity_type: Option<String>,
        pub nat_gateway_addresses: Vec<NatGatewayAddress>,
        pub tags: Vec<Tag>,
    }
}
record! { pub struct NatGatewayAddress { pub allocation_id: Option<String>, pub network_interface_id: Option<String>, pub private_ip: Option<String>, pub public_ip: Option<String> } }
record! {
    pub struct Address {
        pub public_ip: String,
        pub allocation_id: Option<String>,
        pub association_id: Option<String>,
        pub domain: Option<String>,
        pub instance_id: Option<String>,
        pub network_interface_id: Option<String>,
        pub private_ip_address: Option<String>,
        pub tags: Vec<Tag>,
    }
}

record! { pub struct CidrBlock { pub cidr_block: Option<String> } }
record! { pub struct Ipv6CidrBlock { pub ipv6_cidr_block: Option<String> } }
record! {
    pub struct Subnet {
        pub subnet_id: String,
        pub vpc_id: Option<String>,
        pub cidr_block: Option<String>,
        pub ipv6_cidr_block_association_set: Vec<Ipv6CidrBlock>,
        pub availability_zone: Option<String>,
        pub map_public_ip_on_launch: Option<bool>,
        pub default_for_az: Option<bool>,
        pub state: Option<String>,
        pub owner_id: Option<String>,
        pub tags: Vec<Tag>,
    }
}
record! {
    pub struct Vpc {
        pub vpc_id: String,
        pub cidr_block: Option<String>,
        pub cidr_block_association_set: Vec<CidrBlock>,
        pub ipv6_cidr_block_association_set: Vec<Ipv6CidrBlock>,
        pub is_default: Option<bool>,
        pub state: Option<String>,
        pub owner_id: Option<String>,
        pub tags: Vec<Tag>,
    }
}
record! {
    pub struct VpcPeeringConnection {
        pub vpc_peering_connection_id: String,
        pub accepter_vpc_info: Option<PeeringVpcInfo>,
        pub requester_vpc_info: Option<PeeringVpcInfo>,
        pub status: Option<PeeringStatus>,
        pub tags: Vec<Tag>,
    }
}
record! {
    pub struct PeeringVpcInfo {
        pub owner_id: Option<String>,
        pub vpc_id: Option<String>,
        pub region: Option<String>,
        pub cidr_block: Option<String>,
        pub cidr_block_set: Vec<CidrBlock>,
        pub ipv6_cidr_block_set: Vec<Ipv6CidrBlock>,
    }
}
record! { pub struct PeeringStatus { pub code: Option<String>, pub message: Option<String> } }

record! { pub struct TransitGateway { pub transit_gateway_id: String, pub transit_gateway_arn: Option<String>, pub state: Option<String>, pub owner_id: Option<String>, pub tags: Vec<Tag> } }
record! {
    pub struct TransitGatewayAttachment {
        pub transit_gateway_attachment_id: String,
        pub transit_gateway_id: Option<String>,
        pub resource_type: Option<String>,
        pub resource_id: Option<String>,
        pub resource_owner_id: Option<String>,
        pub state: Option<String>,
        pub association: Option<TgwAssociation>,
        pub tags: Vec<Tag>,
    }
}
record! { pub struct TgwAssociation { pub transit_gateway_route_table_id: Option<String>, pub state: Option<String> } }
record! {
    pub struct TransitGatewayRouteTable {
        pub transit_gateway_route_table_id: String,
        pub transit_gateway_id: Option<String>,
        pub state: Option<String>,
        pub default_association_route_table: Option<bool>,
        pub default_propagation_route_table: Option<bool>,
        pub tags: Vec<Tag>,
        /// mamori: `SearchTransitGatewayRoutes` over all routes of the table.
        pub routes: Vec<TransitGatewayRoute>,
    }
}
record! {
    pub struct TransitGatewayRoute {
        pub destination_cidr_block: Option<String>,
        pub prefix_list_id: Option<String>,
        /// `static` or `propagated`.
        #[serde(rename = "Type")]
        pub route_type: Option<String>,
        /// `active` or `blackhole`.
        pub state: Option<String>,
        pub transit_gateway_attachments: Vec<TgwRouteAttachment>,
    }
}
record! { pub struct TgwRouteAttachment { pub resource_id: Option<String>, pub transit_gateway_attachment_id: Option<String>, pub resource_type: Option<String> } }

record! {
    pub struct VpcEndpoint {
        pub vpc_endpoint_id: String,
        pub vpc_endpoint_type: Option<String>,
        pub vpc_id: Option<String>,
        pub service_name: Option<String>,
        pub state: Option<String>,
        /// The endpoint policy, decoded.
        pub policy_document: Option<Value>,
        pub route_table_ids: Vec<String>,
        pub subnet_ids: Vec<String>,
        pub groups: Vec<IdName>,
        pub network_interface_ids: Vec<String>,
        pub private_dns_enabled: Option<bool>,
        pub tags: Vec<Tag>,
    }
}
record! {
    pub struct ManagedPrefixList {
        pub prefix_list_id: String,
        pub prefix_list_name: Option<String>,
        pub address_family: Option<String>,
        pub owner_id: Option<String>,
        pub max_entries: Option<i32>,
        pub state: Option<String>,
        pub tags: Vec<Tag>,
        /// mamori: `GetManagedPrefixListEntries`.
        pub entries: Vec<PrefixListEntry>,
    }
}
record! { pub struct PrefixListEntry { pub cidr: String, pub description: Option<String> } }
record! {
    pub struct FlowLog {
        pub flow_log_id: String,
        pub resource_id: Option<String>,
        pub traffic_type: Option<String>,
        pub log_destination_type: Option<String>,
        pub log_destination: Option<String>,
        pub log_group_name: Option<String>,
        pub flow_log_status: Option<String>,
        pub deliver_logs_status: Option<String>,
        pub log_format: Option<String>,
        pub tags: Vec<Tag>,
    }
}

record! {
    pub struct Volume {
        pub volume_id: String,
        pub size: Option<i32>,
        pub volume_type: Option<String>,
        pub encrypted: Option<bool>,
        pub kms_key_id: Option<String>,
        pub state: Option<String>,
        pub availability_zone: Option<String>,
        pub create_time: Option<Time>,
        pub snapshot_id: Option<String>,
        pub attachments: Vec<VolumeAttachment>,
        pub tags: Vec<Tag>,
    }
}
record! { pub struct VolumeAttachment { pub instance_id: Option<String>, pub device: Option<String>, pub state: Option<String> } }
record! {
    pub struct Snapshot {
        pub snapshot_id: String,
        pub volume_id: Option<String>,
        pub volume_size: Option<i32>,
        pub encrypted: Option<bool>,
        pub kms_key_id: Option<String>,
        pub owner_id: Option<String>,
        pub start_time: Option<Time>,
        pub state: Option<String>,
        pub description: Option<String>,
        pub tags: Vec<Tag>,
        /// mamori: `DescribeSnapshotAttribute createVolumePermission`
        /// (`Group: all` means public).
        pub create_volume_permissions: Vec<CreateVolumePermission>,
    }
}
record! { pub struct CreateVolumePermission { pub group: Option<String>, pub user_id: Option<String> } }
record! {
    pub struct Image {
        pub image_id: String,
        pub name: Option<String>,
        pub owner_id: Option<String>,
        pub image_owner_alias: Option<String>,
        pub public: Option<bool>,
        pub state: Option<String>,
        /// As the API reports it (a string).
        pub creation_date: Option<String>,
        pub platform: Option<String>,
        pub tags: Vec<Tag>,
    }
}

impl Ec2 {
    /// Sorts every list by id so equal configurations give equal bytes.
    pub fn normalize(&mut self) {
        use crate::sort_tags as st;
        self.instances.sort_by(|a, b| a.instance_id.cmp(&b.instance_id));
        for i in &mut self.instances {
            st(&mut i.tags);
            i.security_groups.sort_by(|a, b| a.group_id.cmp(&b.group_id));
            i.network_interfaces.sort_by(|a, b| a.network_interface_id.cmp(&b.network_interface_id));
        }
        self.network_interfaces.sort_by(|a, b| a.network_interface_id.cmp(&b.network_interface_id));
        for n in &mut self.network_interfaces {
            st(&mut n.tag_set);
            n.groups.sort_by(|a, b| a.group_id.cmp(&b.group_id));
        }
        self.security_groups.sort_by(|a, b| a.group_id.cmp(&b.group_id));
        for g in &mut self.security_groups {
            st(&mut g.tags);
            for p in g.ip_permissions.iter_mut().chain(g.ip_permissions_egress.iter_mut()) {
                p.ip_ranges.sort_by(|a, b| a.cidr_ip.cmp(&b.cidr_ip));
                p.ipv6_ranges.sort_by(|a, b| a.cidr_ipv6.cmp(&b.cidr_ipv6));
                p.prefix_list_ids.sort_by(|a, b| a.prefix_list_id.cmp(&b.prefix_list_id));
                p.user_id_group_pairs.sort_by(|a, b| a.group_id.cmp(&b.group_id));
            }
            let key = |p: &IpPermission| (p.ip_protocol.clone(), p.from_port, p.to_port);
            g.ip_permissions.sort_by_key(key);
            g.ip_permissions_egress.sort_by_key(key);
        }
        self.network_acls.sort_by(|a, b| a.network_acl_id.cmp(&b.network_acl_id));
        for n in &mut self.network_acls {
            st(&mut n.tags);
            n.entries.sort_by_key(|e| (e.egress, e.rule_number));
            n.associations.sort_by(|a, b| a.subnet_id.cmp(&b.subnet_id));
        }
        self.route_tables.sort_by(|a, b| a.route_table_id.cmp(&b.route_table_id));
        for r in &mut self.route_tables {
            st(&mut r.tags);
            r.routes.sort_by(|a, b| {
                (&a.destination_cidr_block, &a.destination_ipv6_cidr_block, &a.destination_prefix_list_id).cmp(&(
                    &b.destination_cidr_block,
                    &b.destination_ipv6_cidr_block,
                    &b.destination_prefix_list_id,
                ))
            });
            r.associations.sort_by(|a, b| a.route_table_association_id.cmp(&b.route_table_association_id));
        }
        self.internet_gateways.sort_by(|a, b| a.internet_gateway_id.cmp(&b.internet_gateway_id));
        self.egress_only_internet_gateways.sort_by(|a, b| a.egress_only_internet_gateway_id.cmp(&b.egress_only_internet_gateway_id));
        self.nat_gateways.sort_by(|a, b| a.nat_gateway_id.cmp(&b.nat_gateway_id));
        self.vpn_gateways.sort_by(|a, b| a.vpn_gateway_id.cmp(&b.vpn_gateway_id));
        self.addresses.sort_by(|a, b| a.public_ip.cmp(&b.public_ip));
        self.subnets.sort_by(|a, b| a.subnet_id.cmp(&b.subnet_id));
        self.vpcs.sort_by(|a, b| a.vpc_id.cmp(&b.vpc_id));
        self.vpc_peering_connections.sort_by(|a, b| a.vpc_peering_connection_id.cmp(&b.vpc_peering_connection_id));
        self.transit_gateways.sort_by(|a, b| a.transit_gateway_id.cmp(&b.transit_gateway_id));
        self.transit_gateway_attachments.sort_by(|a, b| a.transit_gateway_attachment_id.cmp(&b.transit_gateway_attachment_id));
        self.transit_gateway_route_tables.sort_by(|a, b| a.transit_gateway_route_table_id.cmp(&b.transit_gateway_route_table_id));
        for t in &mut self.transit_gateway_route_tables {
            t.routes.sort_by(|a, b| (&a.destination_cidr_block, &a.prefix_list_id).cmp(&(&b.destination_cidr_block, &b.prefix_list_id)));
        }
        self.vpc_endpoints.sort_by(|a, b| a.vpc_endpoint_id.cmp(&b.vpc_endpoint_id));
        self.managed_prefix_lists.sort_by(|a, b| a.prefix_list_id.cmp(&b.prefix_list_id));
        for p in &mut self.managed_prefix_lists {
            p.entries.sort_by(|a, b| a.cidr.cmp(&b.cidr));
        }
        self.flow_logs.sort_by(|a, b| a.flow_log_id.cmp(&b.flow_log_id));
        self.volumes.sort_by(|a, b| a.volume_id.cmp(&b.volume_id));
        self.snapshots.sort_by(|a, b| a.snapshot_id.cmp(&b.snapshot_id));
        for s in &mut self.snapshots {
            s.create_volume_permissions.sort_by(|a, b| (&a.group, &a.user_id).cmp(&(&b.group, &b.user_id)));
        }
        self.images.sort_by(|a, b| a.image_id.cmp(&b.image_id));
        self.images.dedup_by(|a, b| a.image_id == b.image_id);
        self.missing_images.sort();
        self.missing_images.dedup();
    }
}
