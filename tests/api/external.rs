//! `procura demo` as a user runs it, checked by tools we did not write: its printed curl
//! lines, schemathesis against openapi.yaml, the official MCP Python SDK, and procura's own
//! Python SDK (clients/python).
//!
//! The Python tools live in the virtualenv `.ci/test` creates (`$PROCURA_VENV`, default
//! `.venv`). Without it these tests say so and pass, unless `PROCURA_TEST_STRICT=1`.

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::common::{append_to_capture, repo, strict};

struct Demo {
    child: Child,
    gateway: String,
    /// The demo's Coupa sandbox (its control API provokes faults).
    sandbox: String,
    curl_lines: Vec<String>,
    /// What the demo printed after its curl lines.
    later: std::sync::Arc<std::sync::Mutex<Vec<String>>>,
    log: tempfile::NamedTempFile,
}

impl Drop for Demo {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        if let Ok(log) = std::fs::read(self.log.path()) {
            append_to_capture(b"--- procura demo (stderr) ---\n");
            append_to_capture(&log);
        }
    }
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// Starts `procura demo` on free ports and reads what it prints.
fn demo() -> Demo {
    let (gw, sb, ora) = (free_port(), free_port(), free_port());
    // The demo's own log (stderr) joins the captured test log when it stops, for the
    // secrets scan.
    let log = tempfile::NamedTempFile::new().unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_procura"))
        .args([
            "demo",
            "--listen",
            &format!("127.0.0.1:{gw}"),
            "--sandbox-listen",
            &format!("127.0.0.1:{sb}"),
            "--oracle-listen",
            &format!("127.0.0.1:{ora}"),
        ])
        .current_dir(repo())
        .env("RUST_LOG", "debug")
        .stdout(Stdio::piped())
        .stderr(log.reopen().unwrap())
        .spawn()
        .unwrap();
    let stdout = child.stdout.take().unwrap();
    let mut curl_lines = Vec::new();
    let mut lines = BufReader::new(stdout).lines();
    let deadline = Instant::now() + Duration::from_secs(30);
    while curl_lines.len() < 4 && Instant::now() < deadline {
        match lines.next() {
            Some(Ok(line)) if line.trim_start().starts_with("curl ") => {
                curl_lines.push(line.trim().to_string())
            }
            Some(Ok(_)) => {}
            _ => break,
        }
    }
    let later = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
    let sink = later.clone();
    std::thread::spawn(move || {
        for line in lines.map_while(Result::ok) {
            sink.lock().unwrap().push(line);
        }
    });
    assert_eq!(curl_lines.len(), 4, "the demo prints four curl lines");
    Demo {
        child,
        gateway: format!("http://127.0.0.1:{gw}"),
        sandbox: format!("http://127.0.0.1:{sb}"),
        curl_lines,
        later,
        log,
    }
}

/// Splits a printed curl line into its headers and URL (single-quoted arguments).
fn parse_curl(line: &str) -> (Vec<(String, String)>, String) {
    let quoted: Vec<&str> = line.split('\'').skip(1).step_by(2).collect();
    let url = quoted.last().unwrap().to_string();
    let headers = quoted[..quoted.len() - 1]
        .iter()
        .map(|h| {
            let (k, v) = h.split_once(':').unwrap();
            (k.trim().to_string(), v.trim().to_string())
        })
        .collect();
    (headers, url)
}

#[tokio::test]
async fn the_demo_curl_lines_work_as_printed() {
    let demo = demo();
    let http = reqwest::Client::new();
    for line in &demo.curl_lines {
        let (headers, url) = parse_curl(line);
        let mut req = http.get(&url).timeout(Duration::from_secs(30));
        for (k, v) in headers {
            req = req.header(k, v);
        }
        let r = req.send().await.unwrap();
        assert_eq!(r.status(), 200, "{line}");
        let body = r.text().await.unwrap();
        assert!(body.len() > 20, "{line}: {body}");
    }
}

