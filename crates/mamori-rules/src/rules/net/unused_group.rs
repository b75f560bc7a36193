//! NET-009: a security group is attached to nothing.

use super::group_arn;
use crate::rules::prelude::*;

pub static RULE: Rule = Rule {
    code: "NET-009",
    name: "SecurityGroupUnused",
    area: Area::Net,
    severity: Severity::Info,
    title: t("Security group is unused", "セキュリティグループが使われていない"),
    rationale: t(
        "Unused groups clutter reviews and are waiting to be attached to the wrong resource with rules nobody remembers. Minimizing exposure starts with removing what is not needed.",
        "使われていないグループはレビューを煩雑にし、だれも覚えていないルールのまま誤ったリソースに付けられるのを待っています。公開範囲の最小化は、不要なものを消すことから始まります。",
    ),
    sections: &[s::NETWORK_SECURITY],
    cis: &[],
    fsbp: &["EC2.22"],
    trusted_advisor: &[],
    resource_type: "AwsEc2SecurityGroup",
    remediation: Remediation {
        console: t("EC2 → Security groups → the group: check it is not referenced elsewhere, then Actions → Delete security groups.", "EC2 →［セキュリティグループ］→ 対象: 他から参照されていないことを確認してから［アクション］→［セキュリティグループを削除］。"),
        cli: "aws ec2 delete-security-group --group-id SG_ID",
        terraform: "# Remove the unused aws_security_group resource.",
        safe: true,
    },
    since: "0.1.0",
    check: Check::Snapshot(check),
};

fn check(cx: &Cx, out: &mut Out) {
    for (a, at, r) in cx.all_regions() {
        let read = cx.ops(at, &[("ec2", "DescribeSecurityGroups"), ("ec2", "DescribeNetworkInterfaces")]);
        // Interfaces carry every group in use; databases, load balancers and
        // endpoints are counted too in case their interfaces were not listed.
        let mut used: std::collections::HashSet<&str> =
            r.ec2.network_interfaces.iter().flat_map(|n| n.groups.iter().filter_map(|g| g.group_id.as_deref())).collect();
        used.extend(r.db_instances.iter().flat_map(|d| d.vpc_security_groups.iter().filter_map(|g| g.vpc_security_group_id.as_deref())));
        used.extend(r.db_clusters.iter().flat_map(|d| d.vpc_security_groups.iter().filter_map(|g| g.vpc_security_group_id.as_deref())));
        used.extend(r.load_balancers.iter().flat_map(|lb| lb.security_groups.iter().map(String::as_str)));
        used.extend(r.classic_load_balancers.iter().flat_map(|lb| lb.security_groups.iter().map(String::as_str)));
        used.extend(r.ec2.vpc_endpoints.iter().flat_map(|e| e.groups.iter().filter_map(|g| g.group_id.as_deref())));
        used.extend(r.ec2.instances.iter().flat_map(|i| i.security_groups.iter().filter_map(|g| g.group_id.as_deref())));
        let mut referrers: std::collections::HashMap<&str, Vec<&str>> = std::collections::HashMap::new();
        for other in &r.ec2.security_groups {
            for p in other.ip_permissions.iter().chain(&other.ip_permissions_egress) {
                for target in p.user_id_group_pairs.iter().filter_map(|pair| pair.group_id.as_deref()) {
                    let list = referrers.entry(target).or_default();
                    if target != other.group_id && !list.contains(&other.group_id.as_str()) {
                        list.push(other.group_id.as_str());
                    }
                }
            }
        }
        for g in &r.ec2.security_groups {
            let resource = group_arn(a, at.region, g);
            if g.group_name.as_deref() == Some("default") {
                out.not_applicable(at, resource)
                    .msg("Default security groups cannot be deleted", "デフォルトのセキュリティグループは削除できない");
                continue;
            }
            let referenced_by: Vec<&str> = referrers.get(g.group_id.as_str()).cloned().unwrap_or_default();
            let attached = used.contains(g.group_id.as_str());
            out.judge(at, resource, read.clone().map(|()| !attached))
                .ev("attached_to_interfaces", attached)
                .ev("referenced_by_groups", referenced_by);
        }
    }
}
