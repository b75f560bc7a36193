//! Logging, monitoring and key management: Access Analyzer, KMS, CloudTrail,
//! CloudWatch Logs and alarms, SNS, Config, GuardDuty, Security Hub.

use std::collections::BTreeMap;

use aws_config::SdkConfig;
use mamori_model::services::*;
use serde_json::{json, Value};

use crate::convert::{opt_time, policy_document, s};
use crate::ctx::{Ctx, Got};

pub async fn analyzers(ctx: &Ctx, config: &SdkConfig, r: &str) -> Vec<Analyzer> {
    let client = aws_sdk_accessanalyzer::Client::new(config);
    let pages = ctx.pages(r, "access-analyzer", "ListAnalyzers", None, client.list_analyzers().into_paginator().send()).await;
    pages
        .value()
        .unwrap_or_default()
        .iter()
        .flat_map(|p| p.analyzers())
        .map(|a| Analyzer {
            name: a.name().to_string(),
            arn: Some(a.arn().to_string()),
            analyzer_type: Some(a.r#type().as_str().to_string()),
            status: Some(a.status().as_str().to_string()),
            created_at: crate::convert::time(a.created_at()),
        })
        .collect()
}

pub async fn kms(ctx: &Ctx, config: &SdkConfig, r: &str) -> Vec<KmsKey> {
    let client = aws_sdk_kms::Client::new(config);
    let (keys, aliases) = futures::join!(
        ctx.pages(r, "kms", "ListKeys", None, client.list_keys().into_paginator().send()),
        ctx.pages(r, "kms", "ListAliases", None, client.list_aliases().into_paginator().send()),
    );
    let mut alias_map: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for a in aliases.value().unwrap_or_default().iter().flat_map(|p| p.aliases()) {
        if let (Some(target), Some(name)) = (a.target_key_id(), a.alias_name()) {
            alias_map.entry(target.to_string()).or_default().push(name.to_string());
        }
    }
    let ids: Vec<String> =
        keys.value().unwrap_or_default().iter().flat_map(|p| p.keys()).filter_map(|k| k.key_id().map(str::to_string)).collect();
    let client = &client;
    let alias_map = &alias_map;
    futures::future::join_all(ids.into_iter().map(|id| async move {
        let meta = ctx.call(r, "kms", "DescribeKey", Some(&id), &[], client.describe_key().key_id(&id).send()).await.value();
        let meta = meta.and_then(|m| m.key_metadata().cloned());
        let customer = meta.as_ref().and_then(|m| m.key_manager()).map(|m| m.as_str() == "CUSTOMER").unwrap_or(false);
        let symmetric = meta.as_ref().and_then(|m| m.key_spec()).map(|s| s.as_str() == "SYMMETRIC_DEFAULT").unwrap_or(false);
        let pending = meta.as_ref().and_then(|m| m.key_state()).map(|s| s.as_str() == "PendingDeletion").unwrap_or(false);
        let external = meta.as_ref().and_then(|m| m.origin()).map(|o| o.as_str() != "AWS_KMS").unwrap_or(false);
        let (rotation, policy) = futures::join!(
            async {
                // Rotation applies to customer managed symmetric keys with key
                // material from KMS; other keys cannot rotate automatically.
                if customer && symmetric && !pending && !external {
                    ctx.call(r, "kms", "GetKeyRotationStatus", Some(&id), &[], client.get_key_rotation_status().key_id(&id).send())
                        .await
                        .value()
                        .map(|o| o.key_rotation_enabled())
                } else {
                    None
                }
            },
            async {
                ctx.call(r, "kms", "GetKeyPolicy", Some(&id), &[], client.get_key_policy().key_id(&id).policy_name("default").send())
                    .await
                    .value()
                    .and_then(|p| p.policy().map(policy_document))
            },
        );
        KmsKey {
            key_id: id.clone(),
            arn: meta.as_ref().and_then(|m| s(m.arn())),
            description: meta.as_ref().and_then(|m| s(m.description())),
            key_manager: meta.as_ref().and_then(|m| m.key_manager()).map(|v| v.as_str().to_string()),
            key_state: meta.as_ref().and_then(|m| m.key_state()).map(|v| v.as_str().to_string()),
            key_spec: meta.as_ref().and_then(|m| m.key_spec()).map(|v| v.as_str().to_string()),
            key_usage: meta.as_ref().and_then(|m| m.key_usage()).map(|v| v.as_str().to_string()),
            origin: meta.as_ref().and_then(|m| m.origin()).map(|v| v.as_str().to_string()),
            enabled: meta.as_ref().map(|m| m.enabled()),
            creation_date: meta.as_ref().and_then(|m| opt_time(m.creation_date())),
            deletion_date: meta.as_ref().and_then(|m| opt_time(m.deletion_date())),
            multi_region: meta.as_ref().and_then(|m| m.multi_region()),
            key_rotation_enabled: rotation,
            policy,
            aliases: alias_map.get(&id).cloned().unwrap_or_default(),
            tags: Vec::new(),
        }
    }))
    .await
}

pub async fn trails(ctx: &Ctx, config: &SdkConfig, r: &str) -> Vec<Trail> {
    let client = aws_sdk_cloudtrail::Client::new(config);
    // Each trail once, in its home region: shadow copies are left out.
    let out = ctx.call(r, "cloudtrail", "DescribeTrails", None, &[], client.describe_trails().include_shadow_trails(false).send()).await;
    let list: Vec<_> = out.value().map(|o| o.trail_list().to_vec()).unwrap_or_default();
    let client = &client;
    futures::future::join_all(list.into_iter().map(|t| async move {
        let arn = t.trail_arn().or(t.name()).unwrap_or_default().to_string();
        let (status, selectors) = futures::join!(
            ctx.call(r, "cloudtrail", "GetTrailStatus", Some(&arn), &[], client.get_trail_status().name(&arn).send()),
            ctx.call(r, "cloudtrail", "GetEventSelectors", Some(&arn), &[], client.get_event_selectors().trail_name(&arn).send()),
        );
        Trail {
            name: t.name().unwrap_or_default().to_string(),
            trail_arn: s(t.trail_arn()),
            home_region: s(t.home_region()),
            is_multi_region_trail: t.is_multi_region_trail(),
            is_organization_trail: t.is_organization_trail(),
            include_global_service_events: t.include_global_service_events(),
            log_file_validation_enabled: t.log_file_validation_enabled(),
            s3_bucket_name: s(t.s3_bucket_name()),
            s3_key_prefix: s(t.s3_key_prefix()),
            kms_key_id: s(t.kms_key_id()),
            cloud_watch_logs_log_group_arn: s(t.cloud_watch_logs_log_group_arn()),
            cloud_watch_logs_role_arn: s(t.cloud_watch_logs_role_arn()),
            sns_topic_arn: s(t.sns_topic_arn()),
            status: status.value().map(|st| TrailStatus {
                is_logging: st.is_logging(),
                latest_delivery_time: opt_time(st.latest_delivery_time()),
                latest_delivery_error: s(st.latest_delivery_error()),
                latest_cloud_watch_logs_delivery_time: opt_time(st.latest_cloud_watch_logs_delivery_time()),
            }),
            event_selectors: selectors.value().map(|o| event_selectors(&o)),
        }
    }))
    .await
}

fn event_selectors(o: &aws_sdk_cloudtrail::operation::get_event_selectors::GetEventSelectorsOutput) -> Value {
    let classic: Vec<Value> = o
        .event_selectors()
        .iter()
        .map(|e| {
            json!({
                "ReadWriteType": e.read_write_type().map(|v| v.as_str()),
                "IncludeManagementEvents": e.include_management_events(),
                "ExcludeManagementEventSources": e.exclude_management_event_sources(),
                "DataResources": e.data_resources().iter().map(|d| json!({"Type": d.r#type(), "Values": d.values()})).collect::<Vec<_>>(),
            })
        })
        .collect();
    let advanced: Vec<Value> = o
        .advanced_event_selectors()
        .iter()
        .map(|a| {
            json!({
                "Name": a.name(),
                "FieldSelectors": a.field_selectors().iter().map(|f| json!({
                    "Field": f.field(),
                    "Equals": f.equals(),
                    "StartsWith": f.starts_with(),
                    "EndsWith": f.ends_with(),
                    "NotEquals": f.not_equals(),
                    "NotStartsWith": f.not_starts_with(),
                    "NotEndsWith": f.not_ends_with(),
                })).collect::<Vec<_>>(),
            })
        })
        .collect();
    json!({"EventSelectors": classic, "AdvancedEventSelectors": advanced})
}

pub async fn logs(ctx: &Ctx, config: &SdkConfig, r: &str) -> Vec<LogGroup> {
    let client = aws_sdk_cloudwatchlogs::Client::new(config);
    let (groups, filters) = futures::join!(
        ctx.pages(r, "logs", "DescribeLogGroups", None, client.describe_log_groups().into_paginator().send()),
        ctx.pages(r, "logs", "DescribeMetricFilters", None, client.describe_metric_filters().into_paginator().send()),
    );
    let mut by_group: BTreeMap<String, Vec<MetricFilter>> = BTreeMap::new();
    for f in filters.value().unwrap_or_default().iter().flat_map(|p| p.metric_filters()) {
        let group = f.log_group_name().unwrap_or_default().to_string();
        by_group.entry(group.clone()).or_default().push(MetricFilter {
            filter_name: f.filter_name().unwrap_or_default().to_string(),
            filter_pattern: s(f.filter_pattern()),
            log_group_name: Some(group),
            metric_transformations: f
                .metric_transformations()
                .iter()
                .map(|t| MetricTransformation {
                    metric_name: Some(t.metric_name().to_string()),
                    metric_namespace: Some(t.metric_namespace().to_string()),
                    metric_value: Some(t.metric_value().to_string()),
                })
                .collect(),
        });
    }
    groups
        .value()
        .unwrap_or_default()
        .iter()
        .flat_map(|p| p.log_groups())
        .map(|g| {
            let name = g.log_group_name().unwrap_or_default().to_string();
            LogGroup {
                metric_filters: by_group.remove(&name).unwrap_or_default(),
                log_group_name: name,
                arn: s(g.arn()),
                retention_in_days: g.retention_in_days(),
                kms_key_id: s(g.kms_key_id()),
                creation_time: g.creation_time().and_then(|ms| mamori_model::Time::from_epoch(ms.div_euclid(1000), 0)),
            }
        })
        .collect()
}

pub async fn alarms(ctx: &Ctx, config: &SdkConfig, r: &str) -> Vec<MetricAlarm> {
    let client = aws_sdk_cloudwatch::Client::new(config);
    let pages = ctx.pages(r, "cloudwatch", "DescribeAlarms", None, client.describe_alarms().into_paginator().send()).await;
    pages
        .value()
        .unwrap_or_default()
        .iter()
        .flat_map(|p| p.metric_alarms())
        .map(|a| MetricAlarm {
            alarm_name: a.alarm_name().unwrap_or_default().to_string(),
            alarm_arn: s(a.alarm_arn()),
            metric_name: s(a.metric_name()),
            namespace: s(a.namespace()),
            statistic: a.statistic().map(|v| v.as_str().to_string()),
            comparison_operator: a.comparison_operator().map(|v| v.as_str().to_string()),
            threshold: a.threshold(),
            period: a.period(),
            evaluation_periods: a.evaluation_periods(),
            actions_enabled: a.actions_enabled(),
            alarm_actions: a.alarm_actions().to_vec(),
            state_value: a.state_value().map(|v| v.as_str().to_string()),
            dimensions: a.dimensions().iter().map(|d| Dimension { name: s(d.name()), value: s(d.value()) }).collect(),
        })
        .collect()
}

pub async fn sns(ctx: &Ctx, config: &SdkConfig, r: &str) -> Vec<Topic> {
    let client = aws_sdk_sns::Client::new(config);
    let (topics, subs) = futures::join!(
        ctx.pages(r, "sns", "ListTopics", None, client.list_topics().into_paginator().send()),
        ctx.pages(r, "sns", "ListSubscriptions", None, client.list_subscriptions().into_paginator().send()),
    );
    let mut by_topic: BTreeMap<String, Vec<Subscription>> = BTreeMap::new();
    for sub in subs.value().unwrap_or_default().iter().flat_map(|p| p.subscriptions()) {
        by_topic.entry(sub.topic_arn().unwrap_or_default().to_string()).or_default().push(Subscription {
            subscription_arn: s(sub.subscription_arn()),
            protocol: s(sub.protocol()),
            endpoint: sub.endpoint().map(crate::services::mask_endpoint),
        });
    }
    topics
        .value()
        .unwrap_or_default()
        .iter()
        .flat_map(|p| p.topics())
        .map(|t| {
            let arn = t.topic_arn().unwrap_or_default().to_string();
            Topic { subscriptions: by_topic.remove(&arn).unwrap_or_default(), topic_arn: arn }
        })
        .collect()
}

pub async fn config_recorders(ctx: &Ctx, config: &SdkConfig, r: &str) -> Vec<ConfigRecorder> {
    let client = aws_sdk_config::Client::new(config);
    let (recorders, statuses) = futures::join!(
        ctx.call(r, "config", "DescribeConfigurationRecorders", None, &[], client.describe_configuration_recorders().send()),
        ctx.call(r, "config", "DescribeConfigurationRecorderStatus", None, &[], client.describe_configuration_recorder_status().send()),
    );
    let statuses = statuses.value();
    recorders
        .value()
        .map(|o| o.configuration_recorders().to_vec())
        .unwrap_or_default()
        .iter()
        .map(|rec| {
            let name = rec.name().unwrap_or_default().to_string();
            let status = statuses
                .as_ref()
                .and_then(|st| st.configuration_recorders_status().iter().find(|x| x.name() == Some(name.as_str())).cloned());
            ConfigRecorder {
                role_arn: s(rec.role_arn()),
                recording_group: rec.recording_group().map(|g| {
                    json!({
                        "AllSupported": g.all_supported(),
                        "IncludeGlobalResourceTypes": g.include_global_resource_types(),
                        "ResourceTypes": g.resource_types().iter().map(|t| t.as_str()).collect::<Vec<_>>(),
                        "RecordingStrategy": g.recording_strategy().and_then(|s| s.use_only()).map(|u| u.as_str()),
                    })
                }),
                recording: status.as_ref().map(|st| st.recording()),
                last_status: status.as_ref().and_then(|st| st.last_status()).map(|v| v.as_str().to_string()),
                name,
            }
        })
        .collect()
}

pub async fn guardduty(ctx: &Ctx, config: &SdkConfig, r: &str) -> Vec<GuardDutyDetector> {
    let client = aws_sdk_guardduty::Client::new(config);
    let pages = ctx.pages(r, "guardduty", "ListDetectors", None, client.list_detectors().into_paginator().send()).await;
    let ids: Vec<String> = pages.value().unwrap_or_default().iter().flat_map(|p| p.detector_ids().to_vec()).collect();
    let client = &client;
    futures::future::join_all(ids.into_iter().map(|id| async move {
        let d = ctx.call(r, "guardduty", "GetDetector", Some(&id), &[], client.get_detector().detector_id(&id).send()).await.value();
        GuardDutyDetector {
            status: d.as_ref().and_then(|d| d.status()).map(|v| v.as_str().to_string()),
            finding_publishing_frequency: d.as_ref().and_then(|d| d.finding_publishing_frequency()).map(|v| v.as_str().to_string()),
            detector_id: id,
        }
    }))
    .await
}

pub async fn security_hub(ctx: &Ctx, config: &SdkConfig, r: &str) -> Option<SecurityHub> {
    let client = aws_sdk_securityhub::Client::new(config);
    // `InvalidAccessException` is Security Hub's answer for "not enabled".
    let hub = ctx.call(r, "securityhub", "DescribeHub", None, &["InvalidAccessException"], client.describe_hub().send()).await;
    let Got::Value(hub) = hub else { return None };
    let standards = ctx
        .pages(r, "securityhub", "GetEnabledStandards", None, client.get_enabled_standards().into_paginator().send())
        .await
        .value()
        .unwrap_or_default();
    Some(SecurityHub {
        hub_arn: s(hub.hub_arn()),
        subscribed_at: s(hub.subscribed_at()),
        auto_enable_controls: hub.auto_enable_controls(),
        enabled_standards: standards
            .iter()
            .flat_map(|p| p.standards_subscriptions())
            .map(|x| x.standards_arn().unwrap_or_default().to_string())
            .collect(),
    })
}
