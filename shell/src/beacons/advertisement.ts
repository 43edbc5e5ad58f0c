/**
 * An `advertisementreceived` event as the bytes `Beacons.receive` reads
 * (wasm-beacons/src/lib.rs): its manufacturer and service data entries, each
 *
 *   kind (u8: 0 manufacturer data, 1 service data) | key (u16 LE) | length (u16 LE) | bytes
 *
 * with the company id or the 16-bit service UUID as key. What the data means is the wasm's
 * business: this only copies bytes.
 */
import type { AdvertisingEvent, DataMap } from './bluetooth.js';

const MANUFACTURER = 0;
const SERVICE = 1;
/** Bluetooth's base UUID around a 16-bit UUID: `0000xxxx-0000-1000-8000-00805f9b34fb`. */
const BASE_UUID = /^0000([0-9a-f]{4})-0000-1000-8000-00805f9b34fb$/;

/** One received advertisement, ready for the wasm. */
export interface Received {
  readonly data: Uint8Array;
  /** dBm; `NaN` when the platform reports none (the wasm then ignores the advertisement). */
  readonly rssi: number;
}

/** The event's entries and RSSI. */
export function readAdvertisement(event: AdvertisingEvent): Received {
  const entries: number[] = [];
  collect(event.manufacturerData, MANUFACTURER, companyId, entries);
  collect(event.serviceData, SERVICE, uuid16, entries);
  const rssi = typeof event.rssi === 'number' ? event.rssi : NaN;
  return { data: Uint8Array.from(entries), rssi };
}

/** A company id: a whole number from 0 to 0xFFFF. */
function companyId(key: unknown): number | undefined {
  return typeof key === 'number' && Number.isInteger(key) && key >= 0 && key <= 0xffff ? key : undefined;
}

/** The 16-bit UUID of a service key: a base-UUID string or a number. */
export function uuid16(key: unknown): number | undefined {
  if (typeof key === 'number') return companyId(key);
  if (typeof key !== 'string') return undefined;
  const short = BASE_UUID.exec(key.toLowerCase())?.[1];
  return short === undefined ? undefined : parseInt(short, 16);
}

/** The bytes of a `DataView`, typed array or `ArrayBuffer`. */
function bytesOf(value: unknown): Uint8Array | undefined {
  if (value instanceof ArrayBuffer) return new Uint8Array(value);
  if (ArrayBuffer.isView(value)) return new Uint8Array(value.buffer, value.byteOffset, value.byteLength);
  return undefined;
}

/** Appends the entries of `map` whose keys `key` accepts. */
function collect(map: DataMap | undefined, kind: number, key: (k: unknown) => number | undefined, out: number[]): void {
  if (typeof map?.forEach !== 'function') return;
  map.forEach((value, k) => {
    const id = key(k);
    const bytes = bytesOf(value);
    if (id === undefined || bytes === undefined || bytes.length > 0xffff) return;
    out.push(kind, id & 0xff, id >> 8, bytes.length & 0xff, bytes.length >> 8);
    for (const byte of bytes) out.push(byte);
  });
}
