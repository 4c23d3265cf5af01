//! One unified API over several procurement systems: the same client code, unchanged,
//! runs against a Coupa tenant and an Oracle Fusion tenant of one gateway, each backed
//! by its simulator on loopback. Every case runs for both providers.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::time::Duration;

use gateway::app::App;
use gateway::config::Config;
use procura::config_toml::{ConfigToml, TenantToml};
use serde_json::{Value, json};
use simulators::coupa::{Sandbox, SandboxConfig};
use simulators::oracle_fusion::OracleFusionSandbox;

const KEY: &str = "providers-test-key-0001";
const COUPA: &str = "coupa-co";
pub(crate) const ORACLE: &str = "oracle-co";
pub(crate) const TENANTS: [&str; 2] = [COUPA, ORACLE];
/// The resources both providers map.
const SHARED: [&str; 10] = [
    "purchase_orders",
    "invoices",
    "suppliers",
    "receipts",
    "requisitions",
    "expense_reports",
    "contracts",
    "users",
    "items",
    "accounts",
];

pub(crate) struct World {
    pub(crate) coupa: Sandbox,
    pub(crate) oracle: OracleFusionSandbox,
    pub(crate) gateway: String,
    pub(crate) state: std::sync::Arc<gateway::http::AppState>,
    pub(crate) http: reqwest::Client,
    _dir: tempfile::TempDir,
}

pub(crate) async fn world() -> World {
    crate::common::capture_logs();
    let coupa = Sandbox::start(SandboxConfig {
        listen: "127.0.0.1:0".parse().unwrap(),
        records: 120,
        token_min_age: Duration::from_millis(100),
        ..SandboxConfig::default()
    })
    .await
    .unwrap();
    let oracle = crate::common::oracle_sandbox(300).await;
    let dir = tempfile::tempdir().unwrap();
    let text = ConfigToml::new("providers-cursor-secret-0123456789")
        .server("token_min_age_ms", 100)
        .mappings("base_dir", crate::common::shipped_mappings())
        .api_key(KEY, &TENANTS, true)
        .tenant(TenantToml::sandbox(COUPA, &coupa.base_url()).scopes(&[
            "core.common.read",
            "core.purchase_order.read",
            "core.purchase_order.write",
            "core.invoice.read",
            "core.supplier.read",
            "core.supplier.write",
        ]))
        .tenant(
            // The shipped example override: the business units and supplier site Oracle
            // needs on a new order, requisition or invoice.
            TenantToml::oracle_basic(
                ORACLE,
                &oracle.base_url(),
                simulators::oracle_fusion::DEFAULT_USER,
                simulators::oracle_fusion::DEFAULT_PASSWORD,
            )
            .overrides(&crate::common::repo().join("examples/overrides/tenants/demo-oracle")),
        )
        .render();
    let config = Config::from_toml(&text, Path::new("providers.toml"), dir.path(), &|_| None)
        .unwrap_or_else(|e| panic!("{e}\n{text}"));
    let app = App::build(config).await.unwrap_or_else(|e| panic!("{e}"));
    let state = app.state();
    let addr = app.spawn();
    World {
        coupa,
        oracle,
        gateway: format!("http://{addr}"),
        state,
        http: reqwest::Client::builder()
            .timeout(Duration::from_secs(60))
            .build()
            .unwrap(),
        _dir: dir,
    }
}

impl World {
    pub(crate) fn req(
        &self,
        method: reqwest::Method,
        tenant: &str,
        path: &str,
    ) -> reqwest::RequestBuilder {
        self.http
            .request(method, format!("{}{path}", self.gateway))
            .bearer_auth(KEY)
            .header("x-tenant-id", tenant)
    }

    /// A write through the unified API: status and body.
    pub(crate) async fn send(
        &self,
        method: reqwest::Method,
        tenant: &str,
        path: &str,
        body: &Value,
        idempotency_key: Option<&str>,
    ) -> (u16, Value) {
        let mut req = self.req(method, tenant, path).json(body);
        if let Some(key) = idempotency_key {
            req = req.header("idempotency-key", key);
        }
        let r = req.send().await.unwrap();
        (r.status().as_u16(), r.json().await.unwrap_or(Value::Null))
    }

    pub(crate) async fn get(&self, tenant: &str, path: &str) -> (u16, Value) {
        let r = self
            .req(reqwest::Method::GET, tenant, path)
            .send()
            .await
            .unwrap();
        (r.status().as_u16(), r.json().await.unwrap_or(Value::Null))
    }

    /// A page, asked again after the wait a 429 names (Coupa's budget is per second), as
    /// an integration does.
    pub(crate) async fn page(&self, tenant: &str, path: &str) -> Value {
        for _ in 0..50 {
            let r = self
                .req(reqwest::Method::GET, tenant, path)
                .send()
                .await
                .unwrap();
            if r.status() == 429 {
                let wait = r
                    .headers()
                    .get("retry-after")
                    .and_then(|v| v.to_str().ok()?.parse::<u64>().ok())
                    .unwrap_or(1);
                tokio::time::sleep(Duration::from_secs(wait.min(5))).await;
                continue;
            }
            let status = r.status().as_u16();
            let page: Value = r.json().await.unwrap_or(Value::Null);
            assert_eq!(status, 200, "{tenant} {path}: {page}");
            return page;
        }
        panic!("{tenant} {path}: still 429 after 50 tries");
    }

    /// The integration code every test shares: page a list to its end, following
    /// `next_cursor`; the records and the final sync token.
    pub(crate) async fn sync(&self, tenant: &str, path: &str) -> (Vec<Value>, String) {
        let mut out = Vec::new();
        let sep = if path.contains('?') { '&' } else { '?' };
        let mut next = format!("{path}{sep}limit=200");
        loop {
            let page = self.page(tenant, &next).await;
            out.extend(page["result"].as_array().unwrap().iter().cloned());
            match page["next_cursor"].as_str() {
                Some(c) => next = format!("{path}{sep}cursor={c}"),
                None => return (out, page["sync_token"].as_str().unwrap().to_string()),
            }
        }
    }

