//! The studio's state and its analyses, below HTTP: tenants created at runtime (kept in
//! the state store, secrets sealed), overrides saved through the studio with their
//! previous versions, the tree of remote fields found in sample records, and the preview
//! of an override on records (output, difference from the base mapping, schema
//! violations, compile errors, projection).
//!
//! Store keys: `tenant:{id}` (the tenant's definition, sealed), `override:{tenant}/{resource}`
//! (the override in force) and `override-version:{tenant}/{resource}/{n}` (every saved
//! version, the oldest dropped beyond `[studio] override_versions`), and `studio:version`,
//! changed with every change so other replicas (sharing a Redis store) notice it within a
//! second and reload.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::RwLock;

use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

use crate::config::{AuthConfig, RateLimitConfig, Secret, TenantConfig};
use crate::providers::Provider;
use crate::resources::StudioOverrides;
use crate::resources::definition::LoadError;
use crate::state::StateError as StoreError;
use crate::state::store::{Op, Store};

/// A tenant as `POST /admin/tenants` describes it (the fields of a config file's tenant,
/// without `overrides`).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TenantSpec {
    pub id: String,
    #[serde(default = "coupa")]
    pub provider: Provider,
    pub base_url: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub client_id: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub client_secret: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub scopes: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub auth: Option<AuthSpec>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "rate_limit"
    )]
    pub rate_limit: Option<RateLimitConfig>,
}

fn coupa() -> Provider {
    Provider::Coupa
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum AuthSpec {
    Basic {
        username: String,
        password: String,
    },
    Oauth {
        token_url: String,
        client_id: String,
        client_secret: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        scope: Option<String>,
    },
}

/// A change to a runtime tenant (`PATCH /admin/tenants/{id}`): fields given replace the
/// tenant's, secrets left out stay as they are.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TenantPatch {
    pub base_url: Option<String>,
    pub client_id: Option<String>,
    pub client_secret: Option<String>,
    pub scopes: Option<Vec<String>>,
    pub auth: Option<AuthSpec>,
    #[serde(default, deserialize_with = "some")]
    pub rate_limit: Option<Option<RateLimitConfig>>,
}

/// `null` as `Some(None)`: a field set to null clears it, a field left out keeps it.
fn some<'de, D: serde::Deserializer<'de>>(
    d: D,
) -> Result<Option<Option<RateLimitConfig>>, D::Error> {
    rate_limit(d).map(Some)
}

/// A rate limit in JSON: whole numbers, also when written with a zero fraction (`25.0`),
/// as JSON Schema's `integer` allows.
fn rate_limit<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<RateLimitConfig>, D::Error> {
    #[derive(Deserialize)]
    #[serde(deny_unknown_fields)]
    struct Raw {
        #[serde(deserialize_with = "whole")]
        requests: u32,
        #[serde(default = "one_sec", deserialize_with = "whole")]
        window_secs: u64,
    }
    fn one_sec() -> u64 {
        1
    }
    Ok(Option::<Raw>::deserialize(d)?.map(|r| RateLimitConfig {
        requests: r.requests,
        window_secs: r.window_secs,
    }))
}

/// A whole number that fits `T`, written as `3` or `3.0`.
pub fn whole<'de, D, T>(d: D) -> Result<T, D::Error>
where
    D: serde::Deserializer<'de>,
    T: TryFrom<u64>,
{
    let n = serde_json::Number::deserialize(d)?;
    let v = match (n.as_u64(), n.as_f64()) {
        (Some(v), _) => Some(v),
        (None, Some(f)) if f.fract() == 0.0 && (0.0..=u64::MAX as f64).contains(&f) => {
            Some(f as u64)
        }
        _ => None,
    };
    v.and_then(|v| T::try_from(v).ok())
        .ok_or_else(|| serde::de::Error::custom(format!("{n} is not a whole number in range")))
}

/// [`whole`] for an optional field.
pub fn whole_opt<'de, D, T>(d: D) -> Result<Option<T>, D::Error>
where
    D: serde::Deserializer<'de>,
    T: TryFrom<u64>,
{
    whole(d).map(Some)
}

