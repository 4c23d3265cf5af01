//! Field projection: the upstream fields a tenant's mapping chain reads, as the
//! provider's field selection (Coupa's `fields=[…]`), so the provider sends only those,
//! and as a pruning parser, so the gateway builds only those of whatever it sends.

use serde_json::Value;

use super::chain::{Chain, Direction};
use crate::providers::Provider;
use jsonata::{PathNode, Pruner};

/// What to ask the provider for, and what to keep of its answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Projection {
    Fields {
        /// The provider's field-selection parameter value.
        param: String,
        /// Reads a record keeping only the same fields: whatever the provider sends
        /// beyond them is skipped by the parser, never built.
        pruner: Pruner,
        /// The same for a page of records in the provider's envelope.
        page: Pruner,
    },
    /// The whole record: some mapping reads it in a way that names no fields.
    Whole { reason: String },
}

fn add(into: &mut PathNode, paths: &PathNode) {
    into.whole |= paths.whole;
    for (name, child) in &paths.children {
        add(into.children.entry(name.clone()).or_default(), child);
    }
}

impl Projection {
    /// The union of what every response level reads, plus the id field, in the
    /// provider's terms.
    pub fn of(chain: &Chain, id_field: &str, provider: Provider) -> Projection {
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
        match provider.render_fields(&root) {
            Ok(param) => Projection::Fields {
                param,
                pruner: Pruner::new(&root),
                page: Pruner::new(&provider.page_paths(&root)),
            },
            Err(reason) => Projection::Whole { reason },
        }
    }

    pub fn fields(&self) -> Option<&str> {
        match self {
            Projection::Fields { param, .. } => Some(param),
            Projection::Whole { .. } => None,
        }
    }

    /// Parses a JSON answer (one record or a page of them) down to what the
    /// mapping chain and the gateway read; the whole text when the chain needs it all.
    pub fn read(&self, text: &[u8]) -> serde_json::Result<Value> {
        match self {
            Projection::Fields { pruner, .. } => pruner.read(text),
            Projection::Whole { .. } => serde_json::from_slice(text),
        }
    }

    /// [`Projection::read`] for a list answer in the provider's envelope.
    pub fn read_page(&self, text: &[u8]) -> serde_json::Result<Value> {
        match self {
            Projection::Fields { page, .. } => page.read(text),
            Projection::Whole { .. } => serde_json::from_slice(text),
        }
    }
}
