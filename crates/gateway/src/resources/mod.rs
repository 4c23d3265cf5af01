//! Resources: the registry built from `mappings/` (definitions, the three-level mapping
//! chain per tenant, projections), cursors, and the list and get operations that turn a
//! unified query into Coupa calls and Coupa records into unified ones.
//!
//! Nothing here knows a resource by name: every resource is data from its mapping file.

pub mod chain;
pub mod cursor;
pub mod definition;
pub mod error;
pub mod listing;
pub mod projection;
pub mod schema;
pub mod writing;

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::config::Config;
use chain::Chain;
use definition::{Action, Level, LoadError, MappingFile, Write};
use projection::Projection;
use writing::WriteShape;

/// A resource as its base file defines it.
#[derive(Debug)]
pub struct Resource {
    pub name: String,
    /// Coupa path, e.g. `/api/purchase_orders`.
    pub path: String,
    /// The Coupa field holding the record id.
    pub id_field: String,
    pub writes: Vec<Write>,
    pub actions: BTreeMap<String, Action>,
    pub description: Option<String>,
}

/// A resource as one tenant sees it: the mapping chain, the declared filters and the
/// Coupa fields the chain reads.
#[derive(Debug)]
pub struct Effective {
    pub resource: Arc<Resource>,
    pub chain: Chain,
    /// Unified filter name → Coupa query parameter.
    pub filters: BTreeMap<String, String>,
    pub projection: Projection,
    /// JSON Schema of fields overrides declare (dotted path → schema).
    pub schema_additions: BTreeMap<String, serde_json::Value>,
    /// What the request chain reads and produces (empty for read-only resources).
    pub write_shape: WriteShape,
}

/// Every resource for every tenant, compiled. Replaced whole on reload.
#[derive(Debug)]
pub struct Registry {
    /// Resources with the deployment overrides applied, for callers without a tenant.
    deployment: BTreeMap<String, Arc<Effective>>,
    tenants: HashMap<String, BTreeMap<String, Arc<Effective>>>,
}

impl Registry {
    /// Loads base mappings, deployment overrides and each tenant's overrides. Reports
    /// every error found, not just the first.
    pub fn load(config: &Config) -> Result<Registry, Vec<LoadError>> {
        let mut errors = Vec::new();
        let base_dir = config.mappings.base_dir.join("coupa");
        let bases = load_dir(&base_dir, Level::Base, true, &mut errors);
        let deployment = match &config.mappings.override_dir {
            Some(dir) => load_dir(dir, Level::Override, false, &mut errors),
            None => BTreeMap::new(),
        };
        let tenant_overrides: Vec<(String, BTreeMap<String, MappingFile>)> = config
            .tenants
            .iter()
            .map(|t| {
                let files = match &t.overrides {
                    Some(dir) => load_dir(dir, Level::Override, true, &mut errors),
                    None => BTreeMap::new(),
                };
                (t.id.clone(), files)
            })
            .collect();
        for (file, name) in deployment
            .iter()
            .chain(tenant_overrides.iter().flat_map(|(_, f)| f.iter()))
            .map(|(name, f)| (&f.file, name))
        {
            if !bases.contains_key(name) {
                errors.push(LoadError::new(
                    file,
                    1,
                    format!("overrides unknown resource {name:?} (no mappings/coupa/{name}.yaml)"),
                ));
            }
        }
        if bases.is_empty() && errors.is_empty() {
            errors.push(LoadError::new(&base_dir, 1, "no base mappings found"));
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        let resources: BTreeMap<String, (Arc<Resource>, MappingFile)> = bases
            .into_iter()
            .map(|(name, base)| {
                let resource = Arc::new(Resource {
                    name: name.clone(),
                    path: base.path.clone().unwrap_or_default(),
                    id_field: base.id.clone().unwrap_or_else(|| "id".into()),
                    writes: base.writes.clone(),
                    actions: base.actions.clone(),
                    description: base.description.clone(),
                });
                (name, (resource, base))
            })
            .collect();
        let build = |tenant: Option<&BTreeMap<String, MappingFile>>| {
            resources
                .iter()
                .map(|(name, (resource, base))| {
                    let mut levels = vec![base.clone()];
                    levels.extend(deployment.get(name).cloned());
                    levels.extend(tenant.and_then(|t| t.get(name)).cloned());
                    (name.clone(), Arc::new(effective(resource.clone(), levels)))
                })
                .collect::<BTreeMap<_, _>>()
        };
        let deployment_view = build(None);
        let tenants = tenant_overrides
            .iter()
            .map(|(id, files)| (id.clone(), build(Some(files))))
            .collect();
        Ok(Registry {
            deployment: deployment_view,
            tenants,
        })
    }

    /// The resource as `tenant` sees it.
    pub fn get(&self, tenant: &str, resource: &str) -> Option<&Arc<Effective>> {
        self.tenants.get(tenant)?.get(resource)
    }

    /// The resource with deployment overrides only.
    pub fn deployment(&self, resource: &str) -> Option<&Arc<Effective>> {
        self.deployment.get(resource)
    }

    /// Every resource as `tenant` sees it (the deployment view for an unknown tenant).
    pub fn all(&self, tenant: Option<&str>) -> impl Iterator<Item = &Arc<Effective>> {
        tenant
            .and_then(|t| self.tenants.get(t))
            .unwrap_or(&self.deployment)
            .values()
    }
}

fn effective(resource: Arc<Resource>, levels: Vec<MappingFile>) -> Effective {
    let mut filters = BTreeMap::new();
    let mut schema_additions = BTreeMap::new();
    for level in &levels {
        filters.extend(level.filters.clone());
        schema_additions.extend(level.schema.clone());
    }
    let chain = Chain::new(levels);
    let projection = Projection::of(&chain, &resource.id_field);
    let write_shape = WriteShape::of(&chain);
    Effective {
        resource,
        chain,
        filters,
        projection,
        schema_additions,
        write_shape,
    }
}

/// Every `*.yaml` file of `dir`, keyed by resource name.
fn load_dir(
    dir: &Path,
    level: Level,
    required: bool,
    errors: &mut Vec<LoadError>,
) -> BTreeMap<String, MappingFile> {
    let mut out = BTreeMap::new();
    let entries = match std::fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) => {
            if required {
                errors.push(LoadError::new(
                    dir,
                    1,
                    format!("cannot read directory: {e}"),
                ));
            }
            return out;
        }
    };
    let mut files: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            p.is_file() && matches!(p.extension().and_then(|e| e.to_str()), Some("yaml" | "yml"))
        })
        .collect();
    files.sort();
    for file in files {
        match MappingFile::load(&file, level) {
            Ok(m) => {
                if let Some(previous) = out.insert(m.resource.clone(), m) {
                    errors.push(LoadError::new(
                        &file,
                        1,
                        format!(
                            "a second file for {:?} (also {})",
                            previous.resource,
                            previous.file.display()
                        ),
                    ));
                }
            }
            Err(e) => errors.push(e),
        }
    }
    out
}
