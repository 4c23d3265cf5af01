//! `POST /mcp`: a Model Context Protocol server over the streamable HTTP transport, in
//! its stateless form: every POST carries one JSON-RPC message and gets one JSON answer.
//!
//! Tools are generated from the tenant's resource definitions: `list_<resource>`,
//! `get_<singular>`, and `create_`/`update_<singular>` and actions where the resource
//! allows writes. Inputs and outputs are JSON Schemas from the unified model. The
//! transport is a small JSON-RPC layer of ours rather than a crate: tools differ per
//! tenant and call by call, authentication is the same extractor as `/unified`, and a
//! stateless server needs no sessions (so it works behind a load balancer unchanged).

use std::sync::Arc;

use axum::Json;
use axum::extract::{Request, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use serde_json::{Map, Value, json};

use super::AppState;
use super::caller::TenantCaller;
use super::problem::ApiError;
use crate::resources::Effective;
use crate::resources::definition::Write;
use crate::resources::listing::{self, ResourceError};
use crate::resources::schema::schemas;
use crate::resources::writing;
use jsonata::Output;

/// Revisions reached through the `initialize` handshake, newest first.
const HANDSHAKE_VERSIONS: &[&str] = &["2025-11-25", "2025-06-18", "2025-03-26", "2024-11-05"];
/// Revisions with the per-request envelope (`server/discover`, no handshake).
const MODERN_VERSIONS: &[&str] = &["2026-07-28"];

const META_VERSION: &str = "io.modelcontextprotocol/protocolVersion";
const META_CAPABILITIES: &str = "io.modelcontextprotocol/clientCapabilities";
const META_SERVER_INFO: &str = "io.modelcontextprotocol/serverInfo";

const INVALID_PARAMS: i64 = -32602;
const METHOD_NOT_FOUND: i64 = -32601;
const HEADER_MISMATCH: i64 = -32020;
const UNSUPPORTED_VERSION: i64 = -32022;

/// A JSON-RPC error: code, message and optional data.
type RpcError = (i64, String, Option<Value>);

pub async fn post(
    State(state): State<Arc<AppState>>,
    caller: TenantCaller,
    req: Request,
) -> Response {
    let (parts, body) = req.into_parts();
    let headers = parts.headers;
    if let Some(origin) = headers.get("origin").and_then(|v| v.to_str().ok())
        && !origin_allowed(origin, &headers)
    {
        return ApiError::Forbidden("cross-origin MCP requests are refused".into()).into_response();
    }
    let limit = state.config.server.body_limit_bytes;
    let body = match super::body::read(&state.body_budget, limit, &headers, body).await {
        Ok(b) => b,
        Err(e) => return e.into_response(),
    };
    let parsed = serde_json::from_slice::<Value>(&body.bytes);
    drop(body);
    // A body that is not one JSON-RPC message is refused with 400 (as the transport
    // asks of input the server cannot accept), the JSON-RPC error in the body.
    let msg: Value = match parsed {
        Ok(v) => v,
        Err(e) => return not_a_message((-32700, format!("parse error: {e}"), None)),
    };
    let Value::Object(msg) = msg else {
        return not_a_message((-32600, "send one JSON-RPC message per request".into(), None));
    };
    let Some(id) = msg.get("id").cloned() else {
        // A notification (or a response to us): accepted, nothing to answer.
        return StatusCode::ACCEPTED.into_response();
    };
    let method = msg.get("method").and_then(Value::as_str).unwrap_or("");
    let params = msg.get("params").cloned().unwrap_or(Value::Null);
    let modern = match modern_envelope(method, &params, &headers) {
        Ok(m) => m,
        Err(e) => return rpc_error(id, e),
    };
    let result = match method {
        "initialize" => Ok(initialize(&params)),
        "server/discover" => Ok(discover()),
        "ping" => Ok(json!({})),
        "tools/list" => Ok(json!({ "tools": tools(&state, &caller) })),
        "tools/call" => call(&state, &caller, &params).await,
        "resources/list" => Ok(json!({ "resources": [] })),
        "prompts/list" => Ok(json!({ "prompts": [] })),
        other => Err((METHOD_NOT_FOUND, format!("method not found: {other}"), None)),
    };
    match result {
        Ok(mut result) => {
            if modern && let Value::Object(r) = &mut result {
                // Required on the modern wire; older peers ignore them.
                r.insert("resultType".into(), json!("complete"));
                if matches!(
                    method,
                    "server/discover" | "tools/list" | "resources/list" | "prompts/list"
                ) {
                    r.insert("ttlMs".into(), json!(0));
                    r.insert("cacheScope".into(), json!("private"));
                }
            }
            Json(json!({"jsonrpc": "2.0", "id": id, "result": result})).into_response()
        }
        Err(e) => rpc_error(id, e),
    }
}

/// Checks the 2026-07-28 per-request envelope when a request carries one: `_meta` names
/// the protocol version and client capabilities, the routing headers agree with the
/// body, and the version is one we speak. Returns whether the request is modern.
fn modern_envelope(method: &str, params: &Value, headers: &HeaderMap) -> Result<bool, RpcError> {
    let meta = params.get("_meta").and_then(Value::as_object);
    let declared = meta.is_some_and(|m| m.contains_key(META_VERSION));
    if !declared {
        return if method == "server/discover" {
            Err((
                INVALID_PARAMS,
                format!("params._meta must carry {META_VERSION:?} and {META_CAPABILITIES:?}"),
                None,
            ))
        } else {
            Ok(false)
        };
    }
    let meta = meta.cloned().unwrap_or_default();
    if !meta.contains_key(META_CAPABILITIES) {
        return Err((
            INVALID_PARAMS,
            format!("params._meta is missing {META_CAPABILITIES:?}"),
            None,
        ));
    }
    let header = |name: &str| headers.get(name).and_then(|v| v.to_str().ok());
    let version = meta.get(META_VERSION).cloned().unwrap_or(Value::Null);
    if header("mcp-protocol-version").map(|h| json!(h)) != Some(version.clone()) {
        return Err((
            HEADER_MISMATCH,
            "MCP-Protocol-Version header does not match the request's protocol version".into(),
            None,
        ));
    }
    if header("mcp-method") != Some(method) {
        return Err((
            HEADER_MISMATCH,
            "Mcp-Method header does not match the request's method".into(),
            None,
        ));
    }
    let name_key = match method {
        "tools/call" | "prompts/get" => Some("name"),
        "resources/read" => Some("uri"),
        _ => None,
    };
    if let Some(key) = name_key
        && let Some(v) = params.get(key).and_then(Value::as_str)
        && header("mcp-name") != Some(v)
    {
        return Err((
            HEADER_MISMATCH,
            "Mcp-Name header does not match the request".into(),
            None,
        ));
    }
    let Some(version) = version.as_str() else {
        return Err((
            INVALID_PARAMS,
            "the protocol version must be a string".into(),
            None,
        ));
    };
    if !MODERN_VERSIONS.contains(&version) {
        return Err((
            UNSUPPORTED_VERSION,
            format!("protocol version {version:?} is not supported"),
            Some(json!({"supported": supported_versions(), "requested": version})),
        ));
    }
    Ok(true)
}

fn supported_versions() -> Vec<&'static str> {
    MODERN_VERSIONS
        .iter()
        .chain(HANDSHAKE_VERSIONS)
        .copied()
        .collect()
}

