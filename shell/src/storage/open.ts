/**
 * Chooses the store: IndexedDB when it opens within a bounded wait, else the memory store with
 * one `storage_unavailable` report through `onError` (IndexedDB missing, e.g. in Node or some
 * private modes; refused; a newer schema from a later SDK; or an upgrade blocked by another tab
 * that keeps an older version open and ignores `versionchange`). Never rejects, never hangs.
 */

import { VitrineError } from '../errors.js';
import { IndexedStore, SCHEMA_VERSION, upgradeSchema } from './indexed.js';
import { MemoryStore } from './memory.js';
import { notify } from './records.js';
import type { Store, StorageErrorListener } from './store.js';

/** How long `openStore` waits for IndexedDB by default (ms). */
export const DEFAULT_OPEN_TIMEOUT_MS = 3000;

/** Where to store, and who hears about problems. */
export interface OpenOptions {
  /** The IndexedDB database name (`init({ database })`). */
  readonly name: string;
  /** Receives every coded report: the fallback to memory, corrupt records, a lost connection. */
  readonly onError: StorageErrorListener;
  /** The longest wait for the database to open before falling back to memory (ms). */
  readonly openTimeoutMs?: number | undefined;
  /** The longest wait for one transaction before it fails with `storage_unavailable` (ms). */
  readonly transactionTimeoutMs?: number | undefined;
  /**
   * Called as soon as the database turns out to be new (this open creates it), before the open
   * completes: nothing is stored yet, so a first visit can start its downloads at once. It
   * must not throw.
   */
  readonly onCreate?: (() => void) | undefined;
}

/** Opens IndexedDB database `name`, or falls back to memory (reported once through `onError`). */
export async function openStore(options: OpenOptions): Promise<Store> {
  const { name, onError } = options;
  try {
    let created = false;
    const db = await openDatabase(name, options.openTimeoutMs ?? DEFAULT_OPEN_TIMEOUT_MS, () => {
      created = true;
      options.onCreate?.();
    });
    return new IndexedStore(db, onError, created, options.transactionTimeoutMs);
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    notify(
      onError,
      new VitrineError(
        'storage_unavailable',
        `IndexedDB database "${name}" could not be opened (${why}); data is kept in memory for ` +
          'this page only',
        { cause: error },
      ),
    );
    return new MemoryStore();
  }
}

/** Opens and upgrades the database (`onCreate` when it is new); rejects on error or after `timeoutMs`. */
function openDatabase(name: string, timeoutMs: number, onCreate?: () => void): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const factory = indexedDBFactory();
    const request = factory.open(name, SCHEMA_VERSION);
    let blocked = false;
    let finished = false;
    const timer = setTimeout(() => {
      finished = true;
      const cause = blocked
        ? 'another tab keeps an older version of it open: closing that tab lets it open'
        : 'the browser did not answer';
      reject(unavailable(`no answer within ${timeoutMs} ms: ${cause}`));
    }, timeoutMs);
    request.onblocked = () => {
      blocked = true;
    };
    request.onupgradeneeded = (event) => {
      try {
        upgradeSchema(request.result, event.oldVersion);
      } catch (error) {
        // Aborting the upgrade makes the request fail, and the error lands in `onerror`.
        request.transaction?.abort();
        if (!finished) reject(error);
        finished = true;
        clearTimeout(timer);
        return;
      }
      if (event.oldVersion === 0) onCreate?.();
    };
    request.onsuccess = () => {
      const db = request.result;
      // Too late: the page already uses memory. Close, so no other tab is blocked by us.
      if (finished) {
        db.close();
        return;
      }
      finished = true;
      clearTimeout(timer);
      resolve(db);
    };
    request.onerror = (event) => {
      event.preventDefault();
      if (finished) return;
      finished = true;
      clearTimeout(timer);
      reject(request.error ?? unavailable('the open request failed'));
    };
  });
}

/** The IndexedDB factory, or throws why there is none. */
function indexedDBFactory(): IDBFactory {
  // Reading it can throw (e.g. a sandboxed frame); it is missing in Node and some private modes.
  const factory = (globalThis as { indexedDB?: IDBFactory | null | undefined }).indexedDB;
  if (!factory) throw unavailable('IndexedDB is not available here');
  return factory;
}

function unavailable(reason: string): VitrineError {
  return new VitrineError('storage_unavailable', reason);
}
