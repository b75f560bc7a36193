//! CloudFront distributions.

pub mod old_viewer_tls;
pub mod origin_plain_http;
pub mod viewer_plain_http;

use mamori_model::services::Distribution;
use mamori_model::Account;

use crate::finding::Reason;
use crate::Cx;

pub(crate) fn distribution_arn(a: &Account, d: &Distribution) -> String {
    crate::arn::or(d.arn.as_ref(), || format!("arn:{}:cloudfront::{}:distribution/{}", crate::arn::partition(a), a.account_id, d.id))
}

/// The distribution's configuration was read.
pub(crate) fn read(cx: &Cx, a: &Account, d: &Distribution) -> Result<(), Reason> {
    cx.op(Cx::global(a), "cloudfront", "ListDistributions")?;
    cx.res(&a.account_id, "cloudfront", "GetDistributionConfig", &d.id)
}
