/**
 * Loads and instantiates the WebAssembly module. The API calls it for you; call it yourself only
 * to start the download early or to provide the module from another location.
 */
export function load(
  wasm?: string | URL | Request | Response | BufferSource | WebAssembly.Module,
): Promise<void>;

/** The SDK version (the npm package version). */
export function version(): Promise<string>;
