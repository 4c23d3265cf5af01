//! Creates, updates and deletes, generic over the catalogue: attribute checks (known,
//! writable, of the right type: money and counts may arrive as strings and are stored
//! as numbers), generated ids, who-columns, inherited parent keys, nested child rows in
//! a create body (and in a PATCH body: rows with a known key are updated, others
//! created), flexfield contexts and segments, and the resource rules of [`super::rules`]
//! (names resolved to ids, defaults, totals).

use serde_json::{Map, Value};

use super::catalog::{Node, Resource, WHO};
use super::clock;
use super::fail::Fail;
use super::flex::Flexfield;
use super::keys::{KeyType, KeyVal, RowKey};
use super::rules;
use super::schema::{AttrType, Schema, segment_type};
use super::store::{Row, Store};

/// Who writes, when, against which schema and flexfields.
pub struct WriteCtx<'a> {
    pub schema: &'a Schema,
    pub flexfields: &'a [Flexfield],
    pub user: &'a str,
    pub now: i64,
}

/// Where a node sits: its resource, schema path and the keys it inherits.
#[derive(Clone)]
pub struct Place<'a> {
    pub res: &'static Resource,
    pub node: &'static Node,
    pub spath: String,
    /// Key attributes of the ancestors (`POHeaderId` for a line).
    pub inherited: Map<String, Value>,
    /// The parent row's attributes (for defaults), `None` at the top.
    pub parent: Option<&'a Map<String, Value>>,
}

impl Place<'_> {
    pub fn child(&self, node: &'static Node, row: &Row) -> Place<'static> {
        let mut inherited = self.inherited.clone();
        for k in self.node.key_names() {
            if let Some(v) = row.attrs.get(k) {
                inherited.insert(k.to_string(), v.clone());
            }
        }
        Place {
            res: self.res,
            node,
            spath: format!("{}/{}", self.spath, node.name),
            inherited,
            parent: None,
        }
    }
}

/// The attribute names a client may not set on `node`.
fn read_only(node: &Node, attr: &str, generated: Option<&str>) -> bool {
    WHO.contains(&attr) || node.read_only.contains(&attr) || generated == Some(attr)
}

/// The key attribute the server generates: the first, when it is an id not inherited.
pub fn generated_key(place: &Place) -> Option<&'static str> {
    let (name, ty) = place.node.keys.first()?;
    (matches!(ty, KeyType::Long | KeyType::Str)
        && !place.inherited.contains_key(*name)
        && !place.node.flex)
        .then_some(*name)
}

/// A body value as the attribute's type.
pub fn coerce(resource: &str, attr: &str, ty: AttrType, v: &Value) -> Result<Value, Fail> {
    let bad = |what: &str| {
        Fail::invalid(format!(
            "The value {v} of the attribute {attr} in {resource} is not a valid {what}."
        ))
        .at(attr)
    };
    Ok(match (ty, v) {
        (_, Value::Null) => Value::Null,
        (AttrType::Integer, Value::Number(n)) if n.is_i64() => v.clone(),
        (AttrType::Integer, Value::Number(n)) => match n.as_f64() {
            Some(f) if f.fract() == 0.0 => Value::from(f as i64),
            _ => return Err(bad("integer")),
        },
        (AttrType::Integer, Value::String(s)) => {
            Value::from(s.trim().parse::<i64>().map_err(|_| bad("integer"))?)
        }
        (AttrType::Number, Value::Number(n)) => {
            Value::from(n.as_f64().ok_or_else(|| bad("number"))?)
        }
        (AttrType::Number, Value::String(s)) => {
            let f: f64 = s.trim().parse().map_err(|_| bad("number"))?;
            if !f.is_finite() {
                return Err(bad("number"));
            }
            Value::from(f)
        }
        (AttrType::Boolean, Value::Bool(_)) => v.clone(),
        (AttrType::Boolean, Value::String(s)) => match s.as_str() {
            "true" | "Y" => Value::Bool(true),
            "false" | "N" => Value::Bool(false),
            _ => return Err(bad("boolean")),
        },
        (AttrType::Date, Value::String(s)) if clock::is_date(s) => v.clone(),
        (AttrType::Date, _) => return Err(bad("date (yyyy-MM-dd)")),
        (AttrType::DateTime, Value::String(s)) => Value::from(clock::stamp(
            clock::parse(s).ok_or_else(|| bad("timestamp"))?,
        )),
        (AttrType::String, Value::String(_)) => v.clone(),
        (AttrType::String, Value::Number(_) | Value::Bool(_)) => Value::from(v.to_string()),
        (AttrType::Integer | AttrType::Number, _) => return Err(bad("number")),
        (AttrType::Boolean, _) => return Err(bad("boolean")),
        (AttrType::DateTime, _) => return Err(bad("timestamp")),
        (AttrType::String, _) => return Err(bad("string")),
    })
}

