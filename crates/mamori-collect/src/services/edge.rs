//! Load balancers (classic and v2), ACM certificates and Systems Manager.

use std::collections::BTreeSet;

use aws_config::SdkConfig;
use mamori_model::services::*;

use crate::convert::{opt_time, s};
use crate::ctx::Ctx;

pub async fn classic(ctx: &Ctx, config: &SdkConfig, r: &str) -> Vec<ClassicLoadBalancer> {
    let client = aws_sdk_elasticloadbalancing::Client::new(config);
    let pages = ctx.pages(r, "elb", "DescribeLoadBalancers", None, client.describe_load_balancers().into_paginator().send()).await;
    let lbs: Vec<_> = pages.value().unwrap_or_default().iter().flat_map(|p| p.load_balancer_descriptions().to_vec()).collect();
    let client = &client;
    futures::future::join_all(lbs.iter().map(|lb| async move {
        let name = lb.load_balancer_name().unwrap_or_default().to_string();
        let (attrs, policies) = futures::join!(
            ctx.call(
                r,
                "elb",
                "DescribeLoadBalancerAttributes",
                Some(&name),
                &[],
                client.describe_load_balancer_attributes().load_balancer_name(&name).send()
            ),
            ctx.call(
                r,
                "elb",
                "DescribeLoadBalancerPolicies",
                Some(&name),
                &[],
                client.describe_load_balancer_policies().load_balancer_name(&name).send()
            ),
        );
        ClassicLoadBalancer {
            dns_name: s(lb.dns_name()),
            scheme: s(lb.scheme()),
            vpc_id: s(lb.vpc_id()),
            subnets: lb.subnets().to_vec(),
            security_groups: lb.security_groups().to_vec(),
            instances: lb.instances().iter().filter_map(|i| i.instance_id().map(str::to_string)).collect(),
            listener_descriptions: lb
                .listener_descriptions()
                .iter()
                .map(|d| ClassicListenerDescription {
                    listener: d.listener().map(|l| ClassicListener {
                        protocol: Some(l.protocol().to_string()),
                        load_balancer_port: Some(l.load_balancer_port()),
                        instance_protocol: s(l.instance_protocol()),
                        instance_port: Some(l.instance_port()),
                        ssl_certificate_id: s(l.ssl_certificate_id()),
                    }),
                    policy_names: d.policy_names().to_vec(),
                })
                .collect(),
            access_log_enabled: attrs
                .value()
                .and_then(|a| a.load_balancer_attributes().cloned())
                .and_then(|a| a.access_log().map(|l| l.enabled())),
            ssl_policies: policies
                .value()
                .map(|p| {
                    p.policy_descriptions()
                        .iter()
                        .filter(|d| d.policy_type_name() == Some("SSLNegotiationPolicyType"))
                        .map(|d| {
                            let enabled = d
                                .policy_attribute_descriptions()
                                .iter()
                                .filter(|a| a.attribute_value() == Some("true"))
                                .filter_map(|a| a.attribute_name().map(str::to_string))
                                .collect();
                            (d.policy_name().unwrap_or_default().to_string(), enabled)
                        })
                        .collect()
                })
                .unwrap_or_default(),
            load_balancer_name: name,
        }
    }))
    .await
}

pub struct ElbV2 {
    pub load_balancers: Vec<LoadBalancer>,
    pub target_groups: Vec<TargetGroup>,
    pub ssl_policies: Vec<SslPolicy>,
}

