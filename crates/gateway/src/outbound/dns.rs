//! Name resolution for upstream calls, pinned against DNS rebinding. The first answer for
//! a host fixes its scope: public addresses, or private/loopback/link-local ones (a
//! sandbox, an on-premise proxy). Later answers are taken only in that scope, so a tenant
//! host that starts resolving to `127.0.0.1` or `169.254.169.254` keeps being reached at
//! its first, public address. Pins are refreshed every `refresh` so a real address change
//! at the upstream is still followed.

use std::collections::HashMap;
use std::future::Future;
use std::io;
use std::net::{IpAddr, SocketAddr};
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use reqwest::dns::{Addrs, Name, Resolve, Resolving};

type Lookup = dyn Fn(String) -> Pin<Box<dyn Future<Output = io::Result<Vec<SocketAddr>>> + Send>>
    + Send
    + Sync;

struct Pinned {
    addrs: Vec<SocketAddr>,
    public: bool,
    at: Instant,
}

/// A `reqwest` resolver that pins each host's first answer (see the module docs).
/// Clones share their pins.
#[derive(Clone)]
pub struct PinnedResolver {
    inner: Arc<Inner>,
}

struct Inner {
    pins: Mutex<HashMap<String, Pinned>>,
    lookup: Box<Lookup>,
    refresh: Duration,
}

impl PinnedResolver {
    /// Resolves with the system resolver.
    pub fn system(refresh: Duration) -> Self {
        Self::with_lookup(refresh, |host| {
            Box::pin(
                async move { Ok(tokio::net::lookup_host((host.as_str(), 0)).await?.collect()) },
            )
        })
    }

    /// Resolves with `lookup` (tests give a scripted one).
    pub fn with_lookup(
        refresh: Duration,
        lookup: impl Fn(String) -> Pin<Box<dyn Future<Output = io::Result<Vec<SocketAddr>>> + Send>>
        + Send
        + Sync
        + 'static,
    ) -> Self {
        PinnedResolver {
            inner: Arc::new(Inner {
                pins: Mutex::new(HashMap::new()),
                lookup: Box::new(lookup),
                refresh,
            }),
        }
    }

    /// The addresses to connect to for `host`.
    pub async fn addrs(&self, host: &str) -> io::Result<Vec<SocketAddr>> {
        let me = &self.inner;
        let fresh = {
            let pins = me.pins.lock().unwrap_or_else(|p| p.into_inner());
            pins.get(host)
                .filter(|p| p.at.elapsed() < me.refresh)
                .map(|p| p.addrs.clone())
        };
        if let Some(addrs) = fresh {
            return Ok(addrs);
        }
        let answer = (me.lookup)(host.to_string()).await;
        let mut pins = me.pins.lock().unwrap_or_else(|p| p.into_inner());
        match (pins.get_mut(host), answer) {
            (None, Ok(addrs)) if !addrs.is_empty() => {
                let public = addrs.iter().all(|a| is_public(a.ip()));
                let kept: Vec<SocketAddr> = addrs
                    .into_iter()
                    .filter(|a| is_public(a.ip()) == public)
                    .collect();
                pins.insert(
                    host.to_string(),
                    Pinned {
                        addrs: kept.clone(),
                        public,
                        at: Instant::now(),
                    },
                );
                Ok(kept)
            }
            (None, Ok(_)) => Err(io::Error::other(format!("{host} has no address"))),
            (None, Err(e)) => Err(e),
            (Some(pin), answer) => {
                let kept: Vec<SocketAddr> = answer
                    .unwrap_or_default()
                    .into_iter()
                    .filter(|a| is_public(a.ip()) == pin.public)
                    .collect();
                if kept.is_empty() {
                    tracing::warn!(
                        host,
                        "DNS answer left the pinned address scope (or failed); keeping the pinned addresses"
                    );
                } else {
                    pin.addrs = kept;
                }
                pin.at = Instant::now();
                Ok(pin.addrs.clone())
            }
        }
    }
}

impl Resolve for PinnedResolver {
    fn resolve(&self, name: Name) -> Resolving {
        let this = self.clone();
        Box::pin(async move {
            let addrs = this.addrs(name.as_str()).await?;
            Ok(Box::new(addrs.into_iter()) as Addrs)
        })
    }
}

