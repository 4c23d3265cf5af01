//! Request bodies read into memory (unified writes, `/mcp`): each within
//! `body_limit_bytes`, and all of them together within `max_buffered_body_bytes`.
//!
//! The global bound is a semaphore of bytes. A body with a `Content-Length` takes its
//! whole length before the first byte is read and is read into a buffer of exactly that
//! size; a chunked body takes room as its buffer grows and is shrunk to its length at the
//! end. A body that finds no room within [`WAIT`] is refused with 503 and `Retry-After`,
//! and the room is given back when the handler drops the body, so nothing outlives the
//! request. `/proxy` does not buffer: it streams bodies through (`http::proxy`).

use std::sync::Arc;
use std::time::Duration;

use axum::body::Body;
use axum::http::{HeaderMap, header};
use bytes::Bytes;
use futures::StreamExt;
use tokio::sync::{OwnedSemaphorePermit, Semaphore};

use super::problem::ApiError;
use crate::observe;

/// How long a body waits for room before it is refused.
pub const WAIT: Duration = Duration::from_millis(1000);

/// The bytes every buffered request body may hold together.
#[derive(Debug, Clone)]
pub struct BodyBudget {
    room: Arc<Semaphore>,
    total: usize,
}

impl BodyBudget {
    pub fn new(total: usize) -> Self {
        let total = total.clamp(1, u32::MAX as usize);
        BodyBudget {
            room: Arc::new(Semaphore::new(total)),
            total,
        }
    }

    /// Bytes held by request bodies now.
    pub fn in_use(&self) -> usize {
        self.total - self.room.available_permits()
    }

    /// Takes `n` bytes of room, waiting at most [`WAIT`].
    async fn take(&self, n: usize) -> Result<Held, ApiError> {
        let n32 = u32::try_from(n).unwrap_or(u32::MAX);
        if n > self.total {
            return Err(busy(self.total));
        }
        match tokio::time::timeout(WAIT, self.room.clone().acquire_many_owned(n32)).await {
            Ok(Ok(permit)) => {
                metrics::gauge!(observe::BODY_BUFFERED).increment(n as f64);
                Ok(Held(Some(permit)))
            }
            _ => Err(busy(self.total)),
        }
    }
}

fn busy(total: usize) -> ApiError {
    ApiError::Overloaded(format!(
        "request bodies already hold the {total} bytes this server buffers at once \
         (server.max_buffered_body_bytes); send the request again shortly"
    ))
}

/// Room taken in the budget; given back when dropped.
#[derive(Debug, Default)]
struct Held(Option<OwnedSemaphorePermit>);

impl Held {
    fn bytes(&self) -> usize {
        self.0.as_ref().map_or(0, |p| p.num_permits())
    }

    fn merge(&mut self, mut other: Held) {
        match (&mut self.0, other.0.take()) {
            (Some(mine), Some(theirs)) => mine.merge(theirs),
            (None, theirs) => self.0 = theirs,
            (_, None) => {}
        }
    }

    /// Gives back all but `keep` bytes.
    fn shrink_to(&mut self, keep: usize) {
        let excess = self.bytes().saturating_sub(keep);
        if excess > 0
            && let Some(p) = &mut self.0
            && let Some(given_back) = p.split(excess)
        {
            metrics::gauge!(observe::BODY_BUFFERED).decrement(excess as f64);
            drop(given_back);
        }
    }
}

impl Drop for Held {
    fn drop(&mut self) {
        let n = self.bytes();
        if n > 0 {
            metrics::gauge!(observe::BODY_BUFFERED).decrement(n as f64);
        }
    }
}

/// A request body in memory, holding its room in the budget until dropped.
#[derive(Debug)]
pub struct Buffered {
    pub bytes: Bytes,
    _held: Held,
}

/// The declared `Content-Length`, if any and readable.
pub fn declared_length(headers: &HeaderMap) -> Option<u64> {
    headers
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<u64>().ok())
}

