//! ARNs of the resources findings name, built the way AWS prints them.

use mamori_model::Account;

pub fn account(a: &Account) -> String {
    format!("arn:{}:iam::{}:root", partition(a), a.account_id)
}

pub fn partition(a: &Account) -> &str {
    if a.partition.is_empty() {
        "aws"
    } else {
        &a.partition
    }
}

/// `arn:PARTITION:SERVICE:REGION:ACCOUNT:RESOURCE`.
pub fn regional(a: &Account, service: &str, region: &str, resource: &str) -> String {
    format!("arn:{}:{service}:{region}:{}:{resource}", partition(a), a.account_id)
}

pub fn ec2(a: &Account, region: &str, kind: &str, id: &str) -> String {
    regional(a, "ec2", region, &format!("{kind}/{id}"))
}

/// AMIs carry no account in their ARN.
pub fn image(a: &Account, region: &str, id: &str) -> String {
    format!("arn:{}:ec2:{region}::image/{id}", partition(a))
}

pub fn bucket(a: &Account, name: &str) -> String {
    format!("arn:{}:s3:::{name}", partition(a))
}

/// The `arn` if present and non-empty, else `fallback()`.
pub fn or(arn: Option<&String>, fallback: impl FnOnce() -> String) -> String {
    match arn {
        Some(a) if !a.is_empty() => a.clone(),
        _ => fallback(),
    }
}
