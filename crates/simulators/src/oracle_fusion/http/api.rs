//! The resource API under `/<fscmRestApi|hcmRestApi>/resources/<version>/…`: the path
//! read into a resource, item keys, child accessors and actions; the framework
//! version; auth and privileges; then the collection GET, item GET, create (with
//! `Upsert-Mode`), PATCH and DELETE (with `If-Match`), actions and `describe`, each
//! answered in the framework's media types.

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};

use super::{Shared, auth, errors, meta};
use crate::oracle_fusion::catalog::{Api, Node, Resource, resource};
use crate::oracle_fusion::fail::Fail;
use crate::oracle_fusion::keys::{self, RowKey};
use crate::oracle_fusion::query::filter::Scope;
use crate::oracle_fusion::query::{self, Paging, Params};
use crate::oracle_fusion::render::{self, Render, Shape};
use crate::oracle_fusion::store::{Row, Step, Store};
use crate::oracle_fusion::writes::{self, Place, WriteCtx};
use crate::oracle_fusion::{API_VERSION, Inner, Settings, actions, clock, next_shuffle, rules};

const ITEM: &str = "application/vnd.oracle.adf.resourceitem+json";
const COLLECTION: &str = "application/vnd.oracle.adf.resourcecollection+json";
const ACTION_RESULT: &str = "application/vnd.oracle.adf.actionresult+json";
const DESCRIPTION: &str = "application/vnd.oracle.adf.description+json";

/// A finished answer, before faults bend it.
struct Answer {
    status: StatusCode,
    headers: HeaderMap,
    body: String,
}

impl Answer {
    fn json(status: StatusCode, content_type: &str, v: &Value) -> Answer {
        let mut headers = HeaderMap::new();
        if let Ok(ct) = HeaderValue::from_str(content_type) {
            headers.insert(header::CONTENT_TYPE, ct);
        }
        Answer {
            status,
            headers,
            body: v.to_string(),
        }
    }

    fn with(mut self, name: header::HeaderName, value: &str) -> Answer {
        if let Ok(v) = HeaderValue::from_str(value) {
            self.headers.insert(name, v);
        }
        self
    }
}

enum Kind {
    Collection,
    Item,
    Action(String),
    Describe,
}

/// What a path names.
struct Target {
    res: &'static Resource,
    top: Option<RowKey>,
    steps: Vec<Step>,
    /// The child collection named after the last item, if the path ends in one.
    child: Option<&'static Node>,
    kind: Kind,
}

impl Target {
    /// The node whose rows the request is about.
    fn node(&self) -> &'static Node {
        self.child
            .or_else(|| self.steps.last().map(|(n, _)| *n))
            .unwrap_or(&self.res.node)
    }

    fn spath(&self) -> String {
        let mut p = self.res.node.name.to_string();
        for (n, _) in &self.steps {
            p = format!("{p}/{}", n.name);
        }
        if let Some(c) = self.child {
            p = format!("{p}/{}", c.name);
        }
        p
    }
}

fn parse_key(node: &Node, seg: &str) -> Result<RowKey, Fail> {
    keys::parse_segment(&node.key_types(), seg)
        .ok_or_else(|| Fail::not_found(format!("The resource item {seg} of {}", node.name)))
}

