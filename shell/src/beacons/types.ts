/**
 * The public types of `vitrine/beacons`, on their own (no imports), so that the package's
 * declarations for the entry point stay self-contained.
 */

/** `unsupported`: no Web Bluetooth; `permission_denied`: the last `start()` was refused. */
export type BeaconStatus = 'unsupported' | 'idle' | 'permission_denied' | 'scanning';

/** Proximity zone, like iOS `CLProximity`. */
export type BeaconZone = 'immediate' | 'near' | 'far' | 'unknown';

/** One catalog beacon's live state. */
export interface BeaconZoneState {
  /** Catalog beacon id. */
  beacon: string;
  /** Its human name. */
  name: string;
  zone: BeaconZone;
  /** Estimated distance in metres, when heard. */
  distanceM: number | null;
  /** Whether the shopper counts as at the beacon (its `at_zone` or closer). */
  at: boolean;
}

/** `start()`'s options. */
export interface StartOptions {
  /** `auto` (default): scanning where the browser has it, else watching a picked beacon. */
  method?: 'auto' | 'scan' | 'watch';
}

/** What `simulate()` feeds: catalog beacon `beacon` heard at `rssi` dBm (-127 to -1). */
export interface SimulatedAdvertisement {
  beacon: string;
  rssi: number;
}

/** In-store beacons of one instance. */
export interface VitrineBeacons {
  /** `'unsupported'`, `'idle'`, `'permission_denied'` (the last `start()` was refused) or `'scanning'`. Never throws. */
  status(): BeaconStatus;
  /**
   * Starts receiving the catalog's beacons. Call it from a click or tap (the browser shows a
   * permission prompt or a device chooser). `auto` (default) scans with `requestLEScan` when
   * the browser has it, else lets the shopper pick one beacon (`requestDevice` +
   * `watchAdvertisements`); each `watch` start adds one beacon. Rejects with a `VitrineError`:
   * `bluetooth_unsupported`, `beacons_none`, `bluetooth_permission_denied`,
   * `bluetooth_cancelled`, `bluetooth_failed`, `destroyed`, or `options_invalid` (a
   * `TypeError`) for bad options.
   */
  start(options?: StartOptions): Promise<void>;
  /** Stops receiving; the shopper leaves every beacon they were at. */
  stop(): void;
  /** Every catalog beacon's live zone, in catalog order (none after `destroy()`). */
  zones(): BeaconZoneState[];
  /**
   * Feeds the advertisement catalog beacon `beacon` would send, received at `rssi` dBm (a
   * whole number from -127 to -1), through the same path as real ones (no Bluetooth needed).
   * Throws `advertisement_invalid`, `beacon_unknown` or `destroyed`.
   */
  simulate(advertisement: SimulatedAdvertisement): void;
}