impl TenantSpec {
    pub fn config(&self) -> TenantConfig {
        TenantConfig {
            id: self.id.clone(),
            provider: self.provider,
            base_url: self.base_url.clone(),
            client_id: self.client_id.clone(),
            client_secret: Secret::new(self.client_secret.clone()),
            scopes: self.scopes.clone(),
            auth: self.auth.as_ref().map(|a| match a {
                AuthSpec::Basic { username, password } => AuthConfig::Basic {
                    username: username.clone(),
                    password: Secret::new(password.clone()),
                },
                AuthSpec::Oauth {
                    token_url,
                    client_id,
                    client_secret,
                    scope,
                } => AuthConfig::Oauth {
                    token_url: token_url.clone(),
                    client_id: client_id.clone(),
                    client_secret: Secret::new(client_secret.clone()),
                    scope: scope.clone(),
                },
            }),
            overrides: None,
            rate_limit: self.rate_limit,
        }
    }

    /// The tenant with `patch` applied. A new `auth` of the same kind keeps a secret
    /// left empty.
    pub fn patched(&self, patch: TenantPatch) -> TenantSpec {
        let mut t = self.clone();
        if let Some(v) = patch.base_url {
            t.base_url = v;
        }
        if let Some(v) = patch.client_id {
            t.client_id = v;
        }
        if let Some(v) = patch.client_secret {
            t.client_secret = v;
        }
        if let Some(v) = patch.scopes {
            t.scopes = v;
        }
        if let Some(mut auth) = patch.auth {
            match (&mut auth, &self.auth) {
                (AuthSpec::Basic { password, .. }, Some(AuthSpec::Basic { password: old, .. }))
                    if password.is_empty() =>
                {
                    *password = old.clone()
                }
                (
                    AuthSpec::Oauth { client_secret, .. },
                    Some(AuthSpec::Oauth {
                        client_secret: old, ..
                    }),
                ) if client_secret.is_empty() => *client_secret = old.clone(),
                _ => {}
            }
            t.auth = Some(auth);
        }
        if let Some(v) = patch.rate_limit {
            t.rate_limit = v;
        }
        t
    }
}

/// One saved version of an override.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct OverrideVersion {
    pub version: u64,
    pub text: String,
    pub saved_at: String,
    /// Which admin key saved it (the first 8 hex digits of its SHA-256).
    pub by: String,
    /// The version this one restored, if it was a restore.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub restored_from: Option<u64>,
}

/// What the studio keeps: runtime tenants and saved overrides, mirrored in memory from
/// the store so a request never waits on it.
#[derive(Debug)]
pub struct Studio {
    pub store: Store,
    tenants: RwLock<BTreeMap<String, TenantSpec>>,
    overrides: RwLock<StudioOverrides>,
    /// One change at a time (tenants and overrides), so versions never interleave.
    pub changes: tokio::sync::Mutex<()>,
    keep_versions: usize,
}

/// Changed with every change of tenants or overrides (what other replicas poll).
pub const VERSION_KEY: &str = "studio:version";

fn tenant_key(id: &str) -> String {
    format!("tenant:{id}")
}
fn override_key(tenant: &str, resource: &str) -> String {
    format!("override:{tenant}/{resource}")
}
fn version_prefix(tenant: &str, resource: &str) -> String {
    format!("override-version:{tenant}/{resource}/")
}

/// A fresh value for [`VERSION_KEY`].
fn bump() -> Op {
    let mut v = [0u8; 16];
    rand::RngCore::fill_bytes(&mut rand::thread_rng(), &mut v);
    Op::Put(VERSION_KEY.into(), v.to_vec())
}

impl Studio {
    /// The value of [`VERSION_KEY`] now (`None` before the first change).
    pub async fn version(&self) -> Result<Option<Vec<u8>>, StoreError> {
        self.store.get(VERSION_KEY).await
    }

    pub fn new(store: Store, keep_versions: usize) -> Studio {
        Studio {
            store,
            tenants: RwLock::default(),
            overrides: RwLock::default(),
            changes: tokio::sync::Mutex::new(()),
            keep_versions: keep_versions.max(1),
        }
    }

