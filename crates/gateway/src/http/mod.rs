//! The HTTP edge: routes, caller authentication, problem+json, request ids and the
//! rate-limit headers. Handlers call down into the resources and the tenant's provider; nothing
//! below this module knows about HTTP requests from callers.

pub mod admin;
pub mod body;
pub mod caller;
pub mod health;
pub mod mcp;
pub mod problem;
pub mod proxy;
pub mod ratelimit;
pub mod server;
pub mod studio;
pub mod unified;

use std::sync::{Arc, RwLock};
use std::time::Duration;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::http::{HeaderName, Method, Request, Uri};
use axum::middleware;
use axum::routing::{MethodRouter, any, get};
use tower::ServiceBuilder;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::trace::{DefaultOnResponse, TraceLayer};

use crate::config::Config;
use crate::resources::cursor::Signer;
use crate::resources::definition::LoadError;
use crate::resources::definition::Write;
use crate::resources::listing::ListSettings;
use crate::resources::{Effective, Registry};
use crate::state::idempotency::Idempotency;
use crate::state::redis::Redis;
use crate::state::store::Store;
use crate::tenant::Tenants;
use caller::KeyRing;
use problem::ApiError;

/// What every handler can reach.
#[derive(Debug)]
pub struct AppState {
    pub config: Arc<Config>,
    pub tenants: Tenants,
    pub keys: KeyRing,
    pub signer: Signer,
    pub idempotency: Idempotency,
    /// Room for request bodies held in memory, across all connections.
    pub body_budget: body::BodyBudget,
    /// The store replicas share state through, when configured.
    pub shared: Option<Redis>,
    /// The key-value store of `[state] backend` (memory, file or Redis).
    pub store: Store,
    /// Runtime tenants and overrides saved through the studio.
    pub studio: crate::studio::Studio,
    /// Change notifications.
    pub subscriptions: crate::subscriptions::Subscriptions,
    /// `openapi.yaml` as this deployment serves it.
    pub openapi: axum::body::Bytes,
    registry: RwLock<Arc<Registry>>,
    last_reload: RwLock<Option<ReloadReport>>,
    /// One reload at a time, so the last to finish saw the latest tenants and overrides.
    reloading: std::sync::Mutex<()>,
}

/// The outcome of the last mapping reload, as `/admin` shows it.
#[derive(Debug, Clone, serde::Serialize)]
pub struct ReloadReport {
    pub at: String,
    pub ok: bool,
    pub errors: Vec<String>,
}

impl AppState {
    pub fn new(
        config: Config,
        tenants: Tenants,
        registry: Registry,
        shared: Option<Redis>,
        store: Store,
        subscriptions: crate::subscriptions::Subscriptions,
    ) -> Self {
        AppState {
            store: store.clone(),
            subscriptions,
            shared: shared.clone(),
            keys: KeyRing::new(&config.api_keys),
            signer: Signer::new(&config.server.cursor_secret),
            idempotency: Idempotency::new(shared, config.state.idempotency_max_bytes)
                .with_file(&store),
            studio: crate::studio::Studio::new(store.clone(), config.studio.override_versions),
            reloading: std::sync::Mutex::new(()),
            body_budget: body::BodyBudget::new(config.server.max_buffered_body_bytes),
            openapi: crate::resources::schema::openapi_for(config.server.max_page_size)
                .into_owned()
                .into(),
            config: Arc::new(config),
            tenants,
            registry: RwLock::new(Arc::new(registry)),
            last_reload: RwLock::new(None),
        }
    }

    /// The mappings in force now (a reload swaps them whole).
    pub fn registry(&self) -> Arc<Registry> {
        self.registry
            .read()
            .unwrap_or_else(|p| p.into_inner())
            .clone()
    }

    /// The config file's settings with the tenants created at runtime added.
    pub fn effective_config(&self) -> Config {
        let mut config = (*self.config).clone();
        let runtime: Vec<_> = self
            .studio
            .tenants()
            .into_values()
            .filter(|t| self.config.tenant(&t.id).is_none())
            .map(|t| t.config())
            .collect();
        config.tenants.extend(runtime);
        config
    }