pub async fn v2(ctx: &Ctx, config: &SdkConfig, r: &str) -> ElbV2 {
    let client = aws_sdk_elasticloadbalancingv2::Client::new(config);
    let (lbs, tgs) = futures::join!(
        ctx.pages(r, "elbv2", "DescribeLoadBalancers", None, client.describe_load_balancers().into_paginator().send()),
        ctx.pages(r, "elbv2", "DescribeTargetGroups", None, client.describe_target_groups().into_paginator().send()),
    );
    let lbs: Vec<_> = lbs.value().unwrap_or_default().iter().flat_map(|p| p.load_balancers().to_vec()).collect();
    let tgs: Vec<_> = tgs.value().unwrap_or_default().iter().flat_map(|p| p.target_groups().to_vec()).collect();
    let client = &client;
    let load_balancers: Vec<LoadBalancer> = futures::future::join_all(lbs.iter().map(|lb| async move {
        let arn = lb.load_balancer_arn().unwrap_or_default().to_string();
        let (listeners, attrs) = futures::join!(
            ctx.pages(r, "elbv2", "DescribeListeners", Some(&arn), client.describe_listeners().load_balancer_arn(&arn).into_paginator().send()),
            ctx.call(r, "elbv2", "DescribeLoadBalancerAttributes", Some(&arn), &[], client.describe_load_balancer_attributes().load_balancer_arn(&arn).send()),
        );
        LoadBalancer {
            load_balancer_name: s(lb.load_balancer_name()),
            dns_name: s(lb.dns_name()),
            scheme: lb.scheme().map(|v| v.as_str().to_string()),
            lb_type: lb.r#type().map(|v| v.as_str().to_string()),
            vpc_id: s(lb.vpc_id()),
            security_groups: lb.security_groups().to_vec(),
            availability_zones: lb
                .availability_zones()
                .iter()
                .map(|z| LbAvailabilityZone { zone_name: s(z.zone_name()), subnet_id: s(z.subnet_id()) })
                .collect(),
            listeners: listeners
                .value()
                .unwrap_or_default()
                .iter()
                .flat_map(|p| p.listeners())
                .map(|l| Listener {
                    listener_arn: l.listener_arn().unwrap_or_default().to_string(),
                    protocol: l.protocol().map(|v| v.as_str().to_string()),
                    port: l.port(),
                    ssl_policy: s(l.ssl_policy()),
                    default_actions: l
                        .default_actions()
                        .iter()
                        .map(|a| {
                            serde_json::json!({
                                "Type": a.r#type().map(|t| t.as_str()),
                                "TargetGroupArn": a.target_group_arn(),
                                "RedirectConfig": a.redirect_config().map(|c| serde_json::json!({"Protocol": c.protocol(), "Port": c.port(), "StatusCode": c.status_code().map(|x| x.as_str())})),
                            })
                        })
                        .collect(),
                })
                .collect(),
            attributes: attrs
                .value()
                .map(|a| a.attributes().iter().filter_map(|x| Some((x.key()?.to_string(), x.value()?.to_string()))).collect())
                .unwrap_or_default(),
            web_acl_arn: None,
            load_balancer_arn: arn,
        }
    }))
    .await;
    let target_groups = futures::future::join_all(tgs.iter().map(|tg| async move {
        let arn = tg.target_group_arn().unwrap_or_default().to_string();
        let health = ctx
            .call(r, "elbv2", "DescribeTargetHealth", Some(&arn), &[], client.describe_target_health().target_group_arn(&arn).send())
            .await
            .value();
        TargetGroup {
            target_group_name: s(tg.target_group_name()),
            protocol: tg.protocol().map(|v| v.as_str().to_string()),
            port: tg.port(),
            vpc_id: s(tg.vpc_id()),
            target_type: tg.target_type().map(|v| v.as_str().to_string()),
            load_balancer_arns: tg.load_balancer_arns().to_vec(),
            targets: health
                .map(|h| {
                    h.target_health_descriptions()
                        .iter()
                        .filter_map(|d| {
                            let t = d.target()?;
                            Some(Target {
                                id: t.id()?.to_string(),
                                port: t.port(),
                                availability_zone: s(t.availability_zone()),
                                health: d.target_health().and_then(|h| h.state()).map(|v| v.as_str().to_string()),
                            })
                        })
                        .collect()
                })
                .unwrap_or_default(),
            target_group_arn: arn,
        }
    }))
    .await;
    let names: BTreeSet<String> = load_balancers.iter().flat_map(|lb| &lb.listeners).filter_map(|l| l.ssl_policy.clone()).collect();
    let mut ssl_policies = Vec::new();
    if !names.is_empty() {
        let out = ctx
            .call(
                r,
                "elbv2",
                "DescribeSSLPolicies",
                None,
                &[],
                client.describe_ssl_policies().set_names(Some(names.into_iter().collect())).send(),
            )
            .await
            .value();
        if let Some(out) = out {
            ssl_policies = out
                .ssl_policies()
                .iter()
                .map(|p| SslPolicy {
                    name: p.name().unwrap_or_default().to_string(),
                    ssl_protocols: p.ssl_protocols().to_vec(),
                    ciphers: p.ciphers().iter().filter_map(|c| c.name().map(str::to_string)).collect(),
                })
                .collect();
        }
    }
    ElbV2 { load_balancers, target_groups, ssl_policies }
}

