//! Evaluates a JSONata expression against JSON read from stdin (or a file).
//!
//! `cargo run --example jsonata_eval -- '<expression>' [input.json]`

use std::io::Read;

use procura::jsonata::{Bindings, Expression, to_json_string};

fn main() {
    let mut args = std::env::args().skip(1);
    let Some(src) = args.next() else {
        eprintln!("usage: jsonata_eval '<expression>' [input.json]");
        std::process::exit(2);
    };
    let text = match args.next() {
        Some(path) => std::fs::read_to_string(path).unwrap_or_default(),
        None => {
            let mut s = String::new();
            let _ = std::io::stdin().read_to_string(&mut s);
            s
        }
    };
    let input: Option<serde_json::Value> = serde_json::from_str(&text).ok();
    let expr = match Expression::compile(&src) {
        Ok(e) => e,
        Err(e) => {
            eprintln!("{e}");
            std::process::exit(1);
        }
    };
    match expr.evaluate(input.as_ref(), &Bindings::new()) {
        Ok(Some(v)) => println!("{}", to_json_string(&v)),
        Ok(None) => println!("undefined"),
        Err(e) => {
            eprintln!("{e}");
            std::process::exit(1);
        }
    }
}
