//! Resources: the registry built from `mappings/<provider>/` (definitions, the
//! three-level mapping chain per tenant, projections), cursors, and the list, get and
//! write operations that turn a unified query into provider calls and provider records
//! into unified ones. Provider-blind: what a call looks like on the wire is the
//! provider's ([`crate::providers`]).
//!
//! Nothing here knows a resource by name: every resource is data from its mapping file.

pub mod answer;
pub mod chain;
pub mod coverage;
pub mod cursor;
pub mod definition;
pub mod error;
mod fanout;
pub mod listing;
pub mod projection;
pub mod schema;
pub mod selection;
pub mod validation;
pub mod writing;

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::config::Config;
use crate::providers::Provider;
use chain::Chain;
use definition::{Action, Level, LoadError, MappingFile, Write};
use projection::Projection;
use validation::{Compilations, WriteCheck};
use writing::WriteShape;

/// A resource as its base file defines it.
#[derive(Debug)]
pub struct Resource {
    pub name: String,
    /// One record's name, e.g. `purchase_order`.
    pub singular: String,
    /// The provider's collection path, e.g. `/api/purchase_orders`.
    pub path: String,
    /// Where creates, updates and actions go (`path` unless the mapping names another).
    pub write_path: String,
    /// The provider attribute holding the record id.
    pub id_field: String,
    pub writes: Vec<Write>,
    pub actions: BTreeMap<String, Action>,
    pub description: Option<String>,
}

/// A resource as one tenant sees it: the mapping chain, the declared filters and the
/// upstream fields the chain reads.
#[derive(Debug)]
pub struct Effective {
    pub resource: Arc<Resource>,
    pub chain: Chain,
    /// Unified filter name → the provider's query parameter or attribute.
    pub filters: BTreeMap<String, String>,
    /// Conditions every record meets (`where`, a later level's value for an attribute
    /// replacing an earlier one's), as the provider is asked them.
    pub scope: Vec<crate::providers::Filter>,
    pub projection: Projection,
    /// JSON Schema of fields overrides declare (dotted path → schema).
    pub schema_additions: BTreeMap<String, serde_json::Value>,
    /// What the request chain reads and produces (empty for read-only resources).
    pub write_shape: WriteShape,
    /// The write schemas bodies are held to before anything is sent.
    pub write_check: WriteCheck,
    /// Field selections (`fields=`) compiled so far, and the fields there are to select.
    pub selections: selection::Selections,
}

/// Every resource for every tenant, compiled. Replaced whole on reload.
#[derive(Debug)]
pub struct Registry {
    /// Per provider: resources with the deployment overrides applied, for callers
    /// without a tenant.
    deployment: BTreeMap<Provider, BTreeMap<String, Arc<Effective>>>,
    tenants: HashMap<String, BTreeMap<String, Arc<Effective>>>,
}

/// One provider's base files and deployment overrides.
struct ProviderFiles {
    bases: BTreeMap<String, (Arc<Resource>, MappingFile)>,
    deployment: BTreeMap<String, MappingFile>,
}

impl Registry {
    /// Loads, for every provider in use, its base mappings (`mappings/<provider>/`) and
    /// deployment overrides, then each tenant's overrides over its provider's. Reports
    /// every error found, not just the first.
    pub fn load(config: &Config) -> Result<Registry, Vec<LoadError>> {
        Registry::load_with(config, &StudioOverrides::new())
    }

