//! Reading JSON text down to what an expression reads: the parser skips every
//! field outside a [`PathNode`] tree instead of building it, so a large record
//! costs little more than its bytes to scan when the mapping reads a few fields.
//!
//! The tree is the one [`InputPaths`](super::InputPaths) reports: arrays are
//! transparent (the node applies to each element), a node with no children or
//! marked `whole` keeps its entire value, and a node with children keeps only
//! those fields of an object (scalars are kept as they are). Skipped parts are
//! still checked for JSON syntax, so malformed text fails as it would unpruned;
//! only the UTF-8 of skipped strings goes unchecked, as it is never read, and
//! skipped nesting has no depth limit (skipping is iterative: it costs no stack).
//!
//! A record is read in one pass: [`scan`] passes over the text that is skipped;
//! kept objects and arrays (whole ones too), strings without escapes, literals and
//! integers of up to 18 digits are built by the pass itself, as serde_json builds
//! them; any other kept scalar (a float, an escaped string) is handed to serde_json
//! as its own slice, so kept values are exactly what serde_json makes of them.
//! Whenever that pass meets anything it does not accept, the record is read
//! again through serde_json's own deserializer with [`Keep`] as the seed, which
//! decides and reports the error as serde_json does.

mod scan;

use std::borrow::Cow;
use std::fmt;

use serde::de::{DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Value};

use crate::paths::PathNode;

/// A compiled [`PathNode`] tree that reads JSON text keeping only its paths.
/// `Send + Sync`; build once per mapping chain, read any number of records.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pruner {
    root: Keep,
}

#[derive(Debug, Clone, PartialEq, Eq)]
struct Keep {
    /// Keep the entire value here.
    all: bool,
    /// Fields to keep below, sorted by length ([`by_len_then_bytes`]).
    fields: Vec<(Box<str>, Keep)>,
    /// `fields[starts[n]..starts[n + 1]]` are the fields `n` bytes long: a key is
    /// looked up among the few of its length, most keys of a record among none.
    starts: Vec<u32>,
}

impl Keep {
    fn of(node: &PathNode) -> Keep {
        let all = node.whole || node.children.is_empty();
        let mut fields: Vec<(Box<str>, Keep)> = if all {
            Vec::new()
        } else {
            node.children
                .iter()
                .map(|(k, n)| (Box::from(k.as_str()), Keep::of(n)))
                .collect()
        };
        fields.sort_by(|a, b| by_len_then_bytes(&a.0, &b.0));
        let longest = fields.last().map_or(0, |(k, _)| k.len());
        let starts = (0..=longest + 1)
            .map(|n| fields.partition_point(|(k, _)| k.len() < n) as u32)
            .collect();
        Keep {
            all,
            fields,
            starts,
        }
    }

    fn field(&self, name: &str) -> Option<&Keep> {
        let n = name.len();
        let (&start, &end) = self.starts.get(n).zip(self.starts.get(n + 1))?;
        self.fields[start as usize..end as usize]
            .iter()
            .find(|(k, _)| k.as_bytes() == name.as_bytes())
            .map(|(_, keep)| keep)
    }
}

/// Field order for lookups: by length first, so the fields of one length are
/// adjacent.
fn by_len_then_bytes(a: &str, b: &str) -> std::cmp::Ordering {
    a.len()
        .cmp(&b.len())
        .then_with(|| a.as_bytes().cmp(b.as_bytes()))
}

impl Pruner {
    /// Keeps what `root` names, starting at the top of the text.
    pub fn new(root: &PathNode) -> Pruner {
        Pruner {
            root: Keep::of(root),
        }
    }

    /// Parses `text`, keeping only the paths of the tree.
    pub fn read(&self, text: &[u8]) -> serde_json::Result<Value> {
        // one UTF-8 check of the whole text is cheaper than one per string, and
        // covers the skipped strings too
        match std::str::from_utf8(text) {
            Ok(text) => self.read_str(text),
            // let serde_json report where the text stops being UTF-8
            Err(_) => self.read_from(&mut serde_json::Deserializer::from_slice(text)),
        }
    }

    /// [`Pruner::read`] on text already known to be UTF-8.
    pub fn read_str(&self, text: &str) -> serde_json::Result<Value> {
        match Scan::new(text).root(&self.root) {
            Some(value) => Ok(value),
            None => self.read_from(&mut serde_json::Deserializer::from_str(text)),
        }
    }

