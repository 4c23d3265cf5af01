//! Start-up and shutdown: builds the state from a config, binds, serves until told to stop.

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use tokio::net::TcpListener;

use crate::config::Config;
use crate::events::EventSink;
use crate::http::{AppState, router};
use crate::resources::Registry;
use crate::resources::definition::LoadError;
use crate::state::redis::Redis;
use crate::state::store::Store;
use crate::subscriptions::Subscriptions;
use crate::tenant::Tenants;

/// Why the gateway could not start.
#[derive(Debug, thiserror::Error)]
pub enum StartError {
    #[error("mappings failed to load:\n{}", .0.iter().map(|e| format!("  {e}")).collect::<Vec<_>>().join("\n"))]
    Mappings(Vec<LoadError>),
    #[error("cannot listen on {0}: {1}")]
    Bind(SocketAddr, std::io::Error),
    #[error("{0}")]
    Subscription(String),
    #[error("state.backend: {0}")]
    State(crate::state::StateError),
}

/// A built gateway, bound to its port and ready to serve.
pub struct App {
    listener: TcpListener,
    state: Arc<AppState>,
}

impl App {
    /// Builds everything from `config` and binds `config.server.listen` (port 0 allowed).
    /// Token pre-warm for every tenant starts here.
    pub async fn build(config: Config) -> Result<App, StartError> {
        let registry = Registry::load(&config).map_err(StartError::Mappings)?;
        for (i, s) in config.subscriptions.iter().enumerate() {
            if let Some(r) = s
                .resources
                .iter()
                .find(|r| registry.get(&s.tenant, r).is_none())
            {
                return Err(StartError::Subscription(format!(
                    "subscriptions[{i}].resources: tenant {:?} has no resource {r:?}",
                    s.tenant
                )));
            }
        }
        crate::observe::handle();
        let listener = TcpListener::bind(config.server.listen)
            .await
            .map_err(|e| StartError::Bind(config.server.listen, e))?;
        let events = EventSink::start(
            config.webhooks.clone(),
            crate::outbound::client(config.server.upstream_timeout_ms),
        );
        let backend = config.state.backend.expose();
        let shared = if backend.starts_with("redis://") || backend.starts_with("rediss://") {
            let key = config.state.encryption_key.clone().unwrap_or_default();
            Some(Redis::connect(&config.state.backend, &key).map_err(StartError::State)?)
        } else {
            None
        };
        let store = Store::open(&config.state, shared.clone())
            .await
            .map_err(StartError::State)?;
        let subscriptions = Subscriptions::new(
            store.clone(),
            events.clone(),
            crate::outbound::client(config.server.upstream_timeout_ms),
        );
        let tenants = Tenants::start(&config, events, shared.clone());
        let state = Arc::new(AppState::new(
            config,
            tenants,
            registry,
            shared,
            store,
            subscriptions,
        ));
        // Tenants created at runtime and overrides saved through the studio, as stored.
        if let Err(e) = state.sync_studio().await {
            tracing::error!(error = %e, "runtime tenants and saved overrides could not be read");
        }
        if state.store.kind() == "redis" {
            tokio::spawn(follow_studio(Arc::downgrade(&state)));
            tokio::spawn(follow_subscriptions(Arc::downgrade(&state)));
        }
        tokio::spawn(state.idempotency.clone().sweep_file());
        Subscriptions::start_all(&state).await;
        Ok(App { listener, state })
    }

    pub fn local_addr(&self) -> SocketAddr {
        self.listener
            .local_addr()
            .expect("a bound listener has an address")
    }

    /// Reloads mappings on SIGHUP, and on file changes when `[mappings] watch = true`.
    pub fn reload_on_signals(&self) {
        let state = self.state.clone();
        #[cfg(unix)]
        tokio::spawn(async move {
            use tokio::signal::unix::{SignalKind, signal};
            let Ok(mut hup) = signal(SignalKind::hangup()) else {
                tracing::warn!("cannot listen for SIGHUP; use POST /admin/reload");
                return;
            };
            while hup.recv().await.is_some() {
                tracing::info!("SIGHUP: reloading mappings");
                let _ = state.reload();
            }
        });
        if self.state.config.mappings.watch {
            let state = self.state.clone();
            tokio::spawn(watch_mappings(state));
        }
    }