    /// Reads every runtime tenant and saved override from the store.
    pub async fn load(&self) -> Result<(), StoreError> {
        let mut tenants = BTreeMap::new();
        for (_, sealed) in self.store.scan("tenant:").await? {
            let plain = self.store.unseal(&sealed)?;
            let spec: TenantSpec =
                serde_json::from_slice(&plain).map_err(|_| StoreError::Corrupt)?;
            tenants.insert(spec.id.clone(), spec);
        }
        let mut overrides = StudioOverrides::new();
        for (key, raw) in self.store.scan("override:").await? {
            let Some((tenant, resource)) = key["override:".len()..].split_once('/') else {
                continue;
            };
            let v: OverrideVersion =
                serde_json::from_slice(&raw).map_err(|_| StoreError::Corrupt)?;
            overrides.insert((tenant.to_string(), resource.to_string()), v.text);
        }
        *self.tenants.write().unwrap_or_else(|p| p.into_inner()) = tenants;
        *self.overrides.write().unwrap_or_else(|p| p.into_inner()) = overrides;
        Ok(())
    }

    pub fn tenants(&self) -> BTreeMap<String, TenantSpec> {
        self.tenants
            .read()
            .unwrap_or_else(|p| p.into_inner())
            .clone()
    }

    pub fn tenant(&self, id: &str) -> Option<TenantSpec> {
        self.tenants
            .read()
            .unwrap_or_else(|p| p.into_inner())
            .get(id)
            .cloned()
    }

    pub fn overrides(&self) -> StudioOverrides {
        self.overrides
            .read()
            .unwrap_or_else(|p| p.into_inner())
            .clone()
    }

    /// The text of the override saved for (tenant, resource), if any.
    pub fn override_text(&self, tenant: &str, resource: &str) -> Option<String> {
        self.overrides
            .read()
            .unwrap_or_else(|p| p.into_inner())
            .get(&(tenant.to_string(), resource.to_string()))
            .cloned()
    }

    /// Stores a runtime tenant (its secrets sealed).
    pub async fn put_tenant(&self, spec: TenantSpec) -> Result<(), StoreError> {
        let plain = serde_json::to_vec(&spec).map_err(|_| StoreError::Corrupt)?;
        self.store
            .apply(vec![
                Op::Put(tenant_key(&spec.id), self.store.seal(&plain)),
                bump(),
            ])
            .await?;
        self.tenants
            .write()
            .unwrap_or_else(|p| p.into_inner())
            .insert(spec.id.clone(), spec);
        Ok(())
    }

    /// Forgets a runtime tenant and every override saved for it.
    pub async fn delete_tenant(&self, id: &str) -> Result<(), StoreError> {
        let mut ops = vec![Op::Delete(tenant_key(id)), bump()];
        for prefix in [format!("override:{id}/"), format!("override-version:{id}/")] {
            for (k, _) in self.store.scan(&prefix).await? {
                ops.push(Op::Delete(k));
            }
        }
        self.store.apply(ops).await?;
        self.tenants
            .write()
            .unwrap_or_else(|p| p.into_inner())
            .remove(id);
        self.overrides
            .write()
            .unwrap_or_else(|p| p.into_inner())
            .retain(|(t, _), _| t != id);
        Ok(())
    }

    /// Every saved version of an override, oldest first.
    pub async fn versions(
        &self,
        tenant: &str,
        resource: &str,
    ) -> Result<Vec<OverrideVersion>, StoreError> {
        self.store
            .scan(&version_prefix(tenant, resource))
            .await?
            .into_iter()
            .map(|(_, raw)| serde_json::from_slice(&raw).map_err(|_| StoreError::Corrupt))
            .collect()
    }

    /// Saves `text` as the override in force, as a new version, in one atomic batch;
    /// drops versions beyond the number kept. Answers the new version.
    pub async fn save_override(
        &self,
        tenant: &str,
        resource: &str,
        text: String,
        by: String,
        restored_from: Option<u64>,
    ) -> Result<OverrideVersion, StoreError> {
        let before = self.versions(tenant, resource).await?;
        let version = OverrideVersion {
            version: before.last().map(|v| v.version + 1).unwrap_or(1),
            text,
            saved_at: crate::clock::rfc3339_now(),
            by,
            restored_from,
        };
        let raw = serde_json::to_vec(&version).map_err(|_| StoreError::Corrupt)?;
        let mut ops = vec![
            bump(),
            Op::Put(override_key(tenant, resource), raw.clone()),
            Op::Put(
                format!(
                    "{}{:012}",
                    version_prefix(tenant, resource),
                    version.version
                ),
                raw,
            ),
        ];
        let excess = (before.len() + 1).saturating_sub(self.keep_versions);
        for old in before.iter().take(excess) {
            ops.push(Op::Delete(format!(
                "{}{:012}",
                version_prefix(tenant, resource),
                old.version
            )));
        }
        self.store.apply(ops).await?;
        self.overrides
            .write()
            .unwrap_or_else(|p| p.into_inner())
            .insert(
                (tenant.to_string(), resource.to_string()),
                version.text.clone(),
            );
        Ok(version)
    }
}

