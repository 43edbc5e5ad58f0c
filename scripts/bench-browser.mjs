// `make bench-browser` (issue #16): Vitrine side by side with GrowthBook in headless Chromium, on
// one page and in one run, SDKs interleaved (alternating which goes first each round). Prints a
// table and appends it, dated, to BENCHMARKS.md ("In the browser, side by side with GrowthBook").
//
//   node scripts/bench-browser.mjs [--rounds 40] [--n 100,1000,10000] [--loads 20]
//                                  [--package vitrine=<dir>] [--no-append]
//
// --rounds: measured rounds per case (half for N = 10,000), after a few warm-up rounds.
// --n: catalog sizes for pick and ingestion. --loads: cold-start loads per cell.
// --package: serve another build of an SDK (by key: vitrine, growthbook). --no-append: print only.
//
// The parts: 1 pick, 2 track, 3 ingestion (bench/page.js), 4 cold start (bench/cold-start.mjs),
// 5 memory (bench/memory.mjs), 6 sizes (from what the cold-start pages fetched). The SDKs are
// reached only through bench/adapters/. `runBrowserBench(SMOKE)` is the smoke run of
// tests/e2e/bench.test.mjs.
import { loadavg } from 'node:os';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { repo, launchBrowser, collectErrors } from '../tests/e2e/harness.mjs';
import { sdks } from '../bench/adapters/index.js';
import { EVENT_MIX } from '../bench/workload/events.js';
import { startBenchServer } from '../bench/server.mjs';
import { site, BENCH_PAGE, benchContext } from '../bench/pages.mjs';
import { coldStart, DEVICES, VISITS } from '../bench/cold-start.mjs';
import { memory } from '../bench/memory.mjs';
import { row, table, timeStats, throughputStats, quantile, appendToSection } from '../bench/report.mjs';

/** The full run: about 6 minutes on a shared 2-vCPU machine. */
export const FULL = Object.freeze({
  sizes: [100, 1_000, 10_000],
  rounds: 40,
  warmup: 3,
  profileEvents: 10_000,
  trackEvents: 10_000,
  perTypeEvents: 2_000,
  loads: 20,
  coldWarmup: 1,
  memorySizes: [1_000, 10_000],
  memoryRepeats: 5,
});

/** The smoke run: every part and row, one round, tiny catalogs, one load each. */
export const SMOKE = Object.freeze({
  sizes: [10],
  rounds: 1,
  warmup: 0,
  profileEvents: 100,
  trackEvents: 100,
  perTypeEvents: 20,
  loads: 1,
  coldWarmup: 0,
  memorySizes: [10],
  memoryRepeats: 1,
});

const count = (n) => n.toLocaleString('en-US');
/** Rounds for catalogs of `n` offers: half for the slowest size. */
const roundsFor = ({ rounds }, n) => (n >= 10_000 ? Math.ceil(rounds / 2) : rounds);

/** The bench page in a fresh context, once its modules have loaded. */
async function openBenchPage(browser, url) {
  const page = await (await benchContext(browser)).newPage();
  const errors = collectErrors(page);
  await page.goto(`${url}${BENCH_PAGE}`);
  await page.waitForFunction(() => window.benchReady, null, { timeout: 30_000 }).catch((error) => {
    throw new Error(`the bench page did not load: ${errors.join('; ') || error.message}`);
  });
  return page;
}

async function pickRows(page, options) {
  const rows = [];
  for (const n of options.sizes) {
    const args = { n, profileEvents: options.profileEvents, rounds: roundsFor(options, n), warmup: options.warmup };
    const { pass, samples } = await page.evaluate((a) => window.bench.pick(a), args);
    const passed = Object.values(pass)[0];
    rows.push({ ...row('1. pick', `one banner, N = ${count(n)}: ${count(passed)} pass on both sides`, 'ms', timeStats(samples)), pass });
  }
  return rows;
}

async function trackRows(page, options) {
  const args = { count: options.trackEvents, perType: options.perTypeEvents, types: Object.keys(EVENT_MIX), rounds: options.rounds, warmup: options.warmup };
  const { overall, byType } = await page.evaluate((a) => window.bench.track(a), args);
  const throughput = (label, { events, samples }) => row('2. track', label, 'events/s', throughputStats(samples, events));
  return [
    throughput(`${count(overall.events)} mixed events`, overall),
    ...Object.entries(byType).map(([type, result]) => throughput(`${count(result.events)} × ${type}`, result)),
  ];
}

