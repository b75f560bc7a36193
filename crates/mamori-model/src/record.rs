//! The `record!` macro: a struct that mirrors an AWS API shape.
//!
//! PascalCase field names as the API (and the AWS CLI) spell them, every field
//! optional on input so partial CLI output still loads, `None` left out on
//! output so snapshots stay small.

#[macro_export]
macro_rules! record {
    ($(#[$meta:meta])* pub struct $name:ident { $($body:tt)* }) => {
        #[serde_with::skip_serializing_none]
        #[derive(Clone, Debug, Default, PartialEq, serde::Serialize, serde::Deserialize)]
        #[serde(rename_all = "PascalCase", default)]
        $(#[$meta])*
        pub struct $name { $($body)* }
    };
}