    /// [`Registry::load`] with the overrides saved through the studio, which take the
    /// place of a tenant's override file for their resource.
    pub fn load_with(
        config: &Config,
        studio: &StudioOverrides,
    ) -> Result<Registry, Vec<LoadError>> {
        let mut errors = Vec::new();
        // Providers with a tenant, Coupa, and any whose mappings are shipped (so that
        // `procura mappings check` compiles them all).
        let mut in_use: BTreeSet<Provider> = config.tenants.iter().map(|t| t.provider).collect();
        in_use.insert(Provider::Coupa);
        in_use.extend(
            Provider::ALL
                .into_iter()
                .filter(|p| config.mappings.base_dir.join(p.name()).is_dir()),
        );
        let mut providers: BTreeMap<Provider, ProviderFiles> = BTreeMap::new();
        for provider in in_use {
            let base_dir = config.mappings.base_dir.join(provider.name());
            let bases = load_dir(&base_dir, Level::Base, true, &mut errors);
            if bases.is_empty() && errors.is_empty() {
                errors.push(LoadError::new(&base_dir, 1, "no base mappings found"));
            }
            for base in bases.values() {
                for (key, path) in [("path", &base.path), ("write_path", &base.write_path)] {
                    if let Some(p) = path
                        && let Err(reason) = provider.check_resource_path(p)
                    {
                        let text = std::fs::read_to_string(&base.file).unwrap_or_default();
                        let line = definition::key_line(&text, key);
                        errors.push(LoadError::new(
                            &base.file,
                            line,
                            reason.replace("`path`", &format!("`{key}`")),
                        ));
                    }
                }
            }
            let deployment = match &config.mappings.override_dir {
                Some(dir) => match deployment_dir(dir, provider) {
                    Some(dir) => load_dir(&dir, Level::Override, false, &mut errors),
                    None => BTreeMap::new(),
                },
                None => BTreeMap::new(),
            };
            check_known(
                provider,
                |n| bases.contains_key(n),
                deployment.values(),
                &mut errors,
            );
            let bases = bases
                .into_iter()
                .map(|(name, base)| {
                    let resource = Arc::new(Resource {
                        name: name.clone(),
                        singular: base.singular.clone().unwrap_or_default(),
                        path: base.path.clone().unwrap_or_default(),
                        write_path: base
                            .write_path
                            .clone()
                            .or_else(|| base.path.clone())
                            .unwrap_or_default(),
                        id_field: base.id.clone().unwrap_or_else(|| "id".into()),
                        writes: base.writes.clone(),
                        actions: base.actions.clone(),
                        description: base.description.clone(),
                    });
                    (name, (resource, base))
                })
                .collect();
            providers.insert(provider, ProviderFiles { bases, deployment });
        }
        let mut tenant_overrides = Vec::new();
        for t in &config.tenants {
            let mut files = match &t.overrides {
                Some(dir) => load_dir(dir, Level::Override, true, &mut errors),
                None => BTreeMap::new(),
            };
            for ((tenant, resource), text) in studio.range((t.id.clone(), String::new())..) {
                if tenant != &t.id {
                    break;
                }
                match MappingFile::parse(&studio_path(tenant, resource), text, Level::Override) {
                    Ok(m) => {
                        files.insert(resource.clone(), m);
                    }
                    Err(e) => errors.push(e),
                }
            }
            if let Some(p) = providers.get(&t.provider) {
                check_known(
                    t.provider,
                    |n| p.bases.contains_key(n),
                    files.values(),
                    &mut errors,
                );
            }
            tenant_overrides.push((t.id.clone(), t.provider, files));
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        let compilations = Compilations::default();
        let build = |p: &ProviderFiles,
                     provider: Provider,
                     tenant: Option<&BTreeMap<String, MappingFile>>| {
            p.bases
                .iter()
                .map(|(name, (resource, base))| {
                    let mut levels = vec![base.clone()];
                    levels.extend(p.deployment.get(name).cloned());
                    levels.extend(tenant.and_then(|t| t.get(name)).cloned());
                    let eff = effective(resource.clone(), levels, provider, &compilations);
                    (name.clone(), Arc::new(eff))
                })
                .collect::<BTreeMap<_, _>>()
        };
        let deployment = providers
            .iter()
            .map(|(provider, p)| (*provider, build(p, *provider, None)))
            .collect();
        let tenants = tenant_overrides
            .iter()
            .filter_map(|(id, provider, files)| {
                let p = providers.get(provider)?;
                Some((id.clone(), build(p, *provider, Some(files))))
            })
            .collect();
        Ok(Registry {
            deployment,
            tenants,
        })
    }

    /// The resource of `provider` with its deployment overrides and `tenant_level` on
    /// top (the studio's preview of an override not yet saved).
    pub fn with_override(
        &self,
        provider: Provider,
        resource: &str,
        tenant_level: Option<MappingFile>,
    ) -> Option<Effective> {
        let below = self.deployment(provider, resource)?;
        let mut levels = below.chain.levels().to_vec();
        levels.extend(tenant_level);
        Some(effective(
            below.resource.clone(),
            levels,
            provider,
            &Compilations::default(),
        ))
    }

    /// The resource as `tenant` sees it.
    pub fn get(&self, tenant: &str, resource: &str) -> Option<&Arc<Effective>> {
        self.tenants.get(tenant)?.get(resource)
    }

    /// Whether any provider defines `resource` (a tenant whose provider lacks it is told
    /// so, rather than that it does not exist).
    pub fn is_known(&self, resource: &str) -> bool {
        self.deployment.values().any(|r| r.contains_key(resource))
    }

    /// The resource of `provider` with deployment overrides only.
    pub fn deployment(&self, provider: Provider, resource: &str) -> Option<&Arc<Effective>> {
        self.deployment.get(&provider)?.get(resource)
    }

    /// Every resource as `tenant` sees it; without a tenant, every provider's resources
    /// with deployment overrides only.
    pub fn all(&self, tenant: Option<&str>) -> Box<dyn Iterator<Item = &Arc<Effective>> + '_> {
        match tenant.and_then(|t| self.tenants.get(t)) {
            Some(view) => Box::new(view.values()),
            None => Box::new(self.deployment.values().flat_map(BTreeMap::values)),
        }
    }
}