pub async fn acm(ctx: &Ctx, config: &SdkConfig, r: &str) -> Vec<Certificate> {
    let client = aws_sdk_acm::Client::new(config);
    let pages = ctx.pages(r, "acm", "ListCertificates", None, client.list_certificates().into_paginator().send()).await;
    let arns: Vec<String> = pages
        .value()
        .unwrap_or_default()
        .iter()
        .flat_map(|p| p.certificate_summary_list())
        .filter_map(|c| c.certificate_arn().map(str::to_string))
        .collect();
    let client = &client;
    futures::future::join_all(arns.into_iter().map(|arn| async move {
        let d = ctx
            .call(r, "acm", "DescribeCertificate", Some(&arn), &[], client.describe_certificate().certificate_arn(&arn).send())
            .await
            .value();
        let c = d.and_then(|d| d.certificate().cloned());
        Certificate {
            domain_name: c.as_ref().and_then(|c| s(c.domain_name())),
            status: c.as_ref().and_then(|c| c.status()).map(|v| v.as_str().to_string()),
            certificate_type: c.as_ref().and_then(|c| c.r#type()).map(|v| v.as_str().to_string()),
            not_after: c.as_ref().and_then(|c| opt_time(c.not_after())),
            in_use_by: c.as_ref().map(|c| c.in_use_by().to_vec()).unwrap_or_default(),
            renewal_eligibility: c.as_ref().and_then(|c| c.renewal_eligibility()).map(|v| v.as_str().to_string()),
            certificate_arn: arn,
        }
    }))
    .await
}

pub async fn ssm(ctx: &Ctx, config: &SdkConfig, r: &str) -> Vec<ManagedInstance> {
    let client = aws_sdk_ssm::Client::new(config);
    let pages =
        ctx.pages(r, "ssm", "DescribeInstanceInformation", None, client.describe_instance_information().into_paginator().send()).await;
    let infos: Vec<_> = pages.value().unwrap_or_default().iter().flat_map(|p| p.instance_information_list().to_vec()).collect();
    let ids: Vec<String> = infos.iter().filter_map(|i| i.instance_id().map(str::to_string)).collect();
    let mut states = std::collections::BTreeMap::new();
    for chunk in ids.chunks(50) {
        let out = ctx
            .pages(
                r,
                "ssm",
                "DescribeInstancePatchStates",
                None,
                client.describe_instance_patch_states().set_instance_ids(Some(chunk.to_vec())).into_paginator().send(),
            )
            .await
            .value();
        for st in out.unwrap_or_default().iter().flat_map(|p| p.instance_patch_states()) {
            states.insert(
                st.instance_id().to_string(),
                PatchState {
                    missing_count: Some(st.missing_count()),
                    failed_count: Some(st.failed_count()),
                    installed_pending_reboot_count: st.installed_pending_reboot_count(),
                    operation_end_time: crate::convert::time(st.operation_end_time()),
                },
            );
        }
    }
    let mut compliance = std::collections::BTreeMap::new();
    if !ids.is_empty() {
        let filter = aws_sdk_ssm::types::ComplianceStringFilter::builder()
            .key("ComplianceType")
            .values("Patch")
            .r#type(aws_sdk_ssm::types::ComplianceQueryOperatorType::Equal)
            .build();
        let out = ctx
            .pages(
                r,
                "ssm",
                "ListResourceComplianceSummaries",
                None,
                client.list_resource_compliance_summaries().filters(filter).into_paginator().send(),
            )
            .await
            .value();
        for item in out.unwrap_or_default().iter().flat_map(|p| p.resource_compliance_summary_items()) {
            if let (Some(id), Some(status)) = (item.resource_id(), item.status()) {
                compliance.insert(id.to_string(), status.as_str().to_string());
            }
        }
    }
    infos
        .iter()
        .map(|i| {
            let id = i.instance_id().unwrap_or_default().to_string();
            ManagedInstance {
                ping_status: i.ping_status().map(|v| v.as_str().to_string()),
                platform_type: i.platform_type().map(|v| v.as_str().to_string()),
                agent_version: s(i.agent_version()),
                last_ping_date_time: opt_time(i.last_ping_date_time()),
                patch_state: states.remove(&id),
                patch_compliance: compliance.remove(&id),
                instance_id: id,
            }
        })
        .collect()
}
