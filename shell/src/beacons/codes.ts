/**
 * The error codes the wasm's beacon methods answer, by boundary number (the position in
 * `ErrorCode`, src/engine/error_code.rs). Only these three: the entry point does not carry the
 * main entry's whole table. tests/shell/beacons.test.mjs checks them against `CODES`.
 */
import type { ErrorCode } from '../errors.js';

/** Number → code for the beacon answers. */
export const BEACON_CODES: ReadonlyMap<number, ErrorCode> = new Map<number, ErrorCode>([
  [29, 'beacons_none'],
  [34, 'beacon_unknown'],
  [35, 'advertisement_invalid'],
]);

/** The code of a wasm answer's nonzero number (`internal` for one it should not answer). */
export function beaconCode(n: number): ErrorCode {
  return BEACON_CODES.get(n) ?? 'internal';
}
