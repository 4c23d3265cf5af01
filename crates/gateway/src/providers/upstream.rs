//! The per-tenant upstream client every provider shares: one pooled rustls client, the
//! tenant's credentials added, a cap on calls in flight, the budget counted, one retry
//! on a refused token, metrics and a log line per call, redirects away from the tenant's
//! host refused, and failures classified. What the answer means is the provider's
//! ([`Provider::decode`]).

use std::sync::Arc;
use std::time::{Duration, Instant};

use bytes::Bytes;
use reqwest::header::{
    ACCEPT, AUTHORIZATION, CONTENT_LENGTH, CONTENT_TYPE, HeaderMap, HeaderValue, LOCATION,
    RETRY_AFTER,
};
use serde_json::Value;

use super::budget::Budget;
use super::token::{self, ClientAuth, Credentials, TokenError, TokenManager};
use super::{Provider, Reader};
use crate::config::{AuthConfig, Secret};
use crate::config::{Config, TenantConfig};
use crate::events::EventSink;
use crate::field_message::FieldMessage;
use crate::observe;
use crate::outbound::without_url;
use crate::state::redis::Redis;
use base64::Engine as _;

/// A request to the tenant's system. `path_and_query` starts with `/`.
#[derive(Debug, Clone)]
pub struct UpstreamRequest {
    pub method: reqwest::Method,
    pub path_and_query: String,
    pub accept: HeaderValue,
    pub content_type: Option<HeaderValue>,
    pub body: Option<Bytes>,
}

impl UpstreamRequest {
    pub fn get(path_and_query: String) -> Self {
        UpstreamRequest {
            method: reqwest::Method::GET,
            path_and_query,
            accept: HeaderValue::from_static("application/json"),
            content_type: None,
            body: None,
        }
    }

    /// The body's media type, when it is not plain `application/json`.
    pub fn media_type(mut self, media_type: &'static str) -> Self {
        self.content_type = Some(HeaderValue::from_static(media_type));
        self
    }

    pub fn json(method: reqwest::Method, path_and_query: String, body: Bytes) -> Self {
        UpstreamRequest {
            method,
            path_and_query,
            accept: HeaderValue::from_static("application/json"),
            content_type: Some(HeaderValue::from_static("application/json")),
            body: Some(body),
        }
    }
}

/// The upstream's answer, whatever its status.
#[derive(Debug, Clone)]
pub struct UpstreamResponse {
    pub status: u16,
    pub headers: HeaderMap,
    pub body: Bytes,
}

impl UpstreamResponse {
    pub fn content_type(&self) -> &str {
        self.headers
            .get(CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
    }

    /// XML by its content type, or by its first byte when it names no JSON type.
    pub fn is_xml(&self) -> bool {
        let ct = self.content_type();
        ct.contains("xml")
            || (!ct.contains("json") && self.body.trim_ascii_start().starts_with(b"<"))
    }

    pub fn retry_after(&self) -> Option<Duration> {
        retry_after(&self.headers)
    }
}

/// The seconds a `Retry-After` header asks for.
fn retry_after(headers: &HeaderMap) -> Option<Duration> {
    let v = headers.get(RETRY_AFTER)?.to_str().ok()?;
    v.trim().parse::<u64>().ok().map(Duration::from_secs)
}

/// Why an upstream call gave no usable answer.
#[derive(Debug, thiserror::Error)]
pub enum UpstreamError {
    #[error("no upstream token for this tenant: {0}")]
    Auth(#[from] TokenError),
    #[error("the upstream did not answer within {0} ms")]
    Timeout(u64),
    #[error("the upstream could not be reached: {0}")]
    Unreachable(String),
    /// The upstream's 429, kept whole so it can be passed through unchanged.
    #[error("the upstream's rate limit was reached")]
    RateLimited(Box<UpstreamResponse>),
    #[error("the upstream answered {status}: {}", messages.iter().map(ToString::to_string).collect::<Vec<_>>().join("; "))]
    Status {
        status: u16,
        messages: Vec<FieldMessage>,
    },
    #[error("the upstream answered {status} with a body that could not be read: {reason}")]
    Malformed { status: u16, reason: String },
    /// A redirect away from the tenant's host: neither followed nor passed on.
    #[error("the upstream answered {status} redirecting to another host ({host}); not followed")]
    OffHostRedirect { status: u16, host: String },
    /// The answer is larger than a call may read; reading stopped at the cap (or before
    /// the first byte, when the declared length was already beyond it).
    #[error(
        "the upstream answered {status} with a body larger than the {limit} bytes one call may read (server.max_upstream_body_bytes){}",
        declared.map(|n| format!("; it declared {n} bytes")).unwrap_or_default()
    )]
    TooLarge {
        status: u16,
        limit: usize,
        declared: Option<u64>,
    },
    /// The upstream refused the tenant's token on a request whose body was streamed and
    /// cannot be sent again; the token has been dropped, so a new attempt gets a fresh one.
    #[error(
        "the upstream refused the tenant's token; a fresh one will be used: send the request again"
    )]
    TokenRefused,
}