fn target(api: Api, segs: &[&str]) -> Result<Target, Fail> {
    let name = segs.first().copied().unwrap_or("");
    let res = resource(api, name).ok_or_else(|| Fail::not_found(format!("The resource {name}")))?;
    let mut t = Target {
        res,
        top: None,
        steps: Vec::new(),
        child: None,
        kind: Kind::Collection,
    };
    match segs {
        [_] => return Ok(t),
        [_, "describe"] => {
            t.kind = Kind::Describe;
            return Ok(t);
        }
        [_, "action", a] => {
            t.kind = Kind::Action(a.to_string());
            return Ok(t);
        }
        _ => {}
    }
    t.top = Some(parse_key(&res.node, segs[1])?);
    let mut node: &'static Node = &res.node;
    let mut i = 2;
    loop {
        match &segs[i..] {
            [] => {
                t.kind = Kind::Item;
                return Ok(t);
            }
            ["action", a] => {
                t.kind = Kind::Action(a.to_string());
                return Ok(t);
            }
            ["child", acc, rest @ ..] => {
                let child = node
                    .child(acc)
                    .ok_or_else(|| Fail::not_found(format!("The child {acc} of {}", node.name)))?;
                if rest.is_empty() {
                    t.child = Some(child);
                    return Ok(t);
                }
                let k = parse_key(child, rest[0])?;
                t.steps.push((child, k));
                node = child;
                i += 3;
            }
            _ => return Err(Fail::not_found(format!("The path {}", segs.join("/")))),
        }
    }
}

/// The request, once read.
struct Req<'a> {
    s: &'a Inner,
    settings: Settings,
    method: Method,
    headers: &'a HeaderMap,
    query: String,
    body: &'a [u8],
    version: u8,
    origin: String,
    /// The version segment as requested (`11.13.18.05` or `latest`).
    api_version: String,
    api: Api,
}

fn header_str<'h>(headers: &'h HeaderMap, name: &str) -> &'h str {
    headers
        .get(name)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
}

