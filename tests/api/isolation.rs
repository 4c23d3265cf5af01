//! Tenant isolation: a key of tenant A reaches nothing of tenant B, on any route, by any
//! handle (header, query parameter, cursor, sync token, idempotency key, MCP argument).
//! Tenant B has its own Coupa; the proof is both the answers and B's Coupa seeing no
//! request at all while A attacks.

use std::collections::BTreeSet;

use reqwest::Method;
use serde_json::{Value, json};
use simulators::coupa::{Client, Sandbox, SandboxConfig};

use crate::common::*;

/// One attempt by tenant A's key to reach tenant B.
struct Attack {
    /// The route template it targets (as in the route table).
    route: &'static str,
    what: String,
    method: Method,
    path: String,
    tenant_header: Option<&'static str>,
    body: Option<Value>,
}

fn attack(route: &'static str, what: &str, method: Method, path: String) -> Attack {
    Attack {
        route,
        what: what.into(),
        method,
        path,
        tenant_header: Some("globex"),
        body: None,
    }
}

impl Attack {
    fn header(mut self, tenant: Option<&'static str>) -> Self {
        self.tenant_header = tenant;
        self
    }
    fn body(mut self, body: Value) -> Self {
        self.body = Some(body);
        self
    }
}

/// Creates a supplier for `tenant` under the idempotency key both tenants use.
async fn post_with_shared_key(env: &Env, tenant: &str, body: &Value) -> reqwest::Response {
    env.req(Method::POST, tenant, "/unified/procurement/suppliers")
        .header("idempotency-key", "shared-key")
        .json(body)
        .send()
        .await
        .unwrap()
}

fn mcp_call(tool: &str, args: Value) -> Value {
    json!({"jsonrpc": "2.0", "id": 1, "method": "tools/call",
           "params": {"name": tool, "arguments": args}})
}