/// Reads a request body whole: 413 beyond `limit`, 400 when it cannot be read (a
/// malformed chunked encoding, a connection cut mid-body), 503 when the budget has no
/// room.
pub async fn read(
    budget: &BodyBudget,
    limit: usize,
    headers: &HeaderMap,
    body: Body,
) -> Result<Buffered, ApiError> {
    let declared = declared_length(headers);
    if declared.is_some_and(|n| n > limit as u64) {
        return Err(ApiError::PayloadTooLarge(limit));
    }
    let declared = declared.map(|n| n as usize);
    let mut held = Held::default();
    let mut buf = Vec::new();
    if let Some(n) = declared.filter(|n| *n > 0) {
        held = budget.take(n).await?;
        buf.reserve_exact(n);
    }
    let mut frames = body.into_data_stream();
    while let Some(chunk) = frames.next().await {
        let chunk = chunk.map_err(|_| unreadable())?;
        let needed = buf.len() + chunk.len();
        if needed > limit {
            return Err(ApiError::PayloadTooLarge(limit));
        }
        if needed > buf.capacity() {
            // only a chunked body (or one longer than declared, which hyper refuses) grows
            let grown = (buf.capacity() * 2).max(needed).max(8 * 1024).min(limit);
            held.merge(budget.take(grown - held.bytes().min(grown)).await?);
            buf.reserve_exact(grown - buf.len());
        }
        buf.extend_from_slice(&chunk);
    }
    if buf.capacity() > buf.len() {
        buf.shrink_to_fit();
    }
    held.shrink_to(buf.capacity());
    Ok(Buffered {
        bytes: Bytes::from(buf),
        _held: held,
    })
}

/// A body that could not be read as HTTP framed it.
pub fn unreadable() -> ApiError {
    ApiError::bad_param(
        "body",
        "the request body could not be read (malformed chunked encoding, or the connection \
         ended mid-body)",
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chunked(parts: &[&'static [u8]]) -> Body {
        let items: Vec<Result<Bytes, std::io::Error>> =
            parts.iter().map(|p| Ok(Bytes::from_static(p))).collect();
        Body::from_stream(futures::stream::iter(items))
    }

    fn length(n: usize) -> HeaderMap {
        let mut h = HeaderMap::new();
        h.insert(header::CONTENT_LENGTH, n.into());
        h
    }

    #[tokio::test]
    async fn a_chunked_body_is_kept_at_its_size_and_its_room_given_back() {
        let budget = BodyBudget::new(1 << 20);
        let body = read(
            &budget,
            1 << 20,
            &HeaderMap::new(),
            chunked(&[b"ab", b"cde"]),
        )
        .await
        .unwrap();
        assert_eq!(&body.bytes[..], b"abcde");
        assert_eq!(budget.in_use(), 5, "charged its size, not its growth");
        drop(body);
        assert_eq!(budget.in_use(), 0);
    }

    #[tokio::test]
    async fn a_declared_body_takes_its_length_up_front() {
        let budget = BodyBudget::new(100);
        let held = read(&budget, 100, &length(60), Body::from(vec![b'x'; 60]))
            .await
            .unwrap();
        assert_eq!(budget.in_use(), 60);
        tokio::time::pause();
        let refused = read(&budget, 100, &length(60), Body::from(vec![b'y'; 60])).await;
        assert!(
            matches!(refused, Err(ApiError::Overloaded(_))),
            "{refused:?}"
        );
        drop(held);
        let second = read(&budget, 100, &length(60), Body::from(vec![b'y'; 60])).await;
        assert!(second.is_ok());
    }

    #[tokio::test]
    async fn limits_and_broken_bodies() {
        let budget = BodyBudget::new(1 << 20);
        let over = read(&budget, 4, &HeaderMap::new(), chunked(&[b"abc", b"de"])).await;
        assert!(matches!(over, Err(ApiError::PayloadTooLarge(4))));
        let declared_over = read(&budget, 4, &length(5), Body::from("abcde")).await;
        assert!(matches!(declared_over, Err(ApiError::PayloadTooLarge(4))));
        let items: Vec<Result<Bytes, std::io::Error>> = vec![
            Ok(Bytes::from_static(b"ab")),
            Err(std::io::Error::other("bad chunk")),
        ];
        let broken = read(
            &budget,
            100,
            &HeaderMap::new(),
            Body::from_stream(futures::stream::iter(items)),
        )
        .await;
        assert!(
            matches!(broken, Err(ApiError::BadRequest { .. })),
            "{broken:?}"
        );
        assert_eq!(budget.in_use(), 0, "nothing kept by refused bodies");
    }
}
