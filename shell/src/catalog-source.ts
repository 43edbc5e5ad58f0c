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
interface Download {
  readonly envelope: Uint8Array;
  readonly payload: Uint8Array;
  readonly etag: string | undefined;
}

export class CatalogSource {
  /** The verified payload the engine uses (the optional modules read their part of it). */
  payload: Uint8Array | undefined;
  private failures = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private stopped = false;

  constructor(
    private readonly host: CatalogHost,
    private cached: CachedCatalog | undefined,
  ) {}

  /** Verifies the cached catalog's signature (before the wasm is ready); `undefined` if unusable. */
  async verifyCached(): Promise<Uint8Array | undefined> {
    if (this.cached === undefined) return undefined;
    try {
      return await verifyCatalog(this.cached.bytes, this.host.settings.publicKeys);
    } catch (error) {
      this.host.report(toVitrineError(error, 'catalog_signature_invalid', 'the cached catalog was dropped'));
      this.cached = undefined;
      return undefined;
    }
  }

  /** Downloads and verifies the catalog; `undefined` when the cached copy is current. */
  async download(): Promise<Download | undefined> {
    const url = this.host.settings.catalogUrl as string;
    const response = await fetchCatalog({
      url,
      etag: this.cached?.etag,
      timeoutMs: this.host.settings.timeoutMs,
    });
    if (response.status === 'not-modified') return undefined;
    const payload = await verifyCatalog(response.bytes, this.host.settings.publicKeys);
    return { envelope: response.bytes, payload, etag: response.etag };
  }

  /**
   * Puts the first catalog in use: the test option's, else the cached one, else (first visit,
   * or the cached one is unusable) the network's, which `early` may already be downloading.
   * Then revalidates in the background when the refresh policy says so.
   */
  async start(cachedPayload: Uint8Array | undefined, early: Promise<Download | undefined> | undefined): Promise<void> {
    const { settings } = this.host;
    const now = settings.clock();
    if (settings.catalog !== undefined) {
      this.use(settings.catalog, now, true, 'the catalog option was not used');
      return;
    }
    if (cachedPayload !== undefined) {
      this.use(cachedPayload, now, false, 'the cached catalog was dropped');
    }
    if (catalogVersionOf(this.host.engine()) === undefined) {
      await this.refresh(early);
    } else if (this.cached && refreshDue(settings.refreshAfterMs, this.cached.fetchedAt, 0, now)) {
      void this.refresh(undefined);
    }
  }

  /** Asks the server for a newer catalog now; on failure, retries later with backoff. */
  async refresh(early?: Promise<Download | undefined>): Promise<void> {
    clearTimeout(this.timer);
    try {
      const download = await (early ?? this.download());
      if (this.stopped) return;
      const now = this.host.settings.clock();
      if (download === undefined) {
        if (this.cached) await this.save({ ...this.cached, fetchedAt: now });
      } else if (this.use(download.payload, now, true, 'the new catalog was not used')) {
        await this.save({ bytes: download.envelope, etag: download.etag, fetchedAt: now });
      }
      this.failures = 0;
    } catch (error) {
      if (this.stopped) return;
      this.failures++;
      this.host.report(
        toVitrineError(error, 'catalog_fetch_failed', 'the catalog could not be updated; the last good one stays in use'),
      );
      const delay = refreshBackoff(this.host.settings.refreshAfterMs, this.failures, Math.random());
      this.timer = setTimeout(() => void this.refresh(), delay);
    }
  }

  /** Stops retrying. */
  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
  }

  /** Gives `payload` to the wasm (`fresh`: just fetched); reports its refusal, or announces it. */
  private use(payload: Uint8Array, now: number, fresh: boolean, context: string): boolean {
    const engine = this.host.engine();
    const error = codeOf(engine.catalog(payload, now, fresh));
    if (error !== undefined) {
      this.host.report(new VitrineError(error, `${context}: ${messageOf(engine)}`));
      return false;
    }
    this.payload = payload;
    this.host.adopted();
    return true;
  }

  private async save(catalog: CachedCatalog): Promise<void> {
    this.cached = catalog;
    try {
      await this.host.store().putCatalog(catalog);
    } catch (error) {
      this.host.report(toVitrineError(error, 'storage_failed', 'the catalog could not be cached'));
    }
  }
}