/// The response media type for an `Accept`, or 406.
fn negotiate(accept: &str, vendor: &'static str) -> Result<&'static str, Fail> {
    let a = accept.to_ascii_lowercase();
    if a.trim().is_empty()
        || a.contains("*/*")
        || a.contains("application/*")
        || a.contains("vnd.oracle.adf")
    {
        return Ok(vendor);
    }
    if a.contains("application/json") {
        return Ok("application/json");
    }
    Err(Fail::new(
        406,
        "27406",
        format!("The media type {accept} can't be produced; use application/json or {vendor}."),
    ))
}

pub(super) async fn api(
    State(s): State<Shared>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let path = uri.path().to_string();
    let fault = match s.harness.before(&method, &uri, &headers).await {
        Ok(f) => f,
        Err(answered) => return answered,
    };
    if !s.harness.admit() {
        let body = "Too Many Requests";
        s.harness.count_bytes(&path, body.len());
        return (
            StatusCode::TOO_MANY_REQUESTS,
            [(header::CONTENT_TYPE, "text/plain")],
            body,
        )
            .into_response();
    }
    let settings = s.settings();
    let accept = header_str(&headers, "accept").to_string();
    let (status, out, text) = match handle(&s, settings.clone(), &method, &uri, &headers, &body) {
        Ok(a) => (a.status, a.headers, a.body),
        Err((fail, version)) => errors::respond(&fail, version, &accept),
    };
    s.harness.finish(
        &path,
        fault.as_ref(),
        status,
        out,
        text,
        "{\"items\":[{\"POHeaderId\":300100",
    )
}

fn handle(
    s: &Inner,
    settings: Settings,
    method: &Method,
    uri: &Uri,
    headers: &HeaderMap,
    body: &[u8],
) -> Result<Answer, (Fail, u8)> {
    let default_version = settings.default_framework_version;
    let version = match headers.get("rest-framework-version") {
        None => default_version,
        Some(v) => match v.to_str().ok().and_then(|t| t.trim().parse::<u8>().ok()) {
            Some(n) if (1..=settings.max_framework_version).contains(&n) => n,
            _ => {
                return Err((
                    Fail::new(
                        400,
                        "27400",
                        format!(
                            "The REST framework version {} isn't supported; use 1 to {}.",
                            String::from_utf8_lossy(v.as_bytes()),
                            settings.max_framework_version
                        ),
                    ),
                    default_version,
                ));
            }
        },
    };
    let fail = |f: Fail| (f, version);
    let user = auth::caller(s, headers).map_err(fail)?;
    let segs: Vec<&str> = uri.path().split('/').filter(|p| !p.is_empty()).collect();
    let api = segs
        .first()
        .and_then(|r| Api::from_root(r))
        .ok_or_else(|| fail(Fail::not_found("The path")))?;
    let host = header_str(headers, "host");
    let origin = format!(
        "http://{}",
        if host.is_empty() { "localhost" } else { host }
    );
    let accept = header_str(headers, "accept").to_string();
    let req = Req {
        s,
        settings,
        method: method.clone(),
        headers,
        query: uri.query().unwrap_or("").to_string(),
        body,
        version,
        origin,
        api_version: segs
            .get(2)
            .map_or(API_VERSION.to_string(), |v| v.to_string()),
        api,
    };
    // the context root and the version root
    match segs.as_slice() {
        [_, "resources"] => {
            only_get(method).map_err(fail)?;
            let ct = negotiate(&accept, COLLECTION).map_err(fail)?;
            Ok(Answer::json(
                StatusCode::OK,
                ct,
                &meta::context_root(&req.origin, api, &req.settings),
            ))
        }
        [_, "resources", v, rest @ ..] => {
            if *v != API_VERSION && *v != "latest" {
                return Err(fail(Fail::not_found(format!("The version {v}"))));
            }
            let base = format!("{}/{}/resources/{v}", req.origin, api.root());
            if rest.is_empty() {
                only_get(method).map_err(fail)?;
                let ct = negotiate(&accept, COLLECTION).map_err(fail)?;
                return Ok(Answer::json(
                    StatusCode::OK,
                    ct,
                    &meta::catalogue(&base, api),
                ));
            }
            if rest == ["describe"] {
                only_get(method).map_err(fail)?;
                let ct = negotiate(&accept, DESCRIPTION).map_err(fail)?;
                return Ok(Answer::json(
                    StatusCode::OK,
                    ct,
                    &meta::describe(&base, api, None, &s.schema),
                ));
            }
            let t = target(api, rest).map_err(fail)?;
            auth::permitted(&user, t.res).map_err(fail)?;
            dispatch(&req, &t, &user.username, &base).map_err(fail)
        }
        _ => Err(fail(Fail::not_found("The path"))),
    }
}

fn only_get(method: &Method) -> Result<(), Fail> {
    if method == Method::GET {
        Ok(())
    } else {
        Err(Fail::method(method.as_str(), "this URL"))
    }
}

fn allowed(t: &Target) -> Vec<&'static str> {
    let node = t.node();
    match (&t.kind, t.top.is_some() || t.child.is_some()) {
        (Kind::Describe, _) => vec!["GET"],
        (Kind::Action(_), _) => vec!["POST"],
        (Kind::Collection, _) => {
            let mut m = vec!["GET"];
            if node.writes.create {
                m.push("POST");
            }
            m
        }
        (Kind::Item, _) => {
            let mut m = vec!["GET"];
            if !node.actions.is_empty() {
                m.push("POST");
            }
            if node.writes.update {
                m.push("PATCH");
            }
            if node.writes.delete {
                m.push("DELETE");
            }
            m
        }
    }
}

fn method_not_allowed(req: &Req, t: &Target) -> Fail {
    Fail::method(
        req.method.as_str(),
        &format!("the resource {}", t.node().name),
    )
}

