//! The built-in function library: names, signatures and dispatch.

mod array;
mod datetime;
mod format;
mod hof;
mod numeric;
mod object;
mod string;

use std::sync::OnceLock;

use super::error::Error;
use super::eval::{Ctx, R, V};
use super::signature::Signature;
use super::value::{FrameId, Value};

pub(crate) use string::{regex_match_object, to_string};

macro_rules! builtins {
    ($($variant:ident = $name:literal, $sig:literal, $arity:literal;)*) => {
        /// A built-in function.
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub(crate) enum Builtin { $($variant),* }

        const ALL: &[Builtin] = &[$(Builtin::$variant),*];

        impl Builtin {
            pub fn from_name(name: &str) -> Option<Builtin> {
                match name { $($name => Some(Builtin::$variant),)* _ => None }
            }
            #[allow(dead_code)]
            pub fn name(self) -> &'static str {
                match self { $(Builtin::$variant => $name),* }
            }
            fn sig_text(self) -> &'static str {
                match self { $(Builtin::$variant => $sig),* }
            }
            /// Number of declared parameters of the reference implementation.
            pub fn arity(self) -> usize {
                match self { $(Builtin::$variant => $arity),* }
            }
        }
    };
}

builtins! {
    Sum = "sum", "<a<n>:n>", 1;
    Count = "count", "<a:n>", 1;
    Max = "max", "<a<n>:n>", 1;
    Min = "min", "<a<n>:n>", 1;
    Average = "average", "<a<n>:n>", 1;
    String = "string", "<x-b?:s>", 1;
    Substring = "substring", "<s-nn?:s>", 3;
    SubstringBefore = "substringBefore", "<s-s:s>", 2;
    SubstringAfter = "substringAfter", "<s-s:s>", 2;
    Lowercase = "lowercase", "<s-:s>", 1;
    Uppercase = "uppercase", "<s-:s>", 1;
    Length = "length", "<s-:n>", 1;
    Trim = "trim", "<s-:s>", 1;
    Pad = "pad", "<s-ns?:s>", 3;
    Match = "match", "<s-f<s:o>n?:a<o>>", 3;
    Contains = "contains", "<s-(sf):b>", 2;
    Replace = "replace", "<s-(sf)(sf)n?:s>", 4;
    Split = "split", "<s-(sf)n?:a<s>>", 3;
    Join = "join", "<a<s>s?:s>", 2;
    FormatNumber = "formatNumber", "<n-so?:s>", 3;
    FormatBase = "formatBase", "<n-n?:s>", 2;
    FormatInteger = "formatInteger", "<n-s:s>", 2;
    ParseInteger = "parseInteger", "<s-s:n>", 2;
    Number = "number", "<(nsb)-:n>", 1;
    Floor = "floor", "<n-:n>", 1;
    Ceil = "ceil", "<n-:n>", 1;
    Round = "round", "<n-n?:n>", 2;
    Abs = "abs", "<n-:n>", 1;
    Sqrt = "sqrt", "<n-:n>", 1;
    Power = "power", "<n-n:n>", 2;
    Random = "random", "<:n>", 0;
    Boolean = "boolean", "<x-:b>", 1;
    Not = "not", "<x-:b>", 1;
    Map = "map", "<af>", 2;
    Zip = "zip", "<a+>", 0;
    Filter = "filter", "<af>", 2;
    Single = "single", "<af?>", 2;
    Reduce = "reduce", "<afj?:j>", 3;
    Sift = "sift", "<o-f?:o>", 2;
    Keys = "keys", "<x-:a<s>>", 1;
    Lookup = "lookup", "<x-s:x>", 2;
    Append = "append", "<xx:a>", 2;
    Exists = "exists", "<x:b>", 1;
    Spread = "spread", "<x-:a<o>>", 1;
    Merge = "merge", "<a<o>:o>", 1;
    Reverse = "reverse", "<a:a>", 1;
    Each = "each", "<o-f:a>", 2;
    Error = "error", "<s?:x>", 1;
    Assert = "assert", "<bs?:x>", 2;
    Type = "type", "<x:s>", 1;
    Sort = "sort", "<af?:a>", 2;
    Shuffle = "shuffle", "<a:a>", 1;
    Distinct = "distinct", "<x:x>", 1;
    Base64Encode = "base64encode", "<s-:s>", 1;
    Base64Decode = "base64decode", "<s-:s>", 1;
    EncodeUrlComponent = "encodeUrlComponent", "<s-:s>", 1;
    EncodeUrl = "encodeUrl", "<s-:s>", 1;
    DecodeUrlComponent = "decodeUrlComponent", "<s-:s>", 1;
    DecodeUrl = "decodeUrl", "<s-:s>", 1;
    Eval = "eval", "<sx?:x>", 2;
    ToMillis = "toMillis", "<s-s?:n>", 2;
    FromMillis = "fromMillis", "<n-s?s?:s>", 3;
    Clone = "clone", "<(oa)-:o>", 1;
    Now = "now", "<s?s?:s>", 2;
    Millis = "millis", "<:n>", 0;
}