/// A change made in the demo's sandbox, as the demo says to make it, shows up within a
/// minute as a verified event printed by the demo's receiver.
#[tokio::test]
async fn the_demo_prints_a_verified_event_for_a_sandbox_change() {
    let demo = demo();
    let deadline = Instant::now() + Duration::from_secs(10);
    let change = loop {
        let found = demo
            .later
            .lock()
            .unwrap()
            .iter()
            .find(|l| l.contains("/__sandbox/records/purchase_orders/"))
            .cloned();
        if let Some(line) = found {
            break line;
        }
        assert!(
            Instant::now() < deadline,
            "the demo prints how to change a record"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    };
    let quoted: Vec<&str> = change.split('\'').skip(1).step_by(2).collect();
    let url = change.split_whitespace().last().unwrap();
    let body = quoted.iter().find(|q| q.starts_with('{')).unwrap();
    let id = url.rsplit('/').next().unwrap().to_string();
    let r = reqwest::Client::new()
        .patch(url)
        .header("content-type", "application/json")
        .body(body.to_string())
        .send()
        .await
        .unwrap();
    assert!(r.status().is_success(), "{change}: {}", r.status());
    let deadline = Instant::now() + Duration::from_secs(60);
    let wanted = format!("event record.updated purchase_orders {id} (number CHANGED-1)");
    loop {
        let printed = demo.later.lock().unwrap().clone();
        if let Some(line) = printed.iter().find(|l| l.starts_with(&wanted)) {
            assert!(line.contains("signature verified"), "{line}");
            break;
        }
        assert!(
            Instant::now() < deadline,
            "no event within a minute; the demo printed: {printed:#?}"
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

fn venv() -> Option<PathBuf> {
    let dir = std::env::var("PROCURA_VENV")
        .map(PathBuf::from)
        .unwrap_or_else(|_| repo().join(".venv"));
    dir.join("bin/python").exists().then_some(dir)
}

fn need_venv(what: &str) -> Option<PathBuf> {
    match venv() {
        Some(v) => Some(v),
        None if strict() => {
            panic!("{what} needs the virtualenv that .ci/test creates (PROCURA_VENV)")
        }
        None => {
            eprintln!("SKIPPED: {what} needs the Python virtualenv; run .ci/test to create it");
            None
        }
    }
}

async fn wait_ready(url: &str) {
    let http = reqwest::Client::new();
    for _ in 0..200 {
        if http
            .get(format!("{url}/readyz"))
            .send()
            .await
            .is_ok_and(|r| r.status() == 200)
        {
            return;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("demo not ready");
}

/// schemathesis with every check (`--checks all`) and every phase (examples, coverage,
/// fuzzing, stateful) against the demo, configured by tests/external/schemathesis.toml
/// (and its hooks), which says why each setting is there. `--rate-limit auto` waits out
/// the 429s of the demo's Coupa (25 requests a second) as their Retry-After says.
#[tokio::test]
async fn schemathesis_finds_no_server_error_or_schema_violation() {
    let Some(venv) = need_venv("schemathesis") else {
        return;
    };
    let demo = demo();
    wait_ready(&demo.gateway).await;
    let started = Instant::now();
    let out = tokio::task::spawn_blocking({
        let gateway = demo.gateway.clone();
        move || {
            Command::new(venv.join("bin/schemathesis"))
                .current_dir(repo())
                .args([
                    "--config-file",
                    "tests/external/schemathesis.toml",
                    "run",
                    &format!("{gateway}/openapi.yaml"),
                    "--url",
                    &gateway,
                    "-H",
                    "Authorization: Bearer demo-key",
                    "-H",
                    "X-Tenant-Id: demo",
                    "--checks",
                    "all",
                    "--phases",
                    "examples,coverage,fuzzing,stateful",
                    "--max-examples",
                    "5",
                    "--max-time",
                    "140",
                    "--seed",
                    "1",
                    "--workers",
                    "2",
                    "--rate-limit",
                    "auto",
                    "--request-timeout",
                    "20",
                ])
                .env("NO_COLOR", "1")
                .output()
                .unwrap()
        }
    })
    .await
    .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    println!("{text}");
    eprintln!("{}", String::from_utf8_lossy(&out.stderr));
    println!("schemathesis ran {:.0} s", started.elapsed().as_secs_f64());
    assert!(out.status.success(), "schemathesis found problems");
}

#[tokio::test]
async fn the_official_mcp_client_lists_pages_and_reads() {
    let Some(venv) = need_venv("the MCP client test") else {
        return;
    };
    let demo = demo();
    wait_ready(&demo.gateway).await;
    let script = repo().join("tests/external/mcp_client.py");
    let out = tokio::task::spawn_blocking({
        let url = format!("{}/mcp", demo.gateway);
        move || {
            Command::new(venv.join("bin/python"))
                .arg(script)
                .args([url.as_str(), "demo-key", "demo"])
                .output()
                .unwrap()
        }
    })
    .await
    .unwrap();
    println!("{}", String::from_utf8_lossy(&out.stdout));
    eprintln!("{}", String::from_utf8_lossy(&out.stderr));
    assert!(out.status.success(), "the MCP client failed");
}

/// The Python SDK (clients/python): its generated half is what the pinned generator makes
/// of openapi.yaml today, and its tests pass against the demo: a full sync of two
/// resources with typed records, a field selection, a refused write as a typed problem,
/// a 429 retried by itself, and a change notification verified.
#[tokio::test]
async fn the_python_sdk_is_current_and_works_against_the_demo() {
    let Some(venv) = need_venv("the Python SDK") else {
        return;
    };
    let python = repo().join("clients/python");
    // stale check: regenerate into a temporary directory, compare with the committed code
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("procura_api");
    let generated = Command::new(python.join("generate"))
        .arg(&out)
        .env("PROCURA_VENV", &venv)
        .output()
        .unwrap();
    assert!(
        generated.status.success(),
        "clients/python/generate failed: {}",
        String::from_utf8_lossy(&generated.stderr)
    );
    let stale = files_differing(&python.join("procura_api"), &out);
    assert!(
        stale.is_empty(),
        "clients/python/procura_api is stale (run clients/python/generate): {stale:?}"
    );
    let demo = demo();
    wait_ready(&demo.gateway).await;
    let run = tokio::task::spawn_blocking({
        let (gateway, sandbox) = (demo.gateway.clone(), demo.sandbox.clone());
        move || {
            Command::new(venv.join("bin/python"))
                .current_dir(&python)
                .args([
                    "-m",
                    "pytest",
                    "tests",
                    "-q",
                    "-p",
                    "no:cacheprovider",
                    "-rs",
                ])
                .env("PYTHONPATH", &python)
                .env("PYTHONDONTWRITEBYTECODE", "1")
                .env("PROCURA_URL", gateway)
                .env("PROCURA_SANDBOX_URL", sandbox)
                .output()
                .unwrap()
        }
    })
    .await
    .unwrap();
    let text = String::from_utf8_lossy(&run.stdout);
    println!("{text}");
    eprintln!("{}", String::from_utf8_lossy(&run.stderr));
    assert!(run.status.success(), "the Python SDK tests failed");
    // every case ran: none skipped, none missing
    assert!(
        text.contains("5 passed"),
        "expected 5 SDK tests to pass: {text}"
    );
    assert!(!text.contains("skipped"), "{text}");
}

/// Relative paths of the files that differ between two trees (or exist in one only).
fn files_differing(a: &Path, b: &Path) -> Vec<String> {
    fn walk(root: &Path, dir: &Path, out: &mut BTreeMap<String, Vec<u8>>) {
        for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
            let path = entry.path();
            if path.file_name().is_some_and(|n| n == "__pycache__") {
                continue;
            }
            if path.is_dir() {
                walk(root, &path, out);
            } else {
                let rel = path.strip_prefix(root).unwrap().display().to_string();
                out.insert(rel, std::fs::read(&path).unwrap_or_default());
            }
        }
    }
    let (mut left, mut right) = (BTreeMap::new(), BTreeMap::new());
    walk(a, a, &mut left);
    walk(b, b, &mut right);
    let mut names: Vec<&String> = left.keys().chain(right.keys()).collect();
    names.sort();
    names.dedup();
    names
        .into_iter()
        .filter(|n| left.get(*n) != right.get(*n))
        .cloned()
        .collect()
}

/// The TypeScript SDK (clients/typescript): its generated half is what the pinned
/// @hey-api/openapi-ts makes of openapi.yaml today, and its tests pass against the demo
/// (the same five cases as the Python SDK's).
#[tokio::test]
async fn the_typescript_sdk_is_current_and_works_against_the_demo() {
    let dir = repo().join("clients/typescript");
    if !dir.join("node_modules/@hey-api/openapi-ts").exists() {
        assert!(
            !strict(),
            "the TypeScript SDK needs its npm packages (.ci/test runs npm ci in clients/typescript)"
        );
        eprintln!("SKIPPED: the TypeScript SDK needs `npm ci` in clients/typescript");
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("generated");
    let generated = Command::new("npm")
        .current_dir(&dir)
        .args(["run", "--silent", "generate"])
        .env("PROCURA_GENERATE_OUT", &out)
        .output()
        .unwrap();
    assert!(
        generated.status.success(),
        "npm run generate failed: {}",
        String::from_utf8_lossy(&generated.stderr)
    );
    let stale = files_differing(&dir.join("src/generated"), &out);
    assert!(
        stale.is_empty(),
        "clients/typescript/src/generated is stale (run npm run generate): {stale:?}"
    );
    let demo = demo();
    wait_ready(&demo.gateway).await;
    let run = tokio::task::spawn_blocking({
        let (gateway, sandbox) = (demo.gateway.clone(), demo.sandbox.clone());
        move || {
            Command::new("npm")
                .current_dir(&dir)
                .args(["test", "--silent"])
                .env("PROCURA_URL", gateway)
                .env("PROCURA_SANDBOX_URL", sandbox)
                .output()
                .unwrap()
        }
    })
    .await
    .unwrap();
    let text = String::from_utf8_lossy(&run.stdout);
    println!("{text}");
    eprintln!("{}", String::from_utf8_lossy(&run.stderr));
    assert!(run.status.success(), "the TypeScript SDK tests failed");
    for line in ["# pass 5", "# fail 0", "# skipped 0", "# cancelled 0"] {
        assert!(text.contains(line), "{line} missing: {text}");
    }
}
