//! Listing and reading records: the unified query parsed and checked, shift-proof keyset
//! paging over the tenant's provider (records in id order, each page starting after the
//! last id seen), several upstream calls per page when `limit` exceeds the provider's
//! page cap, and every record mapped.

use std::collections::BTreeMap;
use std::sync::Arc;

use serde_json::Value;

use super::Effective;
pub use super::answer::Mapped;
use super::answer::{Item, Reading, map_one};
use super::cursor::{Cursor, Signer, SyncToken};
pub use super::error::{RecordMappingError, ResourceError, bad};
use super::projection::Projection;
use super::selection::{self, Selection};
use crate::gate::Entry;
use crate::providers::{Filter, ListCall, Stamp, UpstreamError, UpstreamRequest};
use crate::query_string;
use crate::tenant::Tenant;
use jsonata::Output;

/// The query keys that select records (bound into cursors).
pub const DATE_PARAMS: [&str; 3] = ["updated_after", "updated_before", "created_after"];
/// The canonical query key of a sync run's watermark (unix seconds, inclusive).
pub const SYNC_SINCE: &str = "sync_since";

/// Settings the list needs from the server config.
#[derive(Debug, Clone, Copy)]
pub struct ListSettings {
    pub max_page_size: u32,
    pub sync_margin_secs: u64,
}

/// A checked list request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListPlan {
    pub limit: u32,
    /// Canonical query: filter and date parameters (dates as unix seconds), and the sync
    /// watermark when the run started from a sync token.
    pub query: BTreeMap<String, String>,
    pub remote_data: bool,
    pub after_id: Option<i64>,
    /// Unix seconds at which the run's first page was read.
    pub run_started: i64,
}

/// Parses and checks a list query string against the resource and tenant.
pub fn plan(
    raw_query: Option<&str>,
    eff: &Effective,
    tenant: &str,
    signer: &Signer,
    settings: ListSettings,
) -> Result<ListPlan, ResourceError> {
    let mut params = query_string::unique_but(raw_query, &[selection::PARAM])
        .map_err(|e| bad(&e.name, e.message))?;
    params.remove("tenant_id");
    let limit = match params.remove("limit") {
        None => 50.min(settings.max_page_size),
        Some(v) => match v.parse::<u32>() {
            Ok(n) if (1..=settings.max_page_size).contains(&n) => n,
            _ => {
                return Err(bad(
                    "limit",
                    format!("must be an integer from 1 to {}", settings.max_page_size),
                ));
            }
        },
    };
    let remote_data = match params.remove("remote_data").as_deref() {
        None | Some("false") => false,
        Some("true") => true,
        Some(_) => return Err(bad("remote_data", "must be true or false")),
    };
    let cursor = params.remove("cursor");
    let sync_token = params.remove("sync_token");
    let mut query = BTreeMap::new();
    if remote_data {
        query.insert("remote_data".to_string(), "true".to_string());
    }
    for (name, value) in params {
        if name == selection::PARAM {
            query.insert(name, selection::canonical(&value, eff)?);
        } else if DATE_PARAMS.contains(&name.as_str()) {
            query.insert(name.clone(), parse_datetime(&name, &value)?.to_string());
        } else if eff.filters.contains_key(&name) {
            if value.len() > 1000 {
                return Err(bad(&name, "longer than 1000 characters"));
            }
            query.insert(name, value);
        } else {
            let mut known: Vec<&str> = vec![
                "limit",
                "cursor",
                "sync_token",
                "remote_data",
                selection::PARAM,
            ];
            known.extend(DATE_PARAMS);
            known.extend(eff.filters.keys().map(String::as_str));
            return Err(bad(
                &name,
                format!(
                    "unknown parameter; this resource takes {}",
                    known.join(", ")
                ),
            ));
        }
    }
    let resource = &eff.resource.name;
    let sync = match &sync_token {
        Some(token) => {
            if query.contains_key("updated_after") {
                return Err(bad("sync_token", "cannot be combined with updated_after"));
            }
            let s = signer
                .open_sync_token(token)
                .map_err(|e| bad("sync_token", e.to_string()))?;
            if s.t != tenant || &s.r != resource {
                return Err(bad("sync_token", "issued for another tenant or resource"));
            }
            Some(s)
        }
        None => None,
    };
    if let Some(token) = cursor {
        let c = signer
            .open_cursor(&token)
            .map_err(|e| bad("cursor", e.to_string()))?;
        if c.t != tenant || &c.r != resource {
            return Err(bad("cursor", "issued for another tenant or resource"));
        }
        if let Some(s) = &sync
            && c.q.get(SYNC_SINCE) != Some(&s.w.to_string())
        {
            return Err(bad("sync_token", "does not belong to this cursor's run"));
        }
        for (k, v) in &query {
            if c.q.get(k) != Some(v) {
                return Err(bad(
                    "cursor",
                    format!("was issued for another query ({k} differs; only limit may change)"),
                ));
            }
        }
        return Ok(ListPlan {
            limit,
            remote_data: c.q.contains_key("remote_data"),
            query: c.q,
            after_id: Some(c.a),
            run_started: c.s,
        });
    }
    if let Some(s) = sync {
        for (k, v) in &query {
            if s.q.get(k) != Some(v) {
                return Err(bad(
                    "sync_token",
                    format!("was issued for another query ({k} differs)"),
                ));
            }
        }
        query = s.q;
        query.insert(SYNC_SINCE.into(), s.w.to_string());
    }
    Ok(ListPlan {
        limit,
        remote_data: query.contains_key("remote_data"),
        query,
        after_id: None,
        run_started: crate::clock::unix_secs(),
    })
}

