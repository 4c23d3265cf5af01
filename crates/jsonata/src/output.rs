//! [`Output`]: an evaluation result that owns its data, crosses threads and
//! serializes as it stands. Object keys built by an expression are shared with
//! the compiled tree (`Arc<str>`), so turning an evaluation into an `Output`
//! hashes nothing and copies no key; a `serde_json::Value` would re-hash and
//! re-allocate every key of every object, which on a mapped record costs about
//! as much as evaluating it.

use std::sync::Arc;

use rustc_hash::FxHashMap;
use serde::ser::{Serialize, SerializeMap, SerializeSeq, Serializer};
use serde_json::Value as J;

use crate::error::Error;
use crate::value::{MAX_VALUE_DEPTH, Value, number_to_json, too_deep};

/// An owned JSON value produced by an expression (see the module docs).
#[derive(Debug, Clone, PartialEq)]
pub enum Output {
    Null,
    Bool(bool),
    Number(serde_json::Number),
    String(Arc<str>),
    Array(Vec<Output>),
    /// Keys in the order the expression built them; no duplicates.
    Object(Vec<(Arc<str>, Output)>),
    /// A `serde_json` value carried as it is (for example a raw record attached to
    /// a mapped one): serialized unchanged, never merged into.
    Raw(J),
}

/// Objects at least this large get a hash index when merged into.
const INDEXED_MERGE: usize = 16;

impl Output {
    /// The same value as a `serde_json::Value`.
    pub fn into_value(self) -> J {
        match self {
            Output::Null => J::Null,
            Output::Bool(b) => J::Bool(b),
            Output::Number(n) => J::Number(n),
            Output::String(s) => J::String(s.to_string()),
            Output::Array(items) => J::Array(items.into_iter().map(Output::into_value).collect()),
            Output::Object(entries) => J::Object(
                entries
                    .into_iter()
                    .map(|(k, v)| (k.to_string(), v.into_value()))
                    .collect(),
            ),
            Output::Raw(j) => j,
        }
    }

    /// Only the fields `selection` names (arrays are transparent; a node without
    /// children keeps the whole value below it), in the order they were built.
    pub fn select(self, selection: &crate::PathNode) -> Output {
        if selection.whole || selection.children.is_empty() {
            return self;
        }
        match self {
            Output::Object(entries) => Output::Object(
                entries
                    .into_iter()
                    .filter_map(|(k, v)| {
                        let child = selection.children.get(&*k)?;
                        Some((k, v.select(child)))
                    })
                    .collect(),
            ),
            Output::Array(items) => {
                Output::Array(items.into_iter().map(|v| v.select(selection)).collect())
            }
            other => other,
        }
    }

    pub fn is_null(&self) -> bool {
        matches!(self, Output::Null | Output::Raw(J::Null))
    }

    /// Adds or replaces `key` when this is an object; anything else is left as is.
    pub fn insert(&mut self, key: &str, value: Output) {
        if let Output::Object(entries) = self {
            match entries.iter_mut().find(|(k, _)| &**k == key) {
                Some(slot) => slot.1 = value,
                None => entries.push((Arc::from(key), value)),
            }
        }
    }

    /// `overlay` merged into `self`: objects merge key by key (keeping the base's key
    /// order, new keys after it), a `null` in the overlay removes the key, anything
    /// else replaces.
    pub fn merge(self, overlay: Output) -> Output {
        match (self, overlay) {
            (Output::Object(mut base), Output::Object(over)) => {
                // large objects get an index so that merging stays linear
                let mut index: Option<FxHashMap<Arc<str>, usize>> =
                    (base.len() >= INDEXED_MERGE && over.len() > 1).then(|| {
                        base.iter()
                            .enumerate()
                            .map(|(i, (k, _))| (k.clone(), i))
                            .collect()
                    });
                let mut gone = vec![false; base.len()];
                for (k, v) in over {
                    let at = match &index {
                        Some(ix) => ix.get(&k).copied(),
                        None => base.iter().position(|(bk, _)| *bk == k),
                    };
                    match (at, v.is_null()) {
                        (Some(i), true) => gone[i] = true,
                        (None, true) => {}
                        (Some(i), false) => {
                            let old = std::mem::replace(&mut base[i].1, Output::Null);
                            base[i].1 = old.merge(v);
                        }
                        (None, false) => {
                            if let Some(ix) = &mut index {
                                ix.insert(k.clone(), base.len());
                            }
                            gone.push(false);
                            base.push((k, v));
                        }
                    }
                }
                if gone.iter().any(|g| *g) {
                    let mut flags = gone.into_iter();
                    base.retain(|_| !flags.next().unwrap_or(false));
                }
                Output::Object(base)
            }
            (_, overlay) => overlay,
        }
    }
}

