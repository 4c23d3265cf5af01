// Evaluates cases with the reference engine (npm `jsonata`) and prints each result as
// JSON.stringify gives it (null for undefined), one per line.
// Usage: node jsonata_diff.mjs CASES.json   where CASES is [{expr, input, bindings?}].
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const jsonata = require(process.env.JSONATA_MODULE || "jsonata");
const cases = JSON.parse(readFileSync(process.argv[2], "utf8"));
const compiled = new Map();
for (const c of cases) {
  if (!compiled.has(c.expr)) compiled.set(c.expr, jsonata(c.expr));
  try {
    const out = await compiled.get(c.expr).evaluate(c.input, c.bindings || {});
    console.log(out === undefined ? "null" : JSON.stringify(out));
  } catch (e) {
    // An expression that fails ($error, a type error) must fail the same way in both.
    console.log(`error ${e.code}`);
  }
}
