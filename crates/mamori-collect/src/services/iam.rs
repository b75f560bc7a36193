//! IAM: the authorization details of every identity and policy, credentials,
//! MFA devices, federation providers and certificates.

use std::collections::BTreeSet;
use std::time::Duration;

use aws_sdk_iam::types::{EntityType, JobStatusType, ReportStateType};
use aws_sdk_iam::Client;
use mamori_model::iam::*;
use mamori_model::{ErrorKind, GLOBAL};

use crate::convert::{opt_time, policy_document, s, tag, time};
use crate::ctx::{Ctx, Got};

const SVC: &str = "iam";

pub async fn collect(ctx: &Ctx, client: &Client, config: &aws_config::SdkConfig) -> Iam {
    let mut iam = Iam::default();
    let (summary, policy, report, details, vmfa, saml, oidc, certs, profiles) = futures::join!(
        ctx.call(GLOBAL, SVC, "GetAccountSummary", None, &[], client.get_account_summary().send()),
        ctx.call(GLOBAL, SVC, "GetAccountPasswordPolicy", None, &["NoSuchEntity"], client.get_account_password_policy().send()),
        credential_report(ctx, client),
        ctx.pages(
            GLOBAL,
            SVC,
            "GetAccountAuthorizationDetails",
            None,
            client
                .get_account_authorization_details()
                .filter(EntityType::User)
                .filter(EntityType::Group)
                .filter(EntityType::Role)
                .filter(EntityType::LocalManagedPolicy)
                .into_paginator()
                .send(),
        ),
        ctx.pages(GLOBAL, SVC, "ListVirtualMFADevices", None, client.list_virtual_mfa_devices().into_paginator().send()),
        ctx.call(GLOBAL, SVC, "ListSAMLProviders", None, &[], client.list_saml_providers().send()),
        ctx.call(GLOBAL, SVC, "ListOpenIDConnectProviders", None, &[], client.list_open_id_connect_providers().send()),
        ctx.pages(GLOBAL, SVC, "ListServerCertificates", None, client.list_server_certificates().into_paginator().send()),
        ctx.pages(GLOBAL, SVC, "ListInstanceProfiles", None, client.list_instance_profiles().into_paginator().send()),
    );
    if let Some(summary) = summary.value() {
        if let Some(map) = summary.summary_map() {
            iam.account_summary = map.iter().map(|(k, v)| (k.as_str().to_string(), i64::from(*v))).collect();
        }
    }
    if let Got::Value(p) = policy {
        iam.password_policy = p.password_policy().map(|p| PasswordPolicy {
            minimum_password_length: p.minimum_password_length(),
            require_symbols: Some(p.require_symbols()),
            require_numbers: Some(p.require_numbers()),
            require_uppercase_characters: Some(p.require_uppercase_characters()),
            require_lowercase_characters: Some(p.require_lowercase_characters()),
            allow_users_to_change_password: Some(p.allow_users_to_change_password()),
            expire_passwords: Some(p.expire_passwords()),
            max_password_age: p.max_password_age(),
            password_reuse_prevention: p.password_reuse_prevention(),
            hard_expiry: p.hard_expiry(),
        });
    }
    iam.credential_report = report;
    if let Some(pages) = details.value() {
        for page in pages {
            for u in page.user_detail_list() {
                iam.users.push(User {
                    user_name: u.user_name().unwrap_or_default().to_string(),
                    user_id: u.user_id().unwrap_or_default().to_string(),
                    arn: u.arn().unwrap_or_default().to_string(),
                    path: u.path().unwrap_or_default().to_string(),
                    create_date: opt_time(u.create_date()),
                    inline_policies: u.user_policy_list().iter().map(|p| inline(p.policy_name(), p.policy_document())).collect(),
                    attached_policies: u.attached_managed_policies().iter().map(attached).collect(),
                    groups: u.group_list().to_vec(),
                    permissions_boundary: u.permissions_boundary().map(boundary),
                    tags: u.tags().iter().map(|t| tag(Some(t.key()), Some(t.value()))).collect(),
                    ..User::default()
                });
            }
            for g in page.group_detail_list() {
                iam.groups.push(Group {
                    group_name: g.group_name().unwrap_or_default().to_string(),
                    group_id: g.group_id().unwrap_or_default().to_string(),
                    arn: g.arn().unwrap_or_default().to_string(),
                    path: g.path().unwrap_or_default().to_string(),
                    create_date: opt_time(g.create_date()),
                    inline_policies: g.group_policy_list().iter().map(|p| inline(p.policy_name(), p.policy_document())).collect(),
                    attached_policies: g.attached_managed_policies().iter().map(attached).collect(),
                });
            }
            for r in page.role_detail_list() {
                iam.roles.push(Role {
                    role_name: r.role_name().unwrap_or_default().to_string(),
                    role_id: r.role_id().unwrap_or_default().to_string(),
                    arn: r.arn().unwrap_or_default().to_string(),
                    path: r.path().unwrap_or_default().to_string(),
                    create_date: opt_time(r.create_date()),
                    assume_role_policy_document: r.assume_role_policy_document().map(policy_document).unwrap_or_default(),
                    inline_policies: r.role_policy_list().iter().map(|p| inline(p.policy_name(), p.policy_document())).collect(),
                    attached_policies: r.attached_managed_policies().iter().map(attached).collect(),
                    permissions_boundary: r.permissions_boundary().map(boundary),
                    max_session_duration: None,
                    role_last_used: r
                        .role_last_used()
                        .map(|l| RoleLastUsed { last_used_date: opt_time(l.last_used_date()), region: s(l.region()) }),
                    tags: r.tags().iter().map(|t| tag(Some(t.key()), Some(t.value()))).collect(),
                    instance_profiles: r.instance_profile_list().iter().map(|p| p.instance_profile_name().to_string()).collect(),
                    services_last_accessed: None,
                });
            }
            for p in page.policies() {
                iam.policies.push(ManagedPolicy {
                    policy_name: p.policy_name().unwrap_or_default().to_string(),
                    policy_id: p.policy_id().unwrap_or_default().to_string(),
                    arn: p.arn().unwrap_or_default().to_string(),
                    path: p.path().unwrap_or_default().to_string(),
                    default_version_id: p.default_version_id().unwrap_or_default().to_string(),
                    attachment_count: p.attachment_count(),
                    permissions_boundary_usage_count: p.permissions_boundary_usage_count(),
                    is_attachable: Some(p.is_attachable()),
                    create_date: opt_time(p.create_date()),
                    update_date: opt_time(p.update_date()),
                    policy_version_list: p
                        .policy_version_list()
                        .iter()
                        .map(|v| PolicyVersion {
                            version_id: v.version_id().unwrap_or_default().to_string(),
                            is_default_version: v.is_default_version(),
                            create_date: opt_time(v.create_date()),
                            document: v.document().map(policy_document).unwrap_or_default(),
                        })
                        .collect(),
                });
            }
        }
    }
    if let Some(pages) = vmfa.value() {
        for page in pages {
            for d in page.virtual_mfa_devices() {
                iam.virtual_mfa_devices.push(VirtualMfaDevice {
                    serial_number: d.serial_number().to_string(),
                    user_arn: d.user().map(|u| u.arn().to_string()),
                    enable_date: opt_time(d.enable_date()),
                });
            }
        }
    }
    if let Some(out) = saml.value() {
        for p in out.saml_provider_list() {
            iam.saml_providers.push(SamlProvider {
                arn: p.arn().unwrap_or_default().to_string(),
                valid_until: opt_time(p.valid_until()),
                create_date: opt_time(p.create_date()),
            });
        }
    }
    if let Some(out) = oidc.value() {
        for p in out.open_id_connect_provider_list() {
            iam.oidc_providers.push(OidcProvider { arn: p.arn().unwrap_or_default().to_string(), ..OidcProvider::default() });
        }
    }
    if let Some(pages) = certs.value() {
        for page in pages {
            for c in page.server_certificate_metadata_list() {
                iam.server_certificates.push(ServerCertificate {
                    server_certificate_name: c.server_certificate_name().to_string(),
                    server_certificate_id: c.server_certificate_id().to_string(),
                    arn: c.arn().to_string(),
                    path: c.path().to_string(),
                    upload_date: opt_time(c.upload_date()),
                    expiration: opt_time(c.expiration()),
                });
            }
        }
    }
    if let Some(pages) = profiles.value() {
        for page in pages {
            for p in page.instance_profiles() {
                iam.instance_profiles.push(InstanceProfile {
                    instance_profile_name: p.instance_profile_name().to_string(),
                    instance_profile_id: p.instance_profile_id().to_string(),
                    arn: p.arn().to_string(),
                    path: p.path().to_string(),
                    create_date: time(p.create_date()),
                    roles: p.roles().iter().map(|r| r.arn().to_string()).collect(),
                });
            }
        }
    }
    // Role max session duration is not in the authorization details.
    // Per-user credentials and the AWS managed policies in use, concurrently.
    let users = std::mem::take(&mut iam.users);
    let users = futures::future::join_all(users.into_iter().map(|u| user_credentials(ctx, client, config, u))).await;
    iam.users = users;
    // What each principal's permissions were used for (IAM-022). Service-linked
    // roles are AWS's own and left out.
    let user_usage = futures::future::join_all(iam.users.iter().map(|u| services_last_accessed(ctx, client, &u.arn))).await;
    for (u, usage) in iam.users.iter_mut().zip(user_usage) {
        u.services_last_accessed = usage;
    }
    let role_usage = futures::future::join_all(iam.roles.iter().map(|r| async move {
        if r.path.starts_with("/aws-service-role/") {
            None
        } else {
            services_last_accessed(ctx, client, &r.arn).await
        }
    }))
    .await;
    for (r, usage) in iam.roles.iter_mut().zip(role_usage) {
        r.services_last_accessed = usage;
    }
    let aws_managed: BTreeSet<String> = iam
        .users
        .iter()
        .flat_map(|u| &u.attached_policies)
        .chain(iam.groups.iter().flat_map(|g| &g.attached_policies))
        .chain(iam.roles.iter().flat_map(|r| &r.attached_policies))
        .map(|p| p.policy_arn.clone())
        .chain(iam.users.iter().filter_map(|u| u.permissions_boundary.as_ref().map(|b| b.permissions_boundary_arn.clone())))
        .chain(iam.roles.iter().filter_map(|r| r.permissions_boundary.as_ref().map(|b| b.permissions_boundary_arn.clone())))
        .filter(|arn| arn.split(':').nth(4) == Some("aws"))
        .collect();
    let managed = futures::future::join_all(aws_managed.iter().map(|arn| aws_managed_policy(ctx, client, arn))).await;
    iam.policies.extend(managed.into_iter().flatten());
    iam
}