/// Where a compile error is, for the editor.
#[derive(Debug, Clone, Serialize)]
pub struct CompileError {
    pub line: usize,
    pub column: usize,
    pub message: String,
}

impl From<&LoadError> for CompileError {
    fn from(e: &LoadError) -> Self {
        // JSONata errors say "… at column N: …"; YAML errors carry "line L column C".
        let column = ["at column ", "column "]
            .iter()
            .find_map(|marker| {
                let at = e.reason.find(marker)? + marker.len();
                let digits: String = e.reason[at..]
                    .chars()
                    .take_while(char::is_ascii_digit)
                    .collect();
                digits.parse().ok()
            })
            .unwrap_or(1);
        CompileError {
            line: e.line,
            column,
            message: e.reason.clone(),
        }
    }
}

/// One remote field path found in sample records.
#[derive(Debug, Clone, Serialize)]
pub struct RemoteField {
    /// Dotted path; `[]` marks the elements of an array.
    pub path: String,
    /// JSON types seen.
    pub types: BTreeSet<&'static str>,
    /// In how many of the sampled records the path is present.
    pub present: usize,
    /// Up to three distinct example values (scalars, cut at 80 characters).
    pub examples: Vec<Value>,
    /// A customer-defined field: Coupa's `custom-fields`, Oracle's descriptive
    /// flexfields (`DFF`).
    pub custom: bool,
}

