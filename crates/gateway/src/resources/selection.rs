//! Field selection (`fields=id,number,supplier.name,lines.total`): which unified fields a
//! caller wants back. A selection is checked against the tenant's record schema, written
//! in one canonical form (what cursors and sync tokens bind), and compiled into a mapping
//! chain that builds only those fields, whose projection asks the provider only for the
//! upstream fields they read. Compiled selections are kept per tenant and resource.

use std::collections::BTreeMap;
use std::sync::{Arc, OnceLock};

use serde_json::Value;

use super::Effective;
use super::chain::Chain;
use super::error::{ResourceError, bad};
use super::projection::Projection;
use crate::providers::Provider;
use jsonata::{Output, PathNode};

/// The query parameter.
pub const PARAM: &str = "fields";
/// At most this many fields in one selection, and this long a selection.
const MAX_FIELDS: usize = 100;
const MAX_LEN: usize = 8000;
/// Compiled selections kept per tenant and resource.
const CACHED: u64 = 64;

/// A compiled selection.
#[derive(Debug)]
pub struct Selection {
    /// The fields as a tree (a node without children keeps the whole value).
    pub tree: PathNode,
    /// The chain building only those fields (the whole chain when a level reads `$base`).
    pub chain: Chain,
    /// What that chain reads, in the provider's terms.
    pub projection: Projection,
}

impl Selection {
    /// The mapped record cut to the selection.
    pub fn cut(&self, record: Output) -> Output {
        record.select(&self.tree)
    }
}

/// The unified fields a record of one tenant's resource has, from its schema.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Known {
    /// A value without fields of its own.
    Leaf,
    /// An object with these fields, each with whether the schema requires it.
    Fields(BTreeMap<String, (Known, bool)>),
    /// An object whose fields are not fixed (custom fields): any name below it.
    Open,
}

/// Compiled selections of one tenant's resource, and its known fields.
#[derive(Debug)]
pub struct Selections {
    known: OnceLock<Known>,
    cache: moka::sync::Cache<String, Arc<Selection>>,
}

impl Default for Selections {
    fn default() -> Self {
        Selections {
            known: OnceLock::new(),
            cache: moka::sync::Cache::new(CACHED),
        }
    }
}

/// Checks a `fields` value and writes it canonically: with the fields the record schema
/// requires of every object the selection reaches (so a selected record still holds to
/// its schema), each field once, sorted, a field dropped when its parent is selected too.
pub fn canonical(raw: &str, eff: &Effective) -> Result<String, ResourceError> {
    if raw.len() > MAX_LEN {
        return Err(bad(PARAM, format!("longer than {MAX_LEN} characters")));
    }
    let known = eff
        .selections
        .known
        .get_or_init(|| known_fields(eff).unwrap_or(Known::Open));
    let mut fields: Vec<&str> = Vec::new();
    for field in raw.split(',') {
        if field.is_empty() {
            return Err(bad(
                PARAM,
                "must be unified field names separated by commas (e.g. id,number,supplier.name), with no empty one",
            ));
        }
        check(field, known, &eff.resource.name)?;
        fields.push(field);
    }
    if fields.len() > MAX_FIELDS {
        return Err(bad(PARAM, format!("names more than {MAX_FIELDS} fields")));
    }
    let required = required_along(&fields, known);
    let mut fields: Vec<&str> = fields
        .into_iter()
        .chain(required.iter().map(String::as_str))
        .collect();
    fields.sort_unstable();
    fields.dedup();
    // `supplier` covers `supplier.name`: sorted, a child follows its parent
    let mut kept: Vec<&str> = Vec::new();
    for f in fields {
        let covered = kept
            .iter()
            .any(|k| f.strip_prefix(k).is_some_and(|rest| rest.starts_with('.')));
        if !covered {
            kept.push(f);
        }
    }
    Ok(kept.join(","))
}

fn check(field: &str, known: &Known, resource: &str) -> Result<(), ResourceError> {
    let mut node = known;
    for (depth, part) in field.split('.').enumerate() {
        if depth == 0 && part == "remote_data" {
            return Err(bad(
                PARAM,
                "remote_data is not a field to select: ask for it with remote_data=true",
            ));
        }
        node = match node {
            Known::Open => return Ok(()),
            Known::Fields(children) => children.get(part).map(|(k, _)| k).ok_or_else(|| {
                let at = if depth == 0 {
                    format!("a {resource} record")
                } else {
                    format!(
                        "`{}`",
                        field.split('.').take(depth).collect::<Vec<_>>().join(".")
                    )
                };
                let names: Vec<&str> = children
                    .keys()
                    .map(String::as_str)
                    .filter(|n| *n != "remote_data")
                    .collect();
                bad(
                    PARAM,
                    format!("unknown field `{field}`: {at} has {}", names.join(", ")),
                )
            })?,
            Known::Leaf => {
                return Err(bad(
                    PARAM,
                    format!("unknown field `{field}`: `{}` has no fields", {
                        field.split('.').take(depth).collect::<Vec<_>>().join(".")
                    }),
                ));
            }
        };
    }
    Ok(())
}

