// The in-page half of the bench (served as /bench/page.js by the bench page): parts 1 to 3 (pick,
// track, ingestion) and the set-up of part 5 (memory), for every SDK through its adapter only.
// The runner (scripts/bench-browser.mjs) calls `window.bench.*`; every function returns raw
// samples in milliseconds, by SDK key, and throws an Error naming the part, N and SDK when
// something is off.
import { sdks } from './adapters/index.js';
import { benchCatalog, SLOT, PAGE } from './workload/catalog.js';
import { events, NOW } from './workload/events.js';
import { interleave } from './interleave.js';

const SEED = 42;
/** A timed batch repeats an operation until it lasts about this long (the clock ticks in 5 µs steps at best). */
const BATCH_MS = 10;
const [subject, baseline] = sdks;
const byKey = (make) => Object.fromEntries(sdks.map((sdk) => [sdk.key, make(sdk)]));
/** `byKey` for a `make` that returns promises. */
const byKeyAsync = async (make) => Object.fromEntries(await Promise.all(sdks.map(async (sdk) => [sdk.key, await make(sdk)])));

/** Runs `step`, prefixing any error with `what` (part, N, SDK). */
async function naming(what, step) {
  try {
    return await step();
  } catch (error) {
    throw new Error(`${what}: ${error.message}`, { cause: error });
  }
}

/**
 * A sampler of `operation`: each call times a batch of calls (sized on first use to last about
 * BATCH_MS) and returns milliseconds per call. `cleanup(results)` runs after each batch, untimed.
 */
function sampler(operation, cleanup = async () => {}) {
  let batch = 0;
  const timeBatch = async (size) => {
    const results = [];
    const start = performance.now();
    for (let i = 0; i < size; i++) {
      const result = operation();
      results.push(typeof result?.then === 'function' ? await result : result);
    }
    const elapsed = performance.now() - start;
    await cleanup(results);
    return elapsed / size;
  };
  return async () => {
    if (batch === 0) batch = Math.min(1000, Math.max(1, Math.ceil(BATCH_MS / Math.max(await timeBatch(1), 0.005))));
    return timeBatch(batch);
  };
}

/** The bench catalog with `n` offers as `sdk` ingests it (text or bytes; a compiled form may take a promise). */
const catalogData = async (sdk, n) => sdk.serialize(benchCatalog(n));

/** A session of `sdk` on catalog `data`, judging `facts` if the SDK needs them. */
const open = (sdk, data, facts) => sdk.create(data, { now: NOW, seed: SEED, facts });

/** Feeds `stream` to a session and returns the milliseconds it took (GrowthBook's `logEvent` promises included). */
async function trackAll(session, stream) {
  const start = performance.now();
  let last;
  for (const event of stream) last = session.track(event);
  await last;
  return performance.now() - start;
}

/**
 * Part 1: one slot's pick over a catalog of `n` offers, the subject's profile built from
 * `profileEvents` events and the baseline judging the subject's facts. Fails when the two do not
 * agree on how many offers pass the rules.
 */
async function pick({ n, profileEvents, rounds, warmup }) {
  const sessions = {};
  await naming(`pick, N = ${n}, ${subject.name}`, async () => {
    sessions[subject.key] = await open(subject, await catalogData(subject, n));
    await trackAll(sessions[subject.key], events(profileEvents, { offers: n }));
  });
  const facts = sessions[subject.key].facts(PAGE);
  await naming(`pick, N = ${n}, ${baseline.name}`, async () => {
    sessions[baseline.key] = await open(baseline, await catalogData(baseline, n), facts);
  });
  const pass = byKey((sdk) => sessions[sdk.key].passCount(SLOT, PAGE));
  if (new Set(Object.values(pass)).size !== 1) {
    throw new Error(`pick, N = ${n}: the SDKs disagree on how many offers pass the rules: ${sdks.map((s) => `${s.name} ${pass[s.key]}`).join(', ')}`);
  }
  const samplers = byKey((sdk) => sampler(() => sessions[sdk.key].pick(SLOT, PAGE)));
  const samples = await interleave(sdks, { rounds, warmup }, (sdk) => naming(`pick, N = ${n}, ${sdk.name}`, samplers[sdk.key]));
  for (const session of Object.values(sessions)) await session.destroy();
  return { pass, samples };
}

/** Part 2: milliseconds to track `stream` into a fresh session (catalog of 1,000 offers), per round. */
async function trackStream(stream, what, { rounds, warmup }) {
  const data = await byKeyAsync((sdk) => catalogData(sdk, 1_000));
  return interleave(sdks, { rounds, warmup }, (sdk) =>
    naming(`${what}, ${sdk.name}`, async () => {
      const session = await open(sdk, data[sdk.key]);
      const ms = await trackAll(session, stream);
      await session.destroy();
      return ms;
    }));
}

/** Part 2: a mixed stream of `count` events, then `perType` events of each type alone. */
async function track({ count, perType, types, rounds, warmup }) {
  const overall = { events: count, samples: await trackStream(events(count, { seed: 11 }), 'track, mixed', { rounds, warmup }) };
  const byType = {};
  for (const type of types) {
    const stream = events(perType, { type, seed: 11 });
    byType[type] = { events: perType, samples: await trackStream(stream, `track, ${type}`, { rounds, warmup }) };
  }
  return { overall, byType };
}

/** Part 3: catalog bytes in memory to a session ready to decide, for `n` offers. */
async function ingest({ n, rounds, warmup }) {
  const data = await byKeyAsync((sdk) => catalogData(sdk, n));
  const destroyAll = async (sessions) => {
    for (const session of sessions) await session.destroy();
  };
  const samplers = byKey((sdk) => sampler(() => open(sdk, data[sdk.key]), destroyAll));
  const bytes = byKey((sdk) => (typeof data[sdk.key] === 'string' ? new TextEncoder().encode(data[sdk.key]) : data[sdk.key]).length);
  const samples = await interleave(sdks, { rounds, warmup }, (sdk) => naming(`ingestion, N = ${n}, ${sdk.name}`, samplers[sdk.key]));
  return { bytes, samples };
}

/**
 * Part 5: keeps one session of SDK `key` alive on the page (a catalog of `n` offers, `tracked`
 * events), dropping everything else, and returns its wasm memory size. The runner then collects
 * garbage and reads the heap. Without `key`: nothing (the empty page's figure).
 */
async function hold({ key, n, tracked }) {
  const sdk = sdks.find((s) => s.key === key);
  if (!sdk) return { wasmBytes: 0 };
  window.held = await open(sdk, await catalogData(sdk, n));
  await trackAll(window.held, events(tracked, { offers: n }));
  return { wasmBytes: await sdk.wasmMemoryBytes() };
}

async function versions() {
  return Object.fromEntries(await Promise.all(sdks.map(async (sdk) => [sdk.key, await sdk.version()])));
}

window.bench = { pick, track, ingest, hold, versions };
window.benchReady = true;