fn type_name(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

/// The tree of field paths of `records`, in path order.
pub fn remote_fields(records: &[Value]) -> Vec<RemoteField> {
    let mut found: BTreeMap<String, (RemoteField, Option<usize>)> = BTreeMap::new();
    for (i, record) in records.iter().enumerate() {
        walk(record, "", false, i, &mut found);
    }
    found.into_values().map(|(f, _)| f).collect()
}

const MAX_FIELDS: usize = 5000;

fn walk(
    value: &Value,
    path: &str,
    custom: bool,
    record: usize,
    found: &mut BTreeMap<String, (RemoteField, Option<usize>)>,
) {
    if !path.is_empty() {
        if found.len() >= MAX_FIELDS && !found.contains_key(path) {
            return;
        }
        let (field, last) = found.entry(path.to_string()).or_insert_with(|| {
            (
                RemoteField {
                    path: path.to_string(),
                    types: BTreeSet::new(),
                    present: 0,
                    examples: Vec::new(),
                    custom,
                },
                None,
            )
        });
        field.types.insert(type_name(value));
        if *last != Some(record) {
            field.present += 1;
            *last = Some(record);
        }
        let example = match value {
            Value::String(s) if s.chars().count() > 80 => Some(json!(format!(
                "{}…",
                s.chars().take(80).collect::<String>()
            ))),
            Value::Array(_) | Value::Object(_) | Value::Null => None,
            other => Some(other.clone()),
        };
        if let Some(e) = example
            && field.examples.len() < 3
            && !field.examples.contains(&e)
        {
            field.examples.push(e);
        }
    }
    match value {
        Value::Object(map) => {
            for (k, v) in map {
                let child = if path.is_empty() {
                    k.clone()
                } else {
                    format!("{path}.{k}")
                };
                let custom =
                    custom || matches!(k.as_str(), "custom-fields" | "custom_fields" | "DFF");
                walk(v, &child, custom, record, found);
            }
        }
        Value::Array(items) => {
            for item in items {
                walk(item, &format!("{path}[]"), custom, record, found);
            }
        }
        _ => {}
    }
}

/// How `after` differs from `before`, field by field (dotted paths; array elements by
/// index).
pub fn diff(before: &Value, after: &Value) -> Vec<Value> {
    let mut out = Vec::new();
    diff_at("", before, after, &mut out);
    out
}

fn diff_at(path: &str, before: &Value, after: &Value, out: &mut Vec<Value>) {
    let join = |k: &str| {
        if path.is_empty() {
            k.to_string()
        } else {
            format!("{path}.{k}")
        }
    };
    match (before, after) {
        (Value::Object(a), Value::Object(b)) => {
            for (k, va) in a {
                match b.get(k) {
                    Some(vb) => diff_at(&join(k), va, vb, out),
                    None => out.push(json!({"path": join(k), "change": "removed", "before": va})),
                }
            }
            for (k, vb) in b {
                if !a.contains_key(k) {
                    out.push(json!({"path": join(k), "change": "added", "after": vb}));
                }
            }
        }
        (Value::Array(a), Value::Array(b)) if a.len() == b.len() => {
            for (i, (va, vb)) in a.iter().zip(b).enumerate() {
                diff_at(&format!("{path}[{i}]"), va, vb, out);
            }
        }
        (a, b) if a != b => {
            out.push(json!({"path": path, "change": "changed", "before": a, "after": b}));
        }
        _ => {}
    }
}

/// The dotted paths a tree of read fields names (what an override makes the provider
/// send).
pub fn read_paths(node: &jsonata::PathNode) -> Vec<String> {
    let mut out = Vec::new();
    fn go(node: &jsonata::PathNode, prefix: &str, out: &mut Vec<String>) {
        for (name, child) in &node.children {
            let path = if prefix.is_empty() {
                name.clone()
            } else {
                format!("{prefix}.{name}")
            };
            if child.children.is_empty() || child.whole {
                out.push(path.clone());
            }
            go(child, &path, out);
        }
    }
    go(node, "", &mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn remote_fields_count_presence_and_mark_custom_fields() {
        let records = [
            json!({"id": 1, "custom-fields": {"cost-center": "CC-1"}, "lines": [{"qty": 1}, {"qty": 2}]}),
            json!({"id": 2, "lines": []}),
        ];
        let fields = remote_fields(&records);
        let get = |p: &str| fields.iter().find(|f| f.path == p).unwrap();
        assert_eq!(get("id").present, 2);
        assert_eq!(get("id").examples, vec![json!(1), json!(2)]);
        assert!(get("custom-fields.cost-center").custom);
        assert!(!get("id").custom);
        assert_eq!(get("lines[].qty").present, 1);
        assert_eq!(
            get("lines").types.iter().copied().collect::<Vec<_>>(),
            ["array"]
        );
    }

    #[test]
    fn diff_names_added_removed_and_changed_fields() {
        let d = diff(
            &json!({"a": 1, "b": {"c": 2}, "gone": true}),
            &json!({"a": 1, "b": {"c": 3}, "new": "x"}),
        );
        assert_eq!(
            d,
            vec![
                json!({"path": "b.c", "change": "changed", "before": 2, "after": 3}),
                json!({"path": "gone", "change": "removed", "before": true}),
                json!({"path": "new", "change": "added", "after": "x"}),
            ]
        );
    }

    #[test]
    fn compile_errors_carry_line_and_column() {
        let e = LoadError::new(
            std::path::Path::new("x.yaml"),
            4,
            "response: JSONata error S0202 at column 7: expected }",
        );
        let c = CompileError::from(&e);
        assert_eq!((c.line, c.column), (4, 7));
    }
}

#[cfg(test)]
mod number_tests {
    use super::*;

    #[test]
    fn whole_numbers_may_carry_a_zero_fraction_and_nothing_else() {
        let spec = |rl: Value| {
            serde_json::from_value::<TenantSpec>(
                json!({"id": "a", "base_url": "https://x.example", "rate_limit": rl}),
            )
        };
        assert_eq!(
            spec(json!({"requests": 25.0}))
                .unwrap()
                .rate_limit
                .unwrap()
                .requests,
            25
        );
        assert_eq!(
            spec(json!({"requests": 5, "window_secs": 2.0}))
                .unwrap()
                .rate_limit
                .unwrap()
                .window_secs,
            2
        );
        for bad in [
            json!({"requests": 2.5}),
            json!({"requests": -1}),
            json!({"requests": 5e20}),
            json!({"requests": 1, "x": 1}),
        ] {
            assert!(spec(bad.clone()).is_err(), "{bad}");
        }
        let patch: TenantPatch = serde_json::from_value(json!({"rate_limit": null})).unwrap();
        assert_eq!(patch.rate_limit, Some(None));
        let patch: TenantPatch = serde_json::from_value(json!({})).unwrap();
        assert_eq!(patch.rate_limit, None);
    }
}
