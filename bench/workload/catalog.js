// The bench catalog: N offers competing for one slot, in Vitrine's catalog format
// (docs/catalog.md). It is also the description the GrowthBook payload is translated from, so
// both SDKs judge the same rules.
//
// Modelled on benches/engine.rs: min(N/10, 500) campaigns; offers with categories, brands and
// tags, three in 10 with a rule on intent or a category affinity; campaigns with priorities and
// page-type, `any` and `not` rules. The differences keep the two SDKs comparable: every offer
// lists the one slot (each side evaluates all N); there are no caps, cooldowns or purchased
// products (GrowthBook has no on-device counters, so they would make the pass counts differ);
// and there are 8 categories, so `vitrine.profile()`, which lists the top 8 interests, gives
// every category's affinity.
import { random } from './random.js';

export const SLOT = 'hero';
/** The page every bench decision is made for, by catalog feature names. */
export const PAGE = Object.freeze({ 'page.type': 'home' });
export const CATEGORIES = 8;
export const BRANDS = 20;
export const TAGS = 30;
/** The catalog limits (docs/catalog.md, "Limits"). */
const MAX_CAMPAIGNS = 500;
const MAX_BYTES = 1024 * 1024;

export const category = (i) => `cat-${i}`;

/**
 * Offer rules, in one offer in 10 each: intent, a category affinity above a threshold (as
 * benches/engine.rs), and one below a threshold; the rest none.
 */
function offerRule(rng) {
  const affinity = () => `affinity.category.${category(rng.below(CATEGORIES))}`;
  switch (rng.below(10)) {
    case 0:
      return { feature: 'intent', in: ['warm', 'hot'] };
    case 1:
      return { feature: affinity(), gt: [0.05, 0.1, 0.2][rng.below(3)] };
    case 2:
      return { feature: affinity(), lt: 0.1 };
    default:
      return undefined;
  }
}

/** Campaign rules, by campaign index: page types, a rule that never holds on the home page, `any` and `not`. */
function campaignRule(c) {
  if (c % 5 === 2) return { feature: 'page.type', in: ['home', 'category'] };
  if (c % 9 === 4) return { not: { feature: 'page.type', eq: 'home' } };
  if (c % 6 === 5) {
    return { any: [{ feature: 'intent', eq: 'hot' }, { feature: `affinity.category.${category(c % CATEGORIES)}`, gte: 0.15 }] };
  }
  return undefined;
}

/** The catalog with `n` offers, as a plain object; throws if it breaks a catalog limit. */
export function benchCatalog(n) {
  const campaigns = Math.min(Math.max(Math.floor(n / 10), 1), MAX_CAMPAIGNS);
  if (n % campaigns !== 0) throw new Error(`bench catalog: ${n} offers do not split evenly over ${campaigns} campaigns`);
  const perCampaign = n / campaigns;
  const rng = random(0xca7a1065n ^ BigInt(n));
  const docs = [];
  for (let c = 0; c < campaigns; c++) {
    const offers = [];
    for (let j = 0; j < perCampaign; j++) {
      const offer = { id: `o${c * perCampaign + j}`, slots: [SLOT], title: 'T', categories: [category(rng.below(CATEGORIES))] };
      if (rng.chance(50)) offer.brands = [`b-${rng.below(BRANDS)}`];
      if (rng.chance(50)) offer.tags = [`t-${rng.below(TAGS)}`];
      const target = offerRule(rng);
      if (target) offer.target = target;
      offers.push(offer);
    }
    const campaign = { id: `c${c}` };
    if (c % 7 === 1) campaign.priority = 1;
    const target = campaignRule(c);
    if (target) campaign.target = target;
    docs.push({ ...campaign, offers });
  }
  const catalog = {
    schema: 1,
    version: `bench-${n}`,
    defaults: { prior: { alpha: 1, beta: 19 }, caps: { dismiss_cooldown_hours: 0 } },
    campaigns: docs,
  };
  const bytes = JSON.stringify(catalog).length;
  if (bytes > MAX_BYTES) throw new Error(`bench catalog: ${n} offers take ${bytes} bytes, over the 1 MiB catalog limit`);
  return catalog;
}
