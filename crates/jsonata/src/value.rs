//! The evaluator's value model: borrowed input nodes (`Json`) alongside values
//! the expression builds, plus functions and internal sequence flags.

use std::rc::Rc;
use std::sync::Arc;
use std::sync::atomic::AtomicU32;
use std::sync::atomic::Ordering::Relaxed;

use indexmap::IndexMap;
use serde_json::Value as J;

use crate::ast::{LambdaDef, TransformDef};
use crate::builtins::Builtin;
use crate::error::Error;
use crate::regex::RegexDef;

pub(crate) type Hasher = rustc_hash::FxBuildHasher;
pub(crate) type Obj<'a> = IndexMap<Arc<str>, Value<'a>, Hasher>;

/// Array flags.
pub(crate) const SEQ: u8 = 1;
pub(crate) const KEEP: u8 = 2;
pub(crate) const CONS: u8 = 4;
pub(crate) const OUTER: u8 = 8;

pub(crate) type FrameId = usize;

/// A value or undefined (`None`), as expressions yield them.
pub(crate) type V<'a> = Option<Value<'a>>;

#[derive(Clone, Debug)]
pub(crate) struct Tuple<'a> {
    pub at: Value<'a>,
    pub vars: Vec<(Arc<str>, Option<Value<'a>>)>,
}

impl<'a> Tuple<'a> {
    pub fn set(&mut self, name: Arc<str>, v: Option<Value<'a>>) {
        if let Some(slot) = self.vars.iter_mut().find(|(k, _)| *k == name) {
            slot.1 = v;
        } else {
            self.vars.push((name, v));
        }
    }
}

#[derive(Debug)]
pub(crate) enum Func<'a> {
    Lambda {
        def: Arc<LambdaDef>,
        input: Option<Value<'a>>,
        env: FrameId,
        /// Remaining parameters after partial application.
        params: Option<Vec<Arc<str>>>,
    },
    Builtin(Builtin),
    Partial {
        func: Value<'a>,
        args: Vec<Option<Option<Value<'a>>>>,
    },
    Chain(Value<'a>, Value<'a>),
    Regex(Arc<RegexDef>),
    Transform {
        def: Arc<TransformDef>,
        env: FrameId,
    },
}

impl Func<'_> {
    pub fn arity(&self) -> usize {
        match self {
            Func::Lambda { def, params, .. } => {
                params.as_ref().map_or(def.params.len(), |p| p.len())
            }
            Func::Builtin(b) => b.arity(),
            Func::Partial { args, .. } => args.iter().filter(|a| a.is_none()).count(),
            Func::Chain(..) | Func::Regex(_) | Func::Transform { .. } => 1,
        }
    }
}