    fn read_from<'de, R: serde_json::de::Read<'de>>(
        &self,
        de: &mut serde_json::Deserializer<R>,
    ) -> serde_json::Result<Value> {
        let value = (&self.root).deserialize(&mut *de)?;
        de.end()?;
        Ok(value)
    }
}

impl<'de> DeserializeSeed<'de> for &Keep {
    type Value = Value;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        if self.all {
            serde::Deserialize::deserialize(d)
        } else {
            d.deserialize_any(self)
        }
    }
}

impl<'de> Visitor<'de> for &Keep {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_bool<E>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Bool(v))
    }

    fn visit_i64<E>(self, v: i64) -> Result<Value, E> {
        Ok(Value::from(v))
    }

    fn visit_u64<E>(self, v: u64) -> Result<Value, E> {
        Ok(Value::from(v))
    }

    fn visit_f64<E>(self, v: f64) -> Result<Value, E> {
        Ok(Value::from(v))
    }

    fn visit_str<E>(self, v: &str) -> Result<Value, E> {
        Ok(Value::String(v.to_owned()))
    }

    fn visit_string<E>(self, v: String) -> Result<Value, E> {
        Ok(Value::String(v))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut out = Vec::new();
        // arrays are transparent: each element is read with this same node
        while let Some(v) = seq.next_element_seed(self)? {
            out.push(v);
        }
        Ok(Value::Array(out))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        // never more entries than kept fields: sized once, no rehashing as it fills
        let mut out = Map::with_capacity(self.fields.len());
        while let Some(key) = map.next_key_seed(KeySeed)? {
            match self.field(key.as_str()) {
                Some(keep) => {
                    let v = map.next_value_seed(keep)?;
                    out.insert(key.into_string(), v);
                }
                None => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        Ok(Value::Object(out))
    }
}

/// The nesting serde_json allows while it builds values: its recursion limit of
/// 128 counts down on each array or object and fails on reaching zero.
const ROOM: usize = 127;

/// The one-pass read: `None` for anything it does not accept, valid or not.
struct Scan<'t> {
    text: &'t str,
    stack: Vec<u8>,
}

