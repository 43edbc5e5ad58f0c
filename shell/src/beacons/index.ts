/**
 * `vitrine/beacons`: in-store beacons over Web Bluetooth, a separate entry point with its own
 * WebAssembly module (shops that do not use beacons download none of it). See docs/beacons.md.
 *
 * ```js
 * import { Vitrine } from 'vitrine';
 * import { beacons } from 'vitrine/beacons';
 * const vitrine = await Vitrine.init({ catalogUrl: '/catalog.bin', publicKeys: [...] });
 * const nearby = await beacons(vitrine);
 * button.onclick = () => nearby.start().catch((e) => console.warn(e.code, e.message));
 * ```
 *
 * Beacon data never leaves the device; arrivals and departures are recorded as profile events
 * (`beacon_enter`, `beacon_exit`) only with personalization consent, and the last `render` is
 * done again when they change what it shows.
 */
import { extensionOf } from '../extension.js';
import type { VitrineInstance } from '../index.js';
import { Controller } from './controller.js';
import { loadBeacons } from './module.js';
import type { SimulatedAdvertisement, StartOptions, VitrineBeacons } from './types.js';

export type {
  BeaconStatus,
  BeaconZone,
  BeaconZoneState,
  SimulatedAdvertisement,
  StartOptions,
  VitrineBeacons,
} from './types.js';

const made = new WeakMap<object, VitrineBeacons>();

/**
 * The beacons of `instance` (what `Vitrine.init` resolved to), once the beacon module
 * (`vitrine_beacons_bg.wasm`, next to `beacons.js`) is loaded: the same object on every call
 * for one instance. Rejects with `options_invalid` for anything else, `destroyed` after the
 * instance's `destroy()`, and `wasm_load_failed` when the module cannot be loaded (a later
 * call tries again).
 */
export async function beacons(instance: VitrineInstance): Promise<VitrineBeacons> {
  const ext = extensionOf(instance, 'beacons(instance)');
  if (ext.destroyed) throw ext.error('destroyed', 'this Vitrine instance was destroyed; call Vitrine.init again');
  await loadBeacons(ext);
  let api = made.get(instance);
  if (api === undefined) {
    const controller = new Controller(ext);
    api = Object.freeze({
      status: () => controller.status(),
      start: (options?: StartOptions) => controller.start(options),
      stop: () => controller.stop(),
      zones: () => controller.zones(),
      simulate: (advertisement: SimulatedAdvertisement) => controller.simulate(advertisement),
    });
    made.set(instance, api);
  }
  return api;
}
