//! The unified read API over real HTTP: paging that survives changes, sync tokens,
//! cursor binding, projection, tenant overrides, schemas, and errors.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{Value, json};
use simulators::coupa::Fault;

use crate::common::*;

const POS: &str = "/unified/procurement/purchase_orders";

fn no_dupes(ids: &[i64]) -> BTreeSet<i64> {
    let set: BTreeSet<i64> = ids.iter().copied().collect();
    assert_eq!(set.len(), ids.len(), "a record came twice");
    set
}

#[tokio::test]
async fn full_paging_returns_each_record_once_at_any_limit() {
    let env = Setup {
        records: 320,
        ..Setup::default()
    }
    .tenant(TenantSetup::new("acme"))
    .start()
    .await;
    let all: BTreeSet<i64> = env.control().ids("purchase_orders").into_iter().collect();
    assert!(all.len() >= 300);
    for limit in [7, 50, 120] {
        let (records, sync) = env.page_all("acme", POS, limit).await;
        let got = no_dupes(&ids(&records));
        assert_eq!(got, all, "limit {limit}");
        assert!(sync.is_some(), "the last page carries a sync token");
    }
}

#[tokio::test]
async fn paging_survives_inserts_deletes_and_updates_between_pages() {
    let env = Setup {
        records: 300,
        ..Setup::default()
    }
    .tenant(TenantSetup::new("acme"))
    .start()
    .await;
    let c = env.control();
    let start: Vec<i64> = c.ids("purchase_orders");
    let mut seen: Vec<i64> = Vec::new();
    let mut url = format!("{POS}?limit=40");
    let mut page_no = 0;
    let mut deleted = BTreeSet::new();
    let mut inserted = Vec::new();
    let template = c.get("purchase_orders", start[0]).unwrap();
    loop {
        let (status, body) = env.get_json("acme", &url).await;
        assert_eq!(status, 200, "{body}");
        seen.extend(ids(body["result"].as_array().unwrap()));
        page_no += 1;
        if page_no == 1 {
            {
                // Inserts, deletes of unseen and seen records, updates of both.
                for i in 0..5 {
                    let mut rec = template.clone();
                    rec["po-number"] = json!(format!("NEW-{i}"));
                    inserted.push(c.insert("purchase_orders", rec));
                }
                let unseen: Vec<i64> = start
                    .iter()
                    .copied()
                    .filter(|id| !seen.contains(id))
                    .collect();
                for id in [unseen[3], unseen[50], unseen[120]] {
                    c.delete("purchase_orders", id);
                    deleted.insert(id);
                }
                for id in [seen[1], seen[2]] {
                    c.delete("purchase_orders", id);
                    deleted.insert(id);
                }
                for id in [seen[5], seen[6], unseen[10], unseen[60]] {
                    c.update("purchase_orders", id, json!({"status": "closed"}));
                }
            }
        }
        match body["next_cursor"].as_str() {
            Some(cur) => url = format!("{POS}?limit=40&cursor={}", encode(cur)),
            None => break,
        }
    }
    let got = no_dupes(&seen);
    for id in &start {
        if !deleted.contains(id) {
            assert!(
                got.contains(id),
                "record {id} existed throughout but was missed"
            );
        }
    }
}

