//! Reading log files from S3 and CloudTrail's public keys, for `mamori logs
//! detect` and `mamori trail verify` (read-only: ListObjectsV2, GetObject,
//! ListPublicKeys).

use aws_sdk_s3::primitives::DateTime;

use crate::{load_config, Options};

/// An S3 location `s3://BUCKET/PREFIX`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct S3Location {
    pub bucket: String,
    pub prefix: String,
}

impl S3Location {
    pub fn parse(s: &str) -> Option<S3Location> {
        let rest = s.strip_prefix("s3://")?;
        let (bucket, prefix) = rest.split_once('/').unwrap_or((rest, ""));
        (!bucket.is_empty()).then(|| S3Location { bucket: bucket.to_string(), prefix: prefix.to_string() })
    }
}

/// A failed S3 or CloudTrail call, with the operation and the service's code.
#[derive(Debug, thiserror::Error)]
#[error("{operation} failed: {code}: {message}")]
pub struct CallError {
    pub operation: &'static str,
    pub code: String,
    pub message: String,
}

fn call_error<E: std::fmt::Debug + aws_smithy_types::error::metadata::ProvideErrorMetadata>(operation: &'static str, e: &E) -> CallError {
    CallError { operation, code: e.code().unwrap_or("Unknown").to_string(), message: e.message().unwrap_or_default().to_string() }
}

/// Reads objects under S3 locations one at a time.
pub struct S3Reader {
    client: aws_sdk_s3::Client,
}

impl S3Reader {
    pub async fn new(options: &Options) -> S3Reader {
        let config = load_config(options).await;
        let s3 = aws_sdk_s3::config::Builder::from(&config).force_path_style(std::env::var_os("AWS_ENDPOINT_URL").is_some()).build();
        S3Reader { client: aws_sdk_s3::Client::from_conf(s3) }
    }

    /// Every object key under `loc`, sorted.
    pub async fn keys(&self, loc: &S3Location) -> Result<Vec<String>, CallError> {
        let mut keys = Vec::new();
        let mut pages = self.client.list_objects_v2().bucket(&loc.bucket).prefix(&loc.prefix).into_paginator().send();
        while let Some(page) = pages.next().await {
            let page = page.map_err(|e| call_error("s3:ListObjectsV2", &e.into_service_error()))?;
            keys.extend(page.contents().iter().filter_map(|o| o.key().map(str::to_string)));
        }
        keys.sort();
        Ok(keys)
    }

    /// One object's bytes.
    pub async fn get(&self, bucket: &str, key: &str) -> Result<Vec<u8>, CallError> {
        let out = self
            .client
            .get_object()
            .bucket(bucket)
            .key(key)
            .send()
            .await
            .map_err(|e| call_error("s3:GetObject", &e.into_service_error()))?;
        let body = out.body.collect().await.map_err(|e| CallError {
            operation: "s3:GetObject",
            code: "ReadError".into(),
            message: e.to_string(),
        })?;
        Ok(body.into_bytes().to_vec())
    }
}

/// CloudTrail's public keys valid between `start` and `end` (Unix seconds):
/// (fingerprint, DER value).
pub async fn cloudtrail_public_keys(options: &Options, start: i64, end: i64) -> Result<Vec<(String, Vec<u8>)>, CallError> {
    let config = load_config(options).await;
    let client = aws_sdk_cloudtrail::Client::new(&config);
    let mut out = Vec::new();
    let mut token = None;
    loop {
        let page = client
            .list_public_keys()
            .start_time(DateTime::from_secs(start))
            .end_time(DateTime::from_secs(end))
            .set_next_token(token)
            .send()
            .await
            .map_err(|e| call_error("cloudtrail:ListPublicKeys", &e.into_service_error()))?;
        for k in page.public_key_list() {
            if let (Some(fp), Some(v)) = (k.fingerprint(), k.value()) {
                out.push((fp.to_string(), v.as_ref().to_vec()));
            }
        }
        token = page.next_token().map(str::to_string);
        if token.is_none() {
            break;
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_s3_locations() {
        assert_eq!(S3Location::parse("s3://b/AWSLogs/1/"), Some(S3Location { bucket: "b".into(), prefix: "AWSLogs/1/".into() }));
        assert_eq!(S3Location::parse("s3://b"), Some(S3Location { bucket: "b".into(), prefix: String::new() }));
        assert_eq!(S3Location::parse("/tmp/x"), None);
        assert_eq!(S3Location::parse("s3:///x"), None);
    }
}
