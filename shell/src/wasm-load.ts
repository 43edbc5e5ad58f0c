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
type InitSync = (input: { module: WebAssembly.Module }) => { memory: WebAssembly.Memory };

export class WasmModule {
  #loading: Promise<void> | undefined;
  #memory: WebAssembly.Memory | undefined;

  /**
   * `init`: the glue's `initSync`; `url`: where the module is by default, written as
   * `() => new URL('./name_bg.wasm', import.meta.url)` in the entry's own file, so that
   * bundlers see the asset.
   */
  readonly #init: InitSync;
  readonly #url: () => URL;

  constructor(init: InitSync, url: () => URL) {
    this.#init = init;
    this.#url = url;
  }

  /**
   * Loads and instantiates the module. Concurrent calls share one load; after a failure the
   * next call tries again. Rejects with the cause (the caller codes it).
   */
  load(source?: WasmSource): Promise<void> {
    this.#loading ??= this.#instantiate(source ?? this.#url()).catch((error: unknown) => {
      this.#loading = undefined;
      throw error;
    });
    return this.#loading;
  }

  /** The module's linear memory in bytes (0 before it is loaded). */
  memoryBytes(): number {
    return this.#memory?.buffer.byteLength ?? 0;
  }

  async #instantiate(source: WasmSource): Promise<void> {
    this.#memory = this.#init({ module: await compile(source) }).memory;
  }
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
