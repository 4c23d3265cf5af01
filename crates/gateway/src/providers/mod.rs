//! The provider seam: everything that knows a procurement system's wire lives below
//! this module, one sibling per system ([`coupa`]), behind the provider-neutral
//! [`Provider`] and the shared [`upstream`] client.
//!
//! `resources` describes what it wants in neutral terms — a [`ListCall`] (keyset page
//! after an id, [`Filter`]s, a projection as a tree of read paths) or a record by id —
//! and a provider renders it as its own query string, reads its own envelope and error
//! bodies, and names its own token endpoint, proxy roots and rate-limit policy. Nothing
//! above this module spells a provider's parameter or field syntax.
//!
//! Shared by every provider: [`upstream`] (the per-tenant HTTP client: auth, budget,
//! concurrency cap, metrics, off-host redirects refused), [`token`] (OAuth client
//! credentials with single flight and renewal), [`budget`] (calls per window, limits
//! learned from 429s) The outbound connection itself is [`crate::outbound`]'s.

pub mod budget;
pub mod coupa;
pub mod oracle_fusion;
pub mod token;
pub mod upstream;

use serde_json::Value;

pub use crate::config::Provider;
use jsonata::PathNode;
pub use upstream::{
    AnswerBody, StreamedBody, Upstream, UpstreamError, UpstreamRequest, UpstreamResponse,
    UpstreamStream,
};

impl Provider {
    /// Every provider procura speaks.
    pub const ALL: [Provider; 2] = [Provider::Coupa, Provider::OracleFusion];

    /// The name used in configuration, mapping directories (`mappings/<name>/`) and the
    /// rate-limit policy (`ratelimit-policy: "<name>";…`).
    pub fn name(self) -> &'static str {
        match self {
            Provider::Coupa => "coupa",
            Provider::OracleFusion => "oracle_fusion",
        }
    }

    /// The system's name as people write it, for messages.
    pub fn display_name(self) -> &'static str {
        match self {
            Provider::Coupa => "Coupa",
            Provider::OracleFusion => "Oracle Fusion",
        }
    }

    /// How many calls the provider's rate bucket takes at once, when it documents it
    /// (Coupa: bursts of 20, whatever the budget per second).
    pub fn burst(self) -> Option<u32> {
        match self {
            Provider::Coupa => Some(20),
            Provider::OracleFusion => None,
        }
    }

    /// The most records one list call returns.
    pub fn page_cap(self) -> u32 {
        match self {
            Provider::Coupa => coupa::query::MAX_LIMIT,
            Provider::OracleFusion => oracle_fusion::query::MAX_LIMIT,
        }
    }

    /// Path and query of one keyset list call.
    pub fn list_path(self, call: &ListCall) -> String {
        match self {
            Provider::Coupa => coupa::query::list_path(call),
            Provider::OracleFusion => oracle_fusion::query::list_path(call),
        }
    }

    /// Path (and projection) of a single-record read; also the target of updates.
    pub fn record_path(self, path: &str, id: &str, fields: Option<&str>) -> String {
        match self {
            Provider::Coupa => coupa::query::record_path(path, id, fields),
            Provider::OracleFusion => oracle_fusion::query::record_path(path, id, fields),
        }
    }

    /// The provider's field-selection parameter for a tree of read paths, or why the
    /// provider cannot select them (the record is then read whole).
    pub fn render_fields(self, paths: &PathNode) -> Result<String, String> {
        match self {
            Provider::Coupa => Ok(coupa::query::render_fields(paths)),
            Provider::OracleFusion => oracle_fusion::query::render_fields(paths),
        }
    }

    /// What a list answer's parser keeps, given what is kept of each record: the
    /// provider's envelope around them.
    pub fn page_paths(self, record: &PathNode) -> PathNode {
        match self {
            Provider::Coupa => record.clone(),
            Provider::OracleFusion => oracle_fusion::page_paths(record),
        }
    }

    /// Headers a request of `method` to this provider carries.
    pub fn request_headers(
        self,
        method: &reqwest::Method,
    ) -> &'static [(&'static str, &'static str)] {
        match self {
            Provider::Coupa => &[],
            Provider::OracleFusion => oracle_fusion::request_headers(method),
        }
    }

    /// What an action call carries when the provider's actions take a body and answer
    /// with a result instead of the record (Oracle: `{}` as `action+json`); `None`: an
    /// action is a bodiless call answered with the record (Coupa).
    pub fn action_body(self) -> Option<(&'static str, &'static [u8])> {
        match self {
            Provider::Coupa => None,
            Provider::OracleFusion => Some((oracle_fusion::ACTION_MEDIA_TYPE, b"{}")),
        }
    }

    /// The media type of a write's JSON body.
    pub fn write_media_type(self) -> &'static str {
        match self {
            Provider::Coupa => "application/json",
            Provider::OracleFusion => oracle_fusion::WRITE_MEDIA_TYPE,
        }
    }

    /// Whether a write's answer is the whole record. Coupa answers a POST or PUT with it,
    /// children included. Oracle answers with the attributes and only the children the
    /// body named, nested (framework version 4) as collections cut at 25 rows: the record
    /// is read back after a write instead.
    pub fn write_answers_record(self) -> bool {
        match self {
            Provider::Coupa => true,
            Provider::OracleFusion => false,
        }
    }

    /// A write's answer in the shape reads have, for the response mapping (Oracle:
    /// child collections as bare arrays, as framework version 2 reads them).
    pub fn write_answer(self, raw: Value) -> Value {
        match self {
            Provider::Coupa => raw,
            Provider::OracleFusion => oracle_fusion::inline_children(raw),
        }
    }

    /// Whether a mapping file's collection path is one of this provider's; the reason
    /// when it is not.
    pub fn check_resource_path(self, path: &str) -> Result<(), String> {
        let roots = self.proxy_roots();
        if path.contains("..") || path.contains('?') || !roots.iter().any(|r| path.starts_with(r)) {
            return Err(format!(
                "`path` must be a {} path under {}",
                self.display_name(),
                roots.join(" or ")
            ));
        }
        Ok(())
    }

    /// The HTTP method that updates a record.
    pub fn update_method(self) -> reqwest::Method {
        match self {
            Provider::Coupa => reqwest::Method::PUT,
            Provider::OracleFusion => reqwest::Method::PATCH,
        }
    }

    /// Turns an answer into JSON or a classified error, reading a successful JSON body
    /// with `read` (a projection's pruning parser); error bodies are read whole.
    pub fn decode(self, resp: UpstreamResponse, read: &Reader<'_>) -> Result<Value, UpstreamError> {
        match self {
            Provider::Coupa => coupa::decode(resp, read),
            Provider::OracleFusion => oracle_fusion::decode(resp, read),
        }
    }

    /// The records of a decoded list answer, in the order they came, and whether the
    /// provider says more follow (`None`: it does not say; a short page ends the list).
    pub fn page_records(self, body: Value) -> Result<(Vec<Value>, Option<bool>), UpstreamError> {
        match self {
            Provider::Coupa => coupa::page_records(body).map(|r| (r, None)),
            Provider::OracleFusion => oracle_fusion::page_records(body),
        }
    }

    /// The OAuth token endpoint for a tenant whose API lives at `base_url`, when the
    /// provider has one there (Oracle's lives in an identity domain the tenant names).
    pub fn token_url(self, base_url: &str) -> Option<String> {
        match self {
            Provider::Coupa => Some(coupa::token_url(base_url)),
            Provider::OracleFusion => None,
        }
    }

    /// Whether an answer says the tenant calls too fast, which the budget learns from and
    /// pauses for: a 429; on Oracle Fusion, which documents no 429, also a 503 that says
    /// when to come back (`Retry-After`; a maintenance page without one is no throttle).
    pub fn is_throttled(self, status: u16, headers: &reqwest::header::HeaderMap) -> bool {
        status == 429
            || (self == Provider::OracleFusion
                && status == 503
                && headers.contains_key(reqwest::header::RETRY_AFTER))
    }

    /// How long a new OAuth token ages before it is used: Coupa refuses a token in its
    /// first seconds (`server.token_min_age_ms`); an identity domain's token works at once.
    pub fn token_min_age(self, configured: std::time::Duration) -> std::time::Duration {
        match self {
            Provider::Coupa => configured,
            Provider::OracleFusion => std::time::Duration::ZERO,
        }
    }

    /// The path prefixes `/proxy` may reach on this provider.
    pub fn proxy_roots(self) -> &'static [&'static str] {
        match self {
            Provider::Coupa => coupa::PROXY_ROOTS,
            Provider::OracleFusion => oracle_fusion::PROXY_ROOTS,
        }
    }
}

