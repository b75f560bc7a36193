//! DynamoDB tables.

pub mod confidential_aws_owned_key;
pub mod pitr_disabled;

use mamori_model::services::DynamoTable;
use mamori_model::Account;

pub(crate) fn table_arn(a: &Account, region: &str, t: &DynamoTable) -> String {
    crate::arn::or(t.table_arn.as_ref(), || crate::arn::regional(a, "dynamodb", region, &format!("table/{}", t.table_name)))
}