    /// How many records the upstream holds.
    pub(crate) fn upstream_count(&self, tenant: &str, resource: &str) -> usize {
        if tenant == COUPA {
            let registry = self.state.registry();
            let eff = registry
                .deployment(gateway::config::Provider::Coupa, resource)
                .unwrap();
            let collection = eff.resource.path.trim_start_matches("/api/");
            self.coupa.control().ids(collection).len()
        } else if resource == "items" {
            // One row per item and organisation: the items are those of the master
            // organisation the mapping's `where` names.
            let control = self.oracle.control();
            control
                .keys("itemsV2")
                .iter()
                .filter(|k| control.get("itemsV2", k).unwrap()["OrganizationCode"] == "M1")
                .count()
        } else {
            self.oracle.control().keys(oracle_resource(resource)).len()
        }
    }
}

fn oracle_resource(resource: &str) -> &'static str {
    match resource {
        "purchase_orders" => "purchaseOrders",
        "invoices" => "invoices",
        "suppliers" => "suppliers",
        "receipts" => "receivingTransactionsHistory",
        "requisitions" => "purchaseRequisitions",
        "expense_reports" => "expenseReports",
        "contracts" => "purchaseAgreements",
        "users" => "workers",
        "items" => "itemsV2",
        "accounts" => "accountCombinationsLOV",
        other => panic!("no Oracle resource for {other}"),
    }
}

fn ids(records: &[Value]) -> Vec<String> {
    records
        .iter()
        .map(|r| r["id"].as_str().unwrap().to_string())
        .collect()
}

#[tokio::test]
async fn the_same_code_syncs_every_shared_resource_from_both_providers() {
    let w = world().await;
    let schemas = gateway::resources::schema::schemas();
    let mut counts = BTreeMap::new();
    for tenant in TENANTS {
        for resource in SHARED {
            let (records, token) = w
                .sync(tenant, &format!("/unified/procurement/{resource}"))
                .await;
            let unique: BTreeSet<String> = ids(&records).into_iter().collect();
            assert_eq!(
                unique.len(),
                records.len(),
                "{tenant} {resource}: a record twice"
            );
            assert_eq!(
                records.len(),
                w.upstream_count(tenant, resource),
                "{tenant} {resource}: every record"
            );
            assert!(!token.is_empty());
            let schema = schemas
                .standalone(schemas.record_name(resource).unwrap())
                .unwrap();
            let validator = jsonschema::validator_for(&schema).unwrap();
            for r in &records {
                let errors: Vec<String> = validator
                    .iter_errors(r)
                    .map(|e| format!("{e} at {}", e.instance_path))
                    .collect();
                assert!(errors.is_empty(), "{tenant} {resource}: {errors:?}\n{r}");
            }
            counts.insert(format!("{tenant}/{resource}"), records.len());
        }
    }
    println!("records synced: {counts:?}");
}

#[tokio::test]
async fn oracle_money_is_decimal_text_and_ids_are_strings() {
    let w = world().await;
    let (status, page) = w
        .get(ORACLE, "/unified/procurement/purchase_orders?limit=5")
        .await;
    assert_eq!(status, 200, "{page}");
    for po in page["result"].as_array().unwrap() {
        let raw = w
            .oracle
            .control()
            .get("purchaseOrders", po["id"].as_str().unwrap())
            .unwrap();
        let total = raw["Total"].as_f64().unwrap();
        let text = po["total"].as_str().unwrap();
        assert_eq!(text.parse::<f64>().unwrap(), total, "{po}");
        assert!(text.len() <= 18, "no float artefacts: {text}");
        assert!(!po["lines"].as_array().unwrap().is_empty());
        assert!(po["updated_at"].as_str().unwrap().contains('T'));
    }
}

/// The resources a sync under churn covers.
const CHURNED: [&str; 3] = ["purchase_orders", "invoices", "suppliers"];

/// What changed upstream, behind the gateway's back, while a client paged.
#[derive(Default)]
struct Churn {
    inserted: BTreeSet<String>,
    updated: BTreeSet<String>,
    deleted: BTreeSet<String>,
}

impl World {
    /// The simulator's collection of a Coupa resource.
    fn coupa_collection(&self, resource: &str) -> String {
        let registry = self.state.registry();
        let eff = registry
            .deployment(gateway::config::Provider::Coupa, resource)
            .unwrap();
        eff.resource.path.trim_start_matches("/api/").to_string()
    }

    /// The ids the upstream holds now.
    fn live(&self, tenant: &str, resource: &str) -> Vec<String> {
        if tenant == COUPA {
            let c = self.coupa.control();
            c.ids(&self.coupa_collection(resource))
                .iter()
                .map(i64::to_string)
                .collect()
        } else {
            self.oracle.control().keys(oracle_resource(resource))
        }
    }

