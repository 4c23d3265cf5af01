//! Evaluates the benchmark mapping in a loop (for profilers).
use jsonata::{Bindings, Expression};

fn main() {
    let record = include_str!("../benches/fixtures/purchase_order.json");
    let mapping = include_str!("../benches/fixtures/purchase_order.jsonata");
    let n: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(20_000);
    let Ok(expr) = Expression::compile(mapping) else {
        return;
    };
    let input: serde_json::Value = serde_json::from_str(record).unwrap_or_default();
    let bindings = Bindings::new();
    let start = std::time::Instant::now();
    let mut total = 0;
    for _ in 0..n {
        if let Ok(Some(v)) = expr.evaluate(Some(&input), &bindings) {
            total += serde_json::to_string(&v).map(|s| s.len()).unwrap_or(0);
        }
    }
    let secs = start.elapsed().as_secs_f64();
    println!(
        "{n} records in {secs:.2}s: {:.0} records/s ({total} bytes)",
        n as f64 / secs
    );
}
