/**
 * Reads the beacon answers of the wasm (`FiltersWire`, `ChangesWire` and `Vec<ZoneWire>` in
 * wasm-beacons/src/lib.rs), in postcard's layout: `u8` and `bool` as one byte, other integers as
 * varints, `Option` as a 0/1 byte and the value, `f64` little-endian, arrays without a length,
 * lists and strings with a varint length. A byte that does not fit means the wasm and the
 * shell disagree: `broken` makes the (`internal`) error.
 */

/** What to ask the browser for. */
export interface Filters {
  /** 0, or the wasm's code (`beacons_none`). */
  readonly code: number;
  readonly companyIds: number[];
  readonly services: number[];
  /** The manufacturer data prefix of the company ids' filters. */
  readonly prefix: Uint8Array;
}

/** One arrival at (`entered`) or departure from a catalog beacon. */
export interface Change {
  readonly entered: boolean;
  readonly beacon: string;
  /** Unix ms. */
  readonly at: number;
}

/** What an advertisement, a tick, `stop` or `simulate` changed. */
export interface Changes {
  /** 0, or the wasm's code of a refused `simulate`. */
  readonly code: number;
  readonly changes: Change[];
  readonly rerender: boolean;
  /** When to tick next (ms), 0 when nothing is tracked. */
  readonly tickMs: number;
}

/** One catalog beacon's live zone, with the zone as the wasm's number. */
export interface ZoneRow {
  readonly beacon: string;
  readonly name: string;
  readonly zone: number;
  readonly distanceM: number | null;
  readonly at: boolean;
}

const utf8 = new TextDecoder();

/** A cursor over one answer. */
class Reader {
  #offset = 0;
  readonly #bytes: Uint8Array;
  readonly #broken: (what: string) => Error;

  constructor(bytes: Uint8Array, broken: (what: string) => Error) {
    this.#bytes = bytes;
    this.#broken = broken;
  }

  byte(): number {
    const byte = this.#bytes[this.#offset++];
    if (byte === undefined) throw this.#broken('answer ends early');
    return byte;
  }

  bool(): boolean {
    const byte = this.byte();
    if (byte > 1) throw this.#broken('bad bool');
    return byte === 1;
  }

  varint(): number {
    let result = 0;
    for (let scale = 1, i = 0; i < 8; i++, scale *= 128) {
      const byte = this.byte();
      result += (byte & 0x7f) * scale;
      if (byte < 0x80) return result;
    }
    throw this.#broken('varint too long');
  }

  take(length: number): Uint8Array {
    if (this.#offset + length > this.#bytes.length) throw this.#broken('answer ends early');
    const out = this.#bytes.subarray(this.#offset, this.#offset + length);
    this.#offset += length;
    return out;
  }

  string(): string {
    return utf8.decode(this.take(this.varint()));
  }

  f64(): number {
    const bytes = this.take(8);
    return new DataView(bytes.buffer, bytes.byteOffset, 8).getFloat64(0, true);
  }

  list<T>(read: () => T): T[] {
    const out: T[] = [];
    for (let n = this.varint(); n > 0; n--) out.push(read());
    return out;
  }
}

/** `beacon_filters`' answer. */
export function readFilters(bytes: Uint8Array, broken: (what: string) => Error): Filters {
  const r = new Reader(bytes, broken);
  const code = r.byte();
  const companyIds = r.list(() => r.varint());
  const services = r.list(() => r.varint());
  return { code, companyIds, services, prefix: r.take(2).slice() };
}

/** The answer of `beacon_receive`, `beacon_tick`, `beacon_stop` and `beacon_simulate`. */
export function readChanges(bytes: Uint8Array, broken: (what: string) => Error): Changes {
  const r = new Reader(bytes, broken);
  const code = r.byte();
  const changes = r.list(() => ({ entered: r.bool(), beacon: r.string(), at: r.varint() }));
  return { code, changes, rerender: r.bool(), tickMs: r.varint() };
}

/** `beacon_zones`' answer. */
export function readZones(bytes: Uint8Array, broken: (what: string) => Error): ZoneRow[] {
  const r = new Reader(bytes, broken);
  return r.list(() => ({
    beacon: r.string(),
    name: r.string(),
    zone: r.byte(),
    distanceM: r.bool() ? r.f64() : null,
    at: r.bool(),
  }));
}
