//! Coupa's resource API under `/api/`: look-ups, lists with Coupa's query language,
//! creates and updates, in XML unless `Accept` names JSON.

use std::sync::atomic::Ordering;

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};

use super::{Shared, oauth};
use crate::common::Fault;
use crate::coupa::Inner;
use crate::coupa::query::{self, ListQuery};
use crate::coupa::writes::{self, UpdateError};
use crate::coupa::xml;

/// The XML element of one record of a resource.
fn element(resource: &str) -> Option<&'static str> {
    Some(match resource {
        "purchase_orders" => "order-header",
        "purchase_order_lines" => "order-line",
        "invoices" => "invoice-header",
        "suppliers" => "supplier",
        "requisitions" => "requisition-header",
        "expense_reports" => "expense-report",
        "contracts" => "contract",
        "users" => "user",
        "departments" => "department",
        "accounts" => "account",
        "approvals" => "approval",
        "inventory_transactions" => "inventory-transaction",
        "items" => "item",
        "exchange_rates" => "exchange-rate",
        "currencies" => "currency",
        "payment_terms" => "payment-term",
        "commodities" => "commodity",
        _ => return None,
    })
}

#[derive(Clone, Copy, PartialEq)]
enum Format {
    Json,
    Xml,
}

/// A finished answer, before faults bend it.
struct Answer {
    status: StatusCode,
    format: Format,
    body: String,
}

impl Answer {
    fn errors(status: StatusCode, format: Format, errors: &[(String, String)]) -> Answer {
        let body = match format {
            Format::Json => {
                let mut m = serde_json::Map::new();
                for (attr, msg) in errors {
                    if let Some(a) = m
                        .entry(attr.clone())
                        .or_insert_with(|| json!([]))
                        .as_array_mut()
                    {
                        a.push(json!(msg));
                    }
                }
                json!({ "errors": m }).to_string()
            }
            Format::Xml => xml::errors(
                &errors
                    .iter()
                    .map(|(a, m)| {
                        if a == "base" {
                            m.clone()
                        } else {
                            format!("{} {m}", humanize(a))
                        }
                    })
                    .collect::<Vec<_>>(),
            ),
        };
        Answer {
            status,
            format,
            body,
        }
    }
}

/// `po-number` → `Po number`, as Coupa words attribute names in messages.
fn humanize(attr: &str) -> String {
    let words = attr.replace(['-', '_', '.'], " ");
    let mut c = words.chars();
    match c.next() {
        Some(f) => f.to_uppercase().collect::<String>() + c.as_str(),
        None => String::new(),
    }
}

pub(super) async fn api(
    State(s): State<Shared>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let path = uri.path().to_string();
    let query = uri.query().unwrap_or("").to_string();
    let fault = match s.harness.before(&method, &uri, &headers).await {
        Ok(f) => f,
        Err(answered) => return answered,
    };
    let force_xml = fault == Some(Fault::XmlAnyway);
    if !s.harness.admit() {
        let body = "Rate limit exceeded";
        s.harness.count_bytes(&path, body.len());
        return (
            StatusCode::TOO_MANY_REQUESTS,
            [(header::CONTENT_TYPE, "text/plain")],
            body,
        )
            .into_response();
    }
    let accept = headers
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    let format = if accept.contains("json") && !force_xml {
        Format::Json
    } else {
        Format::Xml
    };
    let answer = handle(&s, &method, &path, &query, &headers, &body, format);
    let malformed = match answer.format {
        Format::Json => "[{\"id\": 1, \"po-number\": ",
        Format::Xml => "<?xml version=\"1.0\"?><order-headers type=\"array\"><order-header>",
    };
    let content_type = match answer.format {
        Format::Json => "application/json; charset=utf-8",
        Format::Xml => "application/xml; charset=utf-8",
    };
    let mut out = HeaderMap::new();
    out.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    s.harness.finish(
        &path,
        fault.as_ref(),
        answer.status,
        out,
        answer.body,
        malformed,
    )
}

