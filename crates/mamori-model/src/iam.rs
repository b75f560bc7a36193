//! IAM: the account's identities, their credentials and their policies.
//!
//! Field names follow the IAM API (`GetAccountAuthorizationDetails` and
//! friends) so that `aws iam ...` JSON output deserializes as it is. Policy
//! documents are stored decoded, as JSON values.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_with::skip_serializing_none;

use crate::{Tag, Time};

#[skip_serializing_none]
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Iam {
    /// `GetAccountSummary` as a map (`AccountMFAEnabled`, `AccountAccessKeysPresent`, ...).
    pub account_summary: BTreeMap<String, i64>,
    /// `None` when the account has no password policy (`NoSuchEntity`).
    pub password_policy: Option<PasswordPolicy>,
    pub credential_report: Vec<CredentialReportRow>,
    pub users: Vec<User>,
    pub groups: Vec<Group>,
    pub roles: Vec<Role>,
    /// Customer managed policies and every AWS managed policy that is attached.
    pub policies: Vec<ManagedPolicy>,
    /// `ListVirtualMFADevices`: includes the root user's virtual device.
    pub virtual_mfa_devices: Vec<VirtualMfaDevice>,
    pub saml_providers: Vec<SamlProvider>,
    pub oidc_providers: Vec<OidcProvider>,
    pub server_certificates: Vec<ServerCertificate>,
    pub instance_profiles: Vec<InstanceProfile>,
}

#[skip_serializing_none]
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct PasswordPolicy {
    pub minimum_password_length: Option<i32>,
    pub require_symbols: Option<bool>,
    pub require_numbers: Option<bool>,
    pub require_uppercase_characters: Option<bool>,
    pub require_lowercase_characters: Option<bool>,
    pub allow_users_to_change_password: Option<bool>,
    pub expire_passwords: Option<bool>,
    pub max_password_age: Option<i32>,
    pub password_reuse_prevention: Option<i32>,
    pub hard_expiry: Option<bool>,
}

/// One row of the IAM credential report, columns as AWS names them.
/// Values stay as reported (`true`, `N/A`, `no_information`, timestamps).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct CredentialReportRow {
    pub user: String,
    pub arn: String,
    pub user_creation_time: String,
    pub password_enabled: String,
    pub password_last_used: String,
    pub password_last_changed: String,
    pub password_next_rotation: String,
    pub mfa_active: String,
    pub access_key_1_active: String,
    pub access_key_1_last_rotated: String,
    pub access_key_1_last_used_date: String,
    pub access_key_1_last_used_region: String,
    pub access_key_1_last_used_service: String,
    pub access_key_2_active: String,
    pub access_key_2_last_rotated: String,
    pub access_key_2_last_used_date: String,
    pub access_key_2_last_used_region: String,
    pub access_key_2_last_used_service: String,
    pub cert_1_active: String,
    pub cert_1_last_rotated: String,
    pub cert_2_active: String,
    pub cert_2_last_rotated: String,
}

impl CredentialReportRow {
    /// The root user's row is named `<root_account>`.
    pub fn is_root(&self) -> bool {
        self.user == "<root_account>"
    }

    /// A report field as a time, `None` for `N/A`, `no_information` and the like.
    pub fn time(value: &str) -> Option<Time> {
        Time::parse(value)
    }

    pub fn flag(value: &str) -> bool {
        value.eq_ignore_ascii_case("true")
    }
}

#[skip_serializing_none]
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct InlinePolicy {
    pub policy_name: String,
    pub policy_document: serde_json::Value,
}

#[skip_serializing_none]
#[derive(Clone, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct AttachedPolicy {
    pub policy_name: String,
    pub policy_arn: String,
}

#[skip_serializing_none]
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct PermissionsBoundary {
    pub permissions_boundary_type: Option<String>,
    pub permissions_boundary_arn: String,
}

#[skip_serializing_none]
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct User {
    pub user_name: String,
    pub user_id: String,
    pub arn: String,
    pub path: String,
    pub create_date: Option<Time>,
    pub password_last_used: Option<Time>,
    #[serde(rename = "UserPolicyList")]
    pub inline_policies: Vec<InlinePolicy>,
    #[serde(rename = "AttachedManagedPolicies")]
    pub attached_policies: Vec<AttachedPolicy>,
    #[serde(rename = "GroupList")]
    pub groups: Vec<String>,
    pub permissions_boundary: Option<PermissionsBoundary>,
    pub tags: Vec<Tag>,
    /// `GetLoginProfile`: present when the user has a console password.
    /// `None` also when not collected; see coverage.
    pub login_profile: Option<LoginProfile>,
    pub access_keys: Vec<AccessKey>,
    pub mfa_devices: Vec<MfaDevice>,
    /// mamori: `GetServiceLastAccessedDetails`, the services the user's
    /// policies allow and when each was last used. `None` when not collected.
    pub services_last_accessed: Option<Vec<ServiceLastAccessed>>,
}

