//! Outgoing webhook events: signed with HMAC-SHA256, delivered in the background and
//! retried with backoff while the receiver is down.

use std::time::Duration;

use hmac::{Hmac, Mac};
use serde::Serialize;
use sha2::Sha256;
use tokio::sync::mpsc;

use crate::config::{Secret, WebhookConfig};

/// An event for the webhook receiver.
#[derive(Debug, Clone, Serialize)]
pub struct Event {
    pub event: &'static str,
    pub tenant_id: String,
    /// RFC 3339 time the event happened.
    pub at: String,
    pub detail: String,
}

impl Event {
    pub fn authentication_error(tenant_id: &str, detail: String) -> Self {
        Event {
            event: "integrated_account:authentication_error",
            tenant_id: tenant_id.to_string(),
            at: crate::clock::rfc3339_now(),
            detail,
        }
    }
}

/// Hands events to the delivery task. Cheap to clone; a sink without a configured
/// webhook drops events (after logging them).
#[derive(Clone, Debug)]
pub struct EventSink {
    tx: Option<mpsc::UnboundedSender<Event>>,
}

impl EventSink {
    /// A sink that only logs.
    pub fn disabled() -> Self {
        EventSink { tx: None }
    }

    /// Starts the delivery task for `config` on the current runtime.
    pub fn start(config: Option<WebhookConfig>, http: reqwest::Client) -> Self {
        let Some(config) = config else {
            return EventSink::disabled();
        };
        let (tx, mut rx) = mpsc::unbounded_channel::<Event>();
        tokio::spawn(async move {
            while let Some(event) = rx.recv().await {
                let http = http.clone();
                let url = config.url.clone();
                let secret = config.secret.clone();
                // Each event retries on its own so one dead delivery never blocks the next.
                tokio::spawn(async move { deliver(&http, &url, &secret, &event).await });
            }
        });
        EventSink { tx: Some(tx) }
    }

    pub fn send(&self, event: Event) {
        tracing::warn!(event = event.event, tenant = %event.tenant_id, detail = %event.detail, "webhook event");
        if let Some(tx) = &self.tx {
            let _ = tx.send(event);
        }
    }
}

/// `sha256=<hex HMAC-SHA256 of body>`, the value of `X-Procura-Signature`.
pub fn signature(secret: &Secret, body: &[u8]) -> String {
    let mut mac = Hmac::<Sha256>::new_from_slice(secret.expose().as_bytes())
        .expect("HMAC accepts keys of any length");
    mac.update(body);
    format!("sha256={}", hex::encode(mac.finalize().into_bytes()))
}

const MAX_ATTEMPTS: u32 = 10;

async fn deliver(http: &reqwest::Client, url: &str, secret: &Secret, event: &Event) {
    let body = match serde_json::to_vec(event) {
        Ok(b) => b,
        Err(_) => return,
    };
    let sig = signature(secret, &body);
    let mut delay = Duration::from_millis(250);
    for attempt in 1..=MAX_ATTEMPTS {
        let sent = http
            .post(url)
            .header("content-type", "application/json")
            .header("x-procura-signature", &sig)
            .body(body.clone())
            .timeout(Duration::from_secs(10))
            .send()
            .await;
        match sent {
            Ok(r) if r.status().is_success() => {
                tracing::info!(tenant = %event.tenant_id, attempt, "webhook delivered");
                return;
            }
            Ok(r) => tracing::warn!(status = r.status().as_u16(), attempt, "webhook refused"),
            Err(e) => {
                tracing::warn!(error = %crate::outbound::without_url(&e), attempt, "webhook receiver unreachable")
            }
        }
        tokio::time::sleep(delay).await;
        delay = (delay * 2).min(Duration::from_secs(60));
    }
    tracing::error!(tenant = %event.tenant_id, "webhook dropped after {MAX_ATTEMPTS} attempts");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signature_is_hex_hmac_sha256() {
        // RFC 4231 test case 2.
        let s = signature(&Secret::new("Jefe"), b"what do ya want for nothing?");
        assert_eq!(
            s,
            "sha256=5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
        );
    }
}
