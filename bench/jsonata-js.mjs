// npm `jsonata` (2.x) on the same mapping chains and records as `cargo bench --bench mapping`.
// Reads <dir>/cases.json (written by that bench with PROCURA_BENCH_DUMP=<dir>): for each
// case, the chain's response expressions (base first, then the tenant override, evaluated
// with `$base` bound to the level below and deep-merged over it, as procura does) and the
// record texts. Measures parse + chain + JSON.stringify per record, like procura's figure.
// Cases that carry procura's output text for every record (`expected_texts`, the
// mappings of benches/mappings/) are checked byte for byte on every record.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { isDeepStrictEqual } from "node:util";
import jsonata from "jsonata";

const dir = process.argv[2];
if (!dir) {
  console.error("usage: node jsonata-js.mjs <dir with cases.json>");
  process.exit(2);
}
const seconds = Number(process.env.SECONDS_PER_CASE || 2);
const cases = JSON.parse(readFileSync(join(dir, "cases.json"), "utf8"));

function isObject(v) {
  return v !== null && typeof v === "object" && !Array.isArray(v);
}

// The overlay merged into base: objects key by key, null removes, anything else replaces.
function deepMerge(base, overlay) {
  if (isObject(base) && isObject(overlay)) {
    for (const [k, v] of Object.entries(overlay)) {
      if (v === null) delete base[k];
      else if (k in base) base[k] = deepMerge(base[k], v);
      else if (v !== undefined) base[k] = v;
    }
    return base;
  }
  return overlay;
}

async function runChain(levels, input) {
  let result;
  for (const level of levels) {
    const out = await level.expr.evaluate(input, result === undefined ? {} : { base: result });
    if (result === undefined) result = out;
    else if (out === undefined) continue;
    else if (level.mode === "replace") result = out;
    else result = deepMerge(result, out);
  }
  return result === undefined ? {} : result;
}

// Records/s of `f`: the best of three windows of `seconds` each, as benches/mapping.rs
// measures procura, so a collection or compilation pause in one window, or a neighbour's
// burst on the shared machine, does not decide the figure on either side.
async function rate(records, f) {
  for (const r of records) await f(r);
  let best = 0;
  for (let round = 0; round < 3; round++) {
    const start = process.hrtime.bigint();
    let n = 0;
    while (Number(process.hrtime.bigint() - start) / 1e9 < seconds) {
      for (const r of records) await f(r);
      n += records.length;
    }
    best = Math.max(best, n / (Number(process.hrtime.bigint() - start) / 1e9));
  }
  return best;
}

console.log(`jsonata-js ${process.env.JSONATA_VERSION || ""} on node ${process.version}`);
let differs = 0;
for (const c of cases) {
  const levels = c.levels.map((l) => ({ mode: l.mode, expr: jsonata(l.expr) }));
  let same;
  if (c.expected_texts) {
    // every record's output text, byte for byte
    same = true;
    for (let i = 0; i < c.records.length; i++) {
      const text = JSON.stringify(await runChain(levels, JSON.parse(c.records[i])));
      if (text !== c.expected_texts[i]) {
        if (same) console.error(`jsonata-js ${c.name} record ${i}:\n  npm     ${text}\n  procura ${c.expected_texts[i]}`);
        same = false;
      }
    }
  } else {
    const first = JSON.parse(JSON.stringify(await runChain(levels, JSON.parse(c.records[0]))));
    same = isDeepStrictEqual(first, c.expected);
  }
  const perSec = await rate(c.records, async (text) =>
    JSON.stringify(await runChain(levels, JSON.parse(text))),
  );
  const name = c.name;
  console.log(
    `jsonata-js ${name.padEnd(28)} ${perSec.toFixed(0).padStart(9)} records/s` +
      (same ? "" : "  (output differs from procura's on the first record)"),
  );
  if (!same) differs += 1;
}
// A speed ratio between engines that disagree measures nothing: fail the run.
if (differs > 0) {
  console.error(`jsonata-js: ${differs} case(s) where npm jsonata's output differs from procura's`);
  process.exit(1);
}