fn inline(name: Option<&str>, document: Option<&str>) -> InlinePolicy {
    InlinePolicy { policy_name: name.unwrap_or_default().to_string(), policy_document: document.map(policy_document).unwrap_or_default() }
}

fn attached(p: &aws_sdk_iam::types::AttachedPolicy) -> AttachedPolicy {
    AttachedPolicy {
        policy_name: p.policy_name().unwrap_or_default().to_string(),
        policy_arn: p.policy_arn().unwrap_or_default().to_string(),
    }
}

fn boundary(b: &aws_sdk_iam::types::AttachedPermissionsBoundary) -> PermissionsBoundary {
    PermissionsBoundary {
        permissions_boundary_type: b.permissions_boundary_type().map(|t| t.as_str().to_string()),
        permissions_boundary_arn: b.permissions_boundary_arn().unwrap_or_default().to_string(),
    }
}

async fn user_credentials(ctx: &Ctx, client: &Client, config: &aws_config::SdkConfig, mut user: User) -> User {
    let name = user.user_name.clone();
    let (keys, mfa, login) = futures::join!(
        ctx.pages(GLOBAL, SVC, "ListAccessKeys", Some(&name), client.list_access_keys().user_name(&name).into_paginator().send()),
        ctx.pages(GLOBAL, SVC, "ListMFADevices", Some(&name), client.list_mfa_devices().user_name(&name).into_paginator().send()),
        ctx.call(GLOBAL, SVC, "GetLoginProfile", Some(&name), &["NoSuchEntity"], client.get_login_profile().user_name(&name).send()),
    );
    if let Some(pages) = keys.value() {
        let metas: Vec<_> = pages.iter().flat_map(|p| p.access_key_metadata().to_vec()).collect();
        let last_used = futures::future::join_all(metas.iter().map(|k| {
            let id = k.access_key_id().unwrap_or_default().to_string();
            async move {
                ctx.call(GLOBAL, SVC, "GetAccessKeyLastUsed", Some(&id), &[], client.get_access_key_last_used().access_key_id(&id).send())
                    .await
                    .value()
            }
        }))
        .await;
        for (k, used) in metas.iter().zip(last_used) {
            user.access_keys.push(AccessKey {
                access_key_id: k.access_key_id().unwrap_or_default().to_string(),
                status: k.status().map(|s| s.as_str().to_string()).unwrap_or_default(),
                create_date: opt_time(k.create_date()),
                last_used: used.and_then(|u| {
                    u.access_key_last_used().map(|l| AccessKeyLastUsed {
                        last_used_date: opt_time(l.last_used_date()),
                        service_name: Some(l.service_name().to_string()),
                        region: Some(l.region().to_string()),
                    })
                }),
                recent_activity: None,
            });
        }
        // Who used each recently used key, from where (IAM-026).
        let activity = futures::future::join_all(user.access_keys.iter().map(|k| key_activity(ctx, config, k))).await;
        for (k, a) in user.access_keys.iter_mut().zip(activity) {
            k.recent_activity = a;
        }
    }
    if let Some(pages) = mfa.value() {
        for p in pages {
            for d in p.mfa_devices() {
                user.mfa_devices.push(MfaDevice { serial_number: d.serial_number().to_string(), enable_date: time(d.enable_date()) });
            }
        }
    }
    if let Got::Value(out) = login {
        user.login_profile = out
            .login_profile()
            .map(|p| LoginProfile { create_date: time(p.create_date()), password_reset_required: Some(p.password_reset_required()) });
    }
    user
}

