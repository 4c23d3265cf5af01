//! Coupa's XML turned into the JSON Coupa would have sent: the root element dropped,
//! `type="array"` elements as arrays, `type="integer|boolean"` as native values,
//! decimals and datetimes as strings, `nil="true"` as null.

use quick_xml::Reader;
use quick_xml::events::{BytesStart, Event};
use serde_json::{Map, Value};

/// Nesting deeper than this is refused (Coupa's records are a few levels deep).
const MAX_DEPTH: usize = 128;

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum XmlError {
    #[error("malformed XML: {0}")]
    Malformed(String),
    #[error("XML nested deeper than {MAX_DEPTH} levels")]
    TooDeep,
    #[error("XML document has no root element")]
    Empty,
}

/// A converted document: the root element's name and its value.
#[derive(Debug, PartialEq)]
pub struct XmlDoc {
    pub root: String,
    pub value: Value,
}

#[derive(Clone, Copy, PartialEq)]
enum Kind {
    Plain,
    Array,
    Integer,
    Float,
    Boolean,
    Nil,
}

struct Frame {
    name: String,
    kind: Kind,
    children: Vec<(String, Value)>,
    text: String,
}

impl Frame {
    fn open(e: &BytesStart<'_>) -> Result<Frame, XmlError> {
        let name = String::from_utf8_lossy(e.name().as_ref()).into_owned();
        let mut kind = Kind::Plain;
        let mut nil = false;
        for attr in e.attributes() {
            let attr = attr.map_err(|e| XmlError::Malformed(e.to_string()))?;
            let value = attr
                .unescape_value()
                .map_err(|e| XmlError::Malformed(e.to_string()))?;
            match attr.key.as_ref() {
                b"type" => {
                    kind = match value.as_ref() {
                        "array" => Kind::Array,
                        "integer" => Kind::Integer,
                        "float" => Kind::Float,
                        "boolean" => Kind::Boolean,
                        _ => Kind::Plain,
                    }
                }
                b"nil" => nil = value == "true",
                _ => {}
            }
        }
        if nil {
            kind = Kind::Nil;
        }
        Ok(Frame {
            name,
            kind,
            children: Vec::new(),
            text: String::new(),
        })
    }

    fn close(self) -> Value {
        match self.kind {
            Kind::Nil => Value::Null,
            Kind::Array => Value::Array(self.children.into_iter().map(|(_, v)| v).collect()),
            _ if !self.children.is_empty() => object(self.children),
            Kind::Integer => {
                let t = self.text.trim();
                t.parse::<i64>()
                    .map(Value::from)
                    .unwrap_or_else(|_| Value::String(t.to_string()))
            }
            Kind::Float => {
                let t = self.text.trim();
                t.parse::<f64>()
                    .ok()
                    .and_then(serde_json::Number::from_f64)
                    .map(Value::Number)
                    .unwrap_or_else(|| Value::String(t.to_string()))
            }
            Kind::Boolean => match self.text.trim() {
                "true" => Value::Bool(true),
                "false" => Value::Bool(false),
                other => Value::String(other.to_string()),
            },
            Kind::Plain => Value::String(self.text),
        }
    }
}

/// Children become an object; a name that repeats without `type="array"` becomes an array.
fn object(children: Vec<(String, Value)>) -> Value {
    let mut map = Map::with_capacity(children.len());
    for (name, value) in children {
        match map.get_mut(&name) {
            Some(Value::Array(items)) => items.push(value),
            Some(existing) => {
                let first = existing.take();
                *existing = Value::Array(vec![first, value]);
            }
            None => {
                map.insert(name, value);
            }
        }
    }
    Value::Object(map)
}

