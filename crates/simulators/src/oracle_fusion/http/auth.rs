//! Who is calling. The identity domain's token endpoint (`POST /oauth2/v1/token`,
//! client id and secret as Basic auth or form fields) issues JWT-shaped bearer tokens
//! for `client_credentials` (acting as the configured Fusion user), `password` and
//! `urn:ietf:params:oauth:grant-type:jwt-bearer` (acting as the assertion's `sub` or
//! `prn`; the signature is not verified). The API accepts Basic auth with a Fusion
//! user's password or such a bearer token; then each resource needs its privilege.

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use base64::Engine;
use serde_json::json;

use super::Shared;
use crate::common::oauth::TokenError;
use crate::common::{Client, lock};
use crate::oracle_fusion::catalog::Resource;
use crate::oracle_fusion::fail::Fail;
use crate::oracle_fusion::{FusionUser, Inner, clock};

fn oauth_error(status: StatusCode, error: &str, description: &str) -> Response {
    (
        status,
        [(header::CONTENT_TYPE, "application/json")],
        json!({"error": error, "error_description": description}).to_string(),
    )
        .into_response()
}

fn basic(headers: &HeaderMap) -> Option<(String, String)> {
    let v = headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, rest) = v.split_once(' ')?;
    if !scheme.eq_ignore_ascii_case("basic") {
        return None;
    }
    let raw = base64::engine::general_purpose::STANDARD
        .decode(rest.trim())
        .ok()?;
    let text = String::from_utf8(raw).ok()?;
    let (u, p) = text.split_once(':')?;
    let decode = |s: &str| {
        url::form_urlencoded::parse(format!("x={s}").as_bytes())
            .next()
            .map(|(_, v)| v.into_owned())
            .unwrap_or_default()
    };
    // client ids and secrets are form-encoded before Basic encoding (RFC 6749 2.3.1);
    // plain ones decode to themselves
    Some((decode(u), decode(p)))
}

fn b64url(v: &serde_json::Value) -> String {
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(v.to_string())
}

