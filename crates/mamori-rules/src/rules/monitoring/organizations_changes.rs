//! MON-015: nothing alarms on AWS Organizations changes.

use super::{calls, judge};
use crate::rules::prelude::*;
use serde_json::Value;

pub static RULE: Rule = Rule {
    code: "MON-015",
    name: "OrganizationsChangesNotMonitored",
    area: Area::Log,
    severity: Severity::Medium,
    title: t(
        "No metric filter, alarm and subscribed SNS topic for AWS Organizations changes",
        "AWS Organizations の変更に対するメトリクスフィルター・アラーム・購読済み SNS トピックがない",
    ),
    rationale: t(
        "Organizations changes move accounts, attach service control policies and invite outsiders: changes to the guard rails of every account at once. The whitepaper's Table 24 and alerting practice ask that such events reach a person, not only a log.",
        "Organizations の変更は、アカウントの移動、サービスコントロールポリシーのアタッチ、外部の招待を行い、全アカウントのガードレールを一度に変えます。ホワイトペーパーの表 24 とアラートの考え方は、こうしたイベントがログだけでなく担当者に届くことを求めています。",
    ),
    sections: &[s::T24_LOG_FILES, s::MONITORING],
    cis: &["4.15"],
    fsbp: &[],
    trusted_advisor: &[],
    resource_type: "AwsAccount",
    remediation: Remediation {
        console: super::CONSOLE,
        cli: "aws logs put-metric-filter --log-group-name TRAIL_LOG_GROUP --filter-name OrganizationsChanges --metric-transformations metricName=OrganizationsChanges,metricNamespace=CISBenchmark,metricValue=1 --filter-pattern '{ ($.eventSource = organizations.amazonaws.com) && (($.eventName = \"AcceptHandshake\") || ($.eventName = \"AttachPolicy\") || ($.eventName = \"CreateAccount\") || ($.eventName = \"CreateOrganizationalUnit\") || ($.eventName = \"CreatePolicy\") || ($.eventName = \"DeclineHandshake\") || ($.eventName = \"DeleteOrganization\") || ($.eventName = \"DeleteOrganizationalUnit\") || ($.eventName = \"DeletePolicy\") || ($.eventName = \"DetachPolicy\") || ($.eventName = \"DisablePolicyType\") || ($.eventName = \"EnablePolicyType\") || ($.eventName = \"InviteAccountToOrganization\") || ($.eventName = \"LeaveOrganization\") || ($.eventName = \"MoveAccount\") || ($.eventName = \"RemoveAccountFromOrganization\") || ($.eventName = \"UpdatePolicy\") || ($.eventName = \"UpdateOrganizationalUnit\")) }' && aws cloudwatch put-metric-alarm --alarm-name OrganizationsChanges --metric-name OrganizationsChanges --namespace CISBenchmark --statistic Sum --period 300 --evaluation-periods 1 --threshold 1 --comparison-operator GreaterThanOrEqualToThreshold --alarm-actions SNS_TOPIC_ARN",
        terraform: "resource \"aws_cloudwatch_log_metric_filter\" \"organizations_changes\" {
  name           = \"OrganizationsChanges\"
  log_group_name = aws_cloudwatch_log_group.trail.name
  pattern        = \"{ ($.eventSource = organizations.amazonaws.com) && (($.eventName = \\\"AcceptHandshake\\\") || ($.eventName = \\\"AttachPolicy\\\") || ($.eventName = \\\"CreateAccount\\\") || ($.eventName = \\\"CreateOrganizationalUnit\\\") || ($.eventName = \\\"CreatePolicy\\\") || ($.eventName = \\\"DeclineHandshake\\\") || ($.eventName = \\\"DeleteOrganization\\\") || ($.eventName = \\\"DeleteOrganizationalUnit\\\") || ($.eventName = \\\"DeletePolicy\\\") || ($.eventName = \\\"DetachPolicy\\\") || ($.eventName = \\\"DisablePolicyType\\\") || ($.eventName = \\\"EnablePolicyType\\\") || ($.eventName = \\\"InviteAccountToOrganization\\\") || ($.eventName = \\\"LeaveOrganization\\\") || ($.eventName = \\\"MoveAccount\\\") || ($.eventName = \\\"RemoveAccountFromOrganization\\\") || ($.eventName = \\\"UpdatePolicy\\\") || ($.eventName = \\\"UpdateOrganizationalUnit\\\")) }\"
  metric_transformation {
    name      = \"OrganizationsChanges\"
    namespace = \"CISBenchmark\"
    value     = \"1\"
  }
}

resource \"aws_cloudwatch_metric_alarm\" \"organizations_changes\" {
  alarm_name          = \"OrganizationsChanges\"
  metric_name         = \"OrganizationsChanges\"
  namespace           = \"CISBenchmark\"
  statistic           = \"Sum\"
  period              = 300
  evaluation_periods  = 1
  threshold           = 1
  comparison_operator = \"GreaterThanOrEqualToThreshold\"
  alarm_actions       = [aws_sns_topic.security.arn]
}",
        safe: true,
    },
    since: "0.1.0",
    check: Check::Snapshot(check),
};

/// The events the filter must match (a wider filter still counts).
pub(crate) fn required() -> Vec<Value> {
    calls(
        "organizations.amazonaws.com",
        &[
            "AcceptHandshake",
            "AttachPolicy",
            "CreateAccount",
            "CreateOrganizationalUnit",
            "CreatePolicy",
            "DeclineHandshake",
            "DeleteOrganization",
            "DeleteOrganizationalUnit",
            "DeletePolicy",
            "DetachPolicy",
            "DisablePolicyType",
            "EnablePolicyType",
            "InviteAccountToOrganization",
            "LeaveOrganization",
            "MoveAccount",
            "RemoveAccountFromOrganization",
            "UpdatePolicy",
            "UpdateOrganizationalUnit",
        ],
    )
}

fn check(cx: &Cx, out: &mut Out) {
    judge(cx, out, &required());
}
