// The main entry's table of the codes its wasm `Engine` answers (shell/src/errors.ts,
// `ENGINE_CODES`) against the whole table (`CODES`, which tests/error_codes.rs holds to Rust's
// `ErrorCode`), on Node without a browser.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildShell, shellOut } from './support.mjs';

buildShell();
const { CODES, ENGINE_CODES, codeOf } = await import(`${shellOut}/errors.js`);

test("the engine's error codes are errors.ts's, and any other number is internal", () => {
  const numbers = Object.keys(ENGINE_CODES).map(Number);
  // catalog_invalid, catalog_rollback, catalog_expired (src/engine/catalog), storage_corrupt
  // (the stored profile), event_invalid (event batches), context_invalid (the decision context).
  assert.deepEqual(numbers.sort((a, b) => a - b), [2, 3, 5, 9, 10, 16]);
  for (const n of numbers) assert.equal(ENGINE_CODES[n], CODES[n], `code ${n}`);
  assert.equal(codeOf(0), undefined);
  for (const n of [1, 4, 27, 28, 255]) assert.equal(codeOf(n), 'internal', `code ${n}`);
});
