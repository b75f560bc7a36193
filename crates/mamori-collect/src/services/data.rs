//! Data stores: RDS, DynamoDB, Glacier, EMR and EFS.

use std::collections::{BTreeMap, BTreeSet};

use aws_config::SdkConfig;
use mamori_model::services::*;

use crate::convert::{opt_time, policy_document, s, tag};
use crate::ctx::Ctx;

const TLS_PARAMETERS: [&str; 2] = ["rds.force_ssl", "require_secure_transport"];

pub struct Rds {
    pub instances: Vec<DbInstance>,
    pub snapshots: Vec<DbSnapshot>,
    pub parameter_groups: Vec<DbParameterGroup>,
    pub clusters: Vec<DbCluster>,
    pub cluster_parameter_groups: Vec<DbParameterGroup>,
}

fn sg_membership(g: &aws_sdk_rds::types::VpcSecurityGroupMembership) -> VpcSecurityGroupMembership {
    VpcSecurityGroupMembership { vpc_security_group_id: s(g.vpc_security_group_id()), status: s(g.status()) }
}

fn tls_parameters(parameters: &[aws_sdk_rds::types::Parameter]) -> BTreeMap<String, String> {
    parameters
        .iter()
        .filter(|p| p.parameter_name().is_some_and(|n| TLS_PARAMETERS.contains(&n)))
        .filter_map(|p| Some((p.parameter_name()?.to_string(), p.parameter_value()?.to_string())))
        .collect()
}

