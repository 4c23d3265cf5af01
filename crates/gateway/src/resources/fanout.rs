//! Concurrent keyset paging: when one unified page needs several upstream pages (a
//! `limit` above the provider's page cap), they are asked for at once instead of one
//! after another, paced by the tenant's rate budget.
//!
//! The calls are stretches of the same keyset page (records after the cursor's id, in id
//! order) at increasing offsets, each overlapping the one before by one record: call 0
//! reads positions `0..cap`, call `k` reads `k·(cap−1)..k·(cap−1)+cap`. Call `k` is kept
//! only when its first record is the last record of call `k−1`: then its records are the
//! ones that follow that record at the moment it was read — exactly what a keyset call
//! after that id would have answered. Records inserted or removed between the calls move
//! the offsets, the overlap no longer matches, and the page is completed one keyset call
//! at a time from the last record that did match. So no record is returned twice or
//! skipped, whatever changes upstream meanwhile.
//!
//! The page holds the records the calls agreed on: `limit − (calls − 1)` when every call
//! is full (one record per overlap), with a cursor after the last one. The number of
//! calls per unified page is the one sequential paging makes.

use super::answer::{Mapped, Reading};
use super::error::ResourceError;
use crate::providers::{ListCall, UpstreamError, UpstreamRequest};
use crate::tenant::Tenant;

/// What the concurrent calls gave.
#[derive(Debug)]
pub(super) struct Batch {
    /// Records in id order, each after the one before (and after the cursor), mapped.
    pub records: Vec<(i64, Result<Mapped, ResourceError>)>,
    pub calls: u32,
    /// The provider said no record follows the last one.
    pub exhausted: bool,
    /// The page ends here (every call agreed, or the list ended, or the budget ran out
    /// with records in hand); otherwise sequential calls complete it from the last
    /// record.
    pub complete: bool,
}

/// How many calls to make at once for `wanted` records: the calls sequential paging
/// makes for them. `None` when one call does, or when the budget is unknown (neither
/// configured nor learned): sequential paging then. With a known budget every call is
/// paced by the budget's bucket ([`crate::providers::budget::Budget::pace`]), so the
/// calls leave at once only while the upstream's bucket has room for them, and
/// otherwise one turn apart.
pub(super) fn width(tenant: &Tenant, wanted: usize) -> Option<usize> {
    let cap = tenant.provider.page_cap() as usize;
    if cap < 2 || wanted < cap {
        return None;
    }
    // Fanning out into an unknown budget meets the upstream's burst limit unpaced.
    tenant.upstream.budget.limit()?;
    let n = wanted.div_ceil(cap);
    (n > 1).then_some(n)
}

/// Makes `n` overlapping calls of the keyset page `base` describes (its `offset` and
/// `limit` are set here) at once, and keeps what they agree on. Each answer is read and
/// mapped by `reading` as it arrives (a stretch's first record, the overlap, only for
/// its id).
pub(super) async fn fetch(
    tenant: &Tenant,
    base: &ListCall<'_>,
    n: usize,
    reading: &Reading,
) -> Result<Batch, ResourceError> {
    let cap = tenant.provider.page_cap();
    let step = cap - 1;
    let calls = (0..n as u32).map(|k| {
        let call = ListCall {
            offset: k * step,
            limit: cap,
            ..*base
        };
        let path = tenant.provider.list_path(&call);
        let overlap = usize::from(k > 0);
        async move {
            let resp = tenant.upstream.send(&UpstreamRequest::get(path)).await?;
            reading.read(tenant, resp, overlap..usize::MAX).await
        }
    });
    let answers = futures::future::join_all(calls).await;

    let mut batch = Batch {
        records: Vec::new(),
        calls: n as u32,
        exhausted: false,
        complete: true,
    };
    let mut last = base.after_id;
    for (k, answer) in answers.into_iter().enumerate() {
        let answer = match answer {
            Ok(answer) => answer,
            // what came before the refusal is a page of its own; the cursor resumes
            // after it
            Err(ResourceError::Upstream(UpstreamError::RateLimited(_)))
                if !batch.records.is_empty() =>
            {
                return Ok(batch);
            }
            Err(e) => return Err(e),
        };
        let got = answer.items.len();
        let more = answer.more;
        let mut items = answer.items.into_iter();
        if k > 0 {
            // the overlap: this stretch must start at the record the last one ended on
            let first = items.next();
            if first.and_then(|item| item.id) != last {
                batch.complete = false;
                return Ok(batch);
            }
        }
        for item in items {
            batch
                .records
                .push(super::listing::next_in_order(item, &mut last)?);
        }
        if got == 0 && more == Some(true) {
            return Err(super::listing::malformed(
                "an empty page said more records follow",
            ));
        }
        // the provider's own word when it gives one; else a short stretch ends the list
        if more == Some(false) || (more.is_none() && got < cap as usize) {
            batch.exhausted = true;
            return Ok(batch);
        }
        if more == Some(true) && got < cap as usize {
            // a short stretch that says more follow (Oracle may answer 499 of 500):
            // the next stretch's offset cannot be trusted to overlap; go on one keyset
            // call at a time
            batch.complete = false;
            return Ok(batch);
        }
    }
    Ok(batch)
}
