//! The listener: accepts connections and serves them with limits a hostile client cannot
//! stretch.
//! - A new connection must send its first request head within `header_read_timeout_ms`,
//!   and every head, once begun, must be complete within it (slow-loris clients, silent
//!   or trickling, are cut off).
//! - A keep-alive connection with no request in flight and no bytes moving for
//!   `idle_timeout_ms` is closed.
//! - A request head may not exceed `max_header_bytes`.
//! - At most `max_connections` are served at once; further clients wait in the kernel's
//!   accept queue.
//!
//! Shutdown stops accepting, closes idle connections, lets in-flight requests finish,
//! and gives up after the grace period.
//!
//! A connection's protocol (HTTP/2 with prior knowledge, else HTTP/1) is told by peeking
//! at its first bytes, not by hyper's automatic detection: that one reads the first 24
//! bytes aside and hands them back to HTTP/1 as a read of their own, after which hyper
//! doubles the connection's 8 kB read buffer to hold the rest of the head. With a
//! thousand clients connected that was 8 MB.

use std::future::Future;
use std::io;
use std::pin::Pin;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::task::{Context, Poll};
use std::time::{Duration, Instant};

use axum::Router;
use axum::body::Body;
use axum::http::Request;
use hyper::body::Incoming;
use hyper_util::rt::{TokioExecutor, TokioIo, TokioTimer};
use hyper_util::server::conn::auto::Builder;
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{Semaphore, watch};
use tower::ServiceExt;

use crate::config::ServerConfig;

/// Serves `app` on `listener` until `shutdown` resolves, then drains for at most `grace`.
pub async fn serve(
    listener: TcpListener,
    app: Router,
    limits: &ServerConfig,
    shutdown: impl Future<Output = ()> + Send + 'static,
    grace: Duration,
) -> io::Result<()> {
    let mut builder = Builder::new(TokioExecutor::new());
    let head_timeout = Duration::from_millis(limits.header_read_timeout_ms.max(1));
    // hyper's own header timeout also runs while a keep-alive connection waits for
    // its next request, which would cap `idle_timeout_ms` at the head timeout; the
    // watchdog below times heads and idleness apart instead
    builder
        .http1()
        .timer(TokioTimer::new())
        .header_read_timeout(None)
        .max_buf_size(limits.max_header_bytes.max(8192));
    builder
        .http2()
        .timer(TokioTimer::new())
        .max_header_list_size(u32::try_from(limits.max_header_bytes).unwrap_or(u32::MAX));
    let builders = Arc::new(Builders {
        http1: builder.clone().http1_only(),
        http2: builder.http2_only(),
    });
    let idle = Idle {
        head: head_timeout,
        between_requests: Duration::from_millis(limits.idle_timeout_ms.max(1)),
    };
    let max = limits.max_connections.clamp(1, Semaphore::MAX_PERMITS);
    let slots = Arc::new(Semaphore::new(max));
    let (stop_tx, stop_rx) = watch::channel(false);
    tokio::pin!(shutdown);

    loop {
        let permit = tokio::select! {
            permit = slots.clone().acquire_owned() => permit.expect("the semaphore is never closed"),
            _ = &mut shutdown => break,
        };
        let stream = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok((stream, _)) => stream,
                Err(e) => {
                    // Out of file descriptors and the like: wait a little rather than spin.
                    tracing::warn!(error = %e, "accept failed");
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
            _ = &mut shutdown => break,
        };
        let _ = stream.set_nodelay(true);
        let (builders, app, stop) = (builders.clone(), app.clone(), stop_rx.clone());
        tokio::spawn(async move {
            serve_connection(stream, &builders, app, idle, stop).await;
            drop(permit);
        });
    }

    drop(listener);
    let _ = stop_tx.send(true);
    // Every connection holds a slot until it ends: all slots back means all done.
    let drained = slots.acquire_many(u32::try_from(max).unwrap_or(u32::MAX));
    if tokio::time::timeout(grace, drained).await.is_err() {
        tracing::warn!("in-flight requests still running after the grace period; exiting");
    }
    Ok(())
}

/// The connection builders, one per protocol, configured alike.
struct Builders {
    http1: Builder<TokioExecutor>,
    http2: Builder<TokioExecutor>,
}

/// What a client with HTTP/2 prior knowledge sends first (RFC 9113, section 3.4).
const HTTP2_PREFACE: &[u8; 24] = b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n";

