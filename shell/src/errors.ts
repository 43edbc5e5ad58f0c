/**
 * The one error type the SDK throws, rejects with or reports: a `VitrineError` with a stable
 * `code`. `CODES` lists the codes in the order of Rust's `ErrorCode` enum
 * (src/engine/error_code.rs), whose numbers the wasm returns; `tests/error_codes.rs` checks
 * that the two lists match.
 */

/** Every code, indexed by the wasm boundary's number. */
export const CODES = [
  'ok',
  'options_invalid',
  'event_invalid',
  'context_invalid',
  'consent_invalid',
  'catalog_invalid',
  'catalog_fetch_failed',
  'catalog_signature_missing',
  'catalog_signature_invalid',
  'catalog_rollback',
  'catalog_expired',
  'crypto_unsupported',
  'public_keys_invalid',
  'signing_key_invalid',
  'storage_unavailable',
  'storage_quota_exceeded',
  'storage_corrupt',
  'storage_failed',
  'measurement_config_invalid',
  'measurement_budget_exhausted',
  'measurement_send_failed',
  'measurement_report_invalid',
  'render_failed',
  'no_document',
  'no_window',
  'destroyed',
  'wasm_load_failed',
  'internal',
  'bluetooth_unsupported',
  'beacons_none',
  'bluetooth_permission_denied',
  'bluetooth_cancelled',
  'bluetooth_failed',
  'bluetooth_stopped',
  'beacon_unknown',
  'advertisement_invalid',
] as const;

/** A stable error code (never `ok`). */
export type ErrorCode = Exclude<(typeof CODES)[number], 'ok'>;

/** Codes about the caller's arguments: thrown as a `TypeError`-named `VitrineError`. */
const ARGUMENT_CODES: ReadonlySet<ErrorCode> = new Set<ErrorCode>([
  'options_invalid',
  'event_invalid',
  'context_invalid',
  'consent_invalid',
  'public_keys_invalid',
  'measurement_config_invalid',
]);

/** An error from Vitrine, with a stable `code` and a message that says what to fix. */
export class VitrineError extends Error {
  readonly code: ErrorCode;

  constructor(code: ErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
    this.name = ARGUMENT_CODES.has(code) ? 'TypeError' : 'VitrineError';
  }
}

/**
 * The codes the main module's `Engine` answers, by boundary number (the position in `CODES`):
 * the `code()`s of the catalog's decode and accept errors, the stored profile's and the event
 * batches' errors (src/engine), and the context's. Only these, so the entry does not carry
 * the whole table at run time; tests/shell/engine-codes.test.mjs checks them against `CODES`.
 */
export const ENGINE_CODES: { readonly [n: number]: ErrorCode | undefined } = {
  2: 'event_invalid',
  3: 'context_invalid',
  5: 'catalog_invalid',
  9: 'catalog_rollback',
  10: 'catalog_expired',
  16: 'storage_corrupt',
};

/** The code for a number the engine returned; unknown numbers are Vitrine bugs (`internal`). */
export function codeOf(n: number): ErrorCode | undefined {
  if (n === 0) return undefined;
  return ENGINE_CODES[n] ?? 'internal';
}

/**
 * Wraps anything thrown into a `VitrineError`: a `VitrineError` passes through; anything else
 * (a caller's throwing getter, a DOM exception, a wasm trap) gets `code`, with the original
 * as `cause`.
 */
export function toVitrineError(error: unknown, code: ErrorCode, context: string): VitrineError {
  if (error instanceof VitrineError) return error;
  const detail = error instanceof Error ? error.message : String(error);
  return new VitrineError(code, `${context}: ${detail}`, { cause: error });
}
