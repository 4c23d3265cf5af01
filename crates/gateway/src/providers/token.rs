//! OAuth client-credentials tokens for one tenant: single flight, the minimum-age rule,
//! renewal ahead of expiry, and failure episodes.
//!
//! Coupa issues 24 h tokens and refuses a token in its first seconds. So a token is handed
//! out only once it has aged `min_age`; a renewed token replaces the current one only once
//! it has aged too, so callers never wait at renewal time.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use serde::{Deserialize, Serialize};
use tokio::time::Instant;

use super::upstream::{Unread, read_at_most};
use crate::clock;
use crate::config::Secret;
use crate::events::{Event, EventSink};
use crate::outbound::without_url;
use crate::state::redis::{Redis, SharedToken};

/// A bearer token and its clock.
#[derive(Debug)]
pub struct Token {
    pub value: Secret,
    pub issued: Instant,
    pub expires: Instant,
    /// When the background renewal mints its successor.
    pub renew_at: Instant,
    /// Fencing number when the token came from (or went to) the shared store.
    pub fence: Option<u64>,
}

/// Why no token could be had. Never carries a secret.
#[derive(Debug, Clone, thiserror::Error)]
pub enum TokenError {
    #[error("the token endpoint refused the client credentials ({status}: {code})")]
    Rejected { status: u16, code: String },
    #[error("the token endpoint could not be reached: {0}")]
    Unreachable(String),
    #[error("the token endpoint answered {status} with an unusable body")]
    BadResponse { status: u16 },
}

/// The tenant's authentication state, as `/admin` shows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum AuthState {
    /// No token minted yet.
    Pending,
    Ok,
    NeedsReauth,
}

/// What `/admin/tenants/{id}` shows of the tenant's tokens.
#[derive(Debug, Clone, Serialize)]
pub struct TokenStatus {
    pub state: AuthState,
    pub token_age_secs: Option<u64>,
    pub token_expires_in_secs: Option<u64>,
    pub renews_in_secs: Option<u64>,
    pub grants: u64,
    pub failures: u64,
    pub last_error: Option<String>,
    pub scopes: Vec<String>,
    pub refused_scopes: Vec<String>,
}

/// Everything needed to ask a token endpoint for a token.
#[derive(Debug, Clone)]
pub struct Credentials {
    pub tenant_id: String,
    pub token_url: String,
    pub client_id: String,
    pub client_secret: Secret,
    pub scopes: Vec<String>,
    pub client_auth: ClientAuth,
}

/// How the client proves itself to the token endpoint.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ClientAuth {
    /// `client_id` and `client_secret` as form fields (Coupa).
    Form,
    /// HTTP Basic with the client's id and secret (identity domains).
    Basic,
}

#[derive(Debug)]
struct Slot {
    current: Option<Arc<Token>>,
    next: Option<Arc<Token>>,
    /// Bumped by every finished mint, good or bad.
    generation: u64,
    last_failure: Option<(u64, Instant, TokenError)>,
    consecutive_failures: u32,
    episode_open: bool,
    state: AuthState,
    grants: u64,
    failures: u64,
    scopes: Vec<String>,
    refused_scopes: Vec<String>,
}

/// One tenant's tokens.
#[derive(Debug)]
pub struct TokenManager {
    creds: Credentials,
    http: reqwest::Client,
    events: EventSink,
    min_age: Duration,
    slot: Mutex<Slot>,
    mint_lock: tokio::sync::Mutex<()>,
    /// The store replicas share tokens through, when configured.
    shared: Option<Redis>,
}

/// Renew when this fraction of the lifetime has passed (20 h of Coupa's 24 h).
const RENEW_FRACTION: f64 = 20.0 / 24.0;
/// A token this close to expiry is not handed out: 30 s, or a twentieth of a short life.
fn expiry_guard(life: Duration) -> Duration {
    Duration::from_secs(30).min(life / 20)
}

impl Token {
    /// Still good for a while (not within the expiry guard).
    fn fresh_at(&self, now: Instant) -> bool {
        now + expiry_guard(self.expires.duration_since(self.issued)) < self.expires
    }
}
/// How long one replica may hold the shared mint lock.
const LOCK_TTL: Duration = Duration::from_secs(30);