/// A page of 200 needs four Coupa pages of 50: procura asks for them at once (the
/// same keyset page at offsets, each overlapping the one before by one record). Here
/// the first call to arrive answers at once and the others 300 ms later, while records of
/// the page's range are deleted and others inserted and updated: the offsets shift under
/// the late calls, the overlap no longer matches, and procura completes the page one
/// keyset call at a time. Every record that existed throughout comes exactly once.
#[tokio::test]
async fn concurrent_upstream_pages_skip_nothing_and_repeat_nothing_under_churn() {
    use std::time::Duration;
    let env = Setup {
        records: 700,
        ..Setup::default()
    }
    // concurrent calls need a known budget with room to spare
    .tenant(TenantSetup::new("acme").rate_limit(1000, 1))
    .start()
    .await;
    let c = env.control();
    let start: Vec<i64> = c.ids("purchase_orders");
    let template = c.get("purchase_orders", start[0]).unwrap();
    let mut seen: Vec<i64> = Vec::new();
    let mut deleted = BTreeSet::new();
    let mut url = format!("{POS}?limit=200");
    let mut pages = 0;
    loop {
        c.reset_counters();
        c.push_fault(Fault::Pass);
        for _ in 0..3 {
            c.push_fault(Fault::Slow(Duration::from_millis(300)));
        }
        let churn = async {
            tokio::time::sleep(Duration::from_millis(100)).await;
            // the next records the page will hold, and one further on
            let unseen: Vec<i64> = start
                .iter()
                .copied()
                .filter(|id| !seen.contains(id) && !deleted.contains(id))
                .collect();
            let mut gone = Vec::new();
            for id in unseen.iter().take(60).step_by(20).chain(unseen.get(120)) {
                if c.delete("purchase_orders", *id) {
                    gone.push(*id);
                }
            }
            let mut rec = template.clone();
            rec["po-number"] = json!(format!("NEW-{pages}"));
            c.insert("purchase_orders", rec);
            if let Some(id) = unseen.get(30) {
                c.update("purchase_orders", *id, json!({"status": "closed"}));
            }
            gone
        };
        let ((status, body), gone) = tokio::join!(env.get_json("acme", &url), churn);
        deleted.extend(gone);
        assert_eq!(status, 200, "{body}");
        seen.extend(ids(body["result"].as_array().unwrap()));
        pages += 1;
        if pages == 1 {
            // the first page was asked for in four calls at offsets
            let offsets: BTreeSet<String> = c
                .counters()
                .recent
                .iter()
                .filter(|r| r.path == "/api/purchase_orders")
                .filter_map(|r| {
                    r.query
                        .split('&')
                        .find_map(|kv| kv.strip_prefix("offset=").map(str::to_string))
                })
                .collect();
            assert_eq!(
                offsets,
                ["49", "98", "147"].map(String::from).into(),
                "the first page's later stretches"
            );
        }
        match body["next_cursor"].as_str() {
            Some(cur) => url = format!("{POS}?limit=200&cursor={}", encode(cur)),
            None => break,
        }
    }
    let got = no_dupes(&seen);
    for id in &start {
        if !deleted.contains(id) {
            assert!(
                got.contains(id),
                "record {id} existed throughout but was missed"
            );
        }
    }
    assert!(!deleted.is_empty());
}

#[tokio::test]
async fn a_sync_token_returns_what_changed_since_the_run_began() {
    let env = Setup {
        records: 150,
        ..Setup::default()
    }
    .tenant(TenantSetup::new("acme"))
    .start()
    .await;
    let c = env.control();
    let (first, sync) = env.page_all("acme", POS, 50).await;
    assert_eq!(first.len(), c.ids("purchase_orders").len());
    let sync = sync.expect("sync token on the last page");
    let template = c
        .get("purchase_orders", c.ids("purchase_orders")[0])
        .unwrap();
    let mut rec = template.clone();
    rec["po-number"] = json!("AFTER-RUN");
    let new_id = c.insert("purchase_orders", rec);
    let updated = c.ids("purchase_orders")[7];
    c.update("purchase_orders", updated, json!({"status": "closed"}));
    let (second, next_sync) = env
        .page_all("acme", &format!("{POS}?sync_token={}", encode(&sync)), 50)
        .await;
    let got: BTreeSet<i64> = ids(&second).into_iter().collect();
    assert!(got.contains(&new_id), "the inserted record comes");
    assert!(got.contains(&updated), "the updated record comes");
    // Seeded records changed long before the run: none of them come back.
    assert!(got.len() <= 2, "only recent changes: {got:?}");
    assert!(next_sync.is_some());
    // A sync token cannot be combined with updated_after, nor used as a cursor.
    let (s, _) = env
        .get_json(
            "acme",
            &format!(
                "{POS}?sync_token={}&updated_after=2025-01-01T00:00:00Z",
                encode(&sync)
            ),
        )
        .await;
    assert_eq!(s, 400);
    let (s, _) = env
        .get_json("acme", &format!("{POS}?cursor={}", encode(&sync)))
        .await;
    assert_eq!(s, 400);
}

