// A Vitrine catalog (docs/catalog.md) translated into a GrowthBook features payload, and the
// shopper's facts into GrowthBook attributes, so both SDKs judge the same rules on the same facts.
//
// Each offer becomes one feature per slot it lists, keyed `<slot>/<offer id>`, with one force
// rule: its value is the offer (id, campaign, priority, title), its condition the closest
// GrowthBook condition to the campaign's and the offer's rules, `near_beacon`, the schedule and
// the dates. Attributes carry the catalog's feature names as paths (`affinity.category.coffee`
// is `{ affinity: { category: { coffee } } }`), plus `time` ("HH:MM"), `weekday` and `now` (Unix
// ms) on the shop's clock for schedules and dates.
//
// Not translatable, because GrowthBook keeps nothing on the device: frequency caps, dismiss
// cooldowns, purchased-product suppression, the holdout, weights and the bandit's scores.

/** Features whose values are lists: `contains` means "has the item" for them, a substring otherwise. */
const LIST_FEATURES = new Set(['cart.categories', 'cart.products', 'search.terms', 'beacon.near', 'beacon.visited']);

/** The condition no attributes satisfy (Vitrine's empty `any`). */
const NEVER = { $not: {} };

/**
 * Vitrine reads an affinity the shopper never showed as 0. GrowthBook reads a missing attribute
 * as null, which JavaScript's comparisons also treat as 0; every other feature can be missing,
 * and a comparison with a missing value is false in Vitrine, hence the `$exists` guard.
 */
const readsZeroWhenUnknown = (feature) => feature.startsWith('affinity.');

const escapeRegex = (text) => text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

function comparison(feature, operator, value) {
  const guard = readsZeroWhenUnknown(feature) ? {} : { $exists: true };
  switch (operator) {
    case 'eq':
    case 'ne':
    case 'in':
      return { [`$${operator}`]: value };
    case 'gt':
    case 'gte':
    case 'lt':
    case 'lte':
      return { ...guard, [`$${operator}`]: value };
    case 'contains':
      return LIST_FEATURES.has(feature) ? { $elemMatch: { $eq: value } } : { $exists: true, $regex: escapeRegex(value) };
    case 'exists':
      return { $exists: value };
    default:
      throw new Error(`GrowthBook payload: no translation for the operator "${operator}" (feature ${feature})`);
  }
}

/** A Vitrine targeting rule as a GrowthBook condition. */
export function condition(rule) {
  if ('all' in rule) return { $and: rule.all.map(condition) };
  if ('any' in rule) return rule.any.length ? { $or: rule.any.map(condition) } : NEVER;
  if ('not' in rule) return { $not: condition(rule.not) };
  const { feature, ...compared } = rule;
  const [[operator, value]] = Object.entries(compared);
  return { [feature]: comparison(feature, operator, value) };
}

function dayPart({ from, to }) {
  return from < to ? { time: { $gte: from, $lt: to } } : { $or: [{ time: { $gte: from } }, { time: { $lt: to } }] };
}

/** Everything that decides whether an offer of `campaign` may show, as one condition list. */
function offerConditions(campaign, offer) {
  const parts = [];
  if (campaign.starts_at) parts.push({ now: { $gte: Date.parse(campaign.starts_at) } });
  if (campaign.ends_at) parts.push({ now: { $lt: Date.parse(campaign.ends_at) } });
  if (campaign.schedule?.weekdays) parts.push({ weekday: { $in: campaign.schedule.weekdays } });
  if (campaign.schedule?.hours) parts.push({ $or: campaign.schedule.hours.map(dayPart) });
  if (campaign.near_beacon) parts.push({ 'beacon.near': { $elemMatch: { $eq: campaign.near_beacon } } });
  for (const rule of [campaign.target, offer.target]) if (rule) parts.push(condition(rule));
  return parts;
}

/** The GrowthBook payload (`{ features }`) for a Vitrine catalog object. */
export function payload(catalog) {
  const features = {};
  for (const campaign of catalog.campaigns) {
    for (const offer of campaign.offers) {
      const parts = offerConditions(campaign, offer);
      const rule = { force: { offer: offer.id, campaign: campaign.id, priority: campaign.priority ?? 0, title: offer.title } };
      if (parts.length) rule.condition = parts.length === 1 ? parts[0] : { $and: parts };
      for (const slot of offer.slots) features[`${slot}/${offer.id}`] = { defaultValue: null, rules: [rule] };
    }
  }
  return { features };
}

/** Facts keyed by catalog feature name (`{ 'page.type': 'home' }`) as nested GrowthBook attributes. */
export function attributes(facts) {
  const nested = {};
  for (const [name, value] of Object.entries(facts)) {
    const path = name.split('.');
    const leaf = path.pop();
    let node = nested;
    for (const part of path) node = node[part] ??= {};
    node[leaf] = value;
  }
  return nested;
}

const WEEKDAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];

/** The clock facts schedules and dates read: `now`, `hour`, `weekday` and `time` in the shop's time zone. */
export function clockFacts(now, utcOffsetMinutes = 0) {
  const local = new Date(now + utcOffsetMinutes * 60_000);
  const hh = String(local.getUTCHours()).padStart(2, '0');
  const mm = String(local.getUTCMinutes()).padStart(2, '0');
  return { now, hour: local.getUTCHours(), weekday: WEEKDAYS[local.getUTCDay()], time: `${hh}:${mm}` };
}

/** A shopper's profile facts on their first visit (features that may be missing are left out). */
export const FIRST_VISIT = Object.freeze({
  intent: 'cold',
  engagement: 0,
  new_shopper: true,
  sessions: 1,
  'session.page_views': 0,
  purchases: 0,
  monetary: 0,
  'cart.items': 0,
  'cart.value': 0,
  'cart.categories': [],
  'cart.products': [],
  'search.terms': [],
  'beacon.near': [],
  'beacon.visited': [],
});
