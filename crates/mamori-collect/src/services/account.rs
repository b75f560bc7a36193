//! Account governance: alternate contacts and Organizations membership.

use std::collections::BTreeMap;

use aws_sdk_account::types::AlternateContactType;
use mamori_model::services::{AlternateContact, Organization};
use mamori_model::GLOBAL;

use crate::convert::s;
use crate::ctx::{Ctx, Got};

pub async fn alternate_contacts(ctx: &Ctx, client: &aws_sdk_account::Client) -> BTreeMap<String, AlternateContact> {
    let kinds = [AlternateContactType::Security, AlternateContactType::Billing, AlternateContactType::Operations];
    let got = futures::future::join_all(kinds.iter().map(|k| async move {
        let out = ctx
            .call(
                GLOBAL,
                "account",
                "GetAlternateContact",
                Some(k.as_str()),
                &["ResourceNotFoundException"],
                client.get_alternate_contact().alternate_contact_type(k.clone()).send(),
            )
            .await;
        (k.as_str().to_string(), out)
    }))
    .await;
    let mut out = BTreeMap::new();
    for (kind, result) in got {
        if let Got::Value(v) = result {
            if let Some(c) = v.alternate_contact() {
                out.insert(
                    kind,
                    AlternateContact {
                        alternate_contact_type: c.alternate_contact_type().map(|t| t.as_str().to_string()),
                        name: s(c.name()),
                        title: s(c.title()),
                        // Contact details are personal data: keep only that they exist.
                        email_address: c.email_address().map(crate::services::mask_email),
                        phone_number: c.phone_number().map(|_| "«redacted»".to_string()),
                    },
                );
            }
        }
    }
    out
}

/// `None` when the account is in no organization or the call failed (see coverage).
pub async fn organization(ctx: &Ctx, client: &aws_sdk_organizations::Client) -> Option<Organization> {
    let got = ctx
        .call(
            GLOBAL,
            "organizations",
            "DescribeOrganization",
            None,
            &["AWSOrganizationsNotInUseException"],
            client.describe_organization().send(),
        )
        .await;
    got.value().and_then(|o| {
        o.organization().map(|o| Organization {
            id: s(o.id()),
            arn: s(o.arn()),
            master_account_id: s(o.master_account_id()),
            feature_set: o.feature_set().map(|f| f.as_str().to_string()),
        })
    })
}