impl From<J> for Output {
    fn from(j: J) -> Output {
        Output::Raw(j)
    }
}

impl Serialize for Output {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Output::Null => s.serialize_unit(),
            Output::Bool(b) => s.serialize_bool(*b),
            Output::Number(n) => n.serialize(s),
            Output::String(v) => s.serialize_str(v),
            Output::Array(items) => {
                let mut seq = s.serialize_seq(Some(items.len()))?;
                for item in items {
                    seq.serialize_element(item)?;
                }
                seq.end()
            }
            Output::Object(entries) => {
                let mut map = s.serialize_map(Some(entries.len()))?;
                for (k, v) in entries {
                    map.serialize_entry(&**k, v)?;
                }
                map.end()
            }
            Output::Raw(j) => j.serialize(s),
        }
    }
}

impl Value<'_> {
    /// Converts to an [`Output`] (functions become `""`, integral numbers integers,
    /// as [`Value::to_json`] does). Fails beyond [`MAX_VALUE_DEPTH`].
    pub(crate) fn to_output(&self) -> Result<Output, Error> {
        output_at(self, 0)
    }
}

fn output_at(v: &Value, depth: usize) -> Result<Output, Error> {
    nested(depth, || output_inner(v, depth))
}

/// Runs a conversion step at `depth`: refused beyond [`MAX_VALUE_DEPTH`], with enough
/// stack (checked every eighth level; a frame here is small).
fn nested(depth: usize, f: impl FnOnce() -> Result<Output, Error>) -> Result<Output, Error> {
    if depth > MAX_VALUE_DEPTH {
        return Err(too_deep());
    }
    if depth % 8 == 0 {
        stacker::maybe_grow(64 * 1024, 1024 * 1024, f)
    } else {
        f()
    }
}

fn output_inner(v: &Value, depth: usize) -> Result<Output, Error> {
    Ok(match v {
        Value::Null => Output::Null,
        Value::Bool(b) => Output::Bool(*b),
        Value::Num(n) => number(*n),
        Value::Str(s) => Output::String(s.clone()),
        Value::Json(j) => json_at(j, depth)?,
        Value::Array(items, _) => {
            let mut out = Vec::with_capacity(items.len());
            for x in items.iter() {
                out.push(output_at(x, depth + 1)?);
            }
            Output::Array(out)
        }
        Value::Object(m) => {
            let mut out = Vec::with_capacity(m.len());
            for (k, x) in m.iter() {
                out.push((k.clone(), output_at(x, depth + 1)?));
            }
            Output::Object(out)
        }
        Value::Func(_) | Value::TailCall(_) => Output::String(Arc::from("")),
        Value::Tuples(t) => {
            let mut out = Vec::with_capacity(t.len());
            for x in t.iter() {
                out.push(output_at(&x.at, depth + 1)?);
            }
            Output::Array(out)
        }
    })
}

fn number(n: f64) -> Output {
    match number_to_json(n) {
        J::Number(n) => Output::Number(n),
        _ => Output::Null,
    }
}

/// Copies an input node (integral floats become integers, as everywhere else).
fn json_at(j: &J, depth: usize) -> Result<Output, Error> {
    nested(depth, || json_inner(j, depth))
}

fn json_inner(j: &J, depth: usize) -> Result<Output, Error> {
    Ok(match j {
        J::Null => Output::Null,
        J::Bool(b) => Output::Bool(*b),
        J::Number(n) => match n.as_f64() {
            Some(f) if n.is_f64() => number(f),
            _ => Output::Number(n.clone()),
        },
        J::String(s) => Output::String(Arc::from(s.as_str())),
        J::Array(items) => {
            let mut out = Vec::with_capacity(items.len());
            for x in items {
                out.push(json_at(x, depth + 1)?);
            }
            Output::Array(out)
        }
        J::Object(m) => {
            let mut out = Vec::with_capacity(m.len());
            for (k, x) in m {
                out.push((Arc::from(k.as_str()), json_at(x, depth + 1)?));
            }
            Output::Object(out)
        }
    })
}

