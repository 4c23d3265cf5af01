//! Coupa query strings: id-ordered keyset paging, filters, datetimes and `fields`.

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};

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

/// One list call: records with id greater than `after_id`, in id order.
#[derive(Debug, Clone, Default)]
pub struct ListCall<'a> {
    pub path: &'a str,
    pub id_field: &'a str,
    pub after_id: Option<i64>,
    pub limit: u32,
    /// Coupa parameter → value, already in Coupa's terms.
    pub filters: &'a [(String, String)],
    /// `fields` JSON, when projecting.
    pub fields: Option<&'a str>,
}

impl ListCall<'_> {
    pub fn to_path(&self) -> String {
        let mut q = Query::default();
        q.push("order_by", self.id_field);
        q.push("dir", "asc");
        q.push("limit", &self.limit.min(MAX_LIMIT).to_string());
        if let Some(after) = self.after_id {
            q.push(&format!("{}[gt]", self.id_field), &after.to_string());
        }
        for (k, v) in self.filters {
            q.push(k, v);
        }
        if let Some(f) = self.fields {
            q.push("fields", f);
        }
        format!("{}?{}", self.path, q.0)
    }
}

/// `GET {path}/{id}`, projected when `fields` is given.
pub fn get_path(path: &str, id: &str, fields: Option<&str>) -> String {
    let id = utf8_percent_encode(id, VALUE);
    match fields {
        Some(f) => format!("{path}/{id}?fields={}", utf8_percent_encode(f, VALUE)),
        None => format!("{path}/{id}"),
    }
}

/// Appends `name=value` pairs, encoded for Coupa.
#[derive(Debug, Default)]
pub struct Query(pub String);

impl Query {
    pub fn push(&mut self, name: &str, value: &str) {
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
pub fn datetime(unix_secs: i64) -> String {
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
            ("supplier[id]".to_string(), "12".to_string()),
            ("updated_at[gt]".to_string(), datetime(1_700_000_000)),
        ];
        let call = ListCall {
            path: "/api/purchase_orders",
            id_field: "id",
            after_id: Some(99),
            limit: 80,
            filters: &filters,
            fields: Some(r#"["id",{"supplier":["name"]}]"#),
        };
        assert_eq!(
            call.to_path(),
            "/api/purchase_orders?order_by=id&dir=asc&limit=50&id[gt]=99&supplier[id]=12\
             &updated_at[gt]=2023-11-14T22%3A13%3A20Z\
             &fields=%5B%22id%22%2C%7B%22supplier%22%3A%5B%22name%22%5D%7D%5D"
        );
    }

    #[test]
    fn get_encodes_id() {
        assert_eq!(get_path("/api/invoices", "7", None), "/api/invoices/7");
        assert_eq!(
            get_path("/api/invoices", "a/b", None),
            "/api/invoices/a%2Fb"
        );
    }
}
