//! Tenants: each customer the gateway acts for, with the provider its system runs and
//! the upstream client that reaches it (credentials, tokens, rate budget). Built once
//! from the config; the mappings a tenant sees are the registry's (`resources`), swapped
//! whole on reload.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use crate::config::Config;
use crate::cpu::{CpuPool, CpuShare};
use crate::events::EventSink;
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
}

impl Tenant {
    /// The tenant's rate budget.
    pub fn budget(&self) -> &Budget {
        &self.upstream.budget
    }
}

/// Every configured tenant.
#[derive(Debug)]
pub struct Tenants {
    by_id: HashMap<String, Arc<Tenant>>,
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
        let by_id = config
            .tenants
            .iter()
            .map(|t| {
                let tenant = Arc::new(Tenant {
                    id: t.id.clone(),
                    provider: t.provider,
                    upstream: Upstream::new(
                        t,
                        config,
                        http.clone(),
                        events.clone(),
                        shared.clone(),
                    ),
                    cpu: pool.share(),
                });
                if let Some(tokens) = tenant.upstream.auth.tokens() {
                    token::spawn_renewal(Arc::downgrade(tokens));
                }
                (t.id.clone(), tenant)
            })
            .collect();
        Tenants { by_id }
    }

    pub fn get(&self, id: &str) -> Option<&Arc<Tenant>> {
        self.by_id.get(id)
    }

    pub fn iter(&self) -> impl Iterator<Item = &Arc<Tenant>> {
        self.by_id.values()
    }

    pub fn len(&self) -> usize {
        self.by_id.len()
    }

    pub fn is_empty(&self) -> bool {
        self.by_id.is_empty()
    }
}
