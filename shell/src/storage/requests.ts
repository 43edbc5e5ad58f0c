/**
 * IndexedDB requests and transactions as promises. A transaction's body may `await` its own
 * requests (their promises settle inside the success event, while the transaction is still
 * active) but nothing else, or the transaction commits under it.
 */

import { VitrineError } from '../errors.js';
import { storageError } from './records.js';

/** Resolves with a request's result, rejects with its error (which also aborts the transaction). */
export function settled<T>(request: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

/** How long a transaction may go unanswered before the store counts as lost (ms). */
export const TRANSACTION_TIMEOUT_MS = 10_000;

/**
 * Runs `body` in a new transaction over `stores` and resolves with its result once the
 * transaction has committed. If `body` throws, or any request or the commit fails, the
 * transaction is aborted (nothing it wrote stays) and the promise rejects with a coded error
 * (`storage_quota_exceeded`, `storage_failed`, or the `VitrineError` `body` threw). A
 * transaction the browser never answers (a connection it dropped without a `close` event)
 * rejects with `storage_unavailable` after `timeoutMs`, so no caller waits forever.
 */
export async function transact<T>(
  db: IDBDatabase,
  stores: readonly string[],
  mode: IDBTransactionMode,
  context: string,
  body: (tx: IDBTransaction) => Promise<T>,
  timeoutMs = TRANSACTION_TIMEOUT_MS,
): Promise<T> {
  let tx: IDBTransaction;
  try {
    tx = db.transaction(stores, mode);
  } catch (error) {
    throw storageError(error, context);
  }
  const done = completion(tx);
  // Handled below; this only keeps an abort during `body` from counting as unhandled.
  done.catch(() => undefined);
  const unanswered = deadline(timeoutMs, context);
  try {
    const result = await Promise.race([body(tx), unanswered.expired]);
    await Promise.race([done, unanswered.expired]);
    return result;
  } catch (error) {
    try {
      tx.abort();
    } catch {
      // Already committed or aborted.
    }
    if (error === unanswered.error) throw error;
    // The transaction's own error (e.g. a full quota on commit) says more than a request's.
    const cause = await Promise.race([
      done.then(
        () => error,
        (txError: unknown) => txError ?? error,
      ),
      unanswered.expired.catch(() => error),
    ]);
    throw storageError(cause, context);
  } finally {
    unanswered.cancel();
  }
}

/** A promise that rejects with `error` (`storage_unavailable`) after `ms`, unless cancelled. */
function deadline(ms: number, context: string) {
  const error = new VitrineError(
    'storage_unavailable',
    `${context}: IndexedDB did not answer within ${ms} ms; data is kept in memory for this page`,
  );
  let timer: ReturnType<typeof setTimeout> | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(error), ms);
  });
  expired.catch(() => undefined);
  return { error, expired, cancel: () => clearTimeout(timer) };
}

/** Asks the browser to commit now rather than when the event loop idles (the page may unload). */
export function commitNow(tx: IDBTransaction): void {
  if (typeof tx.commit === 'function') tx.commit();
}

function completion(tx: IDBTransaction): Promise<void> {
  return new Promise((resolve, reject) => {
    tx.oncomplete = () => resolve();
    tx.onabort = () => reject(tx.error);
  });
}
