// procura studio: onboard a tenant and write its mapping override against live records.
// Talks only to this gateway's own API; the admin key lives in sessionStorage (this tab).
"use strict";

const $ = (id) => document.getElementById(id);
const state = {
  key: sessionStorage.getItem("procura-key") || "",
  tenants: [],
  tenant: null,
  resource: null,
  samples: [],
  fields: [],
  preview: null,
  record: 0,
  pane: "output",
  editing: null,
  seq: 0,
  versions: [],
};

// ---------------------------------------------------------------- API

async function api(method, path, { body, tenant } = {}) {
  const headers = { Authorization: `Bearer ${state.key}` };
  if (body !== undefined) headers["Content-Type"] = "application/json";
  if (tenant) headers["X-Tenant-Id"] = tenant;
  const resp = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await resp.text();
  let data = null;
  try { data = text ? JSON.parse(text) : null; } catch { data = { detail: text }; }
  if (!resp.ok) {
    const err = new Error(problemText(data, resp.status));
    err.status = resp.status;
    err.problem = data;
    throw err;
  }
  return data;
}

function problemText(p, status) {
  if (!p) return `HTTP ${status}`;
  let text = p.detail || p.title || `HTTP ${status}`;
  if (Array.isArray(p.errors) && p.errors.length) {
    const lines = p.errors.map((e) => (typeof e === "string" ? e : e.field && e.field !== "(record)" ? `${e.field}: ${e.message}` : e.message));
    if (!(lines.length === 1 && text.includes(lines[0]))) text += "\n" + lines.join("\n");
  }
  return text;
}

function toast(text, bad) {
  const t = $("toast");
  t.textContent = text;
  t.className = bad ? "toast bad" : "toast";
  t.hidden = false;
  clearTimeout(toast.timer);
  toast.timer = setTimeout(() => (t.hidden = true), 3200);
}

function el(tag, attrs = {}, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === "class") e.className = v;
    else if (k.startsWith("on")) e.addEventListener(k.slice(2), v);
    else if (v !== undefined && v !== null) e.setAttribute(k, v);
  }
  for (const c of children.flat()) if (c !== null && c !== undefined) e.append(c instanceof Node ? c : String(c));
  return e;
}

// ---------------------------------------------------------------- Views

function show(view) {
  for (const v of ["signin", "tenants", "mapping"]) $(`view-${v}`).hidden = v !== view;
  $("nav").hidden = view === "signin";
  $("sign-out").hidden = view === "signin";
  for (const b of document.querySelectorAll(".tab")) b.classList.toggle("active", b.dataset.view === view);
  if (view !== "signin") location.hash = view;
}

async function signIn(key) {
  state.key = key;
  await api("GET", "/admin/tenants");
  sessionStorage.setItem("procura-key", key);
}

function signOut() {
  sessionStorage.removeItem("procura-key");
  state.key = "";
  location.hash = "";
  show("signin");
  $("signin-key").value = "";
  $("signin-key").focus();
}

// ---------------------------------------------------------------- Tenants

async function loadTenants() {
  const data = await api("GET", "/admin/tenants");
  state.tenants = data.tenants || [];
  renderTenants();
  renderTenantPicker();
}

function tokenBadge(auth) {
  const s = auth && auth.state;
  if (s === "ok") return el("span", { class: "badge ok" }, "token ok");
  if (s === "needs_reauth") return el("span", { class: "badge bad" }, "needs re-auth");
  return el("span", { class: "badge warn" }, "pending");
}

