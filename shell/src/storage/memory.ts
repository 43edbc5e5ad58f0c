/**
 * The memory store: the fallback when IndexedDB is missing, refuses to open or stays blocked.
 * Same contract as the IndexedDB store (bytes are copied in and out, a throwing fold changes
 * nothing), gone with the page.
 */

import { VitrineError } from '../errors.js';
import {
  ownBytes,
  type CachedCatalog,
  type Fold,
  type Folded,
  type LedgerUpdate,
  type Loaded,
  type Meta,
  type MetaPatch,
  type Store,
} from './store.js';
import { applyMetaPatch, foldError, ledgerError } from './records.js';

/** Everything in memory for the life of the page. */
export class MemoryStore implements Store {
  readonly persistent = false;
  readonly created = true;
  #profile: Uint8Array | undefined;
  #outbox: Uint8Array[] = [];
  #catalog: CachedCatalog | undefined;
  #meta: Meta = {};
  #ledger: Uint8Array | undefined;
  #closed = false;

  /** A copy of everything needed at start. */
  async load(): Promise<Loaded> {
    this.#check();
    return {
      profile: this.#profile && ownBytes(this.#profile),
      outbox: this.#outbox.map(ownBytes),
      catalog: this.#catalog && { ...this.#catalog, bytes: ownBytes(this.#catalog.bytes) },
      meta: { ...this.#meta },
    };
  }

  /** Folds the outbox into the profile; if `fold` throws, nothing changes. */
  async fold(fold: Fold): Promise<Uint8Array> {
    this.#check();
    const batches = this.#outbox.map(ownBytes);
    let folded: Folded;
    try {
      folded = fold(this.#profile && ownBytes(this.#profile), batches, { ...this.#meta });
    } catch (error) {
      throw foldError(error);
    }
    this.#profile = ownBytes(folded.profile);
    this.#outbox = this.#outbox.slice(batches.length);
    return ownBytes(this.#profile);
  }

  /** Appends one batch to the outbox. */
  async append(batch: Uint8Array): Promise<void> {
    this.#check();
    this.#outbox.push(ownBytes(batch));
  }

  /** Replaces the cached catalog. */
  async putCatalog(catalog: CachedCatalog): Promise<void> {
    this.#check();
    const { etag, fetchedAt } = catalog;
    this.#catalog = { bytes: ownBytes(catalog.bytes), etag, fetchedAt };
  }

  /** Changes the meta record. */
  async putMeta(patch: MetaPatch): Promise<void> {
    this.#check();
    this.#meta = applyMetaPatch(this.#meta, patch);
  }

  /** The measurement ledger, or `undefined` if none. */
  async getLedger(): Promise<Uint8Array | undefined> {
    this.#check();
    return this.#ledger && ownBytes(this.#ledger);
  }

  /** Updates the measurement ledger; if `update` throws, nothing changes. */
  async updateLedger(update: LedgerUpdate): Promise<void> {
    this.#check();
    let next: Uint8Array | undefined;
    try {
      next = update(this.#ledger && ownBytes(this.#ledger));
    } catch (error) {
      throw ledgerError(error);
    }
    if (next !== undefined) this.#ledger = ownBytes(next);
  }

  /** Deletes the measurement ledger. */
  async deleteLedger(): Promise<void> {
    this.#check();
    this.#ledger = undefined;
  }

  /** Erases everything; only `erasedAt` stays. */
  async clear(erasedAt: number): Promise<void> {
    this.#check();
    this.#profile = undefined;
    this.#outbox = [];
    this.#catalog = undefined;
    this.#ledger = undefined;
    this.#meta = { erasedAt };
  }

  /** Drops everything; later calls reject with `destroyed`. */
  close(): void {
    this.#closed = true;
    this.#profile = undefined;
    this.#outbox = [];
    this.#catalog = undefined;
    this.#ledger = undefined;
  }

  #check(): void {
    if (this.#closed) throw new VitrineError('destroyed', 'the store was closed');
  }
}
