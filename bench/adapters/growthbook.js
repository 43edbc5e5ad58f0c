// GrowthBook (@growthbook/growthbook) behind the bench's SDK interface, described in
// ./vitrine.js. Every line of the bench that knows GrowthBook's API or package files is in this
// module; the catalog translation is in ./growthbook-payload.js.
//
// GrowthBook keeps no shopper profile: a session judges the facts it is given (the page's
// included), `track` is `logEvent` (handed to the shop's event logger, here one that drops it),
// and `pick` evaluates every feature of the slot and takes the highest priority, ties in catalog
// order.
import { payload, attributes, clockFacts, FIRST_VISIT } from './growthbook-payload.js';

export const key = 'growthbook';
export const name = 'GrowthBook';
export const files = { url: '/sdk/growthbook/', dir: 'node_modules/@growthbook/growthbook/dist/bundles', entry: 'esm.min.js' };
const CLIENT_KEY = 'sdk-bench';

let sdk;

export async function load() {
  sdk ??= await import(files.url + files.entry);
}

export async function version() {
  await load();
  return new sdk.GrowthBook().version;
}

export const serialize = (catalog) => JSON.stringify(payload(catalog));

/**
 * Evaluates the features `keys` (one per offer) and returns the passing offer with the highest
 * priority, the first in catalog order among equals, and how many passed. The cold-start page
 * runs this same function (inlined as source), so it uses nothing else from this module.
 */
function pickOffer(gb, keys) {
  let best = null;
  let passed = 0;
  for (const key of keys) {
    const offer = gb.getFeatureValue(key, null);
    if (offer === null) continue;
    passed += 1;
    if (best === null || offer.priority > best.priority) best = offer;
  }
  return { best, passed };
}

/** The feature keys of `slot`'s offers, in catalog order (also inlined in the cold-start page). */
function slotKeys(gb, slot) {
  return Object.keys(gb.getFeatures()).filter((key) => key.startsWith(`${slot}/`));
}

/** A session on the payload `text`, judging `facts` (catalog feature names: profile and page). */
export async function create(text, { facts = {} }) {
  await load();
  const gb = new sdk.GrowthBook({ attributes: attributes(facts), eventLogger: () => {} });
  gb.initSync({ payload: JSON.parse(text) });
  const keys = new Map();
  const keysOf = (slot) => keys.get(slot) ?? keys.set(slot, slotKeys(gb, slot)).get(slot);
  return {
    track: ({ type, ...properties }) => gb.logEvent(type, properties),
    // The page's facts were given to `create` as attributes.
    pick: (slot) => pickOffer(gb, keysOf(slot)).best?.offer ?? null,
    passCount: (slot) => pickOffer(gb, keysOf(slot)).passed,
    facts: () => null,
    destroy: () => gb.destroy(),
  };
}

export async function wasmMemoryBytes() {
  return 0;
}

/** A shop's page as GrowthBook's README tells it: `new GrowthBook`, `await gb.init()`, then the winner into the slot. */
export const coldStart = {
  bannerSelector: '.gb-banner',
  // The same head start Vitrine's page has for its module (GrowthBook's is one file).
  head: () => `<link rel="modulepreload" href="${files.url}${files.entry}">`,
  routes: (demo) => ({
    [`/api/features/${CLIENT_KEY}`]: { type: 'application/json', body: serialize(demo.catalog) },
  }),
  slot: (id, fallback) => `<div id="${id}">${fallback}</div>`,
  script: (demo) => `import { GrowthBook } from '${files.url}${files.entry}';
const gb = new GrowthBook({
  apiHost: location.origin,
  clientKey: '${CLIENT_KEY}',
  attributes: ${JSON.stringify(attributes({ ...FIRST_VISIT, ...demo.page, ...clockFacts(Date.now(), demo.catalog.utc_offset_minutes) }))},
});
await gb.init();
${slotKeys}
${pickOffer}
const { best } = pickOffer(gb, slotKeys(gb, '${demo.slot}'));
if (best) {
  const banner = document.createElement('div');
  banner.className = 'gb-banner';
  banner.textContent = best.title;
  document.getElementById('${demo.slot}').replaceChildren(banner);
}`,
};