    /// Serves until `shutdown` resolves, then lets in-flight requests finish for up to
    /// the configured grace period.
    pub async fn run_until(
        self,
        shutdown: impl std::future::Future<Output = ()> + Send + 'static,
    ) -> std::io::Result<()> {
        let grace = Duration::from_millis(self.state.config.server.shutdown_grace_ms);
        let limits = self.state.config.server.clone();
        let app = router(self.state);
        crate::http::server::serve(self.listener, app, &limits, shutdown, grace).await
    }

    pub fn state(&self) -> Arc<AppState> {
        self.state.clone()
    }

    /// Serves in a background task (tests, the demo). Returns the address.
    pub fn spawn(self) -> SocketAddr {
        let addr = self.local_addr();
        tokio::spawn(self.run_until(std::future::pending()));
        addr
    }
}

/// With a shared store, other replicas change tenants and overrides too: the version key
/// is read every second and a change is put in service here.
async fn follow_studio(state: std::sync::Weak<AppState>) {
    let mut seen = None;
    loop {
        tokio::time::sleep(Duration::from_secs(1)).await;
        let Some(state) = state.upgrade() else { return };
        match state.studio.version().await {
            Ok(v) if v != seen => {
                if state.sync_studio().await.is_ok() {
                    seen = v;
                }
            }
            Ok(_) => {}
            Err(e) => tracing::debug!(error = %e, "studio version unreadable; trying again"),
        }
    }
}

/// With a shared store, other replicas create and delete subscriptions too: their version
/// key is read every second and the stored ones are started or stopped here.
async fn follow_subscriptions(state: std::sync::Weak<AppState>) {
    let mut seen = None;
    loop {
        tokio::time::sleep(Duration::from_secs(1)).await;
        let Some(state) = state.upgrade() else { return };
        match state.subscriptions.version().await {
            Ok(v) if v != seen => {
                if Subscriptions::sync_runtime(&state).await.is_ok() {
                    seen = v;
                }
            }
            Ok(_) => {}
            Err(e) => {
                tracing::debug!(error = %e, "subscriptions version unreadable; trying again")
            }
        }
    }
}

/// Polls the mapping directories and reloads when a file changes. Polling, not inotify:
/// Kubernetes swaps ConfigMap contents by renaming a symlinked directory, which inotify
/// watches on the old files miss.
async fn watch_mappings(state: Arc<AppState>) {
    let dirs = mapping_dirs(&state.config);
    let mut last = fingerprint(&dirs);
    loop {
        tokio::time::sleep(Duration::from_secs(2)).await;
        let now = fingerprint(&dirs);
        if now != last {
            last = now;
            tracing::info!("mapping files changed: reloading");
            let _ = state.reload();
        }
    }
}

fn mapping_dirs(config: &Config) -> Vec<std::path::PathBuf> {
    let mut dirs: Vec<std::path::PathBuf> = crate::providers::Provider::ALL
        .iter()
        .map(|p| config.mappings.base_dir.join(p.name()))
        .collect();
    dirs.extend(config.mappings.override_dir.clone());
    dirs.extend(config.tenants.iter().filter_map(|t| t.overrides.clone()));
    dirs
}

/// Names, sizes and modification times of every file in `dirs`.
fn fingerprint(
    dirs: &[std::path::PathBuf],
) -> Vec<(std::path::PathBuf, u64, Option<std::time::SystemTime>)> {
    let mut out = Vec::new();
    for dir in dirs {
        let Ok(entries) = std::fs::read_dir(dir) else {
            continue;
        };
        for e in entries.flatten() {
            if let Ok(meta) = e.metadata() {
                out.push((e.path(), meta.len(), meta.modified().ok()));
            }
        }
    }
    out.sort();
    out
}
