//! The HTTP edge: routes, caller authentication, problem+json, request ids and the
//! rate-limit headers. Handlers call down into the resources and the Coupa client; nothing
//! below this module knows about HTTP requests from callers.

pub mod admin;
pub mod caller;
pub mod health;
pub mod problem;
pub mod proxy;
pub mod ratelimit;

use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::http::{HeaderName, Request};
use axum::middleware;
use axum::routing::{any, get};
use tower::ServiceBuilder;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::trace::TraceLayer;

use crate::config::Config;
use crate::coupa::Coupa;
use caller::KeyRing;
use problem::ApiError;

/// What every handler can reach.
#[derive(Debug)]
pub struct AppState {
    pub config: Arc<Config>,
    pub coupa: Coupa,
    pub keys: KeyRing,
}

const REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");

/// The whole API as one router.
pub fn router(state: Arc<AppState>) -> Router {
    let timeout = Duration::from_millis(state.config.server.request_timeout_ms);
    let tenant_routes = Router::new()
        .route("/proxy/{*path}", any(proxy::proxy))
        .layer(middleware::from_fn(ratelimit::add_headers));
    Router::new()
        .route("/healthz", get(health::healthz))
        .route("/readyz", get(health::readyz))
        .route("/admin/tenants", get(admin::list))
        .route("/admin/tenants/{id}", get(admin::get))
        .merge(tenant_routes)
        .fallback(|| async { ApiError::NotFound("no such route".into()) })
        .method_not_allowed_fallback(|| async { ApiError::MethodNotAllowed })
        .with_state(state)
        .layer(
            ServiceBuilder::new()
                .layer(SetRequestIdLayer::new(REQUEST_ID, MakeRequestUuid))
                .layer(PropagateRequestIdLayer::new(REQUEST_ID))
                .layer(TraceLayer::new_for_http().make_span_with(|req: &Request<_>| {
                    let id = req
                        .headers()
                        .get(REQUEST_ID)
                        .and_then(|v| v.to_str().ok())
                        .unwrap_or("");
                    tracing::info_span!("request", request_id = %id, method = %req.method(), path = %req.uri().path())
                }))
                .layer(middleware::from_fn_with_state(timeout, problem::finish))
                .layer(CatchPanicLayer::custom(problem::from_panic)),
        )
}