/// A caller's body sent upstream as it arrives. It can be sent only once: a request
/// carrying one is not retried after a refused token.
pub struct StreamedBody {
    pub body: reqwest::Body,
    /// The caller's declared length, passed on so the upstream sees the same framing.
    pub length: Option<u64>,
}

/// Longest answer [`Upstream::open`] reads whole before handing it on, when the upstream
/// declares its length: most pass-through answers are pages of a few kB, for which a task
/// and a channel per call, and the body written on to the caller chunk by chunk, cost
/// more than the bytes. Read whole, the call ends (and its slot goes back) as soon as the
/// upstream has sent it, whatever the caller's pace. Such a buffer outlives the slot until
/// the caller has read it, so this bound times the connections served is what such
/// answers can hold; longer or undeclared answers are streamed and hold a chunk or two.
pub const WHOLE_ANSWER_MAX: u64 = 256 * 1024;

/// An answer for passing through: its head, and its body read whole or still to come.
pub struct UpstreamStream {
    pub status: u16,
    pub headers: HeaderMap,
    /// The declared length of the body, when the upstream declared one.
    pub length: Option<u64>,
    pub body: AnswerBody,
}

/// The body of an [`UpstreamStream`].
pub enum AnswerBody {
    /// Read whole: the upstream declared a length of at most [`WHOLE_ANSWER_MAX`].
    Whole(Bytes),
    /// Still to come; it holds the tenant's upstream slot until it ends or is dropped.
    Streamed(StreamedAnswer),
}

/// The body of an [`UpstreamStream`]. A task of its own reads it from the upstream and
/// hands it on a chunk or two ahead of the caller, holding the tenant's upstream slot,
/// counting and logging the call. The call ends within the upstream timeout however
/// slowly the caller reads (a caller that stops reading cannot pin the slot), and as soon
/// as the caller goes away. A body cut short ends in an error, never in a clean end.
pub struct StreamedAnswer {
    chunks: tokio::sync::mpsc::Receiver<Bytes>,
    complete: Arc<std::sync::atomic::AtomicBool>,
    ended: bool,
}

impl futures::Stream for StreamedAnswer {
    type Item = Result<Bytes, std::io::Error>;

    fn poll_next(
        mut self: std::pin::Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
    ) -> std::task::Poll<Option<Self::Item>> {
        use std::task::Poll;
        if self.ended {
            return Poll::Ready(None);
        }
        match self.chunks.poll_recv(cx) {
            Poll::Pending => Poll::Pending,
            Poll::Ready(Some(chunk)) => Poll::Ready(Some(Ok(chunk))),
            Poll::Ready(None) => {
                self.ended = true;
                if self.complete.load(std::sync::atomic::Ordering::Acquire) {
                    Poll::Ready(None)
                } else {
                    Poll::Ready(Some(Err(std::io::Error::other(
                        "the upstream answer was cut short (upstream error or timeout)",
                    ))))
                }
            }
        }
    }
}

