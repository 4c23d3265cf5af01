//! The mapping engine against the reference engine (npm `jsonata`, a pinned version,
//! under Node): every shipped mapping of both providers over sandbox records, run the way
//! the gateway runs it (pruned input, `Output`, the gateway's serialization; request
//! mappings and an override with `$base` too), gives the same JSON as the reference on
//! the whole input.
//!
//! Needs `node` and npm `jsonata`, which `.ci/test` installs under
//! `tests/external/node_modules`. Without them the test says so and passes, unless
//! `PROCURA_TEST_STRICT=1`.

use std::process::Command;

use jsonata::{Bindings, Expression, Limits, Pruner};
use serde_json::{Value, json};
use simulators::coupa::{Sandbox, SandboxConfig};
use simulators::oracle_fusion::OracleFusionSandbox;

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

/// Raw records of a resource, as Coupa's JSON gives them, as text.
async fn records(
    sandbox: &Sandbox,
    http: &reqwest::Client,
    token: &str,
    path: &str,
) -> Vec<String> {
    let page: Vec<Value> = http
        .get(format!("{}{path}?limit=25", sandbox.base_url()))
        .bearer_auth(token)
        .header("accept", "application/json")
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    page.iter().map(Value::to_string).collect()
}

#[tokio::test]
async fn shipped_mappings_match_jsonata_js_byte_for_byte() {
    let Some(module) = reference_engine() else {
        return;
    };
    let version: Value = serde_json::from_slice(
        &std::fs::read(module.join("package.json")).expect("npm jsonata's package.json"),
    )
    .unwrap();
    assert_eq!(
        version["version"], REFERENCE_VERSION,
        "the reference engine is pinned (.ci/test installs it)"
    );
    let sandbox = Sandbox::start(SandboxConfig {
        listen: "127.0.0.1:0".parse().unwrap(),
        records: 40,
        token_min_age: std::time::Duration::ZERO,
        rate_limit: None,
        ..SandboxConfig::default()
    })
    .await
    .unwrap();
    let oracle = crate::common::oracle_sandbox(40).await;
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

    let demo_override = std::fs::read_to_string(
        repo().join("examples/overrides/tenants/demo/purchase_orders.yaml"),
    )
    .unwrap();
    let demo: yaml_serde::Value = yaml_serde::from_str(&demo_override).unwrap();
    let demo_expr = demo["response"].as_str().unwrap().to_string();
    let mut run = Run::default();
    for provider in ["coupa", "oracle_fusion"] {
        let dir = repo().join("mappings").join(provider);
        let mut files: Vec<_> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        files.sort();
        for file in files {
            let doc: yaml_serde::Value =
                yaml_serde::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap();
            let path = doc["path"].as_str().unwrap();
            let response = doc["response"].as_str().unwrap().to_string();
            let request = doc["request"].as_str().map(str::to_string);
            let texts = if provider == "coupa" {
                records(&sandbox, &http, &token, path).await
            } else {
                oracle_records(&oracle, &http, path).await
            };
            for text in texts {
                let raw: Value = serde_json::from_str(&text).unwrap();
                let unified = run.case(&response, &text, &raw, None);
                if path == "/api/purchase_orders" {
                    // A tenant override sees the base result as $base.
                    run.case(&demo_expr, &text, &raw, Some(("base", unified.clone())));
                }
                if let Some(request) = &request {
                    // The request mapping, on the unified record as a caller would send it.
                    let body = unified.to_string();
                    run.case(request, &body, &unified, Some(("write", json!("create"))));
                }
            }
        }
    }
    let tmp = tempfile::tempdir().unwrap();
    let file = tmp.path().join("cases.json");
    std::fs::write(&file, serde_json::to_vec(&run.cases).unwrap()).unwrap();
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
    assert_eq!(theirs.len(), run.ours.len());
    let mut differ = 0;
    for (i, (a, b)) in run.ours.iter().zip(&theirs).enumerate() {
        if a != b {
            differ += 1;
            if differ <= 3 {
                eprintln!("case {i} differs:\n ours:   {a}\n theirs: {b}");
            }
        }
    }
    println!(
        "differential: {} mapping evaluations (responses on pruned input, overrides, \
         request mappings) over Coupa and Oracle Fusion sandbox records, {differ} differ",
        run.ours.len()
    );
    assert!(
        run.ours.len() > 500,
        "too few cases ran: {}",
        run.ours.len()
    );
    assert_eq!(differ, 0);
}

/// The reference engine's version, pinned.
const REFERENCE_VERSION: &str = "2.2.2";

/// The cases for the reference engine and our results, case by case.
#[derive(Default)]
struct Run {
    cases: Vec<Value>,
    ours: Vec<String>,
}

impl Run {
    /// One evaluation the way the gateway runs it — the input parsed by the pruning
    /// parser down to what the expression reads, evaluated to an `Output`, serialized as
    /// the gateway serializes pages — against the reference engine on the whole input.
    /// Returns our result as JSON.
    fn case(
        &mut self,
        expr: &str,
        text: &str,
        whole: &Value,
        binding: Option<(&str, Value)>,
    ) -> Value {
        let compiled = Expression::compile(expr).unwrap();
        let pruned = Pruner::new(&compiled.input_paths().root)
            .read_str(text)
            .unwrap();
        let mut bindings = Bindings::new();
        if let Some((name, value)) = &binding {
            bindings.insert_ref(*name, value);
        }
        let ours = match compiled.evaluate_output(Some(&pruned), &bindings, &Limits::default()) {
            Ok(out) => out
                .as_ref()
                .map(|o| serde_json::to_string(o).unwrap())
                .unwrap_or_else(|| "null".into()),
            // An expression that fails ($error, a type error) must fail the same way in both.
            Err(e) => format!("error {}", e.code),
        };
        let mut case = json!({"expr": expr, "input": whole});
        if let Some((name, value)) = binding {
            case["bindings"] = json!({ name: value });
        }
        self.cases.push(case);
        self.ours.push(ours.clone());
        serde_json::from_str(&ours).unwrap_or(Value::Null)
    }
}

/// Oracle rows of a collection, whole (children and flexfields expanded), as text.
async fn oracle_records(
    oracle: &OracleFusionSandbox,
    http: &reqwest::Client,
    path: &str,
) -> Vec<String> {
    let page: Value = http
        .get(format!(
            "{}{path}?onlyData=true&expand=all&limit=25",
            oracle.base_url()
        ))
        .basic_auth(
            simulators::oracle_fusion::DEFAULT_USER,
            Some(simulators::oracle_fusion::DEFAULT_PASSWORD),
        )
        .header("rest-framework-version", "2")
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    page["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(Value::to_string)
        .collect()
}