/// Whether an address is on the public internet (not loopback, private, link-local,
/// unique-local, shared, documentation, multicast or unspecified).
pub fn is_public(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => {
            let o = v4.octets();
            !(v4.is_loopback()
                || v4.is_private()
                || v4.is_link_local()
                || v4.is_unspecified()
                || v4.is_broadcast()
                || v4.is_multicast()
                || v4.is_documentation()
                || o[0] == 0
                || (o[0] == 100 && (o[1] & 0xc0) == 64)
                || (o[0] == 198 && (o[1] & 0xfe) == 18))
        }
        IpAddr::V6(v6) => {
            if let Some(v4) = v6.to_ipv4_mapped() {
                return is_public(IpAddr::V4(v4));
            }
            let s = v6.segments();
            !(v6.is_loopback()
                || v6.is_unspecified()
                || v6.is_multicast()
                || (s[0] & 0xfe00) == 0xfc00
                || (s[0] & 0xffc0) == 0xfe80)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};

    /// A resolver whose answers are scripted: the n-th lookup gets `answers[n]`.
    fn scripted(answers: Vec<Vec<&'static str>>) -> (PinnedResolver, Arc<AtomicUsize>) {
        let calls = Arc::new(AtomicUsize::new(0));
        let counter = calls.clone();
        let r = PinnedResolver::with_lookup(Duration::ZERO, move |_host| {
            let n = counter.fetch_add(1, Ordering::SeqCst);
            let answer: Vec<SocketAddr> = answers[n.min(answers.len() - 1)]
                .iter()
                .map(|a| SocketAddr::new(a.parse().unwrap(), 0))
                .collect();
            Box::pin(async move { Ok(answer) })
        });
        (r, calls)
    }

    fn ips(addrs: &[SocketAddr]) -> Vec<String> {
        addrs.iter().map(|a| a.ip().to_string()).collect()
    }

    #[tokio::test]
    async fn a_public_host_rebinding_to_internal_addresses_stays_pinned() {
        let (r, calls) = scripted(vec![
            vec!["52.1.2.3"],
            vec!["127.0.0.1"],
            vec!["169.254.169.254", "10.0.0.5"],
            vec!["::ffff:127.0.0.1", "fd00::1"],
            vec!["52.9.9.9", "192.168.1.1"],
        ]);
        assert_eq!(
            ips(&r.addrs("acme.coupahost.com").await.unwrap()),
            ["52.1.2.3"]
        );
        for _ in 0..3 {
            assert_eq!(
                ips(&r.addrs("acme.coupahost.com").await.unwrap()),
                ["52.1.2.3"]
            );
        }
        // A real move to another public address is followed; its private sibling is not.
        assert_eq!(
            ips(&r.addrs("acme.coupahost.com").await.unwrap()),
            ["52.9.9.9"]
        );
        assert_eq!(calls.load(Ordering::SeqCst), 5);
    }

    #[tokio::test]
    async fn a_loopback_host_stays_in_its_own_scope() {
        let (r, _) = scripted(vec![vec!["127.0.0.1", "8.8.8.8"], vec!["8.8.4.4"]]);
        assert_eq!(ips(&r.addrs("sandbox.local").await.unwrap()), ["127.0.0.1"]);
        assert_eq!(ips(&r.addrs("sandbox.local").await.unwrap()), ["127.0.0.1"]);
    }

    #[tokio::test]
    async fn pins_are_reused_until_the_refresh_interval() {
        let calls = Arc::new(AtomicUsize::new(0));
        let counter = calls.clone();
        let r = PinnedResolver::with_lookup(Duration::from_secs(3600), move |_| {
            counter.fetch_add(1, Ordering::SeqCst);
            Box::pin(async { Ok(vec![SocketAddr::new("52.1.2.3".parse().unwrap(), 0)]) })
        });
        for _ in 0..5 {
            r.addrs("h").await.unwrap();
        }
        assert_eq!(calls.load(Ordering::SeqCst), 1);
    }

    #[test]
    fn address_scopes() {
        for public in ["52.1.2.3", "8.8.8.8", "2600:1f18::1"] {
            assert!(is_public(public.parse().unwrap()), "{public}");
        }
        for internal in [
            "127.0.0.1",
            "10.1.2.3",
            "172.16.0.1",
            "192.168.0.1",
            "169.254.169.254",
            "0.0.0.0",
            "100.64.0.1",
            "::1",
            "fe80::1",
            "fd12::1",
            "::ffff:10.0.0.1",
            "198.18.0.1",
        ] {
            assert!(!is_public(internal.parse().unwrap()), "{internal}");
        }
    }
}
