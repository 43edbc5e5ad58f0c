// A Rust frontend's use of the core (examples/rust-frontend/, docs/rust.md), tested as such a shop
// tests it: `wasm-pack test --headless --chrome` builds the crate for wasm32 and runs its
// wasm-bindgen tests in headless Chrome (issue #12).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';
import { repo } from './harness.mjs';

test('wasm-pack test --headless --chrome passes for a Rust frontend using the core', { timeout: 600_000 }, () => {
  const crate = resolve(repo, 'examples/rust-frontend');
  let out;
  try {
    out = execFileSync('bash', ['-c', '. ../../scripts/toolchain.sh && wasm-pack test --headless --chrome'], {
      cwd: crate,
      encoding: 'utf8',
      // One shared target directory (the Makefile's), also when run by hand.
      env: { CARGO_TARGET_DIR: resolve(repo, 'target'), ...process.env, CARGO_TERM_COLOR: 'never', CHROMEDRIVER: process.env.CHROMEDRIVER ?? '/usr/bin/chromedriver' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
  } catch (error) {
    assert.fail(`wasm-pack test failed:\n${error.stdout}\n${error.stderr}`);
  }
  assert.match(out, /test a_coffee_shopper_gets_a_coffee_banner \.\.\. ok/, out);
  assert.match(out, /test a_catalog_signed_with_another_key_is_refused \.\.\. ok/, out);
});
