//! Compilation is bounded and linear: hostile sources of every shape — deep
//! nesting of each kind, long operator chains, long paths — either compile or
//! fail with the compile-limit error (`U1001`, naming the line and column), and
//! never overflow the stack. Each case runs on a thread with a small stack
//! (256 KiB, an eighth of a tokio worker's 2 MiB); what compiles is evaluated
//! there too, within the default limits.

use std::time::Instant;

use jsonata::{Bindings, Expression};
use serde_json::json;

/// Stack of the threads the cases run on.
const SMALL_STACK: usize = 256 * 1024;

fn on_small_stack<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> T {
    std::thread::Builder::new()
        .stack_size(SMALL_STACK)
        .spawn(f)
        .expect("spawn a thread")
        .join()
        .expect("the case does not crash")
}

/// Sources of `n` repetitions of one shape.
fn source(kind: &str, n: usize) -> String {
    match kind {
        "path" => vec!["a"; n].join("."),
        "parentheses" => format!("{}1{}", "(".repeat(n), ")".repeat(n)),
        "arrays" => format!("{}1{}", "[".repeat(n), "]".repeat(n)),
        "objects" => format!("{}1{}", "{'a':".repeat(n), "}".repeat(n)),
        "lambdas" => format!("{}1{}", "function($x){".repeat(n), "}".repeat(n)),
        "conditions" => format!("{}1{}", "a ? ".repeat(n), " : 2".repeat(n)),
        "unary minus" => format!("{}1", "-".repeat(n)),
        "predicates" => format!("a{}", "[b]".repeat(n)),
        "nested predicates" => format!("{}1{}", "a[".repeat(n), "]".repeat(n)),
        "binds" => format!("{}1", "$a := ".repeat(n)),
        "plus chain" => vec!["1"; n].join("+"),
        "and chain" => vec!["a"; n].join(" and "),
        "concat chain" => vec!["'x'"; n].join(" & "),
        "apply chain" => format!("1{}", " ~> $string".repeat(n)),
        "calls" => format!("{}1{}", "$string(".repeat(n), ")".repeat(n)),
        "blocks" => format!("({})", vec!["1"; n].join(";")),
        "long array" => format!("[{}]", vec!["1"; n].join(",")),
        "long object" => format!(
            "{{{}}}",
            (0..n)
                .map(|i| format!("'k{i}':{i}"))
                .collect::<Vec<_>>()
                .join(",")
        ),
        "parent chain" => format!("{}.{}", vec!["a"; n].join("."), vec!["%"; n / 2].join(".")),
        "regex groups" => format!("$match('a', /{}a{}/)", "(".repeat(n), ")".repeat(n)),
        _ => unreachable!("unknown kind {kind}"),
    }
}

const KINDS: &[&str] = &[
    "path",
    "parentheses",
    "arrays",
    "objects",
    "lambdas",
    "conditions",
    "unary minus",
    "predicates",
    "nested predicates",
    "binds",
    "plus chain",
    "and chain",
    "concat chain",
    "apply chain",
    "calls",
    "blocks",
    "long array",
    "long object",
    "parent chain",
    "regex groups",
];

/// Compiles (and, when it compiles, evaluates) on a small stack: `Ok(true)` when
/// it compiled and evaluated without error, `Ok(false)` when it was refused with
/// the compile-limit error.
fn run(kind: &'static str, n: usize) -> Result<bool, String> {
    on_small_stack(move || {
        let src = source(kind, n);
        match Expression::compile(&src) {
            Ok(e) => {
                let input = json!({"a": {"a": {"b": true}}, "b": true});
                // what compiles evaluates within the default limits (the compile
                // limit leaves room for the evaluation depth limit)
                if let Err(err) = e.evaluate(Some(&input), &Bindings::new()) {
                    return Err(format!("{kind} {n}: evaluation failed: {err:?}"));
                }
                let _ = e.input_paths();
                drop(e);
                Ok(true)
            }
            Err(e) if e.code == "U1001" => {
                if e.position.is_none() || !e.message.contains("line 1, column") {
                    return Err(format!("{kind} {n}: no position in {e:?}"));
                }
                Ok(false)
            }
            // a regex nested too deep for the regex engines is a regex error
            Err(e) if kind == "regex groups" && e.code == "S0303" => Ok(false),
            Err(e) => Err(format!("{kind} {n}: unexpected {e:?}")),
        }
    })
}

