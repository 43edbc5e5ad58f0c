/**
 * Writes postcard's wire format (what the wasm decodes): unsigned LEB128 varints, zigzag
 * signed varints, f64 little-endian, `Option` as a 0/1 byte, strings as varint length + UTF-8.
 * One growable buffer; subclasses (`EventEncoder`, `encodeContext`) write their structs with
 * these primitives.
 */

/** Longest varint of a u32 (lengths, counts, quantities); also the room kept for the count. */
export const MAX_U32_VARINT = 5;
/** ASCII strings with a 1-byte length are copied by hand: 4x faster than `encodeInto` for ids. */
const SHORT_STRING = 0x7f;

const utf8 = new TextEncoder();

/** Bytes of the varint of `n` (`n` below 2^53). */
export function varintSize(n: number): number {
  let size = 1;
  while (n >= 0x80) {
    n = Math.floor(n / 0x80);
    size++;
  }
  return size;
}

/** A growable postcard buffer. */
export class WireWriter {
  protected buf: Uint8Array;
  protected view: DataView;
  protected pos: number;

  /** `initialBytes`: the starting size (it doubles when needed); `start`: bytes kept in front. */
  constructor(initialBytes = 256, start = 0) {
    this.buf = new Uint8Array(Math.max(initialBytes, 64));
    this.view = new DataView(this.buf.buffer);
    this.pos = start;
  }

  protected optionalString(s: string | undefined): void {
    if (s == null) {
      this.byte(0);
    } else {
      this.byte(1);
      this.string(s);
    }
  }

  /** Varint length + UTF-8; ASCII is copied by hand, anything else goes through `encodeInto`. */
  protected string(s: string): void {
    const n = s.length;
    this.reserve(MAX_U32_VARINT + 3 * n);
    const buf = this.buf;
    const pos = this.pos;
    if (n <= SHORT_STRING) {
      let i = 0;
      for (; i < n; i++) {
        const c = s.charCodeAt(i);
        if (c >= 0x80) break;
        buf[pos + 1 + i] = c;
      }
      if (i === n) {
        buf[pos] = n;
        this.pos = pos + 1 + n;
        return;
      }
    }
    // At most 3 bytes per UTF-16 unit: room for the largest length prefix, then move the text
    // back if the real length needs a shorter one.
    const room = varintSize(3 * n);
    const written = utf8.encodeInto(s, buf.subarray(pos + room)).written;
    const size = varintSize(written);
    if (size < room) buf.copyWithin(pos + size, pos + room, pos + room + written);
    this.pos = this.varintAt(pos, written) + written;
  }

  /** A u32 as a varint. */
  protected unsigned(v: number): void {
    this.reserve(MAX_U32_VARINT);
    this.pos = this.varintAt(this.pos, v);
  }

  /**
   * A safe integer as postcard's i64: zigzag (`2n`, or `-2n - 1` when negative), then a varint.
   * The zigzag value is `2m + sign` with `m = n < 0 ? -n - 1 : n`. Below 2^31 it fits 32-bit
   * operations; above (timestamps), `m = hi * 2^27 + lo` makes its low 28 bits `2 lo + sign`
   * (four varint bytes, all continued since `hi > 0`) and the rest `hi`, each in 32 bits.
   */
  protected signed(n: number): void {
    this.reserve(10);
    const buf = this.buf;
    let pos = this.pos;
    const sign = n < 0 ? 1 : 0;
    const m = n < 0 ? -n - 1 : n;
    let rest: number;
    if (m < 0x40000000) {
      rest = ((m << 1) | sign) >>> 0;
    } else {
      const hi = Math.floor(m / 0x8000000);
      const low = ((m - hi * 0x8000000) << 1) | sign;
      buf[pos++] = (low & 0x7f) | 0x80;
      buf[pos++] = ((low >>> 7) & 0x7f) | 0x80;
      buf[pos++] = ((low >>> 14) & 0x7f) | 0x80;
      buf[pos++] = ((low >>> 21) & 0x7f) | 0x80;
      rest = hi;
    }
    this.pos = this.varintAt(pos, rest);
  }

  protected f64(x: number): void {
    this.reserve(8);
    this.view.setFloat64(this.pos, x, true);
    this.pos += 8;
  }

  protected byte(b: number): void {
    this.reserve(1);
    this.buf[this.pos++] = b;
  }

  /** Writes the varint of `n` at `pos` (room already reserved); returns the end. */
  protected varintAt(pos: number, n: number): number {
    const buf = this.buf;
    while (n >= 0x80) {
      buf[pos++] = (n % 0x80) | 0x80;
      n = Math.floor(n / 0x80);
    }
    buf[pos++] = n;
    return pos;
  }

  protected reserve(n: number): void {
    if (this.pos + n <= this.buf.length) return;
    const grown = new Uint8Array(Math.max(this.buf.length * 2, this.pos + n));
    grown.set(this.buf.subarray(0, this.pos));
    this.buf = grown;
    this.view = new DataView(grown.buffer);
  }
}