fn dispatch(req: &Req, t: &Target, user: &str, base: &str) -> Result<Answer, Fail> {
    let allow = allowed(t);
    let m = req.method.as_str();
    if !allow.contains(&m) {
        // 405 names what the URL does allow
        let mut a = Answer {
            status: StatusCode::METHOD_NOT_ALLOWED,
            headers: HeaderMap::new(),
            body: String::new(),
        };
        a = a.with(header::ALLOW, &allow.join(", "));
        let f = method_not_allowed(req, t);
        let (status, mut headers, body) =
            errors::respond(&f, req.version, header_str(req.headers, "accept"));
        headers.extend(a.headers);
        return Ok(Answer {
            status,
            headers,
            body,
        });
    }
    let accept = header_str(req.headers, "accept");
    match (&t.kind, m) {
        (Kind::Describe, _) => {
            let ct = negotiate(accept, DESCRIPTION)?;
            Ok(Answer::json(
                StatusCode::OK,
                ct,
                &meta::describe(base, req.api, Some(t.res), &req.s.schema),
            ))
        }
        (Kind::Collection, "GET") => list(req, t),
        (Kind::Collection, "POST") => create(req, t, user),
        (Kind::Item, "GET") => get(req, t),
        (Kind::Item, "PATCH") => patch(req, t, user),
        (Kind::Item, "DELETE") => delete(req, t, user),
        (Kind::Item, "POST") => {
            let ct = header_str(req.headers, "content-type").to_ascii_lowercase();
            if !ct.contains("action+json") {
                return Err(Fail::new(
                    415,
                    "27415",
                    "Post an action to an item with Content-Type application/vnd.oracle.adf.action+json.",
                ));
            }
            let body = body_json(req)?;
            let (name, params) = actions::parameters(&body)?;
            let name =
                name.ok_or_else(|| Fail::invalid("The action payload names no action (name)."))?;
            action(req, t, user, &name, params)
        }
        (Kind::Action(name), "POST") => {
            if !req.body.iter().all(u8::is_ascii_whitespace) {
                content_type_json(req)?;
            }
            let body = if req.body.iter().all(u8::is_ascii_whitespace) {
                Value::Null
            } else {
                body_json(req)?
            };
            let (_, params) = actions::parameters(&body)?;
            action(req, t, user, name, params)
        }
        _ => Err(method_not_allowed(req, t)),
    }
}

fn renderer<'a>(req: &'a Req, params: &'a Params) -> Render<'a> {
    let root = req.api.root();
    Render {
        version: req.version,
        only_data: params.only_data,
        rels: params.links.as_deref(),
        child_limit: req.s.cfg.child_limit.max(1),
        hash_all: req.s.cfg.hash_all_keys,
        self_base: format!("{}/{root}/resources/{}", req.origin, req.api_version),
        canonical_base: format!("{}/{root}/resources/{API_VERSION}", req.origin),
    }
}

/// The path of the item at `top`/`steps`, relative to the version root, as links
/// name it.
fn item_rel(render: &Render, store: &Store, t: &Target, steps: &[Step]) -> Option<String> {
    let top = t.top.as_ref()?;
    let mut row = store.get(t.res.node.name, top)?;
    let mut rel = format!("{}/{}", t.res.node.name, render.segment(&t.res.node, row));
    for (node, k) in steps {
        row = row
            .children_of(node.name)
            .iter()
            .find(|r| &r.key(node) == k)?;
        rel = format!("{rel}/child/{}/{}", node.name, render.segment(node, row));
    }
    Some(rel)
}

