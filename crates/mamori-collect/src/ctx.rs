//! The collection context: one per account. Every AWS call goes through
//! [`Ctx::call`] or [`Ctx::pages`], which bound concurrency, tally the call in
//! the snapshot's coverage and turn failures into coverage errors instead of
//! aborting.

use std::future::Future;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Mutex;

use aws_smithy_async::future::pagination_stream::PaginationStream;
use aws_smithy_runtime_api::client::orchestrator::HttpResponse;
use aws_smithy_runtime_api::client::result::SdkError;
use aws_smithy_types::error::metadata::ProvideErrorMetadata;
use mamori_model::{Coverage, CoverageError, ErrorKind, OperationTally};
use tokio::sync::Semaphore;

use crate::progress::Progress;

/// The outcome of one logical read.
#[derive(Debug)]
pub enum Got<T> {
    Value(T),
    /// The service answered that the thing does not exist or is not
    /// configured (`NoSuchBucketPolicy`, `NoSuchEntity`, ...): a real answer.
    Absent,
    /// The call failed; the failure is in coverage.
    Failed,
}

impl<T> Got<T> {
    pub fn value(self) -> Option<T> {
        match self {
            Got::Value(v) => Some(v),
            _ => None,
        }
    }
}

pub struct Ctx {
    pub account: String,
    semaphore: Semaphore,
    coverage: Mutex<Coverage>,
    calls: AtomicU64,
    pub progress: Progress,
}

impl Ctx {
    pub fn new(account: String, concurrency: usize, progress: Progress) -> Self {
        Ctx {
            account,
            semaphore: Semaphore::new(concurrency.max(1)),
            coverage: Mutex::new(Coverage::default()),
            calls: AtomicU64::new(0),
            progress,
        }
    }

    /// Calls made so far (pages count one each).
    pub fn calls(&self) -> u64 {
        self.calls.load(Ordering::Relaxed)
    }

