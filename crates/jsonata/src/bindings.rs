//! Variables the caller binds for one evaluation (`$base`, …), owned or
//! borrowed without a copy.

use serde_json::Value as J;

use crate::value::Value;

/// Variable bindings visible to an expression as `$name`.
#[derive(Default, Clone, Debug)]
pub struct Bindings<'v> {
    // a handful of names: a vector beats hashing
    vars: Vec<(String, Bound<'v>)>,
}

#[derive(Clone, Debug)]
enum Bound<'v> {
    Owned(J),
    Borrowed(&'v J),
}

impl<'v> Bindings<'v> {
    /// No bindings.
    pub fn new() -> Self {
        Bindings { vars: Vec::new() }
    }

    /// Binds `$name` to an owned value.
    pub fn insert(&mut self, name: impl Into<String>, value: J) -> &mut Self {
        self.set(name.into(), Bound::Owned(value));
        self
    }

    /// Binds `$name` to a borrowed value (no copy).
    pub fn insert_ref(&mut self, name: impl Into<String>, value: &'v J) -> &mut Self {
        self.set(name.into(), Bound::Borrowed(value));
        self
    }

    /// Builder form of [`Bindings::insert_ref`].
    pub fn with_ref(mut self, name: impl Into<String>, value: &'v J) -> Self {
        self.insert_ref(name, value);
        self
    }

    /// Builder form of [`Bindings::insert`].
    pub fn with(mut self, name: impl Into<String>, value: J) -> Self {
        self.insert(name, value);
        self
    }

    fn set(&mut self, name: String, value: Bound<'v>) {
        match self.vars.iter_mut().find(|(k, _)| *k == name) {
            Some(slot) => slot.1 = value,
            None => self.vars.push((name, value)),
        }
    }

    pub(crate) fn get<'s>(&'s self, name: &str) -> Option<Value<'s>> {
        let (_, bound) = self.vars.iter().find(|(k, _)| k == name)?;
        match bound {
            Bound::Owned(v) => Some(Value::from_json(v)),
            Bound::Borrowed(v) => Some(Value::from_json(v)),
        }
    }
}
