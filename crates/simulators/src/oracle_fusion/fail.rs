//! Why a request fails: the status, Oracle-style detail text and an error code. The
//! HTTP edge ([`super::http::errors`]) turns it into the body the framework version
//! and `Accept` call for.

/// A failed request.
#[derive(Debug, Clone, PartialEq)]
pub struct Fail {
    pub status: u16,
    /// The `o:errorCode` (ours; Oracle's catalogue of codes is not public).
    pub code: &'static str,
    pub detail: String,
    /// The attribute or parameter at fault (`o:errorPath`).
    pub path: Option<String>,
}

impl Fail {
    pub fn new(status: u16, code: &'static str, detail: impl Into<String>) -> Fail {
        Fail {
            status,
            code,
            detail: detail.into(),
            path: None,
        }
    }

    pub fn at(mut self, path: impl Into<String>) -> Fail {
        self.path = Some(path.into());
        self
    }

    /// 400: a query parameter that does not parse or names nothing known.
    pub fn param(name: &str, value: &str, why: impl std::fmt::Display) -> Fail {
        Fail::new(
            400,
            "27501",
            format!("URL request parameter {name} with value {value} is not valid. {why}"),
        )
        .at(name)
    }

    /// 400: an attribute the resource does not have.
    pub fn unknown_attribute(resource: &str, attr: &str) -> Fail {
        Fail::new(
            400,
            "27502",
            format!("The attribute {attr} is not valid for the resource {resource}."),
        )
        .at(attr)
    }

    /// 400: a write that breaks a rule.
    pub fn invalid(detail: impl Into<String>) -> Fail {
        Fail::new(400, "27024", detail)
    }

    pub fn not_found(what: impl std::fmt::Display) -> Fail {
        Fail::new(404, "27527", format!("{what} was not found."))
    }

    pub fn method(method: &str, what: &str) -> Fail {
        Fail::new(
            405,
            "27528",
            format!("The HTTP method {method} is not supported for {what}."),
        )
    }
}
