//! Checking call arguments against a function signature: matching argument
//! types to parameters (a small regex match with backtracking), filling in the
//! context argument, wrapping singletons where an array is expected.

use smallvec::SmallVec;

use crate::error::Error;
use crate::signature::{Quant, Signature};
use crate::value::Value;

impl Signature {
    /// Checks `args` against the signature, filling in the context argument
    /// and wrapping singletons where an array is expected.
    pub fn validate<'a>(
        &self,
        args: Vec<Option<Value<'a>>>,
        context: Option<&Value<'a>>,
    ) -> Result<Vec<Option<Value<'a>>>, Error> {
        // the common call: one plain argument per parameter, each of a type the
        // parameter accepts, trailing optional ones left out; the general match
        // below would take each for its own parameter (the left-out ones as
        // undefined), so an array parameter's argument only needs what the
        // general loop does to one argument: its items checked, a single value wrapped
        if args.len() <= self.params.len()
            && self
                .params
                .iter()
                .zip(&args)
                .all(|(p, a)| p.quant != Quant::Plus && p.accepts(symbol(a)))
            && self.params[args.len()..]
                .iter()
                .all(|p| p.quant == Quant::Opt && !p.context)
        {
            let mut args = args;
            for (i, (param, arg)) in self.params.iter().zip(args.iter_mut()).enumerate() {
                if param.ty == 'a' {
                    wrap_array_arg(param.subtype.as_deref(), arg, i, true)?;
                }
            }
            args.resize(self.params.len(), None);
            return Ok(args);
        }
        let syms: SmallVec<[char; 8]> = args.iter().map(symbol).collect();
        let Some(counts) = self.matches(&syms, true) else {
            return Err(self.mismatch(&syms));
        };
        let mut out = Vec::with_capacity(self.params.len());
        let mut arg_index = 0;
        // arguments are consumed strictly in order
        let mut args = args.into_iter();
        let mut take = |_: usize| args.next().flatten();
        for (param, count) in self.params.iter().zip(counts) {
            if count == 0 {
                if param.context {
                    let sym = context.map_or('m', Value::sig_symbol);
                    if param.accepts(sym) {
                        out.push(context.cloned());
                    } else {
                        return Err(Error::new("T0411").value((arg_index + 1).to_string()));
                    }
                } else {
                    out.push(take(arg_index));
                    arg_index += 1;
                }
                continue;
            }
            for k in 0..count {
                let mut arg = take(arg_index);
                if param.ty == 'a' {
                    let alone = count == 1 && k == 0;
                    wrap_array_arg(param.subtype.as_deref(), &mut arg, arg_index, alone)?;
                }
                out.push(arg);
                arg_index += 1;
            }
        }
        Ok(out)
    }

    fn mismatch(&self, syms: &[char]) -> Error {
        let mut good_to = 0;
        for n in 1..=self.params.len() {
            let prefix = Signature {
                params: self.params.get(..n).map(|p| p.to_vec()).unwrap_or_default(),
            };
            match prefix.matches(syms, false) {
                None => break,
                Some(counts) => good_to = counts.iter().sum(),
            }
        }
        Error::new("T0410").value((good_to + 1).to_string())
    }

    /// Regex-like match of argument symbols against parameters (greedy, with
    /// backtracking). `anchored` requires every symbol to be consumed.
    fn matches(&self, syms: &[char], anchored: bool) -> Option<SmallVec<[usize; 8]>> {
        let mut counts = SmallVec::new();
        if self.try_match(0, 0, syms, anchored, &mut counts) {
            Some(counts)
        } else {
            None
        }
    }

    fn try_match(
        &self,
        pi: usize,
        si: usize,
        syms: &[char],
        anchored: bool,
        counts: &mut SmallVec<[usize; 8]>,
    ) -> bool {
        let Some(p) = self.params.get(pi) else {
            return !anchored || si == syms.len();
        };
        let mut max = 0;
        while syms.get(si + max).is_some_and(|s| p.accepts(*s)) {
            max += 1;
            if p.quant != Quant::Plus {
                break;
            }
        }
        let (lo, hi) = match p.quant {
            Quant::One => (1, 1),
            Quant::Opt => (0, 1),
            Quant::Plus => (1, max),
        };
        let hi = hi.min(max);
        let mut n = hi;
        loop {
            if n < lo {
                return false;
            }
            counts.push(n);
            if self.try_match(pi + 1, si + n, syms, anchored, counts) {
                return true;
            }
            counts.pop();
            if n == 0 {
                return false;
            }
            n -= 1;
        }
    }
}

/// An argument for an array parameter (`a`, `a<s>`): undefined stays undefined, an
/// array's items must all be of the subtype, any other value must itself be of the
/// subtype (and the parameter's only argument: `alone`) and becomes a one-item array.
/// `index` counts from 0.
fn wrap_array_arg<'a>(
    subtype: Option<&str>,
    arg: &mut Option<Value<'a>>,
    index: usize,
    alone: bool,
) -> Result<(), Error> {
    let Some(a) = arg else { return Ok(()) };
    let single = a.sig_symbol();
    if let Some(sub) = subtype {
        let sub0 = sub.chars().next().unwrap_or('x');
        let ok = if single == 'a' {
            a.array_all(|item| item.sig_symbol() == sub0)
        } else {
            alone && sub.len() == 1 && single == sub0
        };
        if !ok {
            return Err(Error::new("T0412").value((index + 1).to_string()));
        }
    }
    if single != 'a' {
        *arg = arg.take().map(|a| Value::array(vec![a]));
    }
    Ok(())
}

/// The signature symbol of a value (`m` for undefined).
pub(crate) fn symbol(v: &Option<Value<'_>>) -> char {
    match v {
        None => 'm',
        Some(v) => v.sig_symbol(),
    }
}
