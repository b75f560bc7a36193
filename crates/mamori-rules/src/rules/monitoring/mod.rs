//! MON: alarms on the CloudTrail events the CIS benchmark and the
//! whitepaper's Table 24 ask to watch. A control passes only when the whole
//! chain exists: a trail delivering to CloudWatch Logs, a metric filter on
//! that log group whose pattern matches every required event (judged by
//! evaluating the parsed pattern on sample events), an alarm on the filter's
//! metric, and an SNS topic with a confirmed subscription.

pub mod cloudtrail_changes;
pub mod cmk_disabled;
pub mod config_changes;
pub mod console_auth_failures;
pub mod console_login_without_mfa;
pub mod gateway_changes;
pub mod iam_policy_changes;
pub mod nacl_changes;
pub mod no_traffic_alarm;
pub mod organizations_changes;
pub mod root_usage;
pub mod route_table_changes;
pub mod s3_policy_changes;
pub mod security_group_changes;
pub mod unauthorized_calls;
pub mod vpc_changes;

use serde_json::{json, Value};

use crate::filter_pattern;
use crate::finding::{At, Reason};
use crate::{Cx, Out};

/// The console steps every MON rule shares; its CLI and Terraform carry the pattern.
pub(crate) const CONSOLE: crate::Text = crate::t(
    "CloudWatch → Log groups → the trail's log group → Metric filters → Create metric filter with the pattern below; then create an alarm on the metric (Sum ≥ 1 over 5 minutes) notifying an SNS topic with a confirmed subscription.",
    "CloudWatch →［ロググループ］→ 証跡のロググループ →［メトリクスフィルター］→ 下記のパターンでメトリクスフィルターを作成し、そのメトリクスにアラーム（5 分間の合計 ≥ 1）を作成して、確認済みのサブスクリプションを持つ SNS トピックに通知します。",
);

/// A CloudTrail record as delivered to CloudWatch Logs, with the fields
/// patterns commonly test, overridden by `fields`.
pub(crate) fn event(source: &str, name: &str, fields: Value) -> Value {
    let mut e = json!({
        "eventVersion": "1.09",
        "userIdentity": {"type": "IAMUser", "principalId": "AIDAEXAMPLE", "arn": "arn:aws:iam::111122223333:user/alice", "accountId": "111122223333", "userName": "alice"},
        "eventTime": "2027-01-01T00:00:00Z",
        "eventSource": source,
        "eventName": name,
        "awsRegion": "us-east-1",
        "sourceIPAddress": "198.51.100.7",
        "userAgent": "aws-cli/2.15.0",
        "requestParameters": {},
        "responseElements": null,
        "requestID": "00000000-0000-0000-0000-000000000000",
        "eventID": "00000000-0000-0000-0000-000000000001",
        "readOnly": false,
        "eventType": "AwsApiCall",
        "managementEvent": true,
        "recipientAccountId": "111122223333",
        "eventCategory": "Management",
    });
    if let (Some(base), Value::Object(extra)) = (e.as_object_mut(), fields) {
        for (k, v) in extra {
            base.insert(k, v);
        }
    }
    e
}

/// Events of `source` named `names`.
pub(crate) fn calls(source: &str, names: &[&str]) -> Vec<Value> {
    names.iter().map(|n| event(source, n, json!({}))).collect()
}

fn name_of(e: &Value) -> String {
    let name = e.get("eventName").and_then(Value::as_str).unwrap_or("?");
    match e.get("errorCode").and_then(Value::as_str) {
        Some(code) => format!("{name} ({code})"),
        None => name.to_string(),
    }
}

/// The log group name in a CloudTrail `CloudWatchLogsLogGroupArn`
/// (`arn:aws:logs:REGION:ACCOUNT:log-group:NAME:*`) and its region.
fn log_group_of(arn: &str) -> Option<(&str, &str)> {
    let mut parts = arn.splitn(7, ':');
    let region = parts.nth(3)?;
    let rest = arn.split_once(":log-group:")?.1;
    Some((region, rest.strip_suffix(":*").unwrap_or(rest)))
}

/// How far the chain got, for the evidence.
#[derive(Default)]
struct Best {
    stage: u8,
    detail: Value,
}

