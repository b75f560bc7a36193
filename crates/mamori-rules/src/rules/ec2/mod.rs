//! EC2: instances and images.

pub mod imdsv1_allowed;
pub mod missing_patches;
pub mod not_managed_by_ssm;
pub mod public_image;
pub mod secret_in_user_data;
pub mod source_dest_check_off;
pub mod stopped_long;
pub mod untrusted_image;

use mamori_model::ec2::Instance;

pub(crate) fn state(i: &Instance) -> &str {
    i.state.as_ref().and_then(|s| s.name.as_deref()).unwrap_or_default()
}

/// Instances that exist (not terminated or shutting down).
pub(crate) fn live(i: &Instance) -> bool {
    !matches!(state(i), "terminated" | "shutting-down")
}