/// Most events read per key: one page of `LookupEvents`, enough to see
/// whether one key is used from many places without a long collection
/// (CloudTrail allows two lookups a second per region).
const KEY_EVENTS: i32 = 50;

/// The source addresses and user agents of a key's recent CloudTrail events,
/// looked up in the region it was last used in. `None` for keys that are
/// inactive or were never used, and when the lookup failed (recorded).
async fn key_activity(ctx: &Ctx, config: &aws_config::SdkConfig, key: &AccessKey) -> Option<KeyActivity> {
    let region = key.last_used.as_ref().filter(|u| u.last_used_date.is_some())?.region.clone()?;
    if !key.status.eq_ignore_ascii_case("Active") || region.is_empty() || region == "N/A" {
        return None;
    }
    let conf = aws_sdk_cloudtrail::config::Builder::from(config).region(aws_config::Region::new(region.clone())).build();
    let client = aws_sdk_cloudtrail::Client::from_conf(conf);
    let attribute = aws_sdk_cloudtrail::types::LookupAttribute::builder()
        .attribute_key(aws_sdk_cloudtrail::types::LookupAttributeKey::AccessKeyId)
        .attribute_value(&key.access_key_id)
        .build()
        .ok()?;
    let id = key.access_key_id.as_str();
    let out = ctx
        .call(
            &region,
            "cloudtrail",
            "LookupEvents",
            Some(id),
            &[],
            client.lookup_events().lookup_attributes(attribute).max_results(KEY_EVENTS).send(),
        )
        .await
        .value()?;
    let mut activity = KeyActivity { region, ..KeyActivity::default() };
    for e in out.events() {
        activity.events += 1;
        let Some(record) = e.cloud_trail_event().and_then(|t| serde_json::from_str::<serde_json::Value>(t).ok()) else { continue };
        if let Some(ip) = record.get("sourceIPAddress").and_then(|v| v.as_str()) {
            if !activity.source_ips.iter().any(|x| x == ip) {
                activity.source_ips.push(ip.to_string());
            }
        }
        if let Some(agent) = record.get("userAgent").and_then(|v| v.as_str()) {
            if !activity.user_agents.iter().any(|x| x == agent) {
                activity.user_agents.push(agent.to_string());
            }
        }
    }
    Some(activity)
}