impl StreamedAnswer {
    /// Starts the task that reads `resp`'s body until it ends, the caller goes away, or
    /// `deadline` passes.
    fn pump(
        resp: reqwest::Response,
        call: CallLog,
        slot: tokio::sync::OwnedSemaphorePermit,
        deadline: tokio::time::Instant,
    ) -> StreamedAnswer {
        use futures::StreamExt;
        let (tx, chunks) = tokio::sync::mpsc::channel(2);
        let complete = Arc::new(std::sync::atomic::AtomicBool::new(false));
        let done = complete.clone();
        tokio::spawn(async move {
            let _slot = slot;
            let mut bytes = 0u64;
            let mut body = resp.bytes_stream();
            let read = async {
                while let Some(chunk) = body.next().await {
                    let Ok(chunk) = chunk else { return false };
                    bytes += chunk.len() as u64;
                    if tx.send(chunk).await.is_err() {
                        return false;
                    }
                }
                true
            };
            if let Ok(true) = tokio::time::timeout_at(deadline, read).await {
                done.store(true, std::sync::atomic::Ordering::Release);
            }
            call.done(bytes);
        });
        StreamedAnswer {
            chunks,
            complete,
            ended: false,
        }
    }
}

/// What the log line of one upstream call says, written once its body is read.
struct CallLog {
    tenant: String,
    method: reqwest::Method,
    path: String,
    status: u16,
    started: Instant,
}

impl CallLog {
    fn done(&self, bytes: u64) {
        metrics::counter!(observe::UPSTREAM_BYTES, "tenant" => self.tenant.clone())
            .increment(bytes);
        // debug, not info: a line per call costs more than the rest of a small page's
        // overhead at load (formatting and a locked stderr write on the request's path);
        // the counters above keep the totals
        tracing::debug!(
            tenant = %self.tenant,
            method = %self.method,
            path = %self.path,
            status = self.status,
            bytes,
            ms = self.started.elapsed().as_millis() as u64,
            "upstream call"
        );
    }
}

/// One tenant's upstream: its provider, base URL, tokens, budget, and a cap on calls in
/// flight.
#[derive(Debug)]
pub struct Upstream {
    pub id: String,
    pub provider: Provider,
    base_url: String,
    /// How calls are authorised: a token manager, or fixed Basic credentials.
    pub auth: Auth,
    pub budget: Budget,
    slots: Arc<tokio::sync::Semaphore>,
    http: reqwest::Client,
    timeout: Duration,
    /// Largest answer [`Upstream::send`] reads.
    max_body: usize,
    /// Calls made and 429s received since this process built the tenant (`/admin`).
    pub counts: CallCounts,
}

/// A tenant's upstream calls and 429s, counted in this process.
#[derive(Debug, Default)]
pub struct CallCounts {
    pub requests: std::sync::atomic::AtomicU64,
    pub rate_limited: std::sync::atomic::AtomicU64,
}

impl Upstream {
    pub fn new(
        t: &TenantConfig,
        config: &Config,
        http: reqwest::Client,
        events: EventSink,
        shared: Option<Redis>,
    ) -> Self {
        let base_url = t.base_url.trim_end_matches('/').to_string();
        let oauth = |token_url: String, client_id: &str, secret: &Secret, scopes, client_auth| {
            Credentials {
                tenant_id: t.id.clone(),
                token_url,
                client_id: client_id.to_string(),
                client_secret: secret.clone(),
                scopes,
                client_auth,
            }
        };
        let creds = match &t.auth {
            Some(AuthConfig::Basic { username, password }) => Err(Secret::new(format!(
                "Basic {}",
                base64::engine::general_purpose::STANDARD
                    .encode(format!("{username}:{}", password.expose()))
            ))),
            Some(AuthConfig::Oauth {
                token_url,
                client_id,
                client_secret,
                scope,
            }) => Ok(oauth(
                token_url.clone(),
                client_id,
                client_secret,
                scope.iter().map(|s| s.to_string()).collect(),
                ClientAuth::Basic,
            )),
            None => Ok(oauth(
                t.provider.token_url(&base_url).unwrap_or_default(),
                &t.client_id,
                &t.client_secret,
                t.scopes.clone(),
                ClientAuth::Form,
            )),
        };
        let min_age = t
            .provider
            .token_min_age(Duration::from_millis(config.server.token_min_age_ms));
        Upstream {
            id: t.id.clone(),
            provider: t.provider,
            base_url,
            auth: match creds {
                Ok(creds) => Auth::OAuth(Arc::new(TokenManager::new(
                    creds,
                    http.clone(),
                    events,
                    min_age,
                    shared.clone(),
                ))),
                Err(header) => Auth::Basic(header),
            },
            budget: Budget::shared(t.rate_limit, shared.map(|r| (r, t.id.clone())))
                .with_burst(t.provider.burst()),
            slots: Arc::new(tokio::sync::Semaphore::new(
                config.server.max_upstream_concurrency,
            )),
            http,
            timeout: Duration::from_millis(config.server.upstream_timeout_ms),
            max_body: config.server.max_upstream_body_bytes,
            counts: CallCounts::default(),
        }
    }

    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    /// Sends a request with the tenant's token and reads the answer whole, up to
    /// `server.max_upstream_body_bytes` (a declared length beyond it is refused before the
    /// body is read; a chunked one is counted as it arrives and dropped at the cap). A 401
    /// drops the token and the request is sent once more with a fresh one (Coupa processed
    /// nothing, so writes are safe too). Any other status is returned as is; a 429 (or
    /// what the provider throttles with instead, [`Provider::is_throttled`]) also updates
    /// the budget.
    pub async fn send(&self, req: &UpstreamRequest) -> Result<UpstreamResponse, UpstreamError> {
        let _slot = self.slot().await?;
        let (resp, call) = self.exchange(req, None).await?;
        let headers = resp.headers().clone();
        let status = call.status;
        let body = self.read_capped(resp, &call).await?;
        let resp = UpstreamResponse {
            status,
            headers,
            body,
        };
        if self.provider.is_throttled(status, &resp.headers) {
            self.budget.record_429(resp.retry_after()).await;
        }
        if let Some(host) = off_host_redirect(status, &resp.headers, &self.base_url) {
            return Err(UpstreamError::OffHostRedirect { status, host });
        }
        Ok(resp)
    }

