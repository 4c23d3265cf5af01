//! Turning rows into the framework's JSON: the projection `fields` or `expand` asks for
//! (`fields` wins when both are sent), child collections as bare arrays (framework
//! versions 1–2) or as paged collection objects (3+), `links` on every item and
//! collection unless `onlyData=true` (or filtered with `links=`), the item context
//! under `@context` from version 6, and the collection envelope.

use std::collections::BTreeMap;

use serde_json::{Map, Value, json};

use super::catalog::Node;
use super::fail::Fail;
use super::keys;
use super::query::{Page, Params};
use super::schema::Schema;
use super::store::Row;

/// What to show of a node's rows: `attrs: None` is every attribute; `children` are the
/// child collections rendered inline.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Shape {
    pub attrs: Option<Vec<String>>,
    pub children: BTreeMap<String, Shape>,
}

impl Shape {
    /// Every attribute, no children.
    pub fn whole() -> Shape {
        Shape::default()
    }
}

fn child_shape<'s>(
    root: &'s mut Shape,
    node: &'static Node,
    path: &str,
    accessors: &str,
    param: &str,
    value: &str,
    fields: bool,
) -> Result<(&'s mut Shape, &'static Node, String), Fail> {
    let mut shape = root;
    let mut node = node;
    let mut spath = path.to_string();
    for acc in accessors.split('.').filter(|a| !a.is_empty()) {
        let child = node.child(acc).ok_or_else(|| {
            Fail::param(
                param,
                value,
                format!("{acc} is not a child of {}.", node.name),
            )
        })?;
        spath = format!("{spath}/{acc}");
        node = child;
        shape = shape
            .children
            .entry(acc.to_string())
            .or_insert_with(|| Shape {
                // a parent implied by `lines.schedules:X` shows no attributes of its own
                attrs: fields.then(Vec::new),
                children: BTreeMap::new(),
            });
    }
    Ok((shape, node, spath))
}

/// The shape `fields` or `expand` asks for, checked against the schema.
pub fn shape(
    params: &Params,
    node: &'static Node,
    path: &str,
    schema: &Schema,
) -> Result<Shape, Fail> {
    if let Some(fields) = &params.fields {
        let mut root = Shape {
            attrs: Some(Vec::new()),
            children: BTreeMap::new(),
        };
        for group in fields.split(';') {
            let (accessors, list) = match group.split_once(':') {
                Some((a, l)) => (a.trim(), l),
                None => ("", group),
            };
            let (shape, n, spath) =
                child_shape(&mut root, node, path, accessors, "fields", fields, true)?;
            let ns = schema.node(&spath);
            for name in list.split(',').map(str::trim).filter(|s| !s.is_empty()) {
                if n.child(name).is_some() {
                    shape
                        .children
                        .entry(name.to_string())
                        .or_insert_with(Shape::whole);
                } else if ns.has(name) {
                    let attrs = shape.attrs.get_or_insert_with(Vec::new);
                    if !attrs.iter().any(|a| a == name) {
                        attrs.push(name.to_string());
                    }
                } else {
                    return Err(Fail::unknown_attribute(n.name, name).at("fields"));
                }
            }
        }
        return Ok(root);
    }
    let mut root = Shape::whole();
    if let Some(expand) = &params.expand {
        for item in expand.split(',').map(str::trim).filter(|s| !s.is_empty()) {
            if item == "all" {
                for c in node.children {
                    root.children
                        .entry(c.name.to_string())
                        .or_insert_with(Shape::whole);
                }
                continue;
            }
            child_shape(&mut root, node, path, item, "expand", expand, false)?;
        }
    }
    Ok(root)
}

/// How items and collections are written for one request.
pub struct Render<'a> {
    pub version: u8,
    pub only_data: bool,
    pub rels: Option<&'a [String]>,
    /// Rows per expanded child collection (framework 3+).
    pub child_limit: usize,
    /// Name every row by its `…UniqID` hash in links.
    pub hash_all: bool,
    /// `http://host/fscmRestApi/resources/<version as requested>`.
    pub self_base: String,
    /// The same under `11.13.18.05`.
    pub canonical_base: String,
}

