//! NET-003: a security group lets the whole internet in on every port.

use super::{covers_everything, judge_groups};
use crate::rules::prelude::*;

pub static RULE: Rule = Rule {
    code: "NET-003",
    name: "AllPortsOpenToInternet",
    area: Area::Net,
    severity: Severity::Critical,
    title: t("Security group allows all ports or all protocols from the internet", "セキュリティグループがインターネットからすべてのポートまたはすべてのプロトコルを許可している"),
    rationale: t(
        "The whitepaper's first network control is the security group. A rule that admits every port from anywhere turns it off: every service on the instances, including ones nobody knew were listening, is on the internet.",
        "ホワイトペーパーの最初のネットワーク制御はセキュリティグループです。どこからでもすべてのポートを許すルールはそれを無効にし、だれも待ち受けていると知らなかったサービスも含め、インスタンス上のすべてのサービスがインターネットに公開されます。",
    ),
    sections: &[s::NETWORK_SECURITY, s::EC2_TRAFFIC],
    cis: &[],
    fsbp: &["EC2.18"],
    trusted_advisor: &["Security Groups - Unrestricted Access"],
    resource_type: "AwsEc2SecurityGroup",
    remediation: Remediation {
        console: t("EC2 → Security groups → the group → Inbound rules → Edit: delete the all-traffic rule; add only the ports the service needs.", "EC2 →［セキュリティグループ］→ 対象 →［インバウンドルール］→［編集］で全トラフィックのルールを削除し、サービスに必要なポートだけを追加します。"),
        cli: "aws ec2 revoke-security-group-ingress --group-id SG_ID --ip-permissions IpProtocol=-1,IpRanges=[{CidrIp=0.0.0.0/0}]",
        terraform: "# Replace the ingress rule with protocol \"-1\" and 0.0.0.0/0 by rules for the needed ports only.",
        safe: false,
    },
    since: "0.1.0",
    check: Check::Snapshot(check),
};

fn check(cx: &Cx, out: &mut Out) {
    judge_groups(
        cx,
        out,
        |_, p| covers_everything(p),
        |g, open| {
            (
                format!("Security group {} admits all traffic from the internet: {}", g.group_id, open.join("; ")),
                format!("セキュリティグループ {} がインターネットからのすべての通信を許可している: {}", g.group_id, open.join("; ")),
            )
        },
    );
}
