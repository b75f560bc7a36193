//! EC2-001: the instance metadata service still answers IMDSv1 requests.

use super::live;
use crate::rules::prelude::*;

pub static RULE: Rule = Rule {
    code: "EC2-001",
    name: "ImdsV1Allowed",
    area: Area::Ec2,
    severity: Severity::Medium,
    title: t("Instance allows IMDSv1 (IMDSv2 not required)", "インスタンスが IMDSv1 を許可している（IMDSv2 が必須になっていない）"),
    rationale: t(
        "IAM roles for EC2 deliver credentials through the metadata service. IMDSv1 answers any GET, so a server-side request forgery or an open proxy on the instance hands the role's credentials to an attacker; IMDSv2's session token stops that.",
        "EC2 の IAM ロールは認証情報をメタデータサービス経由で配布します。IMDSv1 はあらゆる GET に応答するため、インスタンス上の SSRF やオープンプロキシからロールの認証情報が攻撃者に渡ります。IMDSv2 のセッショントークンがそれを防ぎます。",
    ),
    sections: &[s::EC2_ROLES],
    cis: &["5.6"],
    fsbp: &["EC2.8"],
    trusted_advisor: &[],
    resource_type: "AwsEc2Instance",
    remediation: Remediation {
        console: t("EC2 → Instances → the instance → Actions → Instance settings → Modify instance metadata options → IMDSv2: Required.", "EC2 →［インスタンス］→ 対象 →［アクション］→［インスタンスの設定］→［インスタンスメタデータオプションの変更］→ IMDSv2 を［必須］にします。"),
        cli: "aws ec2 modify-instance-metadata-options --instance-id INSTANCE_ID --http-tokens required --http-endpoint enabled",
        terraform: "resource \"aws_instance\" \"app\" {\n  # ...\n  metadata_options {\n    http_tokens   = \"required\"\n    http_endpoint = \"enabled\"\n  }\n}",
        safe: false,
    },
    since: "0.1.0",
    check: Check::Snapshot(check),
};

fn check(cx: &Cx, out: &mut Out) {
    for (a, at, r) in cx.all_regions() {
        let read = cx.op(at, "ec2", "DescribeInstances");
        for i in r.ec2.instances.iter().filter(|i| live(i)) {
            let m = i.metadata_options.as_ref();
            let tokens = m.and_then(|m| m.http_tokens.clone());
            let endpoint = m.and_then(|m| m.http_endpoint.clone());
            let failed = endpoint.as_deref() != Some("disabled") && tokens.as_deref() != Some("required");
            out.judge(at, arn::ec2(a, at.region, "instance", &i.instance_id), read.clone().map(|()| failed))
                .ev("HttpTokens", tokens)
                .ev("HttpEndpoint", endpoint);
        }
    }
}
