//! Coupa's wire: its query language and `fields=[…]` ([`query`]), XML converted to the
//! JSON Coupa would have sent ([`xml`]), its error bodies, its bare-array list answers,
//! its token endpoint and the paths `/proxy` may reach.

pub mod query;
pub mod xml;

use serde_json::Value;

use crate::field_message::FieldMessage;

use super::{Reader, UpstreamError, UpstreamResponse};

/// `/proxy` reaches Coupa's API and nothing else (the OAuth endpoints included).
pub const PROXY_ROOTS: &[&str] = &["/api/"];

/// Coupa's OAuth token endpoint.
pub fn token_url(base_url: &str) -> String {
    format!("{}/oauth2/token", base_url.trim_end_matches('/'))
}

/// A Coupa list answer is a bare JSON array of records.
pub fn page_records(body: Value) -> Result<Vec<Value>, UpstreamError> {
    match body {
        Value::Array(items) => Ok(items),
        _ => Err(UpstreamError::Malformed {
            status: 200,
            reason: "a list call did not return a JSON array".into(),
        }),
    }
}

const NO_RESULTS: &str = "No results match your search criteria.";

/// Turns a Coupa answer into JSON or a classified error, reading a successful JSON body
/// with `read` (error bodies are read whole). XML is converted to the JSON Coupa would
/// have sent; an XML 404 for an empty query is an empty list.
pub fn decode(resp: UpstreamResponse, read: &Reader<'_>) -> Result<Value, UpstreamError> {
    let status = resp.status;
    if status == 429 {
        return Err(UpstreamError::RateLimited(Box::new(resp)));
    }
    if resp.body.trim_ascii().is_empty() {
        return if (200..300).contains(&status) {
            Ok(Value::Null)
        } else {
            Err(UpstreamError::Status {
                status,
                messages: vec![],
            })
        };
    }
    let value = if resp.is_xml() {
        let doc = xml::to_json(&resp.body).map_err(|e| UpstreamError::Malformed {
            status,
            reason: e.to_string(),
        })?;
        if let Some(messages) = xml::error_messages(&doc) {
            if status == 404 && messages.iter().any(|m| m == NO_RESULTS) {
                return Ok(Value::Array(vec![]));
            }
            let messages = messages
                .into_iter()
                .map(FieldMessage::about_record)
                .collect();
            return Err(UpstreamError::Status { status, messages });
        }
        doc.value
    } else if (200..300).contains(&status) {
        read(&resp.body).map_err(|e| UpstreamError::Malformed {
            status,
            reason: e.to_string(),
        })?
    } else {
        serde_json::from_slice::<Value>(&resp.body).map_err(|e| UpstreamError::Malformed {
            status,
            reason: e.to_string(),
        })?
    };
    if (200..300).contains(&status) {
        Ok(value)
    } else {
        Err(UpstreamError::Status {
            status,
            messages: json_error_messages(&value),
        })
    }
}

/// Messages of a Coupa JSON error body: `{"errors": {"field": ["msg", …]}}` keeps the
/// field; plain strings are kept as they are.
pub fn json_error_messages(value: &Value) -> Vec<FieldMessage> {
    let mut out = Vec::new();
    let field_msg = |field: &str, message: &str| FieldMessage::new(field, message);
    match value.get("errors") {
        Some(Value::Object(fields)) => {
            for (field, msgs) in fields {
                match msgs {
                    Value::Array(items) => {
                        for m in items.iter().filter_map(Value::as_str) {
                            out.push(field_msg(field, m));
                        }
                    }
                    Value::String(m) => out.push(field_msg(field, m)),
                    _ => {}
                }
            }
        }
        Some(Value::Array(items)) => out.extend(
            items
                .iter()
                .filter_map(|v| v.as_str().map(FieldMessage::about_record)),
        ),
        Some(Value::String(s)) => out.push(FieldMessage::about_record(s.as_str())),
        _ => {}
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use bytes::Bytes;
    use reqwest::header::{CONTENT_TYPE, HeaderMap, HeaderValue};
    use serde_json::json;

    fn whole(b: &[u8]) -> serde_json::Result<Value> {
        serde_json::from_slice(b)
    }

    fn resp(status: u16, ct: &str, body: &str) -> UpstreamResponse {
        let mut headers = HeaderMap::new();
        headers.insert(CONTENT_TYPE, HeaderValue::from_str(ct).unwrap());
        UpstreamResponse {
            status,
            headers,
            body: Bytes::from(body.to_string()),
        }
    }

    #[test]
    fn xml_404_empty_is_an_empty_list() {
        let r = resp(
            404,
            "application/xml",
            "<?xml version=\"1.0\"?><errors><error>No results match your search criteria.</error></errors>",
        );
        assert_eq!(decode(r, &whole).unwrap(), json!([]));
    }

    #[test]
    fn xml_other_404_is_an_error() {
        let r = resp(
            404,
            "application/xml",
            "<errors><error>Not found</error></errors>",
        );
        assert!(matches!(
            decode(r, &whole),
            Err(UpstreamError::Status { status: 404, .. })
        ));
    }

    #[test]
    fn json_errors_are_flattened() {
        let r = resp(
            400,
            "application/json",
            r#"{"errors":{"supplier":["can't be blank"]}}"#,
        );
        match decode(r, &whole) {
            Err(UpstreamError::Status { status, messages }) => {
                assert_eq!(status, 400);
                assert_eq!(messages[0].to_string(), "supplier can't be blank");
                assert_eq!(messages[0].field, "supplier");
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn malformed_json_is_classified() {
        let r = resp(200, "application/json", "[{\"id\": 1,");
        assert!(matches!(
            decode(r, &whole),
            Err(UpstreamError::Malformed { status: 200, .. })
        ));
    }
}
