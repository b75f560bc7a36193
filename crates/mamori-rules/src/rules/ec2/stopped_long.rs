//! EC2-007: an instance has been stopped for 30 days or more.

use super::state;
use crate::rules::prelude::*;

pub static RULE: Rule = Rule {
    code: "EC2-007",
    name: "InstanceStoppedLong",
    area: Area::Ec2,
    severity: Severity::Low,
    title: t("Instance stopped for 30 days or more", "インスタンスが 30 日以上停止している"),
    rationale: t(
        "A long-stopped instance misses every patch released meanwhile; started again, it runs outdated software with its old permissions. Keep it as an AMI or terminate it.",
        "長期間停止したインスタンスは、その間に公開されたパッチをすべて適用し損ねています。再起動すると、古い権限のまま古いソフトウェアが動きます。AMI として保存するか終了します。",
    ),
    sections: &[s::PATCHING],
    cis: &[],
    fsbp: &["EC2.4"],
    trusted_advisor: &[],
    resource_type: "AwsEc2Instance",
    remediation: Remediation {
        console: t("EC2 → Instances → the instance: create an image if needed (Actions → Image → Create image), then Terminate.", "EC2 →［インスタンス］→ 対象: 必要ならイメージを作成し（［アクション］→［イメージ］→［イメージを作成］）、終了します。"),
        cli: "aws ec2 create-image --instance-id INSTANCE_ID --name archive && aws ec2 terminate-instances --instance-ids INSTANCE_ID",
        terraform: "# Remove the aws_instance resource (keep an aws_ami_from_instance if the disk must be kept).",
        safe: false,
    },
    since: "0.1.0",
    check: Check::Snapshot(check),
};

const DAYS: i64 = 30;

/// The time in a `StateTransitionReason` such as
/// `User initiated (2024-01-01 10:00:00 GMT)`.
fn stopped_at(reason: &str) -> Option<mamori_model::Time> {
    let start = reason.find('(')? + 1;
    let end = reason[start..].find(')')? + start;
    let text = reason.get(start..end)?.trim().trim_end_matches(" GMT").trim_end_matches(" UTC");
    let dt: jiff::civil::DateTime = text.parse().ok()?;
    let ts = dt.to_zoned(jiff::tz::TimeZone::UTC).ok()?.timestamp();
    Some(mamori_model::Time(ts))
}

fn check(cx: &Cx, out: &mut Out) {
    for (a, at, r) in cx.all_regions() {
        let read = cx.op(at, "ec2", "DescribeInstances");
        for i in r.ec2.instances.iter().filter(|i| state(i) == "stopped") {
            let reason = i.state_transition_reason.clone().unwrap_or_default();
            let since = stopped_at(&reason);
            let days = since.map(|t| cx.days_since(t));
            let verdict = read.clone().and_then(|()| days.map(|d| d >= DAYS).ok_or_else(|| Reason::incomplete("ec2", "DescribeInstances")));
            let f = out
                .judge(at, arn::ec2(a, at.region, "instance", &i.instance_id), verdict)
                .ev("StateTransitionReason", reason)
                .ev("stopped_days", days);
            if let Some(d) = days.filter(|d| *d >= DAYS) {
                f.msg(
                    format!("Instance {} has been stopped for {d} days", i.instance_id),
                    format!("インスタンス {} は {d} 日間停止している", i.instance_id),
                );
            }
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests {
    #[test]
    fn parses_transition_reasons() {
        assert_eq!(super::stopped_at("User initiated (2026-01-02 03:04:05 GMT)").unwrap().to_string(), "2026-01-02T03:04:05Z");
        assert!(super::stopped_at("User initiated").is_none());
        assert!(super::stopped_at("(garbage)").is_none());
    }
}