/// The largest token-endpoint answer read; a grant is a few hundred bytes.
const TOKEN_ANSWER_MAX: usize = 64 * 1024;

/// Unix milliseconds of an `Instant` on this replica's clock.
fn unix_ms_of(at: Instant) -> u64 {
    let now = Instant::now();
    let now_ms = clock::unix_ms();
    if at >= now {
        now_ms + at.duration_since(now).as_millis() as u64
    } else {
        now_ms.saturating_sub(now.duration_since(at).as_millis() as u64)
    }
}

impl TokenStatus {
    /// Fixed Basic credentials: nothing to mint, nothing to renew.
    pub fn basic() -> Self {
        TokenStatus {
            state: AuthState::Ok,
            token_age_secs: None,
            token_expires_in_secs: None,
            renews_in_secs: None,
            grants: 0,
            failures: 0,
            last_error: None,
            scopes: Vec::new(),
            refused_scopes: Vec::new(),
        }
    }
}

impl TokenManager {
    pub fn new(
        creds: Credentials,
        http: reqwest::Client,
        events: EventSink,
        min_age: Duration,
        shared: Option<Redis>,
    ) -> Self {
        let scopes = creds.scopes.clone();
        TokenManager {
            creds,
            http,
            events,
            min_age,
            slot: Mutex::new(Slot {
                current: None,
                next: None,
                generation: 0,
                last_failure: None,
                consecutive_failures: 0,
                episode_open: false,
                state: AuthState::Pending,
                grants: 0,
                failures: 0,
                scopes,
                refused_scopes: Vec::new(),
            }),
            mint_lock: tokio::sync::Mutex::new(()),
            shared,
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Slot> {
        self.slot.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// A token old enough to use. Waits for a mint in flight rather than starting another.
    pub async fn token(&self) -> Result<Arc<Token>, TokenError> {
        let seen_generation = match self.peek() {
            Peek::Ready(tok) => return self.aged(tok).await,
            Peek::Failed(err) => return Err(err),
            Peek::Mint(generation) => generation,
        };
        let _flight = self.mint_lock.lock().await;
        let waited = {
            let mut slot = self.lock();
            if slot.generation == seen_generation {
                None
            } else if let Some(tok) = self.usable(&mut slot) {
                // Someone minted while we waited: take their result.
                Some(Ok(tok))
            } else {
                slot.last_failure
                    .as_ref()
                    .map(|(_, _, err)| Err(err.clone()))
            }
        };
        let tok = match waited {
            Some(result) => result?,
            None => self.mint_and_store(false).await?,
        };
        self.aged(tok).await
    }

    fn peek(&self) -> Peek {
        let mut slot = self.lock();
        if let Some(tok) = self.usable(&mut slot) {
            return Peek::Ready(tok);
        }
        if let Some(err) = self.in_backoff(&slot) {
            return Peek::Failed(err);
        }
        Peek::Mint(slot.generation)
    }

    async fn aged(&self, tok: Arc<Token>) -> Result<Arc<Token>, TokenError> {
        tokio::time::sleep_until(tok.issued + self.min_age).await;
        Ok(tok)
    }

    /// Promotes an aged successor, then returns the current token if it is still valid.
    fn usable(&self, slot: &mut Slot) -> Option<Arc<Token>> {
        let now = Instant::now();
        if let Some(next) = &slot.next
            && now >= next.issued + self.min_age
        {
            slot.current = slot.next.take();
        }
        slot.current.as_ref().filter(|t| t.fresh_at(now)).cloned()
    }

    fn in_backoff(&self, slot: &Slot) -> Option<TokenError> {
        let (_, at, err) = slot.last_failure.as_ref()?;
        if slot.current.is_some() || slot.consecutive_failures == 0 {
            return None;
        }
        let backoff = failure_backoff(slot.consecutive_failures);
        (at.elapsed() < backoff).then(|| err.clone())
    }

    /// Drops `tok` (the upstream answered 401 to it) and anything minted alongside it.
    pub fn invalidate(&self, tok: &Arc<Token>) {
        let mut slot = self.lock();
        let same = |t: &Option<Arc<Token>>| t.as_ref().is_some_and(|c| Arc::ptr_eq(c, tok));
        if same(&slot.current) || same(&slot.next) {
            tracing::info!(tenant = %self.creds.tenant_id, "the upstream refused a cached token; dropping it");
            slot.current = None;
            slot.next = None;
            if let (Some(shared), Some(fence)) = (self.shared.clone(), tok.fence) {
                let tenant = self.creds.tenant_id.clone();
                tokio::spawn(async move { shared.drop_token(&tenant, fence).await });
            }
        }
    }

    /// Obtains a token now, without waiting for it to age: the check of a tenant's
    /// credentials before a change to it is committed.
    pub async fn verify(&self) -> Result<(), TokenError> {
        let _flight = self.mint_lock.lock().await;
        self.mint_and_store(false).await.map(|_| ())
    }

    /// Mints ahead of expiry (called by the renewal task). The new token waits in `next`
    /// until it is old enough, so callers keep using the current one meanwhile.
    pub async fn renew(&self) -> Result<(), TokenError> {
        let _flight = self.mint_lock.lock().await;
        // A caller may have minted while this waited: renew only what is due.
        let due = {
            let slot = self.lock();
            let latest = slot.next.as_ref().or(slot.current.as_ref());
            latest.is_none_or(|t| Instant::now() >= t.renew_at)
        };
        if !due {
            return Ok(());
        }
        self.mint_and_store(true).await.map(|_| ())
    }

    /// When the renewal task should next act.
    pub fn next_renewal(&self) -> Instant {
        let slot = self.lock();
        let latest = slot.next.as_ref().or(slot.current.as_ref());
        match (latest, &slot.last_failure) {
            (Some(t), _) if slot.consecutive_failures == 0 => t.renew_at,
            (_, Some((_, at, _))) => *at + failure_backoff(slot.consecutive_failures),
            _ => Instant::now(),
        }
    }

    pub fn status(&self) -> TokenStatus {
        let mut slot = self.lock();
        let now = Instant::now();
        let tok = self.usable(&mut slot);
        TokenStatus {
            state: slot.state,
            token_age_secs: tok.as_ref().map(|t| now.duration_since(t.issued).as_secs()),
            token_expires_in_secs: tok
                .as_ref()
                .map(|t| t.expires.duration_since(now).as_secs()),
            renews_in_secs: tok
                .as_ref()
                .map(|t| t.renew_at.saturating_duration_since(now).as_secs()),
            grants: slot.grants,
            failures: slot.failures,
            last_error: slot.last_failure.as_ref().map(|(_, _, e)| e.to_string()),
            scopes: slot.scopes.clone(),
            refused_scopes: slot.refused_scopes.clone(),
        }
    }

    async fn mint_and_store(&self, as_successor: bool) -> Result<Arc<Token>, TokenError> {
        let result = self.obtain(as_successor).await;
        let mut slot = self.lock();
        slot.generation += 1;
        match result {
            Ok(tok) => {
                let tok = Arc::new(tok);
                metrics::counter!(crate::observe::TOKEN_GRANTS, "tenant" => self.creds.tenant_id.clone())
                    .increment(1);
                slot.grants += 1;
                slot.consecutive_failures = 0;
                slot.last_failure = None;
                slot.state = AuthState::Ok;
                if slot.episode_open {
                    slot.episode_open = false;
                    tracing::info!(tenant = %self.creds.tenant_id, "token obtained again; authentication episode over");
                }
                let keep_current = as_successor
                    && slot
                        .current
                        .as_ref()
                        .is_some_and(|c| c.fresh_at(Instant::now()));
                if keep_current {
                    slot.next = Some(tok.clone());
                } else {
                    slot.current = Some(tok.clone());
                    slot.next = None;
                }
                Ok(tok)
            }
            Err(err) => {
                let generation = slot.generation;
                metrics::counter!(crate::observe::TOKEN_FAILURES, "tenant" => self.creds.tenant_id.clone())
                    .increment(1);
                slot.failures += 1;
                slot.consecutive_failures += 1;
                slot.last_failure = Some((generation, Instant::now(), err.clone()));
                slot.state = AuthState::NeedsReauth;
                tracing::warn!(tenant = %self.creds.tenant_id, error = %err, "no upstream token");
                if !slot.episode_open {
                    slot.episode_open = true;
                    self.events.send(Event::authentication_error(
                        &self.creds.tenant_id,
                        err.to_string(),
                    ));
                }
                Err(err)
            }
        }
    }

    /// A new token: minted here, or, with a shared store, taken from it when another
    /// replica minted one, so that one grant serves every replica. `fresh` asks for a token
    /// that is not yet due for renewal.
    async fn obtain(&self, fresh: bool) -> Result<Token, TokenError> {
        let Some(shared) = &self.shared else {
            return self.mint().await;
        };
        let tenant = &self.creds.tenant_id;
        for _ in 0..150 {
            match shared.token(tenant).await {
                Ok(Some(t)) if self.acceptable(&t, fresh) => return Ok(self.adopt(t)),
                Ok(_) => {}
                Err(_) => return self.mint().await,
            }
            match shared.lock_mint(tenant, LOCK_TTL).await {
                Ok(Some((lock, fence))) => {
                    if let Ok(Some(t)) = shared.token(tenant).await
                        && self.acceptable(&t, fresh)
                    {
                        let _ = shared.unlock_mint(tenant, &lock).await;
                        return Ok(self.adopt(t));
                    }
                    let mut result = self.mint().await;
                    if let Ok(tok) = &mut result {
                        tok.fence = Some(fence);
                        let stored = SharedToken {
                            value: tok.value.clone(),
                            issued_ms: unix_ms_of(tok.issued),
                            expires_ms: unix_ms_of(tok.expires),
                            fence,
                        };
                        let _ = shared.put_token(tenant, &stored).await;
                    }
                    let _ = shared.unlock_mint(tenant, &lock).await;
                    return result;
                }
                // Another replica mints: wait for its token.
                Ok(None) => tokio::time::sleep(Duration::from_millis(100)).await,
                Err(_) => return self.mint().await,
            }
        }
        self.mint().await
    }

    /// Whether a shared token will do: valid for a while yet and, when `fresh`, not due
    /// for renewal.
    fn acceptable(&self, t: &SharedToken, fresh: bool) -> bool {
        let now = clock::unix_ms();
        let life = t.expires_ms.saturating_sub(t.issued_ms);
        let renew_ms = t.issued_ms + (life as f64 * RENEW_FRACTION) as u64;
        let guard = expiry_guard(Duration::from_millis(life)).as_millis() as u64;
        now + guard * 2 < t.expires_ms && (!fresh || now < renew_ms)
    }

    /// A shared token on this replica's clock.
    fn adopt(&self, t: SharedToken) -> Token {
        let now = Instant::now();
        let now_ms = clock::unix_ms();
        let at = |ms: u64| {
            if ms >= now_ms {
                now + Duration::from_millis(ms - now_ms)
            } else {
                now.checked_sub(Duration::from_millis(now_ms - ms))
                    .unwrap_or(now)
            }
        };
        let life = t.expires_ms.saturating_sub(t.issued_ms);
        Token {
            value: t.value,
            issued: at(t.issued_ms),
            expires: at(t.expires_ms),
            renew_at: at(t.issued_ms + (life as f64 * RENEW_FRACTION) as u64),
            fence: Some(t.fence),
        }
    }

    /// One client-credentials grant; scopes Coupa refuses are dropped and the grant
    /// retried without them.
    async fn mint(&self) -> Result<Token, TokenError> {
        let mut scopes = self.lock().scopes.clone();
        loop {
            match self.grant(&scopes).await? {
                Grant::Token(t) => return Ok(t),
                Grant::InvalidScope(description) => {
                    let refused: Vec<String> = scopes
                        .iter()
                        .filter(|s| description.contains(s.as_str()))
                        .cloned()
                        .collect();
                    let refused = if refused.is_empty() {
                        // Coupa did not say which: ask for its default scope set.
                        std::mem::take(&mut scopes)
                    } else {
                        scopes.retain(|s| !refused.contains(s));
                        refused
                    };
                    if refused.is_empty() {
                        return Err(TokenError::Rejected {
                            status: 400,
                            code: "invalid_scope".into(),
                        });
                    }
                    tracing::warn!(tenant = %self.creds.tenant_id, refused = ?refused, "the token endpoint refused scopes; retrying without them");
                    let mut slot = self.lock();
                    slot.scopes = scopes.clone();
                    slot.refused_scopes.extend(refused);
                }
            }
        }
    }

    async fn grant(&self, scopes: &[String]) -> Result<Grant, TokenError> {
        let scope = scopes.join(" ");
        let mut form = vec![("grant_type", "client_credentials")];
        if self.creds.client_auth == ClientAuth::Form {
            form.push(("client_id", self.creds.client_id.as_str()));
            form.push(("client_secret", self.creds.client_secret.expose()));
        }
        if !scope.is_empty() {
            form.push(("scope", scope.as_str()));
        }
        let mut request = self
            .http
            .post(&self.creds.token_url)
            .header("accept", "application/json")
            .form(&form);
        if self.creds.client_auth == ClientAuth::Basic {
            request = request.basic_auth(
                &self.creds.client_id,
                Some(self.creds.client_secret.expose()),
            );
        }
        let resp = request
            .send()
            .await
            .map_err(|e| TokenError::Unreachable(without_url(&e)))?;
        let status = resp.status().as_u16();
        let body = read_at_most(resp, TOKEN_ANSWER_MAX)
            .await
            .map_err(|(why, _)| match why {
                Unread::TooLarge { .. } => TokenError::BadResponse { status },
                Unread::Failed(e) => TokenError::Unreachable(without_url(&e)),
            })?;
        let issued = Instant::now();
        if status == 200 {
            let ok: TokenResponse =
                serde_json::from_slice(&body).map_err(|_| TokenError::BadResponse { status })?;
            if ok.access_token.is_empty() {
                return Err(TokenError::BadResponse { status });
            }
            let life = Duration::from_secs(ok.expires_in.unwrap_or(86_399).max(1));
            return Ok(Grant::Token(Token {
                value: Secret::new(ok.access_token),
                issued,
                expires: issued + life,
                renew_at: issued + life.mul_f64(RENEW_FRACTION),
                fence: None,
            }));
        }
        let err: Option<OAuthError> = serde_json::from_slice(&body).ok();
        match err {
            Some(e) if e.error == "invalid_scope" => {
                Ok(Grant::InvalidScope(e.error_description.unwrap_or_default()))
            }
            Some(e) if status < 500 => Err(TokenError::Rejected {
                status,
                code: e.error.chars().take(64).collect(),
            }),
            _ if status < 500 => Err(TokenError::Rejected {
                status,
                code: "unknown".into(),
            }),
            _ => Err(TokenError::Unreachable(format!(
                "the token endpoint answered {status}"
            ))),
        }
    }
}

enum Peek {
    Ready(Arc<Token>),
    Failed(TokenError),
    Mint(u64),
}

enum Grant {
    Token(Token),
    InvalidScope(String),
}

#[derive(Deserialize)]
struct TokenResponse {
    access_token: String,
    #[serde(default)]
    expires_in: Option<u64>,
}

#[derive(Deserialize)]
struct OAuthError {
    error: String,
    #[serde(default)]
    error_description: Option<String>,
}

/// 1 s after the first failure, doubling to a minute.
fn failure_backoff(consecutive: u32) -> Duration {
    Duration::from_secs(1u64 << consecutive.saturating_sub(1).min(6)).min(Duration::from_secs(60))
}

/// Keeps a tenant's token fresh: pre-warms at start, renews ahead of expiry, retries
/// failures with backoff. Ends when the manager is dropped.
pub fn spawn_renewal(manager: std::sync::Weak<TokenManager>) {
    tokio::spawn(async move {
        loop {
            let Some(m) = manager.upgrade() else { return };
            let at = m.next_renewal();
            drop(m);
            tokio::time::sleep_until(at).await;
            let Some(m) = manager.upgrade() else { return };
            let _ = m.renew().await;
        }
    });
}