/// Child rows in a body: an array, or a collection object with `items`.
fn child_rows<'v>(node: &Node, acc: &str, v: &'v Value) -> Result<Vec<&'v Value>, Fail> {
    let list = match v {
        Value::Array(xs) => xs,
        Value::Object(m) => match m.get("items") {
            Some(Value::Array(xs)) => xs,
            _ => {
                return Err(Fail::invalid(format!(
                    "The child {acc} of {} must be an array.",
                    node.name
                ))
                .at(acc));
            }
        },
        _ => {
            return Err(Fail::invalid(format!(
                "The child {acc} of {} must be an array.",
                node.name
            ))
            .at(acc));
        }
    };
    if let Some(bad) = list.iter().find(|x| !x.is_object()) {
        return Err(Fail::invalid(format!("{bad} is not a row of {acc}.")).at(acc));
    }
    Ok(list.iter().collect())
}

fn object<'v>(body: &'v Value, what: &str) -> Result<&'v Map<String, Value>, Fail> {
    body.as_object().ok_or_else(|| {
        Fail::invalid(format!(
            "The request body for {what} must be a JSON object."
        ))
    })
}

/// Checks and types the plain attributes of a body; returns them and the child
/// bodies by accessor.
#[allow(clippy::type_complexity)]
fn split_body<'v>(
    ctx: &WriteCtx,
    place: &Place,
    body: &'v Map<String, Value>,
    creating: bool,
    current: Option<&Row>,
) -> Result<(Map<String, Value>, Vec<(&'static Node, Vec<&'v Value>)>), Fail> {
    let ns = ctx.schema.node(&place.spath);
    let generated = generated_key(place);
    let mut attrs = Map::new();
    let mut kids = Vec::new();
    for (k, v) in body {
        if let Some(child) = place.node.child(k) {
            kids.push((child, child_rows(place.node, k, v)?));
            continue;
        }
        if k == "links" || k == "@context" {
            continue;
        }
        let Some(ty) = ns.get(k) else {
            return Err(Fail::unknown_attribute(place.node.name, k));
        };
        let value = coerce(place.node.name, k, ty, v)?;
        let is_key = place.node.key_names().any(|n| n == k);
        let unchanged =
            current.is_some_and(|r| r.get(k) == &value) || place.inherited.get(k) == Some(&value);
        let settable_now = creating && place.node.create_only.contains(&k.as_str());
        if ((read_only(place.node, k, generated) && !settable_now)
            || (is_key && !creating)
            || place.inherited.contains_key(k))
            && !unchanged
        {
            return Err(Fail::invalid(format!(
                "The attribute {k} in {} is read-only and cannot be set.",
                place.node.name
            ))
            .at(k.clone()));
        }
        attrs.insert(k.clone(), value);
    }
    Ok((attrs, kids))
}

fn flex_def<'a>(ctx: &'a WriteCtx, place: &Place) -> Option<&'a Flexfield> {
    ctx.flexfields.iter().find(|f| f.path == place.spath)
}