impl<'t> Scan<'t> {
    fn new(text: &'t str) -> Scan<'t> {
        Scan {
            text,
            stack: Vec::new(),
        }
    }

    fn root(&mut self, keep: &Keep) -> Option<Value> {
        let (value, end) = self.value(keep, 0, ROOM)?;
        (scan::whitespace(self.text.as_bytes(), end) == self.text.len()).then_some(value)
    }

    /// The value at or after `i` read as `keep` says, and the index after it; `room`
    /// is the nesting serde_json would still allow here.
    fn value(&mut self, keep: &Keep, i: usize, room: usize) -> Option<(Value, usize)> {
        let b = self.text.as_bytes();
        let i = scan::whitespace(b, i);
        match b.get(i)? {
            // a value kept whole is built here too (`object` keeps all its fields),
            // not handed to a deserializer of its own
            b'{' if room > 0 => self.object(keep, i + 1, room - 1),
            b'[' if room > 0 => self.array(keep, i + 1, room - 1),
            b'{' | b'[' => None,
            b'"' => {
                let (end, escaped) = scan::string_escapes(b, i + 1)?;
                let raw = &self.text[i + 1..end - 1];
                // without escapes the text is the string: serde_json would take it as is
                let value = if escaped {
                    serde_json::from_str(&self.text[i..end]).ok()?
                } else {
                    Value::String(raw.to_owned())
                };
                Some((value, end))
            }
            _ => {
                let end = scan::value(b, i, &mut self.stack, room)?;
                let raw = &self.text[i..end];
                let value = match plain_scalar(raw) {
                    Some(v) => v,
                    None => serde_json::from_str(raw).ok()?,
                };
                Some((value, end))
            }
        }
    }

    fn object(&mut self, keep: &Keep, i: usize, room: usize) -> Option<(Value, usize)> {
        let b = self.text.as_bytes();
        // never more entries than kept fields: sized once, no rehashing as it fills
        // (an object kept whole grows as serde_json's own grow)
        let mut out = Map::with_capacity(keep.fields.len());
        let mut i = scan::whitespace(b, i);
        if b.get(i) == Some(&b'}') {
            return Some((Value::Object(out), i + 1));
        }
        loop {
            if b.get(i) != Some(&b'"') {
                return None;
            }
            let (end, escaped) = scan::string_escapes(b, i + 1)?;
            let raw = &self.text[i + 1..end - 1];
            let key = if escaped {
                Cow::Owned(serde_json::from_str::<String>(&self.text[i..end]).ok()?)
            } else {
                Cow::Borrowed(raw)
            };
            i = scan::whitespace(b, end);
            if b.get(i) != Some(&b':') {
                return None;
            }
            let field = if keep.all {
                Some(keep)
            } else {
                keep.field(&key)
            };
            i = match field {
                Some(field) => {
                    let (v, end) = self.value(field, i + 1, room)?;
                    out.insert(key.into_owned(), v);
                    end
                }
                None => scan::value(b, i + 1, &mut self.stack, usize::MAX)?,
            };
            i = scan::whitespace(b, i);
            match b.get(i)? {
                b',' => i = scan::whitespace(b, i + 1),
                b'}' => return Some((Value::Object(out), i + 1)),
                _ => return None,
            }
        }
    }

    fn array(&mut self, keep: &Keep, i: usize, room: usize) -> Option<(Value, usize)> {
        let b = self.text.as_bytes();
        let mut out = Vec::new();
        let mut i = scan::whitespace(b, i);
        if b.get(i) == Some(&b']') {
            return Some((Value::Array(out), i + 1));
        }
        loop {
            // arrays are transparent: each element is read with this same node
            let (v, end) = self.value(keep, i, room)?;
            out.push(v);
            i = scan::whitespace(b, end);
            match b.get(i)? {
                b',' => i += 1,
                b']' => return Some((Value::Array(out), i + 1)),
                _ => return None,
            }
        }
    }
}

/// The value of the valid JSON text `raw` when it is a literal or an integer of at most
/// 18 digits (which every integer type holds), made as serde_json makes it: a
/// number of its own deserializer costs more than the rest of reading a field.
/// `None` for anything else, `-0` included (serde_json reads it as a float).
fn plain_scalar(raw: &str) -> Option<Value> {
    match raw {
        "null" => return Some(Value::Null),
        "true" => return Some(Value::Bool(true)),
        "false" => return Some(Value::Bool(false)),
        _ => {}
    }
    let (negative, digits) = match raw.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, raw),
    };
    if digits.is_empty() || digits.len() > 18 || !digits.bytes().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let n = digits
        .bytes()
        .fold(0u64, |n, c| n * 10 + u64::from(c - b'0'));
    match (negative, n) {
        (false, n) => Some(Value::from(n)),
        (true, 0) => None,
        (true, n) => Some(Value::from(-(n as i64))),
    }
}

/// An object key, borrowed from the text when it has no escapes.
enum Key<'de> {
    Borrowed(&'de str),
    Owned(String),
}

impl Key<'_> {
    fn as_str(&self) -> &str {
        match self {
            Key::Borrowed(s) => s,
            Key::Owned(s) => s,
        }
    }

    fn into_string(self) -> String {
        match self {
            Key::Borrowed(s) => s.to_owned(),
            Key::Owned(s) => s,
        }
    }
}

struct KeySeed;

impl<'de> DeserializeSeed<'de> for KeySeed {
    type Value = Key<'de>;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Key<'de>, D::Error> {
        d.deserialize_str(self)
    }
}

impl<'de> Visitor<'de> for KeySeed {
    type Value = Key<'de>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an object key")
    }

    fn visit_borrowed_str<E>(self, v: &'de str) -> Result<Key<'de>, E> {
        Ok(Key::Borrowed(v))
    }

    fn visit_str<E>(self, v: &str) -> Result<Key<'de>, E> {
        Ok(Key::Owned(v.to_owned()))
    }

    fn visit_string<E>(self, v: String) -> Result<Key<'de>, E> {
        Ok(Key::Owned(v))
    }
}

#[cfg(test)]
mod tests {
    use super::super::Expression;
    use super::*;
    use serde_json::json;

