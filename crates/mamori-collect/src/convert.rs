//! Small conversions from SDK values to model values.

use aws_smithy_types::DateTime;
use mamori_model::{Tag, Time};

pub fn time(t: &DateTime) -> Option<Time> {
    Time::from_epoch(t.secs(), t.subsec_nanos())
}

pub fn opt_time(t: Option<&DateTime>) -> Option<Time> {
    t.and_then(time)
}

pub fn s(v: Option<&str>) -> Option<String> {
    v.map(str::to_string)
}

/// Decodes a policy document as IAM returns it (URL-encoded JSON) or as other
/// services return it (plain JSON). A document that is not JSON is kept as a
/// string so nothing is lost.
pub fn policy_document(raw: &str) -> serde_json::Value {
    let decoded = if raw.trim_start().starts_with('{') {
        raw.to_string()
    } else {
        percent_encoding::percent_decode_str(raw).decode_utf8_lossy().into_owned()
    };
    serde_json::from_str(&decoded).unwrap_or(serde_json::Value::String(decoded))
}

pub fn tag(key: Option<&str>, value: Option<&str>) -> Tag {
    Tag { key: key.unwrap_or_default().to_string(), value: value.unwrap_or_default().to_string() }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests {
    use super::*;

    #[test]
    fn decodes_url_encoded_and_plain_documents() {
        let encoded = "%7B%22Version%22%3A%222012-10-17%22%7D";
        assert_eq!(policy_document(encoded)["Version"], "2012-10-17");
        assert_eq!(policy_document("{\"a\":1}")["a"], 1);
        assert_eq!(policy_document("not json"), serde_json::Value::String("not json".into()));
    }
}