/// Applies context and segment values to a flexfield row.
fn flex_apply(
    ctx: &WriteCtx,
    place: &Place,
    row: &mut Row,
    body: &Map<String, Value>,
) -> Result<(), Fail> {
    let def = flex_def(ctx, place);
    let mut context = row.get("__FLEX_Context").as_str().map(str::to_string);
    if let Some(v) = body.get("__FLEX_Context") {
        context = match v {
            Value::Null => None,
            Value::String(s) => Some(s.clone()),
            _ => return Err(Fail::invalid("__FLEX_Context must be a string.").at("__FLEX_Context")),
        };
        if let Some(c) = &context {
            if def.and_then(|d| d.context(c)).is_none() {
                return Err(Fail::invalid(format!(
                    "The value {c} of the attribute __FLEX_Context isn't valid."
                ))
                .at("__FLEX_Context"));
            }
        }
    }
    let segments: Vec<(String, AttrType)> = def
        .map(|d| {
            d.segments(context.as_deref())
                .into_iter()
                .map(|s| (s.name.clone(), segment_type(s.kind)))
                .collect()
        })
        .unwrap_or_default();
    for (k, v) in body {
        if k == "__FLEX_Context"
            || k == "__FLEX_Context_DisplayValue"
            || k == "links"
            || k == "@context"
        {
            continue;
        }
        if place.node.key_names().any(|n| n == k) {
            if place.inherited.get(k).is_some_and(|i| i != v) {
                return Err(
                    Fail::invalid(format!("The attribute {k} in DFF is read-only.")).at(k.clone()),
                );
            }
            continue;
        }
        let Some((_, ty)) = segments.iter().find(|(n, _)| n == k) else {
            return Err(Fail::invalid(format!(
                "The segment {k} isn't valid for the context {}.",
                context.as_deref().unwrap_or("(none)")
            ))
            .at(k.clone()));
        };
        row.set(k, coerce(place.node.name, k, *ty, v)?);
    }
    // rebuild in order: keys, context, display, segments of the context
    let mut m = Map::new();
    for (k, v) in &place.inherited {
        if place.node.key_names().any(|n| n == k) {
            m.insert(k.clone(), v.clone());
        }
    }
    let display = context
        .as_deref()
        .and_then(|c| def.and_then(|d| d.context(c)))
        .map(|c| Value::from(c.display.clone()))
        .unwrap_or(Value::Null);
    m.insert(
        "__FLEX_Context".into(),
        context.clone().map_or(Value::Null, Value::from),
    );
    m.insert("__FLEX_Context_DisplayValue".into(), display);
    for (name, _) in &segments {
        m.insert(
            name.clone(),
            row.attrs.get(name).cloned().unwrap_or(Value::Null),
        );
    }
    row.attrs = m;
    Ok(())
}

fn stamp_who(
    ctx: &WriteCtx,
    ns_has: &dyn Fn(&str) -> bool,
    attrs: &mut Map<String, Value>,
    creating: bool,
) {
    let now = Value::from(clock::stamp(ctx.now));
    if creating {
        if ns_has("CreatedBy") {
            attrs.insert("CreatedBy".into(), Value::from(ctx.user));
        }
        if ns_has("CreationDate") {
            attrs.insert("CreationDate".into(), now.clone());
        }
    }
    if ns_has("LastUpdatedBy") {
        attrs.insert("LastUpdatedBy".into(), Value::from(ctx.user));
    }
    if ns_has("LastUpdateDate") {
        attrs.insert("LastUpdateDate".into(), now);
    }
}

fn random_guid(store: &mut Store) -> String {
    format!(
        "{:032X}",
        (store.id() as u128).wrapping_mul(0x9E37_79B9_7F4A_7C15_F39C_C060_5CED_C835)
    )
}

/// Builds a new row (with its children) from a create body.
pub fn build(
    ctx: &WriteCtx,
    store: &mut Store,
    place: &Place,
    body: &Value,
    siblings: &[Row],
) -> Result<Row, Fail> {
    let body = object(body, place.node.name)?;
    let ns = ctx.schema.node(&place.spath);
    if place.node.flex {
        let mut row = Row::new(place.inherited.clone());
        flex_apply(ctx, place, &mut row, body)?;
        return Ok(row);
    }
    let (given, kids) = split_body(ctx, place, body, true, None)?;
    let mut attrs = Map::new();
    for (k, v) in &place.inherited {
        if ns.has(k) {
            attrs.insert(k.clone(), v.clone());
        }
    }
    if let Some(key) = generated_key(place) {
        let v = match place.node.keys.first().map(|(_, t)| *t) {
            Some(KeyType::Str) => Value::from(random_guid(store)),
            _ => Value::from(store.id()),
        };
        attrs.insert(key.to_string(), v);
    }
    attrs.extend(given);
    rules::on_create(ctx, store, place, &mut attrs, siblings)?;
    stamp_who(ctx, &|a| ns.has(a), &mut attrs, true);
    // every attribute present, unset ones null, in the schema's order
    let mut full = Map::new();
    for (name, _) in &ns.attrs {
        full.insert(name.clone(), attrs.remove(name).unwrap_or(Value::Null));
    }
    full.extend(attrs);
    let mut row = Row::new(full);
    for (k, _) in place.node.keys {
        if let Some(KeyVal::Num(n)) = row.attrs.get(*k).and_then(KeyVal::from_json) {
            store.saw_id(n);
        }
    }
    for child in place.node.children {
        row.children.insert(child.name.to_string(), Vec::new());
    }
    for (child, bodies) in kids {
        let cplace = Place {
            parent: None,
            ..place.child(child, &row)
        };
        let mut built: Vec<Row> = Vec::new();
        for b in bodies {
            let cplace = Place {
                parent: Some(&row.attrs),
                ..cplace.clone()
            };
            let r = build(ctx, store, &cplace, b, &built)?;
            built.push(r);
        }
        row.children.insert(child.name.to_string(), built);
    }
    rules::after_children(ctx, store, place, &mut row)?;
    check_unique_keys(place.node, &row)?;
    Ok(row)
}

