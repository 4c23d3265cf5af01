//! The Oracle Fusion sandbox over real HTTP on loopback: every point of the faithful-
//! sandbox checklist (`src/oracle_fusion/README.md`), resource by resource, and the
//! control API. Read-only tests share one sandbox seeded with the default 1200
//! purchase orders; tests that change data or settings start their own.

use std::sync::OnceLock;
use std::time::Duration;

use procura_simulators::oracle_fusion::{
    DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET, DEFAULT_PASSWORD, DEFAULT_USER, Fault, FlexContext,
    Flexfield, FusionUser, OracleFusionConfig, OracleFusionControl, OracleFusionSandbox, Segment,
    SegmentKind, Unordered,
};
use reqwest::StatusCode;
use reqwest::header::HeaderMap;
use serde_json::{Value, json};

/// A client of one sandbox.
#[derive(Clone)]
struct Api {
    base: String,
    http: reqwest::Client,
    /// The framework version sent (`None`: no header).
    version: Option<u8>,
}

struct Reply {
    status: StatusCode,
    headers: HeaderMap,
    text: String,
}

impl Reply {
    fn json(&self) -> Value {
        serde_json::from_str(&self.text).unwrap_or_else(|e| {
            panic!("not JSON ({e}): {}", &self.text[..self.text.len().min(400)])
        })
    }

    fn header(&self, name: &str) -> &str {
        self.headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
    }
}

impl Api {
    fn new(base: String) -> Api {
        Api {
            base,
            http: reqwest::Client::new(),
            version: Some(4),
        }
    }

    fn v(&self, version: Option<u8>) -> Api {
        Api {
            version,
            ..self.clone()
        }
    }

    fn fscm(&self, path: &str) -> String {
        format!("{}/fscmRestApi/resources/11.13.18.05/{path}", self.base)
    }

    fn hcm(&self, path: &str) -> String {
        format!("{}/hcmRestApi/resources/11.13.18.05/{path}", self.base)
    }

    fn req(&self, method: reqwest::Method, url: &str) -> reqwest::RequestBuilder {
        let r = self
            .http
            .request(method, url)
            .basic_auth(DEFAULT_USER, Some(DEFAULT_PASSWORD));
        match self.version {
            Some(v) => r.header("REST-Framework-Version", v.to_string()),
            None => r,
        }
    }

    async fn send(&self, rb: reqwest::RequestBuilder) -> Reply {
        let r = rb.send().await.expect("the sandbox answers");
        let status = r.status();
        let headers = r.headers().clone();
        let text = r.text().await.expect("a body");
        Reply {
            status,
            headers,
            text,
        }
    }

    async fn get(&self, url: &str) -> Reply {
        self.send(self.req(reqwest::Method::GET, url)).await
    }

    /// GET that must answer 200 with JSON.
    async fn ok(&self, url: &str) -> Value {
        let r = self.get(url).await;
        assert_eq!(r.status, StatusCode::OK, "GET {url}: {}", r.text);
        r.json()
    }

    async fn post(&self, url: &str, body: &Value) -> Reply {
        self.send(
            self.req(reqwest::Method::POST, url)
                .header(
                    "Content-Type",
                    "application/vnd.oracle.adf.resourceitem+json",
                )
                .body(body.to_string()),
        )
        .await
    }

    async fn action(&self, url: &str, body: &Value) -> Reply {
        self.send(
            self.req(reqwest::Method::POST, url)
                .header("Content-Type", "application/vnd.oracle.adf.action+json")
                .body(body.to_string()),
        )
        .await
    }

    async fn patch(&self, url: &str, body: &Value) -> Reply {
        self.send(
            self.req(reqwest::Method::PATCH, url)
                .header(
                    "Content-Type",
                    "application/vnd.oracle.adf.resourceitem+json",
                )
                .body(body.to_string()),
        )
        .await
    }
}

fn loopback() -> OracleFusionConfig {
    OracleFusionConfig {
        listen: "127.0.0.1:0".parse().unwrap(),
        ..OracleFusionConfig::default()
    }
}

/// The sandbox read-only tests share: default data, on a runtime of its own.
fn shared() -> Api {
    static BASE: OnceLock<String> = OnceLock::new();
    let base = BASE.get_or_init(|| {
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let rt = tokio::runtime::Builder::new_multi_thread()
                .worker_threads(2)
                .enable_all()
                .build()
                .unwrap();
            rt.block_on(async move {
                let sb = OracleFusionSandbox::start(loopback()).await.unwrap();
                tx.send(sb.base_url()).unwrap();
                std::future::pending::<()>().await;
            });
        });
        rx.recv().unwrap()
    });
    Api::new(base.clone())
}

/// A sandbox of its own, with fewer rows unless the test says otherwise.
async fn own(
    tweak: impl FnOnce(&mut OracleFusionConfig),
) -> (OracleFusionSandbox, Api, OracleFusionControl) {
    let mut cfg = OracleFusionConfig {
        purchase_orders: 200,
        ..loopback()
    };
    tweak(&mut cfg);
    let sb = OracleFusionSandbox::start(cfg).await.unwrap();
    let api = Api::new(sb.base_url());
    let control = sb.control();
    (sb, api, control)
}

fn items(v: &Value) -> &Vec<Value> {
    v["items"].as_array().expect("an items array")
}

fn links_of(item: &Value) -> Vec<(String, String)> {
    item["links"]
        .as_array()
        .map(|ls| {
            ls.iter()
                .map(|l| {
                    (
                        l["rel"].as_str().unwrap().to_string(),
                        l["href"].as_str().unwrap().to_string(),
                    )
                })
                .collect()
        })
        .unwrap_or_default()
}

fn self_href(item: &Value) -> String {
    links_of(item)
        .into_iter()
        .find(|(rel, _)| rel == "self")
        .map(|(_, h)| h)
        .expect("a self link")
}

/// The documented `…UniqID` encoding of (int64, int32).
fn hash_long_int(a: i64, b: i32) -> String {
    format!("00020000000EACED00057708{a:016X}0000000AACED00057704{b:08X}")
}

fn enc(s: &str) -> String {
    url_encode(s)
}

fn url_encode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

// ---- 1. paths -----------------------------------------------------------------------