    /// A new record upstream, a copy of `like` with its own number; its id.
    fn insert_like(&self, tenant: &str, resource: &str, like: &str, n: usize) -> String {
        let unique = format!("CHURN-{n:05}");
        if tenant == COUPA {
            let c = self.coupa.control();
            let collection = self.coupa_collection(resource);
            let mut rec = c.get(&collection, like.parse().unwrap()).unwrap();
            match resource {
                "purchase_orders" => rec["po-number"] = json!(unique),
                "invoices" => rec["invoice-number"] = json!(unique),
                _ => {
                    rec["name"] = json!(format!("Churn Supplier {n}"));
                    rec["display-name"] = json!(format!("Churn Supplier {n}"));
                    rec["number"] = json!(unique);
                }
            }
            c.insert(&collection, rec).to_string()
        } else {
            let c = self.oracle.control();
            let res = oracle_resource(resource);
            let row = c.get(res, like).unwrap();
            // The row's own attributes; the simulator gives the copy a fresh key and
            // now-timestamps.
            let key = match resource {
                "purchase_orders" => "POHeaderId",
                "invoices" => "InvoiceId",
                _ => "SupplierId",
            };
            let mut attrs: serde_json::Map<String, Value> = row
                .as_object()
                .unwrap()
                .iter()
                .filter(|(k, v)| {
                    *k != key
                        && ![
                            "CreationDate",
                            "LastUpdateDate",
                            "CreatedBy",
                            "LastUpdatedBy",
                        ]
                        .contains(&k.as_str())
                        && !v.is_array()
                        && !v.is_object()
                })
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect();
            match resource {
                "purchase_orders" => attrs.insert("OrderNumber".into(), json!(unique)),
                "invoices" => attrs.insert("InvoiceNumber".into(), json!(unique)),
                _ => {
                    attrs.insert("SupplierNumber".into(), json!(unique));
                    attrs.insert("Supplier".into(), json!(format!("Churn Supplier {n}")))
                }
            };
            c.insert(res, Value::Object(attrs))
                .unwrap_or_else(|| panic!("{tenant} {resource}: a copy of {like} inserted"))
        }
    }

    /// A change to a record upstream (one field, and its update time).
    fn touch(&self, tenant: &str, resource: &str, id: &str) -> bool {
        if tenant == COUPA {
            let patch = match resource {
                "purchase_orders" => json!({"status": "closed"}),
                "invoices" => json!({"status": "approved"}),
                _ => json!({"display-name": "Churned Ltd"}),
            };
            self.coupa.control().update(
                &self.coupa_collection(resource),
                id.parse().unwrap(),
                patch,
            )
        } else {
            let patch = match resource {
                "suppliers" => json!({"AlternateName": "Churned Ltd"}),
                _ => json!({"Description": "Churned"}),
            };
            self.oracle
                .control()
                .update(oracle_resource(resource), id, patch)
        }
    }

    fn remove(&self, tenant: &str, resource: &str, id: &str) -> bool {
        if tenant == COUPA {
            self.coupa
                .control()
                .delete(&self.coupa_collection(resource), id.parse().unwrap())
        } else {
            self.oracle.control().delete(oracle_resource(resource), id)
        }
    }

    /// Between two pages: one record inserted, one changed, one deleted (ids drawn
    /// from every record live, seen or not).
    fn churn(&self, tenant: &str, resource: &str, rng: &mut impl rand::Rng, churn: &mut Churn) {
        let live = self.live(tenant, resource);
        let pick = |rng: &mut dyn rand::RngCore| live[rng.next_u32() as usize % live.len()].clone();
        let n = churn.inserted.len() + churn.updated.len() + churn.deleted.len();
        let like = pick(rng);
        churn
            .inserted
            .insert(self.insert_like(tenant, resource, &like, n));
        let changed = pick(rng);
        if self.touch(tenant, resource, &changed) {
            churn.updated.insert(changed);
        }
        let victim = pick(rng);
        if self.remove(tenant, resource, &victim) {
            churn.deleted.insert(victim);
        }
    }
}

/// The same integration code syncs purchase orders, invoices and suppliers from a Coupa
/// and an Oracle tenant while records are inserted, changed and deleted between its
/// pages (Oracle's order is undetermined without `orderBy`: the simulator shuffles every
/// answer). Every record that existed throughout is seen exactly once, none twice, none
/// that never existed; the sync token then returns every record created or changed
/// during the sync.
#[tokio::test]
async fn a_sync_under_churn_sees_every_record_once_on_both_providers() {
    use rand::SeedableRng;
    let w = world().await;
    let mut rng = rand::rngs::StdRng::seed_from_u64(7);
    for tenant in TENANTS {
        for resource in CHURNED {
            let who = format!("{tenant} {resource}");
            let initial: BTreeSet<String> = w.live(tenant, resource).into_iter().collect();
            let mut churn = Churn::default();
            // The integration code: page to the end, following next_cursor.
            let path = format!("/unified/procurement/{resource}");
            let mut seen = Vec::new();
            let mut next = format!("{path}?limit=10");
            let token = loop {
                let page = w.page(tenant, &next).await;
                seen.extend(ids(page["result"].as_array().unwrap()));
                match page["next_cursor"].as_str() {
                    Some(c) => next = format!("{path}?limit=10&cursor={c}"),
                    None => break page["sync_token"].as_str().unwrap().to_string(),
                }
                w.churn(tenant, resource, &mut rng, &mut churn);
            };
            assert!(churn.deleted.len() >= 2, "{who}: churn between pages");
            let unique: BTreeSet<String> = seen.iter().cloned().collect();
            assert_eq!(unique.len(), seen.len(), "{who}: a record twice");
            let ever: BTreeSet<String> = initial.union(&churn.inserted).cloned().collect();
            assert!(
                unique.is_subset(&ever),
                "{who}: a record that never existed"
            );
            for id in initial.difference(&churn.deleted) {
                assert!(
                    unique.contains(id),
                    "{who}: {id} existed throughout but was missed"
                );
            }
            // The follow-up: everything created or changed during the sync and still there.
            let (delta, _) = w.sync(tenant, &format!("{path}?sync_token={token}")).await;
            let delta_ids: BTreeSet<String> = ids(&delta).into_iter().collect();
            assert_eq!(delta_ids.len(), delta.len(), "{who}: a change twice");
            let live: BTreeSet<String> = w.live(tenant, resource).into_iter().collect();
            for id in churn.inserted.union(&churn.updated) {
                if live.contains(id) {
                    assert!(
                        delta_ids.contains(id),
                        "{who}: the change to {id} missed (created during the sync: {})",
                        churn.inserted.contains(id)
                    );
                }
            }
            if resource == "suppliers" {
                for r in delta.iter().filter(|r| {
                    churn.updated.contains(r["id"].as_str().unwrap())
                        && !churn.inserted.contains(r["id"].as_str().unwrap())
                }) {
                    assert_eq!(r["display_name"], "Churned Ltd", "{who}: {r}");
                }
            }
            println!(
                "{who}: {} records paged; {} inserted, {} changed, {} deleted during the sync; \
                 {} in the follow-up",
                seen.len(),
                churn.inserted.len(),
                churn.updated.len(),
                churn.deleted.len(),
                delta.len()
            );
        }
    }
}

