/**
 * The error codes `Meter.measure` answers, by number: their positions in errors.ts's `CODES`
 * (Rust's `ErrorCode`). Only these three; any other number is a Vitrine bug (`internal`).
 * tests/shell/measurement.test.mjs checks them against `CODES`, so this entry point need not
 * carry the whole table.
 */
import type { ErrorCode } from '../errors.js';

export const MEASURE_CODES: { readonly [n: number]: ErrorCode | undefined } = {
  16: 'storage_corrupt',
  18: 'measurement_config_invalid',
  19: 'measurement_budget_exhausted',
};