    pub fn into_coverage(self) -> Coverage {
        self.coverage.into_inner().unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Sends one request under the concurrency limit, counting it.
    async fn send<F: Future>(&self, request: F) -> F::Output {
        let _permit = self.semaphore.acquire().await;
        self.calls.fetch_add(1, Ordering::Relaxed);
        request.await
    }

    /// One call. `absent` lists error codes that mean "not configured".
    pub async fn call<T, E, Fut>(
        &self,
        region: &str,
        service: &str,
        operation: &str,
        resource: Option<&str>,
        absent: &[&str],
        send: Fut,
    ) -> Got<T>
    where
        Fut: Future<Output = Result<T, SdkError<E, HttpResponse>>>,
        E: ProvideErrorMetadata + std::error::Error + 'static,
    {
        match self.send(send).await {
            Ok(v) => {
                self.tally(region, service, operation, true);
                Got::Value(v)
            }
            Err(err) => {
                let (kind, code, message) = describe(&err);
                if absent.iter().any(|a| *a == code) {
                    self.tally(region, service, operation, true);
                    return Got::Absent;
                }
                self.fail(region, service, operation, resource, kind, code, message);
                Got::Failed
            }
        }
    }

    /// Like [`Ctx::call`] for repeated polls of one logical read: the call
    /// is counted, a failure recorded, but success is tallied by the caller
    /// once, so coverage does not depend on how many polls a run needed.
    pub async fn poll<T, E, Fut>(&self, region: &str, service: &str, operation: &str, send: Fut) -> Got<T>
    where
        Fut: Future<Output = Result<T, SdkError<E, HttpResponse>>>,
        E: ProvideErrorMetadata + std::error::Error + 'static,
    {
        match self.send(send).await {
            Ok(v) => Got::Value(v),
            Err(err) => {
                let (kind, code, message) = describe(&err);
                self.fail(region, service, operation, None, kind, code, message);
                Got::Failed
            }
        }
    }

    /// Tallies one successful logical read made with [`Ctx::poll`].
    pub fn tally_ok(&self, region: &str, service: &str, operation: &str) {
        self.tally(region, service, operation, true);
    }

    /// Every page of a paginated operation; a failed page fails the whole
    /// read (partial lists would be a silent lie).
    pub async fn pages<T, E>(
        &self,
        region: &str,
        service: &str,
        operation: &str,
        resource: Option<&str>,
        mut stream: PaginationStream<Result<T, SdkError<E, HttpResponse>>>,
    ) -> Got<Vec<T>>
    where
        E: ProvideErrorMetadata + std::error::Error + 'static,
    {
        let mut out = Vec::new();
        loop {
            let next = self.send(stream.next()).await;
            match next {
                None => {
                    // The stream ends without another request.
                    self.calls.fetch_sub(1, Ordering::Relaxed);
                    return Got::Value(out);
                }
                Some(Ok(page)) => {
                    self.tally(region, service, operation, true);
                    out.push(page);
                }
                Some(Err(err)) => {
                    let (kind, code, message) = describe(&err);
                    self.fail(region, service, operation, resource, kind, code, message);
                    return Got::Failed;
                }
            }
        }
    }

    fn tally(&self, region: &str, service: &str, operation: &str, ok: bool) {
        self.progress.call(service);
        let mut cov = self.coverage.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(t) = cov.operations.iter_mut().find(|t| t.region == region && t.service == service && t.operation == operation) {
            if ok {
                t.ok += 1
            } else {
                t.failed += 1
            }
            return;
        }
        cov.operations.push(OperationTally {
            account: self.account.clone(),
            region: region.to_string(),
            service: service.to_string(),
            operation: operation.to_string(),
            ok: u64::from(ok),
            failed: u64::from(!ok),
        });
    }

    /// Records a failure that did not come from an SDK call (a document that
    /// would not decode, a region that could not be listed).
    #[allow(clippy::too_many_arguments)]
    pub fn fail(
        &self,
        region: &str,
        service: &str,
        operation: &str,
        resource: Option<&str>,
        kind: ErrorKind,
        code: String,
        message: String,
    ) {
        self.tally(region, service, operation, false);
        self.progress.error();
        let mut cov = self.coverage.lock().unwrap_or_else(|p| p.into_inner());
        cov.errors.push(CoverageError {
            account: self.account.clone(),
            region: region.to_string(),
            service: service.to_string(),
            operation: operation.to_string(),
            resource: resource.map(str::to_string),
            kind,
            code,
            message,
        });
    }
}

/// The kind, code and message of an SDK error.
pub fn describe<E>(err: &SdkError<E, HttpResponse>) -> (ErrorKind, String, String)
where
    E: ProvideErrorMetadata + std::error::Error + 'static,
{
    match err {
        SdkError::ServiceError(e) => {
            let inner = e.err();
            let status = Some(e.raw().status().as_u16());
            match inner.code() {
                Some(code) => {
                    let message = inner.message().map(str::to_string).unwrap_or_else(|| inner.to_string());
                    (ErrorKind::from_code(code), code.to_string(), one_line(&message))
                }
                // No error code: an endpoint that does not implement the
                // operation, or an answer the SDK could not read.
                None => {
                    let kind = match status {
                        Some(404) | Some(501) => ErrorKind::Unsupported,
                        Some(403) => ErrorKind::AccessDenied,
                        Some(429) => ErrorKind::Throttled,
                        _ => ErrorKind::Other,
                    };
                    let code = status.map(|s| format!("HTTP{s}")).unwrap_or_else(|| "Unknown".into());
                    (kind, code, one_line(&error_chain(err)))
                }
            }
        }
        SdkError::TimeoutError(_) => (ErrorKind::Timeout, "Timeout".into(), "the request timed out".into()),
        SdkError::DispatchFailure(e) => {
            let kind = if e.is_timeout() { ErrorKind::Timeout } else { ErrorKind::Network };
            (kind, "DispatchFailure".into(), one_line(&error_chain(err)))
        }
        SdkError::ResponseError(_) => (ErrorKind::Other, "ResponseError".into(), one_line(&error_chain(err))),
        SdkError::ConstructionFailure(_) => (ErrorKind::Other, "ConstructionFailure".into(), one_line(&error_chain(err))),
        _ => (ErrorKind::Other, "Unknown".into(), one_line(&error_chain(err))),
    }
}

fn error_chain(err: &(dyn std::error::Error + 'static)) -> String {
    let mut text = err.to_string();
    let mut source = err.source();
    while let Some(s) = source {
        text.push_str(": ");
        text.push_str(&s.to_string());
        source = s.source();
    }
    text
}

fn one_line(text: &str) -> String {
    let flat: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    flat.chars().take(500).collect()
}