async function ingestRows(page, options) {
  const rows = [];
  // N = 10 too: what starting an instance costs before the catalog's size matters.
  for (const n of new Set([10, ...options.sizes])) {
    const args = { n, rounds: roundsFor(options, n), warmup: options.warmup };
    const { bytes, samples } = await page.evaluate((a) => window.bench.ingest(a), args);
    const sizes = sdks.map((sdk) => `${(bytes[sdk.key] / 1024).toFixed(0)} KiB`).join(' / ');
    rows.push(row('3. ingestion', `N = ${count(n)} (catalog as ingested: ${sizes})`, 'ms', timeStats(samples)));
  }
  return rows;
}

function coldStartRows(results) {
  return Object.keys(DEVICES).flatMap((device) =>
    VISITS.map((visit) => row('4. cold start', `${device}, ${visit} visit`, 'ms', timeStats(results[device][visit]))));
}

function memoryRows({ empty, cells }) {
  const baseline = quantile(empty, 0.5);
  return cells.map(({ n, tracked, samples }) => {
    const total = (key) => quantile(samples[key].map((s) => s.heap + s.wasm), 0.5) - baseline;
    const values = Object.fromEntries(sdks.map((sdk) => [sdk.key, { median: total(sdk.key) }]));
    const wasm = sdks.filter((sdk) => samples[sdk.key][0].wasm > 0)
      .map((sdk) => `${sdk.name}: ${(quantile(samples[sdk.key].map((s) => s.wasm), 0.5) / 1024 / 1024).toFixed(1)} MiB wasm`);
    const events = tracked ? `${count(tracked)} events` : 'no events';
    return row('5. memory', `N = ${count(n)}, ${events}${wasm.length ? ` (${wasm.join(', ')})` : ''}`, 'bytes', values);
  });
}

/** Part 6: the bytes of what the cold-start pages fetched, by SDK, compressed both ways. */
function sizeRows(server, requests, dataPaths) {
  const fetched = (sdk) => [...new Set(requests.map((r) => r.path).filter((p) => p.startsWith(sdk.files.url)))];
  const total = (paths, encoding) => paths.reduce((sum, path) => sum + server.sizes(path)[encoding], 0);
  const files = sdks.map((sdk) => fetched(sdk).map((p) => p.slice(sdk.files.url.length)).join(' + ')).join(' / ');
  const sized = (encoding, pathsOf) => Object.fromEntries(sdks.map((sdk) => [sdk.key, { median: total(pathsOf(sdk), encoding) }]));
  return [
    row('6. size', `SDK files, gzip (${files})`, 'bytes', sized('gzip', fetched)),
    row('6. size', 'SDK files, brotli', 'bytes', sized('brotli', fetched)),
    row('6. size', `demo campaigns, brotli (${sdks.map((sdk) => dataPaths[sdk.key].join(' + ')).join(' / ')})`, 'bytes', sized('brotli', (sdk) => dataPaths[sdk.key])),
  ];
}

/**
 * Runs all six parts with `options` (FULL, SMOKE or the like, plus `packageDirs` by SDK key)
 * and resolves to `{ rows, meta }`. Throws naming the part, N and SDK when something fails,
 * including when the SDKs disagree on how many offers pass the rules.
 */
export async function runBrowserBench(options = FULL) {
  const started = Date.now();
  const loadAtStart = loadavg()[0];
  const { mounts, routes, dataPaths } = site(repo, options);
  const server = await startBenchServer({ mounts, routes });
  const browser = await launchBrowser();
  try {
    const page = await openBenchPage(browser, server.url);
    const versions = await page.evaluate(() => window.bench.versions());
    const isolated = await page.evaluate(() => window.crossOriginIsolated);
    const rows = [...await pickRows(page, options), ...await trackRows(page, options), ...await ingestRows(page, options)];
    await page.context().close();
    const coldStartFrom = server.requests.length;
    rows.push(...coldStartRows(await coldStart(browser, server.url, { loads: options.loads, warmup: options.coldWarmup })));
    const coldStartRequests = server.requests.slice(coldStartFrom);
    rows.push(...memoryRows(await memory(browser, server.url, { sizes: options.memorySizes, tracked: options.trackEvents, repeats: options.memoryRepeats })));
    rows.push(...sizeRows(server, coldStartRequests, dataPaths));
    const encodings = [...new Set(coldStartRequests.map((r) => r.encoding))].join(', ');
    return {
      rows,
      meta: {
        date: new Date(started),
        chromium: browser.version(),
        load: [loadAtStart, loadavg()[0]],
        versions,
        isolated,
        encodings,
        seconds: (Date.now() - started) / 1000,
        options,
      },
    };
  } finally {
    await browser.close();
    await server.close();
  }
}