/// Generates a principal's service-last-accessed report, waits for it and
/// reads every page. `None` when it could not be read (recorded).
async fn services_last_accessed(ctx: &Ctx, client: &Client, arn: &str) -> Option<Vec<ServiceLastAccessed>> {
    let job = ctx
        .call(
            GLOBAL,
            SVC,
            "GenerateServiceLastAccessedDetails",
            Some(arn),
            &[],
            client.generate_service_last_accessed_details().arn(arn).send(),
        )
        .await
        .value()?;
    let job_id = job.job_id()?.to_string();
    let mut services = Vec::new();
    let mut marker: Option<String> = None;
    let mut attempt = 0u64;
    loop {
        let page = ctx
            .call(
                GLOBAL,
                SVC,
                "GetServiceLastAccessedDetails",
                Some(arn),
                &[],
                client.get_service_last_accessed_details().job_id(&job_id).set_marker(marker.clone()).send(),
            )
            .await
            .value()?;
        match page.job_status() {
            JobStatusType::Completed => {}
            JobStatusType::Failed => {
                let message = page.error().map(|e| e.message().to_string()).unwrap_or_default();
                ctx.fail(GLOBAL, SVC, "GetServiceLastAccessedDetails", Some(arn), ErrorKind::Other, "JobFailed".into(), message);
                return None;
            }
            _ => {
                attempt += 1;
                if attempt > 20 {
                    ctx.fail(
                        GLOBAL,
                        SVC,
                        "GetServiceLastAccessedDetails",
                        Some(arn),
                        ErrorKind::Timeout,
                        "JobNotFinished".into(),
                        "the report was not ready after 20 polls".into(),
                    );
                    return None;
                }
                tokio::time::sleep(Duration::from_millis(250 * attempt.min(8))).await;
                continue;
            }
        }
        services.extend(page.services_last_accessed().iter().map(|s| ServiceLastAccessed {
            service_namespace: s.service_namespace().to_string(),
            service_name: Some(s.service_name().to_string()),
            last_authenticated: opt_time(s.last_authenticated()),
        }));
        match (page.is_truncated(), page.marker()) {
            (true, Some(next)) => marker = Some(next.to_string()),
            _ => return Some(services),
        }
    }
}

