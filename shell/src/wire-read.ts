/**
 * Reads what the wasm answers: postcard's wire format (varint lengths and enum tags, f64
 * little-endian, `Option` as a 0/1 byte, strings as varint length + UTF-8). A bad byte means
 * the wasm and the shell disagree on a format, which is a Vitrine bug: it throws `internal`.
 */
import { VitrineError } from './errors.js';

const utf8 = new TextDecoder();

/** A cursor over one answer. */
export class WireReader {
  #offset = 0;
  readonly #view: DataView;

  readonly #bytes: Uint8Array;

  constructor(bytes: Uint8Array) {
    this.#bytes = bytes;
    this.#view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  /** An unsigned varint (lengths, enum tags, u8 to u64 up to 2^53). */
  varint(): number {
    let result = 0;
    let scale = 1;
    for (let i = 0; i < 8; i++) {
      const byte = this.#byte();
      result += (byte & 0x7f) * scale;
      if (byte < 0x80) return result;
      scale *= 128;
    }
    throw this.#broken('varint too long');
  }

  /** A zigzag-encoded signed varint (i32, i64 up to 2^53). */
  signed(): number {
    const n = this.varint();
    return n % 2 === 0 ? n / 2 : -(n + 1) / 2;
  }

  /** A little-endian f64. */
  f64(): number {
    this.#need(8);
    const value = this.#view.getFloat64(this.#offset, true);
    this.#offset += 8;
    return value;
  }

  bool(): boolean {
    const byte = this.#byte();
    if (byte > 1) throw this.#broken('bad bool');
    return byte === 1;
  }

  string(): string {
    const length = this.varint();
    this.#need(length);
    const text = utf8.decode(this.#bytes.subarray(this.#offset, this.#offset + length));
    this.#offset += length;
    return text;
  }

  /** `Option<T>`: `undefined` for `None`. */
  option<T>(read: (r: WireReader) => T): T | undefined {
    return this.bool() ? read(this) : undefined;
  }

  /** `Vec<T>`; `read` also gets the item's index. */
  list<T>(read: (r: WireReader, index: number) => T): T[] {
    const length = this.varint();
    const out: T[] = [];
    for (let i = 0; i < length; i++) out.push(read(this, i));
    return out;
  }

  #byte(): number {
    this.#need(1);
    return this.#bytes[this.#offset++] as number;
  }

  #need(n: number): void {
    if (this.#offset + n > this.#bytes.length) throw this.#broken('answer ends early');
  }

  #broken(what: string): VitrineError {
    return new VitrineError('internal', `Vitrine's wasm answer does not decode (${what}); please report this bug`);
  }
}
