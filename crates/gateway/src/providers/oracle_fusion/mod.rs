//! Oracle Fusion's wire (ADF REST): its query language and `fields` ([`query`]), the
//! framework version of each call, the `{items, count, hasMore, limit, offset}`
//! envelope, its error bodies (JSON with `o:errorDetails` from framework version 4,
//! plain text before), the
//! media type of writes and the resource roots `/proxy` may reach. Authentication is
//! Basic or an identity domain's OAuth token endpoint, both configured per tenant.

pub mod query;

use jsonata::PathNode;
use serde_json::Value;

use super::{Reader, UpstreamError, UpstreamResponse};
use crate::field_message::FieldMessage;

/// `/proxy` reaches the Procurement/Payables and HCM REST resources and nothing else.
pub const PROXY_ROOTS: &[&str] = &["/fscmRestApi/resources/", "/hcmRestApi/resources/"];

/// The framework version of a call. Reads use version 2: the rowmatch `q` syntax, and
/// children inline as whole arrays (from version 3 a child is a collection cut at 25
/// rows, which would truncate a long purchase order's lines). Writes and actions use
/// version 4, whose errors are JSON naming the attribute at fault.
pub fn request_headers(method: &reqwest::Method) -> &'static [(&'static str, &'static str)] {
    if method == reqwest::Method::GET {
        &[("rest-framework-version", "2")]
    } else {
        &[("rest-framework-version", "4")]
    }
}

/// The media type of an action's parameters.
pub const ACTION_MEDIA_TYPE: &str = "application/vnd.oracle.adf.action+json";

/// The media type Oracle documents for the body of a create or an update.
pub const WRITE_MEDIA_TYPE: &str = "application/vnd.oracle.adf.resourceitem+json";

/// A page keeps its records' fields and the envelope's `hasMore`.
pub fn page_paths(record: &PathNode) -> PathNode {
    let mut page = PathNode::default();
    page.children.insert("items".into(), record.clone());
    page.children.insert("hasMore".into(), PathNode::default());
    page
}

/// The records of a collection answer and its `hasMore`.
pub fn page_records(body: Value) -> Result<(Vec<Value>, Option<bool>), UpstreamError> {
    let malformed = |reason: &str| UpstreamError::Malformed {
        status: 200,
        reason: reason.into(),
    };
    let Value::Object(mut envelope) = body else {
        return Err(malformed("a list call did not return a collection object"));
    };
    let items = match envelope.remove("items") {
        Some(Value::Array(items)) => items,
        None | Some(Value::Null) => Vec::new(),
        Some(_) => return Err(malformed("a collection's items is not an array")),
    };
    let more = envelope.get("hasMore").and_then(Value::as_bool);
    Ok((items, more))
}

/// A record as framework version 2 shows it: each child collection object (`{items,
/// count, hasMore, …}`, from version 3) replaced by its items, at every level, and
/// `links` dropped.
pub fn inline_children(record: Value) -> Value {
    let Value::Object(attrs) = record else {
        return record;
    };
    attrs
        .into_iter()
        .filter(|(k, _)| k != "links" && k != "@context")
        .map(|(k, v)| {
            let v = match v {
                Value::Object(mut collection)
                    if collection.get("items").is_some_and(Value::is_array) =>
                {
                    match collection.remove("items") {
                        Some(Value::Array(items)) => {
                            Value::Array(items.into_iter().map(inline_children).collect())
                        }
                        _ => Value::Null,
                    }
                }
                Value::Array(items) => {
                    Value::Array(items.into_iter().map(inline_children).collect())
                }
                v => v,
            };
            (k, v)
        })
        .collect::<serde_json::Map<_, _>>()
        .into()
}

/// Turns an Oracle answer into JSON or a classified error, reading a successful body
/// with `read` (error bodies are read whole).
pub fn decode(resp: UpstreamResponse, read: &Reader<'_>) -> Result<Value, UpstreamError> {
    let status = resp.status;
    if status == 429 {
        return Err(UpstreamError::RateLimited(Box::new(resp)));
    }
    if (200..300).contains(&status) {
        if resp.body.trim_ascii().is_empty() {
            return Ok(Value::Null);
        }
        return read(&resp.body).map_err(|e| UpstreamError::Malformed {
            status,
            reason: e.to_string(),
        });
    }
    Err(UpstreamError::Status {
        status,
        messages: error_messages(&resp.body),
    })
}

