//! Coupa query strings: id-ordered keyset paging, filters, datetimes and `fields`.

use jsonata::PathNode;
use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
use serde_json::Value;

use crate::providers::{Filter, ListCall, Stamp};

/// Values are encoded fully (`:` and `+` in datetimes included, as Coupa asks).
const VALUE: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'~');
/// Parameter names keep their brackets readable: `supplier[id]`, `updated_at[gt]`.
const NAME: &AsciiSet = &VALUE.remove(b'[').remove(b']');

/// Coupa's largest page.
pub const MAX_LIMIT: u32 = 50;

/// One keyset list call in Coupa's terms: `order_by=<id>&dir=asc&<id>[gt]=<after>`, the
/// filters as `attr[op]=value`, and the projection as `fields=[…]`.
pub fn list_path(call: &ListCall) -> String {
    let mut q = Query::default();
    q.push("order_by", call.id_field);
    q.push("dir", "asc");
    q.push("limit", &call.limit.min(MAX_LIMIT).to_string());
    if call.offset > 0 {
        q.push("offset", &call.offset.to_string());
    }
    if let Some(after) = call.after_id {
        q.push(&format!("{}[gt]", call.id_field), &after.to_string());
    }
    for filter in call.filters {
        match filter {
            Filter::Equals { param, value } => q.push(param, value),
            Filter::After(stamp, secs) => q.push(&stamp_param(*stamp, "gt"), &datetime(*secs)),
            Filter::AtOrAfter(stamp, secs) => {
                q.push(&stamp_param(*stamp, "gt_or_eq"), &datetime(*secs))
            }
            Filter::Before(stamp, secs) => q.push(&stamp_param(*stamp, "lt"), &datetime(*secs)),
        }
    }
    if let Some(f) = call.fields {
        q.push("fields", f);
    }
    format!("{}?{}", call.path, q.0)
}

fn stamp_param(stamp: Stamp, op: &str) -> String {
    match stamp {
        Stamp::Updated => format!("updated_at[{op}]"),
        Stamp::Created => format!("created_at[{op}]"),
    }
}

/// `GET {path}/{id}`, projected when `fields` is given.
pub fn record_path(path: &str, id: &str, fields: Option<&str>) -> String {
    let id = utf8_percent_encode(id, VALUE);
    match fields {
        Some(f) => format!("{path}/{id}?fields={}", utf8_percent_encode(f, VALUE)),
        None => format!("{path}/{id}"),
    }
}

/// Coupa's `fields` parameter for a tree of read paths: a JSON array of names, with an
/// object `{"association": [...]}` for each association read below its top. Coupa spells
/// attributes with underscores in `fields` where its JSON answers use dashes.
pub fn render_fields(paths: &PathNode) -> String {
    fn render(node: &PathNode) -> Value {
        Value::Array(
            node.children
                .iter()
                .map(|(name, child)| {
                    let name = name.replace('-', "_");
                    if child.whole || child.children.is_empty() {
                        Value::String(name)
                    } else {
                        let mut obj = serde_json::Map::new();
                        obj.insert(name, render(child));
                        Value::Object(obj)
                    }
                })
                .collect(),
        )
    }
    render(paths).to_string()
}

/// Appends `name=value` pairs, encoded for Coupa.
#[derive(Debug, Default)]
struct Query(String);

impl Query {
    fn push(&mut self, name: &str, value: &str) {
        if !self.0.is_empty() {
            self.0.push('&');
        }
        self.0
            .extend(utf8_percent_encode(name, NAME).map(str::to_owned));
        self.0.push('=');
        self.0
            .extend(utf8_percent_encode(value, VALUE).map(str::to_owned));
    }
}

/// Unix seconds as the ISO 8601 UTC datetime Coupa filters take.
fn datetime(unix_secs: i64) -> String {
    time::OffsetDateTime::from_unix_timestamp(unix_secs)
        .ok()
        .and_then(|t| {
            t.format(&time::format_description::well_known::Rfc3339)
                .ok()
        })
        .unwrap_or_else(|| "1970-01-01T00:00:00Z".into())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keyset_page() {
        let filters = vec![
            Filter::Equals {
                param: "supplier[id]".to_string(),
                value: "12".to_string(),
            },
            Filter::After(Stamp::Updated, 1_700_000_000),
        ];
        let call = ListCall {
            path: "/api/purchase_orders",
            id_field: "id",
            after_id: Some(99),
            offset: 0,
            limit: 80,
            filters: &filters,
            fields: Some(r#"["id",{"supplier":["name"]}]"#),
        };
        assert_eq!(
            list_path(&call),
            "/api/purchase_orders?order_by=id&dir=asc&limit=50&id[gt]=99&supplier[id]=12\
             &updated_at[gt]=2023-11-14T22%3A13%3A20Z\
             &fields=%5B%22id%22%2C%7B%22supplier%22%3A%5B%22name%22%5D%7D%5D"
        );
    }

    #[test]
    fn keyset_page_with_offset() {
        let call = ListCall {
            path: "/api/purchase_orders",
            id_field: "id",
            after_id: Some(99),
            offset: 49,
            limit: 50,
            ..ListCall::default()
        };
        assert_eq!(
            list_path(&call),
            "/api/purchase_orders?order_by=id&dir=asc&limit=50&offset=49&id[gt]=99"
        );
    }

    #[test]
    fn get_encodes_id() {
        assert_eq!(record_path("/api/invoices", "7", None), "/api/invoices/7");
        assert_eq!(
            record_path("/api/invoices", "a/b", None),
            "/api/invoices/a%2Fb"
        );
    }
}
