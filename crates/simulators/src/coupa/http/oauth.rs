//! Coupa's OAuth 2.0 client-credentials grant at `POST /oauth2/token`, and the check of
//! the bearer token (or legacy API key) on every `/api/` request.

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde_json::json;

use super::Shared;
use crate::common::Client;
use crate::common::oauth::TokenError;
use crate::coupa::Inner;

fn oauth_error(status: StatusCode, error: &str, description: &str) -> Response {
    (
        status,
        [(header::CONTENT_TYPE, "application/json")],
        json!({"error": error, "error_description": description}).to_string(),
    )
        .into_response()
}

pub(super) async fn token(State(s): State<Shared>, body: Bytes) -> Response {
    let mut grant = String::new();
    let mut id = String::new();
    let mut secret = String::new();
    let mut scope = String::new();
    for (k, v) in url::form_urlencoded::parse(&body) {
        match k.as_ref() {
            "grant_type" => grant = v.into_owned(),
            "client_id" => id = v.into_owned(),
            "client_secret" => secret = v.into_owned(),
            "scope" => scope = v.into_owned(),
            _ => {}
        }
    }
    if grant != "client_credentials" {
        return oauth_error(
            StatusCode::BAD_REQUEST,
            "unsupported_grant_type",
            "only client_credentials is supported",
        );
    }
    let client: Option<Client> = s.harness.registry().authenticate(&id, &secret).cloned();
    let Some(client) = client else {
        return oauth_error(
            StatusCode::UNAUTHORIZED,
            "invalid_client",
            "client authentication failed",
        );
    };
    let asked: Vec<&str> = scope.split_whitespace().collect();
    if let Some(allowed) = &client.scopes {
        let refused: Vec<&str> = asked
            .iter()
            .copied()
            .filter(|s| !allowed.iter().any(|a| a == s))
            .collect();
        if !refused.is_empty() {
            return oauth_error(
                StatusCode::BAD_REQUEST,
                "invalid_scope",
                &format!("scope(s) not allowed: {}", refused.join(" ")),
            );
        }
    }
    let granted = if asked.is_empty() {
        client.scopes.clone().unwrap_or_default().join(" ")
    } else {
        asked.join(" ")
    };
    let value = s.harness.registry().issue(&client.id, s.token_ttl);
    s.harness.count_grant(&client.id);
    (
        [(header::CONTENT_TYPE, "application/json")],
        json!({
            "access_token": value,
            "token_type": "bearer",
            "expires_in": s.token_ttl.as_secs(),
            "scope": granted,
        })
        .to_string(),
    )
        .into_response()
}

pub(super) fn authorized(s: &Inner, headers: &HeaderMap) -> Result<(), &'static str> {
    if let (Some(key), Some(given)) = (&s.api_key, headers.get("x-coupa-api-key")) {
        return if given.as_bytes() == key.as_bytes() {
            Ok(())
        } else {
            Err("Invalid API key")
        };
    }
    let Some(auth) = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
    else {
        return Err("Authorization required");
    };
    let Some(token) = auth
        .strip_prefix("Bearer ")
        .or_else(|| auth.strip_prefix("bearer "))
    else {
        return Err("Authorization required");
    };
    match s.harness.registry().check(token, s.token_min_age) {
        Ok(_) => Ok(()),
        Err(TokenError::Unknown) => Err("Invalid or revoked access token"),
        Err(TokenError::TooYoung) => Err("Access token is not yet valid"),
        Err(TokenError::Expired) => Err("Access token expired"),
    }
}
