//! The request context: condition keys and their values.
//!
//! Key names are case-insensitive (stored lowercased); values keep their case.
//! A key may carry several values (multivalued keys such as `aws:TagKeys`).

use std::collections::BTreeMap;

/// Condition keys of one request.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Context {
    values: BTreeMap<String, Vec<String>>,
}

impl Context {
    pub fn new() -> Context {
        Context::default()
    }

    /// Sets `key` to one value, replacing what it had.
    pub fn set(&mut self, key: &str, value: impl Into<String>) -> &mut Context {
        self.values.insert(key.to_ascii_lowercase(), vec![value.into()]);
        self
    }

    /// Sets `key` to several values (an empty list is a present, empty key).
    pub fn set_all(&mut self, key: &str, values: Vec<String>) -> &mut Context {
        self.values.insert(key.to_ascii_lowercase(), values);
        self
    }

    /// Adds one value to `key`.
    pub fn add(&mut self, key: &str, value: impl Into<String>) -> &mut Context {
        self.values.entry(key.to_ascii_lowercase()).or_default().push(value.into());
        self
    }

    /// Removes `key`.
    pub fn remove(&mut self, key: &str) {
        self.values.remove(&key.to_ascii_lowercase());
    }

    /// The values of `key` (already lowercased), `None` when absent.
    pub fn get(&self, key: &str) -> Option<&[String]> {
        self.values.get(key).map(Vec::as_slice)
    }

    /// The one value of `key`, `None` when absent or multivalued.
    pub fn single(&self, key: &str) -> Option<&str> {
        match self.values.get(key).map(Vec::as_slice) {
            Some([one]) => Some(one),
            _ => None,
        }
    }

    pub fn iter(&self) -> impl Iterator<Item = (&str, &[String])> {
        self.values.iter().map(|(k, v)| (k.as_str(), v.as_slice()))
    }

    pub fn is_empty(&self) -> bool {
        self.values.is_empty()
    }

    /// Overlays `other` on this context: its keys replace ours.
    pub fn extend(&mut self, other: &Context) {
        for (k, v) in &other.values {
            self.values.insert(k.clone(), v.clone());
        }
    }

    /// Reads `key=value` (repeat the key for several values).
    pub fn parse_pairs<'a>(pairs: impl IntoIterator<Item = &'a str>) -> Result<Context, String> {
        let mut cx = Context::default();
        for pair in pairs {
            let Some((k, v)) = pair.split_once('=') else {
                return Err(format!("expected `key=value`, found `{pair}`"));
            };
            if k.trim().is_empty() {
                return Err(format!("empty key in `{pair}`"));
            }
            cx.add(k.trim(), v);
        }
        Ok(cx)
    }
}
