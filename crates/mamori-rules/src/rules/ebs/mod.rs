//! EBS: volumes and snapshots.

pub mod default_encryption_off;
pub mod no_recent_snapshot;
pub mod snapshot_public;
pub mod snapshot_shared;
pub mod snapshot_unencrypted;
pub mod volume_unencrypted;

use mamori_model::ec2::Snapshot;

/// The accounts a snapshot is shared with, and whether it is public.
pub(crate) fn sharing(s: &Snapshot) -> (bool, Vec<&str>) {
    let public = s.create_volume_permissions.iter().any(|p| p.group.as_deref() == Some("all"));
    let accounts = s.create_volume_permissions.iter().filter_map(|p| p.user_id.as_deref()).collect();
    (public, accounts)
}

/// Remediation shared by the snapshot-sharing rules.
pub(crate) const UNSHARE: crate::rule::Remediation = crate::rule::Remediation {
    console: crate::t(
        "EC2 → Snapshots → the snapshot → Actions → Snapshot settings → Modify permissions: make it private and remove accounts that should not restore it.",
        "EC2 →［スナップショット］→ 対象 →［アクション］→［スナップショットの設定］→［許可を変更］で非公開にし、復元を許すべきでないアカウントを削除します。",
    ),
    cli: "aws ec2 modify-snapshot-attribute --snapshot-id SNAPSHOT_ID --attribute createVolumePermission --operation-type remove --group-names all",
    terraform: "# Remove aws_snapshot_create_volume_permission resources that share the snapshot.",
    safe: false,
};
