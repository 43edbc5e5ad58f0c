// Prints raw, gzip (-9) and brotli sizes of what a shop's page downloads from the built package
// (the default entry: its ES module and the WebAssembly) and of the optional entries (each its
// ES module and its own WebAssembly, which only pages using it download), and fails
// when the default entry exceeds the product's hard limit, 60 KiB gzip (issue #11), or a figure
// exceeds size-budget.json (the measured size: no growth). Every run prints the margin to the
// limit and the gap to the 40 KiB goal.
// Usage: node scripts/size.mjs
import { existsSync, readFileSync } from 'node:fs';
import { gzipSync, brotliCompressSync, constants } from 'node:zlib';

const budget = JSON.parse(readFileSync(new URL('../size-budget.json', import.meta.url), 'utf8'));
/** The product's hard limit and its goal, for the default entry (wasm + JS), gzip -9. */
const LIMIT = 60 * 1024;
const GOAL = 40 * 1024;

/** The files' sizes, each compressed on its own (each is its own download), summed. */
const measure = (paths) => {
  const sum = { raw: 0, gzip: 0, brotli: 0 };
  for (const bytes of paths.map((p) => readFileSync(p))) {
    sum.raw += bytes.length;
    sum.gzip += gzipSync(bytes, { level: 9 }).length;
    sum.brotli += brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length;
  }
  return sum;
};

const rows = { wasm: measure(['pkg/vitrine_wasm_bg.wasm']), js: measure(['pkg/index.js']) };
rows.total = Object.fromEntries(['raw', 'gzip', 'brotli'].map((k) => [k, rows.wasm[k] + rows.js[k]]));
for (const entry of ['beacons', 'measurement']) {
  const files = [`pkg/${entry}.js`, `pkg/vitrine_${entry}_bg.wasm`];
  if (files.every(existsSync)) rows[entry] = measure(files);
}

const kb = (n) => `${(n / 1024).toFixed(1)} KiB`.padStart(10);
console.log('                raw       gzip     brotli');
for (const [name, r] of Object.entries(rows)) {
  console.log(`${name.padEnd(12)} ${kb(r.raw)} ${kb(r.gzip)} ${kb(r.brotli)}`);
}

let failed = false;
const total = rows.total.gzip;
if (total > LIMIT) {
  console.error(`size: wasm + JS is ${kb(total).trim()} gzip, over the ${kb(LIMIT).trim()} limit by ${kb(total - LIMIT).trim()} (issue #11; BENCHMARKS.md, "Size")`);
  failed = true;
} else {
  console.log(`size: wasm + JS is ${kb(total).trim()} gzip, ${kb(LIMIT - total).trim()} under the ${kb(LIMIT).trim()} limit`);
}
console.log(total > GOAL
  ? `size: ${kb(total - GOAL).trim()} over the ${kb(GOAL).trim()} goal (limit ${kb(LIMIT).trim()})`
  : `size: within the ${kb(GOAL).trim()} goal`);
for (const [key, limit] of Object.entries(budget.limits)) {
  const [part, kind] = key.split('_');
  const actual = rows[part]?.[kind];
  if (actual === undefined) throw new Error(`size-budget.json: unknown limit "${key}"`);
  if (actual > limit) {
    console.error(`size: ${key} is ${actual} bytes, over the budget of ${limit} bytes`);
    failed = true;
  }
}
console.log(failed ? 'size: OVER BUDGET' : 'size: within budget (size-budget.json)');
process.exit(failed ? 1 : 0);