async fn aws_managed_policy(ctx: &Ctx, client: &Client, arn: &str) -> Option<ManagedPolicy> {
    let policy = ctx.call(GLOBAL, SVC, "GetPolicy", Some(arn), &[], client.get_policy().policy_arn(arn).send()).await.value()?;
    let p = policy.policy()?;
    let version_id = p.default_version_id().unwrap_or_default().to_string();
    let version = ctx
        .call(GLOBAL, SVC, "GetPolicyVersion", Some(arn), &[], client.get_policy_version().policy_arn(arn).version_id(&version_id).send())
        .await
        .value();
    Some(ManagedPolicy {
        policy_name: p.policy_name().unwrap_or_default().to_string(),
        policy_id: p.policy_id().unwrap_or_default().to_string(),
        arn: arn.to_string(),
        path: p.path().unwrap_or_default().to_string(),
        default_version_id: version_id.clone(),
        attachment_count: p.attachment_count(),
        permissions_boundary_usage_count: p.permissions_boundary_usage_count(),
        is_attachable: Some(p.is_attachable()),
        create_date: opt_time(p.create_date()),
        update_date: opt_time(p.update_date()),
        policy_version_list: version
            .and_then(|v| v.policy_version().cloned())
            .map(|v| PolicyVersion {
                version_id: version_id.clone(),
                is_default_version: true,
                create_date: opt_time(v.create_date()),
                document: v.document().map(policy_document).unwrap_or_default(),
            })
            .into_iter()
            .collect(),
    })
}

/// Generates the credential report, waits for it, and parses its CSV.
async fn credential_report(ctx: &Ctx, client: &Client) -> Vec<CredentialReportRow> {
    for attempt in 0..20u64 {
        let generated = ctx.poll(GLOBAL, SVC, "GenerateCredentialReport", client.generate_credential_report().send()).await;
        let Some(generated) = generated.value() else { return Vec::new() };
        if generated.state() == Some(&ReportStateType::Complete) {
            break;
        }
        tokio::time::sleep(Duration::from_millis(250 * (attempt + 1).min(8))).await;
    }
    ctx.tally_ok(GLOBAL, SVC, "GenerateCredentialReport");
    let report = ctx
        .call(
            GLOBAL,
            SVC,
            "GetCredentialReport",
            None,
            &["ReportNotPresent", "ReportInProgress", "ReportExpired"],
            client.get_credential_report().send(),
        )
        .await;
    let Got::Value(report) = report else { return Vec::new() };
    let Some(content) = report.content() else { return Vec::new() };
    match parse_credential_report(content.as_ref()) {
        Ok(rows) => rows,
        Err(message) => {
            ctx.fail(GLOBAL, SVC, "GetCredentialReport", None, ErrorKind::Other, "InvalidReport".into(), message);
            Vec::new()
        }
    }
}

/// Parses the credential report CSV (also used by import).
pub fn parse_credential_report(csv_bytes: &[u8]) -> Result<Vec<CredentialReportRow>, String> {
    let mut reader = csv::ReaderBuilder::new().flexible(true).from_reader(csv_bytes);
    let mut rows = Vec::new();
    for (index, record) in reader.deserialize::<CredentialReportRow>().enumerate() {
        rows.push(record.map_err(|e| format!("credential report row {}: {e}", index + 2))?);
    }
    Ok(rows)
}
