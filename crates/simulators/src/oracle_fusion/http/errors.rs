//! Error answers as the framework version asks: from version 4, when `Accept` allows
//! `application/vnd.oracle.adf.error+json` or JSON, a JSON body (`type`, `title`,
//! `status`, `detail`, `o:errorCode`, `o:errorDetails`); below it (or for an `Accept`
//! that takes no JSON) the message as `text/plain`. 401 has no body.

use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use serde_json::json;

use crate::oracle_fusion::fail::Fail;

pub const ERROR_JSON: &str = "application/vnd.oracle.adf.error+json";

/// The page a pod under maintenance answers with (503).
pub const MAINTENANCE_PAGE: &str = "<!DOCTYPE html><html><head><title>Service Unavailable</title></head><body><h1>Oracle Applications Cloud is undergoing maintenance</h1><p>The service is temporarily unavailable. Please try again later.</p></body></html>";

/// Whether an `Accept` header takes a JSON error body.
pub fn accepts_json(accept: &str) -> bool {
    let a = accept.trim();
    a.is_empty() || a.contains("*/*") || a.contains("json") || a.contains("application/*")
}

fn section(status: u16) -> &'static str {
    match status {
        400 => "10.4.1",
        401 => "10.4.2",
        403 => "10.4.4",
        404 => "10.4.5",
        405 => "10.4.6",
        406 => "10.4.7",
        409 => "10.4.10",
        412 => "10.4.13",
        415 => "10.4.16",
        501 => "10.5.2",
        503 => "10.5.4",
        _ => "10.5.1",
    }
}

/// Status, headers and body of a failure.
pub fn respond(fail: &Fail, version: u8, accept: &str) -> (StatusCode, HeaderMap, String) {
    let status = StatusCode::from_u16(fail.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let mut headers = HeaderMap::new();
    if fail.status == 401 {
        return (status, headers, String::new());
    }
    if version >= 4 && accepts_json(accept) {
        let mut detail = json!({"detail": fail.detail, "o:errorCode": fail.code});
        if let Some(p) = &fail.path {
            detail["o:errorPath"] = json!(p);
        }
        let body = json!({
            "type": format!("http://www.w3.org/Protocols/rfc2616/rfc2616-sec10.html#sec{}", section(fail.status)),
            "title": status.canonical_reason().unwrap_or("Error"),
            "status": fail.status.to_string(),
            "detail": fail.detail,
            "o:errorCode": fail.code,
            "o:errorDetails": [detail],
        });
        headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(ERROR_JSON));
        return (status, headers, body.to_string());
    }
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/plain; charset=UTF-8"),
    );
    (status, headers, fail.detail.clone())
}