#[derive(Clone, Debug)]
pub(crate) enum Value<'a> {
    Null,
    Bool(bool),
    Num(f64),
    Str(Arc<str>),
    /// A borrowed string, array or object of the input or a binding.
    Json(&'a J),
    Array(Rc<Vec<Value<'a>>>, u8),
    Object(Rc<Obj<'a>>),
    Func(Rc<Func<'a>>),
    /// A tuple stream (internal to path evaluation).
    Tuples(Rc<Vec<Tuple<'a>>>),
    /// A pending tail call (internal to function application).
    TailCall(Rc<(Value<'a>, Vec<Option<Value<'a>>>)>),
}

impl<'a> Value<'a> {
    #[inline]
    pub fn from_json(j: &'a J) -> Value<'a> {
        match j {
            J::Null => Value::Null,
            J::Bool(b) => Value::Bool(*b),
            J::Number(n) => Value::Num(n.as_f64().unwrap_or(f64::NAN)),
            _ => Value::Json(j),
        }
    }

    pub fn str(s: &str) -> Value<'a> {
        Value::Str(Arc::from(s))
    }

    pub fn string(s: String) -> Value<'a> {
        Value::Str(Arc::from(s))
    }

    pub fn array(items: Vec<Value<'a>>) -> Value<'a> {
        Value::Array(Rc::new(items), 0)
    }

    pub fn seq(items: Vec<Value<'a>>) -> Value<'a> {
        Value::Array(Rc::new(items), SEQ)
    }

    pub fn object(map: Obj<'a>) -> Value<'a> {
        Value::Object(Rc::new(map))
    }

    pub fn func(f: Func<'a>) -> Value<'a> {
        Value::Func(Rc::new(f))
    }

    #[inline]
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::Str(s) => Some(s),
            Value::Json(J::String(s)) => Some(s),
            _ => None,
        }
    }

    #[inline]
    pub fn as_num(&self) -> Option<f64> {
        match self {
            Value::Num(n) => Some(*n),
            _ => None,
        }
    }

    pub fn is_string(&self) -> bool {
        self.as_str().is_some()
    }

    pub fn is_number(&self) -> bool {
        matches!(self, Value::Num(_))
    }

    pub fn is_array(&self) -> bool {
        matches!(self, Value::Array(..) | Value::Json(J::Array(_)))
    }

    pub fn is_object(&self) -> bool {
        matches!(self, Value::Object(_) | Value::Json(J::Object(_)))
    }

    pub fn flags(&self) -> u8 {
        match self {
            Value::Array(_, f) => *f,
            _ => 0,
        }
    }

    pub fn is_seq(&self) -> bool {
        self.flags() & SEQ != 0
    }

    pub fn with_flags(self, add: u8) -> Value<'a> {
        match self {
            Value::Array(v, f) => Value::Array(v, f | add),
            other => other,
        }
    }

    pub fn sig_symbol(&self) -> char {
        match self {
            Value::Null => 'l',
            Value::Bool(_) => 'b',
            Value::Num(_) => 'n',
            Value::Str(_) | Value::Json(J::String(_)) => 's',
            Value::Array(..) | Value::Json(J::Array(_)) | Value::Tuples(_) => 'a',
            Value::Object(_) | Value::Json(_) => 'o',
            Value::Func(_) | Value::TailCall(_) => 'f',
        }
    }

    pub fn type_name(&self) -> &'static str {
        match self.sig_symbol() {
            'l' => "null",
            'b' => "boolean",
            'n' => "number",
            's' => "string",
            'a' => "array",
            'o' => "object",
            _ => "function",
        }
    }

    /// Length if this is an array.
    pub fn array_len(&self) -> Option<usize> {
        match self {
            Value::Array(v, _) => Some(v.len()),
            Value::Json(J::Array(v)) => Some(v.len()),
            _ => None,
        }
    }

    /// Item `i` if this is an array.
    pub fn array_get(&self, i: usize) -> Option<Value<'a>> {
        match self {
            Value::Array(v, _) => v.get(i).cloned(),
            Value::Json(J::Array(v)) => v.get(i).map(Value::from_json),
            _ => None,
        }
    }

    /// The items of an array (or the value itself as a one-item list).
    pub fn to_vec(&self) -> Vec<Value<'a>> {
        match self {
            Value::Array(v, _) => v.as_ref().clone(),
            Value::Json(J::Array(v)) => v.iter().map(Value::from_json).collect(),
            other => vec![other.clone()],
        }
    }

    /// Items of an array, without copying when this is the only reference.
    pub fn into_vec(self) -> Vec<Value<'a>> {
        match self {
            Value::Array(v, _) => Rc::try_unwrap(v).unwrap_or_else(|rc| rc.as_ref().clone()),
            other => other.to_vec(),
        }
    }

    pub fn array_all(&self, mut f: impl FnMut(Value<'a>) -> bool) -> bool {
        match self {
            Value::Array(v, _) => v.iter().all(|x| f(x.clone())),
            Value::Json(J::Array(v)) => v.iter().all(|x| f(Value::from_json(x))),
            _ => f(self.clone()),
        }
    }

    /// Property lookup on an object.
    pub fn get_field(&self, key: &str) -> Option<Value<'a>> {
        match self {
            Value::Object(m) => m.get(key).cloned(),
            Value::Json(J::Object(m)) => json_get(m, key).map(Value::from_json),
            _ => None,
        }
    }

    /// Object entries (key, value) in order.
    pub fn entries(&self) -> Vec<(Arc<str>, Value<'a>)> {
        match self {
            Value::Object(m) => m.iter().map(|(k, v)| (k.clone(), v.clone())).collect(),
            Value::Json(J::Object(m)) => m
                .iter()
                .map(|(k, v)| (Arc::from(k.as_str()), Value::from_json(v)))
                .collect(),
            _ => Vec::new(),
        }
    }

    pub fn keys(&self) -> Vec<Arc<str>> {
        match self {
            Value::Object(m) => m.keys().cloned().collect(),
            Value::Json(J::Object(m)) => m.keys().map(|k| Arc::from(k.as_str())).collect(),
            _ => Vec::new(),
        }
    }

    /// Converts to an owned JSON value (functions become `""`). Fails when
    /// the value nests deeper than [`MAX_VALUE_DEPTH`].
    pub fn to_json(&self) -> Result<J, Error> {
        self.to_json_at(0)
    }

    fn to_json_at(&self, depth: usize) -> Result<J, Error> {
        if depth > MAX_VALUE_DEPTH {
            return Err(too_deep());
        }
        stacker::maybe_grow(64 * 1024, 1024 * 1024, || self.to_json_inner(depth))
    }

    fn to_json_inner(&self, depth: usize) -> Result<J, Error> {
        Ok(match self {
            Value::Null => J::Null,
            Value::Bool(b) => J::Bool(*b),
            Value::Num(n) => number_to_json(*n),
            Value::Str(s) => J::String(s.to_string()),
            Value::Json(j) => normalize_json(j, depth)?,
            Value::Array(v, _) => J::Array(
                v.iter()
                    .map(|x| x.to_json_at(depth + 1))
                    .collect::<Result<_, _>>()?,
            ),
            Value::Object(m) => {
                let mut out = serde_json::Map::with_capacity(m.len());
                for (k, v) in m.iter() {
                    out.insert(k.to_string(), v.to_json_at(depth + 1)?);
                }
                J::Object(out)
            }
            Value::Func(_) | Value::TailCall(_) => J::String(String::new()),
            Value::Tuples(t) => J::Array(
                t.iter()
                    .map(|x| x.at.to_json_at(depth + 1))
                    .collect::<Result<_, _>>()?,
            ),
        })
    }
}