pub async fn rds(ctx: &Ctx, config: &SdkConfig, r: &str) -> Rds {
    let client = aws_sdk_rds::Client::new(config);
    let (instances, snapshots, clusters) = futures::join!(
        ctx.pages(r, "rds", "DescribeDBInstances", None, client.describe_db_instances().into_paginator().send()),
        ctx.pages(r, "rds", "DescribeDBSnapshots", None, client.describe_db_snapshots().into_paginator().send()),
        ctx.pages(r, "rds", "DescribeDBClusters", None, client.describe_db_clusters().into_paginator().send()),
    );
    let clusters: Vec<DbCluster> = clusters
        .value()
        .unwrap_or_default()
        .iter()
        .flat_map(|p| p.db_clusters())
        .map(|c| DbCluster {
            db_cluster_identifier: c.db_cluster_identifier().unwrap_or_default().to_string(),
            db_cluster_arn: s(c.db_cluster_arn()),
            engine: s(c.engine()),
            engine_version: s(c.engine_version()),
            status: s(c.status()),
            storage_encrypted: c.storage_encrypted(),
            kms_key_id: s(c.kms_key_id()),
            publicly_accessible: c.publicly_accessible(),
            backup_retention_period: c.backup_retention_period(),
            deletion_protection: c.deletion_protection(),
            multi_az: c.multi_az(),
            db_cluster_parameter_group: s(c.db_cluster_parameter_group()),
            db_cluster_members: c.db_cluster_members().iter().filter_map(|m| m.db_instance_identifier().map(str::to_string)).collect(),
            vpc_security_groups: c.vpc_security_groups().iter().map(sg_membership).collect(),
            tags: c.tag_list().iter().map(|t| tag(t.key(), t.value())).collect(),
        })
        .collect();
    let instances: Vec<DbInstance> = instances
        .value()
        .unwrap_or_default()
        .iter()
        .flat_map(|p| p.db_instances())
        .map(|i| DbInstance {
            db_instance_identifier: i.db_instance_identifier().unwrap_or_default().to_string(),
            db_instance_arn: s(i.db_instance_arn()),
            engine: s(i.engine()),
            engine_version: s(i.engine_version()),
            db_instance_status: s(i.db_instance_status()),
            storage_encrypted: i.storage_encrypted(),
            kms_key_id: s(i.kms_key_id()),
            publicly_accessible: i.publicly_accessible(),
            backup_retention_period: i.backup_retention_period(),
            auto_minor_version_upgrade: i.auto_minor_version_upgrade(),
            multi_az: i.multi_az(),
            deletion_protection: i.deletion_protection(),
            db_subnet_group: i.db_subnet_group().map(|g| DbSubnetGroup {
                db_subnet_group_name: s(g.db_subnet_group_name()),
                vpc_id: s(g.vpc_id()),
                subnets: g.subnets().iter().map(|x| DbSubnet { subnet_identifier: s(x.subnet_identifier()) }).collect(),
            }),
            vpc_security_groups: i.vpc_security_groups().iter().map(sg_membership).collect(),
            db_parameter_groups: i
                .db_parameter_groups()
                .iter()
                .map(|g| DbParameterGroupStatus {
                    db_parameter_group_name: s(g.db_parameter_group_name()),
                    parameter_apply_status: s(g.parameter_apply_status()),
                })
                .collect(),
            endpoint: i.endpoint().map(|e| DbEndpoint { address: s(e.address()), port: e.port() }),
            db_cluster_identifier: s(i.db_cluster_identifier()),
            tags: i.tag_list().iter().map(|t| tag(t.key(), t.value())).collect(),
        })
        .collect();
    let snaps: Vec<_> = snapshots.value().unwrap_or_default().iter().flat_map(|p| p.db_snapshots().to_vec()).collect();
    let client = &client;
    let manual: Vec<_> = snaps.iter().filter(|sn| sn.snapshot_type() == Some("manual")).collect();
    let attrs = futures::future::join_all(manual.iter().map(|sn| async move {
        let id = sn.db_snapshot_identifier().unwrap_or_default();
        let got = ctx
            .call(
                r,
                "rds",
                "DescribeDBSnapshotAttributes",
                Some(id),
                &[],
                client.describe_db_snapshot_attributes().db_snapshot_identifier(id).send(),
            )
            .await
            .value();
        (id.to_string(), got)
    }))
    .await;
    let restore: BTreeMap<String, Vec<String>> = attrs
        .into_iter()
        .filter_map(|(id, got)| {
            let result = got?.db_snapshot_attributes_result().cloned()?;
            let values = result
                .db_snapshot_attributes()
                .iter()
                .filter(|a| a.attribute_name() == Some("restore"))
                .flat_map(|a| a.attribute_values().to_vec())
                .collect();
            Some((id, values))
        })
        .collect();
    let snapshots = snaps
        .iter()
        .map(|sn| {
            let id = sn.db_snapshot_identifier().unwrap_or_default().to_string();
            DbSnapshot {
                restore_account_ids: restore.get(&id).cloned().unwrap_or_default(),
                db_snapshot_identifier: id,
                db_snapshot_arn: s(sn.db_snapshot_arn()),
                db_instance_identifier: s(sn.db_instance_identifier()),
                snapshot_type: s(sn.snapshot_type()),
                encrypted: sn.encrypted(),
                kms_key_id: s(sn.kms_key_id()),
                snapshot_create_time: opt_time(sn.snapshot_create_time()),
            }
        })
        .collect();
    // The TLS parameters of the parameter groups that instances use.
    let groups: BTreeSet<String> =
        instances.iter().flat_map(|i| &i.db_parameter_groups).filter_map(|g| g.db_parameter_group_name.clone()).collect();
    let parameter_groups = futures::future::join_all(groups.into_iter().map(|name| async move {
        let pages = ctx
            .pages(
                r,
                "rds",
                "DescribeDBParameters",
                Some(&name),
                client.describe_db_parameters().db_parameter_group_name(&name).into_paginator().send(),
            )
            .await
            .value();
        let all: Vec<_> = pages.unwrap_or_default().iter().flat_map(|p| p.parameters().to_vec()).collect();
        DbParameterGroup { db_parameter_group_name: name, db_parameter_group_family: None, tls_parameters: tls_parameters(&all) }
    }))
    .await;
    let cluster_groups: BTreeSet<String> = clusters.iter().filter_map(|c| c.db_cluster_parameter_group.clone()).collect();
    let cluster_parameter_groups = futures::future::join_all(cluster_groups.into_iter().map(|name| async move {
        let pages = ctx
            .pages(
                r,
                "rds",
                "DescribeDBClusterParameters",
                Some(&name),
                client.describe_db_cluster_parameters().db_cluster_parameter_group_name(&name).into_paginator().send(),
            )
            .await
            .value();
        let all: Vec<_> = pages.unwrap_or_default().iter().flat_map(|p| p.parameters().to_vec()).collect();
        DbParameterGroup { db_parameter_group_name: name, db_parameter_group_family: None, tls_parameters: tls_parameters(&all) }
    }))
    .await;
    Rds { instances, snapshots, parameter_groups, clusters, cluster_parameter_groups }
}