#[tokio::test]
async fn cursors_are_bound_and_tamper_proof() {
    let env = Setup::default()
        .tenant(TenantSetup::new("acme"))
        .tenant(TenantSetup::new("globex"))
        .start()
        .await;
    let (_, page) = env
        .get_json("acme", &format!("{POS}?limit=5&status=issued"))
        .await;
    let cursor = page["next_cursor"]
        .as_str()
        .expect("more pages")
        .to_string();
    let ok = env
        .get_json("acme", &format!("{POS}?limit=5&cursor={}", encode(&cursor)))
        .await;
    assert_eq!(ok.0, 200, "other parameters may be omitted with a cursor");
    let ok = env
        .get_json(
            "acme",
            &format!("{POS}?limit=9&status=issued&cursor={}", encode(&cursor)),
        )
        .await;
    assert_eq!(ok.0, 200, "limit may change");
    let mut bad = vec![
        ("globex", format!("{POS}?cursor={}", encode(&cursor))),
        (
            "acme",
            format!("/unified/procurement/invoices?cursor={}", encode(&cursor)),
        ),
        (
            "acme",
            format!("{POS}?status=draft&cursor={}", encode(&cursor)),
        ),
        ("acme", format!("{POS}?cursor=garbage")),
    ];
    for i in [0, cursor.len() / 2, cursor.len() - 1] {
        let mut b = cursor.clone().into_bytes();
        b[i] = if b[i] == b'A' { b'B' } else { b'A' };
        bad.push((
            "acme",
            format!("{POS}?cursor={}", encode(&String::from_utf8(b).unwrap())),
        ));
    }
    for (tenant, url) in bad {
        let (status, body) = env.get_json(tenant, &url).await;
        assert_eq!(status, 400, "{tenant} {url}: {body}");
        assert_eq!(body["parameter"], "cursor");
    }
}

#[tokio::test]
async fn bad_parameters_are_named() {
    let env = Setup::default()
        .tenant(TenantSetup::new("acme"))
        .start()
        .await;
    for (query, param) in [
        ("limit=0", "limit"),
        ("limit=201", "limit"),
        ("limit=abc", "limit"),
        ("limit=5.5", "limit"),
        ("updated_after=yesterday", "updated_after"),
        ("created_after=2025-13-01", "created_after"),
        ("colour=red", "colour"),
        ("status=a&status=b", "status"),
        ("remote_data=maybe", "remote_data"),
    ] {
        let (status, body) = env.get_json("acme", &format!("{POS}?{query}")).await;
        assert_eq!(status, 400, "{query}: {body}");
        assert_eq!(body["parameter"], param, "{query}");
        assert!(body["detail"].as_str().unwrap().contains(param));
    }
    let (status, _) = env.get_json("acme", &format!("{POS}/abc")).await;
    assert_eq!(status, 400);
    let (status, body) = env.get_json("acme", &format!("{POS}/1")).await;
    assert_eq!(status, 404, "{body}");
    let (status, _) = env.get_json("acme", "/unified/procurement/widgets").await;
    assert_eq!(status, 404);
}

/// A deployment that raises `server.max_page_size` serves pages that large, and its
/// served `openapi.yaml` says so: a client generated from it accepts the pages the
/// gateway serves, no more.
#[tokio::test]
async fn the_served_openapi_bounds_limit_by_the_deployments_page_size() {
    let env = Setup {
        records: 320,
        server: vec![("max_page_size", 300)],
        ..Setup::default()
    }
    .tenant(TenantSetup::new("acme"))
    .start()
    .await;
    let text = env
        .http
        .get(format!("{}/openapi.yaml", env.gateway))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let doc: Value = yaml_serde::from_str(&text).expect("the served description parses");
    let limit = &doc["components"]["parameters"]["Limit"]["schema"];
    assert_eq!(limit["maximum"], 300, "{limit}");
    assert_eq!(limit["default"], 50, "{limit}");
    let (status, page) = env.get_json("acme", &format!("{POS}?limit=300")).await;
    assert_eq!(status, 200, "{page}");
    assert!(page["result"].as_array().unwrap().len() > 200, "{page}");
    let (status, body) = env.get_json("acme", &format!("{POS}?limit=301")).await;
    assert_eq!(status, 400, "{body}");
    assert!(
        body["detail"].as_str().unwrap().contains("1 to 300"),
        "{body}"
    );
}

#[tokio::test]
async fn filters_and_windows_reach_coupa() {
    let env = Setup::default()
        .tenant(TenantSetup::new("acme"))
        .start()
        .await;
    let (_, page) = env.get_json("acme", &format!("{POS}?limit=200")).await;
    let first = &page["result"][0];
    let supplier = first["supplier"]["id"].as_str().unwrap();
    let (records, _) = env
        .page_all("acme", &format!("{POS}?supplier_id={supplier}"), 50)
        .await;
    assert!(!records.is_empty());
    assert!(records.iter().all(|r| r["supplier"]["id"] == supplier));
    let (records, _) = env
        .page_all(
            "acme",
            &format!("{POS}?updated_after=2099-01-01T00:00:00Z"),
            50,
        )
        .await;
    assert!(records.is_empty());
    let q = env
        .control()
        .counters()
        .recent
        .last()
        .unwrap()
        .query
        .clone();
    assert!(
        q.contains("updated_at[gt]=2099-01-01T00%3A00%3A00Z") || q.contains("updated_at%5Bgt%5D"),
        "{q}"
    );
}

