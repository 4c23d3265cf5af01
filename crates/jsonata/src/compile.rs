//! The compile pipeline: source text to raw tree (`parser`), to compiled tree
//! (`process`), to the evaluator's fast-path annotations (`optimize`), within
//! the compile limits.
//!
//! Compilation is linear in the size of the source and bounded: a source longer
//! than [`MAX_SOURCE_CHARS`] or nested deeper than
//! [`MAX_NESTING`](crate::parser::MAX_NESTING) is refused with `U1001`, its
//! message naming the limit and the line and column where it was exceeded. Every
//! pass over the tree recurses at most as deep as the tree is high, so no source
//! can overflow the stack while compiling (nor when the tree is dropped).

use crate::ast::Node;
use crate::error::Error;

/// Longest source accepted, in characters.
pub(crate) const MAX_SOURCE_CHARS: usize = 1 << 20;

/// Compiles `src`; `direct_builtins` lets calls of never-rebound built-ins skip
/// variable lookup (not for `$eval`, whose text may see outer bindings).
pub(crate) fn compile(src: &str, direct_builtins: bool) -> Result<Node, Error> {
    if src.len() > MAX_SOURCE_CHARS && src.chars().nth(MAX_SOURCE_CHARS).is_some() {
        let e = Error::new("U1001").at(MAX_SOURCE_CHARS).message(format!(
            "Expression source exceeds {MAX_SOURCE_CHARS} characters"
        ));
        return Err(locate(e, src));
    }
    let raw = crate::parser::parse(src).map_err(|e| locate(e, src))?;
    let mut node = crate::process::process(raw).map_err(|e| locate(e, src))?;
    crate::optimize::annotate(&mut node, direct_builtins);
    Ok(node)
}

/// Adds the line and column to the message of a compile-limit error.
fn locate(mut e: Error, src: &str) -> Error {
    if e.code == "U1001"
        && let Some((line, column)) = e.line_col(src)
    {
        e.message = format!("{} (line {line}, column {column})", e.message);
    }
    e
}