impl std::fmt::Display for Provider {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

/// A parser of a successful JSON answer.
pub type Reader<'a> = dyn Fn(&[u8]) -> serde_json::Result<Value> + Sync + 'a;

/// Which record timestamp a date filter compares.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stamp {
    Updated,
    Created,
}

/// A condition on the records of a list call, in neutral terms.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Filter {
    /// A declared filter: the provider parameter or attribute a mapping file names,
    /// equal to `value`.
    Equals { param: String, value: String },
    /// The timestamp is strictly after `unix_secs`.
    After(Stamp, i64),
    /// The timestamp is at or after `unix_secs` (a sync window's lower bound).
    AtOrAfter(Stamp, i64),
    /// The timestamp is strictly before `unix_secs`.
    Before(Stamp, i64),
}

/// One keyset list call: records whose id is greater than `after_id`, in id order.
#[derive(Debug, Clone, Default)]
pub struct ListCall<'a> {
    /// The resource's collection path, as its mapping file names it.
    pub path: &'a str,
    /// The attribute holding the record id.
    pub id_field: &'a str,
    pub after_id: Option<i64>,
    /// Records of the keyset page to pass over first (0: none). Concurrent paging asks
    /// for later stretches of the same keyset page at once (see `resources::fanout`).
    pub offset: u32,
    /// Records wanted; a provider caps it at its page size.
    pub limit: u32,
    pub filters: &'a [Filter],
    /// The rendered field selection ([`Provider::render_fields`]), when projecting.
    pub fields: Option<&'a str>,
}