function renderTenants() {
  const body = $("tenants-body");
  body.replaceChildren();
  $("tenants-empty").hidden = state.tenants.length > 0;
  $("tenants-table").hidden = state.tenants.length === 0;
  for (const t of state.tenants) {
    const rl = t.rate_limit || {};
    const budget = rl.now ? `${rl.now.remaining}/${rl.now.limit}` : rl.known_limit ? `–/${rl.known_limit}` : "–";
    const runtime = t.source === "runtime";
    body.append(
      el("tr", { "data-tenant": t.id },
        el("td", {}, el("span", { class: "tid" }, t.id), " ", el("span", { class: "badge src", title: runtime ? "created here; editable" : "from the config file; read-only" }, runtime ? "runtime" : "config"),
          el("div", { class: "muted small" }, t.base_url)),
        el("td", {}, t.provider === "oracle_fusion" ? "Oracle Fusion" : "Coupa"),
        el("td", {}, tokenBadge(t.auth)),
        el("td", { class: "err" }, (t.auth && t.auth.last_error) || ""),
        el("td", { class: "num" }, budget),
        el("td", { class: "num" }, t.upstream ? t.upstream.requests : 0),
        el("td", { class: "num" }, t.upstream ? t.upstream.rate_limited : 0),
        el("td", { class: "num" },
          el("button", { type: "button", class: "link", onclick: () => openMapping(t.id) }, "Mappings"),
          runtime ? el("button", { type: "button", class: "link", onclick: () => editTenant(t) }, "Edit") : null,
          runtime ? el("button", { type: "button", class: "link danger", onclick: () => deleteTenant(t.id) }, "Delete") : null)));
  }
}

function providerFields() {
  const oracle = $("t-provider").value === "oracle_fusion";
  $("coupa-fields").hidden = oracle;
  $("oracle-fields").hidden = !oracle;
}

function newTenant() {
  state.editing = null;
  $("tenant-form").reset();
  $("t-id").disabled = false;
  $("t-provider").disabled = false;
  $("tenant-form-title").textContent = "New tenant";
  $("tenant-save").textContent = "Create tenant";
  $("tenant-error").hidden = true;
  providerFields();
  $("tenant-form").hidden = false;
  $("t-id").focus();
}

function editTenant(t) {
  newTenant();
  state.editing = t.id;
  $("tenant-form-title").textContent = `Edit ${t.id}`;
  $("tenant-save").textContent = "Save changes";
  $("t-id").value = t.id;
  $("t-id").disabled = true;
  $("t-provider").value = t.provider;
  $("t-provider").disabled = true;
  $("t-base").value = t.base_url;
  $("t-secret").placeholder = $("t-password").placeholder = "unchanged";
  const rl = t.rate_limit && t.rate_limit.configured;
  if (rl) { $("t-rate").value = rl.requests; $("t-window").value = rl.window_secs; }
  providerFields();
  $("t-base").focus();
}

function tenantBody() {
  const v = (id) => $(id).value.trim();
  const body = { base_url: v("t-base") };
  if (!state.editing) { body.id = v("t-id"); body.provider = v("t-provider"); }
  const provider = state.editing ? $("t-provider").value : body.provider;
  if (provider === "oracle_fusion") {
    if (v("t-user") || !state.editing) body.auth = { kind: "basic", username: v("t-user"), password: $("t-password").value };
  } else {
    if (v("t-client") || !state.editing) body.client_id = v("t-client");
    if ($("t-secret").value || !state.editing) body.client_secret = $("t-secret").value;
    if (v("t-scopes") || !state.editing) body.scopes = v("t-scopes").split(/[\s,]+/).filter(Boolean);
  }
  if (v("t-rate")) body.rate_limit = { requests: Number(v("t-rate")), window_secs: Number(v("t-window") || 1) };
  else if (state.editing) body.rate_limit = null;
  return body;
}

async function saveTenant(ev) {
  ev.preventDefault();
  const err = $("tenant-error");
  err.hidden = true;
  const save = $("tenant-save");
  save.disabled = true;
  const label = save.textContent;
  save.textContent = "Obtaining a token…";
  try {
    if (state.editing) await api("PATCH", `/admin/tenants/${encodeURIComponent(state.editing)}`, { body: tenantBody() });
    else await api("POST", "/admin/tenants", { body: tenantBody() });
    $("tenant-form").hidden = true;
    toast(state.editing ? "Tenant updated" : "Tenant created");
    await loadTenants();
  } catch (e) {
    err.textContent = e.message;
    err.hidden = false;
  } finally {
    save.disabled = false;
    save.textContent = label;
  }
}

async function deleteTenant(id) {
  if (!confirm(`Delete tenant ${id}? Its saved overrides go with it.`)) return;
  try {
    await api("DELETE", `/admin/tenants/${encodeURIComponent(id)}`);
    toast(`Tenant ${id} deleted`);
    await loadTenants();
  } catch (e) { toast(e.message, true); }
}

