//! The sandbox's rows: one table per resource, keyed by the row key; children nested in
//! their parent row by accessor, as the REST paths nest them.

use std::collections::BTreeMap;

use serde_json::{Map, Value};

use super::catalog::{Node, RESOURCES, Resource};
use super::keys::{KeyVal, RowKey};

/// A row: its attributes, its child collections and its change version.
#[derive(Debug, Clone, Default)]
pub struct Row {
    pub attrs: Map<String, Value>,
    pub children: BTreeMap<String, Vec<Row>>,
    /// Starts at 1, bumped by every change (the `changeIndicator` and `ETag`).
    pub version: u32,
}

impl Row {
    pub fn new(attrs: Map<String, Value>) -> Row {
        Row {
            attrs,
            children: BTreeMap::new(),
            version: 1,
        }
    }

    /// The row's key under `node`.
    pub fn key(&self, node: &Node) -> RowKey {
        node.key_names()
            .map(|k| {
                self.attrs
                    .get(k)
                    .and_then(KeyVal::from_json)
                    .unwrap_or(KeyVal::Num(0))
            })
            .collect()
    }

    pub fn get(&self, attr: &str) -> &Value {
        self.attrs.get(attr).unwrap_or(&Value::Null)
    }

    pub fn set(&mut self, attr: &str, v: Value) {
        self.attrs.insert(attr.to_string(), v);
    }

    pub fn children_of(&self, accessor: &str) -> &[Row] {
        self.children
            .get(accessor)
            .map(Vec::as_slice)
            .unwrap_or(&[])
    }

    /// The whole row as JSON, children as arrays (the control API's view).
    pub fn to_json(&self) -> Value {
        let mut m = self.attrs.clone();
        for (acc, rows) in &self.children {
            m.insert(
                acc.clone(),
                Value::Array(rows.iter().map(Row::to_json).collect()),
            );
        }
        Value::Object(m)
    }
}

/// One step down from a row: the child accessor and the child's key.
pub type Step = (&'static Node, RowKey);

/// Every table, and the sequence new ids come from.
#[derive(Debug, Clone, Default)]
pub struct Store {
    tables: BTreeMap<&'static str, BTreeMap<RowKey, Row>>,
    next_id: i64,
}

impl Store {
    pub fn new() -> Store {
        Store {
            tables: BTreeMap::new(),
            next_id: 300_100_000_000_000,
        }
    }

    /// A fresh id from the one sequence every table draws on (ids grow with time).
    pub fn id(&mut self) -> i64 {
        self.next_id += 1;
        self.next_id
    }

    /// Keeps the sequence above ids given by seeding or by a client.
    pub fn saw_id(&mut self, id: i64) {
        if id >= self.next_id && id < 900_000_000_000_000 {
            self.next_id = id;
        }
    }

    pub fn put(&mut self, res: &Resource, row: Row) {
        let key = row.key(&res.node);
        self.tables
            .entry(res.node.name)
            .or_default()
            .insert(key, row);
    }

    pub fn rows(&self, name: &str) -> impl Iterator<Item = &Row> {
        self.tables.get(name).into_iter().flat_map(|t| t.values())
    }

    pub fn get(&self, name: &str, key: &RowKey) -> Option<&Row> {
        self.tables.get(name)?.get(key)
    }

    pub fn get_mut(&mut self, name: &str, key: &RowKey) -> Option<&mut Row> {
        self.tables.get_mut(name)?.get_mut(key)
    }

    pub fn remove(&mut self, name: &str, key: &RowKey) -> Option<Row> {
        self.tables.get_mut(name)?.remove(key)
    }

    pub fn len(&self, name: &str) -> usize {
        self.tables.get(name).map_or(0, BTreeMap::len)
    }

    /// The row at the end of `steps` below the top-level row `key`.
    pub fn locate(&self, res: &Resource, key: &RowKey, steps: &[Step]) -> Option<&Row> {
        let mut row = self.get(res.node.name, key)?;
        for (node, k) in steps {
            row = row
                .children_of(node.name)
                .iter()
                .find(|r| &r.key(node) == k)?;
        }
        Some(row)
    }

    pub fn locate_mut(&mut self, res: &Resource, key: &RowKey, steps: &[Step]) -> Option<&mut Row> {
        let mut row = self.get_mut(res.node.name, key)?;
        for (node, k) in steps {
            row = row
                .children
                .get_mut(node.name)?
                .iter_mut()
                .find(|r| &r.key(node) == k)?;
        }
        Some(row)
    }

    /// Finds a top-level row by an attribute value.
    pub fn find_by(&self, name: &str, attr: &str, value: &Value) -> Option<&Row> {
        self.rows(name).find(|r| r.get(attr) == value)
    }

    /// Every table name with its row count.
    pub fn sizes(&self) -> BTreeMap<String, usize> {
        RESOURCES
            .iter()
            .map(|r| (r.node.name.to_string(), self.len(r.node.name)))
            .collect()
    }
}
