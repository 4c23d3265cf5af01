//! Mapping throughput through the shipped mapping chains on sandbox records.
//!
//! The registry is loaded from `mappings/coupa/*.yaml` with the demo tenant's overrides
//! (`examples/overrides/tenants/demo/`), exactly as `procura serve` loads it. Records are
//! read from an in-process sandbox over HTTP, as Coupa JSON, twice: the full payload and
//! the payload projected to the fields the tenant's chain reads (`fields=[…]`).
//!
//! For each resource (purchase orders, invoices, suppliers) and payload, per record:
//! * `procura` — parse the record text as the gateway parses a Coupa answer
//!   (`Projection::read`: only the fields the chain reads are built, the rest is
//!   skipped), run the tenant's chain (`Chain::response`), serialize the unified record;
//! * `floor` — parse the record text and serialize it again (a mapping cannot beat
//!   reading its input).
//!
//! With `PROCURA_BENCH_DUMP=<dir>` the chain's expressions and the records are written
//! there as `cases.json`, so `bench/jsonata-js.mjs` runs npm `jsonata` on the same
//! expressions and data. `PROCURA_BENCH_QUICK=1` shortens every measurement.
//!
//! The last line is the geometric mean of procura/parse-floor over the six cases.
//!
//! Beside the shipped chains, the mappings of `benches/mappings/*.jsonata` are shapes
//! procura's own mappings do not have (lambdas with `$map`/`$filter`/`$reduce`/`$sort`,
//! arithmetic over the lines, group-by constructors, `$each`/`$sift`/`$lookup`, date and
//! string functions), run on full Coupa purchase orders or suppliers (`unfamiliar/…`
//! cases). Each is measured twice: as the gateway runs it (`procura`: the text pruned
//! to what the expression reads) and like for like (`procura-whole`: the whole text
//! parsed, as npm jsonata must), the latter against the parse + serialize floor. Every
//! output of every record is dumped, so `bench/jsonata-js.mjs` checks npm jsonata's
//! outputs byte for byte.
//!
//! `PROCURA_BENCH_LOOP=<resource>/<payload>` (e.g. `purchase_orders/projected`) only runs
//! procura's side of that case for about ten seconds, for a profiler such as `perf record`
//! (with `PROCURA_BENCH_LOOP_MAP_ONLY=1`: the mapping chain alone, on parsed records).

// The allocator of the `procura` binary, so the figures are the product's.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use criterion::{Criterion, Throughput};
use gateway::resources::{Effective, Registry};
use jsonata::{Bindings, Expression, Limits, Pruner};
use procura::config_toml::{ConfigToml, TenantToml};
use serde_json::{Value, json};
use simulators::coupa::{Sandbox, SandboxConfig};

const TENANT: &str = "demo";
const RESOURCES: [&str; 3] = ["purchase_orders", "invoices", "suppliers"];
/// Records per resource and payload.
const RECORDS: usize = 100;

struct Case {
    resource: &'static str,
    payload: &'static str,
    eff: std::sync::Arc<Effective>,
    records: Vec<String>,
}

/// A mapping of `benches/mappings/`, on full records of one resource.
struct Unfamiliar {
    name: String,
    file: PathBuf,
    source: String,
    expr: Expression,
    /// The parser the gateway would use: the text pruned to the expression's input paths.
    pruner: Option<Pruner>,
    records: Vec<String>,
}

impl Unfamiliar {
    /// As the gateway maps a record: pruned read, evaluation, serialization.
    fn map(&self, text: &str) -> String {
        let input: Value = match &self.pruner {
            Some(p) => p.read_str(text),
            None => serde_json::from_str(text),
        }
        .expect("record parses");
        self.eval(&input)
    }

    /// Like for like with npm jsonata: the whole text parsed.
    fn map_whole(&self, text: &str) -> String {
        let input: Value = serde_json::from_str(text).expect("record parses");
        self.eval(&input)
    }

