/**
 * The IndexedDB store: one database, four object stores: `profile`, `catalog` and `meta` (one
 * record each, and in `meta` also the measurement ledger under its own key) and `outbox` (event
 * batches, auto-increment keys). Tabs of one shop share it: batches are only ever
 * appended, and folding them into the profile is one read-write transaction, which IndexedDB
 * runs one at a time across tabs, so nothing is folded twice or lost.
 *
 * When another tab upgrades or deletes the database (`versionchange`), or the browser closes
 * the connection, this store closes at once, reports `storage_unavailable` through `onError`,
 * and rejects every later call with that error.
 */

import { VitrineError } from '../errors.js';
import {
  CorruptionReporter,
  applyMetaPatch,
  foldError,
  notify,
  ledgerError,
  readBatches,
  readCatalog,
  readLedger,
  readMeta,
  readProfile,
} from './records.js';
import { commitNow, settled, transact, TRANSACTION_TIMEOUT_MS } from './requests.js';
import {
  ownBytes,
  type CachedCatalog,
  type Fold,
  type Folded,
  type LedgerUpdate,
  type Loaded,
  type MetaPatch,
  type Store,
  type StorageErrorListener,
} from './store.js';

/**
 * The schema version. 4: version 3 also had an `events` store (raw events, never read), which
 * the upgrade deletes; the previous package's `vitrine` database (version 2, stores `state` and
 * `outbox` holding JSON text) has its stores deleted too.
 */
export const SCHEMA_VERSION = 4;
const PROFILE = 'profile';
const OUTBOX = 'outbox';
const CATALOG = 'catalog';
const META = 'meta';
const ALL = [PROFILE, OUTBOX, CATALOG, META];
/** The key of the one record in `profile`, `catalog` and `meta`. */
const KEY = 'current';
/**
 * The key of the measurement ledger (`vitrine/measurement`) in `meta`: a small record beside
 * the meta record, so no schema change, and erased with everything else by `clear`.
 */
const LEDGER = 'ledger';
/** The previous package's stores (version 2 and below). */
const LEGACY_STORES = ['state', 'outbox'];
/** The raw-event store of version 3, which nothing reads or writes any more. */
const RAW_EVENTS = 'events';

/** Creates the object stores (inside the `upgradeneeded` event). */
export function upgradeSchema(db: IDBDatabase, oldVersion: number): void {
  // Data that no code reads could not be erased by `forget`, so it is deleted.
  if (oldVersion > 0 && oldVersion < 3) {
    // The previous package's JSON records: the byte-oriented core cannot read them.
    for (const name of LEGACY_STORES) {
      if (db.objectStoreNames.contains(name)) db.deleteObjectStore(name);
    }
  }
  if (oldVersion > 0 && oldVersion < 4 && db.objectStoreNames.contains(RAW_EVENTS)) {
    db.deleteObjectStore(RAW_EVENTS);
  }
  for (const name of [PROFILE, CATALOG, META]) {
    if (!db.objectStoreNames.contains(name)) db.createObjectStore(name);
  }
  if (!db.objectStoreNames.contains(OUTBOX)) db.createObjectStore(OUTBOX, { autoIncrement: true });
}

/** An open IndexedDB database. */
export class IndexedStore implements Store {
  readonly persistent = true;
  readonly #db: IDBDatabase;
  readonly #onError: StorageErrorListener;
  readonly #corrupt: CorruptionReporter;
  /** Why the connection was lost (another tab, the browser), once it was. */
  #lost: VitrineError | undefined;
  #closed = false;

  readonly #timeoutMs: number;

  /**
   * Wraps an open connection (`created`: its open created the database); reports through
   * `onError`; a transaction unanswered for `timeoutMs` fails with `storage_unavailable`.
   */
  constructor(
    db: IDBDatabase,
    onError: StorageErrorListener,
    readonly created = false,
    timeoutMs = TRANSACTION_TIMEOUT_MS,
  ) {
    this.#db = db;
    this.#timeoutMs = timeoutMs;
    this.#onError = onError;
    this.#corrupt = new CorruptionReporter(onError);
    db.onversionchange = (event) => {
      const { newVersion } = event;
      const what = newVersion === null ? 'deletes it' : `upgrades it to version ${newVersion}`;
      this.#lose(`another tab ${what}`);
    };
    db.onclose = () => this.#lose('the browser closed it (site data cleared?)');
  }