#[tokio::test]
async fn paths_version_alias_children_and_applications() {
    let api = shared();
    let po = &items(
        &api.ok(&api.fscm("purchaseOrders?limit=1&q=OrderNumber=1000183"))
            .await,
    )[0]
    .clone();
    let id = po["POHeaderId"].as_i64().unwrap();
    // the version alias answers the same row
    let latest = api
        .ok(&format!(
            "{}/fscmRestApi/resources/latest/purchaseOrders/{id}",
            api.base
        ))
        .await;
    assert_eq!(latest["OrderNumber"], "1000183");
    // self links follow the URL used, canonical links name the version
    let links = links_of(&latest);
    assert!(
        links
            .iter()
            .any(|(r, h)| r == "self" && h.contains("/resources/latest/purchaseOrders/"))
    );
    assert!(
        links
            .iter()
            .any(|(r, h)| r == "canonical" && h.contains("/resources/11.13.18.05/purchaseOrders/"))
    );
    // children nest under /child/<accessor>/<key>
    let lines = api
        .ok(&api.fscm(&format!("purchaseOrders/{id}/child/lines")))
        .await;
    let line = &items(&lines)[0];
    let line_id = line["POLineId"].as_i64().unwrap();
    let one = api
        .ok(&api.fscm(&format!("purchaseOrders/{id}/child/lines/{line_id}")))
        .await;
    assert_eq!(one["POHeaderId"], id);
    let scheds = api
        .ok(&format!("{}/child/schedules", self_href(&one)))
        .await;
    let sched = &items(&scheds)[0];
    let dists = api
        .ok(&format!("{}/child/distributions", self_href(sched)))
        .await;
    assert!(items(&dists)[0]["PODistributionId"].is_i64());
    // HCM resources live under hcmRestApi, not fscmRestApi
    assert_eq!(
        api.get(&api.fscm("workers")).await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(api.ok(&api.hcm("workers?limit=1")).await["count"], 1);
    assert_eq!(
        api.get(&api.fscm("nonsense")).await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        api.get(&format!(
            "{}/fscmRestApi/resources/11.13.18.04/purchaseOrders",
            api.base
        ))
        .await
        .status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        api.get(&api.fscm("purchaseOrders/42")).await.status,
        StatusCode::NOT_FOUND
    );
}

// ---- 2–4. envelope, limits, offset --------------------------------------------------

#[tokio::test]
async fn collection_envelope_and_total_results_on_request() {
    let api = shared();
    let page = api.ok(&api.fscm("purchaseOrders")).await;
    let keys: Vec<&String> = page.as_object().unwrap().keys().collect();
    assert_eq!(
        keys,
        ["items", "count", "hasMore", "limit", "offset", "links"]
    );
    assert_eq!(page["count"], 25);
    assert_eq!(page["limit"], 25);
    assert_eq!(page["offset"], 0);
    assert_eq!(page["hasMore"], true);
    assert_eq!(page["links"][0]["rel"], "self");
    assert_eq!(page["links"][0]["kind"], "collection");
    assert_eq!(page["links"][0]["name"], "purchaseOrders");
    let with_total = api
        .ok(&api.fscm("purchaseOrders?totalResults=true&limit=1"))
        .await;
    assert_eq!(
        with_total["totalResults"], 1200,
        "at least 1200 orders to page through"
    );
}

#[tokio::test]
async fn limit_is_capped_at_500_and_echoed() {
    let api = shared();
    let page = api
        .ok(&api.fscm("purchaseOrders?limit=1000&fields=POHeaderId&onlyData=true"))
        .await;
    assert_eq!(page["limit"], 500);
    assert_eq!(page["count"], 500);
    assert_eq!(page["hasMore"], true);
    let page = api.ok(&api.fscm("purchaseOrders?limit=7")).await;
    assert_eq!(
        (page["limit"].as_i64(), page["count"].as_i64()),
        (Some(7), Some(7))
    );
    for bad in ["0", "-1", "ten"] {
        assert_eq!(
            api.get(&api.fscm(&format!("purchaseOrders?limit={bad}")))
                .await
                .status,
            StatusCode::BAD_REQUEST
        );
    }
}

#[tokio::test]
async fn a_page_at_the_cap_can_be_one_short() {
    let (_sb, api, control) = own(|c| {
        c.purchase_orders = 600;
        c.short_page_at_cap = true;
    })
    .await;
    let page = api
        .ok(&api.fscm("purchaseOrders?limit=500&fields=POHeaderId"))
        .await;
    assert_eq!(
        (page["limit"].as_i64(), page["count"].as_i64()),
        (Some(500), Some(499))
    );
    control.set_page_cap(500, false);
    let page = api
        .ok(&api.fscm("purchaseOrders?limit=500&fields=POHeaderId"))
        .await;
    assert_eq!(page["count"], 500);
}

#[tokio::test]
async fn offset_past_the_end_is_an_empty_page() {
    let api = shared();
    let page = api.ok(&api.fscm("purchaseOrders?offset=5000")).await;
    assert_eq!(items(&page).len(), 0);
    assert_eq!(page["count"], 0);
    assert_eq!(page["hasMore"], false);
    assert_eq!(page["offset"], 5000);
    let last = api
        .ok(&api.fscm("purchaseOrders?offset=1190&limit=25"))
        .await;
    assert_eq!(
        (last["count"].as_i64(), last["hasMore"].as_bool()),
        (Some(10), Some(false))
    );
}

// ---- 5. order -----------------------------------------------------------------------

#[tokio::test]
async fn order_by_ascending_descending_and_several_attributes() {
    let api = shared();
    let ids = |v: &Value| -> Vec<i64> {
        items(v)
            .iter()
            .map(|i| i["POHeaderId"].as_i64().unwrap())
            .collect()
    };
    let asc = ids(&api
        .ok(&api.fscm("purchaseOrders?orderBy=POHeaderId:asc&limit=50"))
        .await);
    assert!(asc.windows(2).all(|w| w[0] < w[1]));
    let desc = ids(&api
        .ok(&api.fscm("purchaseOrders?orderBy=POHeaderId:desc&limit=50"))
        .await);
    assert!(desc.windows(2).all(|w| w[0] > w[1]));
    let default_dir = ids(&api
        .ok(&api.fscm("purchaseOrders?orderBy=POHeaderId&limit=50"))
        .await);
    assert_eq!(default_dir, asc);
    let two = api
        .ok(&api.fscm("purchaseOrders?orderBy=CurrencyCode:desc,POHeaderId:asc&limit=500&fields=CurrencyCode,POHeaderId"))
        .await;
    let pairs: Vec<(String, i64)> = items(&two)
        .iter()
        .map(|i| {
            (
                i["CurrencyCode"].as_str().unwrap().to_string(),
                i["POHeaderId"].as_i64().unwrap(),
            )
        })
        .collect();
    assert!(
        pairs
            .windows(2)
            .all(|w| w[0].0 > w[1].0 || (w[0].0 == w[1].0 && w[0].1 < w[1].1))
    );
    assert_eq!(
        api.get(&api.fscm("purchaseOrders?orderBy=Nope:asc"))
            .await
            .status,
        StatusCode::BAD_REQUEST
    );
    assert_eq!(
        api.get(&api.fscm("purchaseOrders?orderBy=POHeaderId:up"))
            .await
            .status,
        StatusCode::BAD_REQUEST
    );
}

#[tokio::test]
async fn without_order_by_the_order_is_undetermined_but_seedable() {
    let api = shared();
    let first = |v: Value| -> Vec<i64> {
        items(&v)
            .iter()
            .map(|i| i["POHeaderId"].as_i64().unwrap())
            .collect()
    };
    let a = first(api.ok(&api.fscm("purchaseOrders?fields=POHeaderId")).await);
    let b = first(api.ok(&api.fscm("purchaseOrders?fields=POHeaderId")).await);
    assert_ne!(a, b, "two reads of the same page differ");
    // offset paging without a unique order skips and repeats rows
    let mut seen = Vec::new();
    for offset in (0..1200).step_by(100) {
        seen.extend(first(
            api.ok(&api.fscm(&format!(
                "purchaseOrders?fields=POHeaderId&limit=100&offset={offset}"
            )))
            .await,
        ));
    }
    let mut unique = seen.clone();
    unique.sort();
    unique.dedup();
    assert!(unique.len() < 1200, "unordered paging misses rows");
    // the same seed gives the same sequence of orders
    let (_s1, a1, _) = own(|c| c.seed = 9).await;
    let (_s2, a2, c2) = own(|c| c.seed = 9).await;
    let x = first(a1.ok(&a1.fscm("purchaseOrders?fields=POHeaderId")).await);
    let y = first(a2.ok(&a2.fscm("purchaseOrders?fields=POHeaderId")).await);
    assert_eq!(x, y);
    // key order on request
    c2.set_unordered(Unordered::KeyOrder, 0);
    let k1 = first(a2.ok(&a2.fscm("purchaseOrders?fields=POHeaderId")).await);
    let k2 = first(a2.ok(&a2.fscm("purchaseOrders?fields=POHeaderId")).await);
    assert_eq!(k1, k2);
    assert!(k1.windows(2).all(|w| w[0] < w[1]));
}

#[tokio::test]
async fn keyset_paging_by_the_primary_key_returns_every_order_once() {
    let api = shared();
    let mut last = 0i64;
    let mut all: Vec<i64> = Vec::new();
    loop {
        let page = api
            .ok(&api.fscm(&format!(
                "purchaseOrders?q={}&orderBy=POHeaderId:asc&limit=500&fields=POHeaderId&onlyData=true",
                enc(&format!("POHeaderId > {last}"))
            )))
            .await;
        let ids: Vec<i64> = items(&page)
            .iter()
            .map(|i| i["POHeaderId"].as_i64().unwrap())
            .collect();
        all.extend(&ids);
        if page["hasMore"] != true {
            break;
        }
        last = *ids.last().unwrap();
    }
    assert_eq!(all.len(), 1200);
    let mut u = all.clone();
    u.dedup();
    assert_eq!(u.len(), 1200);
}

// ---- 6–7. q -------------------------------------------------------------------------

#[tokio::test]
async fn q_is_query_by_example_under_version_1() {
    let api = shared().v(Some(1));
    let eur = api
        .ok(&api.fscm(&format!(
            "purchaseOrders?q={}&limit=500",
            enc("CurrencyCode=EUR")
        )))
        .await;
    assert!(eur["count"].as_i64().unwrap() > 0);
    assert!(items(&eur).iter().all(|i| i["CurrencyCode"] == "EUR"));
    // several clauses, a range on one attribute, unquoted text with spaces
    let q = "Supplier=Advanced Network Devices;POHeaderId>=1 and <=999999999999999999";
    let v = api
        .ok(&api.fscm(&format!("purchaseOrders?q={}&limit=500", enc(q))))
        .await;
    assert!(v["count"].as_i64().unwrap() >= 1);
    assert!(
        items(&v)
            .iter()
            .all(|i| i["Supplier"] == "Advanced Network Devices")
    );
    // v2 syntax means something else in v1: the quotes are part of the value
    let quoted = api
        .ok(&api.fscm(&format!("purchaseOrders?q={}", enc("CurrencyCode = 'EUR'"))))
        .await;
    assert_eq!(quoted["count"], 0);
    // no LIKE, no child paths in v1
    for q in ["Supplier LIKE 'Adv%'", "lines.Item=AS54000"] {
        assert_eq!(
            api.get(&api.fscm(&format!("purchaseOrders?q={}", enc(q))))
                .await
                .status,
            StatusCode::BAD_REQUEST,
            "{q}"
        );
    }
    // no header at all: version 1 too
    let none = shared().v(None);
    let v = none
        .ok(&none.fscm(&format!("purchaseOrders?q={}", enc("CurrencyCode=EUR"))))
        .await;
    assert!(v["count"].as_i64().unwrap() > 0);
}

#[tokio::test]
async fn q_is_a_row_match_expression_from_version_2() {
    let api = shared().v(Some(2));
    let v = api
        .ok(&api.fscm(&format!(
            "purchaseOrders?q={}&limit=500",
            enc("CurrencyCode = 'EUR' and (StatusCode = 'OPEN' or StatusCode = 'CLOSED')")
        )))
        .await;
    assert!(v["count"].as_i64().unwrap() > 0);
    assert!(items(&v).iter().all(|i| i["CurrencyCode"] == "EUR"
        && (i["StatusCode"] == "OPEN" || i["StatusCode"] == "CLOSED")));
    let like = api
        .ok(&api.fscm(&format!(
            "purchaseOrders?q={}&limit=500",
            enc("Supplier LIKE 'Adv%'")
        )))
        .await;
    assert!(like["count"].as_i64().unwrap() > 0);
    assert!(
        items(&like)
            .iter()
            .all(|i| i["Supplier"].as_str().unwrap().starts_with("Adv"))
    );
    // a child path matches orders with some such line
    let child = api
        .ok(&api.fscm(&format!(
            "purchaseOrders?q={}&limit=20&expand=lines",
            enc("lines.ItemDescription LIKE '%Laptop%'")
        )))
        .await;
    assert!(child["count"].as_i64().unwrap() > 0);
    for po in items(&child) {
        assert!(
            po["lines"]
                .as_array()
                .unwrap()
                .iter()
                .any(|l| l["ItemDescription"].as_str().unwrap().contains("Laptop"))
        );
    }
    // timestamps compare as instants, whatever the literal's form
    let since = "2025-06-01T00:00:00+00:00";
    let recent = api
        .ok(&api.fscm(&format!(
            "purchaseOrders?q={}&limit=500&fields=LastUpdateDate",
            enc(&format!("LastUpdateDate > '{since}'"))
        )))
        .await;
    assert!(recent["count"].as_i64().unwrap() > 0);
    assert!(
        items(&recent)
            .iter()
            .all(|i| i["LastUpdateDate"].as_str().unwrap() > since)
    );
    let same = api
        .ok(&api.fscm(&format!(
            "purchaseOrders?q={}&totalResults=true&limit=1",
            enc("LastUpdateDate > '2025-05-31T17:00:00-07:00'")
        )))
        .await;
    let again = api
        .ok(&api.fscm(&format!(
            "purchaseOrders?q={}&totalResults=true&limit=1",
            enc(&format!("LastUpdateDate > '{since}'"))
        )))
        .await;
    assert_eq!(same["totalResults"], again["totalResults"]);
    // is null, between, in, not
    let more = [
        "SupplierOrder is null",
        "POHeaderId between 1 and 900000000000000",
        "CurrencyCode in ('GBP', 'CAD')",
        "not (CurrencyCode = 'USD')",
    ];
    for q in more {
        let v = api
            .ok(&api.fscm(&format!("purchaseOrders?q={}", enc(q))))
            .await;
        assert!(v["count"].as_i64().unwrap() > 0, "{q}");
    }
    // v1 syntax is an error in v2: an unquoted word is not a value, `;` not a joiner
    for q in [
        "CurrencyCode=EUR",
        "CurrencyCode='EUR';StatusCode='OPEN'",
        "CurrencyCode = 'EUR",
    ] {
        let r = api
            .get(&api.fscm(&format!("purchaseOrders?q={}", enc(q))))
            .await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST, "{q}");
    }
    // numbers need no quotes; a malformed date is refused
    assert!(
        api.ok(&api.fscm(&format!("purchaseOrders?q={}", enc("POHeaderId > 0"))))
            .await["count"]
            .as_i64()
            .unwrap()
            > 0
    );
    assert_eq!(
        api.get(&api.fscm(&format!(
            "purchaseOrders?q={}",
            enc("LastUpdateDate > 'yesterday'")
        )))
        .await
        .status,
        StatusCode::BAD_REQUEST
    );
}

