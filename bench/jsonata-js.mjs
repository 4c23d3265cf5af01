// Measures npm `jsonata` (2.x) on the same record and mapping as benches/mapping.rs:
// parse the record text, evaluate, JSON.stringify the output.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { dirname, join } from "node:path";
import jsonata from "jsonata";

const here = dirname(fileURLToPath(import.meta.url));
const fixtures = join(here, "..", "benches", "fixtures");
const text = readFileSync(join(fixtures, "purchase_order.json"), "utf8");
const mapping = readFileSync(join(fixtures, "purchase_order.jsonata"), "utf8");
const expr = jsonata(mapping);
const parsed = JSON.parse(text);
const seconds = Number(process.env.SECONDS_PER_CASE || 5);

async function rate(f) {
  for (let i = 0; i < 200; i++) await f();
  const start = process.hrtime.bigint();
  let n = 0;
  while (Number(process.hrtime.bigint() - start) / 1e9 < seconds) {
    for (let i = 0; i < 50; i++) await f();
    n += 50;
  }
  return n / (Number(process.hrtime.bigint() - start) / 1e9);
}

const evalOnly = await rate(async () => JSON.stringify(await expr.evaluate(parsed)));
const full = await rate(async () => JSON.stringify(await expr.evaluate(JSON.parse(text))));
const floor = await rate(async () => JSON.stringify(JSON.parse(text)));
console.log(`jsonata-js ${process.env.JSONATA_VERSION || ""} on node ${process.version}`);
console.log(`jsonata-js evaluate+stringify:        ${evalOnly.toFixed(0).padStart(10)} records/s`);
console.log(`jsonata-js parse+evaluate+stringify:  ${full.toFixed(0).padStart(10)} records/s`);
console.log(`node JSON.parse+stringify floor:      ${floor.toFixed(0).padStart(10)} records/s`);
