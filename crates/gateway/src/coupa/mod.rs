//! Everything that knows Coupa's wire: per-tenant upstream clients with their tokens and
//! rate budgets, the call itself (auth added, one retry on a refused token), XML
//! converted to JSON, and upstream failures classified.

pub mod budget;
pub mod dns;
pub mod query;
pub mod token;
pub mod xml;

use std::collections::HashMap;
use std::sync::Arc;
use std::time::{Duration, Instant};

use bytes::Bytes;
use reqwest::header::{
    ACCEPT, AUTHORIZATION, CONTENT_TYPE, HeaderMap, HeaderValue, LOCATION, RETRY_AFTER,
};
use serde_json::Value;

use crate::config::{Config, TenantConfig};
use crate::events::{EventSink, without_url};
use crate::observe;
use crate::state::redis::Redis;
use budget::Budget;
use token::{Credentials, TokenError, TokenManager};

/// All tenants' upstreams, built once from the config.
#[derive(Debug)]
pub struct Coupa {
    tenants: HashMap<String, Arc<Upstream>>,
}

impl Coupa {
    /// Builds every tenant's client and starts token pre-warm and renewal.
    pub fn start(config: &Config, events: EventSink, shared: Option<Redis>) -> Coupa {
        let http = http_client(config.server.upstream_timeout_ms);
        let tenants = config
            .tenants
            .iter()
            .map(|t| {
                let upstream = Arc::new(Upstream::new(
                    t,
                    config,
                    http.clone(),
                    events.clone(),
                    shared.clone(),
                ));
                token::spawn_renewal(Arc::downgrade(&upstream.tokens));
                (t.id.clone(), upstream)
            })
            .collect();
        Coupa { tenants }
    }

    pub fn tenant(&self, id: &str) -> Option<&Arc<Upstream>> {
        self.tenants.get(id)
    }

    pub fn tenants(&self) -> impl Iterator<Item = &Arc<Upstream>> {
        self.tenants.values()
    }
}

/// The HTTP client for Coupa: rustls, pooled, no redirects followed (a redirect could
/// lead away from the tenant's host).
pub fn http_client(timeout_ms: u64) -> reqwest::Client {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .dns_resolver(Arc::new(dns::PinnedResolver::system(Duration::from_secs(
            600,
        ))))
        .connect_timeout(Duration::from_millis(timeout_ms.min(10_000)))
        .pool_idle_timeout(Duration::from_secs(60))
        .no_proxy()
        .build()
        .expect("the TLS backend initialises")
}

/// A request to the tenant's Coupa. `path_and_query` starts with `/api/`.
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

/// Coupa's answer, whatever its status.
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

    fn is_xml(&self) -> bool {
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
    #[error("no Coupa token for this tenant: {0}")]
    Auth(#[from] TokenError),
    #[error("Coupa did not answer within {0} ms")]
    Timeout(u64),
    #[error("Coupa could not be reached: {0}")]
    Unreachable(String),
    /// Coupa's 429, kept whole so it can be passed through unchanged.
    #[error("Coupa's rate limit was reached")]
    RateLimited(Box<UpstreamResponse>),
    #[error("Coupa answered {status}: {}", messages.iter().map(ToString::to_string).collect::<Vec<_>>().join("; "))]
    Status {
        status: u16,
        messages: Vec<CoupaMessage>,
    },
    #[error("Coupa answered {status} with a body that could not be read: {reason}")]
    Malformed { status: u16, reason: String },
    /// A redirect away from the tenant's host: neither followed nor passed on.
    #[error("Coupa answered {status} redirecting to another host ({host}); not followed")]
    OffHostRedirect { status: u16, host: String },
}

/// One message of a Coupa error body, with the attribute it names when it names one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CoupaMessage {
    pub field: Option<String>,
    pub message: String,
}

impl std::fmt::Display for CoupaMessage {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.field {
            Some(field) => write!(f, "{field} {}", self.message),
            None => f.write_str(&self.message),
        }
    }
}