/// Judges one MON control for every account.
pub(crate) fn judge(cx: &Cx, out: &mut Out, required: &[Value]) {
    for a in cx.accounts() {
        let g = Cx::global(a);
        let mut best = Best::default();
        let mut problem: Option<Reason> = None;
        let mut complete = None;
        let mut near_misses = Vec::new();
        for (at, _) in cx.regions(a) {
            if let Err(reason) = cx.op(at, "cloudtrail", "DescribeTrails") {
                problem.get_or_insert(reason);
            }
        }
        let groups: Vec<(String, &str, &str)> = super::logging::trails(cx, a)
            .filter_map(|(_, t)| {
                let arn = t.cloud_watch_logs_log_group_arn.as_deref()?;
                let (region, name) = log_group_of(arn)?;
                Some((t.name.clone(), region, name))
            })
            .collect();
        'search: for (trail, region, group_name) in &groups {
            best_stage(&mut best, 1, json!({"trail": trail, "log_group": group_name}));
            let at = At { account: &a.account_id, region };
            let Some(r) = a.regions.get(*region) else {
                problem.get_or_insert(Reason::not_collected("logs", "DescribeMetricFilters"));
                continue;
            };
            if let Err(reason) = cx.ops(at, &[("logs", "DescribeLogGroups"), ("logs", "DescribeMetricFilters")]) {
                problem.get_or_insert(reason);
                continue;
            }
            let filters = r.log_groups.iter().filter(|lg| lg.log_group_name == *group_name).flat_map(|lg| &lg.metric_filters);
            for f in filters {
                let text = f.filter_pattern.clone().unwrap_or_default();
                let pattern = match filter_pattern::parse(&text) {
                    Ok(p) => p,
                    Err(e) => {
                        near_misses.push(json!({"filter": f.filter_name, "pattern": text, "error": e.to_string()}));
                        continue;
                    }
                };
                let missed: Vec<String> = required.iter().filter(|e| !pattern.matches(e)).map(name_of).collect();
                if !missed.is_empty() {
                    near_misses.push(json!({"filter": f.filter_name, "pattern": text, "misses": missed}));
                    continue;
                }
                for m in &f.metric_transformations {
                    let (Some(ns), Some(metric)) = (m.metric_namespace.as_deref(), m.metric_name.as_deref()) else { continue };
                    best_stage(
                        &mut best,
                        2,
                        json!({"trail": trail, "log_group": group_name, "filter": f.filter_name, "pattern": text, "metric": format!("{ns}/{metric}")}),
                    );
                    if let Err(reason) = cx.op(at, "cloudwatch", "DescribeAlarms") {
                        problem.get_or_insert(reason);
                        continue;
                    }
                    let alarms = r
                        .metric_alarms
                        .iter()
                        .filter(|al| al.namespace.as_deref() == Some(ns) && al.metric_name.as_deref() == Some(metric));
                    for al in alarms {
                        let topics: Vec<&str> =
                            al.alarm_actions.iter().filter(|x| x.starts_with("arn:") && x.contains(":sns:")).map(String::as_str).collect();
                        best_stage(
                            &mut best,
                            3,
                            json!({"trail": trail, "log_group": group_name, "filter": f.filter_name, "metric": format!("{ns}/{metric}"), "alarm": al.alarm_name}),
                        );
                        if al.actions_enabled == Some(false) {
                            continue;
                        }
                        for topic_arn in topics {
                            best_stage(
                                &mut best,
                                4,
                                json!({"trail": trail, "filter": f.filter_name, "alarm": al.alarm_name, "topic": topic_arn}),
                            );
                            let topic_region = topic_arn.split(':').nth(3).unwrap_or(region);
                            let topic_at = At { account: &a.account_id, region: topic_region };
                            if let Err(reason) = cx.ops(topic_at, &[("sns", "ListTopics"), ("sns", "ListSubscriptions")]) {
                                problem.get_or_insert(reason);
                                continue;
                            }
                            let confirmed = a
                                .regions
                                .get(topic_region)
                                .and_then(|tr| tr.sns_topics.iter().find(|t| t.topic_arn == topic_arn))
                                .map(|t| t.subscriptions.iter().filter(|s| s.is_confirmed()).count())
                                .unwrap_or(0);
                            if confirmed > 0 {
                                complete = Some(json!({
                                    "trail": trail, "log_group": group_name, "filter": f.filter_name, "pattern": text,
                                    "metric": format!("{ns}/{metric}"), "alarm": al.alarm_name, "topic": topic_arn, "confirmed_subscriptions": confirmed,
                                }));
                                break 'search;
                            }
                        }
                    }
                }
            }
        }
        let resource = crate::arn::account(a);
        let (verdict, en, ja) = match (&complete, problem, best.stage) {
            (Some(_), _, _) => (Ok(false), "", ""),
            (None, Some(reason), _) => (Err(reason), "", ""),
            (None, None, 0) => (
                Ok(true),
                "No trail delivers events to CloudWatch Logs, so nothing can raise this alarm",
                "CloudWatch Logs にイベントを配信する証跡がないため、このアラームを発報できない",
            ),
            (None, None, 1) => (
                Ok(true),
                "No metric filter on the trail's log group matches every required event",
                "証跡のロググループに、必要なイベントすべてに一致するメトリクスフィルターがない",
            ),
            (None, None, 2) => {
                (Ok(true), "The metric filter has no alarm on its metric", "メトリクスフィルターのメトリクスにアラームがない")
            }
            (None, None, 3) => (
                Ok(true),
                "The alarm notifies no SNS topic (or its actions are disabled)",
                "アラームが SNS トピックに通知しない（またはアクションが無効）",
            ),
            (None, None, _) => (
                Ok(true),
                "The alarm's SNS topic has no confirmed subscription",
                "アラームの SNS トピックに確認済みのサブスクリプションがない",
            ),
        };
        let failed = verdict == Ok(true);
        let f = out.judge(g, resource, verdict);
        f.ev("required_events", required.iter().map(name_of).collect::<Vec<_>>());
        match complete {
            Some(chain) => {
                f.ev("chain", chain);
            }
            None => {
                f.ev("furthest", best.detail).ev("near_misses", near_misses);
            }
        }
        if failed {
            f.msg(en, ja);
        }
    }
}

