/**
 * The beacon module's WebAssembly (`vitrine_beacons_bg.wasm`, from wasm-beacons/), loaded by
 * the first `beacons(instance)` of the page: pages without beacons never download it.
 */
import { initSync, type Beacons } from '../wasm/vitrine_beacons.js';
import type { Extension } from '../extension.js';
import { WasmModule } from '../wasm-load.js';

export { Beacons } from '../wasm/vitrine_beacons.js';

const module = new WasmModule(initSync, () => new URL('./vitrine_beacons_bg.wasm', import.meta.url));

const decoder = new TextDecoder();
const encoder = new TextEncoder();

/** The message of the module's last failure (texts cross the boundary as UTF-8). */
export function messageOf(beacons: Beacons): string {
  return decoder.decode(beacons.message());
}

/** A text as the module takes it: UTF-8 bytes. */
export function utf8(text: string): Uint8Array {
  return encoder.encode(text);
}

/** Loads the module once per page (again after a failure); rejects with `wasm_load_failed`. */
export function loadBeacons(ext: Extension): Promise<void> {
  return module.load().catch((error: unknown) => {
    throw ext.error(
      'wasm_load_failed',
      `could not load the beacon module (${String(error)}); serve \`vitrine_beacons_bg.wasm\` next to \`beacons.js\` with \`Content-Type: application/wasm\``,
      error,
    );
  });
}