impl Render<'_> {
    fn link(&self, rel: &str, href: String, name: &str, kind: &str) -> Option<Value> {
        if let Some(rels) = self.rels {
            if !rels.iter().any(|r| r == rel) {
                return None;
            }
        }
        Some(json!({"rel": rel, "href": href, "name": name, "kind": kind}))
    }

    /// The URL segment naming `row` under `node`.
    pub fn segment(&self, node: &Node, row: &Row) -> String {
        keys::segment(
            &node.key_types(),
            &row.key(node),
            node.hash_links || self.hash_all,
        )
    }

    pub fn href(&self, rel: &str) -> String {
        format!("{}/{rel}", self.self_base)
    }

    /// One item. `collection` is the item's collection path relative to the base
    /// (`purchaseOrders`, `purchaseOrders/1/child/lines`); `parent` is the parent
    /// item's name and path.
    pub fn item(
        &self,
        node: &'static Node,
        spath: &str,
        row: &Row,
        collection: &str,
        shape: &Shape,
        parent: Option<(&str, &str)>,
    ) -> Value {
        let segment = self.segment(node, row);
        let me = format!("{collection}/{segment}");
        let mut m = Map::new();
        for (k, v) in &row.attrs {
            if shape
                .attrs
                .as_ref()
                .is_none_or(|a| a.iter().any(|x| x == k))
            {
                m.insert(k.clone(), v.clone());
            }
        }
        for child in node.children {
            let Some(cs) = shape.children.get(child.name) else {
                continue;
            };
            let cpath = format!("{spath}/{}", child.name);
            let ccoll = format!("{me}/child/{}", child.name);
            let rows = row.children_of(child.name);
            let render = |r: &Row| self.item(child, &cpath, r, &ccoll, cs, Some((node.name, &me)));
            let value = if self.version >= 3 {
                let shown: Vec<Value> = rows.iter().take(self.child_limit).map(render).collect();
                let count = shown.len();
                self.envelope(
                    shown,
                    None,
                    count,
                    rows.len() > count,
                    self.child_limit,
                    0,
                    &ccoll,
                    child.name,
                )
            } else {
                Value::Array(rows.iter().map(render).collect())
            };
            m.insert(child.name.to_string(), value);
        }
        if self.only_data {
            return Value::Object(m);
        }
        let ci = keys::change_indicator(row.version);
        let mut links: Vec<Value> = Vec::new();
        if let Some(mut l) = self.link("self", self.href(&me), node.name, "item") {
            l["properties"] = json!({"changeIndicator": ci});
            links.push(l);
        }
        links.extend(self.link(
            "canonical",
            format!("{}/{me}", self.canonical_base),
            node.name,
            "item",
        ));
        if let Some((pname, prel)) = parent {
            links.extend(self.link("parent", self.href(prel), pname, "item"));
        }
        for child in node.children {
            links.extend(self.link(
                "child",
                self.href(&format!("{me}/child/{}", child.name)),
                child.name,
                "collection",
            ));
        }
        if self.version >= 6 {
            m.insert(
                "@context".into(),
                json!({"key": segment, "headers": {"ETag": ci}, "links": links}),
            );
        } else {
            m.insert("links".into(), Value::Array(links));
        }
        Value::Object(m)
    }

    /// The collection envelope around rendered items.
    #[allow(clippy::too_many_arguments)]
    pub fn envelope(
        &self,
        items: Vec<Value>,
        total: Option<usize>,
        count: usize,
        has_more: bool,
        limit: usize,
        offset: usize,
        collection: &str,
        name: &str,
    ) -> Value {
        let mut m = Map::new();
        m.insert("items".into(), Value::Array(items));
        if let Some(t) = total {
            m.insert("totalResults".into(), json!(t));
        }
        m.insert("count".into(), json!(count));
        m.insert("hasMore".into(), json!(has_more));
        m.insert("limit".into(), json!(limit));
        m.insert("offset".into(), json!(offset));
        if !self.only_data {
            let links: Vec<Value> = self
                .link("self", self.href(collection), name, "collection")
                .into_iter()
                .collect();
            m.insert("links".into(), Value::Array(links));
        }
        Value::Object(m)
    }

    /// A page of a collection.
    #[allow(clippy::too_many_arguments)]
    pub fn page(
        &self,
        node: &'static Node,
        spath: &str,
        page: &Page,
        collection: &str,
        shape: &Shape,
        parent: Option<(&str, &str)>,
        total: bool,
    ) -> Value {
        let items: Vec<Value> = page
            .rows
            .iter()
            .map(|r| self.item(node, spath, r, collection, shape, parent))
            .collect();
        let count = items.len();
        self.envelope(
            items,
            total.then_some(page.total),
            count,
            page.has_more,
            page.limit,
            page.offset,
            collection,
            node.name,
        )
    }
}
