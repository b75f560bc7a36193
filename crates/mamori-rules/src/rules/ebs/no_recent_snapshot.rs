//! EBS-006: an in-use volume has no snapshot from the last 7 days.

use crate::rules::prelude::*;

pub static RULE: Rule = Rule {
    code: "EBS-006",
    name: "VolumeWithoutRecentBackup",
    area: Area::DataAtRest,
    severity: Severity::Low,
    title: t("In-use volume has no snapshot in the last 7 days", "使用中のボリュームに過去 7 日以内のスナップショットがない"),
    rationale: t(
        "Snapshots are EBS's backup (Table 9). A volume in use without a recent one loses a week or more of data to a deletion, corruption or ransomware.",
        "スナップショットは EBS のバックアップです（表 9）。最近のスナップショットがない使用中のボリュームは、削除・破損・ランサムウェアで 1 週間以上のデータを失います。",
    ),
    sections: &[s::T9_EBS, s::T7_AT_REST_THREATS],
    cis: &[],
    fsbp: &[],
    trusted_advisor: &[],
    resource_type: "AwsEc2Volume",
    remediation: Remediation {
        console: t("AWS Backup → Create backup plan (daily, 35-day retention) and assign the volumes by tag; or EC2 → Lifecycle Manager → Create lifecycle policy.", "AWS Backup →［バックアッププランを作成］（毎日、保持 35 日）でタグによりボリュームを割り当てます。または EC2 →［ライフサイクルマネージャー］→［ライフサイクルポリシーを作成］。"),
        cli: "aws dlm create-lifecycle-policy --execution-role-arn ROLE_ARN --description daily --state ENABLED --policy-details file://dlm-daily.json",
        terraform: "resource \"aws_backup_plan\" \"daily\" {\n  name = \"daily\"\n  rule {\n    rule_name         = \"daily\"\n    target_vault_name = aws_backup_vault.main.name\n    schedule          = \"cron(0 3 * * ? *)\"\n    lifecycle {\n      delete_after = 35\n    }\n  }\n}",
        safe: true,
    },
    since: "0.1.0",
    check: Check::Snapshot(check),
};

const DAYS: i64 = 7;

fn check(cx: &Cx, out: &mut Out) {
    for (a, at, r) in cx.all_regions() {
        let read = cx.ops(at, &[("ec2", "DescribeVolumes"), ("ec2", "DescribeSnapshots")]);
        let mut latest_by_volume: std::collections::HashMap<&str, mamori_model::Time> = std::collections::HashMap::new();
        for s in &r.ec2.snapshots {
            if let (Some(v), Some(t)) = (s.volume_id.as_deref(), s.start_time) {
                let e = latest_by_volume.entry(v).or_insert(t);
                if t.0 > e.0 {
                    *e = t;
                }
            }
        }
        for v in &r.ec2.volumes {
            let resource = arn::ec2(a, at.region, "volume", &v.volume_id);
            if v.state.as_deref() != Some("in-use") {
                out.not_applicable(at, resource).msg("Volume is not in use", "ボリュームは使用されていない").ev("state", v.state.clone());
                continue;
            }
            let latest = latest_by_volume.get(v.volume_id.as_str()).copied();
            let age = latest.map(|t| cx.days_since(t));
            let f = out
                .judge(at, resource, read.clone().map(|()| age.is_none_or(|d| d > DAYS)))
                .ev("latest_snapshot", latest.map(|t| t.to_string()))
                .ev("age_days", age);
            if age.is_none_or(|d| d > DAYS) {
                f.msg(
                    format!("Volume {} has no snapshot from the last {DAYS} days", v.volume_id),
                    format!("ボリューム {} に過去 {DAYS} 日以内のスナップショットがない", v.volume_id),
                );
            }
        }
    }
}
