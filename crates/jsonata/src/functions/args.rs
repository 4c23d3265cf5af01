//! Reading validated arguments of a built-in call: by position, as a number,
//! as a string (undefined when absent or of another type).

use crate::value::V;

/// Argument `i` (undefined when absent).
pub(crate) fn arg<'a>(args: &[V<'a>], i: usize) -> V<'a> {
    args.get(i).cloned().flatten()
}

pub(crate) fn num_arg(args: &[V<'_>], i: usize) -> Option<f64> {
    args.get(i)
        .and_then(|a| a.as_ref())
        .and_then(|v| v.as_num())
}

pub(crate) fn str_arg<'x>(args: &'x [V<'_>], i: usize) -> Option<&'x str> {
    args.get(i)
        .and_then(|a| a.as_ref())
        .and_then(|v| v.as_str())
}
