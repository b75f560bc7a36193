//! EC2-002: the instance runs an image from a publisher nobody vetted.

use super::live;
use crate::rules::prelude::*;

pub static RULE: Rule = Rule {
    code: "EC2-002",
    name: "UntrustedImage",
    area: Area::Ec2,
    severity: Severity::Medium,
    title: t(
        "Instance runs an AMI from an owner that is not this account, Amazon or an allow-listed publisher",
        "インスタンスが、このアカウント・Amazon・許可リストの発行者以外が所有する AMI で実行されている",
    ),
    rationale: t(
        "Table 18 warns against untrusted AMIs: a community image can carry malware, backdoor accounts or baked-in keys. Launch only images you built or that come from publishers you trust (`[ec2] trusted_ami_owners`).",
        "表 18 は信頼できない AMI に注意を促しています。コミュニティ AMI にはマルウェア、バックドアのアカウント、埋め込まれたキーが含まれることがあります。自分で作成したか、信頼する発行者（`[ec2] trusted_ami_owners`）のイメージだけを起動します。",
    ),
    sections: &[s::T18_MALWARE],
    cis: &[],
    fsbp: &[],
    trusted_advisor: &[],
    resource_type: "AwsEc2Instance",
    remediation: Remediation {
        console: t(
            "Rebuild the workload from a vetted image (your own golden AMI or a verified publisher); add the publisher's account to `[ec2] trusted_ami_owners` once reviewed. EC2 → AMIs → Allowed AMIs can enforce the list.",
            "審査済みのイメージ（自社のゴールデン AMI または検証済みの発行者）からワークロードを再構築します。審査後、その発行者のアカウントを `[ec2] trusted_ami_owners` に追加します。EC2 →［AMI］→［許可された AMI］で一覧を強制できます。",
        ),
        cli: "aws ec2 enable-allowed-images-settings --allowed-images-settings-state enabled && aws ec2 replace-image-criteria-in-allowed-images-settings --image-criteria ImageProviders=amazon,ACCOUNT_ID",
        terraform: "resource \"aws_ec2_allowed_images_settings\" \"this\" {\n  state = \"enabled\"\n  image_criterion {\n    image_providers = [\"amazon\", \"ACCOUNT_ID\"]\n  }\n}",
        safe: false,
    },
    since: "0.1.0",
    check: Check::Snapshot(check),
};

fn check(cx: &Cx, out: &mut Out) {
    for (a, at, r) in cx.all_regions() {
        let read = cx.ops(at, &[("ec2", "DescribeInstances"), ("ec2", "DescribeImages")]);
        for i in r.ec2.instances.iter().filter(|i| live(i)) {
            let resource = arn::ec2(a, at.region, "instance", &i.instance_id);
            let image_id = i.image_id.clone().unwrap_or_default();
            let image = r.ec2.images.iter().find(|im| im.image_id == image_id);
            let verdict = read.clone().and_then(|()| {
                let image = image.ok_or_else(|| Reason::incomplete("ec2", "DescribeImages"))?;
                let owner = image.owner_id.as_deref().unwrap_or_default();
                let trusted = owner == at.account
                    || image.image_owner_alias.as_deref() == Some("amazon")
                    || cx.config.ec2.trusted_ami_owners.iter().any(|t| t == owner);
                Ok(!trusted)
            });
            let f = out
                .judge(at, resource, verdict.clone())
                .ev("ImageId", image_id.clone())
                .ev("image_owner", image.and_then(|im| im.owner_id.clone()))
                .ev("image_owner_alias", image.and_then(|im| im.image_owner_alias.clone()))
                .ev("image_name", image.and_then(|im| im.name.clone()));
            if image.is_none() && r.ec2.missing_images.contains(&image_id) {
                f.msg(
                    format!(
                        "Instance {} runs {image_id}, which is deregistered or no longer shared: its owner cannot be verified",
                        i.instance_id
                    ),
                    format!("インスタンス {} の AMI {image_id} は登録解除または共有解除されており、所有者を確認できない", i.instance_id),
                );
            } else if verdict == Ok(true) {
                let owner = image.and_then(|im| im.owner_id.clone()).unwrap_or_default();
                f.msg(
                    format!("Instance {} runs {image_id} owned by {owner}, which is not trusted", i.instance_id),
                    format!("インスタンス {} は信頼されていない所有者 {owner} の {image_id} で実行されている", i.instance_id),
                );
            }
        }
    }
}