#[tokio::test]
async fn an_unencoded_plus_in_an_offset_is_a_space_and_an_error() {
    let api = shared();
    let raw = format!(
        "{}?q=LastUpdateDate%20%3E%20'2025-06-01T00:00:00+00:00'",
        api.fscm("purchaseOrders")
    );
    assert_eq!(api.get(&raw).await.status, StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn q_on_a_non_queryable_or_unknown_attribute_is_400() {
    let api = shared();
    let describe = api.ok(&api.fscm("purchaseOrders/describe")).await;
    let attrs = describe["Resources"]["purchaseOrders"]["attributes"]
        .as_array()
        .unwrap();
    let total = attrs.iter().find(|a| a["name"] == "Total").unwrap();
    assert_eq!(total["queryable"], false);
    let number = attrs.iter().find(|a| a["name"] == "OrderNumber").unwrap();
    assert_eq!(number["queryable"], true);
    let r = api
        .get(&api.fscm(&format!("purchaseOrders?q={}", enc("Total > 10"))))
        .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert!(
        r.json()["o:errorDetails"][0]["detail"]
            .as_str()
            .unwrap()
            .contains("not queryable")
    );
    let r = api
        .get(&api.fscm(&format!("purchaseOrders?q={}", enc("Bogus = 1"))))
        .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
}

// ---- 8–10. fields, expand, onlyData, links ------------------------------------------

#[tokio::test]
async fn fields_with_child_syntax_win_over_expand() {
    let api = shared().v(Some(2));
    let v = api
        .ok(&api.fscm("purchaseOrders?limit=3&fields=OrderNumber,POHeaderId;lines:LineNumber,Price&expand=DFF"))
        .await;
    for po in items(&v) {
        let keys: Vec<&String> = po.as_object().unwrap().keys().collect();
        // the resource's attribute order, whatever the order in `fields`
        assert_eq!(keys, ["POHeaderId", "OrderNumber", "lines", "links"]);
        for line in po["lines"].as_array().unwrap() {
            let keys: Vec<&String> = line.as_object().unwrap().keys().collect();
            assert_eq!(keys, ["LineNumber", "Price", "links"]);
        }
    }
    // a nested accessor implies its parents, which show no attributes of their own
    let v = api
        .ok(&api.fscm("purchaseOrders?limit=2&fields=lines.schedules:NeedByDate&onlyData=true"))
        .await;
    let po = &items(&v)[0];
    assert_eq!(
        po.as_object().unwrap().keys().collect::<Vec<_>>(),
        ["lines"]
    );
    let line = &po["lines"][0];
    assert_eq!(
        line.as_object().unwrap().keys().collect::<Vec<_>>(),
        ["schedules"]
    );
    assert!(line["schedules"][0]["NeedByDate"].is_string());
    // `fields=` alone: links only
    let v = api.ok(&api.fscm("purchaseOrders?limit=2&fields=")).await;
    assert_eq!(
        items(&v)[0].as_object().unwrap().keys().collect::<Vec<_>>(),
        ["links"]
    );
    assert_eq!(
        api.get(&api.fscm("purchaseOrders?fields=NoSuchField"))
            .await
            .status,
        StatusCode::BAD_REQUEST
    );
    assert_eq!(
        api.get(&api.fscm("purchaseOrders?expand=nope"))
            .await
            .status,
        StatusCode::BAD_REQUEST
    );
}

#[tokio::test]
async fn expanded_children_are_arrays_until_version_3_then_paged_collections() {
    let shared = shared();
    let q = format!(
        "purchaseOrders?q={}&expand=lines.schedules",
        enc("OrderNumber = '1000183'")
    );
    for v in [1u8, 2] {
        let api = shared.v(Some(v));
        let url = if v == 1 {
            api.fscm("purchaseOrders?q=OrderNumber=1000183&expand=lines.schedules")
        } else {
            api.fscm(&q)
        };
        let page = api.ok(&url).await;
        let po = &items(&page)[0];
        assert!(po["lines"].is_array(), "v{v}");
        assert!(po["lines"][0]["schedules"].is_array(), "v{v}");
    }
    let api = shared.v(Some(3));
    let page = api.ok(&api.fscm(&q)).await;
    let po = &items(&page)[0];
    let lines = &po["lines"];
    assert!(lines.is_object());
    assert_eq!(lines["limit"], 25);
    assert_eq!(lines["offset"], 0);
    assert_eq!(lines["hasMore"], false);
    assert_eq!(lines["count"], 1);
    assert!(lines["items"][0]["schedules"]["items"].is_array());
    assert!(
        lines["links"][0]["href"]
            .as_str()
            .unwrap()
            .ends_with("/child/lines")
    );
    // expand=all: every direct child
    let all = api.ok(&api.fscm(&format!("{q}&expand=all"))).await;
    let all = &items(&all)[0];
    assert!(all["lines"].is_object() && all["DFF"].is_object());
}

#[tokio::test]
async fn expanded_child_collections_page_at_25_in_version_3() {
    let (_sb, api, control) = own(|c| c.child_limit = 2).await;
    let api = api.v(Some(3));
    let po = control.keys("purchaseOrders");
    let many = po
        .iter()
        .find(|k| {
            control.get("purchaseOrders", k).unwrap()["lines"]
                .as_array()
                .unwrap()
                .len()
                > 2
        })
        .unwrap()
        .clone();
    let v = api
        .ok(&api.fscm(&format!("purchaseOrders/{many}?expand=lines")))
        .await;
    assert_eq!(v["lines"]["count"], 2);
    assert_eq!(v["lines"]["hasMore"], true);
    assert_eq!(v["lines"]["limit"], 2);
    // the whole child collection is one GET away
    let all = api
        .ok(&api.fscm(&format!("purchaseOrders/{many}/child/lines")))
        .await;
    assert!(all["count"].as_i64().unwrap() > 2);
}

#[tokio::test]
async fn only_data_strips_links_and_links_filters_them() {
    let api = shared().v(Some(3));
    let v = api
        .ok(&api.fscm("purchaseOrders?limit=2&expand=lines&onlyData=true"))
        .await;
    assert!(v.get("links").is_none());
    let s = v.to_string();
    assert!(!s.contains("\"links\""), "no links anywhere");
    let v = api.ok(&api.fscm("purchaseOrders?limit=1")).await;
    let rels: Vec<String> = links_of(&items(&v)[0])
        .into_iter()
        .map(|(r, _)| r)
        .collect();
    assert_eq!(rels, ["self", "canonical", "child", "child"]);
    let self_link = &items(&v)[0]["links"][0];
    assert!(
        self_link["properties"]["changeIndicator"]
            .as_str()
            .unwrap()
            .starts_with("ACED0005")
    );
    let v = api.ok(&api.fscm("purchaseOrders?limit=1&links=self")).await;
    let rels: Vec<String> = links_of(&items(&v)[0])
        .into_iter()
        .map(|(r, _)| r)
        .collect();
    assert_eq!(rels, ["self"]);
    // child items link to their parent
    let line = api
        .ok(&format!("{}/child/lines?limit=1", self_href(&items(&v)[0])))
        .await;
    assert!(
        links_of(&items(&line)[0])
            .iter()
            .any(|(r, _)| r == "parent")
    );
}

#[tokio::test]
async fn version_6_moves_the_item_context_under_at_context() {
    let api = shared().v(Some(6));
    let v = api.ok(&api.fscm("purchaseOrders?limit=1")).await;
    let po = &items(&v)[0];
    assert!(po.get("links").is_none());
    assert!(po["@context"]["links"].is_array());
    assert!(
        po["@context"]["headers"]["ETag"]
            .as_str()
            .unwrap()
            .starts_with("ACED0005")
    );
    assert_eq!(po["@context"]["key"], po["POHeaderId"].to_string());
    assert_eq!(
        shared()
            .v(Some(7))
            .get(&api.fscm("purchaseOrders"))
            .await
            .status,
        StatusCode::BAD_REQUEST
    );
}

// ---- 11. keys -----------------------------------------------------------------------

#[tokio::test]
async fn composite_keys_are_uniqid_hashes_single_keys_raw() {
    let api = shared();
    let inv = &items(
        &api.ok(&api.fscm("invoices?limit=1&orderBy=InvoiceId:asc"))
            .await,
    )[0]
    .clone();
    let id = inv["InvoiceId"].as_i64().unwrap();
    assert!(self_href(inv).ends_with(&format!("/invoices/{id}")));
    let lines = api
        .ok(&api.fscm(&format!(
            "invoices/{id}/child/invoiceLines?orderBy=LineNumber"
        )))
        .await;
    let line = &items(&lines)[0];
    let hash = hash_long_int(id, 1);
    assert!(
        self_href(line).ends_with(&hash),
        "{} vs {hash}",
        self_href(line)
    );
    let again = api
        .ok(&api.fscm(&format!("invoices/{id}/child/invoiceLines/{hash}")))
        .await;
    assert_eq!(again["LineNumber"], 1);
    // a single-key resource documented with a UniqID links by hash, and takes raw ids
    let bpa = &items(&api.ok(&api.fscm("purchaseAgreements?limit=1")).await)[0].clone();
    let href = self_href(bpa);
    let seg = href.rsplit('/').next().unwrap();
    assert!(seg.starts_with("00010000000EACED00057708"), "{seg}");
    let raw = bpa["AgreementHeaderId"].as_i64().unwrap();
    assert_eq!(
        api.ok(&api.fscm(&format!("purchaseAgreements/{raw}")))
            .await["AgreementHeaderId"],
        raw
    );
    assert_eq!(api.ok(&href).await["AgreementHeaderId"], raw);
    // itemsV2: (ItemId, OrganizationId)
    let item = &items(&api.ok(&api.fscm("itemsV2?limit=1")).await)[0].clone();
    let got = api.ok(&self_href(item)).await;
    assert_eq!(got["ItemNumber"], item["ItemNumber"]);
    assert_eq!(
        api.get(&api.fscm("invoices/not-a-key")).await.status,
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn every_row_can_be_linked_by_its_hash() {
    let (_sb, api, _c) = own(|c| c.hash_all_keys = true).await;
    let sup = &items(&api.ok(&api.fscm("suppliers?limit=1")).await)[0].clone();
    let id = sup["SupplierId"].as_i64().unwrap();
    let href = self_href(sup);
    assert!(
        href.ends_with(&format!("/suppliers/00010000000EACED00057708{id:016X}")),
        "{href}"
    );
    assert_eq!(api.ok(&href).await["SupplierId"], id);
    assert_eq!(
        api.ok(&api.fscm(&format!("suppliers/{id}"))).await["SupplierId"],
        id
    );
}

// ---- 12. finders --------------------------------------------------------------------

#[tokio::test]
async fn finders_primary_key_and_find_by_intent() {
    let api = shared();
    let po = &items(&api.ok(&api.fscm("purchaseOrders?limit=1")).await)[0].clone();
    let id = po["POHeaderId"].as_i64().unwrap();
    let v = api
        .ok(&api.fscm(&format!("purchaseOrders?finder=PrimaryKey;POHeaderId={id}")))
        .await;
    assert_eq!(v["count"], 1);
    assert_eq!(items(&v)[0]["POHeaderId"], id);
    let v = api
        .ok(&api.fscm("purchaseOrders?finder=findByIntent;Intent=Buyer&limit=5"))
        .await;
    assert_eq!(v["count"], 5);
    for bad in [
        "findByIntent;Intent=Janitor",
        "NoSuchFinder;X=1",
        "PrimaryKey;OrderNumber=1",
    ] {
        assert_eq!(
            api.get(&api.fscm(&format!("purchaseOrders?finder={bad}")))
                .await
                .status,
            StatusCode::BAD_REQUEST,
            "{bad}"
        );
    }
    let rates = api
        .ok(&api.fscm("currencyRates?finder=CurrencyRatesFinder;fromCurrency=EUR,toCurrency=USD,startDate=2025-12-01,endDate=2025-12-10"))
        .await;
    assert_eq!(rates["count"], 10);
    assert!(
        items(&rates)
            .iter()
            .all(|r| r["FromCurrency"] == "EUR" && r["ToCurrency"] == "USD")
    );
}

// ---- 13. formats --------------------------------------------------------------------

#[tokio::test]
async fn ids_are_integers_money_numbers_dates_and_timestamps_fusion_shaped() {
    let api = shared().v(Some(3));
    let page = api
        .ok(&api.fscm("purchaseOrders?limit=50&expand=lines.schedules"))
        .await;
    for po in items(&page) {
        assert!(po["POHeaderId"].is_i64());
        assert!(po["SupplierId"].is_i64());
        assert!(po["Total"].is_number());
        assert!(po["OrderNumber"].is_string());
        let d = po["OrderedDate"].as_str().unwrap();
        assert_eq!(d.len(), 10);
        let ts = po["LastUpdateDate"].as_str().unwrap();
        assert!(
            ts.len() == 29 && ts.ends_with("+00:00") && &ts[10..11] == "T",
            "{ts}"
        );
        assert!(po["CreationDate"].as_str().unwrap() <= ts);
        for line in items(&po["lines"]) {
            assert!(
                line["Price"].is_number()
                    && line["Quantity"].is_number()
                    && line["Amount"].is_number()
            );
            assert!(line["NegotiatedFlag"].is_boolean());
        }
    }
    let nulls = items(&page)
        .iter()
        .filter(|p| p["SupplierOrder"].is_null())
        .count();
    assert_eq!(nulls, 50, "unset values are null, not missing");
}

// ---- 14. read-only orders, writes through drafts ------------------------------------

#[tokio::test]
async fn purchase_orders_are_read_only() {
    let api = shared();
    let po = &items(&api.ok(&api.fscm("purchaseOrders?limit=1")).await)[0].clone();
    let href = self_href(po);
    let r = api
        .post(&api.fscm("purchaseOrders"), &json!({"Description": "x"}))
        .await;
    assert_eq!(r.status, StatusCode::METHOD_NOT_ALLOWED);
    assert_eq!(r.header("allow"), "GET");
    let r = api.patch(&href, &json!({"Description": "x"})).await;
    assert_eq!(r.status, StatusCode::METHOD_NOT_ALLOWED);
    assert!(r.header("allow").contains("POST"), "actions still allowed");
    let r = api.send(api.req(reqwest::Method::DELETE, &href)).await;
    assert_eq!(r.status, StatusCode::METHOD_NOT_ALLOWED);
    let r = api
        .send(api.req(reqwest::Method::PUT, &href).body("{}"))
        .await;
    assert_eq!(r.status, StatusCode::METHOD_NOT_ALLOWED);
    assert_eq!(r.json()["status"], "405");
}

fn draft_body() -> Value {
    json!({
        "ProcurementBU": "Vision Operations",
        "Supplier": "Advanced Network Devices",
        "SupplierSite": "FRESNO",
        "Description": "Toner for the Denver office",
        "lines": [
            {"LineNumber": 1, "ItemDescription": "Toner cartridge black", "Quantity": "10", "Price": "88.00", "UOM": "Each",
             "schedules": [{"Quantity": 10, "NeedByDate": "2026-02-15",
                            "distributions": [{"POChargeAccount": "01-000-7110-0000-000"}]}]},
            {"LineNumber": 2, "ItemDescription": "Paper A4", "Quantity": 5, "Price": 42.5}
        ],
        "DFF": [{"__FLEX_Context": "CAPEX", "assetCategory": "IT", "contractReference": "C-77"}]
    })
}

#[tokio::test]
async fn draft_orders_are_created_changed_and_submitted_into_orders() {
    let (_sb, api, _c) = own(|_| {}).await;
    let api = api.v(Some(3));
    let r = api
        .post(&api.fscm("draftPurchaseOrders"), &draft_body())
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text);
    let location = r.header("location").to_string();
    let etag = r.header("etag").to_string();
    assert!(
        location.contains("/draftPurchaseOrders/00010000000EACED00057708"),
        "{location}"
    );
    assert!(etag.contains("ACED0005"));
    let draft = r.json();
    assert_eq!(draft["StatusCode"], "INCOMPLETE");
    assert_eq!(draft["ProcurementBUId"], 204);
    assert_eq!(draft["SupplierSite"], "FRESNO");
    assert_eq!(draft["CurrencyCode"], "USD");
    assert_eq!(
        draft["Buyer"], "Pat Stock",
        "the buyer defaults to the signed-in user"
    );
    assert_eq!(draft["Ordered"], 1092.5);
    let id = draft["POHeaderId"].as_i64().unwrap();
    let number = draft["OrderNumber"].as_str().unwrap().to_string();
    // line 2 got a default schedule and distribution; money arrived as strings, stored as numbers
    let lines = api
        .ok(&format!(
            "{location}/child/lines?expand=schedules.distributions&orderBy=LineNumber"
        ))
        .await;
    let l1 = &items(&lines)[0];
    assert_eq!(l1["Price"], 88.0);
    assert_eq!(l1["Amount"], 880.0);
    let l2 = &items(&lines)[1];
    let s2 = &items(&l2["schedules"])[0];
    assert_eq!(s2["Quantity"], 5.0);
    assert_eq!(
        items(&s2["distributions"])[0]["POChargeAccount"],
        "01-000-7110-0000-000"
    );
    // add a line through the child collection: the header's total follows
    let r = api
        .post(
            &format!("{location}/child/lines"),
            &json!({"ItemDescription": "Stapler", "Quantity": 2, "Price": 15}),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text);
    assert_eq!(r.json()["LineNumber"], 3);
    let header = api.ok(&location).await;
    assert_eq!(header["Ordered"], 1122.5);
    // PATCH the header
    let r = api
        .patch(&location, &json!({"Description": "Toner and paper"}))
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    assert_eq!(r.json()["Description"], "Toner and paper");
    // not yet an order
    let q = format!("purchaseOrders?q={}", enc(&format!("POHeaderId = {id}")));
    assert_eq!(api.ok(&api.fscm(&q)).await["count"], 0);
    // submit: the action by name in the URL
    let r = api
        .action(&format!("{location}/action/submit"), &json!({}))
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    assert_eq!(
        r.header("content-type"),
        "application/vnd.oracle.adf.actionresult+json"
    );
    assert_eq!(r.json(), json!({"result": "SUCCESS"}));
    let order = api
        .ok(&api.fscm(&format!("purchaseOrders/{id}?expand=lines,DFF")))
        .await;
    assert_eq!(order["OrderNumber"], number.as_str());
    assert_eq!(order["StatusCode"], "OPEN");
    assert_eq!(order["lines"]["count"], 3);
    assert_eq!(order["DFF"]["items"][0]["assetCategory"], "IT");
    assert_eq!(
        api.get(&location).await.status,
        StatusCode::NOT_FOUND,
        "the draft is gone"
    );
}

#[tokio::test]
async fn draft_validation_errors_are_400_with_oracle_wording() {
    let (_sb, api, _c) = own(|_| {}).await;
    let cases = [
        (
            json!({"Supplier": "Advanced Network Devices", "SupplierSite": "FRESNO"}),
            "ProcurementBU",
        ),
        (
            json!({"ProcurementBU": "Atlantis", "Supplier": "Advanced Network Devices", "SupplierSite": "FRESNO"}),
            "isn't valid",
        ),
        (
            json!({"ProcurementBU": "Vision Operations", "Supplier": "Advanced Network Devices", "SupplierSite": "NOWHERE"}),
            "SupplierSite",
        ),
        (
            json!({"ProcurementBU": "Vision Operations", "Supplier": "Advanced Network Devices", "SupplierSite": "FRESNO", "Colour": "red"}),
            "Colour",
        ),
        (
            json!({"ProcurementBU": "Vision Operations", "Supplier": "Advanced Network Devices", "SupplierSite": "FRESNO", "OrderNumber": "1"}),
            "read-only",
        ),
        (
            json!({"ProcurementBU": "Vision Operations", "Supplier": "Advanced Network Devices", "SupplierSite": "FRESNO", "lines": [{"ItemDescription": "x", "Quantity": "lots", "Price": 1}]}),
            "Quantity",
        ),
        (
            json!({"ProcurementBU": "Vision Operations", "Supplier": "Advanced Network Devices", "SupplierSite": "FRESNO", "DFF": [{"__FLEX_Context": "CAPEX", "headcount": 3}]}),
            "headcount",
        ),
    ];
    for (body, word) in cases {
        let r = api.post(&api.fscm("draftPurchaseOrders"), &body).await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST, "{body}: {}", r.text);
        assert!(r.text.contains(word), "{word} in {}", r.text);
    }
    // a draft with no lines cannot be submitted
    let r = api
        .post(&api.fscm("draftPurchaseOrders"), &json!({"ProcurementBU": "Vision Operations", "Supplier": "Advanced Network Devices", "SupplierSite": "FRESNO"}))
        .await;
    assert_eq!(r.status, StatusCode::CREATED);
    let loc = r.header("location").to_string();
    let r = api
        .action(&format!("{loc}/action/submit"), &json!({}))
        .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    let r = api
        .send(
            api.req(reqwest::Method::POST, &api.fscm("draftPurchaseOrders"))
                .header("Content-Type", "text/plain")
                .body("hello"),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNSUPPORTED_MEDIA_TYPE);
    let r = api
        .send(
            api.req(reqwest::Method::POST, &api.fscm("draftPurchaseOrders"))
                .header("Content-Type", "application/json")
                .body("{not json"),
        )
        .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
}

// ---- 15. actions --------------------------------------------------------------------

#[tokio::test]
async fn actions_take_both_payload_styles_and_answer_a_result() {
    let (_sb, api, control) = own(|_| {}).await;
    let open: Vec<String> = control
        .keys("purchaseOrders")
        .into_iter()
        .filter(|k| control.get("purchaseOrders", k).unwrap()["StatusCode"] == "OPEN")
        .take(3)
        .collect();
    // parameters as the body, name in the URL
    let r = api
        .action(
            &api.fscm(&format!("purchaseOrders/{}/action/close", open[0])),
            &json!({"closeAction": "close", "closeReason": "Header close reason"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    assert_eq!(r.json()["result"], "SUCCESS");
    assert_eq!(
        api.ok(&api.fscm(&format!("purchaseOrders/{}", open[0])))
            .await["StatusCode"],
        "CLOSED"
    );
    // name and parameters in the body, posted to the item
    let r = api
        .action(
            &api.fscm(&format!("purchaseOrders/{}", open[1])),
            &json!({"name": "close", "parameters": [{"closeAction": "close_for_receiving"}, {"closeReason": "Header close reason"}]}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    assert_eq!(
        api.ok(&api.fscm(&format!("purchaseOrders/{}", open[1])))
            .await["StatusCode"],
        "CLOSED FOR RECEIVING"
    );
    // a line action
    let lines = api
        .ok(&api.fscm(&format!("purchaseOrders/{}/child/lines", open[2])))
        .await;
    let line_href = self_href(&items(&lines)[0]);
    let r = api
        .action(
            &format!("{line_href}/action/close"),
            &json!({"closeAction": "FINALLY_CLOSE"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    assert_eq!(api.ok(&line_href).await["StatusCode"], "FINALLY CLOSED");
    // posting to an item without the action media type, an unknown action, a bad parameter
    let r = api
        .post(
            &api.fscm(&format!("purchaseOrders/{}", open[2])),
            &json!({"name": "close"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNSUPPORTED_MEDIA_TYPE);
    let r = api
        .action(
            &api.fscm(&format!("purchaseOrders/{}/action/explode", open[2])),
            &json!({}),
        )
        .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    let r = api
        .action(
            &api.fscm(&format!("purchaseOrders/{}/action/close", open[2])),
            &json!({"closeAction": "sideways"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    let r = api
        .action(&api.fscm("purchaseOrders/action/close"), &json!({}))
        .await;
    assert_eq!(
        r.status,
        StatusCode::NOT_FOUND,
        "no collection-level actions"
    );
    let pdf = api
        .action(
            &api.fscm(&format!("purchaseOrders/{}/action/viewPDF", open[2])),
            &json!({}),
        )
        .await;
    assert!(pdf.json()["result"].as_str().unwrap().starts_with("JVBERi"));
}

// ---- 16. create, ETag, If-Match -----------------------------------------------------

#[tokio::test]
async fn create_answers_201_location_etag_and_stale_if_match_is_412() {
    let (_sb, api, _c) = own(|_| {}).await;
    let r = api
        .post(
            &api.fscm("suppliers"),
            &json!({"Supplier": "Zenith Parts", "TaxOrganizationType": "Corporation"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text);
    let loc = r.header("location").to_string();
    let etag = r.header("etag").to_string();
    let created = r.json();
    let id = created["SupplierId"].as_i64().unwrap();
    assert!(loc.ends_with(&format!("/suppliers/{id}")));
    assert!(created["SupplierNumber"].is_string());
    // GET gives the same ETag; If-None-Match answers 304
    let got = api.get(&loc).await;
    assert_eq!(got.header("etag"), etag);
    let r = api
        .send(
            api.req(reqwest::Method::GET, &loc)
                .header("If-None-Match", &etag),
        )
        .await;
    assert_eq!(r.status, StatusCode::NOT_MODIFIED);
    // PATCH with the current ETag works and moves it; the old one is then stale
    let r = api
        .send(
            api.req(reqwest::Method::PATCH, &loc)
                .header(
                    "Content-Type",
                    "application/vnd.oracle.adf.resourceitem+json",
                )
                .header("If-Match", &etag)
                .body(json!({"AlternateName": "ZP"}).to_string()),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    assert_ne!(r.header("etag"), etag);
    let r = api
        .send(
            api.req(reqwest::Method::PATCH, &loc)
                .header("Content-Type", "application/json")
                .header("If-Match", &etag)
                .body(json!({"AlternateName": "ZZ"}).to_string()),
        )
        .await;
    assert_eq!(r.status, StatusCode::PRECONDITION_FAILED);
    assert_eq!(api.ok(&loc).await["AlternateName"], "ZP");
    // a duplicate name is refused; suppliers cannot be deleted
    let r = api
        .post(
            &api.fscm("suppliers"),
            &json!({"Supplier": "Zenith Parts", "TaxOrganizationType": "Corporation"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert_eq!(
        api.send(api.req(reqwest::Method::DELETE, &loc))
            .await
            .status,
        StatusCode::METHOD_NOT_ALLOWED
    );
    // a site through the child collection
    let r = api
        .post(
            &format!("{loc}/child/sites"),
            &json!({"SupplierSite": "DENVER", "ProcurementBU": "Vision Operations"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text);
    assert!(
        r.header("location")
            .contains(&format!("/suppliers/{id}/child/sites/"))
    );
}

// ---- 17. Upsert-Mode ----------------------------------------------------------------

#[tokio::test]
async fn upsert_mode_updates_a_matching_row() {
    let (_sb, api, control) = own(|_| {}).await;
    let before = control.keys("suppliers").len();
    let body = json!({"Supplier": "Advanced Network Devices", "TaxOrganizationType": "Corporation", "AlternateName": "AND"});
    let r = api
        .send(
            api.req(reqwest::Method::POST, &api.fscm("suppliers"))
                .header(
                    "Content-Type",
                    "application/vnd.oracle.adf.resourceitem+json",
                )
                .header("Upsert-Mode", "true")
                .body(body.to_string()),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    assert_eq!(r.json()["AlternateName"], "AND");
    assert_eq!(control.keys("suppliers").len(), before);
    // no match: created
    let body = json!({"Supplier": "Brand New Co", "TaxOrganizationType": "Corporation"});
    let r = api
        .send(
            api.req(reqwest::Method::POST, &api.fscm("suppliers"))
                .header("Content-Type", "application/json")
                .header("Upsert-Mode", "true")
                .body(body.to_string()),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED);
    assert_eq!(control.keys("suppliers").len(), before + 1);
}

// ---- 18. flexfields -----------------------------------------------------------------

#[tokio::test]
async fn descriptive_flexfields_are_one_row_child_collections() {
    let api = shared().v(Some(2));
    let v = api
        .ok(&api.fscm("purchaseOrders?limit=100&expand=DFF"))
        .await;
    let mut contexts = std::collections::BTreeSet::new();
    for po in items(&v) {
        let dff = po["DFF"].as_array().unwrap();
        assert_eq!(dff.len(), 1);
        assert_eq!(dff[0]["POHeaderId"], po["POHeaderId"]);
        assert!(dff[0].as_object().unwrap().contains_key("__FLEX_Context"));
        assert!(
            dff[0]
                .as_object()
                .unwrap()
                .contains_key("contractReference")
        );
        contexts.insert(dff[0]["__FLEX_Context"].as_str().unwrap_or("").to_string());
        match dff[0]["__FLEX_Context"].as_str() {
            Some("CAPEX") => {
                assert_eq!(dff[0]["__FLEX_Context_DisplayValue"], "Capital Expenditure");
                assert!(dff[0].as_object().unwrap().contains_key("assetCategory"));
            }
            Some("SERVICES") => assert!(dff[0].as_object().unwrap().contains_key("headcount")),
            _ => assert!(!dff[0].as_object().unwrap().contains_key("assetCategory")),
        }
    }
    assert!(contexts.len() >= 3, "{contexts:?}");
    let po = &items(&v)[0];
    let dff = api.ok(&format!("{}/child/DFF", self_href(po))).await;
    assert_eq!(dff["count"], 1);
    // q reaches segments through the child path
    let q = enc("DFF.__FLEX_Context = 'CAPEX'");
    let capex = api
        .ok(&api.fscm(&format!("purchaseOrders?q={q}&expand=DFF&limit=10")))
        .await;
    assert!(
        items(&capex)
            .iter()
            .all(|p| p["DFF"][0]["__FLEX_Context"] == "CAPEX")
    );
}

#[tokio::test]
async fn flexfield_segments_are_configurable_and_validated_on_write() {
    let (_sb, api, control) = own(|c| {
        c.flexfields = vec![Flexfield {
            path: "invoices/invoiceDff".into(),
            global: vec![Segment {
                name: "costCentre".into(),
                kind: SegmentKind::Text,
            }],
            contexts: vec![FlexContext {
                code: "GRANT".into(),
                display: "Grant Funded".into(),
                segments: vec![Segment {
                    name: "grantNumber".into(),
                    kind: SegmentKind::Number,
                }],
            }],
        }];
    })
    .await;
    let id = control.keys("invoices")[0].clone();
    let dff_url = api.fscm(&format!("invoices/{id}/child/invoiceDff"));
    let row = &items(&api.ok(&dff_url).await)[0].clone();
    assert!(row.as_object().unwrap().contains_key("costCentre"));
    let href = self_href(row);
    let r = api
        .patch(
            &href,
            &json!({"__FLEX_Context": "GRANT", "grantNumber": "42", "costCentre": "510"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    let v = r.json();
    assert_eq!(v["grantNumber"], 42.0);
    assert_eq!(v["__FLEX_Context_DisplayValue"], "Grant Funded");
    let r = api.patch(&href, &json!({"assetCategory": "IT"})).await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    let r = api.patch(&href, &json!({"__FLEX_Context": "NOPE"})).await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    // the DFF row cannot be created or deleted on its own
    assert_eq!(
        api.post(&dff_url, &json!({})).await.status,
        StatusCode::METHOD_NOT_ALLOWED
    );
}

// ---- 19–20. authentication ----------------------------------------------------------

#[tokio::test]
async fn basic_auth_and_401_and_403() {
    let (_sb, api, control) = own(|c| {
        c.users.push(FusionUser {
            username: "ap.clerk".into(),
            password: "Secret1".into(),
            privileges: Some(vec!["AP_MANAGE_PAYABLES_INVOICES_REST_PRIV".into()]),
        });
    })
    .await;
    let url = api.fscm("purchaseOrders?limit=1");
    let anon = api.http.get(&url).send().await.unwrap();
    assert_eq!(anon.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(anon.text().await.unwrap(), "", "401 has no body");
    let wrong = api
        .http
        .get(&url)
        .basic_auth(DEFAULT_USER, Some("nope"))
        .send()
        .await
        .unwrap();
    assert_eq!(wrong.status(), StatusCode::UNAUTHORIZED);
    let case = api
        .http
        .get(&url)
        .basic_auth("PAT.STOCK", Some(DEFAULT_PASSWORD))
        .send()
        .await
        .unwrap();
    assert_eq!(
        case.status(),
        StatusCode::OK,
        "user names are case-insensitive"
    );
    let clerk = |u: &str| {
        api.http
            .get(u)
            .basic_auth("ap.clerk", Some("Secret1"))
            .header("REST-Framework-Version", "4")
    };
    assert_eq!(
        clerk(&api.fscm("invoices?limit=1"))
            .send()
            .await
            .unwrap()
            .status(),
        StatusCode::OK
    );
    let r = clerk(&url).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    let body: Value = r.json().await.unwrap();
    assert!(
        body["detail"]
            .as_str()
            .unwrap()
            .contains("PO_VIEW_PURCHASE_ORDERS_REST_PRIV")
    );
    control.remove_user("ap.clerk");
    assert_eq!(
        clerk(&api.fscm("invoices?limit=1"))
            .send()
            .await
            .unwrap()
            .status(),
        StatusCode::UNAUTHORIZED
    );
}

async fn token(api: &Api, form: &[(&str, &str)], client: (&str, &str)) -> reqwest::Response {
    api.http
        .post(format!("{}/oauth2/v1/token", api.base))
        .basic_auth(client.0, Some(client.1))
        .form(form)
        .send()
        .await
        .unwrap()
}

#[tokio::test]
async fn oauth_client_credentials_tokens_act_as_the_integration_user() {
    let (sb, api, control) = own(|_| {}).await;
    let scope = sb.scope();
    assert_eq!(
        scope,
        "urn:opc:resource:fa:instanceid=sandbox0001urn:opc:resource:consumer::all"
    );
    let r = token(
        &api,
        &[("grant_type", "client_credentials"), ("scope", &scope)],
        (DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET),
    )
    .await;
    assert_eq!(r.status(), StatusCode::OK);
    let t: Value = r.json().await.unwrap();
    assert_eq!(t["token_type"], "Bearer");
    assert_eq!(t["expires_in"], 3600);
    let access = t["access_token"].as_str().unwrap().to_string();
    assert_eq!(access.split('.').count(), 3, "a JWT");
    let url = api.fscm("purchaseOrders?limit=1");
    let ok = api
        .http
        .get(&url)
        .bearer_auth(&access)
        .send()
        .await
        .unwrap();
    assert_eq!(ok.status(), StatusCode::OK);
    let bad = api
        .http
        .get(&url)
        .bearer_auth("eyJ.nope.x")
        .send()
        .await
        .unwrap();
    assert_eq!(bad.status(), StatusCode::UNAUTHORIZED);
    // form-field client authentication works too
    let r = api
        .http
        .post(sb.token_url())
        .form(&[
            ("grant_type", "client_credentials"),
            ("scope", scope.as_str()),
            ("client_id", DEFAULT_CLIENT_ID),
            ("client_secret", DEFAULT_CLIENT_SECRET),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    // wrong secret, wrong scope, wrong grant
    let r = token(
        &api,
        &[("grant_type", "client_credentials"), ("scope", &scope)],
        (DEFAULT_CLIENT_ID, "x"),
    )
    .await;
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(r.json::<Value>().await.unwrap()["error"], "invalid_client");
    let r = token(
        &api,
        &[
            ("grant_type", "client_credentials"),
            ("scope", "urn:opc:resource:consumer::all"),
        ],
        (DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET),
    )
    .await;
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
    assert_eq!(r.json::<Value>().await.unwrap()["error"], "invalid_scope");
    let r = token(
        &api,
        &[("grant_type", "authorization_code"), ("scope", &scope)],
        (DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET),
    )
    .await;
    assert_eq!(
        r.json::<Value>().await.unwrap()["error"],
        "unsupported_grant_type"
    );
    // revoked tokens stop working; grants are counted per client
    assert_eq!(control.counters().token_grants[DEFAULT_CLIENT_ID], 2);
    control.revoke_tokens();
    let gone = api
        .http
        .get(&url)
        .bearer_auth(&access)
        .send()
        .await
        .unwrap();
    assert_eq!(gone.status(), StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn oauth_jwt_assertions_and_passwords_act_as_their_user_and_tokens_expire() {
    let (sb, api, _c) = own(|c| {
        c.token_ttl = Duration::from_millis(300);
        c.users.push(FusionUser {
            username: "ap.clerk".into(),
            password: "Secret1".into(),
            privileges: Some(vec!["AP_MANAGE_PAYABLES_INVOICES_REST_PRIV".into()]),
        });
    })
    .await;
    use base64::Engine;
    let b64 = |v: Value| base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(v.to_string());
    let assertion = format!(
        "{}.{}.c2ln",
        b64(json!({"alg": "RS256", "typ": "JWT"})),
        b64(
            json!({"iss": DEFAULT_CLIENT_ID, "sub": "ap.clerk", "aud": ["https://identity.oraclecloud.com/"]})
        )
    );
    let scope = sb.scope();
    let r = token(
        &api,
        &[
            ("grant_type", "urn:ietf:params:oauth:grant-type:jwt-bearer"),
            ("assertion", &assertion),
            ("scope", &scope),
        ],
        (DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET),
    )
    .await;
    assert_eq!(r.status(), StatusCode::OK);
    let access = r.json::<Value>().await.unwrap()["access_token"]
        .as_str()
        .unwrap()
        .to_string();
    let as_clerk = |u: String| api.http.get(u).bearer_auth(access.clone()).send();
    assert_eq!(
        as_clerk(api.fscm("invoices?limit=1"))
            .await
            .unwrap()
            .status(),
        StatusCode::OK
    );
    assert_eq!(
        as_clerk(api.fscm("purchaseOrders?limit=1"))
            .await
            .unwrap()
            .status(),
        StatusCode::FORBIDDEN
    );
    tokio::time::sleep(Duration::from_millis(400)).await;
    assert_eq!(
        as_clerk(api.fscm("invoices?limit=1"))
            .await
            .unwrap()
            .status(),
        StatusCode::UNAUTHORIZED
    );
    let r = token(
        &api,
        &[
            ("grant_type", "password"),
            ("username", "ap.clerk"),
            ("password", "wrong"),
            ("scope", &scope),
        ],
        (DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET),
    )
    .await;
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn the_identity_domain_rate_limits_token_requests() {
    let (sb, api, _c) = own(|c| {
        c.token_rate_limit = Some(procura_simulators::oracle_fusion::RateLimit {
            requests: 2,
            window: Duration::from_secs(60),
            burst: 2,
        })
    })
    .await;
    let scope = sb.scope();
    let mut statuses = Vec::new();
    for _ in 0..3 {
        statuses.push(
            token(
                &api,
                &[("grant_type", "client_credentials"), ("scope", &scope)],
                (DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET),
            )
            .await
            .status(),
        );
    }
    assert_eq!(
        statuses,
        [
            StatusCode::OK,
            StatusCode::OK,
            StatusCode::TOO_MANY_REQUESTS
        ]
    );
}

// ---- 21. errors by framework version ------------------------------------------------

#[tokio::test]
async fn errors_are_json_from_version_4_and_plain_text_below() {
    let api = shared();
    let url = api.fscm(&format!("purchaseOrders?q={}", enc("Nope = 1")));
    let r = api.v(Some(4)).get(&url).await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert_eq!(
        r.header("content-type"),
        "application/vnd.oracle.adf.error+json"
    );
    let e = r.json();
    assert_eq!(e["title"], "Bad Request");
    assert_eq!(e["status"], "400");
    assert!(e["type"].as_str().unwrap().contains("rfc2616"));
    assert!(e["o:errorCode"].is_string());
    assert_eq!(e["o:errorDetails"][0]["o:errorPath"], "Nope");
    for v in [1u8, 3] {
        let url = if v == 1 {
            api.fscm("purchaseOrders?q=Nope=1")
        } else {
            url.clone()
        };
        let r = api.v(Some(v)).get(&url).await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST);
        assert!(r.header("content-type").starts_with("text/plain"), "v{v}");
        assert!(r.text.contains("Nope"));
    }
    // an Accept without JSON gets text even in v4
    let r = api
        .send(
            api.v(Some(4))
                .req(reqwest::Method::GET, &url)
                .header("Accept", "text/plain"),
        )
        .await;
    assert!(r.header("content-type").starts_with("text/plain"));
    // 404 too
    let r = api.v(Some(4)).get(&api.fscm("purchaseOrders/1")).await;
    assert_eq!(r.json()["status"], "404");
    // media types: vendor by default, plain JSON on request, 406 otherwise
    let r = api.get(&api.fscm("purchaseOrders?limit=1")).await;
    assert_eq!(
        r.header("content-type"),
        "application/vnd.oracle.adf.resourcecollection+json"
    );
    let r = api
        .send(
            api.req(reqwest::Method::GET, &api.fscm("purchaseOrders?limit=1"))
                .header("Accept", "application/json"),
        )
        .await;
    assert_eq!(r.header("content-type"), "application/json");
    let r = api
        .send(
            api.req(reqwest::Method::GET, &api.fscm("purchaseOrders?limit=1"))
                .header("Accept", "application/xml"),
        )
        .await;
    assert_eq!(r.status, StatusCode::NOT_ACCEPTABLE);
    let r = api
        .v(None)
        .send(
            api.v(None)
                .req(reqwest::Method::GET, &api.fscm("purchaseOrders"))
                .header("REST-Framework-Version", "x"),
        )
        .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
}

// ---- 22. faults, counters -----------------------------------------------------------

#[tokio::test]
async fn injected_faults_maintenance_timeouts_and_server_errors() {
    let (_sb, api, control) = own(|_| {}).await;
    let url = api.fscm("purchaseOrders?limit=1");
    control.push_fault(Fault::Maintenance {
        body: String::new(),
        retry_after: Some(120),
    });
    control.push_fault(Fault::Timeout(Duration::from_millis(50)));
    control.push_fault(Fault::Status {
        status: 502,
        body: "Bad Gateway".into(),
    });
    control.push_fault(Fault::Status {
        status: 500,
        body: "Internal Server Error".into(),
    });
    control.push_fault(Fault::Reset);
    let r = api.get(&url).await;
    assert_eq!(r.status, StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(r.header("retry-after"), "120");
    let t = std::time::Instant::now();
    assert_eq!(api.get(&url).await.status, StatusCode::GATEWAY_TIMEOUT);
    assert!(t.elapsed() >= Duration::from_millis(50));
    assert_eq!(api.get(&url).await.status, StatusCode::BAD_GATEWAY);
    assert_eq!(
        api.get(&url).await.status,
        StatusCode::INTERNAL_SERVER_ERROR
    );
    let reset = match api.req(reqwest::Method::GET, &url).send().await {
        Err(_) => true,
        Ok(r) => r.text().await.is_err(),
    };
    assert!(reset, "the connection is dropped");
    assert_eq!(api.get(&url).await.status, StatusCode::OK);
    let c = control.counters();
    assert_eq!(c.faults["503"], 1);
    assert_eq!(c.faults["504"], 1);
    assert_eq!(c.faults["502"], 1);
    assert_eq!(c.faults["reset"], 1);
    // a random fault rate never answers 429 (Fusion documents none)
    control.set_fault_rate(100, 3);
    for _ in 0..20 {
        if let Ok(r) = api
            .req(reqwest::Method::GET, &url)
            .timeout(Duration::from_secs(5))
            .send()
            .await
        {
            assert_ne!(r.status(), StatusCode::TOO_MANY_REQUESTS);
        }
    }
}

#[tokio::test]
async fn counters_count_calls_and_bytes_per_path() {
    let (_sb, api, control) = own(|_| {}).await;
    let url = api.fscm("purchaseOrders?limit=3");
    let a = api.get(&url).await;
    let b = api.get(&url).await;
    let c = control.counters();
    let path = "/fscmRestApi/resources/11.13.18.05/purchaseOrders";
    assert_eq!(c.requests[path], 2);
    assert_eq!(c.bytes[path], (a.text.len() + b.text.len()) as u64);
    assert_eq!(c.recent.last().unwrap().query, "limit=3");
    // and the same over the control API
    let over_http: Value = api
        .http
        .get(format!("{}/__sandbox/counters", api.base))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(over_http["requests"][path], 2);
    api.http
        .post(format!("{}/__sandbox/counters/reset", api.base))
        .send()
        .await
        .unwrap();
    assert!(control.counters().requests.is_empty());
}

#[tokio::test]
async fn a_configured_rate_limit_answers_429() {
    let (_sb, api, control) = own(|c| {
        c.rate_limit = Some(procura_simulators::oracle_fusion::RateLimit {
            requests: 1,
            window: Duration::from_secs(60),
            burst: 2,
        })
    })
    .await;
    let url = api.fscm("purchaseOrders?limit=1");
    assert_eq!(api.get(&url).await.status, StatusCode::OK);
    assert_eq!(api.get(&url).await.status, StatusCode::OK);
    assert_eq!(api.get(&url).await.status, StatusCode::TOO_MANY_REQUESTS);
    control.set_rate_limit(None);
    assert_eq!(api.get(&url).await.status, StatusCode::OK);
}

// ---- 23. metadata -------------------------------------------------------------------

#[tokio::test]
async fn context_root_lists_framework_versions_and_describe_lists_attributes() {
    let (_sb, api, control) = own(|_| {}).await;
    let root = api.ok(&format!("{}/fscmRestApi/resources", api.base)).await;
    let item = &items(&root)[0];
    assert_eq!(item["version"], "11.13.18.05");
    assert_eq!(item["isLatest"], true);
    assert_eq!(item["adf:extension"]["defaultFrameworkVersion"], "1");
    assert_eq!(
        item["adf:extension"]["allowedFrameworkVersions"],
        json!(["1", "2", "3", "4", "5", "6"])
    );
    control.set_framework_versions(3, 4);
    let root = api.ok(&format!("{}/hcmRestApi/resources", api.base)).await;
    assert_eq!(
        items(&root)[0]["adf:extension"]["defaultFrameworkVersion"],
        "3"
    );
    assert_eq!(
        items(&root)[0]["adf:extension"]["allowedFrameworkVersions"],
        json!(["1", "2", "3", "4"])
    );
    // the default now applies to requests without the header
    let v3 = api
        .v(None)
        .ok(&api.fscm("purchaseOrders?limit=1&expand=lines"))
        .await;
    assert!(items(&v3)[0]["lines"].is_object());
    let d = api.ok(&api.fscm("invoices/describe")).await;
    let inv = &d["Resources"]["invoices"];
    assert_eq!(inv["title"], "Invoices");
    let attrs = inv["attributes"].as_array().unwrap();
    let id = attrs.iter().find(|a| a["name"] == "InvoiceId").unwrap();
    assert_eq!(
        (id["type"].as_str(), id["updatable"].as_bool()),
        (Some("integer"), Some(false))
    );
    let amount = attrs.iter().find(|a| a["name"] == "InvoiceAmount").unwrap();
    assert_eq!(amount["type"], "number");
    assert_eq!(
        attrs.iter().find(|a| a["name"] == "InvoiceDate").unwrap()["type"],
        "date"
    );
    assert_eq!(
        attrs
            .iter()
            .find(|a| a["name"] == "LastUpdateDate")
            .unwrap()["type"],
        "datetime"
    );
    assert!(
        inv["children"]["invoiceLines"]["children"]["invoiceDistributions"]["attributes"]
            .is_array()
    );
    let actions: Vec<&str> = inv["item"]["actions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["name"].as_str().unwrap())
        .collect();
    assert!(actions.contains(&"validateInvoice") && actions.contains(&"update"));
    let all = api.ok(&api.fscm("describe")).await;
    assert!(
        all["Resources"]["purchaseOrders"].is_object() && all["Resources"].get("workers").is_none()
    );
}

// ---- resources ----------------------------------------------------------------------

#[tokio::test]
async fn every_resource_serves_its_rows_with_their_ids_and_timestamps() {
    let api = shared();
    // resource, under HCM, id attribute, timestamps, child accessors
    type Case<'a> = (&'a str, bool, &'a str, &'a [&'a str], &'a [&'a str]);
    let cases: &[Case] = &[
        (
            "purchaseOrders",
            false,
            "POHeaderId",
            &["CreationDate", "LastUpdateDate"],
            &["lines", "DFF"],
        ),
        (
            "draftPurchaseOrders",
            false,
            "POHeaderId",
            &["CreationDate", "LastUpdateDate"],
            &["lines", "DFF"],
        ),
        (
            "purchaseRequisitions",
            false,
            "RequisitionHeaderId",
            &["CreationDate", "LastUpdateDate"],
            &["lines", "DFF"],
        ),
        (
            "suppliers",
            false,
            "SupplierId",
            &["CreationDate", "LastUpdateDate"],
            &[
                "addresses",
                "sites",
                "contacts",
                "businessClassifications",
                "productsAndServices",
                "DFF",
            ],
        ),
        (
            "invoices",
            false,
            "InvoiceId",
            &["CreationDate", "LastUpdateDate"],
            &[
                "invoiceLines",
                "invoiceInstallments",
                "invoiceDff",
                "invoiceGdf",
            ],
        ),
        (
            "receivingTransactionsHistory",
            false,
            "TransactionId",
            &["CreationDate", "LastUpdateDate", "TransactionDate"],
            &[],
        ),
        (
            "itemsV2",
            false,
            "ItemId",
            &["CreationDate", "LastUpdateDate"],
            &[],
        ),
        (
            "currencyRates",
            false,
            "ConversionRate",
            &["CreationDate", "LastUpdateDate"],
            &[],
        ),
        (
            "purchaseAgreements",
            false,
            "AgreementHeaderId",
            &["CreationDate", "LastUpdateDate"],
            &["lines"],
        ),
        (
            "expenseReports",
            false,
            "ExpenseReportId",
            &["CreationDate", "LastUpdateDate"],
            &["Expense"],
        ),
        (
            "accountCombinationsLOV",
            false,
            "_CODE_COMBINATION_ID",
            &[],
            &[],
        ),
        ("finBusinessUnitsLOV", false, "BusinessUnitId", &[], &[]),
        (
            "workers",
            true,
            "PersonId",
            &["CreationDate", "LastUpdateDate"],
            &["names", "emails", "workRelationships"],
        ),
        (
            "userAccounts",
            true,
            "UserId",
            &["CreationDate", "LastUpdateDate"],
            &["userAccountRoles"],
        ),
    ];
    for (name, hcm, id, stamps, children) in cases {
        let url = if *hcm {
            api.hcm(&format!("{name}?limit=3"))
        } else {
            api.fscm(&format!("{name}?limit=3"))
        };
        let page = api.ok(&url).await;
        assert!(page["count"].as_i64().unwrap() >= 1, "{name}");
        let row = &items(&page)[0];
        assert!(row[*id].is_number(), "{name}.{id}");
        for s in *stamps {
            assert!(
                row[*s].as_str().is_some_and(|t| t.contains('T')),
                "{name}.{s}"
            );
        }
        let child_links: Vec<String> = links_of(row)
            .into_iter()
            .filter(|(r, _)| r == "child")
            .map(|(_, h)| h.rsplit('/').next().unwrap().to_string())
            .collect();
        assert_eq!(
            child_links,
            children.iter().map(|c| c.to_string()).collect::<Vec<_>>(),
            "{name}"
        );
        // the item link answers the same row
        let one = api.ok(&self_href(row)).await;
        assert_eq!(one[*id], row[*id], "{name}");
    }
    // scale: enough rows to page through
    for (name, at_least) in [
        ("invoices", 1200),
        ("receivingTransactionsHistory", 300),
        ("suppliers", 100),
        ("purchaseRequisitions", 500),
    ] {
        let v = api
            .ok(&api.fscm(&format!("{name}?limit=1&totalResults=true")))
            .await;
        assert!(
            v["totalResults"].as_i64().unwrap() >= at_least,
            "{name}: {}",
            v["totalResults"]
        );
    }
}

#[tokio::test]
async fn workers_match_on_nested_assignment_numbers() {
    let api = shared().v(Some(4));
    let w = &items(
        &api.ok(&api.hcm("workers?limit=1&expand=workRelationships.assignments"))
            .await,
    )[0]
    .clone();
    let number = w["workRelationships"]["items"][0]["assignments"]["items"][0]["AssignmentNumber"]
        .as_str()
        .unwrap()
        .to_string();
    let q = enc(&format!(
        "workRelationships.assignments.AssignmentNumber = '{number}'"
    ));
    let found = api.ok(&api.hcm(&format!("workers?q={q}"))).await;
    assert_eq!(found["count"], 1);
    assert_eq!(items(&found)[0]["PersonId"], w["PersonId"]);
    let accounts = api
        .ok(&api.hcm(&format!(
            "userAccounts?q={}",
            enc(&format!("PersonId = {}", w["PersonId"]))
        )))
        .await;
    assert_eq!(items(&accounts)[0]["PersonNumber"], w["PersonNumber"]);
    assert_eq!(items(&accounts)[0]["GUID"].as_str().unwrap().len(), 32);
}

#[tokio::test]
async fn receipts_point_at_order_lines() {
    let api = shared().v(Some(2));
    let receipts = api
        .ok(&api.fscm(&format!(
            "receivingTransactionsHistory?q={}&limit=5",
            enc("TransactionType = 'RECEIVE'")
        )))
        .await;
    for r in items(&receipts) {
        let po = api
            .ok(&api.fscm(&format!(
                "purchaseOrders/{}/child/lines/{}",
                r["POHeaderId"], r["POLineId"]
            )))
            .await;
        assert_eq!(po["ItemDescription"], r["ItemDescription"]);
    }
}

// ---- Payables -----------------------------------------------------------------------

#[tokio::test]
async fn invoices_are_created_from_oracles_documented_example() {
    let (_sb, api, _c) = own(|c| c.purchase_orders = 400).await;
    // The body of Oracle's guide "Create an Invoice with a PO Matched Line and Freight Line".
    let body = json!({
        "InvoiceNumber": "1000183-3", "InvoiceCurrency": "USD", "InvoiceAmount": "130.80",
        "InvoiceDate": "2019-08-01", "BusinessUnit": "Vision Operations",
        "Supplier": "Advanced Network Devices", "SupplierSite": "FRESNO",
        "InvoiceGroup": "2019-08-01", "Description": "Supplies",
        "invoiceLines": [
            {"LineNumber": "1", "LineType": "Item", "Quantity": "1", "UnitPrice": "100.25", "LineAmount": "100.25",
             "PurchaseOrderNumber": "1000183", "PurchaseOrderLineNumber": "1", "PurchaseOrderScheduleLineNumber": "1"},
            {"LineNumber": "2", "LineType": "Freight", "LineAmount": "30.55"}
        ]
    });
    let r = api.post(&api.fscm("invoices"), &body).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text);
    let inv = r.json();
    assert_eq!(inv["InvoiceAmount"], 130.8);
    assert_eq!(inv["PaymentCurrency"], "USD");
    assert_eq!(inv["AccountingDate"].as_str().unwrap().len(), 10);
    assert_eq!(inv["ValidationStatus"], "Not validated");
    let id = inv["InvoiceId"].as_i64().unwrap();
    // the created children come back with the item (a collection under v4)
    let lines = &inv["invoiceLines"]["items"];
    assert_eq!(lines[0]["LineNumber"], 1);
    assert_eq!(lines[1]["LineAmount"], 30.55);
    // the unmatched project example, then the extra line with a project DFF
    let project = json!({
        "InvoiceNumber": "AND_Unmatched_Project_Invoice1", "InvoiceCurrency": "USD", "InvoiceAmount": 2212.75,
        "InvoiceDate": "2020-08-01", "BusinessUnit": "Vision Operations", "Supplier": "Advanced Network Devices",
        "SupplierSite": "FRESNO", "InvoiceGroup": "Aug2020", "Description": "Office Supplies",
        "invoiceLines": [{"LineNumber": 1, "LineAmount": 2212.75, "DistributionCombination": "01-000-7110-0000-000",
            "TaxClassification": "EXP STD",
            "invoiceLineProjectDff": [{"_PROJECT_ID_Display": "BAT-PJCBAT-Proj-02", "_TASK_ID_Display": "1.2",
                "_EXPENDITURE_ITEM_DATE": "2020-08-01", "_EXPENDITURE_TYPE_ID_Display": "Architects Fees",
                "_ORGANIZATION_ID_Display": "Vision Operations"}]}]
    });
    let r = api.post(&api.fscm("invoices"), &project).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text);
    let pid = r.json()["InvoiceId"].as_i64().unwrap();
    let extra = json!({"LineNumber": 2, "LineAmount": 112.75, "DistributionCombination": "01-000-7640-0000-000",
        "invoiceLineProjectDff": [{"_PROJECT_ID_Display": "BAT-PJCBAT-Proj-02", "_TASK_ID_Display": "1.2",
            "_EXPENDITURE_ITEM_DATE": "2020-09-01", "_EXPENDITURE_TYPE_ID_Display": "Airfare", "_ORGANIZATION_ID_Display": "Vision Operations"}]});
    let r = api
        .post(
            &api.fscm(&format!("invoices/{pid}/child/invoiceLines")),
            &extra,
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text);
    assert!(r.header("location").ends_with(&hash_long_int(pid, 2)));
    let dff = api
        .ok(&api.fscm(&format!(
            "invoices/{pid}/child/invoiceLines/{}/child/invoiceLineProjectDff",
            hash_long_int(pid, 2)
        )))
        .await;
    assert_eq!(items(&dff)[0]["_EXPENDITURE_TYPE_ID_Display"], "Airfare");
    // the same number for the same supplier again is a duplicate
    assert_eq!(
        api.post(&api.fscm("invoices"), &body).await.status,
        StatusCode::BAD_REQUEST
    );
    // bad names and accounts are 400s
    let mut bad = body.clone();
    bad["InvoiceNumber"] = json!("X-1");
    bad["invoiceLines"][0]["PurchaseOrderNumber"] = json!("999999999");
    assert_eq!(
        api.post(&api.fscm("invoices"), &bad).await.status,
        StatusCode::BAD_REQUEST
    );
    // validate, cancel, delete
    let r = api
        .action(
            &api.fscm(&format!("invoices/{id}/action/validateInvoice")),
            &json!({}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(
        api.ok(&api.fscm(&format!("invoices/{id}"))).await["ValidationStatus"],
        "Validated"
    );
    let r = api
        .send(api.req(
            reqwest::Method::DELETE,
            &api.fscm(&format!(
                "invoices/{pid}/child/invoiceLines/{}",
                hash_long_int(pid, 2)
            )),
        ))
        .await;
    assert_eq!(r.status, StatusCode::NO_CONTENT);
    let r = api
        .send(api.req(
            reqwest::Method::DELETE,
            &api.fscm(&format!("invoices/{pid}")),
        ))
        .await;
    assert_eq!(r.status, StatusCode::NO_CONTENT);
    assert_eq!(
        api.get(&api.fscm(&format!("invoices/{pid}"))).await.status,
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn requisitions_and_items_are_written_too() {
    let (_sb, api, _c) = own(|_| {}).await;
    let r = api
        .post(
            &api.fscm("purchaseRequisitions"),
            &json!({"RequisitioningBUId": 204, "ExternallyManagedFlag": false, "Description": "Laptops",
                    "lines": [{"LineNumber": 1, "LineTypeCode": "Goods", "CategoryName": "Computer Hardware",
                               "ItemDescription": "Laptop 14in", "Quantity": 2, "Price": 1450, "UOM": "Each"}]}),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text);
    let req = r.json();
    assert_eq!(req["DocumentStatusCode"], "INCOMPLETE");
    assert_eq!(req["RequisitioningBU"], "Vision Operations");
    assert_eq!(req["Preparer"], "Pat Stock");
    let loc = r.header("location").to_string();
    let r = api
        .action(&format!("{loc}/action/submit"), &json!({}))
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    assert_eq!(api.ok(&loc).await["DocumentStatusCode"], "APPROVED");
    assert_eq!(
        api.send(api.req(reqwest::Method::DELETE, &loc))
            .await
            .status,
        StatusCode::METHOD_NOT_ALLOWED
    );
    let r = api
        .post(&api.fscm("itemsV2"), &json!({"ItemNumber": "NEW-1", "OrganizationCode": "M1", "ItemClass": "Root Item Class", "ItemDescription": "New widget"}))
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text);
    let item = r.json();
    assert_eq!(item["OrganizationId"], 207);
    assert!(
        r.header("location")
            .contains("/itemsV2/00020000000EACED00057708")
    );
    let r = api
        .patch(
            r.header("location"),
            &json!({"ItemDescription": "Newer widget"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.json()["ItemDescription"], "Newer widget");
}

// ---- control API --------------------------------------------------------------------

#[tokio::test]
async fn control_changes_move_last_update_date_so_sync_sees_them() {
    let (_sb, api, control) = own(|_| {}).await;
    let api = api.v(Some(4));
    let keys = control.keys("purchaseOrders");
    let mark = "2026-01-01T00:00:00+00:00";
    let q = enc(&format!("LastUpdateDate > '{mark}'"));
    assert_eq!(
        api.ok(&api.fscm(&format!("purchaseOrders?q={q}"))).await["count"],
        0
    );
    // in process
    assert!(control.update(
        "purchaseOrders",
        &keys[3],
        json!({"Description": "changed in the UI"})
    ));
    // over HTTP
    let r = api
        .http
        .patch(format!(
            "{}/__sandbox/records/purchaseOrders/{}",
            api.base, keys[5]
        ))
        .json(&json!({"Description": "changed too"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::NO_CONTENT);
    let changed = api
        .ok(&api.fscm(&format!("purchaseOrders?q={q}&orderBy=LastUpdateDate:asc")))
        .await;
    assert_eq!(changed["count"], 2);
    assert_eq!(items(&changed)[0]["Description"], "changed in the UI");
    // delete, in process and over HTTP
    assert!(control.delete("purchaseOrders", &keys[0]));
    let r = api
        .http
        .delete(format!(
            "{}/__sandbox/records/purchaseOrders/{}",
            api.base, keys[1]
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::NO_CONTENT);
    assert_eq!(
        api.get(&api.fscm(&format!("purchaseOrders/{}", keys[0])))
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    let total = api
        .ok(&api.fscm("purchaseOrders?limit=1&totalResults=true"))
        .await;
    assert_eq!(total["totalResults"], 198);
    // insert
    let key = control
        .insert("suppliers", json!({"Supplier": "Inserted Supplier Co"}))
        .unwrap();
    assert_eq!(
        api.ok(&api.fscm(&format!("suppliers/{key}"))).await["Supplier"],
        "Inserted Supplier Co"
    );
    let listed: Vec<String> = api
        .http
        .get(format!("{}/__sandbox/records/suppliers", api.base))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(listed.contains(&key));
    let row: Value = api
        .http
        .get(format!("{}/__sandbox/records/suppliers/{key}", api.base))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(row["Supplier"], "Inserted Supplier Co");
    // reset: seeded data back
    let r = api
        .http
        .post(format!("{}/__sandbox/reset", api.base))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::NO_CONTENT);
    assert_eq!(
        api.ok(&api.fscm(&format!("purchaseOrders?q={q}"))).await["count"],
        0
    );
    assert_eq!(
        api.ok(&api.fscm("purchaseOrders?limit=1&totalResults=true"))
            .await["totalResults"],
        200
    );
    assert!(control.get("suppliers", &key).is_none());
    let tables: Value = api
        .http
        .get(format!("{}/__sandbox/tables", api.base))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(tables["purchaseOrders"], 200);
}

#[tokio::test]
async fn control_over_http_injects_faults_and_changes_settings() {
    let (_sb, api, _c) = own(|_| {}).await;
    let ctl = |p: &str| format!("{}/__sandbox/{p}", api.base);
    let put = |p: &str, v: Value| api.http.put(ctl(p)).json(&v).send();
    let r = api
        .http
        .post(ctl("faults"))
        .json(&json!({"kind": "maintenance", "body": "down", "retry_after": 30}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::NO_CONTENT);
    let got = api.get(&api.fscm("purchaseOrders")).await;
    assert_eq!(
        (got.status, got.text.as_str()),
        (StatusCode::SERVICE_UNAVAILABLE, "down")
    );
    assert_eq!(
        put("order", json!({"mode": "key_order"}))
            .await
            .unwrap()
            .status(),
        StatusCode::NO_CONTENT
    );
    let a = api.ok(&api.fscm("purchaseOrders?fields=POHeaderId")).await;
    let b = api.ok(&api.fscm("purchaseOrders?fields=POHeaderId")).await;
    assert_eq!(a, b);
    assert_eq!(
        put("page_cap", json!({"max_limit": 10}))
            .await
            .unwrap()
            .status(),
        StatusCode::NO_CONTENT
    );
    assert_eq!(
        api.ok(&api.fscm("purchaseOrders?limit=100")).await["limit"],
        10
    );
    assert_eq!(
        put("framework", json!({"default": 4, "max": 4}))
            .await
            .unwrap()
            .status(),
        StatusCode::NO_CONTENT
    );
    let r = api
        .v(None)
        .get(&api.fscm(&format!("purchaseOrders?q={}", enc("Nope = 1"))))
        .await;
    assert_eq!(
        r.header("content-type"),
        "application/vnd.oracle.adf.error+json",
        "v4 by default now"
    );
    assert_eq!(
        put("latency", json!({"ms": 30})).await.unwrap().status(),
        StatusCode::NO_CONTENT
    );
    let t = std::time::Instant::now();
    api.get(&api.fscm("purchaseOrders?limit=1")).await;
    assert!(t.elapsed() >= Duration::from_millis(30));
    let r = api
        .http
        .post(ctl("users"))
        .json(&json!({"username": "viewer", "password": "pw", "privileges": []}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::NO_CONTENT);
    let r = api
        .http
        .get(api.fscm("invoices"))
        .basic_auth("viewer", Some("pw"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    let r = api
        .http
        .post(ctl("clients"))
        .json(&json!({"id": "c2", "secret": "s2"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::NO_CONTENT);
    let scope = "urn:opc:resource:fa:instanceid=sandbox0001urn:opc:resource:consumer::all";
    let r = token(
        &api,
        &[("grant_type", "client_credentials"), ("scope", scope)],
        ("c2", "s2"),
    )
    .await;
    assert_eq!(r.status(), StatusCode::OK);
}
