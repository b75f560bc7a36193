//! EC2-003: an image the account owns is public.

use crate::rules::prelude::*;

pub static RULE: Rule = Rule {
    code: "EC2-003",
    name: "ImagePublic",
    area: Area::Ec2,
    severity: Severity::High,
    title: t("AMI owned by the account is public", "アカウントが所有する AMI が公開されている"),
    rationale: t(
        "A public AMI gives every AWS customer a copy of the disk: configuration, software, and whatever was left on it (keys, histories, credentials — Table 15). The whitepaper's public AMI controls apply before sharing.",
        "公開 AMI は、すべての AWS 利用者にディスクのコピーを渡します。設定、ソフトウェア、そして残されたもの（キー、履歴、認証情報 — 表 15）もです。共有前にはホワイトペーパーのパブリック AMI のセキュリティ管理を適用します。",
    ),
    sections: &[s::PUBLIC_AMI, s::T15_AMI_CLEANUP],
    cis: &[],
    fsbp: &[],
    trusted_advisor: &[],
    resource_type: "AwsEc2Image",
    remediation: Remediation {
        console: t("EC2 → AMIs → the AMI → Actions → Edit AMI permissions → Private; turn on Block public access for AMIs in the region.", "EC2 →［AMI］→ 対象 →［アクション］→［AMI 許可を編集］→［プライベート］。リージョンで AMI のパブリックアクセスブロックを有効にします。"),
        cli: "aws ec2 modify-image-attribute --image-id AMI_ID --launch-permission 'Remove=[{Group=all}]' && aws ec2 enable-image-block-public-access --image-block-public-access-state block-new-sharing",
        terraform: "resource \"aws_ec2_image_block_public_access\" \"this\" {\n  state = \"block-new-sharing\"\n}",
        safe: false,
    },
    since: "0.1.0",
    check: Check::Snapshot(check),
};

fn check(cx: &Cx, out: &mut Out) {
    for (a, at, r) in cx.all_regions() {
        let read = cx.op(at, "ec2", "DescribeImages");
        for im in r.ec2.images.iter().filter(|im| im.owner_id.as_deref() == Some(at.account)) {
            out.judge(at, arn::image(a, at.region, &im.image_id), read.clone().map(|()| im.public == Some(true)))
                .ev("Public", im.public)
                .ev("Name", im.name.clone());
        }
    }
}
