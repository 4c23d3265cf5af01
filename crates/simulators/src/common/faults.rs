//! Injectable misbehaviour shared by the simulators: the fault kinds, the queue and the
//! random fault rate they come from, and the responses that act them out (a connection
//! reset, a truncated body).

use std::collections::VecDeque;
use std::time::Duration;

use axum::body::{Body, Bytes};
use axum::http::{StatusCode, header};
use axum::response::Response;
use rand::SeedableRng;
use rand::rngs::StdRng;
use serde::{Deserialize, Serialize};

/// A misbehaviour for the next API response.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Fault {
    /// Answer normally (lets one response through in a queue of faults).
    Pass,
    Status {
        status: u16,
        body: String,
    },
    /// Close the connection without an answer.
    Reset,
    /// `302 Found` to this location.
    Redirect {
        location: String,
    },
    Slow(Duration),
    /// Declare the whole body, send half, close.
    Truncated,
    /// 200 with a body that does not parse.
    Malformed,
    /// XML whatever the `Accept` (Coupa only; the Oracle Fusion simulator answers
    /// normally, its API being JSON only).
    XmlAnyway,
    TooMany {
        body: String,
        retry_after: Option<u64>,
        content_type: String,
    },
    /// `503 Service Unavailable` for planned maintenance, with `Retry-After` seconds
    /// when given.
    Maintenance {
        #[serde(default)]
        body: String,
        #[serde(default)]
        retry_after: Option<u64>,
    },
    /// Nothing for this long, then `504 Gateway Timeout` (a load balancer giving up).
    Timeout(Duration),
    /// 200 with `bytes` bytes of JSON (an array of spaces) made as they are sent, so the
    /// sandbox holds none of it; `Content-Length` declared unless `chunked`. With
    /// `stall_after`, the body stops after that many bytes and the connection stays open
    /// until the client goes away.
    Flood {
        bytes: u64,
        #[serde(default)]
        chunked: bool,
        #[serde(default)]
        stall_after: Option<u64>,
    },
}

impl Fault {
    /// How the counters name the kind.
    pub(crate) fn kind(&self) -> String {
        match self {
            Fault::Pass => "pass".into(),
            Fault::Status { status, .. } => status.to_string(),
            Fault::Reset => "reset".into(),
            Fault::Redirect { .. } => "redirect".into(),
            Fault::Slow(_) => "slow".into(),
            Fault::Truncated => "truncated".into(),
            Fault::Malformed => "malformed".into(),
            Fault::XmlAnyway => "xml".into(),
            Fault::TooMany { .. } => "429".into(),
            Fault::Maintenance { .. } => "503".into(),
            Fault::Timeout(_) => "504".into(),
            Fault::Flood { .. } => "flood".into(),
        }
    }
}

/// Where the next fault comes from: a queue first, then a random draw.
pub(crate) struct FaultSource {
    queue: VecDeque<Fault>,
    rate: Option<(u32, StdRng)>,
    /// The mix a simulator draws random faults from.
    mix: fn(&mut StdRng) -> Fault,
}

impl FaultSource {
    pub(crate) fn new(mix: fn(&mut StdRng) -> Fault) -> FaultSource {
        FaultSource {
            queue: VecDeque::new(),
            rate: None,
            mix,
        }
    }

    pub(crate) fn push(&mut self, fault: Fault) {
        self.queue.push_back(fault);
    }

    /// Random faults on `percent` of responses (0 turns them off).
    pub(crate) fn set_rate(&mut self, percent: u32, seed: u64) {
        self.rate = (percent > 0).then(|| (percent.min(100), StdRng::seed_from_u64(seed)));
    }

    /// No queued faults, no fault rate.
    pub(crate) fn clear(&mut self) {
        self.queue.clear();
        self.rate = None;
    }

    pub(crate) fn draw(&mut self) -> Option<Fault> {
        use rand::Rng;
        if let Some(f) = self.queue.pop_front() {
            return Some(f);
        }
        let (percent, rng) = self.rate.as_mut()?;
        if rng.gen_range(0..100) >= *percent {
            return None;
        }
        Some((self.mix)(rng))
    }
}

/// A response whose body fails at once: the connection closes with no answer.
pub(crate) fn reset() -> Response {
    let stream = futures::stream::once(async {
        Err::<Bytes, std::io::Error>(std::io::Error::other("connection reset by the sandbox"))
    });
    Response::new(Body::from_stream(stream))
}

/// The full length declared, half the bytes sent, then the connection closes.
pub(crate) fn truncated(status: StatusCode, content_type: &str, body: String) -> Response {
    let len = body.len();
    let half = Bytes::from(body.into_bytes()).slice(..len / 2);
    let stream = futures::stream::iter(vec![
        Ok(half),
        Err(std::io::Error::other("truncated by the sandbox")),
    ]);
    let mut r = Response::new(Body::from_stream(stream));
    *r.status_mut() = status;
    if let Ok(ct) = content_type.parse() {
        r.headers_mut().insert(header::CONTENT_TYPE, ct);
    }
    r.headers_mut().insert(header::CONTENT_LENGTH, len.into());
    r
}

/// The answer of [`Fault::Flood`].
pub(crate) fn flood(bytes: u64, chunked: bool, stall_after: Option<u64>) -> Response {
    static FILL: [u8; 64 * 1024] = [b' '; 64 * 1024];
    let sent = stall_after.unwrap_or(bytes).min(bytes);
    let chunks = futures::stream::unfold(0u64, move |pos| async move {
        if pos >= sent {
            if sent < bytes {
                futures::future::pending::<()>().await;
            }
            return None;
        }
        let n = (sent - pos).min(FILL.len() as u64);
        let mut chunk = axum::body::Bytes::from_static(&FILL[..n as usize]);
        let (first, last) = (pos == 0, pos + n == bytes && bytes >= 2);
        if first || last {
            let mut edged = chunk.to_vec();
            if first {
                edged[0] = b'[';
            }
            if last {
                edged[n as usize - 1] = b']';
            }
            chunk = edged.into();
        }
        Some((Ok::<_, std::io::Error>(chunk), pos + n))
    });
    let mut r = Response::new(axum::body::Body::from_stream(chunks));
    let headers = r.headers_mut();
    headers.insert(
        axum::http::header::CONTENT_TYPE,
        axum::http::HeaderValue::from_static("application/json; charset=utf-8"),
    );
    if !chunked {
        headers.insert(axum::http::header::CONTENT_LENGTH, bytes.into());
    }
    r
}
