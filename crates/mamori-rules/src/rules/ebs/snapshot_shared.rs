//! EBS-004: the snapshot is shared with other accounts.

use super::{sharing, UNSHARE};
use crate::rules::prelude::*;

pub static RULE: Rule = Rule {
    code: "EBS-004",
    name: "SnapshotShared",
    area: Area::DataAtRest,
    severity: Severity::Medium,
    title: t("EBS snapshot is shared with another account", "EBS スナップショットが別のアカウントと共有されている"),
    rationale: t(
        "Every account a snapshot is shared with can copy the data out of your control. Sharing should be deliberate, reviewed and removed when the need ends.",
        "スナップショットを共有したアカウントは、管理外へデータをコピーできます。共有は意図的に行い、見直し、不要になったら解除すべきです。",
    ),
    sections: &[s::T9_EBS],
    cis: &[],
    fsbp: &[],
    trusted_advisor: &[],
    resource_type: "AwsEc2Snapshot",
    remediation: UNSHARE,
    since: "0.1.0",
    check: Check::Snapshot(check),
};

fn check(cx: &Cx, out: &mut Out) {
    for (a, at, r) in cx.all_regions() {
        for s in &r.ec2.snapshots {
            let (_, accounts) = sharing(s);
            let others: Vec<&str> = accounts.into_iter().filter(|id| *id != at.account).collect();
            let verdict = cx
                .op(at, "ec2", "DescribeSnapshots")
                .and_then(|()| cx.res(at.account, "ec2", "DescribeSnapshotAttribute", &s.snapshot_id))
                .map(|()| !others.is_empty());
            let n = others.len();
            let f = out.judge(at, arn::ec2(a, at.region, "snapshot", &s.snapshot_id), verdict).ev("shared_with", others.clone());
            if n > 0 {
                f.msg(
                    format!("Snapshot {} is shared with {}", s.snapshot_id, others.join(", ")),
                    format!("スナップショット {} が {} と共有されている", s.snapshot_id, others.join(", ")),
                );
            }
        }
    }
}
