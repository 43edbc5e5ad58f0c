/**
 * Loads one of the package's WebAssembly modules (the main one, or an optional entry's) once
 * per page or process, and again after a failure (an SPA after a network blip, a long-running
 * test runner). In browsers it streams and compiles while the caller goes on; where the
 * module's URL is a `file:` URL (Node: Vitest, Jest, SSR tests) it is read from disk.
 */

/** Where a module comes from: a URL, a `fetch` response, its bytes, or a compiled module. */
export type WasmSource = string | URL | Response | BufferSource | WebAssembly.Module;

/**
 * A wasm-bindgen `--target web` glue's `initSync`: it instantiates a module compiled here (so
 * the glue's own fetching and streaming code is never imported, and bundlers drop it).
 */
type InitSync = (input: { module: WebAssembly.Module }) => unknown;

/**
 * The loader of one module: `init` is the glue's `initSync`; `url` where the module is by
 * default, written as `() => new URL('./name_bg.wasm', import.meta.url)` in the entry's own
 * file, so that bundlers see the asset. The loader compiles and instantiates the module;
 * concurrent calls share one load, and after a failure the next call tries again. It rejects
 * with the cause (the caller codes it).
 */
export function wasmLoader(init: InitSync, url: () => URL): (source?: WasmSource) => Promise<void> {
  let loading: Promise<void> | undefined;
  return (source) =>
    (loading ??= compile(source ?? url())
      .then((module) => {
        init({ module });
      })
      .catch((error: unknown) => {
        loading = undefined;
        throw error;
      }));
}

async function compile(source: WasmSource): Promise<WebAssembly.Module> {
  if (source instanceof WebAssembly.Module) return source;
  // Test environments may lack `Response` (Jest's jsdom): then no source can be one.
  if (typeof Response === 'function' && source instanceof Response) return compileResponse(source);
  if (typeof source !== 'string' && !(source instanceof URL)) return WebAssembly.compile(source as BufferSource);
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
