/**
 * Reads what `Meter.measure` answers (wasm-measurement/src/answer.rs) and, for the export,
 * the ledger record (wasm-measurement/src/ledger.rs): postcard's wire format (unsigned LEB128
 * varints for integers and lengths, f64 little-endian, `Option` as a 0/1 byte, strings as
 * length + UTF-8). A bad byte from the wasm is a Vitrine bug: it throws a `RangeError`.
 */

import { BUCKETS } from './buckets.js';
import type { MeasurementData } from './types.js';

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** A finished day's report as the wasm draws it; `report.ts` writes its JSON. */
export interface DrawnReport {
  readonly v: number;
  /** The day reported: days since 1970-01-01 (shop time zone). */
  readonly day: number;
  readonly epsilon: number;
  readonly catalog: string;
  readonly pairs: number;
  /** `[offer id, metric (0 impression, 1 click, 2 conversion), bit]`. */
  readonly bits: readonly (readonly [string, number, boolean])[];
  /** `[survey id, answer bucket (`promoter`, `4`, `up`...: `BUCKETS`), bit]` (version 2). */
  readonly answers: readonly (readonly [string, string, boolean])[];
}

/** One `Meter.measure` answer. */
export interface Answer {
  /** 0, or the error code's number (its message is `engine.message()`). */
  readonly code: number;
  /** The ledger bytes to store. */
  readonly ledger: Uint8Array;
  readonly report: DrawnReport | undefined;
}

/** The first bytes of a ledger record: "VMSR", then the layout (u16 little-endian): 1, or 2 with answers. */
const MAGIC = [0x56, 0x4d, 0x53, 0x52];

/** A cursor over one byte string. */
class Reader {
  #at = 0;

  readonly #bytes: Uint8Array;

  constructor(bytes: Uint8Array) {
    this.#bytes = bytes;
  }

  get done(): boolean {
    return this.#at === this.#bytes.length;
  }

  byte(): number {
    const byte = this.#bytes[this.#at++];
    if (byte === undefined) throw new RangeError('measurement wire: the bytes end early');
    return byte;
  }

  varint(): number {
    let value = 0;
    for (let scale = 1; scale < 2 ** 53; scale *= 128) {
      const byte = this.byte();
      value += (byte & 0x7f) * scale;
      if (byte < 0x80) return value;
    }
    throw new RangeError('measurement wire: a varint is too long');
  }

  bool(): boolean {
    const byte = this.byte();
    if (byte > 1) throw new RangeError('measurement wire: a bad bool');
    return byte === 1;
  }

  f64(): number {
    const view = new DataView(this.#bytes.buffer, this.#bytes.byteOffset + this.#at, 8);
    this.#at += 8;
    return view.getFloat64(0, true);
  }

  take(length: number): Uint8Array {
    if (this.#at + length > this.#bytes.length) throw new RangeError('measurement wire: the bytes end early');
    return this.#bytes.subarray(this.#at, (this.#at += length));
  }

  string(): string {
    return utf8.decode(this.take(this.varint()));
  }

  /** An answer bucket's code, as its name. */
  bucket(): string {
    const name = BUCKETS[this.byte()];
    if (name === undefined) throw new RangeError('measurement wire: an unknown answer bucket');
    return name;
  }

  list<T>(read: () => T): T[] {
    const out: T[] = [];
    for (let n = this.varint(); n > 0; n--) out.push(read());
    return out;
  }
}

/** An `Meter.measure` answer. */
export function readAnswer(bytes: Uint8Array): Answer {
  const r = new Reader(bytes);
  const code = r.byte();
  const ledger = r.take(r.varint()).slice();
  const report: DrawnReport | undefined = r.bool()
    ? {
        v: r.varint(),
        day: r.varint(),
        epsilon: r.f64(),
        catalog: r.string(),
        pairs: r.varint(),
        bits: r.list(() => [r.string(), r.byte(), r.bool()] as const),
        answers: r.list(() => [r.string(), r.bucket(), r.bool()] as const),
      }
    : undefined;
  if (!r.done) throw new RangeError('measurement wire: bytes after the answer');
  return { code, ledger, report };
}

/** A ledger record, readable; `undefined` when the bytes are not one. */
export function readLedger(bytes: Uint8Array): MeasurementData | undefined {
  const layout = bytes[4];
  if (MAGIC.some((byte, i) => bytes[i] !== byte) || (layout !== 1 && layout !== 2) || bytes[5] !== 0) return undefined;
  try {
    const r = new Reader(bytes.subarray(MAGIC.length + 2));
    const data: MeasurementData = {
      day: dayText(r.varint()),
      offers: r.list(() => ({ offer: r.string(), impressions: r.varint(), clicks: r.varint(), conversions: r.varint() })),
      answers: layout === 2 ? r.list(() => ({ survey: r.string(), bucket: r.bucket() })) : [],
      epsilonPerDay: r.f64(),
      spent: r.list(() => ({ day: dayText(r.varint()), epsilon: r.f64() })),
    };
    return r.done ? data : undefined;
  } catch {
    return undefined;
  }
}

/** `YYYY-MM-DD` of a day given as days since 1970-01-01 (to 9999-12-31). */
export function dayText(days: number): string {
  return new Date(days * 86_400_000).toISOString().slice(0, 10);
}