fn handle(
    s: &Inner,
    method: &Method,
    path: &str,
    query: &str,
    headers: &HeaderMap,
    body: &[u8],
    format: Format,
) -> Answer {
    if let Err(why) = oauth::authorized(s, headers) {
        return Answer::errors(
            StatusCode::UNAUTHORIZED,
            format,
            &[("authorization".into(), why.into())],
        );
    }
    let parts: Vec<&str> = path
        .trim_start_matches("/api/")
        .split('/')
        .filter(|p| !p.is_empty())
        .collect();
    let Some(resource) = parts.first().copied().filter(|r| element(r).is_some()) else {
        return Answer::errors(
            StatusCode::NOT_FOUND,
            format,
            &[("base".into(), "Not found".into())],
        );
    };
    let item = element(resource).unwrap_or("record");
    let id = match parts.get(1) {
        None => None,
        Some(raw) => match raw.parse::<i64>() {
            Ok(id) if parts.len() == 2 => Some(id),
            _ => {
                return Answer::errors(
                    StatusCode::NOT_FOUND,
                    format,
                    &[("base".into(), "Not found".into())],
                );
            }
        },
    };
    let has_body = !body.iter().all(u8::is_ascii_whitespace);
    let body_format = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .map(|ct| {
            if ct.contains("xml") {
                Format::Xml
            } else {
                Format::Json
            }
        });
    if has_body && body_format.is_some_and(|bf| bf != format) {
        return Answer {
            status: StatusCode::NOT_ACCEPTABLE,
            format,
            body: String::new(),
        };
    }
    let params = match query::parse(query, &|name| s.read().known(resource, name)) {
        // an instance that ignores `fields` answers with whole records
        Ok(p) if s.ignore_fields.load(Ordering::Relaxed) => ListQuery { fields: None, ..p },
        Ok(p) => p,
        Err(e) => {
            return Answer::errors(StatusCode::BAD_REQUEST, format, &[(e.attribute, e.message)]);
        }
    };
    let parsed_body = || -> Result<Option<Value>, Answer> {
        if !has_body {
            return Ok(None);
        }
        let v = match body_format.unwrap_or(Format::Json) {
            Format::Json => serde_json::from_slice(body).ok(),
            Format::Xml => xml::read(body),
        };
        v.map(Some).ok_or_else(|| {
            Answer::errors(
                StatusCode::BAD_REQUEST,
                format,
                &[("base".into(), "request body could not be parsed".into())],
            )
        })
    };
    match (method.as_str(), id) {
        ("GET", None) => list(s, resource, item, &params, format),
        ("GET", Some(id)) => match s.read().get(resource, id).cloned() {
            Some(r) => one(StatusCode::OK, item, &r, &params, format),
            None => Answer::errors(
                StatusCode::NOT_FOUND,
                format,
                &[("base".into(), "Not found".into())],
            ),
        },
        ("POST", None) => {
            let body = match parsed_body() {
                Ok(b) => b.unwrap_or(Value::Null),
                Err(a) => return a,
            };
            let created = writes::create(&mut s.write(), resource, body);
            match created {
                Ok(r) => write_answer(StatusCode::CREATED, item, &r, &params, format),
                Err(errors) => Answer::errors(StatusCode::BAD_REQUEST, format, &errors),
            }
        }
        ("PUT" | "PATCH", Some(id)) => {
            let body = match parsed_body() {
                Ok(b) => b,
                Err(a) => return a,
            };
            let exported = url::form_urlencoded::parse(query.as_bytes())
                .find(|(k, _)| k == "exported")
                .map(|(_, v)| v == "true");
            let updated = writes::update(&mut s.write(), resource, id, body, exported);
            match updated {
                Ok(r) => write_answer(StatusCode::OK, item, &r, &params, format),
                Err(UpdateError::NotFound) => Answer::errors(
                    StatusCode::NOT_FOUND,
                    format,
                    &[("base".into(), "Not found".into())],
                ),
                Err(UpdateError::Invalid(errors)) => {
                    Answer::errors(StatusCode::BAD_REQUEST, format, &errors)
                }
            }
        }
        _ => Answer::errors(
            StatusCode::METHOD_NOT_ALLOWED,
            format,
            &[("base".into(), "Method not allowed".into())],
        ),
    }
}

fn shape(r: &Value, params: &ListQuery) -> Value {
    match (&params.return_object, &params.fields) {
        (Some(how), _) => query::reduce(r, how),
        (None, Some(spec)) => query::project(r, spec),
        (None, None) => r.clone(),
    }
}

fn list(s: &Inner, resource: &str, item: &str, params: &ListQuery, format: Format) -> Answer {
    let store = s.read();
    let Some(table) = store.table(resource) else {
        return empty(format);
    };
    let mut hits: Vec<&Value> = table
        .values()
        .filter(|r| params.filters.iter().all(|f| query::matches(r, f)))
        .collect();
    match &params.order_by {
        Some(by) => query::order(&mut hits, by, params.desc),
        None if params.desc => hits.reverse(),
        None => {}
    }
    let page: Vec<Value> = hits
        .into_iter()
        .skip(params.offset)
        .take(params.limit)
        .map(|r| shape(r, params))
        .collect();
    if page.is_empty() {
        return empty(format);
    }
    Answer {
        status: StatusCode::OK,
        format,
        body: match format {
            // `to_string` goes through `Display` and a formatter per write; the same compact
            // JSON written straight into a buffer costs a fraction of it on a large page.
            Format::Json => serde_json::to_string(&page).unwrap_or_default(),
            Format::Xml => xml::list(item, &page),
        },
    }
}

/// No match: JSON `[]`, XML Coupa's 404 document.
fn empty(format: Format) -> Answer {
    match format {
        Format::Json => Answer {
            status: StatusCode::OK,
            format,
            body: "[]".into(),
        },
        Format::Xml => Answer {
            status: StatusCode::NOT_FOUND,
            format,
            body: xml::errors(&["No results match your search criteria.".into()]),
        },
    }
}

fn one(status: StatusCode, item: &str, r: &Value, params: &ListQuery, format: Format) -> Answer {
    let shaped = shape(r, params);
    Answer {
        status,
        format,
        body: match format {
            Format::Json => shaped.to_string(),
            Format::Xml => xml::one(item, &shaped),
        },
    }
}

fn write_answer(
    status: StatusCode,
    item: &str,
    r: &Value,
    params: &ListQuery,
    format: Format,
) -> Answer {
    if params.return_object.as_deref() == Some("none") {
        return Answer {
            status,
            format,
            body: String::new(),
        };
    }
    one(status, item, r, params, format)
}
