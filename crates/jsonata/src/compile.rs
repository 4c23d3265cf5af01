//! The compile pipeline: source text to raw tree (`parser`), to compiled tree
//! (`process`), to the evaluator's fast-path annotations (`optimize`).

use crate::ast::Node;
use crate::error::Error;

/// Compiles `src`; `direct_builtins` lets calls of never-rebound built-ins skip
/// variable lookup (not for `$eval`, whose text may see outer bindings).
pub(crate) fn compile(src: &str, direct_builtins: bool) -> Result<Node, Error> {
    let raw = crate::parser::parse(src)?;
    let mut node = crate::process::process(raw)?;
    crate::optimize::annotate(&mut node, direct_builtins);
    Ok(node)
}
