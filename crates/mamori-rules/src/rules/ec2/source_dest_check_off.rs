//! EC2-008: an instance that routes nothing has its source/destination check off.

use super::live;
use crate::rules::prelude::*;

pub static RULE: Rule = Rule {
    code: "EC2-008",
    name: "SourceDestCheckOff",
    area: Area::Net,
    severity: Severity::Low,
    title: t(
        "Source/destination check is disabled on an instance that is not a NAT or firewall",
        "NAT やファイアウォールではないインスタンスで送信元/送信先チェックが無効",
    ),
    rationale: t(
        "By default an instance only receives traffic addressed to it (EC2 page, network isolation). Turning the check off lets it forward and spoof traffic, which only NAT, routing or firewall appliances need; mamori counts an instance as one when a route table sends traffic to it.",
        "デフォルトでは、インスタンスは自分宛てのトラフィックだけを受信します（EC2 ページ ネットワークの隔離）。チェックを無効にすると転送やなりすましが可能になり、これが必要なのは NAT・ルーティング・ファイアウォールのアプライアンスだけです。mamori はルートテーブルの宛先になっているインスタンスをそれとみなします。",
    ),
    sections: &[s::EC2_NETWORK_ISOLATION],
    cis: &[],
    fsbp: &[],
    trusted_advisor: &[],
    resource_type: "AwsEc2Instance",
    remediation: Remediation {
        console: t("EC2 → Instances → the instance → Actions → Networking → Change source/destination check → Stop: enabled.", "EC2 →［インスタンス］→ 対象 →［アクション］→［ネットワーキング］→［送信元/送信先チェックを変更］→［停止］を有効にします。"),
        cli: "aws ec2 modify-instance-attribute --instance-id INSTANCE_ID --source-dest-check",
        terraform: "resource \"aws_instance\" \"app\" {\n  # ...\n  source_dest_check = true\n}",
        safe: false,
    },
    since: "0.1.0",
    check: Check::Snapshot(check),
};

fn check(cx: &Cx, out: &mut Out) {
    for (a, at, r) in cx.all_regions() {
        let read = cx.ops(at, &[("ec2", "DescribeInstances"), ("ec2", "DescribeRouteTables")]);
        // Routes that send traffic to an instance or an interface, by target id.
        let mut routes_to: std::collections::HashMap<&str, Vec<String>> = std::collections::HashMap::new();
        for t in &r.ec2.route_tables {
            for route in &t.routes {
                let dest = route.destination_cidr_block.as_deref().or(route.destination_ipv6_cidr_block.as_deref()).unwrap_or("?");
                for target in [route.instance_id.as_deref(), route.network_interface_id.as_deref()].into_iter().flatten() {
                    routes_to.entry(target).or_default().push(format!("{} {dest}", t.route_table_id));
                }
            }
        }
        for i in r.ec2.instances.iter().filter(|i| live(i)) {
            let mut routes: Vec<String> = routes_to.get(i.instance_id.as_str()).cloned().unwrap_or_default();
            for n in &i.network_interfaces {
                routes.extend(routes_to.get(n.network_interface_id.as_str()).into_iter().flatten().cloned());
            }
            routes.sort();
            routes.dedup();
            let off = i.source_dest_check == Some(false);
            let resource = arn::ec2(a, at.region, "instance", &i.instance_id);
            if read.is_ok() && off && !routes.is_empty() {
                out.pass(at, resource)
                    .msg(
                        format!("Instance {} forwards traffic for routes {}", i.instance_id, routes.join(", ")),
                        format!("インスタンス {} はルート {} のトラフィックを転送している", i.instance_id, routes.join(", ")),
                    )
                    .ev("SourceDestCheck", false)
                    .ev("routes_through_instance", routes);
                continue;
            }
            out.judge(at, resource, read.clone().map(|()| off))
                .ev("SourceDestCheck", i.source_dest_check)
                .ev("routes_through_instance", routes);
        }
    }
}