/// An RFC 3339 datetime (or a bare date, midnight UTC) as unix seconds.
fn parse_datetime(name: &str, value: &str) -> Result<i64, ResourceError> {
    use time::format_description::well_known::Rfc3339;
    if let Ok(t) = time::OffsetDateTime::parse(value, &Rfc3339) {
        return Ok(t.unix_timestamp());
    }
    let date_format = time::macros::format_description!("[year]-[month]-[day]");
    if let Ok(d) = time::Date::parse(value, &date_format) {
        return Ok(d.midnight().assume_utc().unix_timestamp());
    }
    Err(bad(
        name,
        "must be an RFC 3339 datetime such as 2025-01-31T08:00:00Z (or a date, 2025-01-31)",
    ))
}

/// The filters of a canonical query, in neutral terms.
fn filters(eff: &Effective, query: &BTreeMap<String, String>) -> Vec<Filter> {
    let mut out = eff.scope.clone();
    for (k, v) in query {
        let secs = || v.parse::<i64>().unwrap_or_default();
        match k.as_str() {
            "updated_after" => out.push(Filter::After(Stamp::Updated, secs())),
            "updated_before" => out.push(Filter::Before(Stamp::Updated, secs())),
            "created_after" => out.push(Filter::After(Stamp::Created, secs())),
            SYNC_SINCE => out.push(Filter::AtOrAfter(Stamp::Updated, secs())),
            "remote_data" | selection::PARAM => {}
            name => {
                if let Some(param) = eff.filters.get(name) {
                    out.push(Filter::Equals {
                        param: param.clone(),
                        value: v.clone(),
                    });
                }
            }
        }
    }
    out
}

/// One page of unified records.
#[derive(Debug)]
pub struct Page {
    /// The records, mapped and serialized.
    pub records: Vec<Mapped>,
    pub next_cursor: Option<String>,
    pub sync_token: Option<String>,
    /// Upstream calls made for the page.
    pub upstream_calls: u32,
    /// The page's place among the tenant's pages in flight: keep it until the page's
    /// body is built, then drop it so the next page may start.
    pub held: Entry,
}

