/**
 * The few Web Bluetooth interfaces `vitrine/beacons` uses (TypeScript's DOM library has none
 * of them), and feature detection that never throws. Every call is a plain property look-up,
 * so a test double with the same method names works too.
 */

/** `navigator.bluetooth`: scanning (`requestLEScan`, experimental) and the device chooser. */
export interface Bluetooth extends EventTarget {
  requestLEScan?(options: ScanOptions): Promise<BluetoothScan>;
  requestDevice?(options: DeviceOptions): Promise<BluetoothDevice>;
}

/** A running `requestLEScan` scan. */
export interface BluetoothScan {
  stop(): void;
}

/** A device the shopper picked in the chooser. */
export interface BluetoothDevice extends EventTarget {
  watchAdvertisements?(options: { signal: AbortSignal }): Promise<void>;
}

/** A `manufacturerData` filter: AltBeacon manufacturer data under one company id. */
export interface ManufacturerFilter {
  companyIdentifier: number;
  dataPrefix: Uint8Array;
}

/** One filter of a request: manufacturer data or services. */
export type RequestFilter = { manufacturerData: ManufacturerFilter[] } | { services: number[] };

/** `requestDevice` options. */
export interface DeviceOptions {
  filters: RequestFilter[];
  optionalManufacturerData: number[];
  optionalServices: number[];
}

/** `requestLEScan` options: the same, and every repeated advertisement (RSSI updates). */
export interface ScanOptions extends DeviceOptions {
  keepRepeatedDevices: boolean;
}

/** A maplike of `BluetoothAdvertisingEvent` (`manufacturerData`, `serviceData`). */
export interface DataMap {
  forEach(callback: (value: unknown, key: unknown) => void): void;
}

/** The `advertisementreceived` event. */
export interface AdvertisingEvent extends Event {
  readonly rssi?: number | null;
  readonly manufacturerData?: DataMap;
  readonly serviceData?: DataMap;
}

/** `navigator.bluetooth`, or `undefined` where the browser has no Web Bluetooth. */
export function bluetoothOf(): Bluetooth | undefined {
  try {
    const navigator = globalThis.navigator as (Navigator & { bluetooth?: unknown }) | undefined;
    if (navigator === undefined || !('bluetooth' in navigator)) return undefined;
    const bluetooth = navigator.bluetooth;
    return typeof bluetooth === 'object' && bluetooth !== null ? (bluetooth as Bluetooth) : undefined;
  } catch {
    return undefined;
  }
}

/** Whether `target` has `name` as a function (e.g. `requestLEScan`). */
export function hasMethod(target: object, name: string): boolean {
  try {
    return typeof (target as Record<string, unknown>)[name] === 'function';
  } catch {
    return false;
  }
}
