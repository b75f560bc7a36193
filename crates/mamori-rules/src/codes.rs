//! The one table of codes. A code never changes meaning: retire, never reuse.

use crate::rule::Rule;
use crate::rules::*;

/// Every rule, in code order.
pub static RULES: &[&Rule] = &[
    &account::no_security_contact::RULE,
    &account::root_recently_used::RULE,
    &account::no_organization::RULE,
    &account::access_analyzer_disabled::RULE,
    &account::no_support_role::RULE,
    &iam::root_access_key::RULE,
    &iam::root_without_mfa::RULE,
    &iam::root_mfa_virtual::RULE,
    &iam::console_user_without_mfa::RULE,
    &iam::password_policy_short::RULE,
    &iam::password_policy_no_complexity::RULE,
    &iam::password_policy_reuse::RULE,
    &iam::old_access_key::RULE,
    &iam::multiple_active_keys::RULE,
    &iam::credentials_unused::RULE,
    &iam::key_from_user_setup_unused::RULE,
    &iam::policy_attached_to_user::RULE,
    &iam::instance_without_role::RULE,
    &iam::expired_server_certificate::RULE,
    &iam::no_federation::RULE,
    &iam::role_unused::RULE,
    &iam::unused_services::RULE,
    &iam::cloudshell_full_access::RULE,
    &iam::shared_user::RULE,
    &s3::public_by_acl::RULE,
    &s3::block_public_access_off::RULE,
    &s3::default_encryption_weak::RULE,
    &s3::versioning_disabled::RULE,
    &s3::mfa_delete_disabled::RULE,
    &s3::tls_not_required::RULE,
    &s3::access_logging_disabled::RULE,
    &s3::no_replication::RULE,
    &ebs::volume_unencrypted::RULE,
    &ebs::default_encryption_off::RULE,
    &ebs::snapshot_public::RULE,
    &ebs::snapshot_shared::RULE,
    &ebs::snapshot_unencrypted::RULE,
    &ebs::no_recent_snapshot::RULE,
    &rds::storage_unencrypted::RULE,
    &rds::publicly_accessible::RULE,
    &rds::backup_retention_short::RULE,
    &rds::snapshot_public::RULE,
    &rds::auto_minor_upgrade_off::RULE,
    &rds::not_multi_az::RULE,
    &rds::deletion_protection_off::RULE,
    &rds::tls_not_enforced::RULE,
    &dynamodb::pitr_disabled::RULE,
    &dynamodb::confidential_aws_owned_key::RULE,
    &emr::at_rest_encryption_missing::RULE,
    &emr::in_transit_encryption_missing::RULE,
    &emr::block_public_access_disabled::RULE,
    &efs::unencrypted::RULE,
    &kms::rotation_disabled::RULE,
    &kms::deleted_key_in_use::RULE,
    &elb::http_without_redirect::RULE,
    &elb::weak_tls_policy::RULE,
    &elb::access_logs_disabled::RULE,
    &cloudfront::viewer_plain_http::RULE,
    &cloudfront::old_viewer_tls::RULE,
    &cloudfront::origin_plain_http::RULE,
    &acm::certificate_expiring::RULE,
    &ec2::imdsv1_allowed::RULE,
    &ec2::untrusted_image::RULE,
    &ec2::public_image::RULE,
    &ec2::not_managed_by_ssm::RULE,
    &ec2::missing_patches::RULE,
    &ec2::secret_in_user_data::RULE,
    &ec2::stopped_long::RULE,
    &ec2::source_dest_check_off::RULE,
    &net::admin_port_open::RULE,
    &net::database_port_open::RULE,
    &net::all_ports_open::RULE,
    &net::default_group_open::RULE,
    &net::nacl_admin_port_open::RULE,
    &net::no_flow_log::RULE,
    &net::internet_reachable::RULE,
    &net::internal_tier_in_public_subnet::RULE,
    &net::unused_group::RULE,
    &net::peering_route_wide::RULE,
    &net::no_storage_endpoint::RULE,
    &net::remote_login_open::RULE,
    &net::zone_violation::RULE,
    &logging::no_multi_region_trail::RULE,
    &logging::trail_validation_disabled::RULE,
    &logging::trail_not_encrypted::RULE,
    &logging::trail_bucket_public::RULE,
    &logging::trail_bucket_no_access_log::RULE,
    &logging::trail_not_in_cloudwatch::RULE,
    &logging::trail_bucket_erasable::RULE,
    &logging::s3_data_events_not_logged::RULE,
    &logging::config_not_recording::RULE,
    &logging::guardduty_disabled::RULE,
    &logging::security_hub_disabled::RULE,
    &logging::log_retention_short::RULE,
    &monitoring::unauthorized_calls::RULE,
    &monitoring::console_login_without_mfa::RULE,
    &monitoring::root_usage::RULE,
    &monitoring::iam_policy_changes::RULE,
    &monitoring::cloudtrail_changes::RULE,
    &monitoring::console_auth_failures::RULE,
    &monitoring::cmk_disabled::RULE,
    &monitoring::s3_policy_changes::RULE,
    &monitoring::config_changes::RULE,
    &monitoring::security_group_changes::RULE,
    &monitoring::nacl_changes::RULE,
    &monitoring::gateway_changes::RULE,
    &monitoring::route_table_changes::RULE,
    &monitoring::vpc_changes::RULE,
    &monitoring::organizations_changes::RULE,
    &monitoring::no_traffic_alarm::RULE,
    &ddos::no_web_acl::RULE,
    &ddos::web_server_exposed::RULE,
    &assets::no_owner::RULE,
    &assets::no_classification::RULE,
    &host::ssh_password_login::RULE,
    &host::pubkey_disabled::RULE,
    &host::root_ssh_login::RULE,
    &host::protocol_one::RULE,
    &host::usable_password::RULE,
    &host::empty_password::RULE,
    &host::baked_host_keys::RULE,
    &host::user_keys_left::RULE,
    &host::shell_history::RULE,
    &host::aws_credentials_on_disk::RULE,
    &host::other_secrets_on_disk::RULE,
    &host::cleartext_services::RULE,
    &host::open_mail_relay::RULE,
    &host::logs_left::RULE,
    &host::nonessential_services::RULE,
    &host::no_time_sync::RULE,
    &host::no_host_ids::RULE,
];

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_unique_sorted_and_complete() {
        let codes: Vec<&str> = RULES.iter().map(|r| r.code).collect();
        let mut sorted = codes.clone();
        sorted.sort_by_key(|c| crate::docs::code_order(c));
        assert_eq!(codes, sorted, "RULES must be in catalog order");
        sorted.dedup();
        assert_eq!(codes.len(), sorted.len(), "duplicate code");
        for r in RULES {
            assert!(!r.title.en.is_empty() && !r.title.ja.is_empty(), "{}", r.code);
            assert!(!r.rationale.en.is_empty() && !r.rationale.ja.is_empty(), "{}", r.code);
            assert!(!r.remediation.console.en.is_empty() && !r.remediation.console.ja.is_empty(), "{}", r.code);
            assert!(!r.remediation.cli.is_empty() && !r.remediation.terraform.is_empty(), "{}", r.code);
            assert!(!r.sections.is_empty(), "{} names no source section", r.code);
            assert!(r.name.chars().next().is_some_and(char::is_uppercase), "{}", r.code);
            assert!(!r.title.ja.is_ascii(), "{} Japanese title is not Japanese", r.code);
        }
    }
}