impl Builtin {
    /// The parsed signature (parsed once per process).
    pub fn signature(self) -> &'static Signature {
        static SIGS: OnceLock<Vec<Signature>> = OnceLock::new();
        static EMPTY: OnceLock<Signature> = OnceLock::new();
        let sigs = SIGS.get_or_init(|| {
            ALL.iter()
                .map(|b| Signature::parse(b.sig_text()).unwrap_or_else(|_| empty_sig()))
                .collect()
        });
        let idx = ALL.iter().position(|b| *b == self).unwrap_or(usize::MAX);
        match sigs.get(idx) {
            Some(s) => s,
            None => EMPTY.get_or_init(empty_sig),
        }
    }
}

fn empty_sig() -> Signature {
    Signature::parse("<x*>")
        .unwrap_or_else(|_| Signature::parse("").unwrap_or_else(|_| unreachable_sig()))
}

fn unreachable_sig() -> Signature {
    // Signature::parse never fails on these inputs; keep a total fallback.
    Signature::parse("<>").ok().unwrap_or_else(unreachable_sig)
}

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

impl<'a> Ctx<'a> {
    /// Calls a built-in with validated arguments.
    pub(crate) fn call_builtin(
        &self,
        b: Builtin,
        args: Vec<V<'a>>,
        input: Option<&Value<'a>>,
        env: FrameId,
    ) -> R<V<'a>> {
        use Builtin as B;
        match b {
            B::Sum | B::Count | B::Max | B::Min | B::Average => numeric::aggregate(b, &args),
            B::Number | B::Floor | B::Ceil | B::Round | B::Abs | B::Sqrt | B::Power | B::Random => {
                numeric::call(self, b, &args)
            }
            B::FormatNumber | B::FormatBase | B::FormatInteger | B::ParseInteger => {
                format::call(b, &args)
            }
            B::String
            | B::Substring
            | B::SubstringBefore
            | B::SubstringAfter
            | B::Lowercase
            | B::Uppercase
            | B::Length
            | B::Trim
            | B::Pad
            | B::Join
            | B::Base64Encode
            | B::Base64Decode
            | B::EncodeUrlComponent
            | B::EncodeUrl
            | B::DecodeUrlComponent
            | B::DecodeUrl => string::call(b, &args),
            B::Match | B::Contains | B::Replace | B::Split => {
                string::call_pattern(self, b, args, env)
            }
            B::Boolean => Ok(super::eval::boolean(arg(&args, 0).as_ref()).map(Value::Bool)),
            B::Not => Ok(super::eval::boolean(arg(&args, 0).as_ref()).map(|b| Value::Bool(!b))),
            B::Exists => Ok(Some(Value::Bool(
                arg(&args, 0).is_some_and(|v| super::eval::exists(&v)),
            ))),
            B::Type => Ok(arg(&args, 0).map(|v| Value::str(v.type_name()))),
            B::Error => {
                let msg = str_arg(&args, 0)
                    .unwrap_or("$error() function evaluated")
                    .to_string();
                Err(Error::new("D3137").message(msg))
            }
            B::Assert => {
                let cond = matches!(arg(&args, 0), Some(Value::Bool(true)));
                if cond {
                    Ok(None)
                } else {
                    let msg = str_arg(&args, 1)
                        .unwrap_or("$assert() statement failed")
                        .to_string();
                    Err(Error::new("D3141").message(msg))
                }
            }
            B::Map | B::Filter | B::Single | B::Reduce | B::Sift | B::Each | B::Sort => {
                hof::call(self, b, args, env)
            }
            B::Zip | B::Append | B::Reverse | B::Shuffle | B::Distinct => {
                array::call(self, b, args)
            }
            B::Keys | B::Lookup | B::Spread | B::Merge | B::Clone => object::call(b, args),
            B::Eval => self.call_eval(args, input, env),
            B::ToMillis | B::FromMillis | B::Now | B::Millis => datetime::call(self, b, &args),
        }
    }

    fn call_eval(&self, args: Vec<V<'a>>, input: Option<&Value<'a>>, env: FrameId) -> R<V<'a>> {
        let Some(src) = str_arg(&args, 0) else {
            return Ok(None);
        };
        let ast = super::parser::parse_with(src, false)
            .map_err(|e| Error::new("D3120").value(e.clone().finish().message))?;
        let focus = match arg(&args, 1) {
            Some(v) if v.is_array() && !v.is_seq() => {
                Some(v.with_flags(super::value::OUTER | super::value::SEQ))
            }
            Some(v) => Some(v),
            None => input.cloned(),
        };
        let r = self
            .eval(&ast, focus.as_ref(), env)
            .map_err(|e| Error::new("D3121").value(e.clone().finish().message))?;
        // values never borrow from the temporary tree (names and bodies are shared)
        Ok(r)
    }
}
