// compileCatalog and `vitrine compile`: the payload decodes natively (`vitrine inspect`) to
// the same catalog, and is byte for byte what `vitrine sign` compiles.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { BAD, BAD_RULES, GOOD, native, node, repo, scratch, tools, write } from './support.mjs';

/** Long past, so the catalogs compiled here show as expired. */
const SIGNED_AT = Date.UTC(2020, 0, 1, 9, 0, 0);
const DAY_MS = 86_400_000;

/** The header fields of a catalog.bin's payload (after the 77-byte envelope header). */
function headerOf(bin) {
  const view = new DataView(bin.buffer, bin.byteOffset + 77);
  return {
    sequence: view.getBigUint64(6, true),
    expiresAt: Number(view.getBigInt64(14, true)),
    signedAt: Number(view.getBigInt64(22, true)),
  };
}

test('a compiled catalog decodes natively to the same catalog', () => {
  const dir = scratch();
  const payload = tools.compileCatalog(GOOD, { sequence: 7, signedAt: SIGNED_AT, expiresInMs: 2 * DAY_MS });
  assert.deepEqual([...payload.subarray(0, 4)], [...Buffer.from('VCAT')]);
  const out = native(['inspect', write(dir, 'catalog.payload', payload)], dir);
  assert.equal(out.code, 0, out.stderr);
  assert.match(out.stdout, /^signed by {3}none: an unsigned payload$/m);
  assert.match(out.stdout, /^sequence {4}7$/m);
  assert.match(out.stdout, /^signed at {3}2020-01-01T09:00:00Z$/m);
  assert.match(out.stdout, /^expires at {2}2020-01-03T09:00:00Z \(expired\)$/m);
  assert.match(out.stdout, /^version {5}tools-1$/m);
  assert.match(out.stdout, /^contents {4}2 campaigns, 3 offers, 1 beacon$/m);
  assert.match(out.stdout, /^ {2}campaign coffee \(priority 2\): 1 offer$/m);
  assert.match(out.stdout, /^ {2}campaign tea \(priority 0\): 2 offers$/m);
});

test('the demo catalog compiles and signs to exactly the committed www/catalog.bin', () => {
  const bin = readFileSync(join(repo, 'www/catalog.bin'));
  const { sequence, expiresAt, signedAt } = headerOf(bin);
  const json = readFileSync(join(repo, 'www/catalog.json'), 'utf8');
  const options = { sequence, signedAt, expiresInMs: expiresAt - signedAt };
  assert.deepEqual(Buffer.from(tools.compileCatalog(json, options)), bin.subarray(77));
  const key = readFileSync(join(repo, 'scripts/demo-signing.key'), 'utf8');
  assert.deepEqual(Buffer.from(tools.signCatalog(json, key, options)), bin);
});

test('defaults: the sequence is the signing time in seconds, the expiry 30 days later', () => {
  const before = Date.now();
  const payload = tools.compileCatalog(JSON.stringify(GOOD));
  const view = new DataView(payload.buffer, payload.byteOffset);
  const signedAt = Number(view.getBigInt64(22, true));
  assert.ok(signedAt >= before && signedAt <= Date.now());
  assert.equal(view.getBigUint64(6, true), BigInt(Math.floor(signedAt / 1000)));
  assert.equal(Number(view.getBigInt64(14, true)) - signedAt, tools.DEFAULT_EXPIRES_IN_MS);
  assert.equal(tools.DEFAULT_EXPIRES_IN_MS, 30 * DAY_MS);
});

test('a sequence up to 2^64 - 1 is kept exactly', () => {
  const payload = tools.compileCatalog(GOOD, { sequence: 2n ** 64n - 1n, signedAt: SIGNED_AT });
  assert.equal(new DataView(payload.buffer, payload.byteOffset).getBigUint64(6, true), 2n ** 64n - 1n);
});

test('an invalid catalog throws catalog_invalid naming every path', () => {
  for (const [json, paths] of [
    [BAD, ['campaigns[0].priority']],
    [BAD_RULES, ['campaigns[0].offers[0].title', 'campaigns[0].offers[0].link']],
  ]) {
    assert.throws(
      () => tools.compileCatalog(json),
      (error) => {
        assert.equal(error.name, 'VitrineError');
        assert.equal(error.code, 'catalog_invalid');
        assert.deepEqual(error.problems.map((p) => p.path), paths);
        for (const path of paths) assert.ok(error.message.includes(`${path}: `), error.message);
        return true;
      },
    );
  }
  assert.throws(() => tools.compileCatalog('not json'), { code: 'catalog_invalid' });
  assert.throws(() => tools.compileCatalog(42), {
    code: 'catalog_invalid',
    message: /JSON text or an object, not number/,
  });
});

test('bad options throw options_invalid as a TypeError', () => {
  for (const options of [
    { sequence: -1 },
    { sequence: 1.5 },
    { sequence: 2n ** 64n },
    { sequence: '5' },
    { expiresInMs: 0 },
    { expiresInMs: Infinity },
    { signedAt: 'now' },
  ]) {
    const expected = { name: 'TypeError', code: 'options_invalid' };
    assert.throws(() => tools.compileCatalog(GOOD, options), expected, Object.keys(options)[0]);
  }
});

test('`vitrine compile` writes the unsigned payload next to the catalog', () => {
  const dir = scratch();
  write(dir, 'catalog.json', JSON.stringify(GOOD));
  const out = node(['compile', '--sequence', '9', '--expires-in', '12h', 'catalog.json'], dir);
  assert.equal(out.code, 0, out.stderr);
  assert.ok(
    out.stdout.startsWith(
      'compiled `catalog.json` into `catalog.unsigned.bin` (unsigned, for tests: devices with ' +
        'publicKeys need `vitrine sign`)\nsequence    9\n',
    ),
    out.stdout,
  );
  const inspected = native(['inspect', 'catalog.unsigned.bin'], dir);
  assert.equal(inspected.code, 0, inspected.stderr);
  assert.match(inspected.stdout, /^sequence {4}9$/m);
  const { stdout } = node(['compile', '--out', 'other.bin', 'catalog.json'], dir);
  assert.match(stdout, /into `other\.bin`/);
  assert.equal(readFileSync(join(dir, 'other.bin')).subarray(0, 4).toString(), 'VCAT');
});
