//! Oracle Fusion query strings (ADF REST, framework version 2 and later): keyset paging as
//! `q=<Key> > <after>` with `orderBy=<Key>:asc`, filters in the rowmatch syntax
//! (`Attr = 'value' and LastUpdateDate > '…'`), `onlyData=true` so no links are sent, and
//! the projection as `fields=A,B;lines:C,D`.

use jsonata::PathNode;
use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};

use crate::providers::{Filter, ListCall, Stamp};

/// Everything but unreserved characters is encoded in values.
const VALUE: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'~');

/// Oracle's largest page ("predefined query limit").
pub const MAX_LIMIT: u32 = 500;

/// One keyset list call in Oracle's terms.
pub fn list_path(call: &ListCall) -> String {
    let mut clauses = Vec::new();
    if let Some(after) = call.after_id {
        clauses.push(format!("{} > {after}", call.id_field));
    }
    for filter in call.filters {
        clauses.push(match filter {
            Filter::Equals { param, value } => format!("{param} = {}", literal(value)),
            Filter::After(stamp, secs) => format!("{} > {}", attr(*stamp), datetime(*secs)),
            Filter::AtOrAfter(stamp, secs) => format!("{} >= {}", attr(*stamp), datetime(*secs)),
            Filter::Before(stamp, secs) => format!("{} < {}", attr(*stamp), datetime(*secs)),
        });
    }
    let mut q = format!(
        "{}?onlyData=true&orderBy={}:asc&limit={}",
        call.path,
        enc(call.id_field),
        call.limit.clamp(1, MAX_LIMIT)
    );
    if call.offset > 0 {
        q.push_str(&format!("&offset={}", call.offset));
    }
    if !clauses.is_empty() {
        q.push_str("&q=");
        q.push_str(&enc(&clauses.join(" and ")));
    }
    match call.fields {
        Some(f) => {
            q.push_str("&fields=");
            q.push_str(&enc(f));
        }
        // The whole record: children too.
        None => q.push_str("&expand=all"),
    }
    q
}

/// `GET {path}/{id}?onlyData=true`, projected when `fields` is given.
pub fn record_path(path: &str, id: &str, fields: Option<&str>) -> String {
    let id = enc(id);
    match fields {
        Some(f) => format!("{path}/{id}?onlyData=true&fields={}", enc(f)),
        None => format!("{path}/{id}?onlyData=true&expand=all"),
    }
}

/// The attributes every Oracle row carries for its timestamps.
fn attr(stamp: Stamp) -> &'static str {
    match stamp {
        Stamp::Updated => "LastUpdateDate",
        Stamp::Created => "CreationDate",
    }
}

/// Oracle's `fields`: the header's attributes comma-separated, then one
/// `;accessor:Attr1,Attr2` per child read below the top (`lines.schedules:X` for a
/// grandchild). Should a mapping read a child as a framework-3+ collection
/// (`lines.items.LineNumber`), the `items` level is Oracle's, not a child. A child read
/// whole cannot be named attribute by attribute: the record is then read
/// whole (`Err` says why).
pub fn render_fields(paths: &PathNode) -> Result<String, String> {
    let mut own = Vec::new();
    let mut children = Vec::new();
    for (name, child) in &paths.children {
        // An attribute read as a value (most are: output, compared, converted) is still
        // one attribute; a child accessor read whole is named like one and comes whole.
        if child.children.is_empty() {
            own.push(name.clone());
        } else {
            collect_child(name, child, &mut children)?;
        }
    }
    let mut out = own.join(",");
    for c in children {
        out.push(';');
        out.push_str(&c);
    }
    Ok(out)
}

fn collect_child(prefix: &str, node: &PathNode, out: &mut Vec<String>) -> Result<(), String> {
    let rows = node.children.get("items").unwrap_or(node);
    // A child with named attributes that is also used whole (copied out, compared):
    // its other attributes cannot be named.
    if node.whole || rows.whole {
        return Err(format!(
            "a mapping reads the child `{prefix}` whole; Oracle's `fields` can only name a child's attributes"
        ));
    }
    let mut own = Vec::new();
    let mut deeper = Vec::new();
    for (name, child) in &rows.children {
        if child.children.is_empty() {
            own.push(name.clone());
        } else {
            deeper.push((name, child));
        }
    }
    out.push(format!("{prefix}:{}", own.join(",")));
    for (name, child) in deeper {
        collect_child(&format!("{prefix}.{name}"), child, out)?;
    }
    Ok(())
}

/// A string literal of the rowmatch syntax: single quotes, a quote inside doubled.
fn literal(value: &str) -> String {
    format!("'{}'", value.replace('\'', "''"))
}

