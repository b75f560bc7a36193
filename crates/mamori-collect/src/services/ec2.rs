//! EC2 and VPC: everything the network engine and the EC2 checks read.

use std::collections::BTreeSet;

use aws_sdk_ec2::types::{Filter, InstanceAttributeName, SnapshotAttributeName};
use aws_sdk_ec2::Client;
use mamori_model::ec2::*;
use mamori_model::Tag;

use crate::convert::{opt_time, s, tag};
use crate::ctx::Ctx;

const SVC: &str = "ec2";

fn tags(t: &[aws_sdk_ec2::types::Tag]) -> Vec<Tag> {
    t.iter().map(|t| tag(t.key(), t.value())).collect()
}

fn id_names(groups: &[aws_sdk_ec2::types::GroupIdentifier]) -> Vec<IdName> {
    groups.iter().map(|g| IdName { group_id: s(g.group_id()), group_name: s(g.group_name()) }).collect()
}

fn attachments(a: &[aws_sdk_ec2::types::InternetGatewayAttachment]) -> Vec<GatewayAttachment> {
    a.iter().map(|a| GatewayAttachment { vpc_id: s(a.vpc_id()), state: a.state().map(|s| s.as_str().to_string()) }).collect()
}

fn permission(p: &aws_sdk_ec2::types::IpPermission) -> IpPermission {
    IpPermission {
        ip_protocol: p.ip_protocol().unwrap_or("-1").to_string(),
        from_port: p.from_port(),
        to_port: p.to_port(),
        ip_ranges: p
            .ip_ranges()
            .iter()
            .map(|r| IpRange { cidr_ip: r.cidr_ip().unwrap_or_default().to_string(), description: s(r.description()) })
            .collect(),
        ipv6_ranges: p
            .ipv6_ranges()
            .iter()
            .map(|r| Ipv6Range { cidr_ipv6: r.cidr_ipv6().unwrap_or_default().to_string(), description: s(r.description()) })
            .collect(),
        prefix_list_ids: p
            .prefix_list_ids()
            .iter()
            .map(|r| PrefixListId { prefix_list_id: r.prefix_list_id().unwrap_or_default().to_string(), description: s(r.description()) })
            .collect(),
        user_id_group_pairs: p
            .user_id_group_pairs()
            .iter()
            .map(|g| UserIdGroupPair {
                group_id: s(g.group_id()),
                group_name: s(g.group_name()),
                user_id: s(g.user_id()),
                vpc_id: s(g.vpc_id()),
                vpc_peering_connection_id: s(g.vpc_peering_connection_id()),
                peering_status: s(g.peering_status()),
                description: s(g.description()),
            })
            .collect(),
    }
}

fn association(a: Option<&aws_sdk_ec2::types::NetworkInterfaceAssociation>) -> Option<IpAssociation> {
    a.map(|a| IpAssociation {
        public_ip: s(a.public_ip()),
        allocation_id: s(a.allocation_id()),
        ip_owner_id: s(a.ip_owner_id()),
        public_dns_name: s(a.public_dns_name()),
    })
}

