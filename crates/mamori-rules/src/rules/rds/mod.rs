//! RDS: database instances, Aurora clusters and snapshots.

pub mod auto_minor_upgrade_off;
pub mod backup_retention_short;
pub mod deletion_protection_off;
pub mod not_multi_az;
pub mod publicly_accessible;
pub mod snapshot_public;
pub mod storage_unencrypted;
pub mod tls_not_enforced;

use mamori_model::services::{DbCluster, DbInstance};
use mamori_model::Account;

use crate::arn;

pub(crate) fn instance_arn(a: &Account, region: &str, i: &DbInstance) -> String {
    arn::or(i.db_instance_arn.as_ref(), || arn::regional(a, "rds", region, &format!("db:{}", i.db_instance_identifier)))
}

pub(crate) fn cluster_arn(a: &Account, region: &str, c: &DbCluster) -> String {
    arn::or(c.db_cluster_arn.as_ref(), || arn::regional(a, "rds", region, &format!("cluster:{}", c.db_cluster_identifier)))
}

/// Aurora and Multi-AZ cluster members take storage, backup and deletion
/// settings from their cluster: those are judged on the cluster.
pub(crate) fn in_cluster(i: &DbInstance) -> bool {
    i.db_cluster_identifier.as_deref().is_some_and(|c| !c.is_empty())
}

/// For rules judged on a setting that instances outside a cluster and
/// clusters both carry: runs `judge` on each, with the ARN and resource type.
pub(crate) fn each_database(
    cx: &crate::Cx,
    out: &mut crate::Out,
    mut on_instance: impl FnMut(&DbInstance) -> (bool, serde_json::Value),
    mut on_cluster: impl FnMut(&DbCluster) -> (bool, serde_json::Value),
) {
    for (a, at, r) in cx.all_regions() {
        let read = cx.op(at, "rds", "DescribeDBInstances");
        for i in r.db_instances.iter().filter(|i| !in_cluster(i)) {
            let (failed, evidence) = on_instance(i);
            out.judge(at, instance_arn(a, at.region, i), read.clone().map(|()| failed))
                .ev("setting", evidence)
                .ev("engine", i.engine.clone());
        }
        let read = cx.op(at, "rds", "DescribeDBClusters");
        for c in &r.db_clusters {
            let (failed, evidence) = on_cluster(c);
            out.judge(at, cluster_arn(a, at.region, c), read.clone().map(|()| failed))
                .kind("AwsRdsDbCluster")
                .ev("setting", evidence)
                .ev("engine", c.engine.clone());
        }
    }
}