/// Unix seconds as the timestamp literal Oracle compares (`'2024-01-31T10:00:00+00:00'`).
fn datetime(unix_secs: i64) -> String {
    let t = time::OffsetDateTime::from_unix_timestamp(unix_secs)
        .unwrap_or(time::OffsetDateTime::UNIX_EPOCH);
    let fmt =
        time::macros::format_description!("[year]-[month]-[day]T[hour]:[minute]:[second]+00:00");
    literal(&t.format(&fmt).unwrap_or_default())
}

fn enc(s: &str) -> String {
    utf8_percent_encode(s, VALUE).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decoded(s: &str) -> String {
        percent_encoding::percent_decode_str(s)
            .decode_utf8()
            .unwrap()
            .into_owned()
    }

    #[test]
    fn keyset_page_with_filters() {
        let filters = [
            Filter::AtOrAfter(Stamp::Updated, 1_706_695_200),
            Filter::Equals {
                param: "StatusCode".into(),
                value: "O'OPEN".into(),
            },
        ];
        let call = ListCall {
            path: "/fscmRestApi/resources/11.13.18.05/purchaseOrders",
            id_field: "POHeaderId",
            after_id: Some(300100071607488),
            offset: 0,
            limit: 900,
            filters: &filters,
            fields: Some("POHeaderId,OrderNumber;lines:POLineId"),
        };
        let p = decoded(&list_path(&call));
        assert_eq!(
            p,
            "/fscmRestApi/resources/11.13.18.05/purchaseOrders?onlyData=true&orderBy=POHeaderId:asc\
             &limit=500&q=POHeaderId > 300100071607488 and LastUpdateDate >= '2024-01-31T10:00:00+00:00' \
             and StatusCode = 'O''OPEN'&fields=POHeaderId,OrderNumber;lines:POLineId"
        );
    }

    #[test]
    fn first_page_without_filters_has_no_q() {
        let call = ListCall {
            path: "/p",
            id_field: "Id",
            limit: 10,
            ..ListCall::default()
        };
        assert_eq!(
            list_path(&call),
            "/p?onlyData=true&orderBy=Id:asc&limit=10&expand=all"
        );
    }

    #[test]
    fn keyset_page_with_offset() {
        let call = ListCall {
            path: "/p",
            id_field: "Id",
            after_id: Some(7),
            offset: 499,
            limit: 500,
            ..ListCall::default()
        };
        assert_eq!(
            decoded(&list_path(&call)),
            "/p?onlyData=true&orderBy=Id:asc&limit=500&offset=499&q=Id > 7&expand=all"
        );
    }

    fn node(paths: &[&[&str]]) -> PathNode {
        let mut root = PathNode::default();
        for path in paths {
            let mut cur = &mut root;
            for p in *path {
                cur = cur.children.entry(p.to_string()).or_default();
            }
        }
        root
    }

    #[test]
    fn fields_with_children_and_grandchildren() {
        let root = node(&[
            &["OrderNumber"],
            &["POHeaderId"],
            &["lines", "items", "LineNumber"],
            &["lines", "items", "schedules", "items", "NeedByDate"],
            &["DFF", "items", "costCenter"],
        ]);
        assert_eq!(
            render_fields(&root).unwrap(),
            "OrderNumber,POHeaderId;DFF:costCenter;lines:LineNumber;lines.schedules:NeedByDate"
        );
    }

    #[test]
    fn attributes_read_as_values_are_attributes() {
        // what a mapping outputs or converts is marked whole: still one attribute each
        let mut root = node(&[
            &["POHeaderId"],
            &["lines", "Quantity"],
            &["lines", "schedules", "NeedByDate"],
        ]);
        root.children.get_mut("POHeaderId").unwrap().whole = true;
        let lines = root.children.get_mut("lines").unwrap();
        lines.children.get_mut("Quantity").unwrap().whole = true;
        let schedules = lines.children.get_mut("schedules").unwrap();
        schedules.children.get_mut("NeedByDate").unwrap().whole = true;
        assert_eq!(
            render_fields(&root).unwrap(),
            "POHeaderId;lines:Quantity;lines.schedules:NeedByDate"
        );
    }

    #[test]
    fn a_child_read_whole_cannot_be_projected() {
        let mut root = node(&[&["POHeaderId"], &["lines", "items"]]);
        root.children
            .get_mut("lines")
            .unwrap()
            .children
            .get_mut("items")
            .unwrap()
            .whole = true;
        assert!(render_fields(&root).unwrap_err().contains("lines"));
    }
}
