//! Evaluates a JSONata expression against JSON read from stdin (or a file).
//!
//! `cargo run -p procura-jsonata --example eval -- '<expression>' [input.json]`
//! `cargo run -p procura-jsonata --example eval -- --paths '<expression>'` prints what it reads.

use std::io::Read;

use jsonata::{Bindings, Expression, to_json_string};

fn main() {
    let mut args = std::env::args().skip(1).peekable();
    let paths_only = args.peek().is_some_and(|a| a == "--paths");
    if paths_only {
        args.next();
    }
    let Some(src) = args.next() else {
        eprintln!("usage: eval '<expression>' [input.json]");
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
    let expr = match Expression::compile(&src) {
        Ok(e) => e,
        Err(e) => {
            eprintln!("{e}");
            std::process::exit(1);
        }
    };
    if paths_only {
        let paths = expr.input_paths();
        println!("needs everything: {}", paths.needs_everything());
        for (path, whole) in paths.flatten() {
            println!("{path}{}", if whole { "  (whole)" } else { "" });
        }
        return;
    }
    let input: Option<serde_json::Value> = serde_json::from_str(&text).ok();
    match expr.evaluate(input.as_ref(), &Bindings::new()) {
        Ok(Some(v)) => println!("{}", to_json_string(&v)),
        Ok(None) => println!("undefined"),
        Err(e) => {
            eprintln!("{e}");
            std::process::exit(1);
        }
    }
}
