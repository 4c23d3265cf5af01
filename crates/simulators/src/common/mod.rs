//! What the simulators share: the fault kinds and how they are acted out, the rate
//! budget, added latency, counters and recorded requests, and the OAuth client registry
//! with its tokens. Each simulator keeps one [`Harness`] and runs every API request
//! through [`Harness::before`] and [`Harness::finish`].

pub(crate) mod faults;
pub(crate) mod oauth;
pub(crate) mod traffic;

use std::sync::{Mutex, MutexGuard};
use std::time::Duration;

use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use rand::rngs::StdRng;

pub use faults::Fault;
pub use oauth::Client;
pub use traffic::{Counters, RateLimit, RecordedRequest};

use faults::FaultSource;
use oauth::Registry;
use traffic::Bucket;

/// A mutex guard even when another thread panicked while holding it.
pub(crate) fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|p| p.into_inner())
}

/// The shared machinery of one running simulator.
pub(crate) struct Harness {
    registry: Mutex<Registry>,
    bucket: Mutex<Option<Bucket>>,
    latency: Mutex<Duration>,
    faults: Mutex<FaultSource>,
    counters: Mutex<Counters>,
}

impl Harness {
    /// `mix` draws the random faults of the fault rate.
    pub(crate) fn new(
        clients: Vec<Client>,
        latency: Duration,
        rate_limit: Option<RateLimit>,
        mix: fn(&mut StdRng) -> Fault,
    ) -> Harness {
        Harness {
            registry: Mutex::new(Registry::new(clients)),
            bucket: Mutex::new(rate_limit.map(Bucket::new)),
            latency: Mutex::new(latency),
            faults: Mutex::new(FaultSource::new(mix)),
            counters: Mutex::new(Counters::default()),
        }
    }

    pub(crate) fn registry(&self) -> MutexGuard<'_, Registry> {
        lock(&self.registry)
    }

    pub(crate) fn set_rate_limit(&self, limit: Option<RateLimit>) {
        *lock(&self.bucket) = limit.map(Bucket::new);
    }

    /// Takes one drop from the rate budget; false when the request is over it.
    pub(crate) fn admit(&self) -> bool {
        lock(&self.bucket).as_mut().is_none_or(Bucket::admit)
    }

    pub(crate) fn set_latency(&self, latency: Duration) {
        *lock(&self.latency) = latency;
    }

    pub(crate) fn push_fault(&self, fault: Fault) {
        lock(&self.faults).push(fault);
    }

    pub(crate) fn set_fault_rate(&self, percent: u32, seed: u64) {
        lock(&self.faults).set_rate(percent, seed);
    }

    pub(crate) fn clear_faults(&self) {
        lock(&self.faults).clear();
    }

    /// The next fault to act out, if any, counted by kind.
    pub(crate) fn next_fault(&self) -> Option<Fault> {
        let fault = lock(&self.faults).draw()?;
        if fault != Fault::Pass {
            *lock(&self.counters).faults.entry(fault.kind()).or_default() += 1;
        }
        Some(fault)
    }

    pub(crate) fn count_bytes(&self, path: &str, n: usize) {
        *lock(&self.counters)
            .bytes
            .entry(path.to_string())
            .or_default() += n as u64;
    }

    pub(crate) fn count_grant(&self, client: &str) {
        *lock(&self.counters)
            .token_grants
            .entry(client.to_string())
            .or_default() += 1;
    }

    pub(crate) fn counters(&self) -> Counters {
        lock(&self.counters).clone()
    }

    pub(crate) fn reset_counters(&self) {
        *lock(&self.counters) = Counters::default();
    }

    /// Records the request, waits the added latency and acts out a fault that replaces
    /// the answer. `Err` is the whole response; `Ok` carries a fault that bends the
    /// answer still to be made (malformed, truncated, XML anyway, pass).
    pub(crate) async fn before(
        &self,
        method: &Method,
        uri: &Uri,
        headers: &HeaderMap,
    ) -> Result<Option<Fault>, Response> {
        let path = uri.path();
        lock(&self.counters).record(RecordedRequest::new(method, uri, headers));
        let latency = *lock(&self.latency);
        if !latency.is_zero() {
            tokio::time::sleep(latency).await;
        }
        let fault = self.next_fault();
        let html = |status: StatusCode, body: &str| {
            self.count_bytes(path, body.len());
            (
                status,
                [(header::CONTENT_TYPE, "text/html")],
                body.to_string(),
            )
                .into_response()
        };
        match &fault {
            Some(Fault::Status { status, body }) => {
                let status =
                    StatusCode::from_u16(*status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
                Err(html(status, body))
            }
            Some(Fault::Reset) => Err(faults::reset()),
            Some(Fault::Redirect { location }) => {
                let mut r = StatusCode::FOUND.into_response();
                if let Ok(l) = HeaderValue::from_str(location) {
                    r.headers_mut().insert(header::LOCATION, l);
                }
                Err(r)
            }
            Some(Fault::Slow(d)) => {
                tokio::time::sleep(*d).await;
                Ok(fault)
            }
            Some(Fault::TooMany {
                body,
                retry_after,
                content_type,
            }) => {
                self.count_bytes(path, body.len());
                let mut r = (StatusCode::TOO_MANY_REQUESTS, body.clone()).into_response();
                if let Ok(ct) = content_type.parse() {
                    r.headers_mut().insert(header::CONTENT_TYPE, ct);
                }
                if let Some(ra) = retry_after {
                    r.headers_mut().insert(header::RETRY_AFTER, (*ra).into());
                }
                Err(r)
            }
            Some(Fault::Maintenance { body, retry_after }) => {
                let mut r = html(StatusCode::SERVICE_UNAVAILABLE, body);
                if let Some(ra) = retry_after {
                    r.headers_mut().insert(header::RETRY_AFTER, (*ra).into());
                }
                Err(r)
            }
            Some(Fault::Timeout(d)) => {
                tokio::time::sleep(*d).await;
                Err(html(StatusCode::GATEWAY_TIMEOUT, "Gateway Timeout"))
            }
            Some(Fault::Flood {
                bytes,
                chunked,
                stall_after,
            }) => {
                self.count_bytes(path, usize::try_from(*bytes).unwrap_or(usize::MAX));
                Err(faults::flood(*bytes, *chunked, *stall_after))
            }
            _ => Ok(fault),
        }
    }

    /// Sends an answer, counting its bytes; a malformed fault swaps the body for
    /// `malformed`, a truncated one cuts it in half.
    pub(crate) fn finish(
        &self,
        path: &str,
        fault: Option<&Fault>,
        status: StatusCode,
        mut headers: HeaderMap,
        body: String,
        malformed: &str,
    ) -> Response {
        let body = if fault == Some(&Fault::Malformed) {
            malformed.to_string()
        } else {
            body
        };
        self.count_bytes(path, body.len());
        if fault == Some(&Fault::Truncated) {
            let ct = headers
                .get(header::CONTENT_TYPE)
                .and_then(|v| v.to_str().ok())
                .unwrap_or("application/octet-stream")
                .to_string();
            let mut r = faults::truncated(status, &ct, body);
            headers.remove(header::CONTENT_TYPE);
            headers.remove(header::CONTENT_LENGTH);
            r.headers_mut().extend(headers);
            return r;
        }
        let mut r = (status, body).into_response();
        r.headers_mut().extend(headers);
        r
    }
}
