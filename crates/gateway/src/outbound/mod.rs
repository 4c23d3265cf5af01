//! Every connection procura opens to another host — a tenant's procurement system, its
//! token endpoint, a webhook receiver — goes through the one client built here: no
//! redirects followed, no environment proxies, addresses pinned to the scope of their
//! first answer ([`dns`]). Errors are rendered without the URL they carry, so a query
//! string or a host never reaches a log line or a problem body by accident.

pub mod dns;

use std::sync::Arc;
use std::time::Duration;

/// The pooled outbound client; `timeout_ms` also bounds connecting (at most 10 s).
pub fn client(timeout_ms: u64) -> reqwest::Client {
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

/// A reqwest error's text, with its causes, without the URL it carries.
pub fn without_url(e: &reqwest::Error) -> String {
    let mut text = e.to_string();
    if let Some(url) = e.url() {
        text = text.replace(url.as_str(), "<url>");
    }
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        text.push_str(": ");
        text.push_str(&s.to_string());
        source = s.source();
    }
    text
}
