//! Field projection: the Coupa fields a tenant's mapping chain reads, as Coupa's
//! `fields=[…]` parameter, so Coupa sends only those, and as a pruning parser, so the
//! gateway builds only those of whatever Coupa sends.

use serde_json::Value;

use super::chain::{Chain, Direction};
use jsonata::{PathNode, Pruner};

/// What to ask Coupa for, and what to keep of its answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Projection {
    Fields {
        /// The `fields` parameter value (JSON text).
        param: String,
        /// Reads a Coupa answer keeping only the same fields: whatever Coupa sends
        /// beyond them is skipped by the parser, never built.
        pruner: Pruner,
    },
    /// The whole record: some mapping reads it in a way that names no fields.
    Whole { reason: String },
}

/// The `fields` parameter for a tree of read paths (Coupa spells them with underscores).
fn render(node: &PathNode) -> Value {
    Value::Array(
        node.children
            .iter()
            .map(|(name, child)| {
                let name = name.replace('-', "_");
                if child.whole || child.children.is_empty() {
                    Value::String(name)
                } else {
                    let mut obj = serde_json::Map::new();
                    obj.insert(name, render(child));
                    Value::Object(obj)
                }
            })
            .collect(),
    )
}

fn add(into: &mut PathNode, paths: &PathNode) {
    into.whole |= paths.whole;
    for (name, child) in &paths.children {
        add(into.children.entry(name.clone()).or_default(), child);
    }
}

impl Projection {
    /// The union of what every response level reads, plus the id field.
    pub fn of(chain: &Chain, id_field: &str) -> Projection {
        let mut root = PathNode::default();
        for (level, expr) in chain.expressions(Direction::Response) {
            let paths = expr.input_paths();
            if paths.dynamic || paths.root.whole {
                return Projection::Whole {
                    reason: format!(
                        "{} reads the whole record (for example `$keys($)`, `*`, `**` or `$` itself)",
                        level.file.display()
                    ),
                };
            }
            add(&mut root, &paths.root);
        }
        root.children.entry(id_field.to_string()).or_default();
        Projection::Fields {
            param: render(&root).to_string(),
            pruner: Pruner::new(&root),
        }
    }

    pub fn fields(&self) -> Option<&str> {
        match self {
            Projection::Fields { param, .. } => Some(param),
            Projection::Whole { .. } => None,
        }
    }

    /// Parses a Coupa JSON answer (one record or a page of them) down to what the
    /// mapping chain and the gateway read; the whole text when the chain needs it all.
    pub fn read(&self, text: &[u8]) -> serde_json::Result<Value> {
        match self {
            Projection::Fields { pruner, .. } => pruner.read(text),
            Projection::Whole { .. } => serde_json::from_slice(text),
        }
    }
}
