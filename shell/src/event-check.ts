/**
 * Checks a `track` argument before it is encoded: every field's type, finite numbers, integer
 * times and quantities, and the size limits of src/engine/events/limits.rs (text in UTF-8
 * bytes). It copies what it reads into a fresh object, so a caller's getter or Proxy runs once
 * and whatever it throws becomes an `event_invalid` error; the encoder then never writes a
 * batch the wasm refuses.
 */
import { VitrineError } from './errors.js';
import { EVENT_FIELDS, PAGE_TYPES, type EventField, type Product, type VitrineEvent } from './events-encode.js';
import { foldQuery } from './search-fold.js';
import { SCALES, SCORES, type SurveyScale } from './survey.js';

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

const utf8 = new TextEncoder();

/** A product's fields, so a typo is an error (each event type's: {@link EVENT_FIELDS}). */
const PRODUCT_FIELDS: readonly (keyof Product)[] = ['id', 'category', 'brand', 'tags', 'price', 'name', 'url', 'image'];

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
  const out: Record<string, unknown> = {};
  for (const key of PRODUCT_FIELDS) {
    const fieldValue = p[key];
    // Only `id` is required.
    if (fieldValue !== undefined || key === 'id') out[key] = PRODUCT_CHECKS[key](fieldValue, `${field}.${key}`);
  }
  return out as unknown as Product;
}

/** How each product field is checked and copied, in the order of {@link PRODUCT_FIELDS}. */
const PRODUCT_CHECKS: Readonly<Record<keyof Product, (value: unknown, field: string) => unknown>> = {
  id,
  category: id,
  brand: id,
  tags: (value, field) => list(value, field, MAX_PRODUCT_TAGS).map((t, i) => id(t, `${field}[${i}]`)),
  price: finite,
  name: id,
  url: (value, field) => text(value, field, MAX_URL_BYTES),
  image: (value, field) => text(value, field, MAX_URL_BYTES),
};

/** A short description of a wrong value, for messages (never the value itself). */
function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : typeof value;
}

/** A text field of at most {@link MAX_ID_BYTES} bytes. */
function id(value: unknown, field: string): string {
  return text(value, field, MAX_ID_BYTES);
}

/**
 * How each event field is checked and copied (`quantity` and `value` may be left out); `out` is
 * the copy so far (a survey's `score` is checked against its `scale`, copied before it).
 */
const CHECKS: Readonly<Record<EventField, (value: unknown, field: string, out: Record<string, unknown>) => unknown>> = {
  pageType: (value) => {
    if (!(PAGE_TYPES as readonly unknown[]).includes(value)) fail(`\`pageType\` must be one of ${PAGE_TYPES.join(', ')}`);
    return value;
  },
  product,
  category: id,
  query: (value, field) => foldQuery(text(value, field, MAX_QUERY_BYTES)),
  quantity: (value) => {
    if (!(Number.isInteger(value) && (value as number) >= 1 && (value as number) < 2 ** 32)) {
      fail('`quantity` must be a whole number of at least 1');
    }
    return value;
  },
  productId: id,
  items: (value, field) => list(value, field, MAX_PURCHASE_ITEMS).map((p, i) => product(p, `${field}[${i}]`)),
  value: finite,
  offer: id,
  slot: id,
  beacon: id,
  survey: id,
  scale: (value) => {
    if (typeof value !== 'string' || !Object.hasOwn(SCORES, value)) fail(`\`scale\` must be one of ${SCALES.join(', ')}`);
    return value;
  },
  score: (value, _field, out) => {
    const scale = out['scale'] as SurveyScale;
    const [low, high] = SCORES[scale];
    if (!(Number.isInteger(value) && (value as number) >= low && (value as number) <= high)) {
      fail(`\`score\` must be a whole number from ${low} to ${high} on the ${scale} scale`);
    }
    return value;
  },
};

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
  const fields: readonly EventField[] | undefined =
    typeof type === 'string' && Object.hasOwn(EVENT_FIELDS, type) ? EVENT_FIELDS[type as keyof typeof EVENT_FIELDS] : undefined;
  if (fields !== undefined) onlyFields(e, ['type', 'at', ...fields], '', `a \`${type as string}\` event`);
  const at = e['at'];
  if (at !== undefined && !Number.isSafeInteger(at)) fail('`at` must be an integer time in Unix milliseconds');
  if (fields === undefined) {
    fail(
      `\`type\` must be one of ${Object.keys(EVENT_FIELDS).join(', ')}; got ${
        typeof type === 'string' ? JSON.stringify(type.slice(0, 40)) : describe(type)
      }`,
    );
  }
  // The checked copy: `at` (if given), `type`, then the type's fields in their order.
  const out: Record<string, unknown> = at === undefined ? { type } : { at, type };
  for (const field of fields) {
    const value = e[field];
    if (value !== undefined) out[field] = CHECKS[field](value, field, out);
    else if (field !== 'quantity' && field !== 'value') fail(`a \`${type as string}\` event needs the field \`${field}\``);
  }
  return out as VitrineEvent;
}