#[skip_serializing_none]
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct LoginProfile {
    pub create_date: Option<Time>,
    pub password_reset_required: Option<bool>,
}

/// An access key's metadata. The secret is never returned by AWS and never stored.
#[skip_serializing_none]
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct AccessKey {
    pub access_key_id: String,
    pub status: String,
    pub create_date: Option<Time>,
    pub last_used: Option<AccessKeyLastUsed>,
    /// mamori: recent CloudTrail activity of the key; `None` when not collected.
    pub recent_activity: Option<KeyActivity>,
}

#[skip_serializing_none]
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct AccessKeyLastUsed {
    pub last_used_date: Option<Time>,
    pub service_name: Option<String>,
    pub region: Option<String>,
}

#[skip_serializing_none]
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct MfaDevice {
    pub serial_number: String,
    pub enable_date: Option<Time>,
}

#[skip_serializing_none]
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct VirtualMfaDevice {
    pub serial_number: String,
    /// The ARN of the user the device is assigned to (root: `arn:aws:iam::ACCOUNT:root`).
    pub user_arn: Option<String>,
    pub enable_date: Option<Time>,
}

#[skip_serializing_none]
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct Group {
    pub group_name: String,
    pub group_id: String,
    pub arn: String,
    pub path: String,
    pub create_date: Option<Time>,
    #[serde(rename = "GroupPolicyList")]
    pub inline_policies: Vec<InlinePolicy>,
    #[serde(rename = "AttachedManagedPolicies")]
    pub attached_policies: Vec<AttachedPolicy>,
}

#[skip_serializing_none]
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct Role {
    pub role_name: String,
    pub role_id: String,
    pub arn: String,
    pub path: String,
    pub create_date: Option<Time>,
    pub assume_role_policy_document: serde_json::Value,
    #[serde(rename = "RolePolicyList")]
    pub inline_policies: Vec<InlinePolicy>,
    #[serde(rename = "AttachedManagedPolicies")]
    pub attached_policies: Vec<AttachedPolicy>,
    pub permissions_boundary: Option<PermissionsBoundary>,
    pub max_session_duration: Option<i32>,
    pub role_last_used: Option<RoleLastUsed>,
    pub tags: Vec<Tag>,
    /// Names of the instance profiles that carry this role.
    #[serde(rename = "InstanceProfileNames")]
    pub instance_profiles: Vec<String>,
    /// mamori: as for users.
    pub services_last_accessed: Option<Vec<ServiceLastAccessed>>,
}

/// One service a principal's policies allow, and when it was last used.
#[skip_serializing_none]
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct ServiceLastAccessed {
    pub service_namespace: String,
    pub service_name: Option<String>,
    /// `None`: never used within the tracking period.
    pub last_authenticated: Option<Time>,
}

/// What CloudTrail recorded recently for one access key (`LookupEvents`).
#[skip_serializing_none]
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct KeyActivity {
    /// The region the events were looked up in (the key's last-used region).
    pub region: String,
    /// How many events were read (at most one page).
    pub events: u32,
    pub source_ips: Vec<String>,
    pub user_agents: Vec<String>,
}

#[skip_serializing_none]
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct RoleLastUsed {
    pub last_used_date: Option<Time>,
    pub region: Option<String>,
}

#[skip_serializing_none]
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct ManagedPolicy {
    pub policy_name: String,
    pub policy_id: String,
    pub arn: String,
    pub path: String,
    pub default_version_id: String,
    pub attachment_count: Option<i32>,
    pub permissions_boundary_usage_count: Option<i32>,
    pub is_attachable: Option<bool>,
    pub create_date: Option<Time>,
    pub update_date: Option<Time>,
    pub policy_version_list: Vec<PolicyVersion>,
}

