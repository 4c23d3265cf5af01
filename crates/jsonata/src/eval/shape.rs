//! The evaluator's shaping of results: sorting (`^(…)`), grouping (`{k: v}` over a
//! sequence) and transforms (`|pattern|update, delete|`).

use super::*;

impl<'a> Ctx<'a> {
    // ----- sorting -----

    pub(super) fn sort_keys(
        &self,
        terms: &[SortTerm],
        item: &Value<'a>,
        frame: FrameId,
    ) -> R<Vec<V<'a>>> {
        let mut keys = Vec::with_capacity(terms.len());
        for t in terms {
            keys.push(self.eval(&t.expr, Some(item), frame)?);
        }
        Ok(keys)
    }

    pub(super) fn sort_values(
        &self,
        items: Vec<Value<'a>>,
        terms: &[SortTerm],
        pos: usize,
        env: FrameId,
    ) -> R<Vec<Value<'a>>> {
        let mut keyed = Vec::with_capacity(items.len());
        for item in items {
            let keys = self.sort_keys(terms, &item, env)?;
            keyed.push((keys, item));
        }
        let sorted = merge_sort(
            keyed,
            &|a: &(Vec<V<'a>>, Value<'a>), b: &(Vec<V<'a>>, Value<'a>)| {
                compare_keys(&a.0, &b.0, terms, pos)
            },
        )?;
        Ok(sorted.into_iter().map(|(_, v)| v).collect())
    }

    pub(super) fn sort_tuples(
        &self,
        tuples: Vec<Tuple<'a>>,
        terms: &[SortTerm],
        pos: usize,
        env: FrameId,
    ) -> R<Vec<Tuple<'a>>> {
        let mut keyed = Vec::with_capacity(tuples.len());
        for t in tuples {
            let frame = self.frame_from_tuple(env, &t);
            let keys = self.sort_keys(terms, &t.at, frame)?;
            keyed.push((keys, t));
        }
        let sorted = merge_sort(
            keyed,
            &|a: &(Vec<V<'a>>, Tuple<'a>), b: &(Vec<V<'a>>, Tuple<'a>)| {
                compare_keys(&a.0, &b.0, terms, pos)
            },
        )?;
        Ok(sorted.into_iter().map(|(_, v)| v).collect())
    }

    // ----- object construction and grouping -----

    pub fn eval_group(&self, group: &GroupBy, input: V<'a>, env: FrameId) -> R<Value<'a>> {
        let tuples = match &input {
            Some(Value::Tuples(ts)) => Some(ts.clone()),
            _ => None,
        };
        if let Some(ts) = tuples {
            return self.eval_group_tuples(group, ts.as_ref(), env);
        }
        if group.static_keys && !input.as_ref().is_some_and(|v| v.is_array()) {
            let mut out = Obj::with_capacity_and_hasher(group.pairs.len(), Default::default());
            for (k, v) in &group.pairs {
                if let Kind::Str(key) = &k.kind {
                    if let Some(val) = self.eval(v, input.as_ref(), env)? {
                        out.insert(key.clone(), val);
                    }
                }
            }
            return Ok(Value::object(out));
        }
        let items: Vec<V<'a>> = match input {
            Some(v) if v.is_array() => {
                let v = v.into_vec();
                if v.is_empty() {
                    vec![None]
                } else {
                    v.into_iter().map(Some).collect()
                }
            }
            other => vec![other],
        };
        // Single context: keys are evaluated once each, in order.
        if items.len() == 1 {
            let item = items.into_iter().next().flatten();
            let mut keys: Vec<Option<Arc<str>>> = Vec::with_capacity(group.pairs.len());
            for (k, _) in &group.pairs {
                let key = match &k.kind {
                    Kind::Str(s) => Some(s.clone()),
                    _ => self.key_of(k, item.as_ref(), env, group.pos)?,
                };
                if let Some(key) = &key {
                    if keys.iter().flatten().any(|existing| existing == key) {
                        return Err(Error::new("D1009").at(group.pos).value(quote(key)));
                    }
                }
                keys.push(key);
            }
            let mut out = Obj::with_capacity_and_hasher(keys.len(), Default::default());
            for (key, (_, v)) in keys.into_iter().zip(&group.pairs) {
                if let Some(key) = key {
                    if let Some(val) = self.eval(v, item.as_ref(), env)? {
                        out.insert(key, val);
                    }
                }
            }
            return Ok(Value::object(out));
        }
        // each group's items, appended once the group is complete (`group_value`)
        let mut groups: indexmap::IndexMap<
            Arc<str>,
            (Vec<Value<'a>>, usize),
            crate::value::Hasher,
        > = Default::default();
        for item in items {
            for (pi, (k, _)) in group.pairs.iter().enumerate() {
                // most items join a group already made: its key is looked up as
                // text, and only a new group's key is made a shared string
                let key = self.eval(k, item.as_ref(), env)?;
                let text = match &key {
                    None => continue,
                    Some(Value::Str(s)) => &**s,
                    Some(Value::Json(J::String(s))) => s.as_str(),
                    Some(other) => {
                        return Err(Error::new("T1003").at(group.pos).value(display(other)));
                    }
                };
                let Some(member) = &item else { continue };
                match groups.get_mut(text) {
                    Some(entry) => {
                        if entry.1 != pi {
                            return Err(Error::new("D1009").at(group.pos).value(quote(text)));
                        }
                        entry.0.push(member.clone());
                    }
                    None => {
                        let shared = match &key {
                            Some(Value::Str(s)) => s.clone(),
                            _ => Arc::from(text),
                        };
                        groups.insert(shared, (vec![member.clone()], pi));
                    }
                }
            }
        }
        let mut out = Obj::with_capacity_and_hasher(groups.len(), Default::default());
        for (key, (members, pi)) in groups {
            if let Some((_, v)) = group.pairs.get(pi) {
                if let Some(val) = self.eval(v, Some(&group_value(members)), env)? {
                    out.insert(key, val);
                }
            }
        }
        Ok(Value::object(out))
    }

    pub(super) fn key_of(
        &self,
        k: &Node,
        item: Option<&Value<'a>>,
        env: FrameId,
        pos: usize,
    ) -> R<Option<Arc<str>>> {
        match self.eval(k, item, env)? {
            None => Ok(None),
            Some(Value::Str(s)) => Ok(Some(s)),
            Some(Value::Json(J::String(s))) => Ok(Some(Arc::from(s.as_str()))),
            Some(other) => Err(Error::new("T1003").at(pos).value(display(&other))),
        }
    }

    pub(super) fn eval_group_tuples(
        &self,
        group: &GroupBy,
        tuples: &[Tuple<'a>],
        env: FrameId,
    ) -> R<Value<'a>> {
        let mut groups: indexmap::IndexMap<
            Arc<str>,
            (Vec<Tuple<'a>>, usize),
            crate::value::Hasher,
        > = Default::default();
        for t in tuples {
            let frame = self.frame_from_tuple(env, t);
            for (pi, (k, _)) in group.pairs.iter().enumerate() {
                let Some(key) = self.key_of(k, Some(&t.at), frame, group.pos)? else {
                    continue;
                };
                match groups.get_mut(&key) {
                    Some(entry) => {
                        if entry.1 != pi {
                            return Err(Error::new("D1009").at(group.pos).value(quote(&key)));
                        }
                        entry.0.push(t.clone());
                    }
                    None => {
                        groups.insert(key, (vec![t.clone()], pi));
                    }
                }
            }
        }
        let mut out = Obj::with_capacity_and_hasher(groups.len(), Default::default());
        for (key, (ts, pi)) in groups {
            // reduce the tuple stream: every binding becomes the append of all values
            let mut merged: Vec<(Arc<str>, V<'a>)> = Vec::new();
            let mut at: V<'a> = None;
            for (n, t) in ts.iter().enumerate() {
                at = if n == 0 {
                    Some(t.at.clone())
                } else {
                    append(at, Some(t.at.clone()))
                };
                for (k, v) in &t.vars {
                    if let Some(slot) = merged.iter_mut().find(|(mk, _)| mk == k) {
                        slot.1 = append(slot.1.take(), v.clone());
                    } else {
                        merged.push((k.clone(), v.clone()));
                    }
                }
            }
            let frame = self.new_frame(env);
            for (k, v) in merged {
                self.bind(frame, k, v);
            }
            if let Some((_, v)) = group.pairs.get(pi) {
                if let Some(val) = self.eval(v, at.as_ref(), frame)? {
                    out.insert(key, val);
                }
            }
        }
        Ok(Value::object(out))
    }

    // ----- transform -----

    pub(super) fn transform(&self, def: &TransformDef, obj: Value<'a>, env: FrameId) -> R<V<'a>> {
        let cloned = deep_own(&obj)?;
        let matches = self.eval(&def.pattern, Some(&cloned), env)?;
        let matches = match matches {
            None => Vec::new(),
            Some(v) if v.is_array() => v.to_vec(),
            Some(v) => vec![v],
        };
        type Edit<'a> = (Option<Rc<Obj<'a>>>, Vec<String>);
        let mut edits: Vec<(*const Obj<'a>, Edit<'a>)> = Vec::new();
        for m in &matches {
            let Value::Object(rc) = m else { continue };
            let update = self.eval(&def.update, Some(m), env)?;
            let upd = match update {
                None => None,
                Some(Value::Object(o)) => Some(o),
                Some(Value::Json(j @ J::Object(_))) => match deep_own(&Value::Json(j))? {
                    Value::Object(o) => Some(o),
                    _ => None,
                },
                Some(other) => {
                    return Err(Error::new("T2011")
                        .at(def.update.pos)
                        .value(display(&other)));
                }
            };
            let mut dels = Vec::new();
            if let Some(d) = &def.delete {
                if let Some(v) = self.eval(d, Some(m), env)? {
                    let items = if v.is_array() {
                        v.to_vec()
                    } else {
                        vec![v.clone()]
                    };
                    for it in items {
                        match it.as_str() {
                            Some(s) => dels.push(s.to_string()),
                            None => {
                                return Err(Error::new("T2012").at(d.pos).value(display(&v)));
                            }
                        }
                    }
                }
            }
            edits.push((Rc::as_ptr(rc), (upd, dels)));
        }
        Ok(Some(rebuild(&cloned, &edits)))
    }
}

/// A group's items as one value: a single item as it is, several as the array that
/// appending them one by one makes (arrays among them spliced in), built once.
fn group_value(members: Vec<Value<'_>>) -> Value<'_> {
    let mut members = members.into_iter();
    let Some(first) = members.next() else {
        return Value::array(Vec::new());
    };
    if members.len() == 0 {
        return first;
    }
    let mut out = first.into_vec();
    for m in members {
        push_flat(&mut out, m);
    }
    Value::array(out)
}

pub(super) type Edits<'a> = [(*const Obj<'a>, (Option<Rc<Obj<'a>>>, Vec<String>))];

pub(super) fn rebuild<'a>(v: &Value<'a>, edits: &Edits<'a>) -> Value<'a> {
    stacker::maybe_grow(64 * 1024, 1024 * 1024, || match v {
        Value::Object(o) => {
            let ptr = Rc::as_ptr(o);
            let mut out: Obj<'a> = o
                .iter()
                .map(|(k, v)| (k.clone(), rebuild(v, edits)))
                .collect();
            for (p, (upd, dels)) in edits {
                if *p == ptr {
                    if let Some(u) = upd {
                        for (k, v) in u.iter() {
                            out.insert(k.clone(), v.clone());
                        }
                    }
                    for d in dels {
                        out.shift_remove(d.as_str());
                    }
                }
            }
            Value::object(out)
        }
        Value::Array(items, f) => Value::Array(
            Rc::new(items.iter().map(|x| rebuild(x, edits)).collect()),
            *f,
        ),
        other => other.clone(),
    })
}

pub(super) fn compare_keys(a: &[V<'_>], b: &[V<'_>], terms: &[SortTerm], pos: usize) -> R<bool> {
    for (i, term) in terms.iter().enumerate() {
        let (x, y) = (a.get(i).cloned().flatten(), b.get(i).cloned().flatten());
        let comp = match (&x, &y) {
            (None, None) => 0,
            (None, _) => 1,
            (_, None) => -1,
            (Some(x), Some(y)) => {
                let ok = |v: &Value<'_>| v.is_number() || v.is_string();
                if !ok(x) || !ok(y) {
                    let bad = if ok(x) { y } else { x };
                    return Err(Error::new("T2008").at(pos).value(display(bad)));
                }
                let ord = match (x, y) {
                    (Value::Num(p), Value::Num(q)) => {
                        p.partial_cmp(q).unwrap_or(std::cmp::Ordering::Equal)
                    }
                    _ => match (x.as_str(), y.as_str()) {
                        (Some(p), Some(q)) => cmp_str(p, q),
                        _ => return Err(Error::new("T2007").at(pos)),
                    },
                };
                let c = match ord {
                    std::cmp::Ordering::Less => -1,
                    std::cmp::Ordering::Equal => 0,
                    std::cmp::Ordering::Greater => 1,
                };
                if term.descending { -c } else { c }
            }
        };
        if comp != 0 {
            return Ok(comp == 1);
        }
    }
    Ok(false)
}
