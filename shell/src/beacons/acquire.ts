/**
 * The two ways a page receives advertisements, each giving a running {@link Source}:
 *
 * - **scanning**, `navigator.bluetooth.requestLEScan`: one prompt, then every advertisement
 *   of the catalog's beacons (`advertisementreceived` on `navigator.bluetooth`);
 * - **watching**, `requestDevice` then `device.watchAdvertisements()`: the shopper picks one
 *   beacon in the browser's chooser (`advertisementreceived` on the device).
 *
 * The request names exactly what the wasm's filters list (browsers deliver only that). A
 * rejection becomes a coded error by its `DOMException` name ({@link startError}).
 */
import type { ErrorCode } from '../errors.js';
import type { AdvertisingEvent, Bluetooth, BluetoothScan, DeviceOptions, ScanOptions } from './bluetooth.js';
import type { Filters } from './wire.js';

/** Advertisements coming in; `stop` ends them and removes the listener. */
export interface Source {
  readonly scan: boolean;
  stop(): void;
}

/** Makes a coded error (the extension's `error`). */
export type MakeError = (code: ErrorCode, message: string, cause?: unknown) => Error;

/** `requestDevice` options for `filters`. */
export function deviceOptions(filters: Filters): DeviceOptions {
  return {
    filters: [
      ...filters.companyIds.map((id) => ({
        manufacturerData: [{ companyIdentifier: id, dataPrefix: filters.prefix.slice() }],
      })),
      ...(filters.services.length > 0 ? [{ services: filters.services.slice() }] : []),
    ],
    optionalManufacturerData: filters.companyIds.slice(),
    optionalServices: filters.services.slice(),
  };
}

/** `requestLEScan` options for `filters`: every repeated advertisement, for RSSI updates. */
export function scanOptions(filters: Filters): ScanOptions {
  return { ...deviceOptions(filters), keepRepeatedDevices: true };
}

/** Listens for `advertisementreceived` on `target`; returns the removal. */
function listen(target: EventTarget, onAdvertisement: (event: AdvertisingEvent) => void): () => void {
  const listener = (event: Event): void => onAdvertisement(event as AdvertisingEvent);
  target.addEventListener('advertisementreceived', listener);
  return () => target.removeEventListener('advertisementreceived', listener);
}

/** Starts a scan (a permission prompt). Rejects with the browser's error. */
export async function startScan(
  bluetooth: Bluetooth,
  filters: Filters,
  onAdvertisement: (event: AdvertisingEvent) => void,
): Promise<Source> {
  const scan: BluetoothScan = await (bluetooth.requestLEScan as NonNullable<Bluetooth['requestLEScan']>).call(
    bluetooth,
    scanOptions(filters),
  );
  const unlisten = listen(bluetooth, onAdvertisement);
  return {
    scan: true,
    stop() {
      unlisten();
      try {
        scan.stop();
      } catch {
        // A scan the browser already ended (page hidden) may throw: nothing to undo.
      }
    },
  };
}

/** Lets the shopper pick a beacon (a chooser) and watches its advertisements. */
export async function startWatch(
  bluetooth: Bluetooth,
  filters: Filters,
  onAdvertisement: (event: AdvertisingEvent) => void,
  notSupported: () => Error,
): Promise<Source> {
  const device = await (bluetooth.requestDevice as NonNullable<Bluetooth['requestDevice']>).call(
    bluetooth,
    deviceOptions(filters),
  );
  if (typeof device?.watchAdvertisements !== 'function') throw notSupported();
  const controller = new AbortController();
  // Listen first: the first advertisement may arrive before the promise resolves.
  const unlisten = listen(device, onAdvertisement);
  try {
    await device.watchAdvertisements({ signal: controller.signal });
  } catch (error) {
    unlisten();
    throw error;
  }
  return {
    scan: false,
    stop() {
      unlisten();
      controller.abort();
    },
  };
}

/** The coded error for a rejection of `requestLEScan`, `requestDevice` or `watchAdvertisements`. */
export function startError(error: unknown, makeError: MakeError): Error {
  const name = error instanceof Error || error instanceof DOMException ? error.name : '';
  const message = error instanceof Error || error instanceof DOMException ? error.message : String(error);
  switch (name) {
    case 'NotAllowedError':
    case 'SecurityError':
      return makeError(
        'bluetooth_permission_denied',
        `Bluetooth permission was refused (${message}); call beacons.start() from a click or tap, and ask the shopper to allow Bluetooth for this site`,
        error,
      );
    case 'NotFoundError':
    case 'AbortError':
      return makeError(
        'bluetooth_cancelled',
        `no beacon was picked in the browser's chooser (${message}); call beacons.start() again to retry`,
        error,
      );
    default:
      return makeError('bluetooth_failed', `Bluetooth failed: ${name === '' ? '' : `${name}: `}${message}`, error);
  }
}
