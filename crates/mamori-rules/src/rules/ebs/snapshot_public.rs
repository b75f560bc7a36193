//! EBS-003: anyone can restore a volume from the snapshot.

use super::{sharing, UNSHARE};
use crate::rules::prelude::*;

pub static RULE: Rule = Rule {
    code: "EBS-003",
    name: "SnapshotPublic",
    area: Area::DataAtRest,
    severity: Severity::Critical,
    title: t("EBS snapshot is public", "EBS スナップショットが公開されている"),
    rationale: t(
        "A public snapshot lets any AWS account create a volume with your data. Table 9 asks that backups carry the same access permissions as the data.",
        "公開スナップショットは、あらゆる AWS アカウントにあなたのデータを含むボリュームの作成を許します。表 9 は、バックアップにもデータと同じアクセス権限を求めています。",
    ),
    sections: &[s::T9_EBS],
    cis: &[],
    fsbp: &["EC2.1"],
    trusted_advisor: &["Amazon EBS Public Snapshots"],
    resource_type: "AwsEc2Snapshot",
    remediation: UNSHARE,
    since: "0.1.0",
    check: Check::Snapshot(check),
};

fn check(cx: &Cx, out: &mut Out) {
    for (a, at, r) in cx.all_regions() {
        for s in &r.ec2.snapshots {
            let (public, _) = sharing(s);
            let verdict = cx
                .op(at, "ec2", "DescribeSnapshots")
                .and_then(|()| cx.res(at.account, "ec2", "DescribeSnapshotAttribute", &s.snapshot_id))
                .map(|()| public);
            out.judge(at, arn::ec2(a, at.region, "snapshot", &s.snapshot_id), verdict).ev("createVolumePermission_group_all", public);
        }
    }
}