pub async fn collect(ctx: &Ctx, client: &Client, region: &str) -> Ec2 {
    let r = region;
    let mut ec2 = Ec2::default();
    // Two groups because `join!` returns a tuple; the groups run concurrently.
    let first = async {
        futures::join!(
            ctx.pages(r, SVC, "DescribeInstances", None, client.describe_instances().into_paginator().send()),
            ctx.pages(r, SVC, "DescribeNetworkInterfaces", None, client.describe_network_interfaces().into_paginator().send()),
            ctx.pages(r, SVC, "DescribeSecurityGroups", None, client.describe_security_groups().into_paginator().send()),
            ctx.pages(r, SVC, "DescribeNetworkAcls", None, client.describe_network_acls().into_paginator().send()),
            ctx.pages(r, SVC, "DescribeRouteTables", None, client.describe_route_tables().into_paginator().send()),
            ctx.pages(r, SVC, "DescribeInternetGateways", None, client.describe_internet_gateways().into_paginator().send()),
            ctx.pages(
                r,
                SVC,
                "DescribeEgressOnlyInternetGateways",
                None,
                client.describe_egress_only_internet_gateways().into_paginator().send()
            ),
            ctx.pages(r, SVC, "DescribeNatGateways", None, client.describe_nat_gateways().into_paginator().send()),
            ctx.call(r, SVC, "DescribeVpnGateways", None, &[], client.describe_vpn_gateways().send()),
            ctx.call(r, SVC, "DescribeAddresses", None, &[], client.describe_addresses().send()),
            ctx.pages(r, SVC, "DescribeSubnets", None, client.describe_subnets().into_paginator().send()),
            ctx.pages(r, SVC, "DescribeVpcs", None, client.describe_vpcs().into_paginator().send()),
            ctx.pages(r, SVC, "DescribeVpcPeeringConnections", None, client.describe_vpc_peering_connections().into_paginator().send()),
        )
    };
    let second = async {
        futures::join!(
            ctx.pages(r, SVC, "DescribeTransitGateways", None, client.describe_transit_gateways().into_paginator().send()),
            ctx.pages(
                r,
                SVC,
                "DescribeTransitGatewayAttachments",
                None,
                client.describe_transit_gateway_attachments().into_paginator().send()
            ),
            ctx.pages(
                r,
                SVC,
                "DescribeTransitGatewayRouteTables",
                None,
                client.describe_transit_gateway_route_tables().into_paginator().send()
            ),
            ctx.pages(r, SVC, "DescribeVpcEndpoints", None, client.describe_vpc_endpoints().into_paginator().send()),
            ctx.pages(r, SVC, "DescribeManagedPrefixLists", None, client.describe_managed_prefix_lists().into_paginator().send()),
            ctx.pages(r, SVC, "DescribeFlowLogs", None, client.describe_flow_logs().into_paginator().send()),
            ctx.pages(r, SVC, "DescribeVolumes", None, client.describe_volumes().into_paginator().send()),
            ctx.pages(r, SVC, "DescribeSnapshots", None, client.describe_snapshots().owner_ids("self").into_paginator().send()),
            ctx.pages(r, SVC, "DescribeImages", None, client.describe_images().owners("self").into_paginator().send()),
            ctx.call(r, SVC, "GetEbsEncryptionByDefault", None, &[], client.get_ebs_encryption_by_default().send()),
        )
    };
    let (
        (instances, enis, sgs, nacls, rts, igws, eigws, nats, vgws, eips, subnets, vpcs, peerings),
        (tgws, tgw_attachments, tgw_rts, endpoints, prefix_lists, flow_logs, volumes, snapshots, images, ebs_default),
    ) = futures::join!(first, second);

    for page in instances.value().unwrap_or_default() {
        for res in page.reservations() {
            for i in res.instances() {
                ec2.instances.push(Instance {
                    instance_id: i.instance_id().unwrap_or_default().to_string(),
                    image_id: s(i.image_id()),
                    instance_type: i.instance_type().map(|t| t.as_str().to_string()),
                    state: i.state().map(|st| StateName { name: st.name().map(|n| n.as_str().to_string()), code: st.code() }),
                    state_transition_reason: s(i.state_transition_reason()),
                    launch_time: opt_time(i.launch_time()),
                    vpc_id: s(i.vpc_id()),
                    subnet_id: s(i.subnet_id()),
                    private_ip_address: s(i.private_ip_address()),
                    public_ip_address: s(i.public_ip_address()),
                    iam_instance_profile: i.iam_instance_profile().map(|p| IamInstanceProfile { arn: s(p.arn()), id: s(p.id()) }),
                    security_groups: id_names(i.security_groups()),
                    network_interfaces: i
                        .network_interfaces()
                        .iter()
                        .map(|n| InstanceNetworkInterface {
                            network_interface_id: n.network_interface_id().unwrap_or_default().to_string(),
                        })
                        .collect(),
                    metadata_options: i.metadata_options().map(|m| MetadataOptions {
                        http_tokens: m.http_tokens().map(|v| v.as_str().to_string()),
                        http_endpoint: m.http_endpoint().map(|v| v.as_str().to_string()),
                        http_put_response_hop_limit: m.http_put_response_hop_limit(),
                        instance_metadata_tags: m.instance_metadata_tags().map(|v| v.as_str().to_string()),
                    }),
                    source_dest_check: i.source_dest_check(),
                    platform: i.platform().map(|p| p.as_str().to_string()),
                    key_name: s(i.key_name()),
                    block_device_mappings: i
                        .block_device_mappings()
                        .iter()
                        .map(|b| BlockDeviceMapping {
                            device_name: s(b.device_name()),
                            ebs: b.ebs().map(|e| EbsBlockDevice { volume_id: s(e.volume_id()), snapshot_id: None, encrypted: None }),
                        })
                        .collect(),
                    tags: tags(i.tags()),
                    user_data: None,
                    user_data_secrets: Vec::new(),
                });
            }
        }
    }
    // User data, one call per instance; secrets are masked before storing.
    let user_data = futures::future::join_all(ec2.instances.iter().map(|i| {
        let id = i.instance_id.clone();
        async move {
            ctx.call(
                r,
                SVC,
                "DescribeInstanceAttribute",
                Some(&id),
                &[],
                client.describe_instance_attribute().instance_id(&id).attribute(InstanceAttributeName::UserData).send(),
            )
            .await
            .value()
        }
    }))
    .await;
    for (instance, data) in ec2.instances.iter_mut().zip(user_data) {
        let encoded = data.as_ref().and_then(|d| d.user_data()).and_then(|u| u.value()).map(str::to_string);
        if let Some(encoded) = encoded {
            let (text, hits) = crate::services::decode_user_data(&encoded);
            instance.user_data = Some(text);
            instance.user_data_secrets = hits;
        }
    }

    for page in enis.value().unwrap_or_default() {
        for n in page.network_interfaces() {
            ec2.network_interfaces.push(NetworkInterface {
                network_interface_id: n.network_interface_id().unwrap_or_default().to_string(),
                interface_type: n.interface_type().map(|t| t.as_str().to_string()),
                description: s(n.description()),
                vpc_id: s(n.vpc_id()),
                subnet_id: s(n.subnet_id()),
                availability_zone: s(n.availability_zone()),
                private_ip_address: s(n.private_ip_address()),
                private_ip_addresses: n
                    .private_ip_addresses()
                    .iter()
                    .map(|p| PrivateIp {
                        private_ip_address: s(p.private_ip_address()),
                        primary: p.primary(),
                        association: association(p.association()),
                    })
                    .collect(),
                ipv6_addresses: n.ipv6_addresses().iter().map(|a| Ipv6Address { ipv6_address: s(a.ipv6_address()) }).collect(),
                association: association(n.association()),
                groups: id_names(n.groups()),
                attachment: n.attachment().map(|a| EniAttachment {
                    instance_id: s(a.instance_id()),
                    instance_owner_id: s(a.instance_owner_id()),
                    device_index: a.device_index(),
                    status: a.status().map(|v| v.as_str().to_string()),
                }),
                source_dest_check: n.source_dest_check(),
                status: n.status().map(|v| v.as_str().to_string()),
                requester_managed: n.requester_managed(),
                requester_id: s(n.requester_id()),
                owner_id: s(n.owner_id()),
                tag_set: tags(n.tag_set()),
            });
        }
    }
    for page in sgs.value().unwrap_or_default() {
        for g in page.security_groups() {
            ec2.security_groups.push(SecurityGroup {
                group_id: g.group_id().unwrap_or_default().to_string(),
                group_name: s(g.group_name()),
                description: s(g.description()),
                vpc_id: s(g.vpc_id()),
                owner_id: s(g.owner_id()),
                ip_permissions: g.ip_permissions().iter().map(permission).collect(),
                ip_permissions_egress: g.ip_permissions_egress().iter().map(permission).collect(),
                tags: tags(g.tags()),
            });
        }
    }
    for page in nacls.value().unwrap_or_default() {
        for a in page.network_acls() {
            ec2.network_acls.push(NetworkAcl {
                network_acl_id: a.network_acl_id().unwrap_or_default().to_string(),
                vpc_id: s(a.vpc_id()),
                is_default: a.is_default(),
                entries: a
                    .entries()
                    .iter()
                    .map(|e| NetworkAclEntry {
                        rule_number: e.rule_number().unwrap_or_default(),
                        protocol: e.protocol().unwrap_or("-1").to_string(),
                        rule_action: e.rule_action().map(|v| v.as_str().to_string()).unwrap_or_default(),
                        egress: e.egress().unwrap_or_default(),
                        cidr_block: s(e.cidr_block()),
                        ipv6_cidr_block: s(e.ipv6_cidr_block()),
                        port_range: e.port_range().map(|p| PortRange { from: p.from(), to: p.to() }),
                        icmp_type_code: e.icmp_type_code().map(|c| IcmpTypeCode { code: c.code(), icmp_type: c.r#type() }),
                    })
                    .collect(),
                associations: a
                    .associations()
                    .iter()
                    .map(|x| NetworkAclAssociation {
                        network_acl_association_id: s(x.network_acl_association_id()),
                        network_acl_id: s(x.network_acl_id()),
                        subnet_id: s(x.subnet_id()),
                    })
                    .collect(),
                tags: tags(a.tags()),
            });
        }
    }
    for page in rts.value().unwrap_or_default() {
        for t in page.route_tables() {
            ec2.route_tables.push(RouteTable {
                route_table_id: t.route_table_id().unwrap_or_default().to_string(),
                vpc_id: s(t.vpc_id()),
                routes: t
                    .routes()
                    .iter()
                    .map(|x| Route {
                        destination_cidr_block: s(x.destination_cidr_block()),
                        destination_ipv6_cidr_block: s(x.destination_ipv6_cidr_block()),
                        destination_prefix_list_id: s(x.destination_prefix_list_id()),
                        gateway_id: s(x.gateway_id()),
                        nat_gateway_id: s(x.nat_gateway_id()),
                        transit_gateway_id: s(x.transit_gateway_id()),
                        vpc_peering_connection_id: s(x.vpc_peering_connection_id()),
                        network_interface_id: s(x.network_interface_id()),
                        instance_id: s(x.instance_id()),
                        egress_only_internet_gateway_id: s(x.egress_only_internet_gateway_id()),
                        local_gateway_id: s(x.local_gateway_id()),
                        carrier_gateway_id: s(x.carrier_gateway_id()),
                        core_network_arn: s(x.core_network_arn()),
                        state: x.state().map(|v| v.as_str().to_string()),
                        origin: x.origin().map(|v| v.as_str().to_string()),
                    })
                    .collect(),
                associations: t
                    .associations()
                    .iter()
                    .map(|x| RouteTableAssociation {
                        route_table_association_id: s(x.route_table_association_id()),
                        route_table_id: s(x.route_table_id()),
                        subnet_id: s(x.subnet_id()),
                        gateway_id: s(x.gateway_id()),
                        main: x.main(),
                    })
                    .collect(),
                propagating_vgws: t.propagating_vgws().iter().map(|v| PropagatingVgw { gateway_id: s(v.gateway_id()) }).collect(),
                tags: tags(t.tags()),
            });
        }
    }
    for page in igws.value().unwrap_or_default() {
        for g in page.internet_gateways() {
            ec2.internet_gateways.push(InternetGateway {
                internet_gateway_id: g.internet_gateway_id().unwrap_or_default().to_string(),
                owner_id: s(g.owner_id()),
                attachments: attachments(g.attachments()),
                tags: tags(g.tags()),
            });
        }
    }
    for page in eigws.value().unwrap_or_default() {
        for g in page.egress_only_internet_gateways() {
            ec2.egress_only_internet_gateways.push(EgressOnlyInternetGateway {
                egress_only_internet_gateway_id: g.egress_only_internet_gateway_id().unwrap_or_default().to_string(),
                attachments: attachments(g.attachments()),
                tags: tags(g.tags()),
            });
        }
    }
    for page in nats.value().unwrap_or_default() {
        for g in page.nat_gateways() {
            ec2.nat_gateways.push(NatGateway {
                nat_gateway_id: g.nat_gateway_id().unwrap_or_default().to_string(),
                vpc_id: s(g.vpc_id()),
                subnet_id: s(g.subnet_id()),
                state: g.state().map(|v| v.as_str().to_string()),
                connectivity_type: g.connectivity_type().map(|v| v.as_str().to_string()),
                nat_gateway_addresses: g
                    .nat_gateway_addresses()
                    .iter()
                    .map(|a| NatGatewayAddress {
                        allocation_id: s(a.allocation_id()),
                        network_interface_id: s(a.network_interface_id()),
                        private_ip: s(a.private_ip()),
                        public_ip: s(a.public_ip()),
                    })
                    .collect(),
                tags: tags(g.tags()),
            });
        }
    }
    if let Some(out) = vgws.value() {
        for g in out.vpn_gateways() {
            ec2.vpn_gateways.push(VpnGateway {
                vpn_gateway_id: g.vpn_gateway_id().unwrap_or_default().to_string(),
                state: g.state().map(|v| v.as_str().to_string()),
                gateway_type: g.r#type().map(|v| v.as_str().to_string()),
                vpc_attachments: g
                    .vpc_attachments()
                    .iter()
                    .map(|a| GatewayAttachment { vpc_id: s(a.vpc_id()), state: a.state().map(|v| v.as_str().to_string()) })
                    .collect(),
                tags: tags(g.tags()),
            });
        }
    }
    if let Some(out) = eips.value() {
        for a in out.addresses() {
            ec2.addresses.push(Address {
                public_ip: a.public_ip().unwrap_or_default().to_string(),
                allocation_id: s(a.allocation_id()),
                association_id: s(a.association_id()),
                domain: a.domain().map(|v| v.as_str().to_string()),
                instance_id: s(a.instance_id()),
                network_interface_id: s(a.network_interface_id()),
                private_ip_address: s(a.private_ip_address()),
                tags: tags(a.tags()),
            });
        }
    }
    for page in subnets.value().unwrap_or_default() {
        for n in page.subnets() {
            ec2.subnets.push(Subnet {
                subnet_id: n.subnet_id().unwrap_or_default().to_string(),
                vpc_id: s(n.vpc_id()),
                cidr_block: s(n.cidr_block()),
                ipv6_cidr_block_association_set: n
                    .ipv6_cidr_block_association_set()
                    .iter()
                    .map(|c| Ipv6CidrBlock { ipv6_cidr_block: s(c.ipv6_cidr_block()) })
                    .collect(),
                availability_zone: s(n.availability_zone()),
                map_public_ip_on_launch: n.map_public_ip_on_launch(),
                default_for_az: n.default_for_az(),
                state: n.state().map(|v| v.as_str().to_string()),
                owner_id: s(n.owner_id()),
                tags: tags(n.tags()),
            });
        }
    }
    for page in vpcs.value().unwrap_or_default() {
        for v in page.vpcs() {
            ec2.vpcs.push(Vpc {
                vpc_id: v.vpc_id().unwrap_or_default().to_string(),
                cidr_block: s(v.cidr_block()),
                cidr_block_association_set: v
                    .cidr_block_association_set()
                    .iter()
                    .map(|c| CidrBlock { cidr_block: s(c.cidr_block()) })
                    .collect(),
                ipv6_cidr_block_association_set: v
                    .ipv6_cidr_block_association_set()
                    .iter()
                    .map(|c| Ipv6CidrBlock { ipv6_cidr_block: s(c.ipv6_cidr_block()) })
                    .collect(),
                is_default: v.is_default(),
                state: v.state().map(|x| x.as_str().to_string()),
                owner_id: s(v.owner_id()),
                tags: tags(v.tags()),
            });
        }
    }
    let peer_info = |i: Option<&aws_sdk_ec2::types::VpcPeeringConnectionVpcInfo>| {
        i.map(|i| PeeringVpcInfo {
            owner_id: s(i.owner_id()),
            vpc_id: s(i.vpc_id()),
            region: s(i.region()),
            cidr_block: s(i.cidr_block()),
            cidr_block_set: i.cidr_block_set().iter().map(|c| CidrBlock { cidr_block: s(c.cidr_block()) }).collect(),
            ipv6_cidr_block_set: i
                .ipv6_cidr_block_set()
                .iter()
                .map(|c| Ipv6CidrBlock { ipv6_cidr_block: s(c.ipv6_cidr_block()) })
                .collect(),
        })
    };
    for page in peerings.value().unwrap_or_default() {
        for p in page.vpc_peering_connections() {
            ec2.vpc_peering_connections.push(VpcPeeringConnection {
                vpc_peering_connection_id: p.vpc_peering_connection_id().unwrap_or_default().to_string(),
                accepter_vpc_info: peer_info(p.accepter_vpc_info()),
                requester_vpc_info: peer_info(p.requester_vpc_info()),
                status: p.status().map(|st| PeeringStatus { code: st.code().map(|c| c.as_str().to_string()), message: s(st.message()) }),
                tags: tags(p.tags()),
            });
        }
    }
    for page in tgws.value().unwrap_or_default() {
        for t in page.transit_gateways() {
            ec2.transit_gateways.push(TransitGateway {
                transit_gateway_id: t.transit_gateway_id().unwrap_or_default().to_string(),
                transit_gateway_arn: s(t.transit_gateway_arn()),
                state: t.state().map(|v| v.as_str().to_string()),
                owner_id: s(t.owner_id()),
                tags: tags(t.tags()),
            });
        }
    }
    for page in tgw_attachments.value().unwrap_or_default() {
        for a in page.transit_gateway_attachments() {
            ec2.transit_gateway_attachments.push(TransitGatewayAttachment {
                transit_gateway_attachment_id: a.transit_gateway_attachment_id().unwrap_or_default().to_string(),
                transit_gateway_id: s(a.transit_gateway_id()),
                resource_type: a.resource_type().map(|v| v.as_str().to_string()),
                resource_id: s(a.resource_id()),
                resource_owner_id: s(a.resource_owner_id()),
                state: a.state().map(|v| v.as_str().to_string()),
                association: a.association().map(|x| TgwAssociation {
                    transit_gateway_route_table_id: s(x.transit_gateway_route_table_id()),
                    state: x.state().map(|v| v.as_str().to_string()),
                }),
                tags: tags(a.tags()),
            });
        }
    }
    let tgw_tables: Vec<_> = tgw_rts.value().unwrap_or_default().iter().flat_map(|p| p.transit_gateway_route_tables().to_vec()).collect();
    let tgw_routes = futures::future::join_all(tgw_tables.iter().map(|t| {
        let id = t.transit_gateway_route_table_id().unwrap_or_default().to_string();
        async move {
            let filter = Filter::builder().name("state").values("active").values("blackhole").build();
            ctx.call(
                r,
                SVC,
                "SearchTransitGatewayRoutes",
                Some(&id),
                &[],
                client.search_transit_gateway_routes().transit_gateway_route_table_id(&id).filters(filter).send(),
            )
            .await
            .value()
        }
    }))
    .await;
    for (t, routes) in tgw_tables.iter().zip(tgw_routes) {
        ec2.transit_gateway_route_tables.push(TransitGatewayRouteTable {
            transit_gateway_route_table_id: t.transit_gateway_route_table_id().unwrap_or_default().to_string(),
            transit_gateway_id: s(t.transit_gateway_id()),
            state: t.state().map(|v| v.as_str().to_string()),
            default_association_route_table: t.default_association_route_table(),
            default_propagation_route_table: t.default_propagation_route_table(),
            tags: tags(t.tags()),
            routes: routes
                .map(|o| {
                    o.routes()
                        .iter()
                        .map(|x| TransitGatewayRoute {
                            destination_cidr_block: s(x.destination_cidr_block()),
                            prefix_list_id: s(x.prefix_list_id()),
                            route_type: x.r#type().map(|v| v.as_str().to_string()),
                            state: x.state().map(|v| v.as_str().to_string()),
                            transit_gateway_attachments: x
                                .transit_gateway_attachments()
                                .iter()
                                .map(|a| TgwRouteAttachment {
                                    resource_id: s(a.resource_id()),
                                    transit_gateway_attachment_id: s(a.transit_gateway_attachment_id()),
                                    resource_type: a.resource_type().map(|v| v.as_str().to_string()),
                                })
                                .collect(),
                        })
                        .collect()
                })
                .unwrap_or_default(),
        });
    }
    for page in endpoints.value().unwrap_or_default() {
        for e in page.vpc_endpoints() {
            ec2.vpc_endpoints.push(VpcEndpoint {
                vpc_endpoint_id: e.vpc_endpoint_id().unwrap_or_default().to_string(),
                vpc_endpoint_type: e.vpc_endpoint_type().map(|v| v.as_str().to_string()),
                vpc_id: s(e.vpc_id()),
                service_name: s(e.service_name()),
                state: e.state().map(|v| v.as_str().to_string()),
                policy_document: e.policy_document().map(crate::convert::policy_document),
                route_table_ids: e.route_table_ids().to_vec(),
                subnet_ids: e.subnet_ids().to_vec(),
                groups: e.groups().iter().map(|g| IdName { group_id: s(g.group_id()), group_name: s(g.group_name()) }).collect(),
                network_interface_ids: e.network_interface_ids().to_vec(),
                private_dns_enabled: e.private_dns_enabled(),
                tags: tags(e.tags()),
            });
        }
    }
    let lists: Vec<_> = prefix_lists.value().unwrap_or_default().iter().flat_map(|p| p.prefix_lists().to_vec()).collect();
    let entries = futures::future::join_all(lists.iter().map(|l| {
        let id = l.prefix_list_id().unwrap_or_default().to_string();
        async move {
            ctx.pages(
                r,
                SVC,
                "GetManagedPrefixListEntries",
                Some(&id),
                client.get_managed_prefix_list_entries().prefix_list_id(&id).into_paginator().send(),
            )
            .await
            .value()
        }
    }))
    .await;
    for (l, entries) in lists.iter().zip(entries) {
        ec2.managed_prefix_lists.push(ManagedPrefixList {
            prefix_list_id: l.prefix_list_id().unwrap_or_default().to_string(),
            prefix_list_name: s(l.prefix_list_name()),
            address_family: s(l.address_family()),
            owner_id: s(l.owner_id()),
            max_entries: l.max_entries(),
            state: l.state().map(|v| v.as_str().to_string()),
            tags: tags(l.tags()),
            entries: entries
                .unwrap_or_default()
                .iter()
                .flat_map(|p| p.entries())
                .map(|e| PrefixListEntry { cidr: e.cidr().unwrap_or_default().to_string(), description: s(e.description()) })
                .collect(),
        });
    }
    for page in flow_logs.value().unwrap_or_default() {
        for f in page.flow_logs() {
            ec2.flow_logs.push(FlowLog {
                flow_log_id: f.flow_log_id().unwrap_or_default().to_string(),
                resource_id: s(f.resource_id()),
                traffic_type: f.traffic_type().map(|v| v.as_str().to_string()),
                log_destination_type: f.log_destination_type().map(|v| v.as_str().to_string()),
                log_destination: s(f.log_destination()),
                log_group_name: s(f.log_group_name()),
                flow_log_status: s(f.flow_log_status()),
                deliver_logs_status: s(f.deliver_logs_status()),
                log_format: s(f.log_format()),
                tags: tags(f.tags()),
            });
        }
    }
    for page in volumes.value().unwrap_or_default() {
        for v in page.volumes() {
            ec2.volumes.push(Volume {
                volume_id: v.volume_id().unwrap_or_default().to_string(),
                size: v.size(),
                volume_type: v.volume_type().map(|x| x.as_str().to_string()),
                encrypted: v.encrypted(),
                kms_key_id: s(v.kms_key_id()),
                state: v.state().map(|x| x.as_str().to_string()),
                availability_zone: s(v.availability_zone()),
                create_time: opt_time(v.create_time()),
                snapshot_id: s(v.snapshot_id()),
                attachments: v
                    .attachments()
                    .iter()
                    .map(|a| VolumeAttachment {
                        instance_id: s(a.instance_id()),
                        device: s(a.device()),
                        state: a.state().map(|x| x.as_str().to_string()),
                    })
                    .collect(),
                tags: tags(v.tags()),
            });
        }
    }
    // `OwnerIds=self` promises only the account's snapshots; keep it so even
    // if an endpoint answers with more (moto returns Amazon's too).
    let snaps: Vec<_> = snapshots
        .value()
        .unwrap_or_default()
        .iter()
        .flat_map(|p| p.snapshots().to_vec())
        .filter(|sn| sn.owner_id().is_none_or(|o| o == ctx.account))
        .collect();
    let perms = futures::future::join_all(snaps.iter().map(|sn| {
        let id = sn.snapshot_id().unwrap_or_default().to_string();
        async move {
            ctx.call(
                r,
                SVC,
                "DescribeSnapshotAttribute",
                Some(&id),
                &[],
                client.describe_snapshot_attribute().snapshot_id(&id).attribute(SnapshotAttributeName::CreateVolumePermission).send(),
            )
            .await
            .value()
        }
    }))
    .await;
    for (sn, perm) in snaps.iter().zip(perms) {
        ec2.snapshots.push(Snapshot {
            snapshot_id: sn.snapshot_id().unwrap_or_default().to_string(),
            volume_id: s(sn.volume_id()),
            volume_size: sn.volume_size(),
            encrypted: sn.encrypted(),
            kms_key_id: s(sn.kms_key_id()),
            owner_id: s(sn.owner_id()),
            start_time: opt_time(sn.start_time()),
            state: sn.state().map(|x| x.as_str().to_string()),
            description: s(sn.description()),
            tags: tags(sn.tags()),
            create_volume_permissions: perm
                .map(|p| {
                    p.create_volume_permissions()
                        .iter()
                        .map(|c| CreateVolumePermission { group: c.group().map(|g| g.as_str().to_string()), user_id: s(c.user_id()) })
                        .collect()
                })
                .unwrap_or_default(),
        });
    }
    let image = |i: &aws_sdk_ec2::types::Image| Image {
        image_id: i.image_id().unwrap_or_default().to_string(),
        name: s(i.name()),
        owner_id: s(i.owner_id()),
        image_owner_alias: s(i.image_owner_alias()),
        public: i.public(),
        state: i.state().map(|x| x.as_str().to_string()),
        creation_date: s(i.creation_date()),
        platform: i.platform().map(|x| x.as_str().to_string()),
        tags: tags(i.tags()),
    };
    for page in images.value().unwrap_or_default() {
        ec2.images.extend(page.images().iter().map(image));
    }
    // Images in use that are not the account's own.
    let owned: BTreeSet<&str> = ec2.images.iter().map(|i| i.image_id.as_str()).collect();
    let in_use: BTreeSet<String> =
        ec2.instances.iter().filter_map(|i| i.image_id.clone()).filter(|id| !owned.contains(id.as_str())).collect();
    if !in_use.is_empty() {
        let mut found = Vec::new();
        let mut checked = BTreeSet::new();
        for chunk in in_use.iter().collect::<Vec<_>>().chunks(100) {
            let ids: Vec<String> = chunk.iter().map(|s| s.to_string()).collect();
            let out = ctx
                .call(
                    r,
                    SVC,
                    "DescribeImages",
                    None,
                    &[],
                    client.describe_images().set_image_ids(Some(ids)).include_deprecated(true).send(),
                )
                .await
                .value();
            if let Some(out) = out {
                checked.extend(chunk.iter().map(|s| s.to_string()));
                found.extend(out.images().iter().map(image));
            }
        }
        let found_ids: BTreeSet<&str> = found.iter().map(|i| i.image_id.as_str()).collect();
        ec2.missing_images = checked.iter().filter(|id| !found_ids.contains(id.as_str())).cloned().collect();
        ec2.images.extend(found);
    }
    if let Some(out) = ebs_default.value() {
        ec2.ebs_encryption_by_default = out.ebs_encryption_by_default();
    }
    ec2
}
