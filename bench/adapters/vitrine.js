// Vitrine behind the bench's SDK interface. Every line of the bench that knows Vitrine's API,
// options or package files is in this module, so a rewritten package only changes this file.
//
// The interface (./growthbook.js has the same): `key`, `name`, `files` (the URL the page loads
// the package from, the directory served there, the entry module), `load()`, `version()`,
// `serialize(catalog)` (a Vitrine catalog object as the bytes this SDK ingests),
// `create(text, { now, seed, facts })` (a session, ready to decide: `track(event)`,
// `pick(slot, page)`, `passCount(slot, page)`, `facts(page)`, `destroy()`), `wasmMemoryBytes()`
// and `coldStart` (what a shop's page needs: `routes(demo)`, `slot(id, fallback)`,
// `script(demo)`, `bannerSelector`). Pages are described by catalog feature names
// (`{ 'page.type': 'home' }`).

export const key = 'vitrine';
export const name = 'Vitrine';
export const files = { url: '/sdk/vitrine/', dir: 'pkg', entry: 'index.js' };
const CONSENT = { personalization: 'granted', measurement: 'denied' };

let sdk;

export async function load() {
  sdk ??= await import(files.url + files.entry);
}

export async function version() {
  await load();
  return sdk.version();
}

export const serialize = (catalog) => JSON.stringify(catalog);

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

/** A session on the catalog `text`, with the "Testing your shop" options: no network, memory storage, fixed clock and seed. */
export async function create(text, { now, seed }) {
  await load();
  const vitrine = await sdk.Vitrine.init({ catalog: text, storage: 'memory', clock: () => now, seed, consent: CONSENT });
  return {
    track: (event) => vitrine.track(event),
    pick: (slot, page) => vitrine.decide(slot, decisionContext(page)).offer?.id ?? null,
    // Candidates passed every check: rules, and caps and cooldowns, which the bench catalog has none of.
    passCount: (slot, page) => vitrine.decide(slot, decisionContext(page)).explanation.candidates,
    facts: (page) => profileFacts(vitrine.profile(), page),
    destroy: () => vitrine.destroy(),
  };
}

/** The WebAssembly memory's size: the wasm-bindgen glue's default export returns the instance's exports once loaded. */
export async function wasmMemoryBytes() {
  await load();
  const glue = await import(`${files.url}vitrine_wasm.js`);
  return (await glue.default()).memory.buffer.byteLength;
}

/** A shop's page as pkg-template/README.md tells it: the signed catalog, `init`, then `render`. */
export const coldStart = {
  bannerSelector: '.vitrine-banner',
  routes: (demo) => ({
    '/catalog.json': { type: 'application/json', body: demo.catalogText },
    '/catalog.json.sig': { type: 'text/plain', body: demo.signature },
  }),
  slot: (id, fallback) =>
    `<style>.vitrine-loading { visibility: hidden }</style><div data-vitrine-slot="${id}" class="vitrine-loading">${fallback}</div>`,
  script: (demo) => `import { Vitrine } from '${files.url}${files.entry}';
const vitrine = await Vitrine.init({
  catalogUrl: '/catalog.json',
  publicKeys: ${JSON.stringify(demo.publicKeys)},
  consent: ${JSON.stringify(CONSENT)},
  onError: (error) => console.error('vitrine: ' + error.code + ': ' + error.message),
});
vitrine.render(${JSON.stringify(decisionContext(demo.page))});`,
};
