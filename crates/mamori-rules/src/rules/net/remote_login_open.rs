//! NET-012: an instance takes SSH or RDP from the internet.

use super::{covers_port, open_rules};
use crate::rules::prelude::*;

pub static RULE: Rule = Rule {
    code: "NET-012",
    name: "RemoteLoginOpenToInternet",
    area: Area::Net,
    severity: Severity::Low,
    title: t(
        "SSH/RDP open to the internet where Session Manager or EC2 Instance Connect would serve",
        "Session Manager や EC2 Instance Connect で足りるのに SSH/RDP がインターネットに開いている",
    ),
    rationale: t(
        "The EC2 page recommends Session Manager: shell access through IAM, logged, with no inbound port at all. An instance that takes SSH or RDP from anywhere keeps a login service on the internet that IAM does not control.",
        "EC2 のページは Session Manager を勧めています。IAM で制御され記録されるシェルアクセスで、受信ポートは一切不要です。SSH や RDP をどこからでも受け付けるインスタンスは、IAM の管理外のログインサービスをインターネットに置いていることになります。",
    ),
    sections: &[s::EC2_TRAFFIC],
    cis: &[],
    fsbp: &[],
    trusted_advisor: &[],
    resource_type: "AwsEc2Instance",
    remediation: Remediation {
        console: t("Give the instance the AmazonSSMManagedInstanceCore permissions, connect with Systems Manager → Session Manager, then remove the SSH/RDP rule from its security groups.", "インスタンスに AmazonSSMManagedInstanceCore の権限を付け、Systems Manager →［Session Manager］で接続できることを確認してから、セキュリティグループの SSH/RDP ルールを削除します。"),
        cli: "aws ssm start-session --target INSTANCE_ID",
        terraform: "# Remove the port 22/3389 ingress rules; attach AmazonSSMManagedInstanceCore to the instance role.",
        safe: false,
    },
    since: "0.1.0",
    check: Check::Snapshot(check),
};

const LOGIN_PORTS: [u16; 2] = [22, 3389];

fn check(cx: &Cx, out: &mut Out) {
    for (a, at, r) in cx.all_regions() {
        let read = cx.ops(at, &[("ec2", "DescribeInstances"), ("ec2", "DescribeSecurityGroups"), ("ec2", "DescribeManagedPrefixLists")]);
        let groups_by_id: std::collections::HashMap<&str, &mamori_model::ec2::SecurityGroup> =
            r.ec2.security_groups.iter().map(|g| (g.group_id.as_str(), g)).collect();
        let mut interface_groups: std::collections::HashMap<&str, Vec<&str>> = std::collections::HashMap::new();
        for n in &r.ec2.network_interfaces {
            if let Some(instance) = n.attachment.as_ref().and_then(|x| x.instance_id.as_deref()) {
                interface_groups.entry(instance).or_default().extend(n.groups.iter().filter_map(|g| g.group_id.as_deref()));
            }
        }
        let managed: std::collections::HashSet<&str> = r.managed_instances.iter().map(|m| m.instance_id.as_str()).collect();
        for i in r.ec2.instances.iter().filter(|i| super::super::ec2::state(i) == "running") {
            // Groups on the instance and on every interface attached to it.
            let mut groups: Vec<&str> = i.security_groups.iter().filter_map(|g| g.group_id.as_deref()).collect();
            groups.extend(interface_groups.get(i.instance_id.as_str()).into_iter().flatten().copied());
            groups.sort_unstable();
            groups.dedup();
            let open: Vec<String> = groups
                .iter()
                .filter_map(|id| groups_by_id.get(id).copied())
                .flat_map(|g| {
                    open_rules(&r.ec2, g, |p| LOGIN_PORTS.iter().any(|port| covers_port(p, *port)))
                        .into_iter()
                        .map(move |rule| format!("{}: {rule}", g.group_id))
                })
                .collect();
            let managed = managed.contains(i.instance_id.as_str());
            out.judge(at, arn::ec2(a, at.region, "instance", &i.instance_id), read.clone().map(|()| !open.is_empty()))
                .ev("open_login_rules", open)
                .ev("session_manager_ready", managed);
        }
    }
}