impl Page {
    /// The records as JSON values, for callers that look into them. A record that cannot
    /// be read back (nested deeper than the JSON reader allows, as `remote_data` may make
    /// it) is an error, never a record dropped from the page.
    pub fn values(&self) -> Result<Vec<Value>, ResourceError> {
        self.records
            .iter()
            .map(|r| {
                serde_json::from_str(r.get()).map_err(|e| {
                    ResourceError::Unavailable(format!("a mapped record could not be read: {e}"))
                })
            })
            .collect()
    }
}

/// Reads one page: as many upstream calls as `limit` needs, one record more than asked
/// to know whether another page follows, each answer parsed, split and its records mapped
/// on a mapping thread as it arrives ([`answer`](super::answer)). It first waits for a
/// place among the tenant's pages in flight ([`Tenant::pages`]): a page holds its
/// upstream answers and its mapped records, and callers beyond the mapping threads' pace
/// would otherwise pile them up in memory.
pub async fn list(
    tenant: &Tenant,
    eff: &Arc<Effective>,
    plan: ListPlan,
    signer: &Signer,
    settings: ListSettings,
) -> Result<Page, ResourceError> {
    let held = tenant.pages.enter().await;
    // Boxed: a request waiting above holds a small future, not the whole state of a page
    // (upstream calls, fan-out), which is allocated once the page may start.
    Box::pin(read_page(tenant, eff, plan, signer, settings, held)).await
}

/// [`list`] once the page has its place in flight.
async fn read_page(
    tenant: &Tenant,
    eff: &Arc<Effective>,
    plan: ListPlan,
    signer: &Signer,
    settings: ListSettings,
    held: Entry,
) -> Result<Page, ResourceError> {
    let filters = filters(eff, &plan.query);
    let selection = selected(tenant, eff, &plan.query);
    let reading = Reading::new(tenant, eff, selection, plan.remote_data);
    let fields = reading.projection().fields();
    let id_field = eff.resource.id_field.as_str();
    let wanted = plan.limit as usize;
    let mut raws: Vec<(i64, Result<Mapped, ResourceError>)> = Vec::with_capacity(wanted + 1);
    let mut after = plan.after_id;
    let mut exhausted = false;
    let mut calls = 0;
    // a 429 after some records: the page ends with them, the cursor resumes after them
    let mut cut_short = false;
    'read: {
        // Several upstream pages for this one: asked for at once, within the budget.
        if let Some(n) = super::fanout::width(tenant, wanted) {
            let base = ListCall {
                path: &eff.resource.path,
                id_field,
                after_id: after,
                filters: &filters,
                fields,
                ..ListCall::default()
            };
            let batch = super::fanout::fetch(tenant, &base, n, &reading).await?;
            calls += batch.calls;
            after = batch.records.last().map(|(id, _)| *id).or(after);
            raws.extend(batch.records);
            exhausted = batch.exhausted;
            if batch.complete || exhausted {
                break 'read;
            }
        }
        while raws.len() < wanted {
            let missing = wanted - raws.len();
            let ask = (missing + 1).min(tenant.provider.page_cap() as usize) as u32;
            let call = ListCall {
                path: &eff.resource.path,
                id_field,
                after_id: after,
                offset: 0,
                limit: ask,
                filters: &filters,
                fields,
            };
            calls += 1;
            let path = tenant.provider.list_path(&call);
            // the look-ahead record past `missing` is read for its id only
            let answer = match tenant.upstream.send(&UpstreamRequest::get(path)).await {
                Ok(resp) => reading.read(tenant, resp, 0..missing).await,
                Err(e) => Err(e.into()),
            };
            let answer = match answer {
                Ok(a) => a,
                Err(ResourceError::Upstream(UpstreamError::RateLimited(_))) if !raws.is_empty() => {
                    cut_short = true;
                    break 'read;
                }
                Err(e) => return Err(e),
            };
            let got = answer.items.len();
            let more = answer.more;
            if got == 0 && more == Some(true) {
                return Err(malformed("an empty page said more records follow"));
            }
            for item in answer.items {
                raws.push(next_in_order(item, &mut after)?);
            }
            // The provider's own word when it gives one (Oracle may answer a page of 500
            // with 499 records); else a short page ends the list.
            if more == Some(false) || (more.is_none() && got < ask as usize) {
                exhausted = true;
                break;
            }
        }
    }
    let more = cut_short || raws.len() > wanted || !exhausted;
    raws.truncate(wanted);
    let page = (raws, more, calls, held);
    finish(tenant, eff, plan, signer, settings, page)
}

