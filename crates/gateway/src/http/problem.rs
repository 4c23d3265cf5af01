//! RFC 9457 problem details: the one error type of the HTTP edge and its rendering,
//! with the request id filled in on the way out.

use std::borrow::Cow;

use axum::extract::Request;
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use serde_json::{Map, Value, json};

use crate::providers::UpstreamError;
use crate::providers::token::TokenError;

pub const PROBLEM_BASE: &str = "https://procura.dev/problems/";
pub const PROBLEM_JSON: &str = "application/problem+json";

/// Every problem type procura answers with (after [`PROBLEM_BASE`]); `openapi.yaml`
/// enumerates the same (a test holds them together). An upstream 429 is never one: it
/// passes through unchanged.
pub const PROBLEM_TYPES: &[&str] = &[
    "unauthorized",
    "forbidden",
    "invalid_request",
    "not_found",
    "unsupported",
    "method_not_allowed",
    "upstream_timeout",
    "conflict",
    "payload_too_large",
    "unsupported_media_type",
    "validation_error",
    "authentication_error",
    "upstream_too_large",
    "unavailable",
    "upstream_error",
    "mapping_error",
    "request_timeout",
    "reload_rejected",
    "internal_error",
];

/// Every error the API answers with.
#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    #[error("{0}")]
    Unauthorized(String),
    #[error("{0}")]
    Forbidden(String),
    #[error("{detail}")]
    BadRequest {
        detail: String,
        parameter: Option<String>,
    },
    #[error("{0}")]
    NotFound(String),
    /// A resource or operation the tenant's provider lacks.
    #[error("{0}")]
    Unsupported(String),
    /// 405 with the `Allow` header naming the methods the path takes.
    #[error("{detail}")]
    MethodRefused {
        detail: String,
        allow: Cow<'static, str>,
    },
    #[error("{0}")]
    NotAllowed(String),
    #[error("{0}")]
    WriteOutcomeUnknown(String),
    #[error("{0}")]
    Conflict(String),
    #[error("request body larger than {0} bytes")]
    PayloadTooLarge(usize),
    #[error("{0}")]
    UnsupportedMediaType(String),
    #[error("{detail}")]
    Validation {
        detail: String,
        errors: Vec<crate::field_message::FieldMessage>,
    },
    #[error("{0}")]
    Upstream(#[from] UpstreamError),
    #[error("{detail}")]
    Mapping {
        detail: String,
        extra: Map<String, Value>,
    },
    #[error("the request took longer than {0} ms")]
    RequestTimeout(u64),
    #[error("{0}")]
    Unavailable(String),
    /// A shared limit is full for now: 503 with `Retry-After`.
    #[error("{0}")]
    Overloaded(String),
    #[error("the new mappings did not compile; the previous ones stay live")]
    ReloadRejected(Vec<String>),
    #[error("internal error")]
    Internal,
}

impl ApiError {
    pub fn bad_param(parameter: &str, detail: impl Into<String>) -> Self {
        ApiError::BadRequest {
            detail: detail.into(),
            parameter: Some(parameter.to_string()),
        }
    }

    /// 405 for `method` on a path that takes `allow` (what `openapi.yaml` declares for it).
    pub fn method_refused(method: &axum::http::Method, allow: &[&str]) -> Self {
        let allow = allow.join(", ");
        ApiError::MethodRefused {
            detail: format!("{method} is not a method of this path; it takes {allow}"),
            allow: Cow::Owned(allow),
        }
    }

    pub fn bad_request(detail: impl Into<String>) -> Self {
        ApiError::BadRequest {
            detail: detail.into(),
            parameter: None,
        }
    }