pub async fn dynamodb(ctx: &Ctx, config: &SdkConfig, r: &str) -> Vec<DynamoTable> {
    let client = aws_sdk_dynamodb::Client::new(config);
    let pages = ctx.pages(r, "dynamodb", "ListTables", None, client.list_tables().into_paginator().send()).await;
    let names: Vec<String> = pages.value().unwrap_or_default().iter().flat_map(|p| p.table_names().to_vec()).collect();
    let client = &client;
    futures::future::join_all(names.into_iter().map(|name| async move {
        let (table, backups) = futures::join!(
            ctx.call(r, "dynamodb", "DescribeTable", Some(&name), &[], client.describe_table().table_name(&name).send()),
            ctx.call(
                r,
                "dynamodb",
                "DescribeContinuousBackups",
                Some(&name),
                &[],
                client.describe_continuous_backups().table_name(&name).send()
            ),
        );
        let table = table.value().and_then(|t| t.table().cloned());
        let mut tags = Vec::new();
        if let Some(arn) = table.as_ref().and_then(|t| t.table_arn()) {
            // No SDK paginator for this operation: follow NextToken by hand.
            let mut token: Option<String> = None;
            loop {
                let request = client.list_tags_of_resource().resource_arn(arn).set_next_token(token.clone()).send();
                let Some(page) = ctx.call(r, "dynamodb", "ListTagsOfResource", Some(&name), &[], request).await.value() else { break };
                tags.extend(page.tags().iter().map(|t| tag(Some(t.key()), Some(t.value()))));
                match page.next_token() {
                    Some(next) if Some(next) != token.as_deref() => token = Some(next.to_string()),
                    _ => break,
                }
            }
        }
        DynamoTable {
            table_arn: table.as_ref().and_then(|t| s(t.table_arn())),
            table_status: table.as_ref().and_then(|t| t.table_status()).map(|v| v.as_str().to_string()),
            sse_description: table.as_ref().map(|t| match t.sse_description() {
                Some(d) => SseDescription {
                    status: d.status().map(|v| v.as_str().to_string()),
                    sse_type: d.sse_type().map(|v| v.as_str().to_string()),
                    kms_master_key_arn: s(d.kms_master_key_arn()),
                },
                // No SSE description means the AWS owned key (the default).
                None => SseDescription { status: Some("DEFAULT".into()), sse_type: None, kms_master_key_arn: None },
            }),
            point_in_time_recovery_status: backups
                .value()
                .and_then(|b| b.continuous_backups_description().cloned())
                .and_then(|d| d.point_in_time_recovery_description().cloned())
                .and_then(|p| p.point_in_time_recovery_status().map(|v| v.as_str().to_string())),
            deletion_protection_enabled: table.as_ref().and_then(|t| t.deletion_protection_enabled()),
            tags,
            table_name: name,
        }
    }))
    .await
}

pub async fn glacier(ctx: &Ctx, config: &SdkConfig, r: &str) -> Vec<GlacierVault> {
    let client = aws_sdk_glacier::Client::new(config);
    let pages = ctx.pages(r, "glacier", "ListVaults", None, client.list_vaults().account_id("-").into_paginator().send()).await;
    let vaults: Vec<_> = pages.value().unwrap_or_default().iter().flat_map(|p| p.vault_list().to_vec()).collect();
    let client = &client;
    futures::future::join_all(vaults.iter().map(|v| async move {
        let name = v.vault_name().unwrap_or_default().to_string();
        let policy = ctx
            .call(
                r,
                "glacier",
                "GetVaultAccessPolicy",
                Some(&name),
                &["ResourceNotFoundException"],
                client.get_vault_access_policy().account_id("-").vault_name(&name).send(),
            )
            .await
            .value()
            .and_then(|p| p.policy().and_then(|p| p.policy().map(policy_document)));
        GlacierVault { vault_name: name, vault_arn: s(v.vault_arn()), policy }
    }))
    .await
}