fn check_unique_keys(node: &Node, row: &Row) -> Result<(), Fail> {
    for child in node.children {
        let rows = row.children_of(child.name);
        let mut keys: Vec<RowKey> = rows.iter().map(|r| r.key(child)).collect();
        keys.sort();
        if keys.windows(2).any(|w| w[0] == w[1]) {
            return Err(Fail::invalid(format!(
                "Two rows of {} have the same key.",
                child.name
            )));
        }
    }
    Ok(())
}

/// Applies a PATCH body to `row` (and to nested children it names).
pub fn update(
    ctx: &WriteCtx,
    store: &mut Store,
    place: &Place,
    row: &mut Row,
    body: &Value,
) -> Result<(), Fail> {
    let body_map = object(body, place.node.name)?;
    if place.node.flex {
        flex_apply(ctx, place, row, body_map)?;
        row.version += 1;
        return Ok(());
    }
    let ns = ctx.schema.node(&place.spath);
    let (given, kids) = split_body(ctx, place, body_map, false, Some(row))?;
    let mut attrs = row.attrs.clone();
    attrs.extend(given);
    rules::on_update(ctx, store, place, &mut attrs)?;
    stamp_who(ctx, &|a| ns.has(a), &mut attrs, false);
    row.attrs = attrs;
    for (child, bodies) in kids {
        let cplace = place.child(child, row);
        for b in bodies {
            let bm = object(b, child.name)?;
            let probe = Row::new(
                cplace
                    .inherited
                    .iter()
                    .chain(bm.iter())
                    .map(|(k, v)| (k.clone(), v.clone()))
                    .collect(),
            );
            let key = probe.key(child);
            let has_key = child.key_names().all(|k| probe.attrs.contains_key(k));
            let existing = row
                .children
                .get_mut(child.name)
                .and_then(|rows| rows.iter_mut().position(|r| has_key && r.key(child) == key));
            match existing {
                Some(i) => {
                    let mut r = row.children[child.name][i].clone();
                    update(ctx, store, &cplace, &mut r, b)?;
                    if let Some(rows) = row.children.get_mut(child.name) {
                        rows[i] = r;
                    }
                }
                None => {
                    if !child.writes.create {
                        return Err(Fail::method("POST", child.name));
                    }
                    let siblings = row.children_of(child.name).to_vec();
                    let new = build(
                        ctx,
                        store,
                        &Place {
                            parent: Some(&row.attrs.clone()),
                            ..cplace.clone()
                        },
                        b,
                        &siblings,
                    )?;
                    row.children
                        .entry(child.name.to_string())
                        .or_default()
                        .push(new);
                }
            }
        }
    }
    rules::after_children(ctx, store, place, row)?;
    check_unique_keys(place.node, row)?;
    row.version += 1;
    Ok(())
}

/// Marks a row changed (a new version and `LastUpdateDate`), as a child write does to
/// its parents.
pub fn touch(ctx: &WriteCtx, row: &mut Row) {
    if row.attrs.contains_key("LastUpdateDate") {
        row.set("LastUpdateDate", Value::from(clock::stamp(ctx.now)));
        row.set("LastUpdatedBy", Value::from(ctx.user));
    }
    row.version += 1;
}