fn server_info() -> Value {
    json!({ "name": "procura", "version": env!("CARGO_PKG_VERSION") })
}

const INSTRUCTIONS: &str = "Read and write procurement records (purchase orders, invoices, suppliers, …) in the tenant's procurement system through procura's unified model. List tools page with `cursor`: pass the previous result's next_cursor until it is null.";

fn capabilities() -> Value {
    json!({ "tools": { "listChanged": false } })
}

fn discover() -> Value {
    json!({
        "supportedVersions": supported_versions(),
        "capabilities": capabilities(),
        "instructions": INSTRUCTIONS,
        "_meta": { META_SERVER_INFO: server_info() }
    })
}

/// Browsers may only call from the gateway's own host (DNS-rebinding defence).
fn origin_allowed(origin: &str, headers: &HeaderMap) -> bool {
    let host = headers
        .get("host")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    let origin_host = origin.split("://").nth(1).unwrap_or("");
    origin_host == host
}

/// 400 with a JSON-RPC error without id: the body was not a message to answer.
fn not_a_message(error: RpcError) -> Response {
    let mut resp = rpc_error(Value::Null, error);
    *resp.status_mut() = StatusCode::BAD_REQUEST;
    resp
}

fn rpc_error(id: Value, (code, message, data): RpcError) -> Response {
    let mut error = json!({"code": code, "message": message});
    if let Some(d) = data {
        error["data"] = d;
    }
    Json(json!({"jsonrpc": "2.0", "id": id, "error": error})).into_response()
}

fn initialize(params: &Value) -> Value {
    let asked = params.get("protocolVersion").and_then(Value::as_str);
    let version = asked
        .filter(|v| HANDSHAKE_VERSIONS.contains(v))
        .unwrap_or(HANDSHAKE_VERSIONS[0]);
    json!({
        "protocolVersion": version,
        "capabilities": capabilities(),
        "serverInfo": server_info(),
        "instructions": INSTRUCTIONS
    })
}

