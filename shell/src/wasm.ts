/**
 * Loads the WebAssembly module once per page or process, and again after a failure (an SPA
 * after a network blip, a long-running test runner). In browsers it streams and compiles
 * while the shell reads storage and fetches the catalog; where the module's URL is a
 * `file:` URL (Node: Vitest, Jest, SSR tests) it is read from disk.
 */
import initGlue from './wasm/vitrine_wasm.js';
import { VitrineError } from './errors.js';

export { Engine, refresh_backoff as refreshBackoff, refresh_due as refreshDue } from './wasm/vitrine_wasm.js';

/** Where the module comes from: a URL, a `fetch` response, its bytes, or a compiled module. */
export type WasmSource = string | URL | Response | BufferSource | WebAssembly.Module;

let loading: Promise<void> | undefined;
let memory: WebAssembly.Memory | undefined;

/**
 * Loads and instantiates the module (default: `vitrine_wasm_bg.wasm` next to this file).
 * Concurrent calls share one load; after a failure the next call tries again. Rejects with
 * `wasm_load_failed`.
 */
export function loadWasm(source?: WasmSource): Promise<void> {
  loading ??= instantiate(source ?? new URL('./vitrine_wasm_bg.wasm', import.meta.url)).catch(
    (error: unknown) => {
      loading = undefined;
      throw new VitrineError(
        'wasm_load_failed',
        `could not load Vitrine's WebAssembly module (${String(error)}); serve ` +
          '`vitrine_wasm_bg.wasm` next to the package entry with `Content-Type: application/wasm`, ' +
          'or pass its URL to `load()`',
        { cause: error },
      );
    },
  );
  return loading;
}

async function instantiate(source: WasmSource): Promise<void> {
  memory = (await initGlue({ module_or_path: await compile(source) })).memory;
}

/** The module's linear memory in bytes (0 before it is loaded): for benchmarks and the panel. */
export function wasmMemoryBytes(): number {
  return memory?.buffer.byteLength ?? 0;
}

async function compile(source: WasmSource): Promise<WebAssembly.Module> {
  if (source instanceof WebAssembly.Module) return source;
  if (source instanceof Response) return compileResponse(source);
  if (typeof source !== 'string' && !(source instanceof URL)) return WebAssembly.compile(source);
  const url = new URL(source, globalThis.location?.href);
  if (url.protocol === 'file:') return WebAssembly.compile(await readFile(url));
  return compileResponse(await fetch(url, { credentials: 'same-origin' }));
}

async function compileResponse(response: Response): Promise<WebAssembly.Module> {
  if (!response.ok) throw new Error(`HTTP ${response.status} for ${response.url}`);
  // Streaming needs `application/wasm`; any other type falls back to compiling the bytes.
  if (response.headers.get('Content-Type')?.startsWith('application/wasm')) {
    return WebAssembly.compileStreaming(response);
  }
  return WebAssembly.compile(await response.arrayBuffer());
}

/**
 * Reads a `file:` URL with Node's `fs` (Node 20.16+ `process.getBuiltinModule`), which leaves no
 * `import` of a Node module for browser bundlers to trip over.
 */
async function readFile(url: URL): Promise<Uint8Array<ArrayBuffer>> {
  type Fs = { readFile(path: URL): Promise<Uint8Array<ArrayBuffer>> };
  const process = (globalThis as { process?: { getBuiltinModule?(id: string): unknown } }).process;
  const fs = process?.getBuiltinModule?.('fs/promises') as Fs | undefined;
  if (fs === undefined) {
    throw new Error(`cannot read ${url.href} here: pass the module's bytes or URL to load()`);
  }
  return fs.readFile(url);
}