#[cfg(test)]
mod tests {
    use super::super::{Bindings, Expression};
    use super::*;
    use serde_json::json;

    fn out(expr: &str, input: J) -> Output {
        Expression::compile(expr)
            .expect("compiles")
            .evaluate_output(Some(&input), &Bindings::new(), &Default::default())
            .expect("evaluates")
            .expect("defined")
    }

    #[test]
    fn serializes_exactly_as_the_json_result() {
        let input = json!({"a": 1.0, "b": [1.5, "x", {"c": null}], "d": {"e": 2e21}, "s": "q\"\n",
            "lines": [{"id": 1, "acct": {"c": "A"}}, {"id": 2}], "one": {"lines": {"id": 3}},
            "nested": {"lines": [[{"id": 4}], {"id": 5}]}, "empty": []});
        for expr in [
            "$",
            "{ 'k': a, 'l': b, 'm': d.e, 'n': s, 'f': $string, 'z': 1/3, 'i': 10 }",
            "[b, $keys(d), a + 1]",
            "b[2]",
            // array constructors over object steps, each shape the fast path meets
            "{ 'l': [lines.{ 'id': id, 'c': acct.c ? { 'code': acct.c } : null }] }",
            "[one.lines.{ 'id': id }, empty.{ 'x': 1 }, missing.{ 'x': 1 }]",
            "[nested.lines.{ 'id': id }]",
            "[b.{ 'v': $ }, [lines.id], lines.id, [[1, 2]]]",
            "a = 1 ? { 'yes': [lines.{ 'id': id }] } : 'no'",
        ] {
            let e = Expression::compile(expr).expect("compiles");
            let json = e
                .evaluate(Some(&input), &Bindings::new())
                .expect("evaluates")
                .expect("defined");
            let o = out(expr, input.clone());
            assert_eq!(
                serde_json::to_string(&o).expect("serializes"),
                serde_json::to_string(&json).expect("serializes"),
                "{expr}"
            );
            assert_eq!(o.into_value(), json, "{expr}");
        }
    }

    #[test]
    fn merge_replaces_deletes_recurses_and_keeps_base_order() {
        let base = out(
            "{ 'a': 1, 'b': { 'x': 1, 'y': 2 }, 'c': [1, 2], 'd': 'keep' }",
            J::Null,
        );
        let over = out(
            "{ 'a': 2, 'b': { 'y': null, 'z': 3 }, 'c': [3], 'e': { 'new': true } }",
            J::Null,
        );
        assert_eq!(
            serde_json::to_string(&base.merge(over)).expect("serializes"),
            r#"{"a":2,"b":{"x":1,"z":3},"c":[3],"d":"keep","e":{"new":true}}"#
        );
    }

    #[test]
    fn merge_into_large_objects_uses_the_index_the_same_way() {
        let keys: Vec<String> = (0..40).map(|i| format!("k{i}")).collect();
        let base = Output::Object(
            keys.iter()
                .map(|k| (Arc::from(k.as_str()), Output::Bool(true)))
                .collect(),
        );
        let over = Output::Object(vec![
            (Arc::from("k3"), Output::Null),
            (Arc::from("k39"), Output::Bool(false)),
            (Arc::from("new"), Output::Null),
            (Arc::from("k0"), Output::Null),
            (Arc::from("extra"), Output::Bool(false)),
        ]);
        let merged = base.merge(over).into_value();
        let m = merged.as_object().expect("object");
        assert_eq!(m.len(), 39);
        assert_eq!(m.keys().next().map(String::as_str), Some("k1"));
        assert_eq!(m.keys().next_back().map(String::as_str), Some("extra"));
        assert_eq!(m["k39"], json!(false));
        assert!(!m.contains_key("k3") && !m.contains_key("new"));
    }

    #[test]
    fn insert_adds_or_replaces_on_objects_only() {
        let mut o = out("{ 'a': 1 }", J::Null);
        o.insert("raw", Output::from(json!({"x": 1.0})));
        o.insert("a", Output::Bool(true));
        assert_eq!(
            serde_json::to_string(&o).expect("serializes"),
            r#"{"a":true,"raw":{"x":1.0}}"#
        );
        let mut arr = out("[1]", J::Null);
        arr.insert("raw", Output::Null);
        assert_eq!(arr, Output::Array(vec![Output::Number(1.into())]));
    }
}