/// Messages of an error body: framework version 4's JSON (`detail`, and one message per
/// `o:errorDetails` entry, naming its attribute by `o:errorPath` when there is one), or
/// the plain text older versions send.
pub fn error_messages(body: &[u8]) -> Vec<FieldMessage> {
    let text = String::from_utf8_lossy(body);
    let text = text.trim();
    if text.is_empty() {
        return Vec::new();
    }
    let Ok(value) = serde_json::from_str::<Value>(text) else {
        return vec![FieldMessage::about_record(text)];
    };
    let mut out = Vec::new();
    if let Some(details) = value.get("o:errorDetails").and_then(Value::as_array) {
        for d in details {
            let Some(message) = d.get("detail").and_then(Value::as_str) else {
                continue;
            };
            match d
                .get("o:errorPath")
                .and_then(Value::as_str)
                .and_then(attribute_of)
            {
                Some(field) => out.push(FieldMessage::new(field, message)),
                None => out.push(FieldMessage::about_record(message)),
            }
        }
    }
    if out.is_empty()
        && let Some(detail) = value
            .get("detail")
            .or_else(|| value.get("title"))
            .and_then(Value::as_str)
    {
        out.push(FieldMessage::about_record(detail));
    }
    out
}

/// The attribute an `o:errorPath` names: its last segment (`/lines/0/Quantity` →
/// `Quantity`), or the path itself when it is a plain attribute name.
fn attribute_of(path: &str) -> Option<String> {
    let last = path.trim_matches('/').rsplit('/').next()?;
    (!last.is_empty() && last.chars().all(|c| c.is_ascii_alphanumeric() || c == '_'))
        .then(|| last.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use bytes::Bytes;
    use reqwest::header::HeaderMap;
    use serde_json::json;

    fn resp(status: u16, body: &str) -> UpstreamResponse {
        UpstreamResponse {
            status,
            headers: HeaderMap::new(),
            body: Bytes::from(body.to_string()),
        }
    }

    #[test]
    fn a_page_is_its_items_and_has_more() {
        let (items, more) = page_records(
            json!({"items": [{"a": 1}], "count": 1, "hasMore": true, "limit": 1, "offset": 0}),
        )
        .unwrap();
        assert_eq!(items, vec![json!({"a": 1})]);
        assert_eq!(more, Some(true));
        assert!(page_records(json!([1])).is_err());
    }

    #[test]
    fn json_errors_name_their_attributes() {
        let body = r#"{"title":"Bad Request","status":"400","detail":"The request failed.","o:errorCode":"27024","o:errorDetails":[{"detail":"Quantity must be positive.","o:errorPath":"/lines/0/Quantity","o:errorCode":"PO-1"},{"detail":"Something else."}]}"#;
        let e = decode(resp(400, body), &|b| serde_json::from_slice(b)).unwrap_err();
        let UpstreamError::Status { status, messages } = e else {
            panic!("{e:?}")
        };
        assert_eq!(status, 400);
        assert_eq!(
            messages[0],
            FieldMessage::new("Quantity", "Quantity must be positive.")
        );
        assert!(messages[1].is_about_record());
    }

    #[test]
    fn a_write_answer_has_its_children_inline() {
        let answer = json!({
            "POHeaderId": 7,
            "links": [{"rel": "self"}],
            "lines": {"items": [{"POLineId": 8, "schedules": {"items": [{"LineLocationId": 9}], "count": 1}, "links": []}],
                      "count": 1, "hasMore": false, "limit": 25, "offset": 0, "links": []}
        });
        assert_eq!(
            inline_children(answer),
            json!({"POHeaderId": 7, "lines": [{"POLineId": 8, "schedules": [{"LineLocationId": 9}]}]})
        );
    }

    #[test]
    fn plain_text_errors_are_one_message() {
        let m = error_messages(b"Attribute Foo is not queryable.");
        assert_eq!(
            m,
            vec![FieldMessage::about_record(
                "Attribute Foo is not queryable."
            )]
        );
        let m = error_messages(br#"{"title":"Not Found","detail":"No row."}"#);
        assert_eq!(m, vec![FieldMessage::about_record("No row.")]);
    }
}
