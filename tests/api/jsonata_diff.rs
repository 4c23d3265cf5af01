//! The mapping engine against the reference engine (npm `jsonata` under Node): the
//! shipped mappings over sandbox records give byte-identical output.
//!
//! Needs `node` and npm `jsonata`, which `.ci/test` installs under
//! `tests/external/node_modules`. Without them the test says so and passes, unless
//! `PROCURA_TEST_STRICT=1`.

use std::process::Command;

use jsonata::{Bindings, Expression, to_json_string};
use serde_json::{Value, json};
use simulators::coupa::{Sandbox, SandboxConfig};

use crate::common::{repo, strict};

fn reference_engine() -> Option<std::path::PathBuf> {
    let module = repo().join("tests/external/node_modules/jsonata");
    let node = Command::new("node").arg("--version").output().is_ok();
    if node && module.exists() {
        return Some(module);
    }
    if strict() {
        panic!(
            "the differential test needs node and npm jsonata (tests/external/node_modules; .ci/test installs them)"
        );
    }
    eprintln!("SKIPPED: node or npm jsonata missing; run .ci/test to install them");
    None
}

/// Raw records of a resource, as Coupa's JSON gives them.
async fn records(sandbox: &Sandbox, http: &reqwest::Client, token: &str, path: &str) -> Vec<Value> {
    http.get(format!("{}{path}?limit=25", sandbox.base_url()))
        .bearer_auth(token)
        .header("accept", "application/json")
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap()
}

#[tokio::test]
async fn shipped_mappings_match_jsonata_js_byte_for_byte() {
    let Some(module) = reference_engine() else {
        return;
    };
    let sandbox = Sandbox::start(SandboxConfig {
        listen: "127.0.0.1:0".parse().unwrap(),
        records: 40,
        token_min_age: std::time::Duration::ZERO,
        rate_limit: None,
        ..SandboxConfig::default()
    })
    .await
    .unwrap();
    let http = reqwest::Client::new();
    let token: Value = http
        .post(format!("{}/oauth2/token", sandbox.base_url()))
        .form(&[
            ("grant_type", "client_credentials"),
            ("client_id", "sandbox-client"),
            ("client_secret", "sandbox-secret"),
        ])
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let token = token["access_token"].as_str().unwrap().to_string();

    let mut cases = Vec::new();
    let mut ours = Vec::new();
    let dir = repo().join("mappings/coupa");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    let demo_override = std::fs::read_to_string(
        repo().join("examples/overrides/tenants/demo/purchase_orders.yaml"),
    )
    .unwrap();
    let demo: yaml_serde::Value = yaml_serde::from_str(&demo_override).unwrap();
    let demo_expr = demo["response"].as_str().unwrap().to_string();
    for file in files {
        let doc: yaml_serde::Value =
            yaml_serde::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap();
        let path = doc["path"].as_str().unwrap();
        let expr_text = doc["response"].as_str().unwrap().to_string();
        let expr = Expression::compile(&expr_text).unwrap();
        for raw in records(&sandbox, &http, &token, path).await {
            let out = expr.evaluate(Some(&raw), &Bindings::new()).unwrap();
            ours.push(
                out.as_ref()
                    .map(to_json_string)
                    .unwrap_or_else(|| "null".into()),
            );
            if path == "/api/purchase_orders" {
                // A tenant override sees the base result as $base.
                let over = Expression::compile(&demo_expr).unwrap();
                let base = out.clone().unwrap_or(Value::Null);
                let mut b = Bindings::new();
                b.insert_ref("base", &base);
                let o = over.evaluate(Some(&raw), &b).unwrap();
                cases.push(json!({"expr": expr_text, "input": raw}));
                cases.push(json!({"expr": demo_expr, "input": raw, "bindings": {"base": base}}));
                ours.push(
                    o.as_ref()
                        .map(to_json_string)
                        .unwrap_or_else(|| "null".into()),
                );
            } else {
                cases.push(json!({"expr": expr_text, "input": raw}));
            }
        }
    }
    let tmp = tempfile::tempdir().unwrap();
    let file = tmp.path().join("cases.json");
    std::fs::write(&file, serde_json::to_vec(&cases).unwrap()).unwrap();
    let out = Command::new("node")
        .arg(repo().join("tests/external/jsonata_diff.mjs"))
        .arg(&file)
        .env("JSONATA_MODULE", &module)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let theirs: Vec<String> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(str::to_string)
        .collect();
    assert_eq!(theirs.len(), ours.len());
    let mut differ = 0;
    for (i, (a, b)) in ours.iter().zip(&theirs).enumerate() {
        if a != b {
            differ += 1;
            if differ <= 3 {
                eprintln!("case {i} differs:\n ours:   {a}\n theirs: {b}");
            }
        }
    }
    println!(
        "differential: {} mapping evaluations over sandbox records, {differ} differ",
        ours.len()
    );
    assert_eq!(differ, 0);
}