    /// Reads runtime tenants and saved overrides from the store and puts what changed in
    /// service: mappings reloaded, new or changed tenants built, deleted ones dropped. At
    /// start, and on every replica when another one changed something.
    pub async fn sync_studio(&self) -> Result<(), crate::state::StateError> {
        let before = self.studio.tenants();
        let before_overrides = self.studio.overrides();
        self.studio.load().await?;
        let after = self.studio.tenants();
        let text = |t: &crate::studio::TenantSpec| serde_json::to_string(t).unwrap_or_default();
        let changed: Vec<_> = after
            .values()
            .filter(|t| self.config.tenant(&t.id).is_none())
            .filter(|t| {
                self.tenants.get(&t.id).is_none()
                    || before.get(&t.id).is_none_or(|b| text(b) != text(t))
            })
            .cloned()
            .collect();
        let gone: Vec<String> = before
            .keys()
            .filter(|id| !after.contains_key(*id) && self.config.tenant(id).is_none())
            .cloned()
            .collect();
        if !changed.is_empty() || !gone.is_empty() || before_overrides != self.studio.overrides() {
            let _ = self.reload();
        }
        for t in changed {
            self.tenants.insert(&t.config(), &self.config);
        }
        for id in gone {
            self.tenants.remove(&id);
        }
        Ok(())
    }

    /// A tenant's settings, from the config file or created at runtime.
    pub fn tenant_config(&self, id: &str) -> Option<crate::config::TenantConfig> {
        match self.config.tenant(id) {
            Some(t) => Some(t.clone()),
            None => self.studio.tenant(id).map(|t| t.config()),
        }
    }

    /// The mappings as they would be with `overrides` in place of the studio's: the
    /// check a save passes before anything is stored.
    pub fn try_load(
        &self,
        overrides: &crate::resources::StudioOverrides,
    ) -> Result<Registry, Vec<LoadError>> {
        Registry::load_with(&self.effective_config(), overrides)
    }

    /// Reloads mappings and overrides; on any error the old set stays.
    pub fn reload(&self) -> Result<(), Vec<LoadError>> {
        let _one = self.reloading.lock().unwrap_or_else(|p| p.into_inner());
        let result = Registry::load_with(&self.effective_config(), &self.studio.overrides());
        let report = ReloadReport {
            at: crate::clock::rfc3339_now(),
            ok: result.is_ok(),
            errors: result
                .as_ref()
                .err()
                .map(|es| es.iter().map(ToString::to_string).collect())
                .unwrap_or_default(),
        };
        *self.last_reload.write().unwrap_or_else(|p| p.into_inner()) = Some(report);
        let outcome = if result.is_ok() { "ok" } else { "rejected" };
        metrics::counter!(crate::observe::RELOADS, "outcome" => outcome).increment(1);
        match result {
            Ok(fresh) => {
                *self.registry.write().unwrap_or_else(|p| p.into_inner()) = Arc::new(fresh);
                tracing::info!("mappings reloaded");
                Ok(())
            }
            Err(errors) => {
                for e in &errors {
                    tracing::error!(error = %e, "mapping reload rejected; the previous mappings stay live");
                }
                Err(errors)
            }
        }
    }

    pub fn last_reload(&self) -> Option<ReloadReport> {
        self.last_reload
            .read()
            .unwrap_or_else(|p| p.into_inner())
            .clone()
    }

    pub fn list_settings(&self) -> ListSettings {
        ListSettings {
            max_page_size: self.config.server.max_page_size,
            sync_margin_secs: self.config.server.sync_margin_secs,
        }
    }
}

const REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");

/// The whole API as one router.
pub fn router(state: Arc<AppState>) -> Router {
    let timeout = Duration::from_millis(state.config.server.request_timeout_ms);
    with_edge(routes(state), timeout)
}

/// One route of the API: its template, the methods it answers and their handlers.
pub struct Route {
    pub path: &'static str,
    pub methods: &'static [&'static str],
    /// Whether responses carry the tenant's rate-limit headers.
    pub tenant: bool,
    handler: MethodRouter<Arc<AppState>>,
}

fn route(
    path: &'static str,
    methods: &'static [&'static str],
    tenant: bool,
    handler: MethodRouter<Arc<AppState>>,
) -> Route {
    Route {
        path,
        methods,
        tenant,
        handler,
    }
}