// ---------------------------------------------------------------- Mapping playground

function renderTenantPicker() {
  const sel = $("m-tenant");
  const current = state.tenant;
  sel.replaceChildren(...state.tenants.map((t) => el("option", { value: t.id }, t.id)));
  if (current && state.tenants.some((t) => t.id === current)) sel.value = current;
}

async function openMapping(tenant) {
  show("mapping");
  if (tenant) { state.tenant = tenant; $("m-tenant").value = tenant; }
  if (!state.tenant && state.tenants.length) state.tenant = state.tenants[0].id;
  $("m-tenant").value = state.tenant || "";
  await loadResources();
}

async function loadResources() {
  if (!state.tenant) return;
  const cov = await api("GET", "/unified/procurement/coverage", { tenant: state.tenant });
  const names = cov.resources.filter((r) => r.supported).map((r) => r.resource);
  $("m-resource").replaceChildren(...names.map((n) => el("option", { value: n }, n.replace(/_/g, " "))));
  state.resource = names.includes(state.resource) ? state.resource : names.includes("purchase_orders") ? "purchase_orders" : names[0];
  $("m-resource").value = state.resource;
  await loadResource();
}

async function loadResource() {
  state.samples = [];
  state.fields = [];
  state.preview = null;
  renderFields();
  renderResults();
  await loadOverride();
  await fetchSamples();
}

async function loadOverride() {
  const o = await api("GET", `/admin/tenants/${encodeURIComponent(state.tenant)}/overrides/${state.resource}`);
  setEditor(o.text || "");
  renderSource(o);
}

function renderSource(o) {
  const src = $("m-source");
  src.textContent = o.source === "studio" ? `saved v${o.version}` : o.source === "file" ? "from file" : "none yet";
  state.versions = o.versions || [];
  const sel = $("m-versions");
  sel.replaceChildren(el("option", { value: "" }, state.versions.length ? "Versions…" : "No saved versions"),
    ...state.versions.map((v) => el("option", { value: v.version }, `v${v.version} · ${v.saved_at.replace("T", " ").slice(0, 16)}${v.restored_from ? ` (from v${v.restored_from})` : ""}`)));
  sel.disabled = state.versions.length === 0;
  $("m-restore").disabled = true;
}

async function fetchSamples() {
  const n = Math.min(50, Math.max(1, Number($("m-sample").value) || 5));
  setStatus("Fetching live records…");
  try {
    const data = await api("GET", `/unified/procurement/${state.resource}/remote_fields?sample=${n}`, { tenant: state.tenant });
    state.samples = data.records || [];
    state.fields = data.fields || [];
    state.record = 0;
    renderFields(data.sampled);
    await runPreview();
  } catch (e) {
    state.samples = [];
    state.fields = [];
    renderFields();
    $("fields-empty").textContent = `Could not fetch records: ${e.message}`;
    setStatus(e.message, "bad");
  }
}

function renderFields(sampled) {
  const list = $("fields-tree");
  const filter = $("fields-filter").value.trim().toLowerCase();
  const shown = state.fields.filter((f) => !filter || f.path.toLowerCase().includes(filter));
  list.replaceChildren(...shown.slice(0, 1500).map((f) => {
    const share = sampled ? Math.round((100 * f.present) / sampled) : Math.round((100 * f.present) / Math.max(1, state.samples.length));
    const example = f.examples && f.examples.length ? `e.g. ${f.examples.map((x) => JSON.stringify(x)).join(", ")}` : "";
    return el("li", { tabindex: "0", class: f.custom ? "custom" : "", title: `${f.path}${f.custom ? " (custom field)" : ""}\n${f.types.join(" | ")} · present in ${share}%\n${example}\nClick to insert`, "data-path": f.path,
      onclick: () => insertPath(f.path), onkeydown: (ev) => { if (ev.key === "Enter") { ev.preventDefault(); insertPath(f.path); } } },
      el("span", { class: "p" }, breakable(f.path)),
      el("span", { class: "t" }, f.types.join("|")), el("span", { class: "pc" }, `${share}%`));
  }));
  $("fields-count").textContent = state.fields.length ? `(${state.fields.length})` : "";
  $("fields-empty").hidden = state.fields.length > 0;
  if (!state.fields.length) $("fields-empty").textContent = "Pick a tenant and a resource to see the fields of its live records.";
}