/// Overrides saved through the studio: (tenant, resource) → the override's YAML text.
pub type StudioOverrides = BTreeMap<(String, String), String>;

/// The name a studio override goes by in errors (it has no file of its own).
pub fn studio_path(tenant: &str, resource: &str) -> PathBuf {
    PathBuf::from(format!("studio/{tenant}/{resource}.yaml"))
}

/// Where a provider's deployment overrides live: `<override_dir>/<provider>/`, or for
/// Coupa, when that folder does not exist, `<override_dir>` itself.
fn deployment_dir(dir: &Path, provider: Provider) -> Option<PathBuf> {
    let own = dir.join(provider.name());
    if own.is_dir() {
        Some(own)
    } else if provider == Provider::Coupa {
        Some(dir.to_path_buf())
    } else {
        None
    }
}

/// Every override names a resource the provider's base mappings define.
fn check_known<'a>(
    provider: Provider,
    known: impl Fn(&str) -> bool,
    overrides: impl Iterator<Item = &'a MappingFile>,
    errors: &mut Vec<LoadError>,
) {
    for f in overrides {
        if !known(&f.resource) {
            errors.push(LoadError::new(
                &f.file,
                1,
                format!(
                    "overrides unknown resource {:?} (no mappings/{provider}/{}.yaml)",
                    f.resource, f.resource
                ),
            ));
        }
    }
}

fn effective(
    resource: Arc<Resource>,
    levels: Vec<MappingFile>,
    provider: Provider,
    compilations: &Compilations,
) -> Effective {
    let mut filters = BTreeMap::new();
    let mut scope = BTreeMap::new();
    let mut schema_additions = BTreeMap::new();
    for level in &levels {
        filters.extend(level.filters.clone());
        scope.extend(level.scope.clone());
        schema_additions.extend(level.schema.clone());
    }
    let chain = Chain::new(levels);
    let projection = Projection::of(&chain, &resource.id_field, provider);
    let write_shape = WriteShape::of(&chain);
    let write_check = WriteCheck::new(
        schema::schemas(),
        compilations,
        &resource.name,
        &resource.writes,
        &schema_additions,
        write_shape.reads.as_ref(),
    );
    let scope = scope
        .into_iter()
        .map(|(param, value)| crate::providers::Filter::Equals { param, value })
        .collect();
    Effective {
        resource,
        chain,
        filters,
        scope,
        projection,
        selections: selection::Selections::default(),
        schema_additions,
        write_shape,
        write_check,
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
