//! Tenants: each customer the gateway acts for, with the provider its system runs and
//! the upstream client that reaches it (credentials, tokens, rate budget). Built from
//! the config at start; tenants created at runtime join and leave later. The mappings a tenant sees are the registry's (`resources`), swapped
//! whole on reload.

use std::collections::HashMap;
use std::sync::{Arc, RwLock};
use std::time::Duration;

use crate::config::{Config, TenantConfig};
use crate::cpu::{CpuPool, CpuShare};
use crate::events::EventSink;
use crate::gate::{Gate, Share};
use crate::outbound;
use crate::providers::budget::Budget;
use crate::providers::upstream::Upstream;
use crate::providers::{Provider, token};
use crate::state::redis::Redis;

/// One tenant: who it is, which system it runs, and the client that reaches it.
#[derive(Debug)]
pub struct Tenant {
    pub id: String,
    pub provider: Provider,
    pub upstream: Upstream,
    /// The tenant's share of the mapping threads.
    pub cpu: CpuShare,
    /// The tenant's share of the unified list pages in flight.
    pub pages: Share,
}

impl Tenant {
    /// The tenant's rate budget.
    pub fn budget(&self) -> &Budget {
        &self.upstream.budget
    }
}

/// Every tenant: those of the config file, built at start, and those created at runtime
/// (`/admin/tenants`), added and removed while the gateway serves.
#[derive(Debug)]
pub struct Tenants {
    by_id: RwLock<HashMap<String, Arc<Tenant>>>,
    http: reqwest::Client,
    events: EventSink,
    shared: Option<Redis>,
    pool: CpuPool,
    pages: Gate,
}

impl Tenants {
    /// Builds every tenant's client and starts token pre-warm and renewal.
    pub fn start(config: &Config, events: EventSink, shared: Option<Redis>) -> Tenants {
        let http = outbound::client(config.server.upstream_timeout_ms);
        let cores = CpuPool::cores();
        let pool = CpuPool::new(
            config.server.mapping_threads.unwrap_or(2 * cores),
            config.server.mapping_threads_per_tenant.unwrap_or(cores),
            Duration::from_millis(config.server.mapping_budget_ms),
        );
        let tenants = Tenants {
            by_id: RwLock::new(HashMap::new()),
            http,
            events,
            shared,
            pool,
            pages: Gate::new(
                config.server.max_pages_in_flight,
                config.server.max_pages_in_flight_per_tenant,
            ),
        };
        for t in &config.tenants {
            tenants.insert(t, config);
        }
        tenants
    }

    /// Builds `t`'s client (token renewal started) and puts it in place of any tenant of
    /// the same id.
    pub fn insert(&self, t: &TenantConfig, config: &Config) -> Arc<Tenant> {
        let tenant = Arc::new(self.build(t, config, self.events.clone(), self.shared.clone()));
        if let Some(tokens) = tenant.upstream.auth.tokens() {
            token::spawn_renewal(Arc::downgrade(tokens));
        }
        self.write().insert(t.id.clone(), tenant.clone());
        tenant
    }

    /// A tenant not yet in service: no events, nothing shared with other replicas, no
    /// renewal. Used to check credentials before a change is committed.
    pub fn candidate(&self, t: &TenantConfig, config: &Config) -> Tenant {
        self.build(t, config, EventSink::disabled(), None)
    }

    fn build(
        &self,
        t: &TenantConfig,
        config: &Config,
        events: EventSink,
        shared: Option<Redis>,
    ) -> Tenant {
        Tenant {
            id: t.id.clone(),
            provider: t.provider,
            upstream: Upstream::new(t, config, self.http.clone(), events, shared),
            cpu: self.pool.share(),
            pages: self.pages.share(),
        }
    }

    /// Takes the tenant out of service (its renewal task ends with its last user).
    pub fn remove(&self, id: &str) -> Option<Arc<Tenant>> {
        self.write().remove(id)
    }

    fn write(&self) -> std::sync::RwLockWriteGuard<'_, HashMap<String, Arc<Tenant>>> {
        self.by_id.write().unwrap_or_else(|p| p.into_inner())
    }

    fn read(&self) -> std::sync::RwLockReadGuard<'_, HashMap<String, Arc<Tenant>>> {
        self.by_id.read().unwrap_or_else(|p| p.into_inner())
    }

    pub fn get(&self, id: &str) -> Option<Arc<Tenant>> {
        self.read().get(id).cloned()
    }

    /// Every tenant now in service.
    pub fn all(&self) -> Vec<Arc<Tenant>> {
        self.read().values().cloned().collect()
    }

    pub fn len(&self) -> usize {
        self.read().len()
    }

    pub fn is_empty(&self) -> bool {
        self.read().is_empty()
    }
}