/// Every route, the one list the router is built from (tests hold `openapi.yaml` to it).
pub fn route_table() -> Vec<Route> {
    use axum::routing::post;
    vec![
        route("/healthz", &["GET"], false, get(health::healthz)),
        route("/readyz", &["GET"], false, get(health::readyz)),
        route("/metrics", &["GET"], false, get(crate::observe::render)),
        route("/openapi.yaml", &["GET"], false, get(health::openapi)),
        route(
            "/admin/tenants",
            &["GET", "POST"],
            false,
            get(admin::list).post(studio::create_tenant),
        ),
        route(
            "/admin/tenants/{id}",
            &["GET", "PATCH", "DELETE"],
            false,
            get(admin::get)
                .patch(studio::update_tenant)
                .delete(studio::delete_tenant),
        ),
        route(
            "/admin/tenants/{id}/overrides/{resource_name}",
            &["GET", "PUT"],
            false,
            get(studio::get_override).put(studio::put_override),
        ),
        route(
            "/admin/tenants/{id}/overrides/{resource_name}/restore",
            &["POST"],
            false,
            post(studio::restore_override),
        ),
        route(
            "/admin/mappings/preview",
            &["POST"],
            false,
            post(studio::preview),
        ),
        route("/studio", &["GET"], false, get(studio::page)),
        route("/studio/{asset}", &["GET"], false, get(studio::asset_file)),
        route("/admin/reload", &["POST"], false, post(admin::reload)),
        route(
            "/admin/subscriptions",
            &["GET", "POST"],
            false,
            get(admin::subscriptions).post(admin::create_subscription),
        ),
        route(
            "/admin/subscriptions/{id}",
            &["GET", "DELETE"],
            false,
            get(admin::subscription).delete(admin::delete_subscription),
        ),
        route(
            "/admin/subscriptions/{id}/deliveries",
            &["GET"],
            false,
            get(admin::deliveries),
        ),
        route(
            "/admin/subscriptions/{id}/replay",
            &["POST"],
            false,
            post(admin::replay),
        ),
        route(
            "/unified/procurement/coverage",
            &["GET"],
            true,
            get(unified::coverage),
        ),
        route(
            "/unified/procurement/{resource}",
            &["GET", "POST"],
            true,
            get(unified::list).post(unified::create),
        ),
        route(
            "/unified/procurement/{resource}/{id}",
            &["GET", "PATCH"],
            true,
            get(unified::get).patch(unified::update),
        ),
        route(
            "/unified/procurement/{resource}/schema",
            &["GET"],
            true,
            get(unified::schema),
        ),
        route(
            "/unified/procurement/{resource}/remote_fields",
            &["GET"],
            true,
            get(studio::remote_fields),
        ),
        route(
            "/unified/procurement/{resource}/{id}/{action}",
            &["POST"],
            true,
            post(unified::action),
        ),
        route(
            "/proxy/{*path}",
            &["GET", "POST", "PUT", "PATCH", "DELETE"],
            true,
            // every method reaches the handler, which refuses (405, `Allow`) all but these
            any(proxy::proxy),
        ),
        route("/mcp", &["POST"], false, post(mcp::post)),
    ]
}

fn routes(state: Arc<AppState>) -> Router {
    let body_limit = state.config.server.body_limit_bytes;
    let mut tenant_routes = Router::new();
    let mut other_routes = Router::new();
    for r in route_table() {
        if r.tenant {
            tenant_routes = tenant_routes.route(r.path, r.handler);
        } else {
            other_routes = other_routes.route(r.path, r.handler);
        }
    }
    other_routes
        .merge(tenant_routes.layer(middleware::from_fn(ratelimit::add_headers)))
        .fallback(|| async { ApiError::NotFound("no such route".into()) })
        .method_not_allowed_fallback(method_not_allowed)
        .with_state(state)
        .layer(DefaultBodyLimit::max(body_limit))
        .layer(middleware::from_fn_with_state(
            body_limit,
            problem::refuse_oversized_body,
        ))
        .layer(middleware::from_fn(crate::observe::http_metrics))
}

/// A method the path's route does not take: 405 with `Allow` naming the methods
/// `openapi.yaml` declares for the path (404 when no resource answers it).
async fn method_not_allowed(
    axum::extract::State(state): axum::extract::State<Arc<AppState>>,
    method: Method,
    uri: Uri,
) -> ApiError {
    match declared_methods(state.registry().all(None), uri.path()) {
        Some(allow) => ApiError::method_refused(&method, &allow),
        None => ApiError::NotFound("no such route".into()),
    }
}

