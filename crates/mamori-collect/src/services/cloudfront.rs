//! CloudFront distributions and their viewer, origin and logging settings,
//! and the WAFv2 web ACLs of scope CLOUDFRONT.

use aws_sdk_cloudfront::Client;
use mamori_model::services::{Distribution, Origin, WebAcl};
use mamori_model::GLOBAL;

use crate::convert::s;
use crate::ctx::Ctx;

pub async fn collect(ctx: &Ctx, client: &Client) -> Vec<Distribution> {
    let pages = ctx.pages(GLOBAL, "cloudfront", "ListDistributions", None, client.list_distributions().into_paginator().send()).await;
    let summaries: Vec<_> = pages
        .value()
        .unwrap_or_default()
        .iter()
        .flat_map(|p| p.distribution_list().map(|l| l.items().to_vec()).unwrap_or_default())
        .collect();
    let configs = futures::future::join_all(summaries.iter().map(|d| async move {
        ctx.call(GLOBAL, "cloudfront", "GetDistributionConfig", Some(d.id()), &[], client.get_distribution_config().id(d.id()).send())
            .await
            .value()
    }))
    .await;
    summaries
        .iter()
        .zip(configs)
        .map(|(d, config)| {
            let mut policies = Vec::new();
            if let Some(b) = d.default_cache_behavior() {
                policies.push(b.viewer_protocol_policy().as_str().to_string());
            }
            if let Some(c) = d.cache_behaviors() {
                policies.extend(c.items().iter().map(|b| b.viewer_protocol_policy().as_str().to_string()));
            }
            let viewer = d.viewer_certificate();
            Distribution {
                id: d.id().to_string(),
                arn: Some(d.arn().to_string()),
                domain_name: Some(d.domain_name().to_string()),
                enabled: Some(d.enabled()),
                viewer_protocol_policies: policies,
                minimum_protocol_version: viewer.and_then(|v| v.minimum_protocol_version()).map(|v| v.as_str().to_string()),
                cloudfront_default_certificate: viewer.and_then(|v| v.cloud_front_default_certificate()),
                origins: d
                    .origins()
                    .map(|o| {
                        o.items()
                            .iter()
                            .map(|o| Origin {
                                id: Some(o.id().to_string()),
                                domain_name: Some(o.domain_name().to_string()),
                                origin_protocol_policy: o.custom_origin_config().map(|c| c.origin_protocol_policy().as_str().to_string()),
                                origin_ssl_protocols: o
                                    .custom_origin_config()
                                    .and_then(|c| c.origin_ssl_protocols())
                                    .map(|p| p.items().iter().map(|x| x.as_str().to_string()).collect())
                                    .unwrap_or_default(),
                            })
                            .collect()
                    })
                    .unwrap_or_default(),
                web_acl_id: Some(d.web_acl_id().to_string()).filter(|w| !w.is_empty()),
                logging_enabled: config.as_ref().and_then(|c| c.distribution_config()).and_then(|c| c.logging()).map(|l| l.enabled()),
            }
        })
        .collect()
}

/// Web ACLs of `scope` (`REGIONAL` or `CLOUDFRONT`) and, for regional ones,
/// the resources they protect.
pub async fn web_acls(ctx: &Ctx, client: &aws_sdk_wafv2::Client, region: &str, scope: aws_sdk_wafv2::types::Scope) -> Vec<WebAcl> {
    let mut acls = Vec::new();
    let mut marker: Option<String> = None;
    loop {
        let out = ctx
            .call(
                region,
                "wafv2",
                "ListWebACLs",
                None,
                &[],
                client.list_web_acls().scope(scope.clone()).limit(100).set_next_marker(marker.clone()).send(),
            )
            .await
            .value();
        let Some(out) = out else { break };
        acls.extend(out.web_acls().iter().map(|a| WebAcl {
            name: a.name().unwrap_or_default().to_string(),
            arn: s(a.arn()),
            id: s(a.id()),
            scope: Some(scope.as_str().to_string()),
            resource_arns: Vec::new(),
        }));
        match out.next_marker() {
            Some(m) if !out.web_acls().is_empty() && Some(m) != marker.as_deref() => marker = Some(m.to_string()),
            _ => break,
        }
    }
    if scope == aws_sdk_wafv2::types::Scope::Regional {
        let resources = futures::future::join_all(acls.iter().map(|a| {
            let arn = a.arn.clone().unwrap_or_default();
            async move {
                ctx.call(
                    region,
                    "wafv2",
                    "ListResourcesForWebACL",
                    Some(&arn),
                    &[],
                    client.list_resources_for_web_acl().web_acl_arn(&arn).send(),
                )
                .await
                .value()
            }
        }))
        .await;
        for (acl, res) in acls.iter_mut().zip(resources) {
            acl.resource_arns = res.map(|r| r.resource_arns().to_vec()).unwrap_or_default();
        }
    }
    acls
}