impl ManagedPolicy {
    /// Fills a missing name from the ARN (`arn:aws:iam::1:policy/path/NAME`).
    pub fn fill_name_from_arn(&mut self) {
        if self.policy_name.is_empty() {
            self.policy_name = self.arn.rsplit('/').next().unwrap_or_default().to_string();
        }
    }

    /// AWS managed policies live under the `aws` account in their ARN.
    pub fn is_aws_managed(&self) -> bool {
        self.arn.split(':').nth(4) == Some("aws")
    }

    /// The document of the default version.
    pub fn default_document(&self) -> Option<&serde_json::Value> {
        self.policy_version_list.iter().find(|v| v.is_default_version || v.version_id == self.default_version_id).map(|v| &v.document)
    }
}

#[skip_serializing_none]
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct PolicyVersion {
    pub version_id: String,
    pub is_default_version: bool,
    pub create_date: Option<Time>,
    pub document: serde_json::Value,
}

#[skip_serializing_none]
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct SamlProvider {
    pub arn: String,
    pub valid_until: Option<Time>,
    pub create_date: Option<Time>,
}

#[skip_serializing_none]
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct OidcProvider {
    pub arn: String,
    pub url: Option<String>,
    #[serde(rename = "ClientIDList")]
    pub client_id_list: Vec<String>,
    pub create_date: Option<Time>,
}

#[skip_serializing_none]
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct ServerCertificate {
    pub server_certificate_name: String,
    pub server_certificate_id: String,
    pub arn: String,
    pub path: String,
    pub upload_date: Option<Time>,
    pub expiration: Option<Time>,
}

#[skip_serializing_none]
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase", default)]
pub struct InstanceProfile {
    pub instance_profile_name: String,
    pub instance_profile_id: String,
    pub arn: String,
    pub path: String,
    pub create_date: Option<Time>,
    /// ARNs of the roles in the profile.
    #[serde(rename = "RoleArns")]
    pub roles: Vec<String>,
}

impl Iam {
    /// Sorts every list by its natural key so equal accounts give equal bytes.
    pub fn normalize(&mut self) {
        self.credential_report.sort_by(|a, b| a.arn.cmp(&b.arn));
        self.users.sort_by(|a, b| a.arn.cmp(&b.arn));
        for u in &mut self.users {
            u.inline_policies.sort_by(|a, b| a.policy_name.cmp(&b.policy_name));
            u.attached_policies.sort();
            u.groups.sort();
            u.access_keys.sort_by(|a, b| a.access_key_id.cmp(&b.access_key_id));
            u.mfa_devices.sort_by(|a, b| a.serial_number.cmp(&b.serial_number));
            if let Some(list) = &mut u.services_last_accessed {
                list.sort_by(|a, b| a.service_namespace.cmp(&b.service_namespace));
            }
            for k in &mut u.access_keys {
                if let Some(activity) = &mut k.recent_activity {
                    activity.source_ips.sort();
                    activity.user_agents.sort();
                }
            }
            crate::sort_tags(&mut u.tags);
        }
        self.groups.sort_by(|a, b| a.arn.cmp(&b.arn));
        for g in &mut self.groups {
            g.inline_policies.sort_by(|a, b| a.policy_name.cmp(&b.policy_name));
            g.attached_policies.sort();
        }
        self.roles.sort_by(|a, b| a.arn.cmp(&b.arn));
        for r in &mut self.roles {
            r.inline_policies.sort_by(|a, b| a.policy_name.cmp(&b.policy_name));
            r.attached_policies.sort();
            r.instance_profiles.sort();
            if let Some(list) = &mut r.services_last_accessed {
                list.sort_by(|a, b| a.service_namespace.cmp(&b.service_namespace));
            }
            crate::sort_tags(&mut r.tags);
        }
        self.policies.sort_by(|a, b| a.arn.cmp(&b.arn));
        for p in &mut self.policies {
            p.fill_name_from_arn();
            p.policy_version_list.sort_by(|a, b| a.version_id.cmp(&b.version_id));
        }
        self.virtual_mfa_devices.sort_by(|a, b| a.serial_number.cmp(&b.serial_number));
        self.saml_providers.sort_by(|a, b| a.arn.cmp(&b.arn));
        self.oidc_providers.sort_by(|a, b| a.arn.cmp(&b.arn));
        self.server_certificates.sort_by(|a, b| a.arn.cmp(&b.arn));
        self.instance_profiles.sort_by(|a, b| a.arn.cmp(&b.arn));
        for p in &mut self.instance_profiles {
            p.roles.sort();
        }
    }
}
