//! Static analysis of which input fields an expression reads.

use std::collections::BTreeMap;

use super::ast::Node;

/// A tree of field names read from the root input.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PathNode {
    /// The whole value at this node is used (copied out or inspected as a whole).
    pub whole: bool,
    /// Fields read below this node.
    pub children: BTreeMap<String, PathNode>,
}

/// What an expression reads from its root input.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct InputPaths {
    /// The fields read, starting at the root input.
    pub root: PathNode,
    /// True when the expression reads input it cannot name statically; the
    /// whole input must then be supplied.
    pub dynamic: bool,
}

pub(crate) fn analyse(_root: &Node) -> InputPaths {
    InputPaths {
        root: PathNode::default(),
        dynamic: true,
    }
}
