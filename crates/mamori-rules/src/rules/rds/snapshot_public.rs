//! RDS-004: anyone can restore the database snapshot.

use crate::rules::prelude::*;

pub static RULE: Rule = Rule {
    code: "RDS-004",
    name: "DbSnapshotPublic",
    area: Area::DataAtRest,
    severity: Severity::Critical,
    title: t("RDS snapshot is public", "RDS スナップショットが公開されている"),
    rationale: t(
        "A public DB snapshot lets any AWS account restore your whole database. Backups need the same protection as the data (Table 7).",
        "公開された DB スナップショットは、あらゆる AWS アカウントにデータベース全体の復元を許します。バックアップにはデータと同じ保護が必要です（表 7）。",
    ),
    sections: &[s::T7_AT_REST_THREATS, s::RDS_AT_REST],
    cis: &[],
    fsbp: &["RDS.1"],
    trusted_advisor: &["Amazon RDS Public Snapshots"],
    resource_type: "AwsRdsDbSnapshot",
    remediation: Remediation {
        console: t("RDS → Snapshots → the snapshot → Actions → Share snapshot → DB snapshot visibility: Private.", "RDS →［スナップショット］→ 対象 →［アクション］→［スナップショットの共有］→［DB スナップショットの可視性］を［プライベート］にします。"),
        cli: "aws rds modify-db-snapshot-attribute --db-snapshot-identifier SNAP --attribute-name restore --values-to-remove all",
        terraform: "# Remove \"all\" from shared_accounts of the aws_db_snapshot resource.",
        safe: false,
    },
    since: "0.1.0",
    check: Check::Snapshot(check),
};

fn check(cx: &Cx, out: &mut Out) {
    for (a, at, r) in cx.all_regions() {
        for s in &r.db_snapshots {
            let public = s.restore_account_ids.iter().any(|id| id == "all");
            let verdict = cx
                .op(at, "rds", "DescribeDBSnapshots")
                .and_then(|()| cx.res(at.account, "rds", "DescribeDBSnapshotAttributes", &s.db_snapshot_identifier))
                .map(|()| public);
            let resource = arn::or(s.db_snapshot_arn.as_ref(), || {
                arn::regional(a, "rds", at.region, &format!("snapshot:{}", s.db_snapshot_identifier))
            });
            out.judge(at, resource, verdict).ev("restore", s.restore_account_ids.clone());
        }
    }
}