/// A page's next record: it must have an id after `after` (which it then becomes), and
/// was mapped when its answer was read (the look-ahead record, read for its id only, is
/// never kept: the page is cut to `limit` first).
pub(super) fn next_in_order(
    item: Item,
    after: &mut Option<i64>,
) -> Result<(i64, Result<Mapped, ResourceError>), ResourceError> {
    let id = item
        .id
        .ok_or_else(|| malformed("a record has no integer id"))?;
    if after.is_some_and(|a| id <= a) {
        return Err(malformed("records came out of id order"));
    }
    *after = Some(id);
    let mapped = item.mapped.unwrap_or_else(|| {
        Err(ResourceError::Unavailable(
            "a record of the page was not mapped".into(),
        ))
    });
    Ok((id, mapped))
}

/// The compiled field selection a canonical query names, if it names one.
fn selected(
    tenant: &Tenant,
    eff: &Effective,
    query: &BTreeMap<String, String>,
) -> Option<Arc<Selection>> {
    let fields = query.get(selection::PARAM)?;
    Some(selection::compile(eff, fields, tenant.provider))
}

/// The mapped records of a page, whether more follow, the upstream calls made, and the
/// page's place in flight.
type MappedPage = (Vec<(i64, Result<Mapped, ResourceError>)>, bool, u32, Entry);

fn finish(
    tenant: &Tenant,
    eff: &Effective,
    plan: ListPlan,
    signer: &Signer,
    settings: ListSettings,
    (raws, more, upstream_calls, held): MappedPage,
) -> Result<Page, ResourceError> {
    let resource = &eff.resource.name;
    let last_id = raws.last().map(|(id, _)| *id).or(plan.after_id);
    // the first record that failed to map fails the page
    let records = raws
        .into_iter()
        .map(|(_, mapped)| mapped)
        .collect::<Result<Vec<_>, _>>()?;
    let (next_cursor, sync_token) = match (more, last_id) {
        (true, Some(a)) => (
            Some(signer.cursor(Cursor {
                t: tenant.id.clone(),
                r: resource.clone(),
                q: plan.query,
                a,
                s: plan.run_started,
            })),
            None,
        ),
        _ => {
            let mut q = plan.query;
            q.remove("updated_after");
            q.remove(SYNC_SINCE);
            let w = plan.run_started - settings.sync_margin_secs as i64;
            (
                None,
                Some(signer.sync_token(SyncToken {
                    t: tenant.id.clone(),
                    r: resource.clone(),
                    q,
                    w,
                })),
            )
        }
    };
    Ok(Page {
        records,
        next_cursor,
        sync_token,
        upstream_calls,
        held,
    })
}

/// Reads one record by id. A resource whose writes go to another collection than its
/// reads (Oracle Fusion's purchase orders: written as drafts, read once submitted) is
/// looked for there too when its own collection does not hold the id, so a record just
/// created can be read back before it is submitted. That costs a second call only for an
/// id the read collection does not know. With a field selection, only its fields are
/// mapped and asked of the provider.
pub async fn get(
    tenant: &Tenant,
    eff: &Arc<Effective>,
    id: &str,
    remote_data: bool,
    selection: Option<Arc<Selection>>,
) -> Result<Output, ResourceError> {
    check_id(tenant, id)?;
    let resource = &eff.resource;
    let projection = projection(eff, remote_data, selection.as_deref());
    let mut raw = read_with(tenant, eff, &resource.path, id, projection).await?;
    if raw.is_none() && resource.write_path != resource.path {
        raw = read_with(tenant, eff, &resource.write_path, id, projection).await?;
    }
    let Some(raw) = raw else {
        return Err(not_found(eff, id));
    };
    let raws = vec![(id.to_string(), raw)];
    let mut one = map_records(tenant, eff, raws, remote_data, selection).await?;
    Ok(one.pop().unwrap_or(Output::Object(Vec::new())))
}