/// Deepest nesting of objects and arrays a result may have (deeper input
/// can be read, but not copied out).
pub(crate) const MAX_VALUE_DEPTH: usize = 1000;

pub(crate) fn too_deep() -> Error {
    Error::new("U1001").message(format!("Value nesting exceeds {MAX_VALUE_DEPTH} levels"))
}

/// Copies an input node, normalising integral floats to integers.
pub(crate) fn normalize_json(j: &J, depth: usize) -> Result<J, Error> {
    if depth > MAX_VALUE_DEPTH {
        return Err(too_deep());
    }
    stacker::maybe_grow(64 * 1024, 1024 * 1024, || normalize_inner(j, depth))
}

fn normalize_inner(j: &J, depth: usize) -> Result<J, Error> {
    Ok(match j {
        J::Number(n) => match n.as_f64() {
            Some(f) if n.is_f64() => number_to_json(f),
            _ => j.clone(),
        },
        J::Array(v) => J::Array(
            v.iter()
                .map(|x| normalize_json(x, depth + 1))
                .collect::<Result<_, _>>()?,
        ),
        J::Object(m) => {
            let mut out = serde_json::Map::with_capacity(m.len());
            for (k, v) in m {
                out.insert(k.clone(), normalize_json(v, depth + 1)?);
            }
            J::Object(out)
        }
        other => other.clone(),
    })
}

/// A number as JSON: integral values within the 64-bit range become integers.
pub(crate) fn number_to_json(n: f64) -> J {
    if n.fract() == 0.0 && n.is_finite() {
        if n.abs() < 9.2e18 {
            return J::from(n as i64);
        }
        if n > 0.0 && n < 1.8e19 {
            return J::from(n as u64);
        }
    }
    serde_json::Number::from_f64(n).map_or(J::Null, J::Number)
}

/// Field lookup on a borrowed object: a linear scan beats hashing for the
/// small objects typical of payloads.
#[inline]
pub(crate) fn json_get<'a>(m: &'a serde_json::Map<String, J>, key: &str) -> Option<&'a J> {
    if m.len() <= 24 {
        m.iter().find(|(k, _)| k.as_str() == key).map(|(_, v)| v)
    } else {
        m.get(key)
    }
}

/// [`json_get`] trying the position `hint` remembers first, and remembering
/// where the key was found when it was elsewhere.
#[inline]
pub(crate) fn json_get_hinted<'a>(
    m: &'a serde_json::Map<String, J>,
    key: &str,
    hint: &AtomicU32,
) -> Option<&'a J> {
    let at = hint.load(Relaxed) as usize;
    if let Some((k, v)) = m.iter().nth(at)
        && k.as_str() == key
    {
        return Some(v);
    }
    // scanned further than `json_get` would, so that a record's top level (often
    // 25–60 fields) gets a remembered position too; the scan runs only on a miss
    if m.len() > 64 {
        return m.get(key);
    }
    let (i, (_, v)) = m.iter().enumerate().find(|(_, (k, _))| k.as_str() == key)?;
    hint.store(i as u32, Relaxed);
    Some(v)
}