impl CoupaMessage {
    fn plain(message: String) -> Self {
        CoupaMessage {
            field: None,
            message,
        }
    }
}

/// One tenant's Coupa: base URL, tokens, budget, and a cap on calls in flight.
#[derive(Debug)]
pub struct Upstream {
    pub id: String,
    base_url: String,
    pub tokens: Arc<TokenManager>,
    pub budget: Budget,
    slots: tokio::sync::Semaphore,
    http: reqwest::Client,
    timeout: Duration,
}

impl Upstream {
    fn new(
        t: &TenantConfig,
        config: &Config,
        http: reqwest::Client,
        events: EventSink,
        shared: Option<Redis>,
    ) -> Self {
        let base_url = t.base_url.trim_end_matches('/').to_string();
        let creds = Credentials {
            tenant_id: t.id.clone(),
            token_url: format!("{base_url}/oauth2/token"),
            client_id: t.client_id.clone(),
            client_secret: t.client_secret.clone(),
            scopes: t.scopes.clone(),
        };
        let min_age = Duration::from_millis(config.server.token_min_age_ms);
        Upstream {
            id: t.id.clone(),
            base_url,
            tokens: Arc::new(TokenManager::new(
                creds,
                http.clone(),
                events,
                min_age,
                shared.clone(),
            )),
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
        let token = self.tokens.token().await?;
        let mut resp = self.send_once(req, &token).await?;
        if resp.status == 401 {
            self.tokens.invalidate(&token);
            let fresh = self.tokens.token().await?;
            resp = self.send_once(req, &fresh).await?;
        }
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
        token: &token::Token,
    ) -> Result<UpstreamResponse, UpstreamError> {
        let url = format!("{}{}", self.base_url, req.path_and_query);
        let mut builder = self
            .http
            .request(req.method.clone(), url)
            .header(ACCEPT, req.accept.clone())
            .header(AUTHORIZATION, format!("Bearer {}", token.value.expose()))
            .timeout(self.timeout);
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

    /// A JSON read: the body as JSON (converted when Coupa sent XML). An XML 404 for an
    /// empty query is an empty list. 429 and failures come back as errors.
    pub async fn read_json(&self, path_and_query: String) -> Result<Value, UpstreamError> {
        let resp = self.send(&UpstreamRequest::get(path_and_query)).await?;
        decode(resp)
    }

    /// [`Upstream::read_json`] with the parser of a successful JSON answer given: a
    /// resource's projection reads only the fields its mapping uses.
    pub async fn read_json_with(
        &self,
        path_and_query: String,
        read: &(dyn Fn(&[u8]) -> serde_json::Result<Value> + Sync),
    ) -> Result<Value, UpstreamError> {
        let resp = self.send(&UpstreamRequest::get(path_and_query)).await?;
        decode_with(resp, read)
    }

    /// Sends a request and decodes the answer as [`Upstream::read_json`] does.
    pub async fn send_json(&self, req: &UpstreamRequest) -> Result<Value, UpstreamError> {
        let resp = self.send(req).await?;
        decode(resp)
    }
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

const NO_RESULTS: &str = "No results match your search criteria.";

/// Turns a Coupa answer into JSON or a classified error.
pub fn decode(resp: UpstreamResponse) -> Result<Value, UpstreamError> {
    decode_with(resp, &|b| serde_json::from_slice(b))
}

/// [`decode`], reading a successful JSON body with `read` (error bodies are read whole).
fn decode_with(
    resp: UpstreamResponse,
    read: &(dyn Fn(&[u8]) -> serde_json::Result<Value> + Sync),
) -> Result<Value, UpstreamError> {
    let status = resp.status;
    if status == 429 {
        return Err(UpstreamError::RateLimited(Box::new(resp)));
    }
    if resp.body.trim_ascii().is_empty() {
        return if (200..300).contains(&status) {
            Ok(Value::Null)
        } else {
            Err(UpstreamError::Status {
                status,
                messages: vec![],
            })
        };
    }
    let value = if resp.is_xml() {
        let doc = xml::to_json(&resp.body).map_err(|e| UpstreamError::Malformed {
            status,
            reason: e.to_string(),
        })?;
        if let Some(messages) = xml::error_messages(&doc) {
            if status == 404 && messages.iter().any(|m| m == NO_RESULTS) {
                return Ok(Value::Array(vec![]));
            }
            let messages = messages.into_iter().map(CoupaMessage::plain).collect();
            return Err(UpstreamError::Status { status, messages });
        }
        doc.value
    } else if (200..300).contains(&status) {
        read(&resp.body).map_err(|e| UpstreamError::Malformed {
            status,
            reason: e.to_string(),
        })?
    } else {
        serde_json::from_slice::<Value>(&resp.body).map_err(|e| UpstreamError::Malformed {
            status,
            reason: e.to_string(),
        })?
    };
    if (200..300).contains(&status) {
        Ok(value)
    } else {
        Err(UpstreamError::Status {
            status,
            messages: json_error_messages(&value),
        })
    }
}

/// Messages of a Coupa JSON error body: `{"errors": {"field": ["msg", …]}}` keeps the
/// field; plain strings are kept as they are.
pub fn json_error_messages(value: &Value) -> Vec<CoupaMessage> {
    let mut out = Vec::new();
    let field_msg = |field: &str, message: &str| CoupaMessage {
        field: Some(field.to_string()),
        message: message.to_string(),
    };
    match value.get("errors") {
        Some(Value::Object(fields)) => {
            for (field, msgs) in fields {
                match msgs {
                    Value::Array(items) => {
                        for m in items.iter().filter_map(Value::as_str) {
                            out.push(field_msg(field, m));
                        }
                    }
                    Value::String(m) => out.push(field_msg(field, m)),
                    _ => {}
                }
            }
        }
        Some(Value::Array(items)) => out.extend(
            items
                .iter()
                .filter_map(|v| v.as_str().map(|s| CoupaMessage::plain(s.to_string()))),
        ),
        Some(Value::String(s)) => out.push(CoupaMessage::plain(s.clone())),
        _ => {}
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn resp(status: u16, ct: &str, body: &str) -> UpstreamResponse {
        let mut headers = HeaderMap::new();
        headers.insert(CONTENT_TYPE, HeaderValue::from_str(ct).unwrap());
        UpstreamResponse {
            status,
            headers,
            body: Bytes::from(body.to_string()),
        }
    }

    #[test]
    fn xml_404_empty_is_an_empty_list() {
        let r = resp(
            404,
            "application/xml",
            "<?xml version=\"1.0\"?><errors><error>No results match your search criteria.</error></errors>",
        );
        assert_eq!(decode(r).unwrap(), json!([]));
    }

    #[test]
    fn xml_other_404_is_an_error() {
        let r = resp(
            404,
            "application/xml",
            "<errors><error>Not found</error></errors>",
        );
        assert!(matches!(
            decode(r),
            Err(UpstreamError::Status { status: 404, .. })
        ));
    }

    #[test]
    fn json_errors_are_flattened() {
        let r = resp(
            400,
            "application/json",
            r#"{"errors":{"supplier":["can't be blank"]}}"#,
        );
        match decode(r) {
            Err(UpstreamError::Status { status, messages }) => {
                assert_eq!(status, 400);
                assert_eq!(messages[0].to_string(), "supplier can't be blank");
                assert_eq!(messages[0].field.as_deref(), Some("supplier"));
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn malformed_json_is_classified() {
        let r = resp(200, "application/json", "[{\"id\": 1,");
        assert!(matches!(
            decode(r),
            Err(UpstreamError::Malformed { status: 200, .. })
        ));
    }
}
