//! Micro-benchmark of the engine alone: one purchase-order mapping (with a tenant
//! override merged over it) on one bloated purchase order, both in `benches/fixtures/`.
//!
//! * `compile` — parse and analyse the expression;
//! * `evaluate` — evaluate on a parsed record, result as a `serde_json::Value`;
//! * `evaluate_output` — the same, result as an [`Output`](jsonata::Output) serialized to text;
//! * `parse+evaluate` — parse the record text whole, then evaluate and serialize;
//! * `prune+evaluate` — read the text down to the expression's input paths
//!   ([`Pruner`]), then evaluate and serialize;
//! * `parse floor` — parse the record text and serialize it again, the cost a
//!   mapping cannot go below.
//!
//! `cargo bench -p procura-jsonata`. The gateway-level figures (mapping chains against
//! npm jsonata) are in the repository's `benches/mapping.rs`.

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use jsonata::{Bindings, Expression, Limits, Pruner};
use serde_json::Value;

const EXPR: &str = include_str!("fixtures/purchase_order.jsonata");
const RECORD: &str = include_str!("fixtures/purchase_order.json");

fn engine(c: &mut Criterion) {
    let expr = Expression::compile(EXPR).expect("the fixture compiles");
    let record: Value = serde_json::from_str(RECORD).expect("the fixture is JSON");
    let pruner = Pruner::new(&expr.input_paths().root);
    let limits = Limits::default();
    let bindings = Bindings::new();

    let mut g = c.benchmark_group("engine");
    g.throughput(Throughput::Bytes(RECORD.len() as u64));
    g.bench_function("compile", |b| {
        b.iter(|| Expression::compile(black_box(EXPR)))
    });
    g.bench_function("evaluate", |b| {
        b.iter(|| expr.evaluate_with(Some(black_box(&record)), &bindings, &limits))
    });
    g.bench_function("evaluate_output", |b| {
        b.iter(|| {
            let out = expr.evaluate_output(Some(black_box(&record)), &bindings, &limits);
            serde_json::to_string(&out.expect("evaluates"))
        })
    });
    g.bench_function("parse+evaluate", |b| {
        b.iter(|| {
            let v: Value = serde_json::from_str(black_box(RECORD)).expect("JSON");
            let out = expr.evaluate_output(Some(&v), &bindings, &limits);
            serde_json::to_string(&out.expect("evaluates"))
        })
    });
    g.bench_function("prune+evaluate", |b| {
        b.iter(|| {
            let v = pruner.read_str(black_box(RECORD)).expect("JSON");
            let out = expr.evaluate_output(Some(&v), &bindings, &limits);
            serde_json::to_string(&out.expect("evaluates"))
        })
    });
    g.bench_function("parse floor", |b| {
        b.iter(|| {
            let v: Value = serde_json::from_str(black_box(RECORD)).expect("JSON");
            serde_json::to_string(&v)
        })
    });
    g.finish();
}

criterion_group!(benches, engine);
criterion_main!(benches);
