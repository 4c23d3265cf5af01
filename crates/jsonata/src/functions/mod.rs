//! Dispatch of built-in calls to their implementations. The functions that call
//! back into the evaluator (`hof`, `pattern`, `$eval`) make the one module cycle
//! with `eval`; every other implementation module is a leaf.

mod args;
mod array;
mod datetime;
mod format;
mod hof;
mod numeric;
mod object;
mod pattern;
mod string;

use args::{arg, str_arg};

use crate::builtins::Builtin;
use crate::error::{Error, R};
use crate::eval::Ctx;
use crate::ops::{boolean, exists};
use crate::value::{FrameId, OUTER, SEQ, V, Value};

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
                numeric::call(&self.rng_state, b, &args)
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
            B::Match | B::Contains | B::Replace | B::Split => pattern::call(self, b, args, env),
            B::Boolean => Ok(boolean(arg(&args, 0).as_ref()).map(Value::Bool)),
            B::Not => Ok(boolean(arg(&args, 0).as_ref()).map(|b| Value::Bool(!b))),
            B::Exists => Ok(Some(Value::Bool(arg(&args, 0).is_some_and(|v| exists(&v))))),
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
                array::call(&self.rng_state, b, args)
            }
            B::Keys | B::Lookup | B::Spread | B::Merge | B::Clone => object::call(b, args),
            B::Eval => self.call_eval(args, input, env),
            B::ToMillis | B::FromMillis | B::Now | B::Millis => {
                datetime::call(self.now_ms, b, &args)
            }
        }
    }

    fn call_eval(&self, args: Vec<V<'a>>, input: Option<&Value<'a>>, env: FrameId) -> R<V<'a>> {
        let Some(src) = str_arg(&args, 0) else {
            return Ok(None);
        };
        let ast = crate::compile::compile(src, false)
            .map_err(|e| Error::new("D3120").value(e.clone().finish().message))?;
        let focus = match arg(&args, 1) {
            Some(v) if v.is_array() && !v.is_seq() => Some(v.with_flags(OUTER | SEQ)),
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