#[tokio::test]
async fn a_429_inside_a_multi_call_page_returns_what_was_gathered() {
    let env = Setup::default()
        .tenant(TenantSetup::new("acme"))
        .start()
        .await;
    let (status, _) = env.get_json("acme", &format!("{POS}?limit=1")).await;
    assert_eq!(status, 200);
    let c = env.control();
    // First upstream call fine, the second refused.
    c.push_fault(Fault::Pass);
    c.push_fault(Fault::TooMany {
        body: "Rate limit exceeded".into(),
        retry_after: None,
        content_type: "text/plain".into(),
    });
    let (status, page) = env.get_json("acme", &format!("{POS}?limit=120")).await;
    assert_eq!(status, 200, "{page}");
    assert_eq!(page["result"].as_array().unwrap().len(), 50);
    let cursor = page["next_cursor"].as_str().unwrap();
    let (status, next) = env
        .get_json(
            "acme",
            &format!("{POS}?limit=120&cursor={}", encode(cursor)),
        )
        .await;
    assert_eq!(status, 200);
    let a = ids(page["result"].as_array().unwrap());
    let b = ids(next["result"].as_array().unwrap());
    assert!(a.last() < b.first(), "resumes after what was returned");
}

const COST_CENTER: &str = r#"
response: |
  { "custom_fields": { "cost_center": `custom-fields`.`cost-center-code` } }
filters:
  cost_center: "custom_fields[cost_center_code]"
"#;

fn fields_param(query: &str) -> String {
    url::form_urlencoded::parse(query.as_bytes())
        .find(|(k, _)| k == "fields")
        .map(|(_, v)| v.into_owned())
        .unwrap_or_default()
}

/// An override that reads the level below (`$base`), removes a key with `null` and
/// replaces another: merged into the base record in the base's key order.
#[tokio::test]
async fn an_override_reads_base_and_merges_over_it() {
    let over = r#"
response: |
  {
    "title": $base.number & " (" & $base.status & ")",
    "type": null,
    "status": $uppercase($base.status),
    "lines": [$base.lines.{ "id": id, "line_number": line_number }]
  }
"#;
    let env = Setup::default()
        .tenant(TenantSetup::new("acme").override_file("purchase_orders.yaml", over))
        .tenant(TenantSetup::new("globex"))
        .start()
        .await;
    let (_, a) = env.get_json("acme", &format!("{POS}?limit=5")).await;
    let (_, g) = env.get_json("globex", &format!("{POS}?limit=5")).await;
    for (r, base) in a["result"]
        .as_array()
        .unwrap()
        .iter()
        .zip(g["result"].as_array().unwrap())
    {
        let status = base["status"].as_str().unwrap();
        assert_eq!(
            r["title"],
            json!(format!("{} ({status})", base["number"].as_str().unwrap()))
        );
        assert_eq!(r["status"], json!(status.to_uppercase()));
        assert!(r.get("type").is_none(), "null removes the key: {r}");
        let lines = r["lines"].as_array().unwrap();
        assert_eq!(lines.len(), base["lines"].as_array().unwrap().len());
        for (l, bl) in lines.iter().zip(base["lines"].as_array().unwrap()) {
            assert_eq!(
                l,
                &json!({"id": bl["id"], "line_number": bl["line_number"]})
            );
        }
        let keys: Vec<&String> = r.as_object().unwrap().keys().collect();
        let base_keys: Vec<&String> = base
            .as_object()
            .unwrap()
            .keys()
            .filter(|k| *k != "type")
            .collect();
        assert_eq!(keys[..base_keys.len()], base_keys[..], "base order kept");
        assert_eq!(keys.last().unwrap().as_str(), "title", "new keys after");
    }
}

