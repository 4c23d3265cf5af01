//! The one reader of query strings (`application/x-www-form-urlencoded`), strict
//! everywhere: a name or value whose bytes are not UTF-8 is an error, never silently
//! replaced; where names must be unique, a repeated one is an error.

use std::collections::BTreeMap;

/// What was wrong with a query string, and the parameter it concerns.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueryError {
    /// The parameter's name (lossily rendered when the name itself was not UTF-8).
    pub name: String,
    pub message: &'static str,
}

/// Every `name=value` pair in order, decoded (`+` is a space).
pub fn pairs(raw: Option<&str>) -> Result<Vec<(String, String)>, QueryError> {
    let mut out = Vec::new();
    for pair in raw.unwrap_or("").split('&').filter(|p| !p.is_empty()) {
        let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
        let name = decode(k).map_err(|lossy| QueryError {
            name: lossy,
            message: "is not valid UTF-8",
        })?;
        let value = decode(v).map_err(|_| QueryError {
            name: name.clone(),
            message: "is not valid UTF-8",
        })?;
        out.push((name, value));
    }
    Ok(out)
}

/// The pairs as a map; a name given twice is an error.
pub fn unique(raw: Option<&str>) -> Result<BTreeMap<String, String>, QueryError> {
    unique_but(raw, &[])
}

/// [`unique`], except that each name of `lists` may come several times (an array as
/// `name=a&name=b`), its values joined with commas (as `name=a,b`).
pub fn unique_but(
    raw: Option<&str>,
    lists: &[&str],
) -> Result<BTreeMap<String, String>, QueryError> {
    let mut out: BTreeMap<String, String> = BTreeMap::new();
    for (name, value) in pairs(raw)? {
        if lists.contains(&name.as_str())
            && let Some(joined) = out.get_mut(&name)
        {
            joined.push(',');
            joined.push_str(&value);
            continue;
        }
        if out.contains_key(&name) {
            return Err(QueryError {
                name,
                message: "given more than once",
            });
        }
        out.insert(name, value);
    }
    Ok(out)
}

/// One name or value; on bytes that are not UTF-8, the lossy rendering for the message.
fn decode(raw: &str) -> Result<String, String> {
    let spaced = raw.replace('+', " ");
    let bytes: Vec<u8> = percent_encoding::percent_decode_str(&spaced).collect();
    String::from_utf8(bytes).map_err(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_list_may_repeat_and_nothing_else() {
        let q = unique_but(Some("fields=a&limit=2&fields=b,c"), &["fields"]).unwrap();
        assert_eq!(q["fields"], "a,b,c");
        assert!(unique_but(Some("limit=1&limit=2"), &["fields"]).is_err());
        assert!(unique(Some("fields=a&fields=b")).is_err());
    }

    #[test]
    fn decodes_plus_and_percent() {
        let p = pairs(Some("a=x+y&b=%C3%A9&c")).unwrap();
        assert_eq!(
            p,
            vec![
                ("a".into(), "x y".into()),
                ("b".into(), "é".into()),
                ("c".into(), String::new())
            ]
        );
        assert!(pairs(None).unwrap().is_empty());
    }

    #[test]
    fn bytes_that_are_not_utf8_are_refused() {
        let e = pairs(Some("limit=%c0%ae")).unwrap_err();
        assert_eq!(e.name, "limit");
        let e = pairs(Some("%ff=1")).unwrap_err();
        assert_eq!(e.name, "\u{fffd}");
    }

    #[test]
    fn unique_refuses_repeats_pairs_keep_them() {
        assert_eq!(pairs(Some("a=1&a=2")).unwrap().len(), 2);
        let e = unique(Some("a=1&b=2&a=3")).unwrap_err();
        assert_eq!((e.name.as_str(), e.message), ("a", "given more than once"));
    }
}