/// The methods of the route that answers `path`, as `openapi.yaml` declares them (the
/// same expansion `tests/api/spec.rs` holds it to): on the unified routes only what one
/// of `resources` of that name supports, POST on a collection only if it can be created,
/// PATCH on a record only if it can be updated, POST on an action only if it has it.
/// `None` when no route answers the path, or no such resource does.
pub fn declared_methods<'a>(
    resources: impl Iterator<Item = &'a Arc<Effective>>,
    path: &str,
) -> Option<Vec<&'static str>> {
    let table = route_table();
    let (route, params) = table
        .iter()
        .filter_map(|r| match_template(r.path, path).map(|m| (r, m)))
        .max_by(|a, b| a.1.rank.cmp(&b.1.rank))
        .map(|(r, m)| (r, m.params))?;
    let param = |name: &str| params.iter().find(|(n, _)| *n == name).map(|(_, v)| *v);
    let Some(resource) = param("resource") else {
        return Some(route.methods.to_vec());
    };
    let action = param("action");
    let same: Vec<&Arc<Effective>> = resources.filter(|e| e.resource.name == resource).collect();
    let methods: Vec<&'static str> = route
        .methods
        .iter()
        .copied()
        .filter(|m| {
            same.iter().any(|e| {
                let r = &e.resource;
                match (*m, action) {
                    ("POST", Some(a)) => r.actions.contains_key(a),
                    ("POST", None) => r.writes.contains(&Write::Create),
                    ("PATCH", _) => r.writes.contains(&Write::Update),
                    _ => true,
                }
            })
        })
        .collect();
    (!methods.is_empty()).then_some(methods)
}

/// A route template matched against a concrete path.
struct RouteMatch<'t, 'p> {
    /// How specific the match is, per segment 2 for a literal, 1 for a parameter, 0 for a
    /// catch-all: the most specific route wins, as in the router.
    rank: Vec<u8>,
    params: Vec<(&'t str, &'p str)>,
}

fn match_template<'t, 'p>(template: &'t str, path: &'p str) -> Option<RouteMatch<'t, 'p>> {
    let mut t = template.trim_start_matches('/').split('/');
    let mut p = path.trim_start_matches('/').split('/');
    let mut m = RouteMatch {
        rank: Vec::new(),
        params: Vec::new(),
    };
    loop {
        match (t.next(), p.next()) {
            (None, None) => return Some(m),
            (Some(ts), Some(ps)) if ts.starts_with("{*") => {
                m.rank.push(0);
                return (!ps.is_empty()).then_some(m);
            }
            (Some(ts), Some(ps)) if ts.starts_with('{') && !ps.is_empty() => {
                m.rank.push(1);
                m.params.push((&ts[1..ts.len() - 1], ps));
            }
            (Some(ts), Some(ps)) if ts == ps => m.rank.push(2),
            _ => return None,
        }
    }
}

/// The edge every route sits behind, outermost first: request ids, tracing, problem
/// rendering with the request deadline, and panics turned into 500 problems.
pub fn with_edge(router: Router, timeout: Duration) -> Router {
    router.layer(
        ServiceBuilder::new()
            .layer(SetRequestIdLayer::new(REQUEST_ID, MakeRequestUuid))
            .layer(PropagateRequestIdLayer::new(REQUEST_ID))
            .layer(
                TraceLayer::new_for_http()
                    .make_span_with(|req: &Request<_>| {
                        let id = req
                            .headers()
                            .get(REQUEST_ID)
                            .and_then(|v| v.to_str().ok())
                            .unwrap_or("");
                        tracing::info_span!(
                            "request",
                            request_id = %id,
                            method = %req.method(),
                            path = %req.uri().path(),
                            tenant = tracing::field::Empty,
                            resource = tracing::field::Empty,
                        )
                    })
                    .on_response(DefaultOnResponse::new().level(tracing::Level::INFO)),
            )
            .layer(middleware::from_fn_with_state(timeout, problem::finish))
            .layer(CatchPanicLayer::custom(problem::from_panic)),
    )
}
