/**
 * What the shell stores, and the interface both stores (IndexedDB in `indexed.ts`, memory in
 * `memory.ts`) implement. The measurement ledger is there only for `vitrine/measurement`. Every record is opaque to the shell: bytes the wasm wrote, numbers and
 * strings the coordinator passes. Operations reject with a `VitrineError`
 * (`storage_quota_exceeded`, `storage_unavailable`, `storage_failed`, `destroyed` after
 * `close`); findings not tied to a call (a corrupt record, a connection closed by another tab)
 * go to the `onError` callback given at open.
 */

import type { VitrineError } from '../errors.js';

/** The last good signed catalog, exactly as fetched, with what revalidation needs. */
export interface CachedCatalog {
  readonly bytes: Uint8Array;
  readonly etag: string | undefined;
  /** When it was fetched or last revalidated (Unix ms). */
  readonly fetchedAt: number;
}

/** The small meta record. Each field is absent until the coordinator stores it. */
export interface Meta {
  readonly deviceId?: string;
  /** Consent, as the integer the Rust core encodes it. */
  readonly consent?: number;
  /** When the data was last erased (Unix ms); kept by `clear`. */
  readonly erasedAt?: number;
}

/** A change to {@link Meta}: a field set to `undefined` is removed, a missing one kept. */
export type MetaPatch = { readonly [K in keyof Meta]?: Meta[K] | undefined };

/** Everything needed at start, read in one transaction. */
export interface Loaded {
  readonly profile: Uint8Array | undefined;
  /** Event batches appended and not folded yet, oldest first. */
  readonly outbox: readonly Uint8Array[];
  readonly catalog: CachedCatalog | undefined;
  readonly meta: Meta;
}

/** What a fold writes: the new profile. */
export interface Folded {
  readonly profile: Uint8Array;
}

/**
 * The synchronous fold (the wasm): the stored profile (absent if none), every outbox batch
 * (oldest first) and the meta record (for `erasedAt`) in, the new profile out. It runs inside
 * the read-write transaction; if it throws, nothing changes.
 */
export type Fold = (
  profile: Uint8Array | undefined,
  batches: readonly Uint8Array[],
  meta: Meta,
) => Folded;

/**
 * The synchronous update of the measurement ledger (the wasm): the stored bytes (absent if
 * none) in, the bytes to store out, or `undefined` to leave the record as it is. It runs
 * inside the read-write transaction; if it throws, nothing changes.
 */
export type LedgerUpdate = (ledger: Uint8Array | undefined) => Uint8Array | undefined;

/** Receives the store's coded reports (corrupt records, lost connection). */
export type StorageErrorListener = (error: VitrineError) => void;

/** The store in use. */
export interface Store {
  /** Whether data outlives the page (IndexedDB) or not (memory). */
  readonly persistent: boolean;
  /** Whether the store was new when opened: an IndexedDB database its open created, or memory. */
  readonly created: boolean;
  /** Profile, outbox, cached catalog and meta, in one read transaction. */
  load(): Promise<Loaded>;
  /**
   * Folds the outbox into the profile in one read-write transaction: reads the profile, the
   * batches and meta, calls `fold`, puts the new profile, deletes exactly the
   * batches read. Resolves with the profile committed.
   */
  fold(fold: Fold): Promise<Uint8Array>;
  /** Appends one event batch to the outbox: one request, committed at once (safe at unload). */
  append(batch: Uint8Array): Promise<void>;
  /** Replaces the cached catalog. */
  putCatalog(catalog: CachedCatalog): Promise<void>;
  /** Changes the meta record in one read-write transaction (other tabs' fields are kept). */
  putMeta(patch: MetaPatch): Promise<void>;
  /** The measurement ledger (`vitrine/measurement`), or `undefined` if none. */
  getLedger(): Promise<Uint8Array | undefined>;
  /**
   * Updates the measurement ledger in one read-write transaction (`update` between read and
   * write), so that two tabs never both count an event or report a day. Resolves once committed.
   */
  updateLedger(update: LedgerUpdate): Promise<void>;
  /** Deletes the measurement ledger (measurement consent withdrawn). */
  deleteLedger(): Promise<void>;
  /** Erases everything (forget); only `erasedAt` is written, so late batches can be discarded. */
  clear(erasedAt: number): Promise<void>;
  /** Closes the store; later calls reject with `destroyed`. */
  close(): void;
}

/** A copy that owns exactly its bytes: storing a view would store its whole buffer. */
export function ownBytes(bytes: Uint8Array): Uint8Array<ArrayBuffer> {
  return bytes.slice();
}
