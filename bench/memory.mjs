// Part 5 of the bench: memory held after init, per SDK, for catalogs of N offers with and without
// tracked events. Each figure is a fresh page of the bench page holding one session (page.js
// `hold`), after CDP `HeapProfiler.collectGarbage`: the JS heap (`Runtime.getHeapUsage`) plus the
// WebAssembly memory, minus the same page's heap when it holds nothing.
import { sdks } from './adapters/index.js';
import { interleave } from './interleave.js';
import { BENCH_PAGE, benchContext } from './pages.mjs';

/** `{ heap, wasm }` in bytes for a fresh bench page holding a session of `sdk` (none: the empty page). */
async function measure(browser, baseUrl, sdk, { n, tracked } = {}) {
  const what = sdk ? `memory, N = ${n}, ${tracked} events, ${sdk.name}` : 'memory, empty page';
  const context = await benchContext(browser);
  try {
    const page = await context.newPage();
    await page.goto(`${baseUrl}${BENCH_PAGE}`);
    await page.waitForFunction(() => window.benchReady);
    const { wasmBytes } = await page.evaluate((cell) => window.bench.hold(cell), { key: sdk?.key, n, tracked });
    const cdp = await context.newCDPSession(page);
    await cdp.send('HeapProfiler.collectGarbage');
    await cdp.send('HeapProfiler.collectGarbage');
    const { usedSize } = await cdp.send('Runtime.getHeapUsage');
    return { heap: usedSize, wasm: wasmBytes };
  } catch (error) {
    throw new Error(`${what}: ${error.message}`, { cause: error });
  } finally {
    await context.close();
  }
}

/**
 * `{ empty: [bytes], cells: [{ n, tracked, samples: { [sdk key]: [{ heap, wasm }] } }] }`:
 * `repeats` measurements per cell, SDKs interleaved.
 */
export async function memory(browser, baseUrl, { sizes, tracked, repeats }) {
  const empty = [];
  for (let i = 0; i < repeats; i++) empty.push((await measure(browser, baseUrl)).heap);
  const cells = [];
  for (const n of sizes) {
    for (const events of [0, tracked]) {
      const samples = await interleave(sdks, { rounds: repeats }, (sdk) => measure(browser, baseUrl, sdk, { n, tracked: events }));
      cells.push({ n, tracked: events, samples });
    }
  }
  return { empty, cells };
}
