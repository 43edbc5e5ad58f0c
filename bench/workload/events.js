// Shopper events in the shape of Vitrine's `track` (pkg-template/index.d.ts), generated like
// benches/engine.rs: sessions of about 50 events, 5 to 65 s apart, 1 to 3 h between sessions
// (about 17 days for 10,000 events), ending a minute before NOW; banner events name offers
// `o0..o{offers - 1}` of the bench catalog.
import { random } from './random.js';
import { SLOT, CATEGORIES, BRANDS, TAGS, category } from './catalog.js';

/** Decision time of the bench: 2026-11-23T09:30:00Z (as in benches/engine.rs). */
export const NOW = 1_795_426_200_000;
const PRODUCTS = 500;

/** Every event type, with its share of a mixed stream in percent. */
export const EVENT_MIX = Object.freeze({
  page_view: 15,
  product_view: 35,
  category_view: 10,
  search: 8,
  add_to_cart: 5,
  remove_from_cart: 1,
  impression: 19,
  click: 5,
  dismiss: 2,
  purchase: 0, // one per stream, 20 events before the end
});

function product(rng) {
  const tags = [`t-${rng.skewed(TAGS)}`];
  if (rng.chance(30)) tags.push(`t-${rng.below(TAGS)}`);
  return {
    id: `p-${rng.below(PRODUCTS)}`,
    category: category(rng.skewed(CATEGORIES)),
    brand: `b-${rng.skewed(BRANDS)}`,
    tags,
    price: 1 + rng.below(10_000) / 100,
  };
}

/** The type of a mixed stream's event from a percentile draw. */
function mixedType(percentile) {
  let upTo = 0;
  for (const [type, share] of Object.entries(EVENT_MIX)) {
    upTo += share;
    if (percentile < upTo) return type;
  }
  throw new Error(`events: the mix does not cover percentile ${percentile}`);
}

function event(type, rng, offers) {
  switch (type) {
    case 'page_view':
      return { type, pageType: 'product' };
    case 'product_view':
      return { type, product: product(rng) };
    case 'category_view':
      return { type, category: category(rng.skewed(CATEGORIES)) };
    case 'search':
      return { type, query: `Organic cat-${rng.skewed(CATEGORIES)} t-${rng.below(TAGS)} beans` };
    case 'add_to_cart':
      return { type, product: product(rng), quantity: 1 + rng.below(3) };
    case 'remove_from_cart':
      return { type, productId: `p-${rng.below(PRODUCTS)}` };
    case 'purchase':
      return { type, items: [product(rng), product(rng), product(rng)], value: 0 };
    case 'impression':
    case 'click':
    case 'dismiss':
      return { type, offer: `o${rng.skewed(offers)}`, slot: SLOT };
    default:
      throw new Error(`events: unknown event type ${type}`);
  }
}

/**
 * `count` events with timestamps (`at`, Unix ms). Without `type` they are mixed (EVENT_MIX, one
 * purchase); with it, every event has that type.
 */
export function events(count, { offers = 1_000, seed = 7, type } = {}) {
  const rng = random(seed);
  const out = [];
  let at = 0;
  for (let i = 0; i < count; i++) {
    at += rng.chance(2) ? 3_600_000 + rng.below(7_200_000) : 5_000 + rng.below(60_000);
    const kind = type ?? (i === count - 20 ? 'purchase' : mixedType(rng.below(100)));
    out.push({ ...event(kind, rng, offers), at });
  }
  const shift = NOW - 60_000 - at;
  for (const e of out) e.at += shift;
  return out;
}
