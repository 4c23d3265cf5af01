// The studio in a real headless Chromium, driven by Playwright (npm playwright-core, the
// browser from Debian's chromium package). Run by tests/api/studio.rs with:
//   STUDIO_URL  the page, e.g. http://127.0.0.1:PORT/studio
//   STUDIO_KEY  an admin API key
//   SANDBOX_URL the Coupa sandbox the new tenant points at
//   CHROMIUM    the browser executable
//   SHOTS       where the screenshots of each step go
// Exits non-zero with a message on the first step that does not hold.
import { createRequire } from "node:module";
import path from "node:path";

const require = createRequire(import.meta.url);
const { chromium } = require("./node_modules/playwright-core");

const { STUDIO_URL, STUDIO_KEY, SANDBOX_URL, CHROMIUM, SHOTS } = process.env;
const gateway = new URL(STUDIO_URL).origin;
let step = 0;

const browser = await chromium.launch({
  executablePath: CHROMIUM,
  args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"],
});
const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
const page = await context.newPage();
const problems = [];
page.on("pageerror", (e) => problems.push(`page error: ${e.message}`));
// Script errors count; the browser's own line for each 4xx the test provokes does not.
page.on("console", (m) => {
  if (m.type() === "error" && !m.text().startsWith("Failed to load resource")) problems.push(`console: ${m.text()}`);
});
page.setDefaultTimeout(15000);

async function shot(name) {
  step += 1;
  const file = path.join(SHOTS, `${String(step).padStart(2, "0")}-${name}.png`);
  await page.screenshot({ path: file });
  console.log(`step ${step}: ${name} (${file})`);
}

function check(cond, what) {
  if (!cond) throw new Error(`expected: ${what}`);
}

