//! Field projection: the Coupa fields a tenant's mapping chain reads, as Coupa's
//! `fields=[…]` parameter, so Coupa sends only those.

use std::collections::BTreeMap;

use serde_json::Value;

use super::chain::{Chain, Direction};
use crate::jsonata::PathNode;

/// What to ask Coupa for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Projection {
    /// The `fields` parameter value (JSON text).
    Fields(String),
    /// The whole record: some mapping reads it in a way that names no fields.
    Whole { reason: String },
}

#[derive(Debug, Default)]
struct Node {
    whole: bool,
    children: BTreeMap<String, Node>,
}

impl Node {
    fn add(&mut self, paths: &PathNode) {
        if paths.whole {
            self.whole = true;
        }
        for (name, child) in &paths.children {
            self.children.entry(name.clone()).or_default().add(child);
        }
    }

    fn render(&self) -> Value {
        Value::Array(
            self.children
                .iter()
                .map(|(name, node)| {
                    let name = name.replace('-', "_");
                    if node.whole || node.children.is_empty() {
                        Value::String(name)
                    } else {
                        let mut obj = serde_json::Map::new();
                        obj.insert(name, node.render());
                        Value::Object(obj)
                    }
                })
                .collect(),
        )
    }
}

impl Projection {
    /// The union of what every response level reads, plus the id field.
    pub fn of(chain: &Chain, id_field: &str) -> Projection {
        let mut root = Node::default();
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
            root.add(&paths.root);
        }
        root.children.entry(id_field.to_string()).or_default();
        Projection::Fields(root.render().to_string())
    }

    pub fn fields(&self) -> Option<&str> {
        match self {
            Projection::Fields(f) => Some(f),
            Projection::Whole { .. } => None,
        }
    }
}
