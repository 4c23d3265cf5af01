//! The compiled expression tree that the evaluator walks.
//!
//! Path expressions are flattened into steps; predicates, grouping, focus (`@`),
//! index (`#`) and parent (`%`) bindings are annotations on nodes, resolved once
//! at compile time.

use std::sync::Arc;
use std::sync::atomic::AtomicU32;

use crate::builtins::Builtin;
use crate::regex::RegexDef;
use crate::signature::Signature;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum BinOp {
    Add,
    Sub,
    Mul,
    Div,
    Mod,
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
    Concat,
    And,
    Or,
    In,
    Range,
}

impl BinOp {
    pub fn symbol(self) -> &'static str {
        match self {
            BinOp::Add => "+",
            BinOp::Sub => "-",
            BinOp::Mul => "*",
            BinOp::Div => "/",
            BinOp::Mod => "%",
            BinOp::Eq => "=",
            BinOp::Ne => "!=",
            BinOp::Lt => "<",
            BinOp::Le => "<=",
            BinOp::Gt => ">",
            BinOp::Ge => ">=",
            BinOp::Concat => "&",
            BinOp::And => "and",
            BinOp::Or => "or",
            BinOp::In => "in",
            BinOp::Range => "..",
        }
    }
}

#[derive(Debug, Clone)]
pub(crate) enum Stage {
    Filter(Node),
    Index(Arc<str>),
}

#[derive(Debug, Clone)]
pub(crate) struct SortTerm {
    pub descending: bool,
    pub expr: Node,
}

#[derive(Debug, Clone)]
pub(crate) struct GroupBy {
    pub pairs: Vec<(Node, Node)>,
    pub pos: usize,
    /// Every key is a distinct string literal (no duplicate check needed).
    pub static_keys: bool,
}

#[derive(Debug)]
pub(crate) struct LambdaDef {
    pub params: Vec<Arc<str>>,
    pub signature: Option<Signature>,
    pub body: Node,
}

#[derive(Debug)]
pub(crate) struct TransformDef {
    pub pattern: Node,
    pub update: Node,
    pub delete: Option<Node>,
    pub pos: usize,
}

#[derive(Debug, Clone)]
pub(crate) enum Kind {
    Path {
        steps: Vec<Node>,
        keep_singleton: bool,
    },
    Name(Arc<str>),
    Str(Arc<str>),
    Num(f64),
    Bool(bool),
    Null,
    Wildcard,
    Descendant,
    Parent(Arc<str>),
    Binary(BinOp, Box<Node>, Box<Node>),
    Neg(Box<Node>),
    Array(Vec<Node>),
    Object(Box<GroupBy>),
    Condition(Box<Node>, Box<Node>, Option<Box<Node>>),
    Coalesce(Box<Node>, Box<Node>),
    Elvis(Box<Node>, Box<Node>),
    Block(Vec<Node>),
    Bind(Arc<str>, Box<Node>),
    Regex(Arc<RegexDef>),
    Function {
        proc: Box<Node>,
        args: Vec<Node>,
        builtin: Option<Builtin>,
    },
    Partial {
        proc: Box<Node>,
        args: Vec<Option<Node>>,
    },
    Lambda(Arc<LambdaDef>),
    Variable {
        name: Arc<str>,
        builtin: Option<Builtin>,
    },
    Apply(Box<Node>, Box<Node>),
    Transform(Arc<TransformDef>),
    Sort(Vec<SortTerm>),
}

/// Per-node annotations added by the post-parse pass.
#[derive(Debug, Default, Clone)]
pub(crate) struct Ann {
    pub keep_array: bool,
    /// Filters applied to a non-step expression (`(expr)[pred]`).
    pub predicate: Vec<Node>,
    /// Filters and index bindings applied per step.
    pub stages: Vec<Stage>,
    pub group: Option<Box<GroupBy>>,
    pub focus: Option<Arc<str>>,
    pub index: Option<Arc<str>>,
    pub tuple: bool,
    pub ancestor: Option<Arc<str>>,
    pub consarray: bool,
    /// A path of plain field names (evaluated without building sequences).
    pub simple_path: bool,
    /// No annotation changes what the node yields (no predicate, stage, grouping,
    /// binding or array flag): fast paths may evaluate it by its kind alone.
    pub plain: bool,
    /// A variable followed by plain field names (`$l.item.name`): when the variable
    /// holds no array, evaluated as a walk down its fields.
    pub var_path: bool,
    /// A path of plain field names ending in an object constructor with literal
    /// keys (`lines.{ "id": id }`): evaluated item by item straight to output.
    pub map_path: bool,
    /// A call of a built-in whose name the expression never rebinds.
    pub direct_builtin: bool,
    /// A call in tail position of a lambda body (run by the trampoline).
    pub tail: bool,
    /// Parse-time only: parent slots still looking for their step.
    pub seeking: Vec<usize>,
    /// Parse-time only: the slot of a `%` node.
    pub slot: Option<usize>,
    /// Parse-time only: the slot this step binds as an ancestor.
    pub anc_slot: Option<usize>,
}

#[derive(Debug)]
pub(crate) struct Node {
    pub kind: Kind,
    pub pos: usize,
    pub ann: Box<Ann>,
    /// For a field name: the position in its object where the field was last
    /// found. Records of one resource list their fields in the same order, so
    /// a lookup usually checks one key instead of scanning or hashing (an inline
    /// cache; shared by all threads, written only when it misses).
    pub hint: AtomicU32,
}

impl Clone for Node {
    fn clone(&self) -> Node {
        Node {
            kind: self.kind.clone(),
            pos: self.pos,
            ann: self.ann.clone(),
            hint: AtomicU32::new(self.hint.load(std::sync::atomic::Ordering::Relaxed)),
        }
    }
}

impl Node {
    pub fn new(kind: Kind, pos: usize) -> Node {
        Node {
            kind,
            pos,
            ann: Box::default(),
            hint: AtomicU32::new(0),
        }
    }

    pub fn is_path(&self) -> bool {
        matches!(self.kind, Kind::Path { .. })
    }
}