    fn eval(&self, input: &Value) -> String {
        let out = self
            .expr
            .evaluate_output(Some(input), &Bindings::new(), &Limits::default())
            .expect("record maps")
            .expect("the mapping yields a record");
        serde_json::to_string(&out).expect("serializes")
    }
}

/// The mappings of `benches/mappings/` with the resource whose full records they read
/// (the file name's first word: `po_` purchase orders, `supplier_` suppliers).
fn unfamiliar(cases: &[Case]) -> Vec<Unfamiliar> {
    let dir = repo().join("benches/mappings");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("benches/mappings lists")
        .map(|e| e.expect("dir entry").path())
        .filter(|p| p.extension().is_some_and(|x| x == "jsonata"))
        .collect();
    files.sort();
    files
        .into_iter()
        .map(|file| {
            let name = file
                .file_stem()
                .and_then(|s| s.to_str())
                .expect("file name")
                .to_string();
            let resource = match name.split('_').next() {
                Some("po") => "purchase_orders",
                Some("supplier") => "suppliers",
                Some("invoice") => "invoices",
                _ => panic!("{name}: name it po_…, supplier_… or invoice_…"),
            };
            let records = cases
                .iter()
                .find(|c| c.resource == resource && c.payload == "full")
                .expect("full records")
                .records
                .clone();
            let source = std::fs::read_to_string(&file).expect("mapping reads");
            let expr =
                Expression::compile(&source).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
            let paths = expr.input_paths();
            let pruner = (!paths.needs_everything()).then(|| Pruner::new(&paths.root));
            Unfamiliar {
                name: format!("unfamiliar/{name}"),
                file,
                source,
                expr,
                pruner,
                records,
            }
        })
        .collect()
}

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn registry() -> Registry {
    let root = repo();
    let config = ConfigToml::new("bench-cursor-secret-0123456789")
        .mappings("base_dir", root.join("mappings").display().to_string())
        .api_key("bench-key-0001", &[TENANT], false)
        .tenant(
            TenantToml::sandbox(TENANT, "http://127.0.0.1:9")
                .overrides(&root.join("examples/overrides/tenants/demo")),
        )
        .load("bench.toml")
        .expect("the bench config loads");
    Registry::load(&config).expect("the shipped mappings compile")
}

/// Reads `count` records of `path` from the sandbox, each as its own JSON text.
async fn fetch(
    http: &reqwest::Client,
    base: &str,
    path: &str,
    fields: Option<&str>,
    count: usize,
) -> Vec<String> {
    let mut out = Vec::new();
    let mut offset = 0;
    while out.len() < count {
        let mut url = url::Url::parse(&format!("{base}{path}")).expect("sandbox url");
        url.query_pairs_mut()
            .append_pair("limit", "50")
            .append_pair("offset", &offset.to_string())
            .append_pair("order_by", "id");
        if let Some(f) = fields {
            url.query_pairs_mut().append_pair("fields", f);
        }
        let page: Vec<Value> = http
            .get(url)
            .header("accept", "application/json")
            .header("x-coupa-api-key", "sandbox-api-key")
            .send()
            .await
            .and_then(|r| r.error_for_status())
            .expect("the sandbox answers")
            .json()
            .await
            .expect("the sandbox answers a JSON array");
        if page.is_empty() {
            break;
        }
        offset += page.len();
        out.extend(page.iter().map(|r| r.to_string()));
    }
    out.truncate(count);
    out
}

