// Vitrine's ESM entry. It loads the WebAssembly module once (with `instantiateStreaming` when the
// server sends `application/wasm`, falling back to `instantiate` otherwise) and wraps the
// wasm-bindgen exports in the documented API. Works in bundlers (Vite, webpack 5) and from a
// plain `<script type="module">`: the `.wasm` is located with `new URL(..., import.meta.url)`.
import initWasm, { version as wasmVersion, Vitrine as WasmVitrine } from './vitrine_wasm.js';

let loading;

/**
 * Loads and instantiates the WebAssembly module. Called for you by the API; call it yourself
 * only to start the download early or to pass the module from somewhere else.
 * @param {string | URL | Request | Response | BufferSource | WebAssembly.Module} [wasm]
 * @returns {Promise<void>}
 */
export function load(wasm) {
  loading ??= initWasm(wasm === undefined ? undefined : { module_or_path: wasm }).then(() => undefined);
  return loading;
}

/**
 * The SDK version (the npm package version).
 * @returns {Promise<string>}
 */
export async function version() {
  await load();
  return wasmVersion();
}

/**
 * The SDK. `await Vitrine.init(options)` loads the WebAssembly module if needed and returns an
 * instance with `track`, `decide`, `render`, `consent`, `exportData`, `forget` and `destroy`.
 */
export const Vitrine = Object.freeze({
  /**
   * @param {import('./index.js').InitOptions} options
   * @returns {Promise<import('./index.js').VitrineInstance>}
   */
  async init(options) {
    await load();
    return WasmVitrine.init(options);
  },
});
