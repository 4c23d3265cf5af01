//! Coupa's XML: records written as dasherized elements with `type` and `nil` attributes,
//! and XML request bodies read back into JSON.

use quick_xml::Reader;
use quick_xml::escape::partial_escape as escape;
use quick_xml::events::Event;
use serde_json::{Map, Value};

/// The element name for an item of the array `key`.
pub fn singular(key: &str) -> String {
    if let Some(stem) = key.strip_suffix("ies") {
        format!("{stem}y")
    } else if let Some(stem) = key.strip_suffix("sses") {
        format!("{stem}ss")
    } else if let Some(stem) = key.strip_suffix("ses") {
        format!("{stem}s")
    } else if let Some(stem) = key.strip_suffix('s') {
        stem.to_string()
    } else {
        format!("{key}-item")
    }
}

fn is_datetime(s: &str) -> bool {
    s.len() >= 20
        && time::OffsetDateTime::parse(s, &time::format_description::well_known::Rfc3339).is_ok()
}

fn is_decimal(s: &str) -> bool {
    let t = s.strip_prefix('-').unwrap_or(s);
    match t.split_once('.') {
        Some((a, b)) => {
            !a.is_empty()
                && !b.is_empty()
                && a.bytes().all(|c| c.is_ascii_digit())
                && b.bytes().all(|c| c.is_ascii_digit())
        }
        None => false,
    }
}

fn element(out: &mut String, name: &str, v: &Value) {
    match v {
        Value::Null => {
            out.push_str(&format!("<{name} nil=\"true\"/>"));
        }
        Value::Bool(b) => out.push_str(&format!("<{name} type=\"boolean\">{b}</{name}>")),
        Value::Number(n) => {
            let t = if n.is_i64() || n.is_u64() {
                "integer"
            } else {
                "float"
            };
            out.push_str(&format!("<{name} type=\"{t}\">{n}</{name}>"));
        }
        Value::String(s) => {
            let t = if is_datetime(s) {
                " type=\"datetime\""
            } else if is_decimal(s) {
                " type=\"decimal\""
            } else {
                ""
            };
            out.push_str(&format!("<{name}{t}>{}</{name}>", escape(s.as_str())));
        }
        Value::Array(items) => {
            out.push_str(&format!("<{name} type=\"array\">"));
            let item = singular(name);
            for i in items {
                element(out, &item, i);
            }
            out.push_str(&format!("</{name}>"));
        }
        Value::Object(m) => {
            out.push_str(&format!("<{name}>"));
            for (k, v) in m {
                element(out, k, v);
            }
            out.push_str(&format!("</{name}>"));
        }
    }
}

const DECL: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";

/// A list of records under `<{plural} type="array">`.
pub fn list(item: &str, records: &[Value]) -> String {
    let mut out = String::from(DECL);
    element(
        &mut out,
        &format!("{item}s"),
        &Value::Array(records.to_vec()),
    );
    out
}

/// One record as `<{item}>`.
pub fn one(item: &str, record: &Value) -> String {
    let mut out = String::from(DECL);
    element(&mut out, item, record);
    out
}

/// `<errors><error>…</error></errors>`.
pub fn errors(messages: &[String]) -> String {
    let mut out = String::from(DECL);
    out.push_str("<errors>");
    for m in messages {
        out.push_str(&format!("<error>{}</error>", escape(m.as_str())));
    }
    out.push_str("</errors>");
    out
}

/// An element being read: name, `type` attribute, `nil`, children, text.
type Open = (String, String, bool, Vec<(String, Value)>, String);

/// Reads an XML request body into JSON: the root element is the record; typed elements
/// become native values; repeated or `type="array"` children become arrays.
pub fn read(body: &[u8]) -> Option<Value> {
    let text = std::str::from_utf8(body).ok()?;
    let mut reader = Reader::from_str(text);
    reader.config_mut().trim_text(true);
    let mut stack: Vec<Open> = Vec::new();
    let mut root = None;
    loop {
        match reader.read_event().ok()? {
            Event::Start(e) | Event::Empty(e) if stack.len() > 64 => {
                let _ = e;
                return None;
            }
            Event::Start(e) => {
                let (t, nil) = attrs(&e);
                stack.push((
                    String::from_utf8_lossy(e.name().as_ref()).into(),
                    t,
                    nil,
                    Vec::new(),
                    String::new(),
                ));
            }
            Event::Empty(e) => {
                let (t, nil) = attrs(&e);
                let name = String::from_utf8_lossy(e.name().as_ref()).into_owned();
                let v = if nil {
                    Value::Null
                } else if t == "array" {
                    Value::Array(vec![])
                } else {
                    Value::String(String::new())
                };
                match stack.last_mut() {
                    Some(p) => p.3.push((name, v)),
                    None => root = Some(v),
                }
            }
            Event::Text(t) => {
                if let Some(top) = stack.last_mut() {
                    top.4.push_str(&t.unescape().ok()?);
                }
            }
            Event::End(_) => {
                let (name, t, nil, children, text) = stack.pop()?;
                let v = if nil {
                    Value::Null
                } else if t == "array" {
                    Value::Array(children.into_iter().map(|(_, v)| v).collect())
                } else if !children.is_empty() {
                    let mut m = Map::new();
                    for (k, v) in children {
                        m.insert(k, v);
                    }
                    Value::Object(m)
                } else {
                    match t.as_str() {
                        "integer" => text
                            .parse::<i64>()
                            .map(Value::from)
                            .unwrap_or(Value::String(text)),
                        "boolean" => Value::Bool(text == "true"),
                        _ => Value::String(text),
                    }
                };
                match stack.last_mut() {
                    Some(p) => p.3.push((name, v)),
                    None => root = Some(v),
                }
            }
            Event::Eof => break,
            Event::DocType(_) => return None,
            _ => {}
        }
    }
    if !stack.is_empty() {
        return None;
    }
    root
}

fn attrs(e: &quick_xml::events::BytesStart<'_>) -> (String, bool) {
    let mut t = String::new();
    let mut nil = false;
    for a in e.attributes().flatten() {
        let v = String::from_utf8_lossy(&a.value).into_owned();
        match a.key.as_ref() {
            b"type" => t = v,
            b"nil" => nil = v == "true",
            _ => {}
        }
    }
    (t, nil)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn writes_typed_elements_and_reads_them_back() {
        let r = json!({"id": 1, "po-number": "A&B", "total": "1.50", "exported": false,
                       "created-at": "2025-01-02T03:04:05-08:00", "ship-to-address": null,
                       "order-lines": [{"id": 2}], "custom-fields": {"x": "y"}});
        let xml = one("order-header", &r);
        assert!(xml.contains("<po-number>A&amp;B</po-number>"));
        assert!(xml.contains("<total type=\"decimal\">1.50</total>"));
        assert!(xml.contains("<created-at type=\"datetime\">"));
        assert!(xml.contains("<ship-to-address nil=\"true\"/>"));
        assert!(xml.contains("<order-lines type=\"array\"><order-line><id type=\"integer\">2</id></order-line></order-lines>"));
        assert_eq!(read(xml.as_bytes()).unwrap(), r);
        assert_eq!(singular("addresses"), "address");
        assert_eq!(singular("order-lines"), "order-line");
    }
}