// A path that may wrap after each dot or hyphen, never inside a name's letters.
function breakable(path) {
  return path.split(/(?<=[.-])/).flatMap((part, i) => (i ? [el("wbr"), part] : [part]));
}

// A remote path as JSONata: names that are not plain identifiers go in backticks.
function jsonataPath(path) {
  return path.split(".").map((seg) => {
    const arr = seg.endsWith("[]");
    const name = arr ? seg.slice(0, -2) : seg;
    return /^[A-Za-z_][A-Za-z0-9_]*$/.test(name) ? name : "`" + name + "`";
  }).join(".");
}

function insertPath(path) {
  const ed = $("m-editor");
  const text = jsonataPath(path);
  const start = ed.selectionStart, end = ed.selectionEnd;
  ed.focus();
  ed.setRangeText(text, start, end, "end");
  onEdit();
}

function setEditor(text) {
  $("m-editor").value = text;
  renderGutter();
}

function renderGutter(errorLine) {
  const lines = $("m-editor").value.split("\n").length;
  const g = $("gutter");
  g.replaceChildren(...Array.from({ length: lines }, (_, i) => {
    const n = i + 1;
    return n === errorLine ? el("span", { class: "bad" }, `${n}\n`) : `${n}\n`;
  }));
  g.scrollTop = $("m-editor").scrollTop;
}

function setStatus(text, kind) {
  const s = $("m-status");
  s.textContent = text;
  s.className = `status ${kind || ""}`;
}

function onEdit() {
  renderGutter(state.errorLine);
  clearTimeout(onEdit.timer);
  onEdit.timer = setTimeout(runPreview, 300);
}

async function runPreview() {
  if (!state.tenant || !state.resource) return;
  const seq = ++state.seq;
  const body = { tenant_id: state.tenant, resource: state.resource, override: $("m-editor").value };
  if (state.samples.length) body.records = state.samples;
  else body.sample = Number($("m-sample").value) || 5;
  try {
    const p = await api("POST", "/admin/mappings/preview", { body });
    if (seq !== state.seq) return; // a newer keystroke's preview is on its way
    state.preview = p;
    if (p.errors.length) {
      const e = p.errors[0];
      state.errorLine = e.line;
      setStatus(`Line ${e.line}, column ${e.column}: ${e.message}`, "bad");
    } else {
      state.errorLine = null;
      const failing = p.records.filter((r) => r.error).length;
      const violations = p.records.reduce((n, r) => n + (r.violations ? r.violations.length : 0), 0);
      if (failing) setStatus(`Compiles. ${failing} of ${p.records.length} records fail to map: ${p.records.find((r) => r.error).error}`, "bad");
      else if (violations) setStatus(`Compiles. ${violations} schema violation(s) in ${p.records.length} records.`, "bad");
      else setStatus(`Compiles. ${p.records.length} record(s) mapped, schema valid.`, "ok");
    }
    renderGutter(state.errorLine);
    renderResults();
  } catch (e) {
    if (seq === state.seq) setStatus(e.message, "bad");
  }
}

function jsonView(value) {
  const text = JSON.stringify(value, null, 2);
  const pre = el("pre");
  if (text === undefined) return pre;
  // Colour keys, strings and numbers; text only, never HTML.
  const re = /("(?:\\.|[^"\\])*")(\s*:)?|\b(-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?|true|false|null)\b/g;
  let last = 0, m;
  while ((m = re.exec(text))) {
    pre.append(text.slice(last, m.index));
    if (m[1]) { pre.append(el("span", { class: m[2] ? "k" : "s" }, m[1])); if (m[2]) pre.append(m[2]); }
    else pre.append(el("span", { class: "n" }, m[3]));
    last = re.lastIndex;
  }
  pre.append(text.slice(last));
  return pre;
}