#[tokio::test]
async fn a_tenant_override_adds_a_custom_field_for_that_tenant_only() {
    let env = Setup::default()
        .tenant(TenantSetup::new("acme").override_file("purchase_orders.yaml", COST_CENTER))
        .tenant(TenantSetup::new("globex"))
        .start()
        .await;
    let (_, a) = env.get_json("acme", &format!("{POS}?limit=3")).await;
    let acme_fields = fields_param(&env.control().counters().recent.last().unwrap().query);
    let (_, g) = env.get_json("globex", &format!("{POS}?limit=3")).await;
    let globex_fields = fields_param(&env.control().counters().recent.last().unwrap().query);
    for r in a["result"].as_array().unwrap() {
        assert!(r["custom_fields"]["cost_center"].is_string(), "{r}");
        assert!(r["number"].is_string(), "the base fields stay");
    }
    for r in g["result"].as_array().unwrap() {
        assert_eq!(r["custom_fields"], json!({}));
    }
    assert!(acme_fields.contains("cost_center_code"), "{acme_fields}");
    assert!(!globex_fields.contains("cost_center"), "{globex_fields}");
    // The override's filter works for acme and is unknown for globex.
    let cc = a["result"][0]["custom_fields"]["cost_center"]
        .as_str()
        .unwrap();
    let (records, _) = env
        .page_all("acme", &format!("{POS}?cost_center={cc}"), 50)
        .await;
    assert!(!records.is_empty());
    assert!(
        records
            .iter()
            .all(|r| r["custom_fields"]["cost_center"] == cc)
    );
    let (status, _) = env
        .get_json("globex", &format!("{POS}?cost_center={cc}"))
        .await;
    assert_eq!(status, 400);
    // The tenant's schema names the field.
    let (status, schema) = env.get_json("acme", &format!("{POS}/schema")).await;
    assert_eq!(status, 200);
    assert!(
        schema
            .pointer("/properties/custom_fields/properties/cost_center")
            .is_some(),
        "{schema}"
    );
    let (_, schema) = env.get_json("globex", &format!("{POS}/schema")).await;
    assert!(
        schema
            .pointer("/properties/custom_fields/properties/cost_center")
            .is_none()
    );
}

#[tokio::test]
async fn projection_cuts_upstream_bytes() {
    let env = Setup {
        records: 300,
        ..Setup::default()
    }
    .tenant(TenantSetup::new("acme"))
    .start()
    .await;
    let c = env.control();
    c.reset_counters();
    let (projected, _) = env.page_all("acme", POS, 50).await;
    let with = c
        .counters()
        .bytes
        .get("/api/purchase_orders")
        .copied()
        .unwrap_or(0);
    c.reset_counters();
    let (full, _) = env
        .page_all("acme", &format!("{POS}?remote_data=true"), 50)
        .await;
    let without = c
        .counters()
        .bytes
        .get("/api/purchase_orders")
        .copied()
        .unwrap_or(0);
    assert_eq!(projected.len(), full.len());
    let ratio = without as f64 / with.max(1) as f64;
    println!(
        "projection: {} records, upstream bytes {without} without and {with} with projection: {ratio:.1}x fewer",
        projected.len()
    );
    assert!(ratio >= 3.0, "projection cut only {ratio:.1}x");
    // Same unified records either way.
    for (a, mut b) in projected.into_iter().zip(full) {
        b.as_object_mut().unwrap().remove("remote_data");
        assert_eq!(a, b);
    }
}

/// A Coupa that ignores `fields` sends whole records; the gateway reads them down to
/// what the mappings use and answers exactly as when Coupa honours the projection,
/// for every shipped resource, in lists and single reads (with a tenant override that
/// reads custom fields).
#[tokio::test]
async fn whole_records_map_as_projected_ones() {
    let env = Setup {
        records: 120,
        ..Setup::default()
    }
    .tenant(TenantSetup::new("acme").override_file(
        "purchase_orders.yaml",
        "response: |\n  { \"custom_fields\": { \"cost_center\": `custom-fields`.`cost-center-code` } }\n",
    ))
    .start()
    .await;
    let c = env.control();
    let mut resources: Vec<String> =
        std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/mappings/coupa"))
            .unwrap()
            .flatten()
            .filter_map(|e| Some(e.path().file_stem()?.to_str()?.to_string()))
            .collect();
    resources.sort();
    assert!(resources.len() >= 10, "{resources:?}");
    for resource in &resources {
        let path = format!("/unified/procurement/{resource}");
        c.set_fields_honoured(true);
        c.reset_counters();
        let (projected, _) = env.page_all("acme", &path, 40).await;
        let bytes_projected: u64 = c.counters().bytes.values().sum();
        c.set_fields_honoured(false);
        c.reset_counters();
        let (whole, _) = env.page_all("acme", &path, 40).await;
        let bytes_whole: u64 = c.counters().bytes.values().sum();
        assert!(!projected.is_empty(), "{resource}: no records");
        assert_eq!(
            projected, whole,
            "{resource}: whole records mapped differently"
        );
        assert!(
            bytes_whole > bytes_projected,
            "{resource}: Coupa sent {bytes_whole} bytes whole and {bytes_projected} projected"
        );
        let id = projected[0]["id"].as_str().unwrap().to_string();
        let (status, one) = env.get_json("acme", &format!("{path}/{id}")).await;
        assert_eq!(status, 200, "{resource}: {one}");
        assert_eq!(
            one, projected[0],
            "{resource}: a single read mapped differently"
        );
    }
    c.set_fields_honoured(true);
    let first = &env.page_all("acme", POS, 5).await.0[0];
    assert!(first["custom_fields"]["cost_center"].is_string(), "{first}");
}