/// The compiled selection of a get's `fields` value.
pub fn get_selection(
    tenant: &Tenant,
    eff: &Effective,
    fields: &str,
) -> Result<Arc<Selection>, ResourceError> {
    let canonical = selection::canonical(fields, eff)?;
    Ok(selection::compile(eff, &canonical, tenant.provider))
}

/// One record of the collection at `collection`, read with the resource's projection
/// (the whole record for `remote_data`); `None` when the collection does not hold it.
pub async fn read_record(
    tenant: &Tenant,
    eff: &Effective,
    collection: &str,
    id: &str,
    remote_data: bool,
) -> Result<Option<Value>, ResourceError> {
    read_with(
        tenant,
        eff,
        collection,
        id,
        projection(eff, remote_data, None),
    )
    .await
}

/// One record by id: at its own path, or for a resource with a `where` scope (whose
/// collection may repeat the id outside it) as the one record of a list call asking for
/// the id within the scope.
async fn read_with(
    tenant: &Tenant,
    eff: &Effective,
    collection: &str,
    id: &str,
    projection: &Projection,
) -> Result<Option<Value>, ResourceError> {
    if !eff.scope.is_empty() {
        let mut filters = eff.scope.clone();
        filters.push(Filter::Equals {
            param: eff.resource.id_field.clone(),
            value: id.to_string(),
        });
        let call = ListCall {
            path: collection,
            id_field: &eff.resource.id_field,
            after_id: None,
            offset: 0,
            limit: 2,
            filters: &filters,
            fields: projection.fields(),
        };
        let path = tenant.provider.list_path(&call);
        let body = match tenant
            .upstream
            .read_json_with(path, &|b| projection.read_page(b))
            .await
        {
            Ok(b) => b,
            Err(UpstreamError::Status { status: 404, .. }) => return Ok(None),
            Err(e) => return Err(e.into()),
        };
        let (mut items, _) = tenant.provider.page_records(body)?;
        if items.len() > 1 {
            return Err(malformed(
                "two records within the resource's scope share an id",
            ));
        }
        return Ok(items.pop());
    }
    let path = tenant
        .provider
        .record_path(collection, id, projection.fields());
    let raw = match tenant
        .upstream
        .read_json_with(path, &|b| projection.read(b))
        .await
    {
        Ok(v) => v,
        Err(UpstreamError::Status { status: 404, .. }) => return Ok(None),
        Err(e) => return Err(e.into()),
    };
    match raw {
        Value::Object(_) => Ok(Some(raw)),
        Value::Array(ref a) if a.is_empty() => Ok(None),
        _ => Err(malformed("a get call did not return a JSON object")),
    }
}

/// A record id as the caller gave it: the provider's integer key, in digits.
pub fn check_id(tenant: &Tenant, id: &str) -> Result<(), ResourceError> {
    if id.is_empty() || id.len() > 19 || !id.bytes().all(|b| b.is_ascii_digit()) {
        return Err(bad(
            "id",
            format!(
                "must be a {} record id (digits)",
                tenant.provider.display_name()
            ),
        ));
    }
    Ok(())
}

/// The first `n` records of the resource as the provider sends them, whole (no field
/// selection): the samples the studio shows and previews overrides on. One call.
pub async fn sample(tenant: &Tenant, eff: &Effective, n: u32) -> Result<Vec<Value>, ResourceError> {
    let whole = projection(eff, true, None);
    let read = |b: &[u8]| whole.read_page(b);
    let filters = eff.scope.clone();
    let call = ListCall {
        path: &eff.resource.path,
        id_field: &eff.resource.id_field,
        after_id: None,
        offset: 0,
        limit: n.min(tenant.provider.page_cap()),
        filters: &filters,
        fields: None,
    };
    let path = tenant.provider.list_path(&call);
    let body = tenant.upstream.read_json_with(path, &read).await?;
    let (mut items, _) = tenant.provider.page_records(body)?;
    items.truncate(n as usize);
    Ok(items)
}

