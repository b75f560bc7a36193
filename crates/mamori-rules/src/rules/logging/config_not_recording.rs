//! LOG-009: AWS Config does not record every resource in a region.

use crate::rules::prelude::*;

pub static RULE: Rule = Rule {
    code: "LOG-009",
    name: "ConfigNotRecordingAll",
    area: Area::Log,
    severity: Severity::Medium,
    title: t("AWS Config is not recording all resources in the region", "リージョンで AWS Config がすべてのリソースを記録していない"),
    rationale: t(
        "Config keeps the configuration history of every resource: the change management log of the whitepaper, needed to answer what changed, when, and what it looked like before an incident.",
        "Config はすべてのリソースの設定履歴を保持します。ホワイトペーパーの変更管理ログにあたり、インシデントの前に何がいつ変わり、どうだったかに答えるために必要です。",
    ),
    sections: &[s::CHANGE_LOGS],
    cis: &["3.3"],
    fsbp: &["Config.1"],
    trusted_advisor: &[],
    resource_type: "AwsAccount",
    remediation: Remediation {
        console: t("AWS Config → Settings → Edit: record all resource types (and global resources in one region), with a delivery channel; start recording.", "AWS Config →［設定］→［編集］で、すべてのリソースタイプ（1 つのリージョンではグローバルリソースも）を記録し、配信チャネルを設定して記録を開始します。"),
        cli: "aws configservice put-configuration-recorder --configuration-recorder name=default,roleARN=ROLE_ARN --recording-group allSupported=true,includeGlobalResourceTypes=true && aws configservice start-configuration-recorder --configuration-recorder-name default",
        terraform: "resource \"aws_config_configuration_recorder\" \"main\" {\n  name     = \"default\"\n  role_arn = aws_iam_role.config.arn\n  recording_group {\n    all_supported                 = true\n    include_global_resource_types = true\n  }\n}",
        safe: true,
    },
    since: "0.1.0",
    check: Check::Snapshot(check),
};

fn check(cx: &Cx, out: &mut Out) {
    for (a, at, r) in cx.all_regions() {
        let read = cx.ops(at, &[("config", "DescribeConfigurationRecorders"), ("config", "DescribeConfigurationRecorderStatus")]);
        let complete: Vec<&str> = r
            .config_recorders
            .iter()
            .filter(|c| {
                let all = c.recording_group.as_ref().and_then(|g| g.get("AllSupported")).and_then(|v| v.as_bool()).unwrap_or(false);
                all && c.recording == Some(true)
            })
            .map(|c| c.name.as_str())
            .collect();
        let recorders: Vec<serde_json::Value> = r
            .config_recorders
            .iter()
            .map(|c| json!({"name": c.name, "recording": c.recording, "recording_group": c.recording_group}))
            .collect();
        let f = out
            .judge(at, arn::regional(a, "config", at.region, "configuration-recorder"), read.map(|()| complete.is_empty()))
            .ev("recorders", recorders);
        if complete.is_empty() {
            f.msg(
                format!("AWS Config is not recording all resources in {}", at.region),
                format!("{} で AWS Config がすべてのリソースを記録していない", at.region),
            );
        }
    }
}