/// Whether a new connection opens with the HTTP/2 preface, told from its first bytes
/// without consuming them; `None` if it closes before sending any.
async fn speaks_http2(stream: &TcpStream) -> io::Result<Option<bool>> {
    let mut first = [0u8; HTTP2_PREFACE.len()];
    loop {
        let n = stream.peek(&mut first).await?;
        if n == 0 {
            return Ok(None);
        }
        if first[..n] != HTTP2_PREFACE[..n] {
            return Ok(Some(false));
        }
        if n == HTTP2_PREFACE.len() {
            return Ok(Some(true));
        }
        // a start of the preface so far (a peek returns at once while any byte waits):
        // look again shortly, within the head timeout
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
}

/// How long a request head may take, and a connection may sit with nothing in flight.
#[derive(Clone, Copy)]
struct Idle {
    /// From a new connection to its first request, and from the first byte of any
    /// later head to that request.
    head: Duration,
    between_requests: Duration,
}

/// What a connection has been doing, shared by its socket, its service and its watchdog.
struct Activity {
    start: Instant,
    /// Milliseconds since `start` of the last byte read or written.
    last_io_ms: AtomicU64,
    in_flight: AtomicUsize,
    served: AtomicUsize,
    /// 1 + milliseconds since `start` when bytes of a request head began arriving with
    /// no request in flight; 0 when no head is being read.
    head_since_ms: AtomicU64,
}

impl Activity {
    fn now_ms(&self) -> u64 {
        u64::try_from(self.start.elapsed().as_millis()).unwrap_or(u64::MAX)
    }

    fn touch(&self) {
        self.last_io_ms.store(self.now_ms(), Ordering::Relaxed);
    }

    /// Bytes came in: with no request in flight they begin a head.
    fn read_some(&self) {
        self.touch();
        if self.in_flight.load(Ordering::Relaxed) == 0
            && self.head_since_ms.load(Ordering::Relaxed) == 0
        {
            self.head_since_ms
                .store(self.now_ms().saturating_add(1), Ordering::Relaxed);
        }
    }

    /// How long the head now being read has taken, if one is.
    fn head_for(&self) -> Option<Duration> {
        match self.head_since_ms.load(Ordering::Relaxed) {
            0 => None,
            since => Some(Duration::from_millis(
                self.now_ms().saturating_sub(since - 1),
            )),
        }
    }

    fn idle_for(&self) -> Duration {
        let last = Duration::from_millis(self.last_io_ms.load(Ordering::Relaxed));
        self.start.elapsed().saturating_sub(last)
    }
}

async fn serve_connection(
    stream: TcpStream,
    builders: &Builders,
    app: Router,
    idle: Idle,
    mut stop: watch::Receiver<bool>,
) {
    let start = Instant::now();
    let http2 = tokio::select! {
        sniffed = tokio::time::timeout(idle.head, speaks_http2(&stream)) => match sniffed {
            Ok(Ok(Some(http2))) => http2,
            Ok(Ok(None)) => return,
            Ok(Err(e)) => {
                tracing::debug!(error = %e, "connection failed before its first request");
                return;
            }
            Err(_) => {
                tracing::debug!("no request head in time; closing");
                return;
            }
        },
        _ = stop.changed() => return,
    };
    let builder = if http2 {
        &builders.http2
    } else {
        &builders.http1
    };
    // the first head began with the bytes just seen (a client may open a connection well
    // before it sends on it): its time runs from now, as if hyper had read them itself
    let seen_ms = u64::try_from(start.elapsed().as_millis()).unwrap_or(u64::MAX);
    let activity = Arc::new(Activity {
        start,
        last_io_ms: AtomicU64::new(seen_ms),
        in_flight: AtomicUsize::new(0),
        served: AtomicUsize::new(0),
        head_since_ms: AtomicU64::new(seen_ms.saturating_add(1)),
    });
    let io = TokioIo::new(Tracked {
        inner: stream,
        activity: activity.clone(),
    });
    let counted = activity.clone();
    let service = hyper::service::service_fn(move |req: Request<Incoming>| {
        let guard = InFlight::enter(counted.clone());
        let call = app.clone().oneshot(req.map(Body::new));
        async move {
            let response = call.await;
            drop(guard);
            response
        }
    });
    let conn = builder.serve_connection(io, service);
    tokio::pin!(conn);
    let check_every = idle.head.min(idle.between_requests) / 4;
    let mut watchdog = tokio::time::interval(check_every.max(Duration::from_millis(25)));
    let mut closing = false;
    loop {
        tokio::select! {
            result = conn.as_mut() => {
                if let Err(e) = result {
                    tracing::debug!(error = %e, "connection ended with an error");
                }
                return;
            }
            _ = stop.changed(), if !closing => {
                closing = true;
                conn.as_mut().graceful_shutdown();
            }
            _ = watchdog.tick(), if !closing => {
                if activity.in_flight.load(Ordering::Relaxed) > 0 {
                    continue;
                }
                // a head that takes too long, however its bytes trickle: hang up
                if activity.head_for().is_some_and(|t| t >= idle.head) {
                    tracing::debug!("request head not complete in time; closing");
                    return;
                }
                let limit = if activity.served.load(Ordering::Relaxed) == 0 {
                    idle.head
                } else {
                    idle.between_requests
                };
                if activity.idle_for() >= limit {
                    closing = true;
                    conn.as_mut().graceful_shutdown();
                }
            }
        }
    }
}

/// Counts a request as in flight while its handler runs.
struct InFlight(Arc<Activity>);

impl InFlight {
    fn enter(activity: Arc<Activity>) -> Self {
        activity.in_flight.fetch_add(1, Ordering::Relaxed);
        // the head is complete: hyper hands over a request only once it is
        activity.head_since_ms.store(0, Ordering::Relaxed);
        InFlight(activity)
    }
}

impl Drop for InFlight {
    fn drop(&mut self) {
        self.0.served.fetch_add(1, Ordering::Relaxed);
        self.0.in_flight.fetch_sub(1, Ordering::Relaxed);
        self.0.touch();
    }
}

/// A socket that records when bytes last moved.
struct Tracked {
    inner: TcpStream,
    activity: Arc<Activity>,
}

impl AsyncRead for Tracked {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        let before = buf.filled().len();
        let polled = Pin::new(&mut self.inner).poll_read(cx, buf);
        if buf.filled().len() > before {
            self.activity.read_some();
        }
        polled
    }
}

impl AsyncWrite for Tracked {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        let polled = Pin::new(&mut self.inner).poll_write(cx, buf);
        if matches!(polled, Poll::Ready(Ok(n)) if n > 0) {
            self.activity.touch();
        }
        polled
    }

    fn poll_write_vectored(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        let polled = Pin::new(&mut self.inner).poll_write_vectored(cx, bufs);
        if matches!(polled, Poll::Ready(Ok(n)) if n > 0) {
            self.activity.touch();
        }
        polled
    }

    fn is_write_vectored(&self) -> bool {
        self.inner.is_write_vectored()
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.inner).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.inner).poll_shutdown(cx)
    }
}
