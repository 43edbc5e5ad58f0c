/**
 * Checks a `track` argument before it is encoded: every field's type, finite numbers, integer
 * times and quantities, and the size limits of src/engine/events/limits.rs (text in UTF-8
 * bytes). It copies what it reads into a fresh object, so a caller's getter or Proxy runs once
 * and whatever it throws becomes an `event_invalid` error; the encoder then never writes a
 * batch the wasm refuses.
 */
import { VitrineError } from './errors.js';
import type { PageType, Product, VitrineEvent } from './events-encode.js';
import { foldQuery } from './search-fold.js';

/** Longest id (product, category, brand, tag, offer, slot, beacon) or product name, in UTF-8 bytes. */
export const MAX_ID_BYTES = 256;
/** Longest product `url` or `image`, in UTF-8 bytes. */
export const MAX_URL_BYTES = 1024;
/** Longest search query, in UTF-8 bytes. */
export const MAX_QUERY_BYTES = 1024;
/** Most tags on one product. */
export const MAX_PRODUCT_TAGS = 64;
/** Most items in one purchase. */
export const MAX_PURCHASE_ITEMS = 256;

const PAGE_TYPES: ReadonlySet<string> = new Set<PageType>([
  'home', 'category', 'product', 'search', 'cart', 'checkout', 'other',
]);

const utf8 = new TextEncoder();

/** The fields each event type may have (besides `type` and `at`), so a typo is an error. */
const FIELDS: Readonly<Record<string, readonly string[]>> = {
  page_view: ['pageType'],
  product_view: ['product'],
  category_view: ['category'],
  search: ['query'],
  add_to_cart: ['product', 'quantity'],
  remove_from_cart: ['productId'],
  purchase: ['items', 'value'],
  impression: ['offer', 'slot'],
  click: ['offer', 'slot'],
  dismiss: ['offer', 'slot'],
  beacon_enter: ['beacon'],
  beacon_exit: ['beacon'],
  product_details: ['product'],
};
const PRODUCT_FIELDS = ['id', 'category', 'brand', 'tags', 'price', 'name', 'url', 'image'];

/** Fails on the first own field of `o` that is not `allowed`, naming it by its path. */
function onlyFields(o: object, allowed: readonly string[], prefix: string, what: string): void {
  for (const key of Object.keys(o)) {
    if (!allowed.includes(key)) {
      fail(`\`${prefix}${key}\` is not a field of ${what} (its fields are ${allowed.join(', ')})`);
    }
  }
}

function fail(message: string): never {
  throw new VitrineError('event_invalid', `invalid event: ${message}`);
}

/** `value` as text of at most `limit` UTF-8 bytes, or an error naming `field`. */
function text(value: unknown, field: string, limit: number): string {
  if (typeof value !== 'string') fail(`\`${field}\` must be a string, got ${describe(value)}`);
  // A UTF-16 unit is 1 to 3 UTF-8 bytes: only long non-ASCII text needs counting.
  if (value.length > limit || (value.length * 3 > limit && utf8.encode(value).length > limit)) {
    fail(`\`${field}\` is longer than ${limit} bytes (UTF-8)`);
  }
  return value;
}

function optionalText(value: unknown, field: string): string | undefined {
  return value === undefined ? undefined : text(value, field, MAX_ID_BYTES);
}

function finite(value: unknown, field: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    fail(`\`${field}\` must be a finite number, got ${describe(value)}`);
  }
  return value;
}

function list(value: unknown, field: string, limit: number): readonly unknown[] {
  if (!Array.isArray(value)) fail(`\`${field}\` must be an array, got ${describe(value)}`);
  if (value.length > limit) fail(`\`${field}\` has more than ${limit} entries`);
  return value;
}