/// Converts a Coupa XML document.
pub fn to_json(bytes: &[u8]) -> Result<XmlDoc, XmlError> {
    let text = std::str::from_utf8(bytes).map_err(|e| XmlError::Malformed(e.to_string()))?;
    let mut reader = Reader::from_str(text);
    reader.config_mut().check_end_names = true;
    let mut stack: Vec<Frame> = Vec::new();
    let mut done: Option<XmlDoc> = None;
    loop {
        let event = reader
            .read_event()
            .map_err(|e| XmlError::Malformed(e.to_string()))?;
        match event {
            Event::Start(e) => {
                if done.is_some() {
                    return Err(XmlError::Malformed("content after the root element".into()));
                }
                if stack.len() >= MAX_DEPTH {
                    return Err(XmlError::TooDeep);
                }
                stack.push(Frame::open(&e)?);
            }
            Event::Empty(e) => {
                if done.is_some() {
                    return Err(XmlError::Malformed("content after the root element".into()));
                }
                let frame = Frame::open(&e)?;
                let name = frame.name.clone();
                let value = match frame.kind {
                    Kind::Array => Value::Array(Vec::new()),
                    Kind::Nil => Value::Null,
                    _ => Value::String(String::new()),
                };
                finish(&mut stack, &mut done, name, value);
            }
            Event::End(_) => {
                let frame = stack
                    .pop()
                    .ok_or_else(|| XmlError::Malformed("unbalanced end tag".into()))?;
                let name = frame.name.clone();
                let value = frame.close();
                finish(&mut stack, &mut done, name, value);
            }
            Event::Text(t) => {
                if let Some(top) = stack.last_mut() {
                    let s = t
                        .unescape()
                        .map_err(|e| XmlError::Malformed(e.to_string()))?;
                    top.text.push_str(&s);
                } else if !t.iter().all(u8::is_ascii_whitespace) {
                    return Err(XmlError::Malformed("text outside the root element".into()));
                }
            }
            Event::CData(c) => {
                if let Some(top) = stack.last_mut() {
                    top.text.push_str(&String::from_utf8_lossy(&c));
                }
            }
            Event::DocType(_) => {
                return Err(XmlError::Malformed("DOCTYPE is not accepted".into()));
            }
            Event::Eof => break,
            Event::Decl(_) | Event::PI(_) | Event::Comment(_) => {}
        }
    }
    if !stack.is_empty() {
        return Err(XmlError::Malformed("unexpected end of document".into()));
    }
    done.ok_or(XmlError::Empty)
}

fn finish(stack: &mut [Frame], done: &mut Option<XmlDoc>, name: String, value: Value) {
    match stack.last_mut() {
        Some(parent) => parent.children.push((name, value)),
        None => *done = Some(XmlDoc { root: name, value }),
    }
}

/// The messages of a Coupa `<errors><error>…</error></errors>` document.
pub fn error_messages(doc: &XmlDoc) -> Option<Vec<String>> {
    if doc.root != "errors" {
        return None;
    }
    let mut out = Vec::new();
    match &doc.value {
        Value::Object(m) => match m.get("error") {
            Some(Value::Array(items)) => {
                out.extend(items.iter().filter_map(|v| v.as_str().map(str::to_string)))
            }
            Some(Value::String(s)) => out.push(s.clone()),
            _ => {}
        },
        Value::String(s) if !s.trim().is_empty() => out.push(s.trim().to_string()),
        _ => {}
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn list_of_records() {
        let xml = r#"<?xml version="1.0" encoding="UTF-8"?>
<order-headers type="array">
  <order-header>
    <id type="integer">17</id>
    <po-number>PO-17</po-number>
    <total type="decimal">567.07</total>
    <exported type="boolean">false</exported>
    <created-at type="datetime">2025-01-02T03:04:05Z</created-at>
    <ship-to-address nil="true"/>
    <supplier><id type="integer">5</id><name>Acme &amp; Sons</name></supplier>
    <order-lines type="array">
      <order-line><id type="integer">1</id><description></description></order-line>
    </order-lines>
    <tags type="array"/>
    <custom-fields><cost-center-code>CC1</cost-center-code></custom-fields>
  </order-header>
</order-headers>"#;
        let doc = to_json(xml.as_bytes()).unwrap();
        assert_eq!(doc.root, "order-headers");
        assert_eq!(
            doc.value,
            json!([{
                "id": 17, "po-number": "PO-17", "total": "567.07", "exported": false,
                "created-at": "2025-01-02T03:04:05Z", "ship-to-address": null,
                "supplier": {"id": 5, "name": "Acme & Sons"},
                "order-lines": [{"id": 1, "description": ""}],
                "tags": [], "custom-fields": {"cost-center-code": "CC1"}
            }])
        );
    }

    #[test]
    fn errors_document() {
        let xml = "<errors><error>No results match your search criteria.</error></errors>";
        let doc = to_json(xml.as_bytes()).unwrap();
        assert_eq!(
            error_messages(&doc).unwrap(),
            vec!["No results match your search criteria."]
        );
    }

    #[test]
    fn refuses_bad_documents() {
        for bad in [
            "",
            "<a>",
            "<a></b>",
            "text",
            "<a/><b/>",
            "<!DOCTYPE a [<!ENTITY x \"y\">]><a>&x;</a>",
            "<a>\u{0}</a",
        ] {
            assert!(to_json(bad.as_bytes()).is_err(), "{bad:?}");
        }
        let deep = "<a>".repeat(1000) + &"</a>".repeat(1000);
        assert_eq!(to_json(deep.as_bytes()), Err(XmlError::TooDeep));
    }
}
