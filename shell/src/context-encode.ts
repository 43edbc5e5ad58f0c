/**
 * Checks a decision context (`decide(slot, context)`, `render(context)`) and encodes it as the
 * wasm's `ContextWire` (wasm/src/context.rs), fields in this order: pageType, category,
 * product, locale, device, referrer, utcOffsetMinutes (all optional), excludeCampaigns, then
 * the slots to decide. The time travels separately, as a number. A wrong field, or a getter that throws, is a
 * `context_invalid` error that names the field.
 */
import { VitrineError } from './errors.js';
import { PAGE_TYPES, type PageType } from './events-encode.js';
import { WireWriter } from './wire-write.js';

/** The page a decision is made for. */
export interface DecisionContext {
  now?: number;
  pageType?: PageType;
  category?: string;
  product?: string;
  locale?: string;
  device?: 'mobile' | 'tablet' | 'desktop';
  referrer?: 'direct' | 'search' | 'social' | 'email' | 'ads' | 'internal' | 'other';
  utcOffsetMinutes?: number;
  excludeCampaigns?: string[];
}

/** Enum values in the order of Rust's `Device` and `Referrer` (`PageType`: {@link PAGE_TYPES}). */
const DEVICES = ['mobile', 'tablet', 'desktop'];
const REFERRERS = ['direct', 'search', 'social', 'email', 'ads', 'internal', 'other'];

/** The context's fields, so that a typo is an error. */
const FIELDS = [
  'now', 'pageType', 'category', 'product', 'locale', 'device', 'referrer', 'utcOffsetMinutes', 'excludeCampaigns',
];

/** Longest context text, in UTF-16 units (the wasm checks 128 UTF-8 bytes too). */
const MAX_TEXT = 128;
/** Most excluded campaigns. */
const MAX_EXCLUDED = 64;

function fail(message: string): never {
  throw new VitrineError('context_invalid', `invalid decision context: ${message}`);
}

/** A context's fields, checked and encoded. */
class ContextEncoder extends WireWriter {
  readonly #c: Record<string, unknown>;
  readonly #slots: readonly string[];

  constructor(c: Record<string, unknown>, slots: readonly string[]) {
    super(128);
    this.#c = c;
    this.#slots = slots;
  }

  encode(): { bytes: Uint8Array; now: number | undefined } {
    for (const key of Object.keys(this.#c)) {
      if (!FIELDS.includes(key)) fail(`\`${key}\` is not a field of a decision context (its fields are ${FIELDS.join(', ')})`);
    }
    const now = this.#c['now'];
    if (now !== undefined && !Number.isSafeInteger(now)) fail('`now` must be an integer time in Unix milliseconds');
    this.#choice('pageType', PAGE_TYPES);
    this.#text('category');
    this.#text('product');
    this.#text('locale');
    this.#choice('device', DEVICES);
    this.#choice('referrer', REFERRERS);
    const offset = this.#c['utcOffsetMinutes'];
    if (offset === undefined) {
      this.byte(0);
    } else {
      if (!Number.isInteger(offset) || Math.abs(offset as number) > 18 * 60) {
        fail('`utcOffsetMinutes` must be a whole number of minutes between -1080 and 1080');
      }
      this.byte(1);
      this.signed(offset as number);
    }
    const excluded = this.#c['excludeCampaigns'] ?? [];
    if (!Array.isArray(excluded) || excluded.length > MAX_EXCLUDED) {
      fail(`\`excludeCampaigns\` must be an array of at most ${MAX_EXCLUDED} campaign ids`);
    }
    this.unsigned(excluded.length);
    for (const id of excluded) {
      if (typeof id !== 'string' || id.length > MAX_TEXT) fail('`excludeCampaigns` must hold campaign ids (strings)');
      this.string(id);
    }
    this.unsigned(this.#slots.length);
    for (const slot of this.#slots) this.string(slot);
    return { bytes: this.buf.slice(0, this.pos), now: now as number | undefined };
  }

  #choice(field: string, values: readonly string[]): void {
    const value = this.#c[field];
    if (value === undefined) return this.byte(0);
    const index = values.indexOf(value as string);
    if (typeof value !== 'string' || index < 0) fail(`\`${field}\` must be one of ${values.join(', ')}`);
    this.byte(1);
    this.unsigned(index);
  }

  #text(field: string): void {
    const value = this.#c[field];
    if (value !== undefined && (typeof value !== 'string' || value.length > MAX_TEXT)) {
      fail(`\`${field}\` must be a string of at most ${MAX_TEXT} characters`);
    }
    this.optionalString(value as string | undefined);
  }
}

/**
 * The encoded context with the `slots` to decide, and its `now` (if it sets one). `undefined`
 * and `{}` are the empty context; anything else that is not an object is a `context_invalid`
 * error.
 */
export function encodeContext(
  context: unknown,
  slots: readonly string[],
): { bytes: Uint8Array; now: number | undefined } {
  if (context === undefined || context === null) context = {};
  if (typeof context !== 'object' || Array.isArray(context)) {
    fail(`it must be an object such as { pageType: 'home' }, got ${Array.isArray(context) ? 'an array' : typeof context}`);
  }
  try {
    return new ContextEncoder(context as Record<string, unknown>, slots).encode();
  } catch (error) {
    if (error instanceof VitrineError) throw error;
    throw new VitrineError('context_invalid', `invalid decision context: reading it threw: ${String(error)}`, {
      cause: error,
    });
  }
}