/// The required fields of the record and of every object on the way to a selected field.
fn required_along(fields: &[&str], known: &Known) -> Vec<String> {
    let mut out = Vec::new();
    let mut add = |prefix: &str, node: &Known| {
        if let Known::Fields(children) = node {
            for (name, (_, required)) in children {
                if *required {
                    out.push(if prefix.is_empty() {
                        name.clone()
                    } else {
                        format!("{prefix}.{name}")
                    });
                }
            }
        }
    };
    add("", known);
    for field in fields {
        let parts: Vec<&str> = field.split('.').collect();
        let mut node = known;
        // the objects strictly above the field's last name
        for depth in 0..parts.len().saturating_sub(1) {
            let Known::Fields(children) = node else { break };
            let Some((child, _)) = children.get(parts[depth]) else {
                break;
            };
            node = child;
            add(&parts[..=depth].join("."), node);
        }
    }
    out
}

/// Every field a selection may name, as dotted paths: each field of the schema and of
/// the objects below it (the fields of an open object, such as custom fields, are not
/// listed, though a selection may name them).
pub fn selectable(schema: &Value) -> Vec<String> {
    fn paths(node: &Known, prefix: &str, out: &mut Vec<String>) {
        if let Known::Fields(children) = node {
            for (name, (child, _)) in children {
                if prefix.is_empty() && name == "remote_data" {
                    continue;
                }
                let path = if prefix.is_empty() {
                    name.clone()
                } else {
                    format!("{prefix}.{name}")
                };
                out.push(path.clone());
                paths(child, &path, out);
            }
        }
    }
    let defs = schema.get("$defs").cloned().unwrap_or(Value::Null);
    let mut out = Vec::new();
    paths(&walk(schema, &defs, 0), "", &mut out);
    out
}

/// The selection for a canonical `fields` value, compiled on first use.
pub fn compile(eff: &Effective, canonical: &str, provider: Provider) -> Arc<Selection> {
    eff.selections.cache.get_with_by_ref(canonical, || {
        let tree = tree(canonical);
        let chain = eff.chain.select(&tree);
        let projection = Projection::of(&chain, &eff.resource.id_field, provider);
        Arc::new(Selection {
            tree,
            chain,
            projection,
        })
    })
}

fn tree(canonical: &str) -> PathNode {
    let mut root = PathNode::default();
    for field in canonical.split(',').filter(|f| !f.is_empty()) {
        let mut node = &mut root;
        for part in field.split('.') {
            node = node.children.entry(part.to_string()).or_default();
        }
    }
    root
}

/// The fields of the tenant's record schema; `None` when the resource has none.
fn known_fields(eff: &Effective) -> Option<Known> {
    let schemas = super::schema::schemas();
    let schema = schemas.record(eff)?;
    let defs = schema.get("$defs").cloned().unwrap_or(Value::Null);
    Some(walk(&schema, &defs, 0))
}

fn walk(schema: &Value, defs: &Value, depth: usize) -> Known {
    if depth > 32 {
        return Known::Open;
    }
    if let Some(name) = schema
        .get("$ref")
        .and_then(Value::as_str)
        .and_then(|r| r.strip_prefix("#/$defs/"))
    {
        return defs
            .get(name)
            .map_or(Known::Open, |s| walk(s, defs, depth + 1));
    }
    // alternatives (nullable references): the fields of every one
    let mut merged: Option<Known> = None;
    for key in ["oneOf", "anyOf", "allOf"] {
        for alt in schema
            .get(key)
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            let k = walk(alt, defs, depth + 1);
            merged = Some(match (merged, k) {
                (None, k) | (Some(Known::Leaf), k) => k,
                (Some(m), Known::Leaf) => m,
                (Some(Known::Open), _) | (_, Known::Open) => Known::Open,
                (Some(Known::Fields(mut a)), Known::Fields(b)) => {
                    a.extend(b);
                    Known::Fields(a)
                }
            });
        }
    }
    if let Some(items) = schema.get("items") {
        return walk(items, defs, depth + 1);
    }
    if let Some(props) = schema.get("properties").and_then(Value::as_object) {
        let open = matches!(
            schema.get("additionalProperties"),
            Some(Value::Bool(true)) | Some(Value::Object(_))
        );
        if open {
            return Known::Open;
        }
        let required: Vec<&str> = schema
            .get("required")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(Value::as_str)
            .collect();
        let mut fields: BTreeMap<String, (Known, bool)> = props
            .iter()
            .map(|(k, v)| {
                let req = required.contains(&k.as_str());
                (k.clone(), (walk(v, defs, depth + 1), req))
            })
            .collect();
        if let Some(Known::Fields(more)) = merged {
            fields.extend(more);
        }
        return Known::Fields(fields);
    }
    if let Some(m) = merged {
        return m;
    }
    let is_object = match schema.get("type") {
        Some(Value::String(t)) => t == "object",
        Some(Value::Array(ts)) => ts.iter().any(|t| t == "object"),
        _ => false,
    };
    if is_object { Known::Open } else { Known::Leaf }
}
