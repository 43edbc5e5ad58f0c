/**
 * The store an instance uses, and where its problems go: IndexedDB when the settings and
 * consent allow it, else memory; erasing what earlier visits stored; reporting through
 * `onError` (or the console without one).
 */
import type { VitrineError } from './errors.js';
import type { ConsentState, Settings } from './options.js';
import { MemoryStore } from './storage/memory.js';
import { openStore } from './storage/open.js';
import type { Store } from './storage/store.js';

/** Whether the settings and consent allow storing in IndexedDB. */
export function persists(settings: Settings, personalization: ConsentState): boolean {
  return settings.persist && personalization === 'granted';
}

/**
 * Opens the store the settings and consent allow: IndexedDB, else memory. `onCreate`: the
 * IndexedDB database is new (called before the open completes).
 */
export async function storeFor(
  settings: Settings,
  personalization: ConsentState,
  report: (e: VitrineError) => void,
  onCreate?: () => void,
): Promise<Store> {
  if (!persists(settings, personalization)) return new MemoryStore();
  return openStore({ name: settings.database, onError: report, onCreate });
}

/** Erases what earlier visits stored in IndexedDB, if the database exists (never creates it). */
export async function eraseStored(settings: Settings, at: number, report: (e: VitrineError) => void): Promise<void> {
  if (!settings.persist) return;
  try {
    const known = await indexedDB.databases();
    if (!known.some((d) => d.name === settings.database)) return;
  } catch {
    // Unknown: openStore decides (and falls back to memory, reported).
  }
  const store = await openStore({ name: settings.database, onError: report });
  try {
    if (store.persistent) await store.clear(at);
  } finally {
    store.close();
  }
}

/** Reports `error` through the `onError` option; a throwing `onError` is logged, never rethrown. */
export function reportTo(settings: Settings, error: VitrineError): void {
  if (settings.onError === undefined) {
    console.warn('vitrine:', error);
    return;
  }
  try {
    settings.onError(error);
  } catch (thrown) {
    console.warn('vitrine: onError threw', thrown);
  }
}