fn cases(registry: &Registry) -> Vec<Case> {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .expect("runtime");
    rt.block_on(async {
        let sandbox = Sandbox::start(SandboxConfig {
            listen: "127.0.0.1:0".parse().expect("addr"),
            records: 200,
            rate_limit: None,
            ..SandboxConfig::default()
        })
        .await
        .expect("the sandbox starts");
        let http = reqwest::Client::new();
        let mut out = Vec::new();
        for resource in RESOURCES {
            let eff = registry
                .get(TENANT, resource)
                .unwrap_or_else(|| panic!("no {resource} mapping"))
                .clone();
            let path = eff.resource.path.clone();
            let full = fetch(&http, &sandbox.base_url(), &path, None, RECORDS).await;
            let fields = eff.projection.fields().map(str::to_string);
            let projected = fetch(
                &http,
                &sandbox.base_url(),
                &path,
                fields.as_deref(),
                RECORDS,
            )
            .await;
            assert!(!full.is_empty(), "the sandbox has {resource}");
            out.push(Case {
                resource,
                payload: "full",
                eff: eff.clone(),
                records: full,
            });
            out.push(Case {
                resource,
                payload: "projected",
                eff,
                records: projected,
            });
        }
        sandbox.shutdown().await;
        out
    })
}

fn map_one(eff: &Effective, text: &str) -> String {
    // read as the gateway reads a Coupa answer: down to the fields the chain uses
    let input: Value = eff.projection.read(text.as_bytes()).expect("record parses");
    let out = eff.chain.response(&input).expect("record maps");
    serde_json::to_string(&out).expect("serializes")
}

fn floor_one(text: &str) -> String {
    let v: Value = serde_json::from_str(text).expect("record parses");
    serde_json::to_string(&v).expect("serializes")
}

/// Records/s of `f` over all `records`: the best of three windows of `budget` each (as
/// `bench/jsonata-js.mjs` measures npm jsonata), so a neighbour's burst on the shared
/// machine in one window does not decide the figure.
fn rate(records: &[String], budget: Duration, f: impl Fn(&str) -> String) -> f64 {
    for r in records {
        black_box(f(r));
    }
    let mut best: f64 = 0.0;
    for _ in 0..3 {
        let start = Instant::now();
        let mut n = 0u64;
        while start.elapsed() < budget {
            for r in records {
                black_box(f(black_box(r)));
            }
            n += records.len() as u64;
        }
        best = best.max(n as f64 / start.elapsed().as_secs_f64());
    }
    best
}

/// The response expressions of the chain as source text, base first, read from the
/// same files the registry loaded.
fn levels(eff: &Effective) -> Vec<Value> {
    eff.chain
        .levels()
        .iter()
        .filter_map(|level| {
            let text = std::fs::read_to_string(&level.file).expect("mapping file reads");
            let doc: yaml_serde::Value = yaml_serde::from_str(&text).expect("mapping parses");
            let expr = doc.get("response")?.as_str()?.to_string();
            let mode = doc
                .get("mode")
                .and_then(|m| m.as_str())
                .unwrap_or("merge")
                .to_string();
            Some(json!({"file": level.file.display().to_string(), "mode": mode, "expr": expr}))
        })
        .collect()
}

fn dump(dir: &Path, cases: &[Case], unfamiliar: &[Unfamiliar]) {
    std::fs::create_dir_all(dir).expect("dump dir");
    let mut doc: Vec<Value> = cases
        .iter()
        .map(|c| {
            json!({
                "name": format!("{}/{}", c.resource, c.payload),
                "levels": levels(&c.eff),
                "records": c.records,
                // procura's output for the first record, so the script can check it
                // computes the same thing.
                "expected": serde_json::from_str::<Value>(&map_one(&c.eff, &c.records[0]))
                    .expect("output parses"),
            })
        })
        .collect();
    for u in unfamiliar {
        let texts: Vec<String> = u.records.iter().map(|r| u.map(r)).collect();
        // the gateway's pruned read and the whole parse must map alike
        for (r, t) in u.records.iter().zip(&texts) {
            assert_eq!(
                &u.map_whole(r),
                t,
                "{}: pruned and whole input differ",
                u.name
            );
        }
        doc.push(json!({
            "name": u.name,
            "levels": [{"file": u.file.display().to_string(), "mode": "replace", "expr": u.source}],
            "records": u.records,
            // procura's output text for every record: npm jsonata's must be the same bytes
            "expected_texts": texts,
        }));
    }
    std::fs::write(
        dir.join("cases.json"),
        serde_json::to_string(&doc).expect("serializes"),
    )
    .expect("dump writes");
}

