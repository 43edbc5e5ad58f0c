/**
 * The catalog's life on one page: the cached copy at start (verified again), the network copy
 * (fetched, verified, then accepted or refused by the wasm: sequence and expiry), revalidation
 * when the Rust refresh policy says so, and retries with its backoff after failures. The last
 * good catalog stays in use whatever happens; every problem is reported with its code.
 */
import { fetchCatalog } from './catalog-fetch.js';
import { codeOf, toVitrineError, VitrineError } from './errors.js';
import type { Settings } from './options.js';
import type { CachedCatalog, Store } from './storage/store.js';
import { verifyCatalog } from './verify.js';
import { catalogVersionOf, messageOf, refreshBackoff, refreshDue, type Engine } from './wasm.js';

/** What the catalog source needs from the instance that owns it. */
export interface CatalogHost {
  readonly settings: Settings;
  /** The store in use (it changes when consent does). */
  store(): Store;
  report(error: VitrineError): void;
  /** A new catalog is in use. */
  adopted(): void;
  /** The engine in use (a new one after a trap: instance.ts); only called once the wasm is loaded. */
  engine(): Engine;
}

/** A downloaded and verified catalog, not yet given to the wasm. */
export interface Download {
  readonly envelope: Uint8Array;
  readonly payload: Uint8Array;
  readonly etag: string | undefined;
}

/**
 * Downloads and verifies the catalog at `settings.catalogUrl`, revalidating `etag` when given;
 * `undefined` when the server says that copy is current. Needs no wasm: a first visit starts it
 * before the module and the store are ready.
 */
export async function downloadCatalog(settings: Settings, etag: string | undefined): Promise<Download | undefined> {
  const url = settings.catalogUrl as string;
  const response = await fetchCatalog({ url, etag, timeoutMs: settings.timeoutMs });
  if (response.status === 'not-modified') return undefined;
  const payload = await verifyCatalog(response.bytes, settings.publicKeys);
  return { envelope: response.bytes, payload, etag: response.etag };
}

export class CatalogSource {
  /** The verified payload the engine uses (the optional modules read their part of it). */
  payload: Uint8Array | undefined;
  #failures = 0;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #stopped = false;

  readonly #host: CatalogHost;
  #cached: CachedCatalog | undefined;

  constructor(host: CatalogHost, cached: CachedCatalog | undefined) {
    this.#host = host;
    this.#cached = cached;
  }

  /** Verifies the cached catalog's signature (before the wasm is ready); `undefined` if unusable. */
  async verifyCached(): Promise<Uint8Array | undefined> {
    if (this.#cached === undefined) return undefined;
    try {
      return await verifyCatalog(this.#cached.bytes, this.#host.settings.publicKeys);
    } catch (error) {
      this.#host.report(toVitrineError(error, 'catalog_signature_invalid', 'the cached catalog was dropped'));
      this.#cached = undefined;
      return undefined;
    }
  }

  /** Downloads and verifies the catalog; `undefined` when the cached copy is current. */
  download(): Promise<Download | undefined> {
    return downloadCatalog(this.#host.settings, this.#cached?.etag);
  }

  /**
   * Puts the first catalog in use: the test option's, else the cached one, else (first visit,
   * or the cached one is unusable) the network's, which `early` may already be downloading.
   * Then revalidates in the background when the refresh policy says so.
   */
  async start(cachedPayload: Uint8Array | undefined, early: Promise<Download | undefined> | undefined): Promise<void> {
    const { settings } = this.#host;
    const now = settings.clock();
    if (settings.catalog !== undefined) {
      this.#use(settings.catalog, now, true, 'the catalog option was not used');
      return;
    }
    if (cachedPayload !== undefined) {
      this.#use(cachedPayload, now, false, 'the cached catalog was dropped');
    }
    if (catalogVersionOf(this.#host.engine()) === undefined) {
      await this.refresh(early);
    } else if (this.#cached && refreshDue(settings.refreshAfterMs, this.#cached.fetchedAt, 0, now)) {
      void this.refresh(undefined);
    }
  }

  /**
   * Asks the server for a newer catalog now (or takes `early`'s answer); on failure, retries
   * later with backoff. Resolves once the answer is in use; caching it finishes later.
   */
  async refresh(early?: Promise<Download | undefined>): Promise<void> {
    clearTimeout(this.#timer);
    try {
      const download = await (early ?? this.download());
      if (this.#stopped) return;
      const now = this.#host.settings.clock();
      // Caching goes on in the background: the catalog is in use already.
      if (download === undefined) {
        if (this.#cached) void this.#save({ ...this.#cached, fetchedAt: now });
      } else if (this.#use(download.payload, now, true, 'the new catalog was not used')) {
        void this.#save({ bytes: download.envelope, etag: download.etag, fetchedAt: now });
      }
      this.#failures = 0;
    } catch (error) {
      if (this.#stopped) return;
      this.#failures++;
      this.#host.report(
        toVitrineError(error, 'catalog_fetch_failed', 'the catalog could not be updated; the last good one stays in use'),
      );
      const delay = refreshBackoff(this.#host.settings.refreshAfterMs, this.#failures, Math.random());
      this.#timer = setTimeout(() => void this.refresh(), delay);
    }
  }

  /** Stops retrying. */
  stop(): void {
    this.#stopped = true;
    clearTimeout(this.#timer);
  }

  /** Gives `payload` to the wasm (`fresh`: just fetched); reports its refusal, or announces it. */
  #use(payload: Uint8Array, now: number, fresh: boolean, context: string): boolean {
    const engine = this.#host.engine();
    const error = codeOf(engine.catalog(payload, now, fresh));
    if (error !== undefined) {
      this.#host.report(new VitrineError(error, `${context}: ${messageOf(engine)}`));
      return false;
    }
    this.payload = payload;
    this.#host.adopted();
    return true;
  }

  async #save(catalog: CachedCatalog): Promise<void> {
    this.#cached = catalog;
    try {
      await this.#host.store().putCatalog(catalog);
    } catch (error) {
      this.#host.report(toVitrineError(error, 'storage_failed', 'the catalog could not be cached'));
    }
  }
}