    fn pruned(expr: &str, text: &str) -> Value {
        let paths = Expression::compile(expr).expect("compiles").input_paths();
        Pruner::new(&paths.root)
            .read(text.as_bytes())
            .expect("reads")
    }

    #[test]
    fn keeps_only_the_named_fields() {
        let text = r#"{"id": 7, "po-number": "P1", "big": {"x": [1, 2, {"y": "z"}]},
                       "supplier": {"id": 3, "name": "Acme", "addresses": [{"a": 1}]}}"#;
        assert_eq!(
            pruned("{ 'n': `po-number`, 's': supplier.name }", text),
            json!({"po-number": "P1", "supplier": {"name": "Acme"}})
        );
    }

    #[test]
    fn keys_of_one_length_and_keys_longer_than_any_field() {
        let text = r#"{"ab": 1, "ac": 2, "ad": 3, "b": 4, "abcdefghij": 5, "": 6, "acd": 7}"#;
        assert_eq!(
            pruned("[ab, ad, b, acd]", text),
            json!({"ab": 1, "ad": 3, "b": 4, "acd": 7})
        );
    }

    #[test]
    fn arrays_are_transparent_and_whole_values_kept() {
        let text = r#"{"lines": [{"id": 1, "junk": [1, 2]}, {"id": 2, "acct": {"c": "A", "d": 1}}],
                       "cf": {"a": {"b": 1}}}"#;
        assert_eq!(
            pruned("{ 'l': lines.id, 'c': lines.acct.c, 'cf': cf }", text),
            json!({"lines": [{"id": 1}, {"id": 2, "acct": {"c": "A"}}], "cf": {"a": {"b": 1}}})
        );
    }

    #[test]
    fn keys_key_order_and_duplicates_as_serde_json_reads_them() {
        // later duplicates win, in the position of the first, as in `serde_json::Value`
        let text = r#"{"b": 1, "a\u0041": 2, "b": 3, "c": 4}"#;
        let full: Value = serde_json::from_str(text).expect("parses");
        let p = pruned("{ 'x': b, 'y': aA }", text);
        assert_eq!(p, json!({"b": 3, "aA": 2}));
        assert_eq!(
            serde_json::to_string(&p).expect("serializes"),
            serde_json::to_string(&json!({"b": full["b"], "aA": full["aA"]})).expect("s")
        );
    }

    #[test]
    fn scalars_numbers_and_mismatched_shapes_read_as_is() {
        let text = r#"{"a": "text", "b": 1.5e3, "c": -3, "d": 18446744073709551615, "e": null, "f": true}"#;
        assert_eq!(
            pruned("[a.x, b.x, c.x, d.x, e.x, f.x]", text),
            serde_json::from_str::<Value>(text).expect("parses")
        );
    }

    #[test]
    fn integers_and_literals_read_as_serde_json_reads_them() {
        for raw in [
            "0",
            "-0",
            "7",
            "-7",
            "123456789012345678",
            "-123456789012345678",
            "1234567890123456789",
            "-9223372036854775808",
            "18446744073709551616",
            "1.0",
            "-0.0",
            "1e2",
            "null",
            "true",
            "false",
        ] {
            let text = format!("{{\"a\": {raw}, \"b\": [{raw}]}}");
            let p = pruned("[a.x, b.x]", &text);
            let full: Value = serde_json::from_str(&text).expect("parses");
            assert_eq!(p, full, "{raw}");
            assert_eq!(
                serde_json::to_string(&p).expect("s"),
                serde_json::to_string(&full).expect("s"),
                "{raw}"
            );
        }
    }

    #[test]
    fn malformed_text_fails_even_where_skipped() {
        let p = Pruner::new(&Expression::compile("a").expect("c").input_paths().root);
        for bad in [
            r#"{"a": 1, "b": [1, 2}"#,
            r#"{"a": 1, "b": tru}"#,
            r#"{"a": 1} trailing"#,
            r#"{"a": 1, "b": "\q"}"#,
            "",
        ] {
            assert!(p.read(bad.as_bytes()).is_err(), "{bad}");
        }
        // skipping is iterative: deep nesting there costs no stack; where values are
        // built, serde_json's nesting limit holds
        let nest = |n: usize| format!("{}{}", "[".repeat(n), "]".repeat(n));
        let skipped = format!("{{\"a\": 1, \"b\": {}}}", nest(100_000));
        assert_eq!(p.read(skipped.as_bytes()).expect("reads"), json!({"a": 1}));
        let kept = format!("{{\"a\": {}}}", nest(10_000));
        assert!(p.read(kept.as_bytes()).is_err(), "the nesting limit holds");
    }

    /// What serde_json's own deserializer makes of `text` with `pruner`'s tree.
    fn by_serde(pruner: &Pruner, text: &str) -> serde_json::Result<Value> {
        pruner.read_from(&mut serde_json::Deserializer::from_str(text))
    }

    /// The one-pass read accepts no text serde_json rejects, and where it accepts
    /// one, reads it as serde_json does: checked on every one-byte change of a
    /// record (and every cut of it) that has escapes, numbers of each form, nesting
    /// and whitespace, skipped and kept.
    #[test]
    fn one_pass_read_rejects_what_serde_json_rejects_and_reads_the_rest_alike() {
        let record = r#"{ "id": -12.5e+3, "k\u0041": "x\n\"\u00e9y\\", "skip": {"a\tb": [0, 1E5, -0.0,
            true, false, null, {}, [], "long string of more than eight bytes"], "z": {"y": [[1]]}},
            "lines": [{"n": 1, "junk": {"q": "\u12aB"}, "acct": {"c": "A", "d": [1, 2]}}, {"n": 20}],
            "whole": {"w": [1, {"v": "é"}]}, "tail": 0}"#;
        let exprs = [
            "[id, kA, lines.n, lines.acct.c, whole, tail]",
            "skip.z.y",
            "lines",
        ];
        let pruners: Vec<Pruner> = exprs
            .iter()
            .map(|e| Pruner::new(&Expression::compile(e).expect("compiles").input_paths().root))
            .collect();
        let mut texts = Vec::new();
        let bytes = record.as_bytes();
        for at in 0..=bytes.len() {
            texts.push(bytes[..at].to_vec());
            if at < bytes.len() {
                let mut removed = bytes.to_vec();
                removed.remove(at);
                texts.push(removed);
                for c in *b"\"\\,:{}[]0-+e.uqx a\x01\t" {
                    let mut changed = bytes.to_vec();
                    changed[at] = c;
                    texts.push(changed);
                }
            }
        }
        let mut accepted = 0;
        for text in texts.iter().filter_map(|t| std::str::from_utf8(t).ok()) {
            let valid = serde_json::from_str::<IgnoredAny>(text).is_ok();
            for pruner in &pruners {
                match Scan::new(text).root(&pruner.root) {
                    Some(v) => {
                        assert!(valid, "accepted malformed {text}");
                        assert_eq!(v, by_serde(pruner, text).expect("serde_json reads it"));
                        accepted += 1;
                    }
                    None => assert!(by_serde(pruner, text).is_err(), "declined {text}"),
                }
            }
        }
        assert!(
            accepted > 1000,
            "the one-pass read reads most valid texts: {accepted}"
        );
    }

    #[test]
    fn one_pass_read_keeps_serde_jsons_nesting_limit() {
        let nest = |n: usize| format!("{}{}", "[".repeat(n), "]".repeat(n));
        let obj = |n: usize| format!("{}1{}", "{\"b\": ".repeat(n), "}".repeat(n));
        for (expr, make) in [
            (
                "a",
                Box::new(move |n| format!("{{\"a\": {}}}", nest(n)))
                    as Box<dyn Fn(usize) -> String>,
            ),
            (
                "a.b",
                Box::new(move |n| format!("{{\"a\": {{\"b\": {}}}}}", nest(n))),
            ),
            (
                "a.b.c",
                Box::new(move |n| {
                    format!(
                        "{{\"a\": {}}}",
                        nest(n).replacen("]", "{\"b\": {\"c\": 1}}]", 1)
                    )
                }),
            ),
            ("b.b.b", Box::new(obj)),
        ] {
            let p = Pruner::new(&Expression::compile(expr).expect("c").input_paths().root);
            for n in 120..132 {
                let text = make(n);
                assert_eq!(
                    p.read_str(&text).is_ok(),
                    by_serde(&p, &text).is_ok(),
                    "{expr} at {n}"
                );
            }
        }
    }
}