#[test]
fn every_kind_of_deep_or_long_source_compiles_or_is_refused() {
    for kind in KINDS {
        for n in [20_000, 100_000] {
            let compiled = run(kind, n).unwrap_or_else(|e| panic!("{e}"));
            eprintln!(
                "{kind:>18} × {n:>6}: {}",
                if compiled { "compiled" } else { "refused" }
            );
        }
    }
}

/// The largest `n` (up to 1000) for which `source(kind, n)` compiles.
fn deepest_accepted(kind: &str) -> usize {
    let (mut lo, mut hi) = (0usize, 1000);
    while lo < hi {
        let mid = (lo + hi).div_ceil(2);
        if Expression::compile(&source(kind, mid)).is_ok() {
            lo = mid;
        } else {
            hi = mid - 1;
        }
    }
    lo
}

#[test]
fn the_deepest_accepted_nesting_of_each_kind_evaluates_on_a_small_stack() {
    for kind in KINDS {
        if ["path", "blocks", "long array", "long object"].contains(kind) {
            continue;
        }
        let n = deepest_accepted(kind);
        eprintln!("{kind:>18}: {n} accepted");
        let min = if *kind == "regex groups" { 100 } else { 130 };
        assert!(n >= min, "{kind}: only {n} levels accepted");
        // compiled and evaluated within the default limits on the small stack
        assert_eq!(run(kind, n), Ok(true), "{kind} {n}");
        assert_eq!(run(kind, n + 1), Ok(false), "{kind} {}", n + 1);
    }
}

#[test]
fn nesting_of_400_levels_is_the_limit() {
    for (kind, n) in [
        ("parentheses", 399),
        ("arrays", 399),
        ("objects", 399),
        ("unary minus", 399),
        ("binds", 399),
        ("plus chain", 400),
    ] {
        assert_eq!(deepest_accepted(kind), n, "{kind}");
    }
}

#[test]
fn long_paths_compile_and_evaluate() {
    for n in [20_000, 100_000] {
        assert_eq!(run("path", n), Ok(true));
    }
    let e = Expression::compile(&source("path", 20_000)).expect("compiles");
    // the location read is kept whole past the depth the analysis follows
    assert!(!e.input_paths().needs_everything());
    assert!(e.input_paths().flatten().len() < 100);
    let v = e.evaluate(Some(&json!({"a": {"a": 1}})), &Bindings::new());
    assert_eq!(v, Ok(None));
}

#[test]
fn the_error_names_the_limit_and_where_it_was_exceeded() {
    let src = format!("\n  {}1{}", "(".repeat(500), ")".repeat(500));
    let e = Expression::compile(&src).expect_err("too deep");
    assert_eq!(e.code, "U1001");
    assert!(e.message.contains("400 levels"), "{}", e.message);
    assert!(e.message.contains("line 2, column"), "{}", e.message);
    let long = format!("'{}'", "x".repeat(1 << 20));
    let e = Expression::compile(&long).expect_err("too long");
    assert_eq!(e.code, "U1001");
    assert!(e.message.contains("1048576 characters"), "{}", e.message);
}

/// Compile time of a path of `n` steps, best of three.
fn compile_time(n: usize) -> f64 {
    let src = source("path", n);
    (0..3)
        .map(|_| {
            let t = Instant::now();
            let e = Expression::compile(&src);
            let d = t.elapsed().as_secs_f64();
            assert!(e.is_ok());
            d
        })
        .fold(f64::INFINITY, f64::min)
}

/// Compiling is linear in the length of a path: every pass visits each step a
/// bounded number of times (the parser appends steps to a list, the processor
/// checks each step once, the input-path analysis follows at most 64 names).
/// Four times the steps must cost well under sixteen times the time (what a
/// quadratic pass would take); each figure is the fastest of several runs, so a
/// shared machine's noise does not reach the bound.
#[test]
fn compile_time_grows_linearly_with_path_length() {
    let short = compile_time(10_000);
    let long = compile_time(40_000);
    eprintln!(
        "compile: 10 000 steps {:.1} ms, 40 000 steps {:.1} ms, ratio {:.2} (linear: 4)",
        short * 1e3,
        long * 1e3,
        long / short
    );
    assert!(
        long / short < 10.0,
        "compiling 4x the steps took {:.1}x the time: a pass is not linear",
        long / short
    );
}
