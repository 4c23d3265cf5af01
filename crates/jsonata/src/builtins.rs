//! The table of built-in functions: names, signatures and the arity of the
//! reference implementation. A leaf: dispatch lives in `functions`.

use std::sync::OnceLock;

use crate::signature::Signature;

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
    /// The parsed signature (the table is parsed once per process).
    pub fn signature(self) -> &'static Signature {
        static SIGS: OnceLock<Vec<Signature>> = OnceLock::new();
        static EMPTY: Signature = Signature::EMPTY;
        let sigs = SIGS.get_or_init(|| {
            ALL.iter()
                .map(|b| Signature::parse(b.sig_text()).unwrap_or_default())
                .collect()
        });
        sigs.get(self as usize).unwrap_or(&EMPTY)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_signature_in_the_table_parses() {
        for b in ALL {
            assert!(Signature::parse(b.sig_text()).is_ok(), "{b:?}");
        }
    }
}