#[tokio::test]
async fn a_sync_token_returns_what_changed_on_both_providers() {
    let w = world().await;
    for tenant in TENANTS {
        let (records, token) = w.sync(tenant, "/unified/procurement/suppliers").await;
        let changed: Vec<String> = ids(&records).into_iter().take(3).collect();
        tokio::time::sleep(Duration::from_millis(1100)).await;
        for id in &changed {
            let ok = if tenant == COUPA {
                w.coupa.control().update(
                    "suppliers",
                    id.parse().unwrap(),
                    json!({"display-name": "Changed Ltd"}),
                )
            } else {
                w.oracle
                    .control()
                    .update("suppliers", id, json!({"AlternateName": "Changed Ltd"}))
            };
            assert!(ok, "{tenant}: {id} updated");
        }
        let (delta, _) = w
            .sync(
                tenant,
                &format!("/unified/procurement/suppliers?sync_token={token}"),
            )
            .await;
        let delta_ids: BTreeSet<String> = ids(&delta).into_iter().collect();
        for id in &changed {
            assert!(delta_ids.contains(id), "{tenant}: change to {id} missed");
        }
        let renamed = delta.iter().find(|r| r["id"] == changed[0]).unwrap();
        assert_eq!(renamed["display_name"], "Changed Ltd", "{tenant}");
    }
}

#[tokio::test]
async fn gets_unsupported_resources_and_proxy_roots_per_provider() {
    let w = world().await;
    for tenant in TENANTS {
        let (_, page) = w
            .get(tenant, "/unified/procurement/purchase_orders?limit=1")
            .await;
        let po = &page["result"][0];
        let (status, one) = w
            .get(
                tenant,
                &format!(
                    "/unified/procurement/purchase_orders/{}",
                    po["id"].as_str().unwrap()
                ),
            )
            .await;
        assert_eq!(status, 200, "{tenant}: {one}");
        assert_eq!(&one, po, "{tenant}: a get is the listed record");
        let (status, missing) = w
            .get(tenant, "/unified/procurement/purchase_orders/999999999")
            .await;
        assert_eq!(status, 404, "{tenant}: {missing}");
    }
    // Coverage says what each tenant's provider supports.
    for tenant in TENANTS {
        let (status, c) = w.get(tenant, "/unified/procurement/coverage").await;
        assert_eq!(status, 200, "{c}");
        let of = |name: &str| {
            c["resources"]
                .as_array()
                .unwrap()
                .iter()
                .find(|r| r["resource"] == name)
                .cloned()
                .unwrap()
        };
        assert_eq!(
            of("suppliers")["operations"],
            json!(["list", "get", "create", "update"])
        );
        assert!(
            of("purchase_orders")["filters"]
                .as_array()
                .unwrap()
                .contains(&json!("updated_after"))
        );
        assert_eq!(of("approvals")["supported"], tenant == COUPA, "{tenant}");
    }
    // A resource Coupa has and Oracle's mappings do not.
    let (status, p) = w.get(ORACLE, "/unified/procurement/approvals").await;
    assert_eq!(status, 404, "{p}");
    assert!(p["type"].as_str().unwrap().ends_with("/unsupported"), "{p}");
    assert!(
        p["detail"].as_str().unwrap().contains("Oracle Fusion"),
        "{p}"
    );
    let (status, _) = w.get(COUPA, "/unified/procurement/approvals?limit=1").await;
    assert_eq!(status, 200);
    // /proxy reaches each provider's own roots only.
    let proxy = |tenant: &str, path: &str| {
        w.req(reqwest::Method::GET, tenant, &format!("/proxy{path}"))
            .send()
    };
    let r = proxy(
        ORACLE,
        "/fscmRestApi/resources/11.13.18.05/suppliers?limit=1",
    )
    .await
    .unwrap();
    assert_eq!(r.status(), 200);
    assert_eq!(proxy(ORACLE, "/api/suppliers").await.unwrap().status(), 403);
    assert_eq!(
        proxy(COUPA, "/fscmRestApi/resources/11.13.18.05/suppliers")
            .await
            .unwrap()
            .status(),
        403
    );
}

/// Every shared resource answers a get by id on Oracle Fusion with the record its list
/// shows, whole and with a field selection (Coupa's side: `unified.rs`).
#[tokio::test]
async fn every_shared_resource_gets_what_it_lists_on_oracle() {
    let w = world().await;
    for tenant in [ORACLE] {
        for resource in SHARED {
            let (status, page) = w
                .get(tenant, &format!("/unified/procurement/{resource}?limit=3"))
                .await;
            assert_eq!(status, 200, "{tenant} {resource}: {page}");
            let listed = page["result"].as_array().unwrap();
            assert!(!listed.is_empty(), "{tenant} {resource}");
            let (status, cut_page) = w
                .get(
                    tenant,
                    &format!("/unified/procurement/{resource}?limit=3&fields=id,updated_at"),
                )
                .await;
            assert_eq!(status, 200, "{tenant} {resource}: {cut_page}");
            let cut_ids: Vec<&Value> = cut_page["result"]
                .as_array()
                .unwrap()
                .iter()
                .map(|r| &r["id"])
                .collect();
            let ids: Vec<&Value> = listed.iter().map(|r| &r["id"]).collect();
            assert_eq!(cut_ids, ids, "{tenant} {resource}");
            for record in listed {
                let id = record["id"].as_str().unwrap();
                let (status, one) = w
                    .get(tenant, &format!("/unified/procurement/{resource}/{id}"))
                    .await;
                assert_eq!(status, 200, "{tenant} {resource}/{id}: {one}");
                assert_eq!(&one, record, "{tenant} {resource}/{id}");
                let (status, cut) = w
                    .get(
                        tenant,
                        &format!("/unified/procurement/{resource}/{id}?fields=id,updated_at"),
                    )
                    .await;
                assert_eq!(status, 200, "{tenant} {resource}/{id}: {cut}");
                assert_eq!(cut["id"], record["id"], "{tenant} {resource}/{id}");
                assert_eq!(cut["updated_at"], record["updated_at"]);
            }
            let (status, missing) = w
                .get(
                    tenant,
                    &format!("/unified/procurement/{resource}/999999999"),
                )
                .await;
            assert_eq!(status, 404, "{tenant} {resource}: {missing}");
        }
    }
}

