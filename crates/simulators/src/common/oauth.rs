//! OAuth client credentials shared by the simulators: the registry of clients and the
//! issued bearer tokens, with their age, lifetime and revocation.

use std::collections::HashMap;
use std::time::Duration;

use rand::Rng;
use serde::{Deserialize, Serialize};
use tokio::time::Instant;

/// An OAuth client; `scopes: None` allows every scope.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Client {
    pub id: String,
    pub secret: String,
    #[serde(default)]
    pub scopes: Option<Vec<String>>,
}

struct Token {
    issued: Instant,
    ttl: Duration,
    client: String,
}

/// Why a bearer token is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum TokenError {
    /// Never issued, or revoked.
    Unknown,
    /// Younger than the simulator accepts.
    TooYoung,
    Expired,
}

/// The clients and the tokens issued to them.
#[derive(Default)]
pub(crate) struct Registry {
    clients: Vec<Client>,
    tokens: HashMap<String, Token>,
}

impl Registry {
    pub(crate) fn new(clients: Vec<Client>) -> Registry {
        Registry {
            clients,
            tokens: HashMap::new(),
        }
    }

    /// The client with this id and secret.
    pub(crate) fn authenticate(&self, id: &str, secret: &str) -> Option<&Client> {
        self.clients
            .iter()
            .find(|c| c.id == id)
            .filter(|c| c.secret == secret)
    }

    pub(crate) fn add(&mut self, client: Client) {
        self.clients.retain(|c| c.id != client.id);
        self.clients.push(client);
    }

    pub(crate) fn remove(&mut self, id: &str) {
        self.clients.retain(|c| c.id != id);
    }

    /// Issues a new token to `client`, valid for `ttl`.
    pub(crate) fn issue(&mut self, client: &str, ttl: Duration) -> String {
        let value = jwt_like(&mut rand::thread_rng());
        self.issue_as(value.clone(), client, ttl);
        value
    }

    /// Records a token the simulator shaped itself, acting for `principal` (a client
    /// id, or the user a token was issued for).
    pub(crate) fn issue_as(&mut self, value: String, principal: &str, ttl: Duration) {
        self.tokens.insert(
            value,
            Token {
                issued: Instant::now(),
                ttl,
                client: principal.to_string(),
            },
        );
    }

    /// The principal a token was issued to, when it is usable now.
    pub(crate) fn check(&self, token: &str, min_age: Duration) -> Result<&str, TokenError> {
        let t = self.tokens.get(token.trim()).ok_or(TokenError::Unknown)?;
        let age = t.issued.elapsed();
        if age < min_age {
            return Err(TokenError::TooYoung);
        }
        if age >= t.ttl {
            return Err(TokenError::Expired);
        }
        Ok(&t.client)
    }

    pub(crate) fn revoke_all(&mut self) {
        self.tokens.clear();
    }

    /// The bearer values issued and not revoked.
    pub(crate) fn issued(&self) -> Vec<String> {
        self.tokens.keys().cloned().collect()
    }
}

/// A long opaque token shaped like a JWT.
fn jwt_like(rng: &mut impl Rng) -> String {
    use base64::Engine;
    let b64 = base64::engine::general_purpose::URL_SAFE_NO_PAD;
    let mut part = |n: usize| {
        let bytes: Vec<u8> = (0..n).map(|_| rng.r#gen()).collect();
        b64.encode(bytes)
    };
    format!("eyJhbGciOiJSUzI1NiJ9.{}.{}", part(180), part(128))
}