/// A JWT-shaped access token (RS256 header, claims, random signature bytes).
fn jwt(s: &Inner, sub: &str, client: &str, scope: &str) -> String {
    use rand::Rng;
    let now = clock::now_ms() / 1000;
    let header = json!({"alg": "RS256", "typ": "JWT", "kid": "SIGNING_KEY", "x5t": "sandbox"});
    let claims = json!({
        "sub": sub,
        "user.tenant.name": "idcs-sandbox",
        "iss": "https://identity.oraclecloud.com/",
        "aud": [format!("urn:opc:resource:fa:instanceid={}", s.cfg.instance_id), "https://identity.oraclecloud.com/"],
        "scope": scope,
        "client_id": client,
        "iat": now,
        "exp": now + s.cfg.token_ttl.as_secs() as i64,
        "jti": format!("{:032x}", rand::thread_rng().r#gen::<u128>()),
    });
    let sig: Vec<u8> = (0..256).map(|_| rand::thread_rng().r#gen()).collect();
    format!(
        "{}.{}.{}",
        b64url(&header),
        b64url(&claims),
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(sig)
    )
}

/// The subject of a JWT user assertion (`sub`, else `prn`).
fn assertion_subject(assertion: &str) -> Option<String> {
    let payload = assertion.split('.').nth(1)?;
    let raw = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(payload.trim_end_matches('='))
        .ok()?;
    let v: serde_json::Value = serde_json::from_slice(&raw).ok()?;
    v.get("sub")
        .or_else(|| v.get("prn"))?
        .as_str()
        .map(str::to_string)
}

pub(super) async fn token(State(s): State<Shared>, headers: HeaderMap, body: Bytes) -> Response {
    if let Some(bucket) = lock(&s.token_bucket).as_mut() {
        if !bucket.admit() {
            return oauth_error(
                StatusCode::TOO_MANY_REQUESTS,
                "too_many_requests",
                "Too many token requests. Try again later.",
            );
        }
    }
    let mut form = std::collections::HashMap::new();
    for (k, v) in url::form_urlencoded::parse(&body) {
        form.insert(k.into_owned(), v.into_owned());
    }
    let (id, secret) = basic(&headers).unwrap_or_else(|| {
        (
            form.get("client_id").cloned().unwrap_or_default(),
            form.get("client_secret").cloned().unwrap_or_default(),
        )
    });
    let client: Option<Client> = s.harness.registry().authenticate(&id, &secret).cloned();
    let Some(client) = client else {
        return oauth_error(
            StatusCode::UNAUTHORIZED,
            "invalid_client",
            "Client authentication failed.",
        );
    };
    let want = s.cfg.scope();
    let scope = form.get("scope").cloned().unwrap_or_default();
    let asked: Vec<&str> = scope.split_whitespace().collect();
    let known = |sc: &str| sc == want || sc == "offline_access";
    if asked.is_empty() || !asked.iter().all(|sc| known(sc)) || !asked.contains(&want.as_str()) {
        return oauth_error(
            StatusCode::BAD_REQUEST,
            "invalid_scope",
            "The requested scope is invalid, unknown, or malformed.",
        );
    }
    if let Some(allowed) = &client.scopes {
        if !asked.iter().all(|a| allowed.iter().any(|x| x == a)) {
            return oauth_error(
                StatusCode::BAD_REQUEST,
                "invalid_scope",
                "The client is not allowed the requested scope.",
            );
        }
    }
    let grant = form.get("grant_type").map(String::as_str).unwrap_or("");
    let user = match grant {
        "client_credentials" => s.cfg.client_credentials_user.clone(),
        "password" => {
            let u = form.get("username").cloned().unwrap_or_default();
            let p = form.get("password").cloned().unwrap_or_default();
            match s.user(&u) {
                Some(user) if user.password == p => user.username,
                _ => {
                    return oauth_error(
                        StatusCode::BAD_REQUEST,
                        "invalid_grant",
                        "The user name or password is incorrect.",
                    );
                }
            }
        }
        "urn:ietf:params:oauth:grant-type:jwt-bearer" => {
            let sub = form.get("assertion").and_then(|a| assertion_subject(a));
            match sub.and_then(|u| s.user(&u)) {
                Some(user) => user.username,
                None => {
                    return oauth_error(
                        StatusCode::BAD_REQUEST,
                        "invalid_grant",
                        "The user assertion is invalid.",
                    );
                }
            }
        }
        _ => {
            return oauth_error(
                StatusCode::BAD_REQUEST,
                "unsupported_grant_type",
                "The grant type is not supported.",
            );
        }
    };
    let granted = asked.join(" ");
    let value = jwt(&s, &user, &client.id, &granted);
    s.harness
        .registry()
        .issue_as(value.clone(), &user, s.cfg.token_ttl);
    s.harness.count_grant(&client.id);
    (
        [
            (header::CONTENT_TYPE, "application/json;charset=UTF-8"),
            (header::CACHE_CONTROL, "no-store"),
        ],
        json!({
            "access_token": value,
            "token_type": "Bearer",
            "expires_in": s.cfg.token_ttl.as_secs(),
        })
        .to_string(),
    )
        .into_response()
}

/// The Fusion user behind a request.
pub(super) fn caller(s: &Inner, headers: &HeaderMap) -> Result<FusionUser, Fail> {
    let unauthorized = || Fail::new(401, "27401", "Authentication is required.");
    if let Some((u, p)) = basic(headers) {
        return match s.user(&u) {
            Some(user) if user.password == p => Ok(user),
            _ => Err(unauthorized()),
        };
    }
    let auth = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .ok_or_else(unauthorized)?;
    let (scheme, token) = auth.split_once(' ').ok_or_else(unauthorized)?;
    if !scheme.eq_ignore_ascii_case("bearer") {
        return Err(unauthorized());
    }
    let who = match s.harness.registry().check(token, std::time::Duration::ZERO) {
        Ok(who) => who.to_string(),
        Err(TokenError::Unknown | TokenError::TooYoung | TokenError::Expired) => {
            return Err(unauthorized());
        }
    };
    s.user(&who).ok_or_else(unauthorized)
}

/// 403 unless the user holds the resource's privilege.
pub(super) fn permitted(user: &FusionUser, res: &Resource) -> Result<(), Fail> {
    match &user.privileges {
        None => Ok(()),
        Some(p) if p.iter().any(|x| x == res.privilege) => Ok(()),
        Some(_) => Err(Fail::new(
            403,
            "27403",
            format!(
                "You don't have the privilege {} required to access the resource {}.",
                res.privilege, res.node.name
            ),
        )),
    }
}