/// The collection path and parent (name, path) of the node the target's rows are in.
fn collection_of(
    render: &Render,
    store: &Store,
    t: &Target,
) -> Option<(String, Option<(&'static str, String)>)> {
    let (steps, accessor): (&[Step], Option<&str>) = match (t.child, t.steps.split_last()) {
        (Some(c), _) => (&t.steps, Some(c.name)),
        (None, Some(((n, _), rest))) => (rest, Some(n.name)),
        (None, None) => return Some((t.res.node.name.to_string(), None)),
    };
    let parent_rel = item_rel(render, store, t, steps)?;
    let parent_name = steps.last().map_or(t.res.node.name, |(n, _)| n.name);
    let acc = accessor?;
    Some((
        format!("{parent_rel}/child/{acc}"),
        Some((parent_name, parent_rel)),
    ))
}

fn not_found() -> Fail {
    Fail::not_found("The requested resource item")
}

fn list(req: &Req, t: &Target) -> Result<Answer, Fail> {
    let accept = header_str(req.headers, "accept");
    let ct = negotiate(accept, COLLECTION)?;
    let params = query::parse_params(&req.query)?;
    let node = t.node();
    let spath = t.spath();
    let scope = Scope {
        node,
        path: spath.clone(),
        schema: &req.s.schema,
    };
    let mut filters = Vec::new();
    if let Some(q) = &params.q {
        filters.push(query::q_filter(q, req.version, &scope)?);
    }
    if let (Some(f), None) = (&params.finder, t.child) {
        if let Some(p) = query::finder_filter(f, t.res, &scope)? {
            filters.push(p);
        }
    }
    let order = match &params.order_by {
        Some(o) => query::order_by(o, &scope)?,
        None => Vec::new(),
    };
    let shape = render::shape(&params, node, &spath, &req.s.schema)?;
    let render = renderer(req, &params);
    let store = req.s.read();
    let rows: Vec<&Row> = match (&t.top, t.child) {
        (None, _) => store.rows(t.res.node.name).collect(),
        (Some(top), _) => store
            .locate(t.res, top, &t.steps)
            .ok_or_else(not_found)?
            .children_of(node.name)
            .iter()
            .collect(),
    };
    let paging = Paging {
        default_limit: req.s.cfg.default_limit.max(1),
        max_limit: req.settings.max_limit,
        short_at_cap: req.settings.short_page_at_cap,
    };
    let mut rng = next_shuffle(req.s);
    let page = query::page(
        rows,
        &filters,
        &order,
        &scope,
        &params,
        paging,
        rng.as_mut(),
    )?;
    let (coll, parent) = collection_of(&render, &store, t).ok_or_else(not_found)?;
    let body = render.page(
        node,
        &spath,
        &page,
        &coll,
        &shape,
        parent.as_ref().map(|(n, r)| (*n, r.as_str())),
        params.total_results,
    );
    Ok(Answer::json(StatusCode::OK, ct, &body))
}

fn etag(row: &Row) -> String {
    format!("\"{}\"", keys::change_indicator(row.version))
}

fn etag_matches(given: &str, row: &Row) -> bool {
    let want = keys::change_indicator(row.version);
    given.split(',').any(|g| {
        let g = g.trim().trim_start_matches("W/").trim_matches('"');
        g == "*" || g == want
    })
}

fn render_item(
    req: &Req,
    t: &Target,
    params: &Params,
    shape: &Shape,
    store: &Store,
    row: &Row,
) -> Result<Value, Fail> {
    let render = renderer(req, params);
    let (coll, parent) = collection_of(&render, store, t).ok_or_else(not_found)?;
    Ok(render.item(
        t.node(),
        &t.spath(),
        row,
        &coll,
        shape,
        parent.as_ref().map(|(n, r)| (*n, r.as_str())),
    ))
}

fn get(req: &Req, t: &Target) -> Result<Answer, Fail> {
    let ct = negotiate(header_str(req.headers, "accept"), ITEM)?;
    let params = query::parse_params(&req.query)?;
    let shape = render::shape(&params, t.node(), &t.spath(), &req.s.schema)?;
    let store = req.s.read();
    let top = t.top.as_ref().ok_or_else(not_found)?;
    let row = store.locate(t.res, top, &t.steps).ok_or_else(not_found)?;
    let inm = header_str(req.headers, "if-none-match");
    if !inm.is_empty() && etag_matches(inm, row) {
        return Ok(Answer {
            status: StatusCode::NOT_MODIFIED,
            headers: HeaderMap::new(),
            body: String::new(),
        }
        .with(header::ETAG, &etag(row)));
    }
    let body = render_item(req, t, &params, &shape, &store, row)?;
    Ok(Answer::json(StatusCode::OK, ct, &body).with(header::ETAG, &etag(row)))
}

fn content_type_json(req: &Req) -> Result<(), Fail> {
    let ct = header_str(req.headers, "content-type").to_ascii_lowercase();
    if ct.contains("json") {
        Ok(())
    } else {
        Err(Fail::new(
            415,
            "27415",
            format!(
                "The media type {} isn't supported; send {ITEM} or application/json.",
                if ct.is_empty() { "(none)" } else { &ct }
            ),
        ))
    }
}

fn body_json(req: &Req) -> Result<Value, Fail> {
    content_type_json(req)?;
    serde_json::from_slice(req.body)
        .map_err(|e| Fail::invalid(format!("The request body isn't valid JSON: {e}.")))
}

fn write_ctx<'a>(req: &'a Req, user: &'a str) -> WriteCtx<'a> {
    WriteCtx {
        schema: &req.s.schema,
        flexfields: &req.s.cfg.flexfields,
        user,
        now: clock::now_ms(),
    }
}

/// The places of the top row and of each step's row (parents listed before children).
fn places(store: &Store, t: &Target, steps: &[Step]) -> Option<Vec<Place<'static>>> {
    let top = t.top.as_ref()?;
    let mut out = vec![Place {
        res: t.res,
        node: &t.res.node,
        spath: t.res.node.name.to_string(),
        inherited: Default::default(),
        parent: None,
    }];
    for depth in 0..steps.len() {
        let row = store.locate(t.res, top, &steps[..depth])?.clone();
        let next = out.last()?.child(steps[depth].0, &row);
        out.push(next);
    }
    Some(out)
}