function renderResults() {
  const p = state.preview;
  const records = p ? p.records : [];
  const sel = $("m-record");
  sel.replaceChildren(...records.map((r, i) => el("option", { value: i }, `#${r.id ?? i + 1}`)));
  if (state.record >= records.length) state.record = 0;
  sel.value = state.record;
  const r = records[state.record];
  const msg = (t) => el("div", { class: "msg" }, t);
  const out = $("pane-output"), diff = $("pane-diff"), schema = $("pane-schema"), proj = $("pane-projection"), raw = $("pane-raw");
  for (const pane of [out, diff, schema, proj, raw]) pane.replaceChildren();
  const diffCount = r && r.diff ? r.diff.length : 0;
  const violations = r && r.violations ? r.violations : [];
  $("diff-count").textContent = diffCount || "";
  $("diff-count").className = diffCount ? "count new" : "count";
  $("schema-count").textContent = violations.length || "";
  $("schema-count").className = violations.length ? "count bad" : "count";
  if (!p) { out.append(msg("Fetch live records to preview the override on them.")); return; }
  if (!r) { out.append(msg("The provider returned no records for this resource.")); return; }
  if (p.errors.length) out.append(el("div", { class: "violation" }, `The override does not compile; showing the base mapping's output.`));
  if (r.error) out.append(el("div", { class: "violation" }, `Mapping failed on this record: ${r.error}`));
  if (r.diff && r.diff.length) {
    out.append(el("div", { class: "changes" }, el("h3", {}, "What the override changes in this record"),
      ...r.diff.slice(0, 8).map((d) => el("div", { class: `chg chg-${d.change}` }, `${d.change === "added" ? "+" : d.change === "removed" ? "−" : "~"} ${d.path}`,
        d.change === "removed" ? "" : el("span", { class: "val" }, ` ${JSON.stringify(d.after)}`)))));
  }
  out.append(jsonView(r.output !== undefined ? r.output : r.base));
  const across = {};
  for (const rec of records) for (const d of rec.diff || []) across[`${d.change} ${d.path}`] = (across[`${d.change} ${d.path}`] || 0) + 1;
  if (Object.keys(across).length) {
    diff.append(el("h3", {}, `Across the ${records.length} sampled records`),
      el("table", {}, Object.entries(across).map(([k, n]) => el("tr", {}, el("td", { class: `chg-${k.split(" ")[0]}` }, k.split(" ")[0]), el("td", {}, k.split(" ")[1]), el("td", {}, `${n} of ${records.length}`)))),
      el("h3", {}, `Record #${r.id ?? state.record + 1}`));
  }
  if (r.diff && r.diff.length) {
    const rows = r.diff.map((d) => el("tr", {}, el("td", { class: `chg-${d.change}` }, d.change), el("td", {}, d.path),
      el("td", {}, d.change === "added" ? "" : JSON.stringify(d.before)), el("td", {}, d.change === "removed" ? "" : JSON.stringify(d.after))));
    diff.append(el("table", {}, el("tr", {}, el("td", {}, el("b", {}, "change")), el("td", {}, el("b", {}, "field")), el("td", {}, el("b", {}, "base")), el("td", {}, el("b", {}, "override"))), rows));
  } else diff.append(msg("The override changes nothing in this record's output."));
  if (p.errors.length) schema.append(msg("Fix the compile error to check the schema."));
  else if (violations.length) for (const v of violations) schema.append(el("div", { class: "violation" }, `${v.path || "/"}: ${v.message}`));
  else schema.append(el("div", { class: "good" }, "The output matches the tenant's schema."));
  if (p.projection) {
    proj.append(el("h3", {}, "Fields the override reads"), p.projection.override_reads.length ? el("pre", {}, p.projection.override_reads.join("\n")) : msg("none"));
    proj.append(el("h3", {}, "Provider field selection (with the override)"), el("pre", {}, p.projection.fields || "the whole record"));
    proj.append(el("h3", {}, "Provider field selection (base mapping)"), el("pre", {}, p.projection.base_fields || "the whole record"));
  } else proj.append(msg("Fix the compile error to see the projection."));
  raw.append(jsonView(r.raw));
}

function selectPane(name) {
  state.pane = name;
  for (const b of document.querySelectorAll(".subtab")) b.classList.toggle("active", b.dataset.pane === name);
  for (const n of ["output", "diff", "schema", "projection", "raw"]) $(`pane-${n}`).hidden = n !== name;
}

