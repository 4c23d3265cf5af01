//! Mapping throughput on a realistic Coupa purchase order.
//!
//! Criterion measures three things per record:
//! * `procura/evaluate+serialize` — `Expression::evaluate` on the parsed record
//!   plus `serde_json::to_string` of the output;
//! * `procura/parse+evaluate+serialize` — the same including parsing the record text;
//! * `floor/parse+serialize` — `serde_json::from_str` + `to_string` of the record,
//!   the least any JSON-to-JSON mapper has to do.
//!
//! A plain timing pass at the end prints records/s and the ratio procura/floor.
//! Compare with `bench/jsonata-js.sh` (npm `jsonata` on the same files).

use std::hint::black_box;
use std::time::{Duration, Instant};

use criterion::{Criterion, Throughput};
use procura::jsonata::{Bindings, Expression};
use serde_json::Value;

const RECORD: &str = include_str!("fixtures/purchase_order.json");
const MAPPING: &str = include_str!("fixtures/purchase_order.jsonata");

fn map_parsed(expr: &Expression, input: &Value, bindings: &Bindings) -> String {
    let out = expr.evaluate(Some(input), bindings).ok().flatten();
    out.map(|v| serde_json::to_string(&v).unwrap_or_default())
        .unwrap_or_default()
}

fn map_text(expr: &Expression, text: &str, bindings: &Bindings) -> String {
    let input: Value = serde_json::from_str(text).unwrap_or(Value::Null);
    map_parsed(expr, &input, bindings)
}

fn floor(text: &str) -> String {
    let v: Value = serde_json::from_str(text).unwrap_or(Value::Null);
    serde_json::to_string(&v).unwrap_or_default()
}

fn rate(mut f: impl FnMut(), budget: Duration) -> f64 {
    for _ in 0..200 {
        f();
    }
    let start = Instant::now();
    let mut n = 0u64;
    while start.elapsed() < budget {
        for _ in 0..100 {
            f();
        }
        n += 100;
    }
    n as f64 / start.elapsed().as_secs_f64()
}

fn main() {
    let expr = Expression::compile(MAPPING).expect("the fixture mapping compiles");
    let input: Value = serde_json::from_str(RECORD).expect("the fixture record parses");
    let bindings = Bindings::new();
    assert!(
        !map_parsed(&expr, &input, &bindings).is_empty(),
        "the mapping produces output"
    );

    let mut c = Criterion::default().configure_from_args();
    {
        let mut g = c.benchmark_group("mapping");
        g.throughput(Throughput::Elements(1));
        g.bench_function("procura/evaluate+serialize", |b| {
            b.iter(|| map_parsed(&expr, black_box(&input), &bindings))
        });
        g.bench_function("procura/parse+evaluate+serialize", |b| {
            b.iter(|| map_text(&expr, black_box(RECORD), &bindings))
        });
        g.bench_function("floor/parse+serialize", |b| {
            b.iter(|| floor(black_box(RECORD)))
        });
        g.finish();
    }
    c.final_summary();

    let budget = Duration::from_secs(3);
    let eval = rate(
        || drop(black_box(map_parsed(&expr, black_box(&input), &bindings))),
        budget,
    );
    let full = rate(
        || drop(black_box(map_text(&expr, black_box(RECORD), &bindings))),
        budget,
    );
    let base = rate(|| drop(black_box(floor(black_box(RECORD)))), budget);
    println!(
        "record: {} bytes; mapping: {} lines",
        RECORD.len(),
        MAPPING.lines().count()
    );
    println!("procura evaluate+serialize:        {eval:>10.0} records/s");
    println!("procura parse+evaluate+serialize:  {full:>10.0} records/s");
    println!("floor parse+serialize:             {base:>10.0} records/s");
    println!(
        "ratio procura(evaluate+serialize)/floor = {:.2}",
        eval / base
    );
    println!(
        "ratio procura(parse+evaluate+serialize)/floor = {:.2}",
        full / base
    );
}
