//! The sandbox's HTTP face, by topic: [`oauth`] (`/oauth2/token` and the bearer check),
//! [`api`] (`/api/…` with Coupa's wire rules) and [`control`] (the `/__sandbox/` API).

mod api;
mod control;
mod oauth;

use std::sync::Arc;

use axum::Router;
use axum::http::StatusCode;
use axum::routing::{any, get, post, put};

use super::Inner;

type Shared = Arc<Inner>;

pub fn router(inner: Shared) -> Router {
    Router::new()
        .route("/oauth2/token", post(oauth::token))
        .route("/api/{*rest}", any(api::api))
        .route(
            "/__sandbox/records/{resource}",
            get(control::ctl_ids).post(control::ctl_insert),
        )
        .route(
            "/__sandbox/records/{resource}/{id}",
            get(control::ctl_get)
                .patch(control::ctl_update)
                .delete(control::ctl_delete),
        )
        .route("/__sandbox/rate_limit", put(control::ctl_rate_limit))
        .route("/__sandbox/latency", put(control::ctl_latency))
        .route("/__sandbox/fields", put(control::ctl_fields))
        .route("/__sandbox/faults", post(control::ctl_fault))
        .route("/__sandbox/fault_rate", put(control::ctl_fault_rate))
        .route("/__sandbox/revoke_tokens", post(control::ctl_revoke))
        .route("/__sandbox/clients", post(control::ctl_add_client))
        .route(
            "/__sandbox/clients/{id}",
            axum::routing::delete(control::ctl_remove_client),
        )
        .route("/__sandbox/counters", get(control::ctl_counters))
        .route("/__sandbox/counters/reset", post(control::ctl_reset))
        .fallback(|| async { (StatusCode::NOT_FOUND, "Not Found") })
        .with_state(inner)
}
