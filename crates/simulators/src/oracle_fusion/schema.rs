//! What the sandbox knows of each node's attributes: their names in the order rows
//! carry them and their types, taken from the seeded rows (a flexfield's from its
//! configured segments). `q`, `orderBy`, `fields`, writes and `/describe` read it.

use std::collections::HashMap;

use serde_json::Value;

use super::catalog::{Node, RESOURCES};
use super::clock;
use super::flex::{Flexfield, SegmentKind};
use super::store::{Row, Store};

/// An attribute's type, as `/describe` names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AttrType {
    Integer,
    Number,
    Boolean,
    Date,
    DateTime,
    String,
}

impl AttrType {
    pub fn name(self) -> &'static str {
        match self {
            AttrType::Integer => "integer",
            AttrType::Number => "number",
            AttrType::Boolean => "boolean",
            AttrType::Date => "date",
            AttrType::DateTime => "datetime",
            AttrType::String => "string",
        }
    }

    fn of(v: &Value) -> Option<AttrType> {
        Some(match v {
            Value::Null | Value::Array(_) | Value::Object(_) => return None,
            Value::Bool(_) => AttrType::Boolean,
            Value::Number(n) if n.is_i64() || n.is_u64() => AttrType::Integer,
            Value::Number(_) => AttrType::Number,
            Value::String(s) if clock::is_timestamp(s) => AttrType::DateTime,
            Value::String(s) if clock::is_date(s) => AttrType::Date,
            Value::String(_) => AttrType::String,
        })
    }
}

/// The attributes of one node.
#[derive(Debug, Clone, Default)]
pub struct NodeSchema {
    pub attrs: Vec<(String, AttrType)>,
}

impl NodeSchema {
    pub fn get(&self, name: &str) -> Option<AttrType> {
        self.attrs.iter().find(|(n, _)| n == name).map(|(_, t)| *t)
    }

    pub fn has(&self, name: &str) -> bool {
        self.get(name).is_some()
    }
}

/// How many rows of a node the schema is learnt from.
const SAMPLE: usize = 400;

/// Every node's attributes, by path (`purchaseOrders/lines/schedules`).
#[derive(Debug, Clone, Default)]
pub struct Schema {
    nodes: HashMap<String, NodeSchema>,
}

impl Schema {
    pub fn build(store: &Store, flexfields: &[Flexfield]) -> Schema {
        let mut schema = Schema::default();
        for res in RESOURCES {
            let path = res.node.name.to_string();
            // the seeded rows of a node all carry the same attributes: a sample shows them
            let rows: Vec<&Row> = store.rows(res.node.name).take(SAMPLE).collect();
            schema.walk(&res.node, &path, &rows, flexfields);
        }
        schema
    }

    fn walk(&mut self, node: &'static Node, path: &str, rows: &[&Row], flexfields: &[Flexfield]) {
        let mut ns = NodeSchema::default();
        if node.flex {
            for (k, t) in node.keys {
                let ty = match t {
                    super::keys::KeyType::Str => AttrType::String,
                    _ => AttrType::Integer,
                };
                ns.attrs.push((k.to_string(), ty));
            }
            ns.attrs.push(("__FLEX_Context".into(), AttrType::String));
            ns.attrs
                .push(("__FLEX_Context_DisplayValue".into(), AttrType::String));
            if let Some(f) = flexfields.iter().find(|f| f.path == path) {
                for s in f.all_segments() {
                    ns.attrs.push((s.name.clone(), segment_type(s.kind)));
                }
            }
        } else {
            let mut seen: Vec<(String, Option<AttrType>)> = Vec::new();
            let mut index: HashMap<String, usize> = HashMap::new();
            for row in rows {
                for (k, v) in &row.attrs {
                    let ty = AttrType::of(v);
                    let at = index.get(k).copied();
                    match at.map(|i| &mut seen[i]) {
                        // a money column seeded as 100 in one row and 99.5 in another is a number
                        Some((_, t @ Some(AttrType::Integer))) if ty == Some(AttrType::Number) => {
                            *t = ty;
                        }
                        Some((_, t @ None)) => *t = ty,
                        // text that only sometimes looks like a date is text
                        Some((_, t @ Some(AttrType::Date | AttrType::DateTime)))
                            if ty == Some(AttrType::String) =>
                        {
                            *t = ty;
                        }
                        Some(_) => {}
                        None => {
                            index.insert(k.clone(), seen.len());
                            seen.push((k.clone(), ty));
                        }
                    }
                }
            }
            ns.attrs = seen
                .into_iter()
                .map(|(k, t)| (k, t.unwrap_or(AttrType::String)))
                .collect();
        }
        self.nodes.insert(path.to_string(), ns);
        for child in node.children {
            let kids: Vec<&Row> = rows
                .iter()
                .flat_map(|r| r.children_of(child.name).iter())
                .take(SAMPLE)
                .collect();
            self.walk(child, &format!("{path}/{}", child.name), &kids, flexfields);
        }
    }

    pub fn node(&self, path: &str) -> &NodeSchema {
        static EMPTY: std::sync::OnceLock<NodeSchema> = std::sync::OnceLock::new();
        self.nodes
            .get(path)
            .unwrap_or_else(|| EMPTY.get_or_init(NodeSchema::default))
    }
}

pub fn segment_type(kind: SegmentKind) -> AttrType {
    match kind {
        SegmentKind::Text => AttrType::String,
        SegmentKind::Number => AttrType::Number,
        SegmentKind::Date => AttrType::Date,
    }
}
