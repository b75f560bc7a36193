//! EMR clusters and their security configurations.

pub mod at_rest_encryption_missing;
pub mod block_public_access_disabled;
pub mod in_transit_encryption_missing;

use mamori_model::services::EmrCluster;
use mamori_model::{Account, Region};
use serde_json::Value;

use crate::finding::{At, Reason};
use crate::Cx;

pub(crate) fn cluster_arn(a: &Account, region: &str, c: &EmrCluster) -> String {
    crate::arn::or(c.cluster_arn.as_ref(), || crate::arn::regional(a, "elasticmapreduce", region, &format!("cluster/{}", c.id)))
}

/// The `EncryptionConfiguration` flag `key` of the cluster's security
/// configuration: `Ok(None)` when the cluster has no security configuration.
pub(crate) fn encryption_flag(cx: &Cx, at: At, r: &Region, c: &EmrCluster, key: &str) -> Result<Option<bool>, Reason> {
    cx.res(at.account, "emr", "DescribeCluster", &c.id)?;
    let Some(name) = c.security_configuration.as_deref() else { return Ok(None) };
    cx.op(at, "emr", "ListSecurityConfigurations")?;
    cx.res(at.account, "emr", "DescribeSecurityConfiguration", name)?;
    let config = r.emr_security_configurations.iter().find(|s| s.name == name).and_then(|s| s.security_configuration.as_ref());
    let config = config.ok_or_else(|| Reason::incomplete("emr", "DescribeSecurityConfiguration"))?;
    Ok(Some(config.get("EncryptionConfiguration").and_then(|e| e.get(key)).and_then(Value::as_bool).unwrap_or(false)))
}

pub(crate) const SECURITY_CONFIGURATION: crate::rule::Remediation = crate::rule::Remediation {
    console: crate::t(
        "EMR → Security configurations → Create: enable at-rest encryption (S3 SSE-KMS, local disk with a KMS key) and in-transit encryption (TLS certificates); launch new clusters with it (a running cluster cannot change it).",
        "EMR →［セキュリティ設定］→［作成］で保管時の暗号化（S3 の SSE-KMS、KMS キーによるローカルディスク）と伝送中の暗号化（TLS 証明書）を有効にし、新しいクラスターをその設定で起動します（実行中のクラスターは変更できません）。",
    ),
    cli: "aws emr create-security-configuration --name encrypted --security-configuration file://security-configuration.json",
    terraform: "resource \"aws_emr_security_configuration\" \"encrypted\" {\n  name          = \"encrypted\"\n  configuration = file(\"security-configuration.json\")\n}",
    safe: false,
};

/// Judges every cluster by one `EncryptionConfiguration` flag (EMR-001, EMR-002).
pub(crate) fn judge_flag(cx: &Cx, out: &mut crate::Out, key: &'static str) {
    for (a, at, r) in cx.all_regions() {
        for c in &r.emr_clusters {
            let flag = encryption_flag(cx, at, r, c, key);
            out.judge(at, cluster_arn(a, at.region, c), flag.clone().map(|f| f != Some(true)))
                .ev("security_configuration", c.security_configuration.clone())
                .ev(key, flag.ok().flatten());
        }
    }
}
