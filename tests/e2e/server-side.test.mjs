// The package on a server (SSR, a framework's `load`, a Node test runner without a DOM), as a
// shop's server code meets it: importing every entry point works, `load()` reads the module from
// disk, and `init` rejects with a coded `no_window` that says to call it in browser code, never
// an uncoded error or a pending promise (issues #12 and #13).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { resolve } from 'node:path';
import { repo } from './harness.mjs';

const pkg = resolve(repo, 'pkg');

test('on a server, init rejects with no_window and every entry point imports', async () => {
  const sdk = await import(`${pkg}/index.js`);
  const { beacons } = await import(`${pkg}/beacons.js`);
  const { measurement } = await import(`${pkg}/measurement.js`);
  await sdk.load(); // the main module, from disk (a file: URL next to index.js)
  const settled = await Promise.race([
    sdk.Vitrine.init({ catalogUrl: '/catalog.bin', publicKeys: ['ed25519:6wKPxZE9eS0jRdvjV5eMxAf5BokHeqAvdvphp1HNl0A='] }).then(
      () => ({ resolved: true }),
      (error) => ({ error }),
    ),
    new Promise((done) => setTimeout(() => done({ pending: true }), 2000)),
  ]);
  assert.ok(settled.error instanceof sdk.VitrineError, 'a VitrineError');
  assert.equal(settled.error.code, 'no_window');
  assert.match(settled.error.message, /browser code/);
  await assert.rejects(beacons({}), (e) => e.code === 'options_invalid');
  await assert.rejects(measurement({}, { endpoint: '/r' }), (e) => e.code === 'options_invalid');
});
