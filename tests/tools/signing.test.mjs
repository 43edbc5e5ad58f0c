// Keys and signatures with node:crypto, interchangeable with the native CLI both ways:
// a catalog.bin signed on Node verifies natively and the reverse, keys from either sign for
// the other, and the same key signs the same payload to the same bytes.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { GOOD, native, node, scratch, tools, write } from './support.mjs';

const PUBLIC_KEY = /^ed25519:[A-Za-z0-9+/]{43}=$/;

/** `keygen` with one CLI in `dir`: the key file's path and the public key it printed. */
function keygen(cli, dir, name) {
  const out = cli(['keygen', '--out', name], dir);
  assert.equal(out.code, 0, out.stderr);
  return { path: join(dir, name), publicKey: out.stdout.trim() };
}

test('generateKeyPair writes the native key file format', () => {
  const { secretKeyFile, publicKey, keyId } = tools.generateKeyPair();
  assert.match(publicKey, PUBLIC_KEY);
  assert.equal(keyId, publicKey.slice('ed25519:'.length, 'ed25519:'.length + 8));
  const [comment, publicLine, secretLine, end] = secretKeyFile.split('\n');
  assert.match(comment, /^# Vitrine catalog signing key \(Ed25519\)\. SECRET: /);
  assert.equal(publicLine, `# public key: ${publicKey}`);
  assert.match(secretLine, /^ed25519-secret:[A-Za-z0-9+/]{43}=$/);
  assert.equal(end, '');
  assert.notEqual(tools.generateKeyPair().publicKey, publicKey);
});

test('a catalog.bin signed on Node verifies natively, with a Node or a native key', () => {
  const dir = scratch();
  const json = write(dir, 'catalog.json', JSON.stringify(GOOD));
  for (const [cli, name] of [[node, 'node.key'], [native, 'native.key']]) {
    const key = keygen(cli, dir, name);
    const signed = node(['sign', '--key', key.path, '--out', `${name}.bin`, json], dir);
    assert.equal(signed.code, 0, signed.stderr);
    const out = native(['verify', '--key', key.publicKey, `${name}.bin`], dir);
    assert.equal(out.code, 0, out.stderr);
    assert.match(out.stdout, /^ok: `.*\.bin` is signed by key .{8} \(publicKeys\[0\]\)\nsequence/);
  }
});

test('a catalog.bin signed natively verifies on Node, with a Node or a native key', () => {
  const dir = scratch();
  const json = write(dir, 'catalog.json', JSON.stringify(GOOD));
  for (const [cli, name] of [[node, 'node.key'], [native, 'native.key']]) {
    const key = keygen(cli, dir, name);
    const signed = native(['sign', '--key', key.path, '--out', `${name}.bin`, json], dir);
    assert.equal(signed.code, 0, signed.stderr);
    const bytes = readFileSync(join(dir, `${name}.bin`));
    const other = tools.generateKeyPair().publicKey;
    const info = tools.verifyCatalog(bytes, [other, key.publicKey]);
    assert.equal(info.keyId, key.publicKey.slice(8, 16));
    assert.equal(info.keyIndex, 1);
    assert.deepEqual([info.version, info.campaigns, info.offers, info.beacons], ['tools-1', 2, 3, 1]);
    assert.equal(typeof info.sequence, 'bigint');
    assert.ok(info.expiresAt - info.signedAt === 30 * 86_400_000);
    const out = node(['verify', '--key', `${other},${key.publicKey}`, `${name}.bin`], dir);
    assert.deepEqual(out, native(['verify', '--key', `${other},${key.publicKey}`, `${name}.bin`], dir));
    assert.match(out.stdout, /\(publicKeys\[1\]\)\n/);
  }
});

test('Node and the native CLI sign the same payload to the same bytes', () => {
  const dir = scratch();
  const json = JSON.stringify(GOOD);
  const key = keygen(native, dir, 'k.key');
  assert.equal(native(['sign', '--key', key.path, write(dir, 'catalog.json', json)], dir).code, 0);
  const bin = readFileSync(join(dir, 'catalog.bin'));
  const view = new DataView(bin.buffer, bin.byteOffset + 77);
  const signedAt = Number(view.getBigInt64(22, true));
  const expiresInMs = Number(view.getBigInt64(14, true)) - signedAt;
  const options = { sequence: view.getBigUint64(6, true), signedAt, expiresInMs };
  const signed = tools.signCatalog(json, readFileSync(key.path, 'utf8'), options);
  assert.deepEqual(Buffer.from(signed), bin);
});

test('verifyCatalog refuses with the SDK error codes', () => {
  const { secretKeyFile, publicKey } = tools.generateKeyPair();
  const other = tools.generateKeyPair().publicKey;
  const bin = tools.signCatalog(GOOD, secretKeyFile, { signedAt: Date.now() - 10_000, expiresInMs: 60_000 });
  const tampered = Uint8Array.from(bin);
  tampered[tampered.length - 1] ^= 1;
  const old = { signedAt: Date.now() - 120_000, expiresInMs: 60_000 };
  const expired = tools.signCatalog(GOOD, secretKeyFile, old);
  for (const [bytes, keys, code, message] of [
    [bin, [other], 'catalog_signature_invalid', /signed with key `.{8}`, which is not in publicKeys/],
    [tampered, [publicKey], 'catalog_signature_invalid', /does not match key/],
    [expired, [publicKey], 'catalog_expired', /expired at/],
    [tools.compileCatalog(GOOD), [publicKey], 'catalog_signature_missing', /not signed/],
    [bin, ['ed25519:AAAA'], 'public_keys_invalid', /public key `ed25519:AAAA` is invalid/],
    [bin, [], 'public_keys_invalid', /no public keys/],
    [bin, [secretKeyFile.split('\n')[2]], 'public_keys_invalid', /secret signing key, not a public key/],
  ]) {
    assert.throws(() => tools.verifyCatalog(bytes, keys), (error) => {
      assert.equal(error.code, code);
      assert.match(error.message, message);
      return true;
    }, code);
  }
  const buffer = bin.buffer.slice(bin.byteOffset, bin.byteOffset + bin.length);
  assert.equal(tools.verifyCatalog(buffer, [publicKey]).keyIndex, 0);
  const notAList = { name: 'TypeError', code: 'public_keys_invalid' };
  assert.throws(() => tools.verifyCatalog(bin, publicKey), notAList);
  assert.equal(tools.verifyCatalog(expired, [publicKey], { now: Date.now() - 100_000 }).offers, 3);
});

test('signCatalog refuses a bad key file as the native CLI does', () => {
  const dir = scratch();
  const json = write(dir, 'catalog.json', JSON.stringify(GOOD));
  const { secretKeyFile, publicKey } = tools.generateKeyPair();
  const seed = secretKeyFile.split('\n')[2];
  for (const [name, text] of [
    ['public.key', `${publicKey}\n`],
    ['two.key', `${seed}\n${seed}\n`],
    ['empty.key', '# nothing\n'],
    ['short.key', 'ed25519-secret:AAAA\n'],
    ['zero.key', `ed25519-secret:${Buffer.alloc(32).toString('base64')}\n`],
    ['urlsafe.key', `${seed.replace(/\+/g, '-').replace(/\//g, '_')}x\n`],
    ['unpadded.key', `${seed.slice(0, -1)}\n`],
    ['bom.key', `\ufeff${seed}\n`],
  ]) {
    const path = write(dir, name, text);
    const args = ['sign', '--key', path, '--out', 'x.bin', json];
    const nodeOut = node(args, dir);
    assert.deepEqual(nodeOut, native(args, dir), name);
    assert.equal(nodeOut.code, 1, name);
    const message = nodeOut.stderr.trim().slice(`vitrine: \`${path}\`: `.length);
    assert.throws(() => tools.signCatalog(GOOD, text), { code: 'signing_key_invalid', message }, name);
  }
  const crlf = write(dir, 'crlf.key', `# comment\r\n\r\n  ${seed}  \r\n`);
  assert.equal(node(['sign', '--key', crlf, json], dir).code, 0);
  assert.throws(() => tools.signCatalog(GOOD, Buffer.from(secretKeyFile)), { code: 'options_invalid' });
});