  /** Profile, outbox, cached catalog and meta, in one read transaction. */
  async load(): Promise<Loaded> {
    return this.#transact(ALL, 'readonly', 'loading stored data', async (tx) => {
      const [profile, outbox, catalog, meta] = await Promise.all([
        settled(tx.objectStore(PROFILE).get(KEY)),
        settled(tx.objectStore(OUTBOX).getAll()),
        settled(tx.objectStore(CATALOG).get(KEY)),
        settled(tx.objectStore(META).get(KEY)),
      ]);
      return {
        profile: readProfile(profile, this.#corrupt),
        outbox: readBatches(outbox, this.#corrupt),
        catalog: readCatalog(catalog, this.#corrupt),
        meta: readMeta(meta, this.#corrupt),
      };
    });
  }

  /** Folds the outbox into the profile in one read-write transaction. */
  async fold(fold: Fold): Promise<Uint8Array> {
    const stores = [PROFILE, OUTBOX, META];
    return this.#transact(stores, 'readwrite', 'folding events', async (tx) => {
      const outbox = tx.objectStore(OUTBOX);
      const [profile, keys, values, meta] = await Promise.all([
        settled(tx.objectStore(PROFILE).get(KEY)),
        settled(outbox.getAllKeys()),
        settled(outbox.getAll()),
        settled(tx.objectStore(META).get(KEY)),
      ]);
      let folded: Folded;
      try {
        folded = fold(
          readProfile(profile, this.#corrupt),
          readBatches(values, this.#corrupt),
          readMeta(meta, this.#corrupt),
        );
      } catch (error) {
        throw foldError(error);
      }
      const next = ownBytes(folded.profile);
      tx.objectStore(PROFILE).put(next, KEY);
      const [first, last] = [keys[0], keys[keys.length - 1]];
      // The transaction holds the outbox: the keys read are exactly those in this range.
      if (first !== undefined && last !== undefined) outbox.delete(IDBKeyRange.bound(first, last));
      return ownBytes(next);
    });
  }

  /** Appends one batch to the outbox: one request, no read, committed at once. */
  async append(batch: Uint8Array): Promise<void> {
    return this.#transact([OUTBOX], 'readwrite', 'appending events', async (tx) => {
      tx.objectStore(OUTBOX).add(ownBytes(batch));
      commitNow(tx);
    });
  }

  /** Replaces the cached catalog: one request, committed at once. */
  async putCatalog(catalog: CachedCatalog): Promise<void> {
    return this.#transact([CATALOG], 'readwrite', 'storing the catalog', async (tx) => {
      const { etag, fetchedAt } = catalog;
      tx.objectStore(CATALOG).put({ bytes: ownBytes(catalog.bytes), etag, fetchedAt }, KEY);
      // Committed at once: the page may go away right after its first banner.
      commitNow(tx);
    });
  }

  /** Changes the meta record in one read-write transaction. */
  async putMeta(patch: MetaPatch): Promise<void> {
    return this.#transact([META], 'readwrite', 'storing meta', async (tx) => {
      const store = tx.objectStore(META);
      const meta = readMeta(await settled(store.get(KEY)), this.#corrupt);
      store.put(applyMetaPatch(meta, patch), KEY);
      commitNow(tx);
    });
  }

  /** The measurement ledger, or `undefined` if none. */
  async getLedger(): Promise<Uint8Array | undefined> {
    return this.#transact([META], 'readonly', 'reading the measurement ledger', async (tx) =>
      readLedger(await settled(tx.objectStore(META).get(LEDGER)), this.#corrupt),
    );
  }

  /** Updates the measurement ledger in one read-write transaction. */
  async updateLedger(update: LedgerUpdate): Promise<void> {
    return this.#transact([META], 'readwrite', 'storing the measurement ledger', async (tx) => {
      const store = tx.objectStore(META);
      let next: Uint8Array | undefined;
      try {
        next = update(readLedger(await settled(store.get(LEDGER)), this.#corrupt));
      } catch (error) {
        throw ledgerError(error);
      }
      if (next !== undefined) store.put(ownBytes(next), LEDGER);
      commitNow(tx);
    });
  }

  /** Deletes the measurement ledger. */
  async deleteLedger(): Promise<void> {
    return this.#transact([META], 'readwrite', 'deleting the measurement ledger', async (tx) => {
      tx.objectStore(META).delete(LEDGER);
    });
  }

  /**
   * Erases every record and writes `erasedAt`, in one transaction. Erasing must not fail for
   * want of space: on a full quota it erases without the marker and reports that through
   * `onError` (late batches from other tabs may then be folded).
   */
  async clear(erasedAt: number): Promise<void> {
    const erase = (marker: boolean) =>
      this.#transact(ALL, 'readwrite', 'erasing stored data', async (tx) => {
        for (const name of ALL) tx.objectStore(name).clear();
        if (marker) tx.objectStore(META).put({ erasedAt }, KEY);
      });
    try {
      await erase(true);
    } catch (error) {
      if (!(error instanceof VitrineError && error.code === 'storage_quota_exceeded')) throw error;
      await erase(false);
      notify(this.#onError, error);
    }
  }

  /** Closes the connection; later calls reject with `destroyed`. */
  close(): void {
    this.#closed = true;
    this.#db.close();
  }

  /** {@link transact} on this connection, with this store's timeout. */
  #transact<T>(
    stores: readonly string[],
    mode: IDBTransactionMode,
    context: string,
    body: (tx: IDBTransaction) => Promise<T>,
  ): Promise<T> {
    return transact(this.#open(), stores, mode, context, body, this.#timeoutMs);
  }

  /** The connection, or throws why it cannot be used. */
  #open(): IDBDatabase {
    if (this.#closed) throw new VitrineError('destroyed', 'the store was closed');
    if (this.#lost) throw this.#lost;
    return this.#db;
  }

  #lose(reason: string): void {
    if (this.#lost || this.#closed) return;
    this.#db.close();
    this.#lost = new VitrineError(
      'storage_unavailable',
      `IndexedDB database "${this.#db.name}" was closed because ${reason}; this page can no ` +
        'longer store data there (a reload opens it again)',
    );
    notify(this.#onError, this.#lost);
  }
}
