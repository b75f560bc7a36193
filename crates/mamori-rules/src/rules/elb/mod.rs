//! Elastic Load Balancing: listeners, TLS policies and access logs.

pub mod access_logs_disabled;
pub mod http_without_redirect;
pub mod weak_tls_policy;

use mamori_model::services::{ClassicLoadBalancer, LoadBalancer};
use mamori_model::Account;

pub(crate) fn classic_arn(a: &Account, region: &str, lb: &ClassicLoadBalancer) -> String {
    crate::arn::regional(a, "elasticloadbalancing", region, &format!("loadbalancer/{}", lb.load_balancer_name))
}

pub(crate) fn internet_facing(scheme: Option<&str>) -> bool {
    scheme == Some("internet-facing")
}

pub(crate) fn is_network(lb: &LoadBalancer) -> bool {
    matches!(lb.lb_type.as_deref(), Some("network") | Some("gateway"))
}