/** `text` broken into lines of at most `width` characters, at spaces. */
function wrap(text, width = 100) {
  const lines = [''];
  for (const word of text.split(' ')) {
    const line = lines.at(-1);
    if (line && line.length + 1 + word.length > width) lines.push(word);
    else lines[lines.length - 1] = line ? `${line} ${word}` : word;
  }
  return lines.join('\n');
}

/** The run as a BENCHMARKS.md subsection. */
export function report({ rows, meta }) {
  const { options } = meta;
  const minutes = `${Math.floor(meta.seconds / 60)} min ${Math.round(meta.seconds % 60)} s`;
  const sdkVersions = sdks.map((sdk) => `${sdk.name} ${meta.versions[sdk.key]}`).join(', ');
  const slow = options.sizes.some((n) => roundsFor(options, n) !== options.rounds) ? ` (${roundsFor(options, 10_000)} for N = 10,000)` : '';
  const clock = meta.isolated ? '' : ' (the page was not cross-origin isolated: coarse clock)';
  const setting = [
    `Headless Chromium ${meta.chromium}, ${sdkVersions}.`,
    `Load average ${meta.load[0].toFixed(2)} at the start, ${meta.load[1].toFixed(2)} at the end.`,
    `Parts 1 to 3: ${options.rounds} rounds${slow} after ${options.warmup} warm-up rounds${clock};`,
    `cold start: ${options.loads} loads per cell after ${options.coldWarmup} warm-up round;`,
    `memory: median of ${options.memoryRepeats} fresh pages.`,
    `Files served with ${meta.encodings}. The run took ${minutes}.`,
  ].join(' ');
  return `### Run of ${meta.date.toISOString().slice(0, 16).replace('T', ' ')} UTC

${wrap(setting)}

${table(rows, sdks.map((sdk) => sdk.name))}
`;
}

function parseOptions(argv) {
  const { values } = parseArgs({
    args: argv,
    options: {
      rounds: { type: 'string' },
      n: { type: 'string' },
      loads: { type: 'string' },
      package: { type: 'string', multiple: true, default: [] },
      'no-append': { type: 'boolean', default: false },
    },
  });
  const positive = (name, text) => {
    const value = Number(text);
    if (!Number.isInteger(value) || value < 1) throw new Error(`bench-browser: --${name} needs a positive integer, not "${text}"`);
    return value;
  };
  const options = { ...FULL };
  if (values.rounds) options.rounds = positive('rounds', values.rounds);
  if (values.loads) options.loads = positive('loads', values.loads);
  if (values.n) options.sizes = values.n.split(',').map((n) => positive('n', n));
  options.packageDirs = Object.fromEntries(values.package.map((p) => {
    const [key, dir] = p.split('=');
    if (!sdks.some((sdk) => sdk.key === key) || !dir) throw new Error(`bench-browser: --package needs <sdk>=<dir> with sdk one of ${sdks.map((s) => s.key).join(', ')}`);
    return [key, resolve(dir)];
  }));
  return { options, append: !values['no-append'] };
}

/** The command line's options, or exit 2 with the problem. */
function parseOptionsOrExit(argv) {
  try {
    return parseOptions(argv);
  } catch (error) {
    console.error(error.message);
    process.exit(2);
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { options, append } = parseOptionsOrExit(process.argv.slice(2));
  const markdown = report(await runBrowserBench(options));
  console.log(markdown);
  if (append) {
    appendToSection(resolve(repo, 'BENCHMARKS.md'), markdown);
    console.log('bench-browser: appended to BENCHMARKS.md');
  }
}