    /// Sends a request and hands back the answer's head with its body read whole when it
    /// declares at most [`WHOLE_ANSWER_MAX`] bytes (an answer cut short then is an error
    /// here), else still to come (not bound by `max_upstream_body_bytes`: it is passed on,
    /// not held). Either way the whole call, body included, ends within the upstream
    /// timeout. The request body is `req.body` or, when given, `stream` (sent once: a 401
    /// then is [`UpstreamError::TokenRefused`]). A 429 is read whole (within the cap) so
    /// it can be passed through unchanged.
    pub async fn open(
        &self,
        req: &UpstreamRequest,
        stream: Option<StreamedBody>,
    ) -> Result<UpstreamStream, UpstreamError> {
        let slot = self.slot().await?;
        let (resp, call) = self.exchange(req, stream).await?;
        let status = call.status;
        let headers = resp.headers().clone();
        if status == 429 {
            let body = self.read_capped(resp, &call).await?;
            let resp = UpstreamResponse {
                status,
                headers,
                body,
            };
            self.budget.record_429(resp.retry_after()).await;
            return Err(UpstreamError::RateLimited(Box::new(resp)));
        }
        if self.provider.is_throttled(status, &headers) {
            self.budget.record_429(retry_after(&headers)).await;
        }
        if let Some(host) = off_host_redirect(status, &headers, &self.base_url) {
            call.done(0);
            return Err(UpstreamError::OffHostRedirect { status, host });
        }
        let deadline = tokio::time::Instant::from_std(call.started) + self.timeout;
        let length = resp.content_length();
        let body = match length {
            Some(n) if n <= WHOLE_ANSWER_MAX => {
                let body = self.read_by(resp, &call, deadline).await;
                drop(slot);
                AnswerBody::Whole(body?)
            }
            _ => AnswerBody::Streamed(StreamedAnswer::pump(resp, call, slot, deadline)),
        };
        Ok(UpstreamStream {
            status,
            length,
            headers,
            body,
        })
    }

    /// Reads a body of at most [`WHOLE_ANSWER_MAX`] bytes whole by `deadline`.
    async fn read_by(
        &self,
        resp: reqwest::Response,
        call: &CallLog,
        deadline: tokio::time::Instant,
    ) -> Result<Bytes, UpstreamError> {
        let limit = WHOLE_ANSWER_MAX as usize;
        let outcome = tokio::time::timeout_at(deadline, read_at_most(resp, limit)).await;
        let (read, result) = match outcome {
            Ok(Ok(body)) => (body.len(), Ok(body)),
            Ok(Err((Unread::Failed(e), read))) => (read, Err(self.classify(e))),
            Ok(Err((Unread::TooLarge { declared }, read))) => (
                read,
                Err(UpstreamError::TooLarge {
                    status: call.status,
                    limit,
                    declared,
                }),
            ),
            Err(_) => (
                0,
                Err(UpstreamError::Timeout(self.timeout.as_millis() as u64)),
            ),
        };
        call.done(read as u64);
        result
    }