/// Which tool a name calls.
enum Tool<'a> {
    List(&'a Arc<Effective>),
    Get(&'a Arc<Effective>),
    Create(&'a Arc<Effective>),
    Update(&'a Arc<Effective>),
    Action(&'a Arc<Effective>, &'a str),
}

fn find_tool<'a>(resources: &'a [Arc<Effective>], name: &'a str) -> Option<Tool<'a>> {
    for eff in resources {
        let r = &eff.resource.name;
        let one = &eff.resource.singular;
        if name == format!("list_{r}") {
            return Some(Tool::List(eff));
        }
        if name == format!("get_{one}") {
            return Some(Tool::Get(eff));
        }
        if eff.resource.writes.contains(&Write::Create) && name == format!("create_{one}") {
            return Some(Tool::Create(eff));
        }
        if eff.resource.writes.contains(&Write::Update) && name == format!("update_{one}") {
            return Some(Tool::Update(eff));
        }
        for action in eff.resource.actions.keys() {
            if name == format!("{action}_{one}") {
                return Some(Tool::Action(eff, action));
            }
        }
    }
    None
}

fn record_output(eff: &Effective) -> Value {
    let mut schema = schemas()
        .record(eff)
        .unwrap_or_else(|| json!({"type": "object"}));
    // Overrides may add fields: the output stays open.
    if let Some(o) = schema.as_object_mut() {
        o.insert("additionalProperties".into(), json!(true));
        o.remove("$schema");
    }
    schema
}

fn tools(state: &AppState, caller: &TenantCaller) -> Vec<Value> {
    let registry = state.registry();
    let mut out = Vec::new();
    for eff in registry.all(Some(&caller.tenant.id)) {
        let r = &eff.resource.name;
        let one = &eff.resource.singular;
        let label = r.replace('_', " ");
        let system = caller.tenant.provider.display_name();
        let id_text = format!("{system} id of the record.");
        let what = eff
            .resource
            .description
            .clone()
            .unwrap_or_else(|| label.clone());
        let record = record_output(eff);
        let defs = record.get("$defs").cloned().unwrap_or(json!({}));
        let mut record_ref = record.clone();
        if let Some(o) = record_ref.as_object_mut() {
            o.remove("$defs");
        }
        let mut list_props = Map::new();
        list_props.insert("limit".into(), json!({"type": "integer", "minimum": 1, "maximum": state.config.server.max_page_size, "description": "Records per page (default 50)."}));
        list_props.insert(
            "cursor".into(),
            json!({"type": "string", "description": "next_cursor of the previous page."}),
        );
        list_props.insert("updated_after".into(), json!({"type": "string", "format": "date-time", "description": "Only records updated after this time (RFC 3339)."}));
        list_props.insert("updated_before".into(), json!({"type": "string", "format": "date-time", "description": "Only records updated before this time."}));
        list_props.insert("created_after".into(), json!({"type": "string", "format": "date-time", "description": "Only records created after this time."}));
        for f in eff.filters.keys() {
            list_props.insert(
                f.clone(),
                json!({"type": "string", "description": format!("Filter on {f}.")}),
            );
        }
        out.push(json!({
            "name": format!("list_{r}"),
            "title": format!("List {label}"),
            "description": format!("List {label}: {what} Returns one page; pass next_cursor as cursor for the next."),
            "inputSchema": {"type": "object", "properties": list_props, "additionalProperties": false},
            "outputSchema": {
                "type": "object",
                "$defs": defs,
                "properties": {
                    "result": {"type": "array", "items": record_ref},
                    "next_cursor": {"type": ["string", "null"]},
                    "sync_token": {"type": "string"}
                },
                "required": ["result", "next_cursor"]
            },
            "annotations": {"readOnlyHint": true}
        }));
        out.push(json!({
            "name": format!("get_{one}"),
            "title": format!("Get one {}", one.replace('_', " ")),
            "description": format!("Get one record of {label} by its id."),
            "inputSchema": {"type": "object", "properties": {"id": {"type": "string", "description": id_text}}, "required": ["id"], "additionalProperties": false},
            "outputSchema": record,
            "annotations": {"readOnlyHint": true}
        }));
        // The tenant's write schemas, custom fields included: what the body is held to.
        let input_schema = |write: Write| {
            eff.write_check.schema(write).cloned().map(|mut s| {
                if let Some(o) = s.as_object_mut() {
                    o.remove("$schema");
                }
                s
            })
        };
        if let Some(body) = input_schema(Write::Create) {
            out.push(json!({
                "name": format!("create_{one}"),
                "title": format!("Create a {}", one.replace('_', " ")),
                "description": format!("Create a record of {label} in {system}."),
                "inputSchema": body,
                "outputSchema": record_output(eff),
                "annotations": {"readOnlyHint": false, "destructiveHint": false, "idempotentHint": false}
            }));
        }
        if let Some(mut input) = input_schema(Write::Update) {
            if let Some(o) = input.as_object_mut() {
                if let Some(Value::Object(p)) = o.get_mut("properties") {
                    p.insert("id".into(), json!({"type": "string", "description": format!("{system} id of the record to update.")}));
                }
                o.insert("required".into(), json!(["id"]));
            }
            out.push(json!({
                "name": format!("update_{one}"),
                "title": format!("Update a {}", one.replace('_', " ")),
                "description": format!("Update fields of a record of {label}; fields not named stay as they are."),
                "inputSchema": input,
                "outputSchema": record_output(eff),
                "annotations": {"readOnlyHint": false, "destructiveHint": false, "idempotentHint": true}
            }));
        }
        for (action, def) in &eff.resource.actions {
            out.push(json!({
                "name": format!("{action}_{one}"),
                "description": def.description.clone().unwrap_or_else(|| format!("{action} on a record of {label}.")),
                "inputSchema": {"type": "object", "properties": {"id": {"type": "string", "description": id_text}}, "required": ["id"], "additionalProperties": false},
                "outputSchema": record_output(eff),
                "annotations": {"readOnlyHint": false, "idempotentHint": true}
            }));
        }
    }
    out
}

type RpcResult = Result<Value, RpcError>;

async fn call(state: &AppState, caller: &TenantCaller, params: &Value) -> RpcResult {
    let name = params.get("name").and_then(Value::as_str).ok_or((
        INVALID_PARAMS,
        "tools/call needs a tool name".to_string(),
        None,
    ))?;
    let args = match params.get("arguments") {
        None | Some(Value::Null) => Map::new(),
        Some(Value::Object(m)) => m.clone(),
        Some(_) => return Err((INVALID_PARAMS, "arguments must be an object".into(), None)),
    };
    let registry = state.registry();
    let resources: Vec<Arc<Effective>> = registry.all(Some(&caller.tenant.id)).cloned().collect();
    let tool = find_tool(&resources, name).ok_or((
        INVALID_PARAMS,
        format!("unknown tool: {name}"),
        None,
    ))?;
    let outcome = run_tool(state, caller, tool, args).await;
    Ok(match outcome {
        Ok(v) => json!({
            "content": [{"type": "text", "text": v.to_string()}],
            "structuredContent": v,
            "isError": false
        }),
        Err(e) => {
            let api = ApiError::from(e);
            json!({
                "content": [{"type": "text", "text": api.to_string()}],
                "isError": true
            })
        }
    })
}

fn arg_id(args: &Map<String, Value>) -> Result<String, ResourceError> {
    match args.get("id") {
        Some(Value::String(s)) => Ok(s.clone()),
        Some(Value::Number(n)) => Ok(n.to_string()),
        _ => Err(listing::bad("id", "is required")),
    }
}

async fn run_tool(
    state: &AppState,
    caller: &TenantCaller,
    tool: Tool<'_>,
    mut args: Map<String, Value>,
) -> Result<Value, ResourceError> {
    let tenant = &caller.tenant;
    // The tenant is the request's (X-Tenant-Id), never an argument's.
    if let Some(named) = args.remove("tenant_id")
        && named.as_str() != Some(tenant.id.as_str())
    {
        return Err(crate::resources::error::bad(
            "tenant_id",
            "names another tenant; a tool acts for the tenant of the request (X-Tenant-Id)",
        ));
    }
    match tool {
        Tool::List(eff) => {
            let query = {
                let mut query = url::form_urlencoded::Serializer::new(String::new());
                for (k, v) in &args {
                    let text = match v {
                        Value::String(s) => s.clone(),
                        Value::Null => continue,
                        other => other.to_string(),
                    };
                    query.append_pair(k, &text);
                }
                query.finish()
            };
            let settings = state.list_settings();
            let plan = listing::plan(Some(&query), eff, &tenant.id, &state.signer, settings)?;
            let page = listing::list(tenant, eff, plan, &state.signer, settings).await?;
            let mut out = Map::new();
            out.insert("result".into(), Value::Array(page.values()?));
            out.insert("next_cursor".into(), json!(page.next_cursor));
            if let Some(t) = page.sync_token {
                out.insert("sync_token".into(), json!(t));
            }
            Ok(Value::Object(out))
        }
        Tool::Get(eff) => listing::get(tenant, eff, &arg_id(&args)?, false, None)
            .await
            .map(Output::into_value),
        Tool::Create(eff) => writing::create(tenant, eff, &Value::Object(args)).await,
        Tool::Update(eff) => {
            let id = arg_id(&args)?;
            args.remove("id");
            writing::update(tenant, eff, &id, &Value::Object(args)).await
        }
        Tool::Action(eff, action) => writing::action(tenant, eff, &arg_id(&args)?, action).await,
    }
}