async function saveOverride() {
  setStatus("Saving…");
  try {
    const o = await api("PUT", `/admin/tenants/${encodeURIComponent(state.tenant)}/overrides/${state.resource}`, { body: { text: $("m-editor").value } });
    renderSource(o);
    setStatus(`Saved as version ${o.version}; live for every API call of ${state.tenant}.`, "ok");
    toast(`Saved ${state.resource} override v${o.version}`);
  } catch (e) {
    setStatus(`Not saved: ${e.message}`, "bad");
    toast("Not saved", true);
  }
}

async function restoreVersion() {
  const v = Number($("m-versions").value);
  if (!v) return;
  try {
    const o = await api("POST", `/admin/tenants/${encodeURIComponent(state.tenant)}/overrides/${state.resource}/restore`, { body: { version: v } });
    setEditor(o.text);
    renderSource(o);
    setStatus(`Restored version ${v} as version ${o.version}.`, "ok");
    await runPreview();
  } catch (e) { setStatus(e.message, "bad"); }
}

// ---------------------------------------------------------------- Wiring

function wire() {
  $("signin-form").addEventListener("submit", async (ev) => {
    ev.preventDefault();
    const err = $("signin-error");
    err.hidden = true;
    try {
      await signIn($("signin-key").value.trim());
      await start();
    } catch (e) {
      err.textContent = e.status === 401 ? "That key is not known to this gateway." : e.status === 403 ? "That key is not an admin key." : e.message;
      err.hidden = false;
    }
  });
  $("sign-out").addEventListener("click", signOut);
  $("nav-tenants").addEventListener("click", () => { show("tenants"); loadTenants().catch((e) => toast(e.message, true)); });
  $("nav-mapping").addEventListener("click", () => openMapping().catch((e) => setStatus(e.message, "bad")));
  $("refresh-tenants").addEventListener("click", () => loadTenants().catch((e) => toast(e.message, true)));
  $("new-tenant").addEventListener("click", newTenant);
  $("tenant-cancel").addEventListener("click", () => ($("tenant-form").hidden = true));
  $("tenant-form").addEventListener("submit", saveTenant);
  $("tenant-form").addEventListener("keydown", (ev) => { if (ev.key === "Escape") $("tenant-form").hidden = true; });
  $("t-provider").addEventListener("change", providerFields);
  $("m-tenant").addEventListener("change", () => { state.tenant = $("m-tenant").value; loadResources().catch((e) => setStatus(e.message, "bad")); });
  $("m-resource").addEventListener("change", () => { state.resource = $("m-resource").value; loadResource().catch((e) => setStatus(e.message, "bad")); });
  $("m-fetch").addEventListener("click", fetchSamples);
  $("fields-filter").addEventListener("input", () => renderFields());
  const ed = $("m-editor");
  ed.addEventListener("input", onEdit);
  ed.addEventListener("scroll", () => ($("gutter").scrollTop = ed.scrollTop));
  ed.addEventListener("keydown", (ev) => {
    if (ev.key === "Tab" && !ev.shiftKey && !ev.ctrlKey && !ev.metaKey) {
      ev.preventDefault();
      ed.setRangeText("  ", ed.selectionStart, ed.selectionEnd, "end");
      onEdit();
    }
  });
  document.addEventListener("keydown", (ev) => {
    if ((ev.ctrlKey || ev.metaKey) && ev.key === "s" && !$("view-mapping").hidden) { ev.preventDefault(); saveOverride(); }
  });
  $("m-save").addEventListener("click", saveOverride);
  $("m-versions").addEventListener("change", () => ($("m-restore").disabled = !$("m-versions").value));
  $("m-restore").addEventListener("click", restoreVersion);
  $("m-record").addEventListener("change", () => { state.record = Number($("m-record").value); renderResults(); });
  for (const b of document.querySelectorAll(".subtab")) b.addEventListener("click", () => selectPane(b.dataset.pane));
}

async function start() {
  await loadTenants();
  if (location.hash === "#mapping") await openMapping();
  else show("tenants");
}

document.addEventListener("DOMContentLoaded", async () => {
  wire();
  if (!state.key) { show("signin"); return; }
  try { await start(); } catch { signOut(); }
});