    async fn slot(&self) -> Result<tokio::sync::OwnedSemaphorePermit, UpstreamError> {
        self.slots
            .clone()
            .acquire_owned()
            .await
            .map_err(|_| UpstreamError::Unreachable("shutting down".into()))
    }

    /// The call with the tenant's token, and once more with a fresh token after a 401
    /// when the body can be sent again.
    async fn exchange(
        &self,
        req: &UpstreamRequest,
        stream: Option<StreamedBody>,
    ) -> Result<(reqwest::Response, CallLog), UpstreamError> {
        let tokens = match &self.auth {
            Auth::Basic(header) => return self.send_once(req, header.expose(), stream).await,
            Auth::OAuth(tokens) => tokens,
        };
        let token = tokens.token().await?;
        let replayable = stream.is_none();
        let (resp, call) = self.send_once(req, &bearer(&token), stream).await?;
        if call.status != 401 {
            return Ok((resp, call));
        }
        drop(resp);
        call.done(0);
        tokens.invalidate(&token);
        if !replayable {
            return Err(UpstreamError::TokenRefused);
        }
        let fresh = tokens.token().await?;
        self.send_once(req, &bearer(&fresh), None).await
    }

    /// One call, up to the answer's head.
    async fn send_once(
        &self,
        req: &UpstreamRequest,
        authorization: &str,
        stream: Option<StreamedBody>,
    ) -> Result<(reqwest::Response, CallLog), UpstreamError> {
        let url = format!("{}{}", self.base_url, req.path_and_query);
        let mut builder = self
            .http
            .request(req.method.clone(), url)
            .header(ACCEPT, req.accept.clone())
            .header(AUTHORIZATION, authorization)
            .timeout(self.timeout);
        for (name, value) in self.provider.request_headers(&req.method) {
            builder = builder.header(*name, *value);
        }
        if let Some(ct) = &req.content_type {
            builder = builder.header(CONTENT_TYPE, ct.clone());
        }
        match stream {
            Some(s) => {
                if let Some(n) = s.length {
                    builder = builder.header(CONTENT_LENGTH, n);
                }
                builder = builder.body(s.body);
            }
            None => {
                if let Some(body) = &req.body {
                    builder = builder.body(body.clone());
                }
            }
        }
        self.budget.pace().await;
        self.budget.record_call().await;
        let started = Instant::now();
        let tenant = self.id.clone();
        let result = builder.send().await.map_err(|e| self.classify(e));
        let status_label = match &result {
            Ok(resp) => resp.status().as_u16().to_string(),
            Err(UpstreamError::Timeout(_)) => "timeout".into(),
            Err(_) => "error".into(),
        };
        metrics::counter!(observe::UPSTREAM_REQUESTS, "tenant" => tenant.clone(), "status" => status_label)
            .increment(1);
        let relaxed = std::sync::atomic::Ordering::Relaxed;
        self.counts.requests.fetch_add(1, relaxed);
        metrics::histogram!(observe::UPSTREAM_DURATION, "tenant" => tenant.clone())
            .record(started.elapsed().as_secs_f64());
        let resp = result?;
        let status = resp.status().as_u16();
        if status == 429 {
            metrics::counter!(observe::UPSTREAM_429, "tenant" => tenant.clone()).increment(1);
            self.counts.rate_limited.fetch_add(1, relaxed);
        }
        let call = CallLog {
            tenant,
            method: req.method.clone(),
            path: req
                .path_and_query
                .split('?')
                .next()
                .unwrap_or("")
                .to_string(),
            status,
            started,
        };
        Ok((resp, call))
    }

    fn classify(&self, e: reqwest::Error) -> UpstreamError {
        if e.is_timeout() {
            UpstreamError::Timeout(self.timeout.as_millis() as u64)
        } else {
            UpstreamError::Unreachable(without_url(&e))
        }
    }