pub struct Emr {
    pub clusters: Vec<EmrCluster>,
    pub security_configurations: Vec<EmrSecurityConfiguration>,
    pub block_public_access: Option<EmrBlockPublicAccess>,
}

pub async fn emr(ctx: &Ctx, config: &SdkConfig, r: &str) -> Emr {
    use aws_sdk_emr::types::ClusterState;
    let client = aws_sdk_emr::Client::new(config);
    let active = [ClusterState::Starting, ClusterState::Bootstrapping, ClusterState::Running, ClusterState::Waiting];
    let (clusters, configs, bpa) = futures::join!(
        ctx.pages(r, "emr", "ListClusters", None, client.list_clusters().set_cluster_states(Some(active.to_vec())).into_paginator().send()),
        ctx.pages(r, "emr", "ListSecurityConfigurations", None, client.list_security_configurations().into_paginator().send()),
        ctx.call(r, "emr", "GetBlockPublicAccessConfiguration", None, &[], client.get_block_public_access_configuration().send()),
    );
    let ids: Vec<String> =
        clusters.value().unwrap_or_default().iter().flat_map(|p| p.clusters()).filter_map(|c| c.id().map(str::to_string)).collect();
    let names: Vec<String> = configs
        .value()
        .unwrap_or_default()
        .iter()
        .flat_map(|p| p.security_configurations())
        .filter_map(|c| c.name().map(str::to_string))
        .collect();
    let client = &client;
    let (clusters, security_configurations) = futures::join!(
        futures::future::join_all(ids.into_iter().map(|id| async move {
            let c = ctx.call(r, "emr", "DescribeCluster", Some(&id), &[], client.describe_cluster().cluster_id(&id).send()).await.value();
            let c = c.and_then(|c| c.cluster().cloned());
            EmrCluster {
                name: c.as_ref().and_then(|c| s(c.name())),
                cluster_arn: c.as_ref().and_then(|c| s(c.cluster_arn())),
                state: c.as_ref().and_then(|c| c.status()).and_then(|st| st.state()).map(|v| v.as_str().to_string()),
                security_configuration: c.as_ref().and_then(|c| s(c.security_configuration())),
                id,
            }
        })),
        futures::future::join_all(names.into_iter().map(|name| async move {
            let c = ctx
                .call(
                    r,
                    "emr",
                    "DescribeSecurityConfiguration",
                    Some(&name),
                    &[],
                    client.describe_security_configuration().name(&name).send(),
                )
                .await
                .value();
            EmrSecurityConfiguration { security_configuration: c.and_then(|c| c.security_configuration().map(policy_document)), name }
        })),
    );
    let block_public_access = bpa.value().and_then(|b| {
        b.block_public_access_configuration().map(|c| EmrBlockPublicAccess {
            block_public_security_group_rules: c.block_public_security_group_rules(),
            permitted_public_security_group_rule_ranges: c
                .permitted_public_security_group_rule_ranges()
                .iter()
                .map(|p| EmrPortRange { min_range: p.min_range(), max_range: p.max_range() })
                .collect(),
        })
    });
    Emr { clusters, security_configurations, block_public_access }
}

pub async fn efs(ctx: &Ctx, config: &SdkConfig, r: &str) -> Vec<FileSystem> {
    let client = aws_sdk_efs::Client::new(config);
    let pages = ctx.pages(r, "efs", "DescribeFileSystems", None, client.describe_file_systems().into_paginator().send()).await;
    pages
        .value()
        .unwrap_or_default()
        .iter()
        .flat_map(|p| p.file_systems())
        .map(|f| FileSystem {
            file_system_id: f.file_system_id().to_string(),
            file_system_arn: s(f.file_system_arn()),
            encrypted: f.encrypted(),
            kms_key_id: s(f.kms_key_id()),
            life_cycle_state: Some(f.life_cycle_state().as_str().to_string()),
            tags: f.tags().iter().map(|t| tag(Some(t.key()), Some(t.value()))).collect(),
        })
        .collect()
}