#[tokio::test]
async fn a_tenant_key_reaches_nothing_of_another_tenant() {
    let b_sandbox = Sandbox::start(SandboxConfig {
        listen: "127.0.0.1:0".parse().unwrap(),
        seed: 99,
        records: 60,
        clients: vec![Client {
            id: "globex-client".into(),
            secret: "globex-secret-never-shared".into(),
            scopes: None,
        }],
        token_min_age: std::time::Duration::from_millis(200),
        ..SandboxConfig::default()
    })
    .await
    .unwrap();
    let env = Setup::default()
        .tenant(TenantSetup::new("acme"))
        .tenant(
            TenantSetup::new("globex")
                .client("globex-client", "globex-secret-never-shared")
                .base_url(&b_sandbox.base_url()),
        )
        .start()
        .await;
    let b = b_sandbox.control();

    // What tenant B legitimately holds: a cursor, a sync token, an idempotent write.
    let pos = "/unified/procurement/purchase_orders";
    let (s, page) = env.get_json("globex", &format!("{pos}?limit=5")).await;
    assert_eq!(s, 200, "{page}");
    let b_cursor = page["next_cursor"].as_str().unwrap().to_string();
    let (_, b_sync) = env.page_all("globex", pos, 50).await;
    let b_sync = b_sync.expect("a sync token");
    let supplier = json!({"name": "Shared Name Supplier", "number": "SN-1"});
    let r = post_with_shared_key(&env, "globex", &supplier).await;
    assert_eq!(r.status(), 201);
    let b_created: Value = r.json().await.unwrap();
    let b_po = b.ids("purchase_orders")[0];
    let b_invoice = b.ids("invoices")[0];
    let b_supplier = b.ids("suppliers")[0];
    let b_requests_before: u64 = b.counters().requests.values().sum();
    let a_suppliers_before = env.control().ids("suppliers").len();

    let c = encode(&b_cursor);
    let t = encode(&b_sync);
    let unified = "/unified/procurement/{resource}";
    let one = "/unified/procurement/{resource}/{id}";
    let schema = "/unified/procurement/{resource}/schema";
    let action = "/unified/procurement/{resource}/{id}/{action}";
    let proxy = "/proxy/{*path}";
    let mcp = "/mcp";
    let coverage = "/unified/procurement/coverage";
    let attacks = vec![
        attack(coverage, "coverage by header", Method::GET, coverage.into()),
        attack(unified, "list by header", Method::GET, pos.into()),
        attack(
            unified,
            "list by query parameter",
            Method::GET,
            format!("{pos}?tenant_id=globex"),
        )
        .header(None),
        attack(
            unified,
            "own header, other tenant in the query",
            Method::GET,
            format!("{pos}?tenant_id=globex"),
        )
        .header(Some("acme")),
        attack(
            unified,
            "other tenant's cursor",
            Method::GET,
            format!("{pos}?cursor={c}"),
        )
        .header(Some("acme")),
        attack(
            unified,
            "other tenant's sync token",
            Method::GET,
            format!("{pos}?sync_token={t}"),
        )
        .header(Some("acme")),
        attack(
            unified,
            "create by header",
            Method::POST,
            "/unified/procurement/suppliers".into(),
        )
        .body(json!({"name": "Intruder"})),
        attack(one, "get by header", Method::GET, format!("{pos}/{b_po}")),
        attack(
            one,
            "get by query parameter",
            Method::GET,
            format!("{pos}/{b_po}?tenant_id=globex"),
        )
        .header(None),
        attack(
            one,
            "update by header",
            Method::PATCH,
            format!("/unified/procurement/suppliers/{b_supplier}"),
        )
        .body(json!({"name": "Renamed"})),
        attack(
            schema,
            "schema by header",
            Method::GET,
            format!("{pos}/schema"),
        ),
        attack(
            action,
            "action by header",
            Method::POST,
            format!("/unified/procurement/invoices/{b_invoice}/mark_exported"),
        ),
        attack(
            proxy,
            "proxy by header",
            Method::GET,
            "/proxy/api/purchase_orders".into(),
        ),
        attack(
            proxy,
            "proxy by query parameter",
            Method::GET,
            "/proxy/api/purchase_orders?tenant_id=globex".into(),
        )
        .header(None),
        attack(
            proxy,
            "proxy write by header",
            Method::PUT,
            format!("/proxy/api/suppliers/{b_supplier}"),
        )
        .body(json!({"name": "Renamed"})),
        attack(mcp, "tools/call by header", Method::POST, "/mcp".into())
            .body(mcp_call("list_purchase_orders", json!({}))),
        attack(
            mcp,
            "tools/call by query parameter",
            Method::POST,
            "/mcp?tenant_id=globex".into(),
        )
        .header(None)
        .body(mcp_call("list_purchase_orders", json!({}))),
        attack(
            mcp,
            "other tenant's cursor as an MCP argument",
            Method::POST,
            "/mcp".into(),
        )
        .header(Some("acme"))
        .body(mcp_call(
            "list_purchase_orders",
            json!({"cursor": b_cursor.clone()}),
        )),
        attack(
            mcp,
            "tenant as an MCP argument",
            Method::POST,
            "/mcp".into(),
        )
        .header(Some("acme"))
        .body(mcp_call(
            "list_purchase_orders",
            json!({"tenant_id": "globex"}),
        )),
        attack(
            mcp,
            "other tenant's id through MCP update",
            Method::POST,
            "/mcp".into(),
        )
        .header(Some("acme"))
        .body(mcp_call(
            "update_supplier",
            json!({"id": "globex/1", "tenant": "globex", "name": "x"}),
        )),
        attack(
            "/admin/tenants",
            "admin list",
            Method::GET,
            "/admin/tenants".into(),
        )
        .header(None),
        attack(
            "/admin/tenants/{id}",
            "admin tenant",
            Method::GET,
            "/admin/tenants/globex".into(),
        )
        .header(None),
        attack(
            "/admin/reload",
            "admin reload",
            Method::POST,
            "/admin/reload".into(),
        )
        .header(None),
        attack(
            "/unified/procurement/{resource}/remote_fields",
            "other tenant's live records as remote fields",
            Method::GET,
            format!("{pos}/remote_fields?sample=2"),
        ),
        attack(
            "/unified/procurement/{resource}/remote_fields",
            "own tenant's remote fields with a key that is not an admin key",
            Method::GET,
            format!("{pos}/remote_fields?sample=2"),
        )
        .header(Some("acme")),
        attack(
            "/admin/mappings/preview",
            "preview on the other tenant's records",
            Method::POST,
            "/admin/mappings/preview".into(),
        )
        .header(None)
        .body(json!({"tenant_id": "globex", "resource": "purchase_orders", "override": ""})),
        attack(
            "/admin/tenants",
            "create a tenant",
            Method::POST,
            "/admin/tenants".into(),
        )
        .header(None)
        .body(json!({"id": "evil", "base_url": "http://127.0.0.1:9", "client_id": "x", "client_secret": "y"})),
        attack(
            "/admin/tenants/{id}",
            "change the other tenant",
            Method::PATCH,
            "/admin/tenants/globex".into(),
        )
        .header(None)
        .body(json!({})),
        attack(
            "/admin/tenants/{id}",
            "delete the other tenant",
            Method::DELETE,
            "/admin/tenants/globex".into(),
        )
        .header(None),
        attack(
            "/admin/tenants/{id}/overrides/{resource_name}",
            "read the other tenant's override",
            Method::GET,
            "/admin/tenants/globex/overrides/purchase_orders".into(),
        )
        .header(None),
        attack(
            "/admin/tenants/{id}/overrides/{resource_name}",
            "save an override for the other tenant",
            Method::PUT,
            "/admin/tenants/globex/overrides/purchase_orders".into(),
        )
        .header(None)
        .body(json!({"text": "response: |\n  {}\n"})),
        attack(
            "/admin/tenants/{id}/overrides/{resource_name}/restore",
            "restore the other tenant's override",
            Method::POST,
            "/admin/tenants/globex/overrides/purchase_orders/restore".into(),
        )
        .header(None)
        .body(json!({"version": 1})),
        attack(
            "/admin/subscriptions",
            "admin subscriptions",
            Method::GET,
            "/admin/subscriptions".into(),
        )
        .header(None),
        attack(
            "/admin/subscriptions/{id}",
            "admin subscription",
            Method::GET,
            "/admin/subscriptions/globex-orders".into(),
        )
        .header(None),
        attack(
            "/admin/subscriptions",
            "create a subscription on the other tenant",
            Method::POST,
            "/admin/subscriptions".into(),
        )
        .header(None)
        .body(json!({"id": "evil-orders", "tenant": "globex", "resources": ["purchase_orders"],
                     "url": "http://127.0.0.1:9/events",
                     "secret": "whsec_dGVzdC1zdWJzY3JpcHRpb24tc2VjcmV0LTMyYnl0ZXM="})),
        attack(
            "/admin/subscriptions/{id}",
            "delete the other tenant's subscription",
            Method::DELETE,
            "/admin/subscriptions/globex-orders".into(),
        )
        .header(None),
        attack(
            "/admin/subscriptions/{id}/deliveries",
            "admin subscription deliveries",
            Method::GET,
            "/admin/subscriptions/globex-orders/deliveries".into(),
        )
        .header(None),
        attack(
            "/admin/subscriptions/{id}/replay",
            "admin subscription replay",
            Method::POST,
            "/admin/subscriptions/globex-orders/replay?since=2026-01-01T00:00:00Z".into(),
        )
        .header(None),
    ];

    let mut successes = Vec::new();
    for a in &attacks {
        let mut r = env
            .http
            .request(a.method.clone(), format!("{}{}", env.gateway, a.path))
            .bearer_auth(key_of("acme"));
        if let Some(t) = a.tenant_header {
            r = r.header("x-tenant-id", t);
        }
        if let Some(body) = &a.body {
            r = r.json(body);
        }
        let r = r.send().await.unwrap();
        let status = r.status().as_u16();
        let text = r.text().await.unwrap();
        let body: Value = serde_json::from_str(&text).unwrap_or(Value::Null);
        // A JSON-RPC answer is 200 by transport; an error or a tool error is a refusal.
        let refused = if a.route == mcp && status == 200 {
            body.get("error").is_some() || body["result"]["isError"] == json!(true)
        } else {
            !(200..300).contains(&status)
        };
        if !refused {
            successes.push(format!(
                "{} ({} {}): {status} {text}",
                a.what, a.method, a.path
            ));
        }
        assert!(
            !text.contains("globex-secret-never-shared"),
            "{}: the other tenant's secret in an answer",
            a.what
        );
    }

    // Same idempotency key and body as tenant B's write: A gets its own new record,
    // never B's stored answer.
    let r = post_with_shared_key(&env, "acme", &supplier).await;
    assert_eq!(r.status(), 201);
    assert!(
        r.headers().get("idempotent-replayed").is_none(),
        "tenant A replayed tenant B's answer"
    );
    let a_created: Value = r.json().await.unwrap();
    assert_ne!(a_created, b_created);
    assert_eq!(env.control().ids("suppliers").len(), a_suppliers_before + 1);

    assert!(
        successes.is_empty(),
        "{} of {} attacks succeeded:\n{}",
        successes.len(),
        attacks.len(),
        successes.join("\n")
    );
    let b_requests_after: u64 = b.counters().requests.values().sum();
    assert_eq!(
        b_requests_before, b_requests_after,
        "tenant B's Coupa was called during the attacks"
    );

    // Every route a tenant key could use is in the table (public probes excepted).
    let covered: BTreeSet<&str> = attacks.iter().map(|a| a.route).collect();
    // The studio's page and assets are public: everything they show comes from /admin calls.
    let public = [
        "/healthz",
        "/readyz",
        "/metrics",
        "/openapi.yaml",
        "/studio",
        "/studio/{asset}",
    ];
    for route in gateway::http::route_table() {
        if !public.contains(&route.path) {
            assert!(covered.contains(route.path), "no attack on {}", route.path);
        }
    }
}
