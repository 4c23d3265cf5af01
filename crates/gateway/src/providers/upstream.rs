//! The per-tenant upstream client every provider shares: one pooled rustls client, the
//! tenant's credentials added, a cap on calls in flight, the budget counted, one retry
//! on a refused token, metrics and a log line per call, redirects away from the tenant's
//! host refused, and failures classified. What the answer means is the provider's
//! ([`Provider::decode`]).

use std::sync::Arc;
use std::time::{Duration, Instant};

use bytes::Bytes;
use reqwest::header::{
    ACCEPT, AUTHORIZATION, CONTENT_TYPE, HeaderMap, HeaderValue, LOCATION, RETRY_AFTER,
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
        let v = self.headers.get(RETRY_AFTER)?.to_str().ok()?;
        v.trim().parse::<u64>().ok().map(Duration::from_secs)
    }
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
    slots: tokio::sync::Semaphore,
    http: reqwest::Client,
    timeout: Duration,
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
        let min_age = Duration::from_millis(config.server.token_min_age_ms);
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
            budget: Budget::shared(t.rate_limit, shared.map(|r| (r, t.id.clone()))),
            slots: tokio::sync::Semaphore::new(config.server.max_upstream_concurrency),
            http,
            timeout: Duration::from_millis(config.server.upstream_timeout_ms),
        }
    }

    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    /// Sends a request with the tenant's token. A 401 drops the token and the request is
    /// sent once more with a fresh one (Coupa processed nothing, so writes are safe too).
    /// Any other status is returned as is; a 429 also updates the budget.
    pub async fn send(&self, req: &UpstreamRequest) -> Result<UpstreamResponse, UpstreamError> {
        let _slot = self
            .slots
            .acquire()
            .await
            .map_err(|_| UpstreamError::Unreachable("shutting down".into()))?;
        let resp = match &self.auth {
            Auth::Basic(header) => self.send_once(req, header.expose()).await?,
            Auth::OAuth(tokens) => {
                let token = tokens.token().await?;
                let resp = self.send_once(req, &bearer(&token)).await?;
                if resp.status == 401 {
                    tokens.invalidate(&token);
                    let fresh = tokens.token().await?;
                    self.send_once(req, &bearer(&fresh)).await?
                } else {
                    resp
                }
            }
        };
        if resp.status == 429 {
            self.budget.record_429(resp.retry_after()).await;
        }
        if let Some(host) = off_host_redirect(&resp, &self.base_url) {
            return Err(UpstreamError::OffHostRedirect {
                status: resp.status,
                host,
            });
        }
        Ok(resp)
    }

    async fn send_once(
        &self,
        req: &UpstreamRequest,
        authorization: &str,
    ) -> Result<UpstreamResponse, UpstreamError> {
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
        if let Some(body) = &req.body {
            builder = builder.body(body.clone());
        }
        self.budget.record_call().await;
        let started = Instant::now();
        let timeout_ms = self.timeout.as_millis() as u64;
        let classify = |e: reqwest::Error| {
            if e.is_timeout() {
                UpstreamError::Timeout(timeout_ms)
            } else {
                UpstreamError::Unreachable(without_url(&e))
            }
        };
        let tenant = self.id.clone();
        let result = async {
            let resp = builder.send().await.map_err(classify)?;
            let status = resp.status().as_u16();
            let headers = resp.headers().clone();
            let body = resp.bytes().await.map_err(classify)?;
            Ok::<_, UpstreamError>((status, headers, body))
        }
        .await;
        let status_label = match &result {
            Ok((status, _, _)) => status.to_string(),
            Err(UpstreamError::Timeout(_)) => "timeout".into(),
            Err(_) => "error".into(),
        };
        metrics::counter!(observe::UPSTREAM_REQUESTS, "tenant" => tenant.clone(), "status" => status_label)
            .increment(1);
        metrics::histogram!(observe::UPSTREAM_DURATION, "tenant" => tenant.clone())
            .record(started.elapsed().as_secs_f64());
        let (status, headers, body) = result?;
        metrics::counter!(observe::UPSTREAM_BYTES, "tenant" => tenant.clone())
            .increment(body.len() as u64);
        if status == 429 {
            metrics::counter!(observe::UPSTREAM_429, "tenant" => tenant).increment(1);
        }
        tracing::info!(
            tenant = %self.id,
            method = %req.method,
            path = %req.path_and_query.split('?').next().unwrap_or(""),
            status,
            bytes = body.len(),
            ms = started.elapsed().as_millis() as u64,
            "upstream call"
        );
        Ok(UpstreamResponse {
            status,
            headers,
            body,
        })
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

/// The foreign host of a redirect whose `Location` leaves the tenant's origin: such an
/// answer is never followed nor handed on, whoever made the call.
fn off_host_redirect(resp: &UpstreamResponse, base_url: &str) -> Option<String> {
    if !(300..400).contains(&resp.status) {
        return None;
    }
    let location = resp.headers.get(LOCATION)?;
    let base = url::Url::parse(base_url).ok()?;
    match location.to_str().ok().and_then(|l| base.join(l).ok()) {
        Some(t) if t.origin() == base.origin() => None,
        Some(t) => Some(t.host_str().unwrap_or("?").to_string()),
        None => Some("an unreadable location".into()),
    }
}