#[tokio::test]
async fn remote_data_is_the_raw_record() {
    let env = Setup::default()
        .tenant(TenantSetup::new("acme"))
        .start()
        .await;
    let id = env.control().ids("purchase_orders")[0];
    let (status, r) = env
        .get_json("acme", &format!("{POS}/{id}?remote_data=true"))
        .await;
    assert_eq!(status, 200);
    assert_eq!(r["remote_data"]["id"], json!(id));
    assert!(r["remote_data"]["order-lines"].is_array());
    assert_eq!(r["id"], json!(id.to_string()));
    // untouched: exactly the record Coupa holds, not the fields the mapping reads
    let stored = env.control().get("purchase_orders", id).unwrap();
    assert_eq!(r["remote_data"], stored);
    let (status, page) = env
        .get_json("acme", &format!("{POS}?limit=3&remote_data=true"))
        .await;
    assert_eq!(status, 200);
    for rec in page["result"].as_array().unwrap() {
        let id = rec["remote_data"]["id"].as_i64().unwrap();
        assert_eq!(
            rec["remote_data"],
            env.control().get("purchase_orders", id).unwrap()
        );
    }
}

#[tokio::test]
async fn a_failing_mapping_is_a_502_naming_resource_tenant_and_record() {
    let broken = r#"
response: |
  { "custom_fields": { "bad": $number(`po-number`) } }
"#;
    let env = Setup::default()
        .tenant(TenantSetup::new("acme").override_file("purchase_orders.yaml", broken))
        .start()
        .await;
    let (status, p) = env.get_json("acme", &format!("{POS}?limit=2")).await;
    assert_eq!(status, 502, "{p}");
    assert!(p["type"].as_str().unwrap().ends_with("mapping_error"));
    assert_eq!(p["resource"], "purchase_orders");
    assert_eq!(p["tenant_id"], "acme");
    assert!(p["record_id"].as_str().unwrap().parse::<i64>().is_ok());
    assert_eq!(p["jsonata_code"], "D3030");
    assert_eq!(p["mapping_file"], "purchase_orders.yaml");
}

/// Every resource lists and gets through the sandbox, and its records validate against
/// the schemas of openapi.yaml.
#[tokio::test]
async fn every_resource_lists_gets_and_matches_the_openapi_schema() {
    let env = Setup::default()
        .tenant(TenantSetup::new("acme"))
        .start()
        .await;
    let schemas = gateway::resources::schema::schemas();
    let registry = env.state.registry();
    let names: Vec<String> = registry
        .all(Some("acme"))
        .map(|e| e.resource.name.clone())
        .collect();
    assert_eq!(names.len(), 14);
    let mut checked = BTreeMap::new();
    for name in names {
        let schema = schemas
            .standalone(schemas.record_name(&name).unwrap())
            .unwrap();
        let validator = jsonschema::validator_for(&schema).unwrap();
        let (status, page) = env
            .get_json("acme", &format!("/unified/procurement/{name}?limit=20"))
            .await;
        assert_eq!(status, 200, "{name}: {page}");
        let records = page["result"].as_array().unwrap();
        assert!(!records.is_empty(), "{name} has records");
        for r in records {
            let errors: Vec<String> = validator
                .iter_errors(r)
                .map(|e| format!("{} at {}", e, e.instance_path))
                .collect();
            assert!(
                errors.is_empty(),
                "{name} record {} breaks the schema: {errors:?}",
                r["id"]
            );
        }
        let id = records[0]["id"].as_str().unwrap();
        let (status, one) = env
            .get_json("acme", &format!("/unified/procurement/{name}/{id}"))
            .await;
        assert_eq!(status, 200, "{name}/{id}");
        assert_eq!(&one, &records[0], "{name}: get and list agree");
        checked.insert(name, records.len());
    }
    println!("validated against openapi.yaml: {checked:?}");
}

fn instant(s: &str) -> i64 {
    time::OffsetDateTime::parse(s, &time::format_description::well_known::Rfc3339)
        .unwrap_or_else(|e| panic!("{s}: {e}"))
        .unix_timestamp()
}