    /// Reads an answer's body whole, up to `max_body` bytes.
    async fn read_capped(
        &self,
        resp: reqwest::Response,
        call: &CallLog,
    ) -> Result<Bytes, UpstreamError> {
        let limit = self.max_body;
        match read_at_most(resp, limit).await {
            Ok(body) => {
                call.done(body.len() as u64);
                Ok(body)
            }
            Err((why, read)) => {
                call.done(read as u64);
                Err(match why {
                    Unread::TooLarge { declared } => UpstreamError::TooLarge {
                        status: call.status,
                        limit,
                        declared,
                    },
                    Unread::Failed(e) => self.classify(e),
                })
            }
        }
    }

    /// A JSON read, decoded by the provider; `read` parses a successful JSON answer (a
    /// resource's projection reads only the fields its mapping uses). 429 and failures
    /// come back as errors.
    pub async fn read_json_with(
        &self,
        path_and_query: String,
        read: &Reader<'_>,
    ) -> Result<Value, UpstreamError> {
        let resp = self.send(&UpstreamRequest::get(path_and_query)).await?;
        self.provider.decode(resp, read)
    }

    /// Sends a request and decodes the answer, reading a successful body whole.
    pub async fn send_json(&self, req: &UpstreamRequest) -> Result<Value, UpstreamError> {
        let resp = self.send(req).await?;
        self.provider.decode(resp, &|b| serde_json::from_slice(b))
    }
}

/// How a tenant's calls are authorised.
#[derive(Debug)]
pub enum Auth {
    /// Bearer tokens from an OAuth client-credentials grant.
    OAuth(Arc<TokenManager>),
    /// A fixed `Authorization: Basic …` value.
    Basic(Secret),
}

impl Auth {
    /// The token manager, for a tenant that has one.
    pub fn tokens(&self) -> Option<&Arc<TokenManager>> {
        match self {
            Auth::OAuth(t) => Some(t),
            Auth::Basic(_) => None,
        }
    }

    /// What `/admin` shows of the tenant's authentication.
    pub fn status(&self) -> token::TokenStatus {
        match self {
            Auth::OAuth(t) => t.status(),
            Auth::Basic(_) => token::TokenStatus::basic(),
        }
    }
}

fn bearer(token: &token::Token) -> String {
    format!("Bearer {}", token.value.expose())
}

/// Why [`read_at_most`] did not read a body whole.
pub(crate) enum Unread {
    /// Longer than the limit: declared so (nothing was read), or counted so.
    TooLarge {
        declared: Option<u64>,
    },
    Failed(reqwest::Error),
}

/// Reads a body whole if it is at most `limit` bytes, into a buffer no larger than the
/// body: exactly its declared length, or grown by doubling within the limit. A declared
/// length beyond the limit is refused before any byte is read; an undeclared one is
/// counted chunk by chunk and dropped as soon as it passes the limit. On failure, also
/// how many bytes were read.
pub(crate) async fn read_at_most(
    mut resp: reqwest::Response,
    limit: usize,
) -> Result<Bytes, (Unread, usize)> {
    let declared = resp.content_length();
    if let Some(n) = declared
        && n > limit as u64
    {
        return Err((Unread::TooLarge { declared }, 0));
    }
    let mut buf: Vec<u8> = Vec::with_capacity(declared.unwrap_or(0) as usize);
    loop {
        let chunk = match resp.chunk().await {
            Ok(Some(c)) => c,
            Ok(None) => break,
            Err(e) => return Err((Unread::Failed(e), buf.len())),
        };
        let needed = buf.len() + chunk.len();
        if needed > limit {
            return Err((Unread::TooLarge { declared }, buf.len()));
        }
        if needed > buf.capacity() {
            let grown = (buf.capacity() * 2).max(needed).max(16 * 1024).min(limit);
            buf.reserve_exact(grown - buf.len());
        }
        buf.extend_from_slice(&chunk);
    }
    Ok(Bytes::from(buf))
}

/// The foreign host of a redirect whose `Location` leaves the tenant's origin: such an
/// answer is never followed nor handed on, whoever made the call.
fn off_host_redirect(status: u16, headers: &HeaderMap, base_url: &str) -> Option<String> {
    if !(300..400).contains(&status) {
        return None;
    }
    let location = headers.get(LOCATION)?;
    let base = url::Url::parse(base_url).ok()?;
    match location.to_str().ok().and_then(|l| base.join(l).ok()) {
        Some(t) if t.origin() == base.origin() => None,
        Some(t) => Some(t.host_str().unwrap_or("?").to_string()),
        None => Some("an unreadable location".into()),
    }
}
