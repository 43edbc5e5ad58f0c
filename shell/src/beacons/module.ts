/**
 * The beacon module's WebAssembly (`vitrine_beacons_bg.wasm`, from wasm-beacons/), loaded by
 * the first `beacons(instance)` of the page: pages without beacons never download it.
 */
import { initSync } from '../wasm/vitrine_beacons.js';
import type { Extension } from '../extension.js';
import { wasmLoader } from '../wasm-load.js';

export { Beacons } from '../wasm/vitrine_beacons.js';

const load = wasmLoader(initSync, () => new URL('./vitrine_beacons_bg.wasm', import.meta.url));

/** Loads the module once per page (again after a failure); rejects with `wasm_load_failed`. */
export function loadBeacons(ext: Extension): Promise<void> {
  return load().catch((error: unknown) => {
    throw ext.error(
      'wasm_load_failed',
      `could not load the beacon module (${String(error)}); serve \`vitrine_beacons_bg.wasm\` next to \`beacons.js\` with \`Content-Type: application/wasm\``,
      error,
    );
  });
}
