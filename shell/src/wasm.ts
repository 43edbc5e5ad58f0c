/**
 * The main WebAssembly module (catalog, profile, decisions): loaded once per page or process
 * by {@link wasmLoader}, again after a failure.
 */
import { initSync, type Engine } from './wasm/vitrine_wasm.js';
import { VitrineError } from './errors.js';
import { wasmLoader, type WasmSource } from './wasm-load.js';
import { text } from './wasm-text.js';

export { Engine, refresh_backoff as refreshBackoff, refresh_due as refreshDue } from './wasm/vitrine_wasm.js';
export type { WasmSource };

const loadMain = wasmLoader(initSync, () => new URL('./vitrine_wasm_bg.wasm', import.meta.url));

/**
 * Loads and instantiates the module (default: `vitrine_wasm_bg.wasm` next to this file).
 * Concurrent calls share one load; after a failure the next call tries again. Rejects with
 * `wasm_load_failed`.
 */
export function loadWasm(source?: WasmSource): Promise<void> {
  return loadMain(source).catch((error: unknown) => {
    throw new VitrineError(
      'wasm_load_failed',
      `could not load Vitrine's WebAssembly module (${String(error)}); serve ` +
        '`vitrine_wasm_bg.wasm` next to the package entry with `Content-Type: application/wasm`, ' +
        'or pass its URL to `load()`',
      { cause: error },
    );
  });
}

export { messageOf, utf8 } from './wasm-text.js';

/** The version label of the engine's catalog, `undefined` without one. */
export function catalogVersionOf(engine: Engine): string | undefined {
  const bytes = engine.catalog_version();
  return bytes.length === 0 ? undefined : text(bytes);
}
