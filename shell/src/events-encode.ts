/**
 * Encodes `track` events into the batches the wasm decodes (`events::bytes::decode_batch` in
 * src/engine/events/bytes.rs): postcard's wire format for `Vec<EventWire>`, i.e.
 *
 *   batch := varint(event count) | event...
 *   event := zigzag varint `at` | varint kind | the kind's fields in order
 *
 * A product's `name`, `url` and `image` travel as a `product_details` event of their own, just
 * before its product event (batches kept in the outbox from before they existed stay readable).
 *
 * with unsigned LEB128 varints, f64 little-endian, `Option` as a 0/1 byte, lists as varint
 * length + items and strings as varint length + UTF-8. tests/vectors/events.json pins the
 * bytes of every event type and optional field; tests/shell/events-encode.test.mjs checks this
 * encoder against them.
 *
 * The input must already be validated by the shell: the shapes below, `at` and `quantity`
 * integers (`at` a safe integer, `quantity` below 2^32), finite numbers, and the limits of
 * src/engine/events/limits.rs (id and query lengths in UTF-8 bytes, tags and items). The
 * encoder then never writes bytes the wasm refuses. It allocates nothing per event for ASCII
 * text: one growable buffer, reused across batches.
 */

import { SCALES, type SurveyScale } from './survey.js';
import { MAX_U32_VARINT, varintSize, WireWriter } from './wire-write.js';

/** A page type. */
export type PageType = 'home' | 'category' | 'product' | 'search' | 'cart' | 'checkout' | 'other';
/** Every page type, in the order of Rust's `PageType` (its tag on the wire is its index). */
export const PAGE_TYPES: readonly PageType[] = ['home', 'category', 'product', 'search', 'cart', 'checkout', 'other'];

/** A product as events describe it. */
export interface Product {
  id: string;
  category?: string;
  brand?: string;
  tags?: readonly string[];
  price?: number;
  /** How offer templates show it (kept on the device): its name, page and picture. */
  name?: string;
  url?: string;
  image?: string;
}

/** A public event object; `at` defaults to the `now` of `add`. */
export type VitrineEvent = { at?: number } & (
  | { type: 'page_view'; pageType: PageType }
  | { type: 'product_view'; product: Product }
  | { type: 'category_view'; category: string }
  | { type: 'search'; query: string }
  | { type: 'add_to_cart'; product: Product; quantity?: number }
  | { type: 'remove_from_cart'; productId: string }
  | { type: 'purchase'; items: readonly Product[]; value?: number }
  | { type: 'impression' | 'click' | 'dismiss'; offer: string; slot: string }
  | { type: 'beacon_enter' | 'beacon_exit'; beacon: string }
  | { type: 'product_details'; product: Product }
  | { type: 'survey_answer'; survey: string; scale: SurveyScale; score: number }
);

/** Most events in one batch (Rust's `MAX_BATCH_EVENTS`): start a new batch when `full`. */
export const MAX_BATCH_EVENTS = 4096;
/** Most wire events one `add` writes: a purchase of 256 items, each with details. */
const MAX_EVENTS_PER_ADD = 1 + 256;

/**
 * Each event type's fields besides `type` and `at`, in their order on the wire; the types in
 * the order of Rust's `EventKindWire` (an event's kind tag is its type's index).
 */
export const EVENT_FIELDS = {
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
  survey_answer: ['survey', 'scale', 'score'],
} as const satisfies Record<VitrineEvent['type'], readonly string[]>;
/** A field of some event type. */
export type EventField = (typeof EVENT_FIELDS)[keyof typeof EVENT_FIELDS][number];
const KINDS = Object.keys(EVENT_FIELDS);
const PRODUCT_DETAILS = KINDS.indexOf('product_details');

/** Builds one batch at a time: `add` events, then `take` the bytes. */
export class EventEncoder extends WireWriter {
  /** Events on the wire, details included. */
  #events = 0;
  /** Events added. */
  #added = 0;

  /** `initialBytes`: the buffer's starting size (it doubles when an event needs more). */
  constructor(initialBytes = 16 * 1024) {
    super(initialBytes, MAX_U32_VARINT);
  }

  /** Events added since the last `take` (not counting the details they carry). */
  get count(): number {
    return this.#added;
  }

  /**
   * True when the batch may not have room for another event (with its products' details):
   * `take` it before adding more.
   */
  get full(): boolean {
    return this.#events > MAX_BATCH_EVENTS - MAX_EVENTS_PER_ADD;
  }

  /** Appends `event`, stamped `now` (Unix ms) when it has no `at`. Throws if `full`. */
  add(event: VitrineEvent, now: number): void {
    if (this.full) {
      throw new RangeError(`an event batch holds at most ${MAX_BATCH_EVENTS} events: take() it first`);
    }
    const at = event.at ?? now;
    if (event.type === 'purchase') {
      const items = event.items;
      for (let i = 0; i < items.length; i++) this.#details(items[i] as Product, at, false);
    } else if ('product' in event) {
      this.#details(event.product, at, event.type === 'product_details');
    }
    this.#added++;
    if (event.type === 'product_details') return;
    this.signed(at);
    this.byte(KINDS.indexOf(event.type));
    const fields = event as unknown as Record<EventField, unknown>;
    for (const field of EVENT_FIELDS[event.type]) this.#field(field, fields[field]);
    this.#events++;
  }

  /** One field of an event: `quantity` and `value` left out are written as 1 and 0. */
  #field(field: EventField, value: unknown): void {
    switch (field) {
      case 'pageType':
        this.byte(PAGE_TYPES.indexOf(value as PageType));
        break;
      case 'product':
        this.#product(value as Product);
        break;
      case 'quantity':
        this.unsigned((value as number | undefined) ?? 1);
        break;
      case 'items': {
        const items = value as readonly Product[];
        this.unsigned(items.length);
        for (let i = 0; i < items.length; i++) this.#product(items[i] as Product);
        break;
      }
      case 'value':
        this.f64((value as number | undefined) ?? 0);
        break;
      case 'scale':
        this.byte(SCALES.indexOf(value as SurveyScale));
        break;
      case 'score':
        this.byte(value as number);
        break;
      default:
        // category, query, productId, offer, slot, beacon, survey
        this.string(value as string);
    }
  }

  /** The batch of the events added so far (a copy of its bytes); the next `add` starts a new one. */
  take(): Uint8Array {
    const start = MAX_U32_VARINT - varintSize(this.#events);
    this.varintAt(start, this.#events);
    const batch = this.buf.slice(start, this.pos);
    this.pos = MAX_U32_VARINT;
    this.#events = 0;
    this.#added = 0;
    return batch;
  }

  /** A `product_details` event for `p` if it has details (or `always`). */
  #details(p: Product, at: number, always: boolean): void {
    if (!always && (p.name ?? p.url ?? p.image) === undefined) return;
    this.signed(at);
    this.byte(PRODUCT_DETAILS);
    this.string(p.id);
    this.optionalString(p.name);
    this.optionalString(p.url);
    this.optionalString(p.image);
    this.#events++;
  }

  #product(p: Product): void {
    this.string(p.id);
    this.optionalString(p.category);
    this.optionalString(p.brand);
    const tags = p.tags;
    if (tags == null) {
      this.byte(0);
    } else {
      this.unsigned(tags.length);
      for (let i = 0; i < tags.length; i++) this.string(tags[i] as string);
    }
    if (p.price == null) {
      this.byte(0);
    } else {
      this.byte(1);
      this.f64(p.price);
    }
  }
}