/// What to ask the provider for and keep of its answer: the resource's projection (or
/// the selection's), or the whole record when the caller asked for `remote_data` (it
/// goes back as sent).
pub(super) fn projection<'a>(
    eff: &'a Effective,
    remote_data: bool,
    selection: Option<&'a Selection>,
) -> &'a Projection {
    static WHOLE: Projection = Projection::Whole {
        reason: String::new(),
    };
    match selection {
        _ if remote_data => &WHOLE,
        Some(s) => &s.projection,
        None => &eff.projection,
    }
}

fn not_found(eff: &Effective, id: &str) -> ResourceError {
    ResourceError::NotFound(format!("no {} record with id {id}", eff.resource.name))
}

/// Maps one raw record; adds `remote_data` when asked.
pub async fn map_record(
    tenant: &Tenant,
    eff: &Arc<Effective>,
    raw: Value,
    record_id: &str,
    remote_data: bool,
) -> Result<Output, ResourceError> {
    let raws = vec![(record_id.to_string(), raw)];
    let mut one = map_records(tenant, eff, raws, remote_data, None).await?;
    Ok(one.pop().unwrap_or(Output::Object(Vec::new())))
}

/// Maps raw records (with their ids, for errors) on the tenant's share of the mapping
/// threads, all within one request's time budget; with a field selection, by the chain
/// that builds only its fields, each record cut to them.
pub async fn map_records(
    tenant: &Tenant,
    eff: &Arc<Effective>,
    raws: Vec<(String, Value)>,
    remote_data: bool,
    selection: Option<Arc<Selection>>,
) -> Result<Vec<Output>, ResourceError> {
    let eff = Arc::clone(eff);
    let tenant_id = tenant.id.clone();
    tenant
        .cpu
        .run(move |deadline| {
            let selection = selection.as_deref();
            raws.into_iter()
                .map(|(id, raw)| {
                    map_one(&tenant_id, &eff, selection, raw, &id, remote_data, deadline)
                })
                .collect()
        })
        .await
        .map_err(|e| ResourceError::Unavailable(e.to_string()))?
}

/// An upstream answer that breaks the paging contract.
pub(super) fn malformed(reason: &str) -> ResourceError {
    ResourceError::Upstream(UpstreamError::Malformed {
        status: 200,
        reason: reason.into(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::value::RawValue;

    /// A page's records read back as values: all of them, or an error naming why one
    /// could not be read (here nested past the JSON reader's limit, as a record with
    /// `remote_data` can be), never a page with that record left out.
    #[tokio::test]
    async fn a_record_that_cannot_be_read_back_is_an_error_not_a_gap() {
        let gate = crate::gate::Gate::new(1, 1);
        let record = |text: String| RawValue::from_string(text).expect("valid JSON");
        let page = |records| async {
            Page {
                records,
                next_cursor: None,
                sync_token: None,
                upstream_calls: 1,
                held: gate.share().enter().await,
            }
        };
        let flat = page(vec![record(r#"{"id":"1"}"#.into())]).await;
        assert_eq!(
            flat.values().expect("reads"),
            vec![serde_json::json!({"id": "1"})]
        );
        drop(flat);
        let deep = format!(
            r#"{{"remote_data":{}1{}}}"#,
            "[".repeat(200),
            "]".repeat(200)
        );
        let with_deep = page(vec![record(r#"{"id":"1"}"#.into()), record(deep)]).await;
        let error = with_deep
            .values()
            .expect_err("the deep record is not dropped");
        assert!(error.to_string().contains("could not be read"), "{error}");
    }
}
