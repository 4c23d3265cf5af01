//! Date/time functions (`$now`, `$millis`, `$fromMillis`, `$toMillis`) and the
//! XPath integer pictures (`$formatInteger`, `$parseInteger`).

use super::{Builtin, num_arg, str_arg};
use crate::jsonata::error::Error;
use crate::jsonata::eval::{Ctx, R, V};
use crate::jsonata::value::Value;

pub(crate) fn call<'a>(ctx: &Ctx<'a>, b: Builtin, args: &[V<'a>]) -> R<V<'a>> {
    match b {
        Builtin::Millis => Ok(Some(Value::Num(ctx.now_ms))),
        Builtin::Now => {
            let picture = str_arg(args, 0);
            let tz = str_arg(args, 1);
            Ok(Some(Value::string(from_millis(ctx.now_ms, picture, tz)?)))
        }
        Builtin::FromMillis => {
            let Some(ms) = num_arg(args, 0) else {
                return Ok(None);
            };
            Ok(Some(Value::string(from_millis(
                ms,
                str_arg(args, 1),
                str_arg(args, 2),
            )?)))
        }
        Builtin::ToMillis => {
            let Some(s) = str_arg(args, 0) else {
                return Ok(None);
            };
            to_millis(s, str_arg(args, 1)).map(|o| o.map(Value::Num))
        }
        _ => Ok(None),
    }
}

fn from_millis(ms: f64, _picture: Option<&str>, _tz: Option<&str>) -> R<String> {
    let nanos = (ms as i128) * 1_000_000;
    let dt =
        time::OffsetDateTime::from_unix_timestamp_nanos(nanos).map_err(|_| Error::new("D3110"))?;
    let fmt = time::macros::format_description!(
        "[year]-[month]-[day]T[hour]:[minute]:[second].[subsecond digits:3]Z"
    );
    dt.format(&fmt).map_err(|_| Error::new("D3110"))
}

fn to_millis(s: &str, _picture: Option<&str>) -> R<Option<f64>> {
    let dt = time::OffsetDateTime::parse(s, &time::format_description::well_known::Rfc3339)
        .map_err(|_| Error::new("D3110").value(format!("{s:?}")))?;
    Ok(Some((dt.unix_timestamp_nanos() / 1_000_000) as f64))
}

pub(crate) fn format_integer_fn<'a>(_args: &[V<'a>]) -> R<V<'a>> {
    Ok(None)
}

pub(crate) fn parse_integer_fn<'a>(_args: &[V<'a>]) -> R<V<'a>> {
    Ok(None)
}
