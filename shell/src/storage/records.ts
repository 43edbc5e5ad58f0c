/**
 * Reading stored values back without trusting them, and the storage error mapping shared by
 * both stores. A value of the wrong type (written by a broken or foreign writer, another SDK
 * version, a browser extension) is reported once per record as `storage_corrupt` and treated
 * as absent; the next write replaces it. Byte contents are the wasm's to judge.
 */

import { VitrineError, toVitrineError } from '../errors.js';
import type { CachedCatalog, Meta, MetaPatch, StorageErrorListener } from './store.js';

/** The records a report can name. */
export type RecordName = 'profile' | 'outbox' | 'catalog' | 'meta' | 'ledger';

/** Reports each corrupt record once for the life of a store. */
export class CorruptionReporter {
  readonly #reported = new Set<RecordName>();
  readonly #onError: StorageErrorListener;

  /** Reports through `onError`; a throwing listener is ignored. */
  constructor(onError: StorageErrorListener) {
    this.#onError = onError;
  }

  /** Reports `record` as corrupt, unless it was already reported. */
  report(record: RecordName, reason: string): void {
    if (this.#reported.has(record)) return;
    this.#reported.add(record);
    notify(
      this.#onError,
      new VitrineError(
        'storage_corrupt',
        `the stored ${record} could not be read (${reason}); it is ignored and will be ` +
          'replaced, everything else is kept',
      ),
    );
  }
}

/** Calls a listener, ignoring what it throws: a report must never break storage. */
export function notify(listener: StorageErrorListener, error: VitrineError): void {
  try {
    listener(error);
  } catch {
    // The caller's listener failed; the store carries on.
  }
}

/** The stored profile bytes, or `undefined` if absent or corrupt. */
export function readProfile(value: unknown, corrupt: CorruptionReporter): Uint8Array | undefined {
  if (value === undefined || value instanceof Uint8Array) return value;
  corrupt.report('profile', `a ${describe(value)} instead of bytes`);
  return undefined;
}

/** The stored measurement ledger bytes, or `undefined` if absent or corrupt. */
export function readLedger(value: unknown, corrupt: CorruptionReporter): Uint8Array | undefined {
  if (value === undefined || value instanceof Uint8Array) return value;
  corrupt.report('ledger', `a ${describe(value)} instead of bytes`);
  return undefined;
}

/** What a throwing ledger update rejects with (a `VitrineError` passes through). */
export function ledgerError(error: unknown): VitrineError {
  return toVitrineError(error, 'internal', 'updating the measurement ledger failed');
}

/** The outbox batches that are bytes; others are reported and skipped. */
export function readBatches(values: readonly unknown[], corrupt: CorruptionReporter): Uint8Array[] {
  const batches: Uint8Array[] = [];
  for (const value of values) {
    if (value instanceof Uint8Array) batches.push(value);
    else corrupt.report('outbox', `a batch is a ${describe(value)} instead of bytes`);
  }
  return batches;
}

/** The cached catalog, or `undefined` if absent or corrupt. */
export function readCatalog(
  value: unknown,
  corrupt: CorruptionReporter,
): CachedCatalog | undefined {
  if (value === undefined) return undefined;
  if (isObject(value)) {
    const { bytes, etag, fetchedAt } = value;
    if (
      bytes instanceof Uint8Array &&
      (etag === undefined || typeof etag === 'string') &&
      typeof fetchedAt === 'number' &&
      Number.isFinite(fetchedAt)
    ) {
      return { bytes, etag, fetchedAt };
    }
  }
  corrupt.report('catalog', 'it is not { bytes, etag, fetchedAt }');
  return undefined;
}

/** What each field of the meta record must be (in the order a report names them). */
const META_CHECKS: Readonly<Record<keyof Meta, (value: unknown) => boolean>> = {
  deviceId: (value) => typeof value === 'string',
  consent: Number.isSafeInteger,
  erasedAt: Number.isFinite,
};
const META_FIELDS = Object.keys(META_CHECKS) as (keyof Meta)[];

/** The meta record's well-typed fields; a wrong-typed field is reported and dropped. */
export function readMeta(value: unknown, corrupt: CorruptionReporter): Meta {
  if (value === undefined) return {};
  if (!isObject(value)) {
    corrupt.report('meta', `a ${describe(value)} instead of an object`);
    return {};
  }
  const meta: Record<string, unknown> = {};
  const bad: string[] = [];
  for (const field of META_FIELDS) {
    const fieldValue = value[field];
    if (META_CHECKS[field](fieldValue)) meta[field] = fieldValue;
    else if (fieldValue !== undefined) bad.push(field);
  }
  if (bad.length > 0) corrupt.report('meta', `wrong type for ${bad.join(', ')}`);
  return meta as Meta;
}

/** `meta` with `patch` applied: fields set to `undefined` removed, missing ones kept. */
export function applyMetaPatch(meta: Meta, patch: MetaPatch): Meta {
  const out: Record<string, unknown> = {};
  for (const field of META_FIELDS) {
    const value = field in patch ? patch[field] : meta[field];
    if (value !== undefined) out[field] = value;
  }
  return out as Meta;
}

/** What a throwing fold function rejects with (a `VitrineError` passes through). */
export function foldError(error: unknown): VitrineError {
  return toVitrineError(error, 'internal', 'folding the stored events failed');
}

/** A storage failure as a coded error: a full quota is `storage_quota_exceeded`. */
export function storageError(error: unknown, context: string): VitrineError {
  if (error instanceof DOMException && error.name === 'QuotaExceededError') {
    return new VitrineError(
      'storage_quota_exceeded',
      `${context}: the browser's storage quota for this site is full; nothing stored before ` +
        'was lost, this write was not done',
      { cause: error },
    );
  }
  return toVitrineError(error, 'storage_failed', context);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'object') return value.constructor?.name ?? 'object';
  return typeof value;
}