fn best_stage(best: &mut Best, stage: u8, detail: Value) {
    if stage > best.stage {
        best.stage = stage;
        best.detail = detail;
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests {
    use crate::filter_pattern;

    /// The pattern each rule recommends must satisfy the rule itself.
    #[test]
    fn recommended_patterns_match_their_required_events() {
        type Required = fn() -> Vec<serde_json::Value>;
        let rules: [(&crate::Rule, Required); 15] = [
            (&super::unauthorized_calls::RULE, super::unauthorized_calls::required),
            (&super::console_login_without_mfa::RULE, super::console_login_without_mfa::required),
            (&super::root_usage::RULE, super::root_usage::required),
            (&super::iam_policy_changes::RULE, super::iam_policy_changes::required),
            (&super::cloudtrail_changes::RULE, super::cloudtrail_changes::required),
            (&super::console_auth_failures::RULE, super::console_auth_failures::required),
            (&super::cmk_disabled::RULE, super::cmk_disabled::required),
            (&super::s3_policy_changes::RULE, super::s3_policy_changes::required),
            (&super::config_changes::RULE, super::config_changes::required),
            (&super::security_group_changes::RULE, super::security_group_changes::required),
            (&super::nacl_changes::RULE, super::nacl_changes::required),
            (&super::gateway_changes::RULE, super::gateway_changes::required),
            (&super::route_table_changes::RULE, super::route_table_changes::required),
            (&super::vpc_changes::RULE, super::vpc_changes::required),
            (&super::organizations_changes::RULE, super::organizations_changes::required),
        ];
        for (rule, required) in rules {
            let cli = rule.remediation.cli;
            let start = cli.find("--filter-pattern '").unwrap() + "--filter-pattern '".len();
            let text = &cli[start..start + cli[start..].find('\'').unwrap()];
            let pattern = filter_pattern::parse(text).unwrap_or_else(|e| panic!("{}: {e}", rule.code));
            for event in required() {
                assert!(pattern.matches(&event), "{}: recommended pattern misses {}", rule.code, event["eventName"]);
            }
        }
    }

    #[test]
    fn log_group_names_from_trail_arns() {
        assert_eq!(super::log_group_of("arn:aws:logs:us-east-1:111122223333:log-group:trail-logs:*"), Some(("us-east-1", "trail-logs")));
        assert_eq!(super::log_group_of("arn:aws:logs:eu-west-1:1:log-group:a:b"), Some(("eu-west-1", "a:b")));
        assert_eq!(super::log_group_of("nonsense"), None);
    }
}
