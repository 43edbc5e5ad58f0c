/**
 * The measurement module's WebAssembly (`vitrine_measurement_bg.wasm`, from wasm-measurement/),
 * loaded by the first `measurement(instance, options)` of the page: pages that do not measure
 * never download it.
 */
import { initSync } from '../wasm/vitrine_measurement.js';
import type { Extension } from '../extension.js';
import { wasmLoader } from '../wasm-load.js';

export { Meter as WasmMeter, measuring } from '../wasm/vitrine_measurement.js';

const load = wasmLoader(initSync, () => new URL('./vitrine_measurement_bg.wasm', import.meta.url));

/** Loads the module once per page (again after a failure); rejects with `wasm_load_failed`. */
export function loadMeasurement(ext: Extension): Promise<void> {
  return load().catch((error: unknown) => {
    throw ext.error(
      'wasm_load_failed',
      `could not load the measurement module (${String(error)}); serve \`vitrine_measurement_bg.wasm\` next to \`measurement.js\` with \`Content-Type: application/wasm\``,
      error,
    );
  });
}