/// Oracle's itemsV2 holds one row per item and organisation: the unified items are those
/// of the master organisation, each once, and an item assigned to a second organisation
/// reads as its master row. Accounts filter by code and chart of accounts.
#[tokio::test]
async fn oracle_items_are_the_master_organisations_and_accounts_filter() {
    let w = world().await;
    let control = w.oracle.control();
    let rows: Vec<Value> = control
        .keys("itemsV2")
        .iter()
        .map(|k| control.get("itemsV2", k).unwrap())
        .collect();
    let twice = rows
        .iter()
        .find(|r| r["OrganizationCode"] == "M2")
        .expect("an item assigned to a second organisation");
    let id = twice["ItemId"].as_i64().unwrap().to_string();
    let (items, _) = w.sync(ORACLE, "/unified/procurement/items").await;
    assert_eq!(items.iter().filter(|i| i["id"] == id.as_str()).count(), 1);
    let (status, one) = w
        .get(ORACLE, &format!("/unified/procurement/items/{id}"))
        .await;
    assert_eq!(status, 200, "{one}");
    assert_eq!(one["number"], twice["ItemNumber"]);
    assert_eq!(one["uom"], twice["PrimaryUOMValue"]);
    let (status, by_number) = w
        .get(
            ORACLE,
            &format!(
                "/unified/procurement/items?number={}",
                twice["ItemNumber"].as_str().unwrap()
            ),
        )
        .await;
    assert_eq!(status, 200, "{by_number}");
    assert_eq!(by_number["result"].as_array().unwrap(), &vec![one]);

    let (status, page) = w
        .get(
            ORACLE,
            "/unified/procurement/accounts?code=01-000-7110-0000-000",
        )
        .await;
    assert_eq!(status, 200, "{page}");
    let found = page["result"].as_array().unwrap();
    assert_eq!(found.len(), 1, "{page}");
    assert_eq!(
        found[0]["segments"],
        json!(["01", "000", "7110", "0000", "000"])
    );
    assert_eq!(found[0]["active"], true);
    let (accounts, _) = w.sync(ORACLE, "/unified/procurement/accounts").await;
    let (inactive, _) = w
        .sync(ORACLE, "/unified/procurement/accounts?active=false")
        .await;
    assert!(!inactive.is_empty() && inactive.len() < accounts.len());
    assert!(inactive.iter().all(|a| a["active"] == false));
    let chart = found[0]["account_type"]["id"].as_str().unwrap();
    let (same_chart, _) = w
        .sync(
            ORACLE,
            &format!("/unified/procurement/accounts?account_type_id={chart}"),
        )
        .await;
    assert_eq!(same_chart.len(), accounts.len());
    // Unsupported on Oracle Fusion: no integer key to page exchange rates by, and no
    // collection of order lines across orders.
    for resource in ["exchange_rates", "purchase_order_lines"] {
        let (status, p) = w
            .get(ORACLE, &format!("/unified/procurement/{resource}"))
            .await;
        assert_eq!(status, 404, "{resource}: {p}");
        assert!(p["type"].as_str().unwrap().ends_with("/unsupported"), "{p}");
    }
}

/// A tenant override names its own master organisation: the tenant's items are that
/// organisation's, and an item defined elsewhere only is not found by id.
#[tokio::test]
async fn a_tenant_override_moves_the_items_scope() {
    let oracle = crate::common::oracle_sandbox(60).await;
    let dir = tempfile::tempdir().unwrap();
    let overrides = dir.path().join("initech");
    std::fs::create_dir_all(&overrides).unwrap();
    std::fs::write(
        overrides.join("items.yaml"),
        "where:\n  OrganizationCode: M2\n",
    )
    .unwrap();
    let url = oracle_gateway(&oracle.base_url(), &overrides, dir.path()).await;
    let get = |path: String| {
        let url = url.clone();
        async move {
            let r = reqwest::Client::new()
                .get(format!("{url}{path}"))
                .bearer_auth(KEY)
                .header("x-tenant-id", ORACLE)
                .send()
                .await
                .unwrap();
            (r.status().as_u16(), r.json::<Value>().await.unwrap())
        }
    };
    let control = oracle.control();
    let rows: Vec<Value> = control
        .keys("itemsV2")
        .iter()
        .map(|k| control.get("itemsV2", k).unwrap())
        .collect();
    let ids_in = |code: &str| -> BTreeSet<String> {
        rows.iter()
            .filter(|r| r["OrganizationCode"] == code)
            .map(|r| r["ItemId"].as_i64().unwrap().to_string())
            .collect()
    };
    let (status, page) = get("/unified/procurement/items?limit=200".into()).await;
    assert_eq!(status, 200, "{page}");
    assert!(page["next_cursor"].is_null(), "{page}");
    let listed: BTreeSet<String> = ids(page["result"].as_array().unwrap())
        .into_iter()
        .collect();
    assert_eq!(listed, ids_in("M2"));
    let only_master = ids_in("M1")
        .difference(&ids_in("M2"))
        .next()
        .cloned()
        .unwrap();
    let (status, p) = get(format!("/unified/procurement/items/{only_master}")).await;
    assert_eq!(status, 404, "{p}");
    let assigned = listed.iter().next().unwrap();
    let (status, one) = get(format!("/unified/procurement/items/{assigned}")).await;
    assert_eq!(status, 200, "{one}");
}

