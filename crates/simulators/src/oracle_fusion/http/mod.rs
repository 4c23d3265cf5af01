//! The sandbox's HTTP face, by topic: [`auth`] (the identity domain's token endpoint
//! and the Basic/bearer check), [`api`] (the REST resources), [`meta`] (context root
//! and `describe`), [`errors`] (error bodies by framework version) and [`control`]
//! (the `/__sandbox/` API).

mod api;
mod auth;
pub(crate) mod control;
pub(crate) mod errors;
mod meta;

use std::sync::Arc;

use axum::Router;
use axum::http::StatusCode;
use axum::routing::{any, delete, get, post, put};

use super::Inner;

type Shared = Arc<Inner>;

pub fn router(inner: Shared) -> Router {
    Router::new()
        .route("/oauth2/v1/token", post(auth::token))
        .route("/{root}/resources", any(api::api))
        .route("/{root}/resources/", any(api::api))
        .route("/{root}/resources/{*rest}", any(api::api))
        .route("/__sandbox/reset", post(control::ctl_reset))
        .route("/__sandbox/tables", get(control::ctl_tables))
        .route(
            "/__sandbox/records/{resource}",
            get(control::ctl_keys).post(control::ctl_insert),
        )
        .route(
            "/__sandbox/records/{resource}/{key}",
            get(control::ctl_get)
                .patch(control::ctl_update)
                .delete(control::ctl_delete),
        )
        .route("/__sandbox/rate_limit", put(control::ctl_rate_limit))
        .route("/__sandbox/latency", put(control::ctl_latency))
        .route("/__sandbox/faults", post(control::ctl_fault))
        .route("/__sandbox/fault_rate", put(control::ctl_fault_rate))
        .route("/__sandbox/order", put(control::ctl_order))
        .route("/__sandbox/framework", put(control::ctl_framework))
        .route("/__sandbox/page_cap", put(control::ctl_page_cap))
        .route("/__sandbox/revoke_tokens", post(control::ctl_revoke))
        .route("/__sandbox/clients", post(control::ctl_add_client))
        .route(
            "/__sandbox/clients/{id}",
            delete(control::ctl_remove_client),
        )
        .route("/__sandbox/users", post(control::ctl_add_user))
        .route("/__sandbox/users/{name}", delete(control::ctl_remove_user))
        .route("/__sandbox/counters", get(control::ctl_counters))
        .route(
            "/__sandbox/counters/reset",
            post(control::ctl_counters_reset),
        )
        .fallback(|| async { (StatusCode::NOT_FOUND, "Not Found") })
        .with_state(inner)
}