/// After a child write: each ancestor's derived values (totals) and, when configured,
/// its `LastUpdateDate` and version.
fn refresh_parents(
    req: &Req,
    ctx: &WriteCtx,
    store: &mut Store,
    t: &Target,
    steps: &[Step],
) -> Result<(), Fail> {
    let Some(top) = t.top.clone() else {
        return Ok(());
    };
    let chain = places(store, t, steps).ok_or_else(not_found)?;
    for depth in (0..=steps.len()).rev() {
        let Some(mut row) = store.locate(t.res, &top, &steps[..depth]).cloned() else {
            continue;
        };
        rules::after_children(ctx, store, &chain[depth], &mut row)?;
        if req.s.cfg.child_writes_touch_parent {
            writes::touch(ctx, &mut row);
        }
        if let Some(slot) = store.locate_mut(t.res, &top, &steps[..depth]) {
            *slot = row;
        }
    }
    Ok(())
}

fn required(res: &Resource, body: &Value) -> Result<(), Fail> {
    for group in res.required {
        if !group
            .iter()
            .any(|a| body.get(*a).is_some_and(|v| !v.is_null()))
        {
            return Err(Fail::invalid(format!(
                "The attribute {} is required for {}.",
                group.join(" or "),
                res.node.name
            ))
            .at(group[0]));
        }
    }
    Ok(())
}

/// The row an `Upsert-Mode` create names, by key or natural key.
fn upsert_match(
    req: &Req,
    node: &Node,
    spath: &str,
    res: Option<&Resource>,
    rows: &[&Row],
    body: &Value,
) -> Option<RowKey> {
    let ns = req.s.schema.node(spath);
    let typed = |attr: &str| -> Option<Value> {
        let v = body.get(attr)?;
        writes::coerce(node.name, attr, ns.get(attr)?, v).ok()
    };
    let mut sets: Vec<Vec<&str>> = vec![node.key_names().collect()];
    if let Some(r) = res {
        sets.extend(r.natural_keys.iter().map(|s| s.to_vec()));
    }
    for set in sets {
        let want: Option<Vec<(&str, Value)>> =
            set.iter().map(|a| typed(a).map(|v| (*a, v))).collect();
        let Some(want) = want else { continue };
        if let Some(r) = rows
            .iter()
            .find(|r| want.iter().all(|(a, v)| r.get(a) == v))
        {
            return Some(r.key(node));
        }
    }
    None
}

fn created_shape(node: &Node, body: &Value) -> Shape {
    let mut shape = Shape::whole();
    for c in node.children {
        if body.get(c.name).is_some() {
            shape.children.insert(c.name.to_string(), Shape::whole());
        }
    }
    shape
}

