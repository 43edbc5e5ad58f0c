// Vitrine behind the bench's SDK interface. Every line of the bench that knows Vitrine's API,
// options or package files is in this module, so a rewritten package only changes this file.
//
// The interface (./growthbook.js has the same): `key`, `name`, `files` (the URL the page loads
// the package from, the directory served there, the entry module), `load()`, `version()`,
// `serialize(catalog)` (a Vitrine catalog object as the bytes this SDK ingests; may return a
// promise), `create(bytes, { now, seed, facts })` (a session, ready to decide: `track(event)`,
// `pick(slot, page)`, `passCount(slot, page)`, `facts(page)`, `destroy()`), `wasmMemoryBytes()`,
// `coldStart` (what a shop's page needs: `routes(demo)`, `head()`, `slot(id, fallback)`,
// `script(demo)`, `bannerSelector`) and, optionally, `pageFunctions` (Node functions the bench page may call,
// exposed to it by bench/pages.mjs). Pages are described by catalog feature names
// (`{ 'page.type': 'home' }`).

export const key = 'vitrine';
export const name = 'Vitrine';
export const files = { url: '/sdk/vitrine/', dir: 'pkg', entry: 'index.js' };
const CONSENT = { personalization: 'granted', measurement: 'denied' };

let sdk;
/** The module's WebAssembly memory, caught as the package instantiates it (see `catchMemory`). */
let memory;

/**
 * Catches the memory of the next WebAssembly instance the page creates, by wrapping the
 * `WebAssembly.Instance` constructor (the package compiles its module, then instantiates it
 * with the glue's `initSync`) until then. The package exposes no way to reach its module's
 * memory (nor should it), and `performance.measureUserAgentSpecificMemory()` does not count
 * WebAssembly memory in Chromium; on the bench page only Vitrine instantiates a module.
 */
function catchMemory() {
  const Instance = WebAssembly.Instance;
  function Catching(module, imports) {
    const instance = new Instance(module, imports);
    memory = instance.exports.memory;
    WebAssembly.Instance = Instance;
    return instance;
  }
  Catching.prototype = Instance.prototype;
  WebAssembly.Instance = Catching;
}

export async function load() {
  if (sdk) return;
  catchMemory();
  sdk = await import(files.url + files.entry);
}

export async function version() {
  await load();
  return sdk.version;
}

/** Compiled catalogs (base64) by JSON text, on the Node side. */
const compiled = new Map();

/**
 * Node side of `serialize`: compiles a catalog's JSON into the payload the `catalog` option
 * takes, as `vitrine sign` does (tests/e2e/catalogs.mjs). Compiled once per catalog.
 */
export const pageFunctions = {
  async vitrineCompileCatalog(json) {
    if (!compiled.has(json)) {
      const [{ mkdtempSync, rmSync }, { tmpdir }, { join }, { payloadOf, signCatalogs }] = await Promise.all([
        import('node:fs'), import('node:os'), import('node:path'), import('../../tests/e2e/catalogs.mjs'),
      ]);
      const dir = mkdtempSync(join(tmpdir(), 'vitrine-bench-'));
      try {
        compiled.set(json, Buffer.from(payloadOf(signCatalogs({ bench: json }, dir).bench)).toString('base64'));
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    }
    return compiled.get(json);
  },
};

/** The compiled catalog (the browser never parses catalog JSON), from the Node side above. */
export async function serialize(catalog) {
  if (typeof window.vitrineCompileCatalog !== 'function') {
    throw new Error('compiling a catalog needs the Node side: open the bench page in a context from benchContext() (bench/pages.mjs)');
  }
  const base64 = await window.vitrineCompileCatalog(JSON.stringify(catalog));
  return Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
}

/** Vitrine's decision context for a page described by feature names. */
const decisionContext = (page) => ({ pageType: page['page.type'] });

/**
 * The shopper's facts the bench catalog's rules read, from the public `profile()` (intent and
 * the top 8 category affinities: all of the bench's 8 categories), plus the page's.
 */
function profileFacts(profile, page) {
  const affinities = profile.affinities.category.map(({ key, share }) => [`affinity.category.${key}`, share]);
  return { intent: profile.temperature, ...Object.fromEntries(affinities), ...page };
}

/** A session on the compiled catalog `bytes`, with the "Testing your shop" options: no network, memory storage, fixed clock and seed. */
export async function create(bytes, { now, seed }) {
  await load();
  const vitrine = await sdk.Vitrine.init({ catalog: bytes, storage: 'memory', clock: () => now, seed, consent: CONSENT });
  return {
    track: (event) => vitrine.track(event),
    pick: (slot, page) => vitrine.decide(slot, decisionContext(page)).offer?.id ?? null,
    // Candidates passed every check: rules, and caps and cooldowns, which the bench catalog has none of.
    passCount: (slot, page) => vitrine.decide(slot, decisionContext(page)).explanation.candidates,
    facts: (page) => profileFacts(vitrine.profile(), page),
    destroy: () => vitrine.destroy(),
  };
}

/** The WebAssembly memory's size (0 before the first session instantiates the module). */
export async function wasmMemoryBytes() {
  await load();
  return memory?.buffer.byteLength ?? 0;
}

/**
 * A shop's page as pkg-template/README.md tells it: the `<head>` lines that start the module and
 * its WebAssembly with the page, the signed catalog, `init`, then `render`.
 */
export const coldStart = {
  bannerSelector: '.vitrine-banner',
  head: () =>
    `<link rel="modulepreload" href="${files.url}${files.entry}">` +
    `<link rel="preload" href="${files.url}vitrine_wasm_bg.wasm" as="fetch" type="application/wasm" crossorigin>`,
  routes: (demo) => ({
    '/catalog.bin': { type: 'application/octet-stream', body: demo.signedCatalog },
  }),
  slot: (id, fallback) =>
    `<style>.vitrine-loading { visibility: hidden }</style><div data-vitrine-slot="${id}" class="vitrine-loading">${fallback}</div>`,
  script: (demo) => `import { Vitrine } from '${files.url}${files.entry}';
const vitrine = await Vitrine.init({
  catalogUrl: '/catalog.bin',
  publicKeys: ${JSON.stringify(demo.publicKeys)},
  consent: ${JSON.stringify(CONSENT)},
  onError: (error) => console.error('vitrine: ' + error.code + ': ' + error.message),
});
vitrine.render(${JSON.stringify(decisionContext(demo.page))});`,
};