/// An operation of the unified API a tenant's provider lacks is 404 `unsupported` naming
/// the provider and the operation, before the body is read or the provider called; a
/// method no provider's resource takes is 405 with `Allow` as openapi.yaml declares it.
#[tokio::test]
async fn an_operation_the_provider_lacks_is_unsupported() {
    let w = world().await;
    let calls = || {
        w.oracle.control().counters().requests.values().sum::<u64>()
            + w.coupa.control().counters().requests.values().sum::<u64>()
    };
    let before = calls();
    let cases = [
        // Coupa creates and updates contracts, users and receipts; Oracle's API cannot.
        (
            reqwest::Method::POST,
            ORACLE,
            "/unified/procurement/contracts",
            "create",
        ),
        (
            reqwest::Method::PATCH,
            ORACLE,
            "/unified/procurement/contracts/1",
            "update",
        ),
        (
            reqwest::Method::POST,
            ORACLE,
            "/unified/procurement/users",
            "create",
        ),
        (
            reqwest::Method::POST,
            ORACLE,
            "/unified/procurement/receipts",
            "create",
        ),
        (
            reqwest::Method::POST,
            ORACLE,
            "/unified/procurement/invoices/1/mark_exported",
            "mark_exported",
        ),
        // Oracle submits draft orders; Coupa has no such step.
        (
            reqwest::Method::POST,
            COUPA,
            "/unified/procurement/purchase_orders/1/submit",
            "submit",
        ),
    ];
    for (method, tenant, path, operation) in cases {
        let r = w
            .req(method.clone(), tenant, path)
            .json(&json!({"name": "x"}))
            .send()
            .await
            .unwrap();
        let status = r.status().as_u16();
        assert_eq!(
            r.headers()["content-type"],
            "application/problem+json",
            "{method} {path}"
        );
        let p: Value = r.json().await.unwrap();
        assert_eq!(status, 404, "{tenant} {method} {path}: {p}");
        assert_eq!(
            p["type"], "https://procura.dev/problems/unsupported",
            "{tenant} {method} {path}: {p}"
        );
        let detail = p["detail"].as_str().unwrap();
        let provider = if tenant == COUPA {
            "Coupa"
        } else {
            "Oracle Fusion"
        };
        assert!(
            detail.contains(provider) && detail.contains(operation),
            "{tenant} {method} {path}: {p}"
        );
    }
    assert_eq!(calls(), before, "refused before any provider call");
    // An action no provider has: no such thing.
    let (status, p) = w
        .send(
            reqwest::Method::POST,
            COUPA,
            "/unified/procurement/purchase_orders/1/frobnicate",
            &json!({}),
            None,
        )
        .await;
    assert_eq!(status, 404, "{p}");
    assert_eq!(p["type"], "https://procura.dev/problems/not_found", "{p}");
    // A write no provider's departments take: 405, Allow as openapi.yaml declares.
    let r = w
        .req(
            reqwest::Method::POST,
            COUPA,
            "/unified/procurement/departments",
        )
        .json(&json!({"name": "x"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 405);
    assert_eq!(r.headers()["allow"], "GET");
}

/// A unified page asks Oracle only for the fields the mapping reads: a fraction of the
/// bytes of the naive `expand=all` page of the same records.
#[tokio::test]
async fn oracle_projection_moves_a_fraction_of_the_bytes() {
    let w = world().await;
    let control = w.oracle.control();
    let bytes = || control.counters().bytes.values().sum::<u64>();
    let before = bytes();
    let (status, _) = w
        .get(ORACLE, "/unified/procurement/purchase_orders?limit=100")
        .await;
    assert_eq!(status, 200);
    let unified = bytes() - before;
    let before = bytes();
    let naive = w
        .http
        .get(format!(
            "{}/fscmRestApi/resources/11.13.18.05/purchaseOrders?limit=101&expand=all",
            w.oracle.base_url()
        ))
        .basic_auth(
            simulators::oracle_fusion::DEFAULT_USER,
            Some(simulators::oracle_fusion::DEFAULT_PASSWORD),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(naive.status(), 200);
    naive.bytes().await.unwrap();
    let naive = bytes() - before;
    println!(
        "Oracle bytes for 100 purchase orders: projected {unified}, expand=all {naive} ({:.1}%)",
        100.0 * unified as f64 / naive as f64
    );
    assert!(unified * 4 < naive, "projected {unified} vs naive {naive}");
}

#[tokio::test]
async fn writes_and_their_refusals_read_the_same_on_both_providers() {
    let w = world().await;
    for tenant in TENANTS {
        let create = w
            .req(
                reqwest::Method::POST,
                tenant,
                "/unified/procurement/suppliers",
            )
            .json(&json!({"name": format!("Acme {tenant}"), "tax_id": "12-3456789"}))
            .send()
            .await
            .unwrap();
        let status = create.status().as_u16();
        let created: Value = create.json().await.unwrap();
        assert!([200, 201].contains(&status), "{tenant}: {created}");
        assert_eq!(created["name"], format!("Acme {tenant}"), "{tenant}");
        let id = created["id"].as_str().unwrap();
        let update = w
            .req(
                reqwest::Method::PATCH,
                tenant,
                &format!("/unified/procurement/suppliers/{id}"),
            )
            .json(&json!({"display_name": "Acme Trading"}))
            .send()
            .await
            .unwrap();
        let updated: Value = update.json().await.unwrap();
        assert_eq!(
            updated["display_name"], "Acme Trading",
            "{tenant}: {updated}"
        );
        assert_eq!(
            updated["name"],
            format!("Acme {tenant}"),
            "{tenant}: unnamed fields stay"
        );
        // The upstream's own refusal, in unified names.
        let refused = w
            .req(
                reqwest::Method::POST,
                tenant,
                "/unified/procurement/suppliers",
            )
            .json(&json!({"tax_id": "12-3456789"}))
            .send()
            .await
            .unwrap();
        assert_eq!(refused.status(), 422, "{tenant}");
        let p: Value = refused.json().await.unwrap();
        let fields: Vec<&str> = p["errors"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|e| e["field"].as_str())
            .collect();
        assert!(fields.contains(&"name"), "{tenant}: {p}");
    }
}

/// Oracle documents no rate limit; a budget still comes from the tenant's config or
/// from a 429, which reaches the caller unchanged with the same headers as Coupa's.
#[tokio::test]
async fn an_oracle_429_passes_through_with_rate_headers() {
    let w = world().await;
    let path = "/unified/procurement/suppliers?limit=1";
    assert_eq!(w.get(ORACLE, path).await.0, 200);
    w.oracle
        .control()
        .push_fault(simulators::oracle_fusion::Fault::TooMany {
            body: "Too many requests".into(),
            retry_after: Some(2),
            content_type: "text/plain".into(),
        });
    let r = w
        .req(reqwest::Method::GET, ORACLE, path)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 429);
    let h = r.headers().clone();
    assert_eq!(h["retry-after"], "2");
    assert!(h.contains_key("ratelimit-policy"), "{h:?}");
    assert!(
        h["ratelimit-policy"]
            .to_str()
            .unwrap()
            .contains("oracle_fusion"),
        "{h:?}"
    );
    assert_eq!(r.text().await.unwrap(), "Too many requests");
}

/// Oracle documents no 429: a front end that throttles answers 503 with `Retry-After`.
/// Such an answer feeds the budget as a 429 does (the limit learned, the budget paused
/// until the time it names); a maintenance 503 without `Retry-After` does not.
#[tokio::test]
async fn an_oracle_503_with_retry_after_pauses_the_budget_like_a_429() {
    let w = world().await;
    let path = "/unified/procurement/suppliers?limit=1";
    let r = w
        .req(reqwest::Method::GET, ORACLE, path)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    assert!(
        !r.headers().contains_key("ratelimit-limit"),
        "no budget known yet"
    );
    let maintenance = |retry_after| simulators::oracle_fusion::Fault::Maintenance {
        body: "Oracle Applications Cloud is undergoing maintenance".into(),
        retry_after,
    };
    // Maintenance: nothing to learn.
    w.oracle.control().push_fault(maintenance(None));
    let r = w
        .req(reqwest::Method::GET, ORACLE, path)
        .send()
        .await
        .unwrap();
    assert!(r.status().is_server_error(), "{}", r.status());
    let r = w
        .req(reqwest::Method::GET, ORACLE, path)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    assert!(
        !r.headers().contains_key("ratelimit-limit"),
        "{:?}",
        r.headers()
    );
    // A throttle: the budget learns a limit and is spent until Retry-After.
    w.oracle.control().push_fault(maintenance(Some(120)));
    let r = w
        .req(reqwest::Method::GET, ORACLE, path)
        .send()
        .await
        .unwrap();
    assert!(r.status().is_server_error(), "{}", r.status());
    let r = w
        .req(reqwest::Method::GET, ORACLE, path)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let h = r.headers();
    let number = |name: &str| -> u64 {
        h.get(name)
            .unwrap_or_else(|| panic!("{name}: {h:?}"))
            .to_str()
            .unwrap()
            .parse()
            .unwrap()
    };
    assert!(number("ratelimit-limit") >= 1, "{h:?}");
    assert_eq!(number("ratelimit-remaining"), 0, "{h:?}");
    let reset = number("ratelimit-reset");
    assert!((1..=120).contains(&reset), "{h:?}");
    assert!(
        h["ratelimit-policy"]
            .to_str()
            .unwrap()
            .starts_with("\"oracle_fusion\""),
        "{h:?}"
    );
}

/// An Oracle answer above the gateway's cap is refused in words that fit every provider.
#[tokio::test]
async fn an_oracle_answer_above_the_cap_is_not_called_coupas() {
    let w = world().await;
    w.oracle
        .control()
        .push_fault(simulators::oracle_fusion::Fault::Flood {
            bytes: 400_000_000,
            chunked: false,
            stall_after: Some(64 * 1024),
        });
    let (status, p) = w
        .get(ORACLE, "/unified/procurement/suppliers?limit=1")
        .await;
    assert_eq!(status, 502, "{p}");
    assert_eq!(
        p["type"], "https://procura.dev/problems/upstream_too_large",
        "{p}"
    );
    let title = p["title"].as_str().unwrap();
    assert!(!title.contains("Coupa"), "{p}");
    assert!(title.contains("too large"), "{p}");
}

/// MCP tools are the tenant's: an Oracle tenant lists the resources its provider maps,
/// and a list tool pages its records.
#[tokio::test]
async fn mcp_tools_follow_the_tenant_provider() {
    let w = world().await;
    let call = |tenant: &str, body: Value| {
        w.req(reqwest::Method::POST, tenant, "/mcp")
            .header("accept", "application/json, text/event-stream")
            .json(&body)
            .send()
    };
    let names = |v: &Value| -> BTreeSet<String> {
        v["result"]["tools"]
            .as_array()
            .unwrap()
            .iter()
            .map(|t| t["name"].as_str().unwrap().to_string())
            .collect()
    };
    let list = json!({"jsonrpc": "2.0", "id": 1, "method": "tools/list"});
    let coupa: Value = call(COUPA, list.clone())
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let oracle: Value = call(ORACLE, list).await.unwrap().json().await.unwrap();
    assert!(names(&coupa).contains("list_approvals"), "{coupa}");
    assert!(!names(&oracle).contains("list_approvals"), "{oracle}");
    assert!(names(&oracle).contains("get_purchase_order"), "{oracle}");
    let r: Value = call(
        ORACLE,
        json!({"jsonrpc": "2.0", "id": 2, "method": "tools/call",
               "params": {"name": "list_suppliers", "arguments": {"limit": 2}}}),
    )
    .await
    .unwrap()
    .json()
    .await
    .unwrap();
    let text = r["result"]["content"][0]["text"].as_str().unwrap_or("");
    let page: Value =
        serde_json::from_str(text).unwrap_or(r["result"]["structuredContent"].clone());
    assert_eq!(page["result"].as_array().map(Vec::len), Some(2), "{r}");
}

/// Descriptive flexfields surface as custom fields through a tenant override, as Coupa's
/// custom fields do; the projection asks Oracle for the DFF segments by name.
#[tokio::test]
async fn oracle_flexfields_become_custom_fields_through_an_override() {
    let coupa = Sandbox::start(SandboxConfig {
        listen: "127.0.0.1:0".parse().unwrap(),
        records: 20,
        ..SandboxConfig::default()
    })
    .await
    .unwrap();
    let oracle = crate::common::oracle_sandbox(60).await;
    let dir = tempfile::tempdir().unwrap();
    let overrides = dir.path().join("initech");
    std::fs::create_dir_all(&overrides).unwrap();
    std::fs::write(
        overrides.join("purchase_orders.yaml"),
        "schema:\n  custom_fields.contract_reference: {type: [\"string\", \"null\"]}\n\
         response: |\n  {\"custom_fields\": {\"contract_reference\": DFF[0].contractReference}}\n",
    )
    .unwrap();
    let url = oracle_gateway(&oracle.base_url(), &overrides, dir.path()).await;
    let page: Value = reqwest::Client::new()
        .get(format!(
            "{url}/unified/procurement/purchase_orders?limit=60"
        ))
        .bearer_auth(KEY)
        .header("x-tenant-id", ORACLE)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let records = page["result"].as_array().unwrap();
    let with_reference = records
        .iter()
        .filter(|r| r["custom_fields"]["contract_reference"].is_string())
        .count();
    assert!(with_reference > 0, "some orders carry the segment: {page}");
    for r in records {
        let raw = oracle
            .control()
            .get("purchaseOrders", r["id"].as_str().unwrap())
            .unwrap();
        let expected = raw["DFF"][0]["contractReference"].clone();
        let got = r["custom_fields"]
            .get("contract_reference")
            .cloned()
            .unwrap_or(Value::Null);
        assert_eq!(got, expected, "{r}");
    }
    // The projection named the segment rather than expanding every child.
    let asked = oracle
        .control()
        .counters()
        .recent
        .iter()
        .rev()
        .find(|q| q.path.ends_with("/purchaseOrders"))
        .map(|q| q.query.clone())
        .unwrap();
    let asked = percent_encoding::percent_decode_str(&asked)
        .decode_utf8()
        .unwrap()
        .into_owned();
    assert!(asked.contains("DFF:contractReference"), "{asked}");
    assert!(!asked.contains("expand"), "{asked}");
    drop(coupa);
}

/// `fields=` on both providers: the records are the full ones cut to the selection, and
/// each provider sends fewer bytes for them.
#[tokio::test]
async fn a_field_selection_reads_the_same_and_less_on_both_providers() {
    let w = world().await;
    let pick = "id,number,total,supplier.name,lines.total";
    let (_, schema) = w
        .get(COUPA, "/unified/procurement/purchase_orders/schema")
        .await;
    let mut names: Vec<String> = pick.split(',').map(String::from).collect();
    names.extend(crate::fields::required_beside(
        &schema,
        &pick.split(',').collect::<Vec<_>>(),
    ));
    let names: Vec<&str> = names.iter().map(String::as_str).collect();
    for tenant in TENANTS {
        let bytes = || {
            if tenant == COUPA {
                w.coupa.control().counters().bytes.values().sum::<u64>()
            } else {
                w.oracle.control().counters().bytes.values().sum::<u64>()
            }
        };
        let before = bytes();
        let (full, _) = w.sync(tenant, "/unified/procurement/purchase_orders").await;
        let full_bytes = bytes() - before;
        let before = bytes();
        let (picked, _) = w
            .sync(
                tenant,
                &format!("/unified/procurement/purchase_orders?fields={pick}"),
            )
            .await;
        let picked_bytes = bytes() - before;
        assert_eq!(picked.len(), full.len(), "{tenant}");
        for (p, f) in picked.iter().zip(&full) {
            assert_eq!(p, &crate::fields::cut(f, &names), "{tenant}");
        }
        println!(
            "{tenant}: fields={pick}: {picked_bytes} upstream bytes, {full_bytes} for the full records"
        );
        assert!(
            picked_bytes < full_bytes,
            "{tenant}: {picked_bytes} vs {full_bytes}"
        );
    }
}

/// A gateway (in process) with one Oracle Fusion tenant, [`ORACLE`], whose overrides lie
/// in `overrides`; its base URL.
async fn oracle_gateway(oracle: &str, overrides: &Path, dir: &Path) -> String {
    let text = ConfigToml::new("providers-cursor-secret-0123456789")
        .mappings("base_dir", crate::common::shipped_mappings())
        .api_key(KEY, &[ORACLE], false)
        .tenant(
            TenantToml::oracle_basic(
                ORACLE,
                oracle,
                simulators::oracle_fusion::DEFAULT_USER,
                simulators::oracle_fusion::DEFAULT_PASSWORD,
            )
            .overrides(overrides),
        )
        .render();
    let config = Config::from_toml(&text, Path::new("p.toml"), dir, &|_| None).unwrap();
    let app = App::build(config).await.unwrap();
    format!("http://{}", app.spawn())
}