try {
  // 1. Sign in: a wrong key is refused, the admin key lets in.
  await page.goto(STUDIO_URL);
  await page.getByLabel("Admin API key").fill("not-a-key-at-all");
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.locator("#signin-error").waitFor({ state: "visible" });
  await shot("sign-in-refused");
  await page.getByLabel("Admin API key").fill(STUDIO_KEY);
  await page.keyboard.press("Enter");
  await page.locator("#view-tenants").waitFor({ state: "visible" });
  await page.locator('tr[data-tenant="acme"]').waitFor();
  await shot("tenants");

  // 2. Create a tenant against the sandbox; a wrong secret first shows the error.
  await page.getByRole("button", { name: "New tenant" }).click();
  await page.getByLabel("Tenant id").fill("globex");
  await page.getByLabel("Base URL").fill(SANDBOX_URL);
  await page.getByLabel("OAuth client id").fill("sandbox-client");
  await page.getByLabel("Client secret").fill("wrong-secret");
  await page.getByLabel("Scopes").fill("core.common.read core.purchase_order.read");
  await page.getByRole("button", { name: "Create tenant" }).click();
  await page.locator("#tenant-error").waitFor({ state: "visible" });
  check((await page.locator("#tenant-error").textContent()).includes("refused"), "the refused credentials are shown");
  await shot("tenant-refused");
  await page.getByLabel("Client secret").fill("sandbox-secret");
  await page.getByRole("button", { name: "Create tenant" }).click();
  await page.locator('tr[data-tenant="globex"]').waitFor();
  check(await page.locator("#tenant-form").isHidden(), "the form closes once the tenant is created");
  check(!(await page.content()).includes("sandbox-secret"), "the secret is never shown");
  await shot("tenant-created");

  // 3. Purchase orders of the new tenant: live records and their fields.
  await page.locator('tr[data-tenant="globex"]').getByRole("button", { name: "Mappings" }).click();
  await page.locator("#view-mapping").waitFor({ state: "visible" });
  check((await page.locator("#m-resource").inputValue()) === "purchase_orders", "purchase orders are picked");
  const costCenter = page.locator('#fields-tree li[data-path="custom-fields.cost-center-code"]');
  await costCenter.waitFor();
  check((await costCenter.getAttribute("class")).includes("custom"), "custom fields are marked");
  await page.locator("#m-status.ok").waitFor();
  await shot("samples-and-fields");

  // 4. Add a custom field to the override: type, click the field to insert its path.
  const editor = page.locator("#m-editor");
  await editor.click();
  await page.keyboard.type('response: |\n  {\n    "custom_fields": {\n      "cost_center": ');
  await costCenter.click();
  await page.keyboard.type('\n    }\n  }\nschema:\n  custom_fields.cost_center: { type: string }\n');
  check((await editor.inputValue()).includes("`custom-fields`.`cost-center-code`"), "the clicked path is inserted");
  await page.waitForTimeout(800); // the preview follows the last keystroke after 300 ms
  await page.waitForFunction(() => document.querySelector("#pane-output").textContent.includes('"cost_center"'));
  check((await page.locator("#pane-output").textContent()).includes("CC-"), "the preview shows the custom field's value");
  await page.locator("#m-status.ok").waitFor();
  await shot("preview-output");
  await page.getByRole("button", { name: /^Diff/ }).click();
  check((await page.locator("#pane-diff").textContent()).includes("custom_fields"), "the diff names the new field");
  await shot("preview-diff");
  await page.getByRole("button", { name: "Projection" }).click();
  check((await page.locator("#pane-projection").textContent()).includes("custom-fields.cost-center-code"), "the projection names the field read");
  await shot("preview-projection");

  // 5. Save (keyboard), then read it back through the API.
  await editor.press("Control+s");
  await page.waitForFunction(() => document.querySelector("#m-status").textContent.startsWith("Saved as version 1"));
  await shot("saved");
  const api = await page.evaluate(async ([gw, key]) => {
    const r = await fetch(`${gw}/unified/procurement/purchase_orders?limit=3`, { headers: { Authorization: `Bearer ${key}`, "X-Tenant-Id": "globex" } });
    return r.json();
  }, [gateway, STUDIO_KEY]);
  check(api.result.length === 3 && api.result.every((r) => r.custom_fields && /^CC-/.test(r.custom_fields.cost_center)), `the API serves the field: ${JSON.stringify(api).slice(0, 300)}`);

  // 6. A broken override: the error at line:column, and saving it saves nothing.
  await editor.press("Control+Home");
  await editor.press("ArrowDown");
  await editor.press("ArrowDown");
  await editor.press("End");
  await page.keyboard.type(" (");
  await page.locator("#m-status.bad").waitFor();
  const status = await page.locator("#m-status").textContent();
  const at = /^Line (\d+), column (\d+)/.exec(status);
  check(at && Number(at[2]) > 1, `the compile error has line and column: ${status}`);
  check((await page.locator("#gutter .bad").textContent()).trim() === at[1], "the gutter marks the line");
  await shot("compile-error");
  await page.getByRole("button", { name: "Save" }).click();
  await page.waitForFunction(() => document.querySelector("#m-status").textContent.startsWith("Not saved"));
  await shot("save-refused");
  const saved = await page.evaluate(async ([gw, key]) => {
    const r = await fetch(`${gw}/admin/tenants/globex/overrides/purchase_orders`, { headers: { Authorization: `Bearer ${key}` } });
    return r.json();
  }, [gateway, STUDIO_KEY]);
  check(saved.version === 1 && saved.versions.length === 1, `nothing new was saved: ${JSON.stringify(saved).slice(0, 300)}`);

  // 7. The tenants view shows the new tenant's token and its calls.
  await page.getByRole("button", { name: "Tenants" }).click();
  await page.locator('tr[data-tenant="globex"] .badge.ok').waitFor();
  await shot("tenants-after");

  check(problems.length === 0, `no script errors: ${problems.join("; ")}`);
  console.log("studio walkthrough: ok");
  await browser.close();
} catch (e) {
  try { await shot("failure"); } catch {}
  console.error(`step ${step + 1} failed: ${e.message}`);
  if (problems.length) console.error(problems.join("\n"));
  await browser.close();
  process.exit(1);
}