fn utc(secs: i64) -> String {
    time::OffsetDateTime::from_unix_timestamp(secs)
        .unwrap()
        .format(&time::format_description::well_known::Rfc3339)
        .unwrap()
}

/// The `/api/purchase_orders` queries the sandbox saw since `from`, as parameter maps.
fn upstream_queries(env: &Env, from: usize) -> Vec<BTreeMap<String, String>> {
    env.control().counters().recent[from..]
        .iter()
        .filter(|r| r.path == "/api/purchase_orders")
        .map(|r| {
            url::form_urlencoded::parse(r.query.as_bytes())
                .into_owned()
                .collect()
        })
        .collect()
}

/// `updated_before` and `created_after` become Coupa's `updated_at[lt]` and
/// `created_at[gt]` on every upstream call of the listing, and the records returned are
/// exactly those the bounds (strict, as Coupa's operators are) allow.
#[tokio::test]
async fn updated_before_and_created_after_reach_coupa_and_bound_the_results() {
    let env = Setup::default()
        .tenant(TenantSetup::new("acme"))
        .start()
        .await;
    let (all, _) = env.page_all("acme", POS, 200).await;
    assert_eq!(all.len(), 120);
    let stamp = |r: &Value, k: &str| instant(r[k].as_str().unwrap());
    let mut updated: Vec<i64> = all.iter().map(|r| stamp(r, "updated_at")).collect();
    let mut created: Vec<i64> = all.iter().map(|r| stamp(r, "created_at")).collect();
    updated.sort();
    created.sort();
    // Bounds on a record's own stamp, so strictness shows.
    let before = updated[updated.len() / 2];
    let after = created[created.len() / 3];
    let expect = |f: &dyn Fn(&Value) -> bool| -> BTreeSet<i64> {
        ids(&all.iter().filter(|r| f(r)).cloned().collect::<Vec<_>>())
            .into_iter()
            .collect()
    };
    // (query, the ids it allows, the parameters Coupa must see)
    type Case<'a> = (String, BTreeSet<i64>, Vec<(&'a str, String)>);
    let cases: Vec<Case> = vec![
        (
            format!("updated_before={}", encode(&utc(before))),
            expect(&|r| stamp(r, "updated_at") < before),
            vec![("updated_at[lt]", utc(before))],
        ),
        (
            format!("created_after={}", encode(&utc(after))),
            expect(&|r| stamp(r, "created_at") > after),
            vec![("created_at[gt]", utc(after))],
        ),
        (
            format!(
                "created_after={}&updated_before={}",
                encode(&utc(after)),
                encode(&utc(before))
            ),
            expect(&|r| stamp(r, "created_at") > after && stamp(r, "updated_at") < before),
            vec![
                ("created_at[gt]", utc(after)),
                ("updated_at[lt]", utc(before)),
            ],
        ),
    ];
    for (query, expected, upstream) in cases {
        assert!(
            !expected.is_empty() && expected.len() < all.len(),
            "{query}"
        );
        let from = env.control().counters().recent.len();
        let (got, _) = env.page_all("acme", &format!("{POS}?{query}"), 10).await;
        let got_ids: Vec<i64> = ids(&got);
        assert_eq!(
            got_ids.iter().copied().collect::<BTreeSet<_>>(),
            expected,
            "{query}: exactly the records the bounds allow"
        );
        assert_eq!(got_ids.len(), expected.len(), "{query}: each once");
        let seen = upstream_queries(&env, from);
        assert!(seen.len() >= 2, "{query}: several upstream pages");
        for q in &seen {
            for (param, value) in &upstream {
                assert_eq!(
                    q.get(*param),
                    Some(value),
                    "{query}: Coupa was asked {param}={value} on every call: {q:?}"
                );
            }
        }
    }
}