fn create(req: &Req, t: &Target, user: &str) -> Result<Answer, Fail> {
    let ct = negotiate(header_str(req.headers, "accept"), ITEM)?;
    let body = body_json(req)?;
    if !body.is_object() {
        return Err(Fail::invalid("The request body must be a JSON object."));
    }
    let node = t.node();
    let ctx = write_ctx(req, user);
    let upsert = header_str(req.headers, "upsert-mode").eq_ignore_ascii_case("true");
    let mut store = req.s.write();
    // the rows of the collection, and the place new rows go to
    let (place, siblings): (Place, Vec<Row>) = match &t.top {
        None => (
            Place {
                res: t.res,
                node,
                spath: t.res.node.name.to_string(),
                inherited: Default::default(),
                parent: None,
            },
            Vec::new(),
        ),
        Some(top) => {
            let chain = places(&store, t, &t.steps).ok_or_else(not_found)?;
            let parent = store
                .locate(t.res, top, &t.steps)
                .ok_or_else(not_found)?
                .clone();
            let place = chain.last().ok_or_else(not_found)?.child(node, &parent);
            (place, parent.children_of(node.name).to_vec())
        }
    };
    if upsert {
        let existing: Vec<&Row> = match &t.top {
            None => store.rows(t.res.node.name).collect(),
            Some(_) => siblings.iter().collect(),
        };
        let res_for_natural = t.top.is_none().then_some(t.res);
        if let Some(key) = upsert_match(req, node, &place.spath, res_for_natural, &existing, &body)
        {
            if !node.writes.update {
                return Err(Fail::method("PATCH", node.name));
            }
            drop(store);
            let mut steps = t.steps.clone();
            let item = match &t.top {
                None => Target {
                    res: t.res,
                    top: Some(key),
                    steps: Vec::new(),
                    child: None,
                    kind: Kind::Item,
                },
                Some(top) => {
                    steps.push((node, key));
                    Target {
                        res: t.res,
                        top: Some(top.clone()),
                        steps,
                        child: None,
                        kind: Kind::Item,
                    }
                }
            };
            return patch(req, &item, user);
        }
    }
    if t.top.is_none() {
        required(t.res, &body)?;
    }
    let parent_attrs = match &t.top {
        Some(top) => Some(
            store
                .locate(t.res, top, &t.steps)
                .ok_or_else(not_found)?
                .attrs
                .clone(),
        ),
        None => None,
    };
    let place = Place {
        parent: parent_attrs.as_ref(),
        ..place
    };
    let row = writes::build(&ctx, &mut store, &place, &body, &siblings)?;
    let key = row.key(node);
    let item = match &t.top {
        None => {
            if store.get(t.res.node.name, &key).is_some() {
                return Err(Fail::new(
                    409,
                    "27409",
                    "A row with this key already exists.",
                ));
            }
            store.put(t.res, row);
            Target {
                res: t.res,
                top: Some(key),
                steps: Vec::new(),
                child: None,
                kind: Kind::Item,
            }
        }
        Some(top) => {
            let parent = store
                .locate_mut(t.res, top, &t.steps)
                .ok_or_else(not_found)?;
            parent
                .children
                .entry(node.name.to_string())
                .or_default()
                .push(row);
            refresh_parents(req, &ctx, &mut store, t, &t.steps)?;
            let mut steps = t.steps.clone();
            steps.push((node, key));
            Target {
                res: t.res,
                top: Some(top.clone()),
                steps,
                child: None,
                kind: Kind::Item,
            }
        }
    };
    let params = query::parse_params(&req.query)?;
    let row = store
        .locate(
            item.res,
            item.top.as_ref().ok_or_else(not_found)?,
            &item.steps,
        )
        .ok_or_else(not_found)?;
    let out = render_item(
        req,
        &item,
        &params,
        &created_shape(node, &body),
        &store,
        row,
    )?;
    let render = renderer(req, &params);
    let location = item_rel(&render, &store, &item, &item.steps)
        .map(|rel| render.href(&rel))
        .unwrap_or_default();
    Ok(Answer::json(StatusCode::CREATED, ct, &out)
        .with(header::LOCATION, &location)
        .with(header::ETAG, &etag(row)))
}

