//! One upstream list answer, read on a mapping thread: decoded by the provider and parsed
//! down to the projection, split into records, each record's id read and, where the page
//! keeps it, the record mapped and serialized, all in one job.
//!
//! Why one job: a record's parsed nodes and its mapped nodes are then made and freed by
//! the thread that uses them, and only the serialized record (one buffer) goes back to
//! the async thread that writes the response. Parsing on the async thread, mapping on a
//! mapping thread and serializing back on the async thread made every node cross threads
//! twice: each crossing is a cold cache and a remote free in the allocator, which cost
//! about as much again as the work itself (benches/mapping.rs measures both ways).

use std::ops::Range;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use serde_json::Value;
use serde_json::value::RawValue;

use super::Effective;
use super::error::{RecordMappingError, ResourceError};
use super::projection::Projection;
use super::selection::Selection;
use crate::providers::UpstreamResponse;
use crate::tenant::Tenant;
use jsonata::Output;

/// A unified record as a page holds it: serialized, ready to be written out.
pub type Mapped = Box<RawValue>;

/// A record of an answer: its id (`None` when it has no integer id), and the record
/// mapped and serialized when the page asked for it (`None` for a record read only for
/// its id: a look-ahead record, the overlap between two stretches).
#[derive(Debug)]
pub struct Item {
    pub id: Option<i64>,
    pub mapped: Option<Result<Mapped, ResourceError>>,
}

/// The records of an answer in the order they came, and whether the provider says more
/// follow (`None`: it does not say).
#[derive(Debug)]
pub struct Answer {
    pub items: Vec<Item>,
    pub more: Option<bool>,
}

/// How one page reads its upstream answers: the resource and tenant, the field selection
/// and `remote_data`, and the mapping time the page has spent so far. Cheap to clone:
/// the answers of one page may be read at once.
#[derive(Debug, Clone)]
pub struct Reading {
    tenant_id: Arc<str>,
    eff: Arc<Effective>,
    selection: Option<Arc<Selection>>,
    remote_data: bool,
    /// Microseconds the page's jobs have run: a page's mapping stays within one
    /// request's budget however many answers it reads.
    spent: Arc<AtomicU64>,
}

impl Reading {
    pub fn new(
        tenant: &Tenant,
        eff: &Arc<Effective>,
        selection: Option<Arc<Selection>>,
        remote_data: bool,
    ) -> Reading {
        Reading {
            tenant_id: Arc::from(tenant.id.as_str()),
            eff: Arc::clone(eff),
            selection,
            remote_data,
            spent: Arc::default(),
        }
    }

    /// What to ask the provider for and keep of its answer.
    pub fn projection(&self) -> &Projection {
        super::listing::projection(&self.eff, self.remote_data, self.selection.as_deref())
    }

    /// Reads `resp` on the tenant's share of the mapping threads, mapping the records at
    /// the positions in `map`.
    pub async fn read(
        &self,
        tenant: &Tenant,
        resp: UpstreamResponse,
        map: Range<usize>,
    ) -> Result<Answer, ResourceError> {
        let reading = self.clone();
        let provider = tenant.provider;
        tenant
            .cpu
            .run(move |deadline| {
                let started = Instant::now();
                let spent = Duration::from_micros(reading.spent.load(Ordering::Relaxed));
                let deadline = deadline.checked_sub(spent).unwrap_or(started);
                let answer = reading.read_now(provider, resp, map, deadline);
                let took = started.elapsed().as_micros() as u64;
                reading.spent.fetch_add(took, Ordering::Relaxed);
                answer
            })
            .await
            .map_err(|e| ResourceError::Unavailable(e.to_string()))?
    }

    fn read_now(
        &self,
        provider: crate::providers::Provider,
        resp: UpstreamResponse,
        map: Range<usize>,
        deadline: Instant,
    ) -> Result<Answer, ResourceError> {
        let projection = self.projection();
        let body = provider.decode(resp, &|b| projection.read_page(b))?;
        let (records, more) = provider.page_records(body)?;
        let id_field = self.eff.resource.id_field.as_str();
        let items = records
            .into_iter()
            .enumerate()
            .map(|(i, raw)| {
                let id = record_id(&raw, id_field);
                let mapped = match id {
                    Some(id) if map.contains(&i) => Some(self.map(raw, id, deadline)),
                    _ => None,
                };
                Item { id, mapped }
            })
            .collect();
        Ok(Answer { items, more })
    }

    /// Maps one record and serializes it.
    fn map(&self, raw: Value, id: i64, deadline: Instant) -> Result<Mapped, ResourceError> {
        let output = map_one(
            &self.tenant_id,
            &self.eff,
            self.selection.as_deref(),
            raw,
            &id.to_string(),
            self.remote_data,
            deadline,
        )?;
        serde_json::value::to_raw_value(&output).map_err(|e| {
            ResourceError::Unavailable(format!("a mapped record could not be written: {e}"))
        })
    }
}

/// Maps one raw record by the chain (or the selection's chain, cutting the record to its
/// fields); adds `remote_data` when asked.
pub fn map_one(
    tenant_id: &str,
    eff: &Effective,
    selection: Option<&Selection>,
    raw: Value,
    record_id: &str,
    remote_data: bool,
    deadline: Instant,
) -> Result<Output, ResourceError> {
    let chain = selection.map_or(&eff.chain, |s| &s.chain);
    let unified = chain.response_by(&raw, deadline).map_err(|error| {
        ResourceError::Mapping(Box::new(RecordMappingError {
            resource: eff.resource.name.clone(),
            tenant: tenant_id.to_string(),
            record_id: record_id.to_string(),
            error,
        }))
    })?;
    let mut unified = match selection {
        Some(s) => s.cut(unified),
        None => unified,
    };
    if remote_data {
        unified.insert("remote_data", Output::Raw(raw));
    }
    Ok(unified)
}

/// A record's integer id (a number, or digits in a string).
pub fn record_id(record: &Value, id_field: &str) -> Option<i64> {
    match record.get(id_field)? {
        Value::Number(n) => n.as_i64(),
        Value::String(s) => s.parse().ok(),
        _ => None,
    }
}
