//! ASSET: the asset register's raw material — who owns each resource and
//! how sensitive its data is (whitepaper Table 1).

pub mod no_classification;
pub mod no_owner;

use mamori_model::{Account, Tag};

use crate::finding::{At, Reason};
use crate::Cx;

/// A taggable resource: where it is, its ARN and type, its tags, and
/// whether the tags were read.
pub(crate) struct Tagged<'a> {
    pub at: At<'a>,
    pub arn: String,
    pub resource_type: &'static str,
    pub tags: &'a [Tag],
    pub read: Result<(), Reason>,
    /// Holds data (ASSET-002's scope).
    pub data_store: bool,
}

/// Every taggable resource of the kinds the register tracks.
pub(crate) fn resources<'a>(cx: &Cx<'a>, a: &'a Account) -> Vec<Tagged<'a>> {
    use crate::arn;
    let mut list = Vec::new();
    for b in crate::rules::s3::buckets(cx, a) {
        list.push(Tagged {
            at: crate::rules::s3::at(a, b),
            arn: arn::bucket(a, &b.name),
            resource_type: "AwsS3Bucket",
            tags: &b.tags,
            read: cx.res(&a.account_id, "s3", "GetBucketTagging", &b.name),
            data_store: true,
        });
    }
    for (at, r) in cx.regions(a) {
        let ec2 = |op: &str| cx.op(at, "ec2", op);
        for i in r.ec2.instances.iter().filter(|i| crate::rules::ec2::live(i)) {
            list.push(Tagged {
                at,
                arn: arn::ec2(a, at.region, "instance", &i.instance_id),
                resource_type: "AwsEc2Instance",
                tags: &i.tags,
                read: ec2("DescribeInstances"),
                data_store: false,
            });
        }
        for v in &r.ec2.volumes {
            list.push(Tagged {
                at,
                arn: arn::ec2(a, at.region, "volume", &v.volume_id),
                resource_type: "AwsEc2Volume",
                tags: &v.tags,
                read: ec2("DescribeVolumes"),
                data_store: true,
            });
        }
        for v in &r.ec2.vpcs {
            list.push(Tagged {
                at,
                arn: arn::ec2(a, at.region, "vpc", &v.vpc_id),
                resource_type: "AwsEc2Vpc",
                tags: &v.tags,
                read: ec2("DescribeVpcs"),
                data_store: false,
            });
        }
        for i in r.db_instances.iter().filter(|i| !crate::rules::rds::in_cluster(i)) {
            list.push(Tagged {
                at,
                arn: crate::rules::rds::instance_arn(a, at.region, i),
                resource_type: "AwsRdsDbInstance",
                tags: &i.tags,
                read: cx.op(at, "rds", "DescribeDBInstances"),
                data_store: true,
            });
        }
        for c in &r.db_clusters {
            list.push(Tagged {
                at,
                arn: crate::rules::rds::cluster_arn(a, at.region, c),
                resource_type: "AwsRdsDbCluster",
                tags: &c.tags,
                read: cx.op(at, "rds", "DescribeDBClusters"),
                data_store: true,
            });
        }
        for t in &r.dynamodb_tables {
            list.push(Tagged {
                at,
                arn: crate::rules::dynamodb::table_arn(a, at.region, t),
                resource_type: "AwsDynamoDbTable",
                tags: &t.tags,
                read: cx.res(at.account, "dynamodb", "ListTagsOfResource", &t.table_name),
                data_store: true,
            });
        }
        for f in &r.efs_file_systems {
            list.push(Tagged {
                at,
                arn: arn::or(f.file_system_arn.as_ref(), || {
                    arn::regional(a, "elasticfilesystem", at.region, &format!("file-system/{}", f.file_system_id))
                }),
                resource_type: "AwsEfsFileSystem",
                tags: &f.tags,
                read: cx.op(at, "efs", "DescribeFileSystems"),
                data_store: true,
            });
        }
    }
    list
}