function product(value: unknown, field: string): Product {
  if (typeof value !== 'object' || value === null) {
    fail(`\`${field}\` must be an object with an \`id\`, got ${describe(value)}`);
  }
  const p = value as Record<string, unknown>;
  onlyFields(p, PRODUCT_FIELDS, `${field}.`, 'a product');
  const out: Product = { id: text(p['id'], `${field}.id`, MAX_ID_BYTES) };
  const category = optionalText(p['category'], `${field}.category`);
  const brand = optionalText(p['brand'], `${field}.brand`);
  if (category !== undefined) out.category = category;
  if (brand !== undefined) out.brand = brand;
  if (p['tags'] !== undefined) {
    out.tags = list(p['tags'], `${field}.tags`, MAX_PRODUCT_TAGS).map((t, i) =>
      text(t, `${field}.tags[${i}]`, MAX_ID_BYTES),
    );
  }
  if (p['price'] !== undefined) out.price = finite(p['price'], `${field}.price`);
  // One by one: this runs for every product of every event, so nothing is allocated for it.
  if (p['name'] !== undefined) out.name = text(p['name'], `${field}.name`, MAX_ID_BYTES);
  if (p['url'] !== undefined) out.url = text(p['url'], `${field}.url`, MAX_URL_BYTES);
  if (p['image'] !== undefined) out.image = text(p['image'], `${field}.image`, MAX_URL_BYTES);
  return out;
}

/** A short description of a wrong value, for messages (never the value itself). */
function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : typeof value;
}

/** The checked copy of `event`, or an `event_invalid` error that names the bad field. */
export function checkEvent(event: unknown): VitrineEvent {
  try {
    return read(event);
  } catch (error) {
    if (error instanceof VitrineError) throw error;
    throw new VitrineError('event_invalid', `invalid event: reading it threw: ${String(error)}`, {
      cause: error,
    });
  }
}

function read(event: unknown): VitrineEvent {
  if (typeof event !== 'object' || event === null) {
    fail(`an event must be an object with a \`type\`, got ${describe(event)}`);
  }
  const e = event as Record<string, unknown>;
  const type = e['type'];
  const fields = typeof type === 'string' && Object.hasOwn(FIELDS, type) ? FIELDS[type] : undefined;
  if (fields !== undefined) onlyFields(e, ['type', 'at', ...fields], '', `a \`${type as string}\` event`);
  const rawAt = e['at'];
  let at: number | undefined;
  if (rawAt !== undefined) {
    if (!Number.isSafeInteger(rawAt)) fail('`at` must be an integer time in Unix milliseconds');
    at = rawAt as number;
  }
  const need = (field: string): unknown => {
    const value = e[field];
    if (value === undefined) fail(`a \`${String(type)}\` event needs the field \`${field}\``);
    return value;
  };
  const base = at === undefined ? {} : { at };
  switch (type) {
    case 'page_view': {
      const pageType = need('pageType');
      if (typeof pageType !== 'string' || !PAGE_TYPES.has(pageType)) {
        fail(`\`pageType\` must be one of ${[...PAGE_TYPES].join(', ')}`);
      }
      return { ...base, type, pageType: pageType as PageType };
    }
    case 'product_view':
    case 'product_details':
      return { ...base, type, product: product(need('product'), 'product') };
    case 'category_view':
      return { ...base, type, category: text(need('category'), 'category', MAX_ID_BYTES) };
    case 'search':
      return { ...base, type, query: foldQuery(text(need('query'), 'query', MAX_QUERY_BYTES)) };
    case 'add_to_cart': {
      const quantity = e['quantity'];
      if (quantity !== undefined && !(Number.isInteger(quantity) && (quantity as number) >= 1 && (quantity as number) < 2 ** 32)) {
        fail('`quantity` must be a whole number of at least 1');
      }
      const out = { ...base, type, product: product(need('product'), 'product') };
      return quantity === undefined ? out : { ...out, quantity: quantity as number };
    }
    case 'remove_from_cart':
      return { ...base, type, productId: text(need('productId'), 'productId', MAX_ID_BYTES) };
    case 'purchase': {
      const items = list(need('items'), 'items', MAX_PURCHASE_ITEMS).map((p, i) => product(p, `items[${i}]`));
      const out = { ...base, type, items };
      return e['value'] === undefined ? out : { ...out, value: finite(e['value'], 'value') };
    }
    case 'impression':
    case 'click':
    case 'dismiss':
      return {
        ...base,
        type,
        offer: text(need('offer'), 'offer', MAX_ID_BYTES),
        slot: text(need('slot'), 'slot', MAX_ID_BYTES),
      };
    case 'beacon_enter':
    case 'beacon_exit':
      return { ...base, type, beacon: text(need('beacon'), 'beacon', MAX_ID_BYTES) };
    default:
      return fail(
        `\`type\` must be one of ${Object.keys(FIELDS).join(', ')}; got ${
          typeof type === 'string' ? JSON.stringify(type.slice(0, 40)) : describe(type)
        }`,
      );
  }
}
