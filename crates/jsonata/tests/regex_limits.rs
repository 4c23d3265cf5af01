//! Every regular-expression match is bounded: a pattern that would backtrack
//! catastrophically ends the evaluation with the time-limit error (`U1001`) on
//! every path that matches — `$match`, `$contains`, `$replace`, `$split`, and a
//! regex applied as a function (`~>`, or called directly) — instead of running
//! for seconds or for ever. Patterns the linear engine can run never backtrack.

use std::time::Duration;

use jsonata::{Bindings, Expression, Limits};
use serde_json::json;

/// The classic runaway: the look-ahead needs the backtracking engine, and the
/// nested repetition has exponentially many ways to split the words.
const RUNAWAY: &str = r"/^(\w+\s?)+(?=\d)/";
/// 28 characters, no digit anywhere.
const TEXT: &str = "An input string that takes a";

fn outcome(expr: &str, input: serde_json::Value) -> Result<Option<serde_json::Value>, String> {
    let e = Expression::compile(expr).map_err(|e| format!("compile: {e}"))?;
    let limits = Limits {
        max_depth: 1000,
        // far longer than the runaway would be allowed to run: the bound is the
        // regex's own, not this clock
        time_limit: Some(Duration::from_secs(60)),
    };
    e.evaluate_with(Some(&input), &Bindings::new(), &limits)
        .map_err(|e| e.code)
}

#[test]
fn the_runaway_pattern_is_the_time_limit_error_on_every_regex_path() {
    assert_eq!(TEXT.chars().count(), 28);
    let input = json!({ "s": TEXT });
    for expr in [
        format!("$match(s, {RUNAWAY})"),
        format!("$contains(s, {RUNAWAY})"),
        format!("$replace(s, {RUNAWAY}, 'x')"),
        format!("$replace(s, {RUNAWAY}, function($m){{ 'x' }})"),
        format!("$split(s, {RUNAWAY})"),
        format!("s ~> {RUNAWAY}"),
        format!("{RUNAWAY}(s)"),
        format!("($re := {RUNAWAY}; $re(s))"),
        format!("s ~> $match({RUNAWAY})"),
        format!("[s, s, s].$match($, {RUNAWAY})"),
    ] {
        assert_eq!(
            outcome(&expr, input.clone()),
            Err("U1001".to_string()),
            "{expr}"
        );
    }
}

#[test]
fn other_catastrophic_patterns_are_bounded_too() {
    let a30 = "a".repeat(30);
    let x30 = "x".repeat(30);
    for (pattern, text) in [
        (r"/(a|aa)+(?=b)/", a30.as_str()),
        (r"/^(a+)+(?!a)b/", a30.as_str()),
        (r"/(x+x+)+y(?=z)/", x30.as_str()),
        (r"/^(\w+)*\1(?=!)/", a30.as_str()),
        (r"/(?<=^)(.*a){20}(?=b)/", a30.as_str()),
    ] {
        let expr = format!("$match(s, {pattern})");
        assert_eq!(
            outcome(&expr, json!({ "s": text })),
            Err("U1001".to_string()),
            "{expr}"
        );
    }
}

#[test]
fn patterns_the_linear_engine_runs_finish_whatever_the_input() {
    // nested repetition without look-around or backreferences: no backtracking
    let text = "a".repeat(100_000) + "!";
    let r = outcome("$match(s, /^(a+)+$/)", json!({ "s": text }));
    assert_eq!(
        r,
        Ok(Some(json!([]))).map(|v: Option<serde_json::Value>| v.and(None))
    );
    let r = outcome(
        "$contains(s, /(a|aa)+b/)",
        json!({ "s": "a".repeat(100_000) }),
    );
    assert_eq!(r, Ok(Some(json!(false))));
}

#[test]
fn backtracking_patterns_that_finish_still_match() {
    let input = json!({ "s": "price $42, tax 7" });
    assert_eq!(
        outcome(r"$match(s, /(?<=\$)\d+/).match", input.clone()),
        Ok(Some(json!("42")))
    );
    assert_eq!(
        outcome(r"$replace(s, /(\d)(?=\d)/, '$1_')", input.clone()),
        Ok(Some(json!("price $4_2, tax 7")))
    );
    assert_eq!(
        outcome(r"$split('a1b22c', /(\d)\1?/)", input),
        Ok(Some(json!(["a", "b", "c"])))
    );
}

#[test]
fn a_date_picture_cannot_backtrack() {
    // many adjacent numeric components over a long run of digits: the picture's
    // pattern runs on the linear engine
    let picture = "[Y][M][D][H][m][s][f]".repeat(4);
    let expr = format!("$toMillis(s, '{picture}')");
    let r = outcome(&expr, json!({ "s": "1".repeat(5000) + "x" }));
    assert!(
        r.is_ok() || r.as_ref().is_err_and(|c| c.starts_with('D')),
        "{r:?}"
    );
}