/// Level 2: a deployment override (`[mappings] override_dir`) applies to every tenant;
/// a tenant's own override merges over it and reads its result as `$base`; its filters
/// and declared fields reach every tenant.
#[tokio::test]
async fn a_deployment_override_applies_to_every_tenant_under_their_own() {
    let deployment = r#"
response: |
  {
    "number": "D-" & $base.number,
    "custom_fields": { "cost_center": `custom-fields`.`cost-center-code` }
  }
filters:
  cost_center: "custom_fields[cost_center_code]"
schema:
  custom_fields.cost_center: { type: [string, "null"] }
"#;
    let tenant = r#"
response: |
  {
    "number": $base.number & "-T",
    "custom_fields": { "project": `custom-fields`.`project-code` }
  }
"#;
    let env = Setup::default()
        .deployment_override("purchase_orders.yaml", deployment)
        .tenant(TenantSetup::new("acme").override_file("purchase_orders.yaml", tenant))
        .tenant(TenantSetup::new("globex"))
        .start()
        .await;
    let (_, a) = env.get_json("acme", &format!("{POS}?limit=5")).await;
    let (_, g) = env.get_json("globex", &format!("{POS}?limit=5")).await;
    let pairs = a["result"]
        .as_array()
        .unwrap()
        .iter()
        .zip(g["result"].as_array().unwrap());
    for (acme, globex) in pairs {
        let id: i64 = acme["id"].as_str().unwrap().parse().unwrap();
        let raw = env.control().get("purchase_orders", id).unwrap();
        let po_number = raw["po-number"].as_str().unwrap();
        let cost_center = &raw["custom-fields"]["cost-center-code"];
        assert_eq!(
            globex["number"],
            json!(format!("D-{po_number}")),
            "level 2 for all"
        );
        assert_eq!(globex["custom_fields"], json!({"cost_center": cost_center}));
        assert_eq!(
            acme["number"],
            json!(format!("D-{po_number}-T")),
            "level 3 over 2"
        );
        assert_eq!(
            acme["custom_fields"],
            json!({"cost_center": cost_center, "project": raw["custom-fields"]["project-code"]}),
            "merged"
        );
        assert_eq!(
            acme["status"], globex["status"],
            "the base stays under both"
        );
    }
    let cc = g["result"][0]["custom_fields"]["cost_center"]
        .as_str()
        .unwrap();
    for tenant in ["acme", "globex"] {
        let (records, _) = env
            .page_all(tenant, &format!("{POS}?cost_center={cc}"), 50)
            .await;
        assert!(!records.is_empty());
        assert!(
            records
                .iter()
                .all(|r| r["custom_fields"]["cost_center"] == cc)
        );
        let (_, schema) = env.get_json(tenant, &format!("{POS}/schema")).await;
        assert!(
            schema
                .pointer("/properties/custom_fields/properties/cost_center")
                .is_some(),
            "{tenant}: the declared field is in its schema"
        );
    }
}

/// `mode: replace`: the level's result is the record, nothing of the levels below is
/// merged in; a level above still merges over it.
#[tokio::test]
async fn a_replace_override_is_the_record_and_levels_above_merge_over_it() {
    let deployment = r#"
mode: replace
response: |
  { "id": $string(id), "name": $uppercase(name) }
"#;
    let tenant_replace = r#"
mode: replace
response: |
  { "id": $string(id), "reference": `po-number`, "had_base": $exists($base.lines) }
"#;
    let tenant_merge = r#"
response: |
  { "active": active = true }
"#;
    let env = Setup::default()
        .deployment_override("departments.yaml", deployment)
        .tenant(
            TenantSetup::new("acme")
                .override_file("purchase_orders.yaml", tenant_replace)
                .override_file("departments.yaml", tenant_merge),
        )
        .tenant(TenantSetup::new("globex"))
        .start()
        .await;
    let (_, page) = env.get_json("acme", &format!("{POS}?limit=3")).await;
    for r in page["result"].as_array().unwrap() {
        let id: i64 = r["id"].as_str().unwrap().parse().unwrap();
        let raw = env.control().get("purchase_orders", id).unwrap();
        assert_eq!(
            r,
            &json!({"id": id.to_string(), "reference": raw["po-number"], "had_base": true}),
            "only the replacing level's fields"
        );
    }
    let (_, g) = env.get_json("globex", &format!("{POS}?limit=1")).await;
    assert!(g["result"][0]["lines"].is_array(), "globex keeps the base");
    let departments = "/unified/procurement/departments?limit=50";
    let (_, a) = env.get_json("acme", departments).await;
    let (_, g) = env.get_json("globex", departments).await;
    for (acme, globex) in a["result"]
        .as_array()
        .unwrap()
        .iter()
        .zip(g["result"].as_array().unwrap())
    {
        let id: i64 = globex["id"].as_str().unwrap().parse().unwrap();
        let raw = env.control().get("departments", id).unwrap();
        let name = raw["name"].as_str().unwrap().to_uppercase();
        assert_eq!(globex, &json!({"id": id.to_string(), "name": name}));
        assert_eq!(
            acme,
            &json!({"id": id.to_string(), "name": name, "active": raw["active"]}),
        );
    }
}