    fn parts(&self) -> (StatusCode, &'static str, &'static str) {
        use ApiError::*;
        match self {
            Unauthorized(_) => (StatusCode::UNAUTHORIZED, "unauthorized", "Unauthorized"),
            Forbidden(_) => (StatusCode::FORBIDDEN, "forbidden", "Forbidden"),
            BadRequest { .. } => (
                StatusCode::BAD_REQUEST,
                "invalid_request",
                "Invalid request",
            ),
            NotFound(_) => (StatusCode::NOT_FOUND, "not_found", "Not found"),
            Unsupported(_) => (
                StatusCode::NOT_FOUND,
                "unsupported",
                "Not supported by the tenant's provider",
            ),
            NotAllowed(_) | MethodRefused { .. } => (
                StatusCode::METHOD_NOT_ALLOWED,
                "method_not_allowed",
                "Method not allowed",
            ),
            WriteOutcomeUnknown(_) => (
                StatusCode::GATEWAY_TIMEOUT,
                "upstream_timeout",
                "The upstream system timed out; the write's outcome is unknown",
            ),
            Conflict(_) => (StatusCode::CONFLICT, "conflict", "Conflict"),
            PayloadTooLarge(_) => (
                StatusCode::PAYLOAD_TOO_LARGE,
                "payload_too_large",
                "Payload too large",
            ),
            UnsupportedMediaType(_) => (
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                "unsupported_media_type",
                "Unsupported media type",
            ),
            Validation { .. } => (
                StatusCode::UNPROCESSABLE_ENTITY,
                "validation_error",
                "Validation failed",
            ),
            Upstream(e) => match e {
                UpstreamError::Auth(_) => (
                    StatusCode::BAD_GATEWAY,
                    "authentication_error",
                    "Authentication with the upstream system failed",
                ),
                UpstreamError::Timeout(_) => (
                    StatusCode::GATEWAY_TIMEOUT,
                    "upstream_timeout",
                    "The upstream system timed out",
                ),
                UpstreamError::Status { status: 404, .. } => {
                    (StatusCode::NOT_FOUND, "not_found", "Not found")
                }
                UpstreamError::RateLimited(_) => (
                    StatusCode::TOO_MANY_REQUESTS,
                    "rate_limited",
                    "The upstream system's rate limit was reached",
                ),
                UpstreamError::TooLarge { .. } => (
                    StatusCode::BAD_GATEWAY,
                    "upstream_too_large",
                    "The upstream system's answer was too large",
                ),
                UpstreamError::TokenRefused => (
                    StatusCode::SERVICE_UNAVAILABLE,
                    "unavailable",
                    "Service unavailable",
                ),
                _ => (
                    StatusCode::BAD_GATEWAY,
                    "upstream_error",
                    "The upstream request failed",
                ),
            },
            Mapping { .. } => (StatusCode::BAD_GATEWAY, "mapping_error", "Mapping failed"),
            RequestTimeout(_) => (
                StatusCode::GATEWAY_TIMEOUT,
                "request_timeout",
                "Request timed out",
            ),
            Unavailable(_) | Overloaded(_) => (
                StatusCode::SERVICE_UNAVAILABLE,
                "unavailable",
                "Service unavailable",
            ),
            ReloadRejected(_) => (
                StatusCode::UNPROCESSABLE_ENTITY,
                "reload_rejected",
                "Reload rejected",
            ),
            Internal => (
                StatusCode::INTERNAL_SERVER_ERROR,
                "internal_error",
                "Internal error",
            ),
        }
    }
}

