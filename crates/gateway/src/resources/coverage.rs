//! What a tenant can do with each resource: the operations and filters its provider's
//! mappings define, and the resources another provider has that its own lacks. Served
//! as `GET /unified/procurement/coverage` and mirrored in openapi.yaml
//! (`x-procura-providers`), which a test holds to this.

use std::collections::BTreeMap;

use serde::Serialize;

use super::definition::Write;
use super::listing::DATE_PARAMS;
use super::{Effective, Registry};
use crate::providers::Provider;

/// One resource as the tenant's provider supports it.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct ResourceCoverage {
    pub resource: String,
    pub supported: bool,
    /// `list`, `get`, `create`, `update` and the resource's actions.
    pub operations: Vec<String>,
    /// Query filters a list takes: the declared ones and the date filters.
    pub filters: Vec<String>,
}

/// The operations of a resource, in a fixed order.
pub fn operations(eff: &Effective) -> Vec<String> {
    let mut ops = vec!["list".to_string(), "get".to_string()];
    for write in [Write::Create, Write::Update] {
        if eff.resource.writes.contains(&write) {
            ops.push(write.operation().into());
        }
    }
    ops.extend(eff.resource.actions.keys().cloned());
    ops
}

fn covered(eff: &Effective) -> ResourceCoverage {
    let mut filters: Vec<String> = eff.filters.keys().cloned().collect();
    filters.extend(DATE_PARAMS.iter().map(|s| s.to_string()));
    ResourceCoverage {
        resource: eff.resource.name.clone(),
        supported: true,
        operations: operations(eff),
        filters,
    }
}

impl Registry {
    /// Every resource any provider defines, as `tenant` sees it.
    pub fn coverage(&self, tenant: &str) -> Vec<ResourceCoverage> {
        let mut out: BTreeMap<String, ResourceCoverage> = self
            .all(Some(tenant))
            .map(|eff| (eff.resource.name.clone(), covered(eff)))
            .collect();
        for name in self.all(None).map(|eff| eff.resource.name.clone()) {
            out.entry(name.clone()).or_insert(ResourceCoverage {
                resource: name,
                supported: false,
                operations: Vec::new(),
                filters: Vec::new(),
            });
        }
        out.into_values().collect()
    }

    /// Per provider, per resource, the operations its deployment mappings define.
    pub fn provider_matrix(&self) -> BTreeMap<String, BTreeMap<String, Vec<String>>> {
        Provider::ALL
            .into_iter()
            .filter_map(|p| {
                let resources = self.deployment.get(&p)?.values();
                Some((
                    p.name().to_string(),
                    resources
                        .map(|eff| (eff.resource.name.clone(), operations(eff)))
                        .collect(),
                ))
            })
            .collect()
    }
}