fn check_if_match(req: &Req, row: &Row) -> Result<(), Fail> {
    let im = header_str(req.headers, "if-match");
    if !im.is_empty() && !etag_matches(im, row) {
        return Err(Fail::new(
            412,
            "27412",
            "The resource item was changed by another request; get it again and retry.",
        ));
    }
    Ok(())
}

fn patch(req: &Req, t: &Target, user: &str) -> Result<Answer, Fail> {
    let ct = negotiate(header_str(req.headers, "accept"), ITEM)?;
    let body = body_json(req)?;
    let ctx = write_ctx(req, user);
    let mut store = req.s.write();
    let top = t.top.clone().ok_or_else(not_found)?;
    let mut row = store
        .locate(t.res, &top, &t.steps)
        .ok_or_else(not_found)?
        .clone();
    check_if_match(req, &row)?;
    let chain = places(&store, t, &t.steps).ok_or_else(not_found)?;
    let parent_attrs = match t.steps.len() {
        0 => None,
        n => Some(
            store
                .locate(t.res, &top, &t.steps[..n - 1])
                .ok_or_else(not_found)?
                .attrs
                .clone(),
        ),
    };
    let place = Place {
        parent: parent_attrs.as_ref(),
        ..chain.last().ok_or_else(not_found)?.clone()
    };
    writes::update(&ctx, &mut store, &place, &mut row, &body)?;
    *store
        .locate_mut(t.res, &top, &t.steps)
        .ok_or_else(not_found)? = row;
    if !t.steps.is_empty() {
        refresh_parents(req, &ctx, &mut store, t, &t.steps[..t.steps.len() - 1])?;
    }
    let params = query::parse_params(&req.query)?;
    let shape = match (&params.fields, &params.expand) {
        (None, None) => created_shape(t.node(), &body),
        _ => render::shape(&params, t.node(), &t.spath(), &req.s.schema)?,
    };
    let row = store.locate(t.res, &top, &t.steps).ok_or_else(not_found)?;
    let out = render_item(req, t, &params, &shape, &store, row)?;
    Ok(Answer::json(StatusCode::OK, ct, &out).with(header::ETAG, &etag(row)))
}

fn delete(req: &Req, t: &Target, user: &str) -> Result<Answer, Fail> {
    let ctx = write_ctx(req, user);
    let mut store = req.s.write();
    let top = t.top.clone().ok_or_else(not_found)?;
    let row = store
        .locate(t.res, &top, &t.steps)
        .ok_or_else(not_found)?
        .clone();
    check_if_match(req, &row)?;
    match t.steps.split_last() {
        None => {
            store.remove(t.res.node.name, &top);
        }
        Some(((node, key), parents)) => {
            let parent = store
                .locate_mut(t.res, &top, parents)
                .ok_or_else(not_found)?;
            if let Some(rows) = parent.children.get_mut(node.name) {
                rows.retain(|r| &r.key(node) != key);
            }
            refresh_parents(req, &ctx, &mut store, t, parents)?;
        }
    }
    Ok(Answer {
        status: StatusCode::NO_CONTENT,
        headers: HeaderMap::new(),
        body: String::new(),
    })
}

fn action(
    req: &Req,
    t: &Target,
    user: &str,
    name: &str,
    params: serde_json::Map<String, Value>,
) -> Result<Answer, Fail> {
    let ct = negotiate(header_str(req.headers, "accept"), ACTION_RESULT)?;
    let ctx = write_ctx(req, user);
    let mut store = req.s.write();
    let node = t.node();
    let result = actions::run(
        &ctx,
        &mut store,
        t.res,
        node,
        t.top.as_ref(),
        &t.steps,
        name,
        &params,
    )?;
    Ok(Answer::json(StatusCode::OK, ct, &json!({"result": result})))
}
