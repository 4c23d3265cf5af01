//! The sandbox's records: one ordered table per Coupa resource, keyed by id.

use std::collections::BTreeMap;

use serde_json::{Map, Value};

/// Every table, by Coupa resource path name (`purchase_orders`, `inventory_transactions`, …).
#[derive(Debug, Default, Clone)]
pub struct Store {
    tables: BTreeMap<String, BTreeMap<i64, Value>>,
}

/// A Coupa-style timestamp at unix second `t` (Pacific time, as many instances report).
pub fn stamp(t: i64) -> String {
    let dt = time::OffsetDateTime::from_unix_timestamp(t - 8 * 3600)
        .unwrap_or(time::OffsetDateTime::UNIX_EPOCH);
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}-08:00",
        dt.year(),
        u8::from(dt.month()),
        dt.day(),
        dt.hour(),
        dt.minute(),
        dt.second()
    )
}

pub fn now_secs() -> i64 {
    time::OffsetDateTime::now_utc().unix_timestamp()
}

impl Store {
    /// Puts a record under its own `id`.
    pub fn put(&mut self, table: &str, record: Value) {
        if let Some(id) = record.get("id").and_then(Value::as_i64) {
            self.tables
                .entry(table.to_string())
                .or_default()
                .insert(id, record);
        }
    }

    pub fn table(&self, table: &str) -> Option<&BTreeMap<i64, Value>> {
        self.tables.get(table)
    }

    pub fn get(&self, table: &str, id: i64) -> Option<&Value> {
        self.tables.get(table)?.get(&id)
    }

    pub fn nth(&self, table: &str, n: usize) -> Option<Value> {
        self.tables.get(table)?.values().nth(n).cloned()
    }

    pub fn ids(&self, table: &str) -> Vec<i64> {
        self.tables
            .get(table)
            .map(|t| t.keys().copied().collect())
            .unwrap_or_default()
    }

    /// The next id of a table: above every id it ever held.
    pub fn next_id(&self, table: &str) -> i64 {
        self.tables
            .get(table)
            .and_then(|t| t.keys().next_back().copied())
            .unwrap_or(1000)
            + 1
    }

    /// Adds a record with a fresh id and now-timestamps; returns the id.
    pub fn insert(&mut self, table: &str, record: Value) -> i64 {
        let id = self.next_id(table);
        let mut m = match record {
            Value::Object(m) => m,
            _ => Map::new(),
        };
        let now = stamp_now();
        m.insert("id".into(), Value::from(id));
        m.insert("created-at".into(), Value::String(now.clone()));
        m.insert("updated-at".into(), Value::String(now));
        self.tables
            .entry(table.to_string())
            .or_default()
            .insert(id, Value::Object(m));
        id
    }

    /// Merges `patch` into a record (top-level keys) and bumps `updated-at`.
    pub fn update(&mut self, table: &str, id: i64, patch: Value) -> bool {
        let Some(Value::Object(m)) = self.tables.get_mut(table).and_then(|t| t.get_mut(&id)) else {
            return false;
        };
        if let Value::Object(p) = patch {
            for (k, v) in p {
                if k != "id" {
                    m.insert(k, v);
                }
            }
        }
        m.insert("updated-at".into(), Value::String(stamp_now()));
        true
    }

    /// Whether records of `table` have the attribute `name` (dashes and underscores alike).
    pub fn known(&self, table: &str, name: &str) -> bool {
        let Some(first) = self.tables.get(table).and_then(|t| t.values().next()) else {
            return true;
        };
        name == "id"
            || first
                .as_object()
                .is_some_and(|m| m.keys().any(|k| k.replace('-', "_") == name))
    }

    pub fn delete(&mut self, table: &str, id: i64) -> bool {
        self.tables
            .get_mut(table)
            .and_then(|t| t.remove(&id))
            .is_some()
    }
}

/// Now, as the sandbox writes timestamps.
pub fn stamp_now() -> String {
    stamp(now_secs())
}