fn main() {
    // `cargo test --all-targets` runs bench binaries without `--bench`: nothing to
    // measure then (`bench/run` and `cargo bench` pass it).
    if !std::env::args().any(|a| a == "--bench") {
        println!("benchmark: run it with `bench/run` or `cargo bench`");
        return;
    }
    let quick = std::env::var_os("PROCURA_BENCH_QUICK").is_some_and(|v| v != "0");
    let registry = registry();
    let cases = cases(&registry);
    let unfamiliar = unfamiliar(&cases);
    if let Some(dir) = std::env::var_os("PROCURA_BENCH_DUMP") {
        dump(Path::new(&dir), &cases, &unfamiliar);
    }

    if let Ok(name) = std::env::var("PROCURA_BENCH_LOOP")
        && let Some(u) = unfamiliar.iter().find(|u| u.name == name)
    {
        let whole = std::env::var_os("PROCURA_BENCH_LOOP_WHOLE").is_some();
        let r = rate(&u.records, Duration::from_secs(3), |r| {
            if whole { u.map_whole(r) } else { u.map(r) }
        });
        println!("mapping {name}: procura {r:.0} records/s");
        // where the time goes: the pruned read, the evaluation, the serialization
        let (mut read, mut eval, mut write) = (0.0, 0.0, 0.0);
        let start = Instant::now();
        let mut n = 0;
        while start.elapsed() < Duration::from_secs(4) {
            for r in &u.records {
                let t0 = Instant::now();
                let v: Value = match &u.pruner {
                    Some(p) => p.read_str(r),
                    None => serde_json::from_str(r),
                }
                .expect("parses");
                let t1 = Instant::now();
                let out = u
                    .expr
                    .evaluate_output(Some(&v), &Bindings::new(), &Limits::default())
                    .expect("maps");
                let t2 = Instant::now();
                black_box(serde_json::to_string(&out).expect("serializes"));
                let t3 = Instant::now();
                read += (t1 - t0).as_secs_f64();
                eval += (t2 - t1).as_secs_f64();
                write += (t3 - t2).as_secs_f64();
                n += 1;
            }
        }
        let us = |t: f64| t * 1e6 / n as f64;
        println!(
            "  per record: read {:.1} µs + evaluate {:.1} µs + serialize {:.1} µs",
            us(read),
            us(eval),
            us(write)
        );
        return;
    }
    if let Ok(name) = std::env::var("PROCURA_BENCH_LOOP") {
        let case = cases
            .iter()
            .find(|c| format!("{}/{}", c.resource, c.payload) == name)
            .unwrap_or_else(|| panic!("no case {name}"));
        if std::env::var_os("PROCURA_BENCH_LOOP_MAP_ONLY").is_some() {
            // the chain alone, on records parsed once
            let parsed: Vec<Value> = case
                .records
                .iter()
                .map(|r| case.eff.projection.read(r.as_bytes()).expect("parses"))
                .collect();
            let start = Instant::now();
            let mut n = 0;
            while start.elapsed() < Duration::from_secs(10) {
                // each record several times, so it stays in cache as it is when
                // mapped right after being parsed
                for v in &parsed {
                    for _ in 0..20 {
                        black_box(case.eff.chain.response(black_box(v)).expect("maps"));
                    }
                }
                n += parsed.len() * 20;
            }
            let r = n as f64 / start.elapsed().as_secs_f64();
            println!("mapping {name}: chain only {r:.0} records/s");
            return;
        }
        let r = rate(&case.records, Duration::from_secs(3), |r| {
            map_one(&case.eff, r)
        });
        println!("mapping {name}: procura {r:.0} records/s");
        // where the time goes, phase by phase, records processed as in `map_one`
        let (mut parse, mut chain, mut write, mut whole, mut rewrite) = (0.0, 0.0, 0.0, 0.0, 0.0);
        let start = Instant::now();
        let mut n = 0;
        while start.elapsed() < Duration::from_secs(4) {
            for r in &case.records {
                let t0 = Instant::now();
                let v = case.eff.projection.read(r.as_bytes()).expect("parses");
                let t1 = Instant::now();
                let out = case.eff.chain.response(&v).expect("maps");
                let t2 = Instant::now();
                black_box(serde_json::to_string(&out).expect("serializes"));
                let t3 = Instant::now();
                let w: Value = serde_json::from_str(r).expect("parses");
                let t4 = Instant::now();
                black_box(serde_json::to_string(&w).expect("serializes"));
                let t5 = Instant::now();
                parse += (t1 - t0).as_secs_f64();
                chain += (t2 - t1).as_secs_f64();
                write += (t3 - t2).as_secs_f64();
                whole += (t4 - t3).as_secs_f64();
                rewrite += (t5 - t4).as_secs_f64();
                n += 1;
            }
        }
        let us = |t: f64| t * 1e6 / n as f64;
        println!(
            "  per record: procura read {:.1} µs + chain {:.1} µs + serialize {:.1} µs; floor: parse {:.1} µs + serialize {:.1} µs",
            us(parse),
            us(chain),
            us(write),
            us(whole),
            us(rewrite)
        );
        return;
    }

    let (warm, measure, budget) = if quick {
        (
            Duration::from_millis(200),
            Duration::from_millis(500),
            Duration::from_millis(400),
        )
    } else {
        (
            Duration::from_secs(1),
            Duration::from_secs(3),
            Duration::from_secs(2),
        )
    };
    let mut c = Criterion::default()
        .warm_up_time(warm)
        .measurement_time(measure)
        .sample_size(10)
        .configure_from_args();
    for case in &cases {
        let mut g = c.benchmark_group(format!("mapping/{}/{}", case.resource, case.payload));
        g.throughput(Throughput::Elements(case.records.len() as u64));
        g.bench_function("procura", |b| {
            b.iter(|| {
                for r in &case.records {
                    black_box(map_one(&case.eff, black_box(r)));
                }
            })
        });
        g.bench_function("floor", |b| {
            b.iter(|| {
                for r in &case.records {
                    black_box(floor_one(black_box(r)));
                }
            })
        });
        g.finish();
    }
    c.final_summary();

    let mut log_sum = 0.0;
    for case in &cases {
        let bytes: usize = case.records.iter().map(String::len).sum();
        let procura = rate(&case.records, budget, |r| map_one(&case.eff, r));
        let floor = rate(&case.records, budget, floor_one);
        let name = format!("{}/{}", case.resource, case.payload);
        println!(
            "mapping {name:<28} {:>6} B/record  procura {procura:>9.0} records/s  floor {floor:>9.0} records/s  procura/parse-floor {:.3}",
            bytes / case.records.len(),
            procura / floor
        );
        log_sum += (procura / floor).ln();
    }
    println!(
        "procura/parse-floor (geometric mean of {} cases) = {:.3}",
        cases.len(),
        (log_sum / cases.len() as f64).exp()
    );

    // mappings procura ships nothing like, on full records
    let mut log_sum = 0.0;
    for u in &unfamiliar {
        let bytes: usize = u.records.iter().map(String::len).sum();
        let procura = rate(&u.records, budget, |r| u.map(r));
        let whole = rate(&u.records, budget, |r| u.map_whole(r));
        let floor = rate(&u.records, budget, floor_one);
        println!(
            "mapping {:<28} {:>6} B/record  procura {procura:>9.0} records/s  procura-whole {whole:>9.0} records/s  floor {floor:>9.0} records/s  procura-whole/parse-floor {:.3}",
            u.name,
            bytes / u.records.len(),
            whole / floor
        );
        log_sum += (whole / floor).ln();
    }
    println!(
        "procura-whole/parse-floor (geometric mean of {} unfamiliar cases) = {:.3}",
        unfamiliar.len(),
        (log_sum / unfamiliar.len() as f64).exp()
    );
}
