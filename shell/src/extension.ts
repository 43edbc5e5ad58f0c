/**
 * What optional entry points (`vitrine/beacons`, `vitrine/measurement`) may use of a running
 * instance. They live in their own modules so that shops that do not use them do not download
 * them; they reach the instance through this interface only (never the coordinator itself),
 * and import nothing else from the core at run time but `extensionOf` and the small module
 * helpers (`wasm-load.ts`, `wasm-text.ts`), so their bundles do not repeat it: errors come
 * from `error`, so that `instanceof VitrineError` holds.
 */
import { VitrineError, type ErrorCode } from './errors.js';
import type { VitrineEvent } from './events-encode.js';
import type { ConsentState } from './options.js';
import type { Store } from './storage/store.js';
import type { Engine } from './wasm.js';

/** The key under which a public instance carries its extension interface. */
export const EXTENSION = Symbol.for('vitrine.extension');

/** An instance, seen from an optional part. */
export interface Extension {
  /** The main module's engine in use (a new one after a trap: read it at each use). */
  readonly engine: Engine;
  /** The verified catalog payload the engine uses (none yet: `undefined`); a new object when it changes. */
  catalogPayload(): Uint8Array | undefined;
  /** Now (Unix ms), from the `clock` option or `Date.now`. */
  now(): number;
  /** Records an event as `track` does (only with personalization consent). */
  record(event: VitrineEvent): void;
  /** Renders the last `render` again (after something rules read changed). */
  rerender(): void;
  /** A `VitrineError` (the main entry's class). */
  error(code: ErrorCode, message: string, cause?: unknown): VitrineError;
  /** Reports a problem through `onError`. */
  report(error: VitrineError): void;
  /** The store in use (it changes when consent does). */
  store(): Store;
  /** The current consent. */
  consent(): { readonly personalization: ConsentState; readonly measurement: ConsentState };
  /** Calls `listener` with every event recorded from now on; returns the unsubscribe. */
  onEvent(listener: (event: VitrineEvent) => void): () => void;
  /** Calls `listener` after every consent change and `forget`. */
  onChange(listener: () => void): () => void;
  /** Calls `listener` when the instance is destroyed. */
  onDestroy(listener: () => void): void;
  /**
   * Adds what an optional part keeps to the instance's `exportData()`, under `part`, as `read`
   * gives it; returns the removal (when the part stops).
   */
  onExport(part: 'measurement', read: () => Promise<unknown>): () => void;
  /** Whether the instance is destroyed. */
  readonly destroyed: boolean;
}

/** The extension interface of a public instance, or a coded error if it is not one. */
export function extensionOf(instance: unknown, what: string): Extension {
  const get = (instance as { [EXTENSION]?: () => Extension } | null)?.[EXTENSION];
  if (typeof get !== 'function') {
    throw new VitrineError('options_invalid', `${what}: pass the instance that Vitrine.init resolved to`);
  }
  return get();
}