/// A problem body waiting for its request id; the [`finish`] middleware renders it.
#[derive(Debug, Clone)]
pub struct PendingProblem(pub Map<String, Value>);

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        if let ApiError::Upstream(UpstreamError::RateLimited(upstream)) = self {
            return super::ratelimit::pass_through_429(*upstream);
        }
        let (status, slug, title) = self.parts();
        debug_assert!(
            PROBLEM_TYPES.contains(&slug),
            "{slug} is not in PROBLEM_TYPES"
        );
        let allow = match &self {
            ApiError::MethodRefused { allow, .. } => HeaderValue::from_str(allow).ok(),
            _ => None,
        };
        let retry_after = matches!(
            self,
            ApiError::Overloaded(_) | ApiError::Upstream(UpstreamError::TokenRefused)
        );
        let mut body = Map::new();
        body.insert(
            "type".into(),
            Value::String(format!("{PROBLEM_BASE}{slug}")),
        );
        body.insert("title".into(), Value::String(title.into()));
        body.insert("status".into(), json!(status.as_u16()));
        body.insert("detail".into(), Value::String(self.to_string()));
        match self {
            ApiError::BadRequest {
                parameter: Some(p), ..
            } => {
                body.insert("parameter".into(), Value::String(p));
            }
            ApiError::Validation { errors, .. } => {
                body.insert("errors".into(), json!(errors));
            }
            ApiError::Upstream(UpstreamError::Status { status, .. })
            | ApiError::Upstream(UpstreamError::Malformed { status, .. })
            | ApiError::Upstream(UpstreamError::OffHostRedirect { status, .. }) => {
                body.insert("upstream_status".into(), json!(status));
            }
            ApiError::Upstream(UpstreamError::Auth(TokenError::Rejected { status, .. })) => {
                body.insert("upstream_status".into(), json!(status));
            }
            ApiError::Upstream(UpstreamError::TooLarge { status, limit, .. }) => {
                body.insert("upstream_status".into(), json!(status));
                body.insert("limit_bytes".into(), json!(limit));
            }
            ApiError::Mapping { extra, .. } => body.extend(extra),
            ApiError::WriteOutcomeUnknown(_) => {
                body.insert("outcome".into(), json!("unknown"));
            }
            ApiError::ReloadRejected(errors) => {
                body.insert("errors".into(), json!(errors));
            }
            _ => {}
        }
        let mut resp = status.into_response();
        resp.headers_mut()
            .insert(header::CONTENT_TYPE, HeaderValue::from_static(PROBLEM_JSON));
        if status == StatusCode::UNAUTHORIZED {
            resp.headers_mut()
                .insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
        }
        if let Some(allow) = allow {
            resp.headers_mut().insert(header::ALLOW, allow);
        }
        if retry_after {
            resp.headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from_static("1"));
        }
        resp.extensions_mut().insert(PendingProblem(body));
        resp
    }
}

/// Renders pending problems with the request id, and bounds the whole request in time.
pub async fn finish(
    axum::extract::State(timeout): axum::extract::State<std::time::Duration>,
    req: Request,
    next: Next,
) -> Response {
    let request_id = req
        .headers()
        .get("x-request-id")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_string();
    let mut resp = match tokio::time::timeout(timeout, next.run(req)).await {
        Ok(resp) => resp,
        Err(_) => ApiError::RequestTimeout(timeout.as_millis() as u64).into_response(),
    };
    if let Some(PendingProblem(mut body)) = resp.extensions_mut().remove::<PendingProblem>() {
        body.insert("request_id".into(), Value::String(request_id));
        let bytes = serde_json::to_vec(&Value::Object(body)).unwrap_or_default();
        let (mut parts, _) = resp.into_parts();
        // The router adds its own `Allow` to whatever its method fallback answers (a 404
        // for a resource no one has, say); only a 405 names methods.
        if parts.status != StatusCode::METHOD_NOT_ALLOWED {
            parts.headers.remove(header::ALLOW);
        }
        resp = Response::from_parts(parts, axum::body::Body::from(bytes));
    }
    resp
}

/// Refuses a request whose declared `Content-Length` exceeds the body limit before any of
/// the body is read (a 413 now, not a wait for bytes that would be thrown away).
pub async fn refuse_oversized_body(
    axum::extract::State(limit): axum::extract::State<usize>,
    req: Request,
    next: Next,
) -> Response {
    let declared = req
        .headers()
        .get(axum::http::header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u128>().ok());
    match declared {
        Some(n) if n > limit as u128 => ApiError::PayloadTooLarge(limit).into_response(),
        _ => next.run(req).await,
    }
}

/// The answer to a panic inside a handler: logged, and a 500 problem for the caller.
pub fn from_panic(panic: Box<dyn std::any::Any + Send + 'static>) -> Response {
    let what = crate::observe::panic_message(panic.as_ref());
    tracing::error!(panic = %what, "handler panicked");
    ApiError::Internal.into_response()
}
