// shell/src/verify.ts in headless Chromium: signed catalog envelopes verified with WebCrypto
// Ed25519, with keys generated in the page and with the repository's demo key pair.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createPrivateKey, sign } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { repo, startShellTests } from './support.mjs';

let t;
let page;

before(async () => {
  t = await startShellTests();
  page = await t.page();
  // In-page helpers: a fresh key pair and the envelope `vitrine sign` writes.
  await page.evaluate(() => {
    const b64 = (bytes) => btoa(String.fromCharCode(...bytes));
    window.envelope = (keyId, signature, payload) => {
      const out = new Uint8Array(77 + payload.length);
      out.set([0x56, 0x54, 0x53, 0x47, 1]);
      out.set(new TextEncoder().encode(keyId), 5);
      out.set(signature, 13);
      out.set(payload, 77);
      return out;
    };
    window.signer = async () => {
      const pair = await crypto.subtle.generateKey({ name: 'Ed25519' }, true, ['sign', 'verify']);
      const raw = new Uint8Array(await crypto.subtle.exportKey('raw', pair.publicKey));
      const publicKey = `ed25519:${b64(raw)}`;
      const id = publicKey.slice(8, 16);
      const signed = async (payload, keyId = id) => {
        const sig = await crypto.subtle.sign({ name: 'Ed25519' }, pair.privateKey, payload);
        return window.envelope(keyId, new Uint8Array(sig), payload);
      };
      return { publicKey, id, signed };
    };
    window.verify = () => import('/shell/verify.js');
  });
});

after(() => t.close());

test('a catalog signed with a configured key verifies and yields exactly its payload', async () => {
  const result = await page.evaluate(async () => {
    const { parsePublicKeys, verifyCatalog } = await window.verify();
    const other = await window.signer();
    const mine = await window.signer();
    const payload = new TextEncoder().encode('VCAT payload bytes');
    const bytes = await mine.signed(payload);
    const keys = parsePublicKeys([other.publicKey, ` ${mine.publicKey}\n`]);
    const out = await verifyCatalog(bytes, keys);
    bytes[80] ^= 1; // the caller's buffer changing afterwards does not reach the payload
    return { out: new TextDecoder().decode(out), ids: keys.map((k) => k.id), mine: mine.id };
  });
  assert.equal(result.out, 'VCAT payload bytes');
  assert.equal(result.ids[1], result.mine);
});

test('a tampered payload or signature is catalog_signature_invalid', async () => {
  const results = await page.evaluate(async () => {
    const { parsePublicKeys, verifyCatalog } = await window.verify();
    const mine = await window.signer();
    const keys = parsePublicKeys([mine.publicKey]);
    const payload = await mine.signed(new TextEncoder().encode('VCAT sequence 7'));
    const changedPayload = payload.slice();
    changedPayload[payload.length - 1] ^= 0x01;
    const changedSignature = payload.slice();
    changedSignature[20] ^= 0x80;
    const appended = new Uint8Array([...payload, 0]);
    return Promise.all(
      [changedPayload, changedSignature, appended].map((b) => window.outcome(() => verifyCatalog(b, keys))),
    );
  });
  for (const { error } of results) {
    assert.equal(error.code, 'catalog_signature_invalid');
    assert.match(error.message, /does not verify with key/);
  }
});

test('an unknown key id is rejected at once, listing the configured ids', async () => {
  const { error, configured } = await page.evaluate(async () => {
    const { parsePublicKeys, verifyCatalog } = await window.verify();
    const configured = await window.signer();
    const stranger = await window.signer();
    const bytes = await stranger.signed(new Uint8Array([1, 2, 3]));
    return {
      ...(await window.outcome(() => verifyCatalog(bytes, parsePublicKeys([configured.publicKey])))),
      configured: configured.id,
    };
  });
  assert.equal(error.code, 'catalog_signature_invalid');
  assert.match(error.message, /not among the configured publicKeys/);
  assert.ok(error.message.includes(configured), error.message);
});

test('bytes that are not an envelope are catalog_signature_missing; a bad header is invalid', async () => {
  const results = await page.evaluate(async () => {
    const { parsePublicKeys, verifyCatalog } = await window.verify();
    const mine = await window.signer();
    const keys = parsePublicKeys([mine.publicKey]);
    const good = await mine.signed(new Uint8Array([9]));
    const version2 = good.slice();
    version2[4] = 2;
    const badKeyId = window.envelope('key id!!', new Uint8Array(64), new Uint8Array([9]));
    const cases = {
      json: new TextEncoder().encode('{"version":1,"offers":[]}'),
      empty: new Uint8Array(0),
      truncated: good.slice(0, 76),
      version2,
      badKeyId,
    };
    const out = {};
    for (const [name, bytes] of Object.entries(cases)) {
      out[name] = (await window.outcome(() => verifyCatalog(bytes, keys))).error;
    }
    return out;
  });
  for (const name of ['json', 'empty', 'truncated']) {
    assert.equal(results[name].code, 'catalog_signature_missing', name);
    assert.match(results[name].message, /VTSG/);
  }
  assert.equal(results.version2.code, 'catalog_signature_invalid');
  assert.match(results.version2.message, /version 2/);
  assert.equal(results.badKeyId.code, 'catalog_signature_invalid');
  assert.match(results.badKeyId.message, /key id/);
});

test('bad publicKeys are public_keys_invalid (a TypeError) saying what to fix', async () => {
  const demo = readFileSync(resolve(repo, 'scripts/demo-signing.key'), 'utf8');
  const secret = demo.split('\n').find((l) => l.startsWith('ed25519-secret:'));
  const results = await page.evaluate(async (secret) => {
    const { parsePublicKeys } = await window.verify();
    const good = (await window.signer()).publicKey;
    // The last base64 character of 32 bytes carries 4 bits: setting a spare bit decodes to the
    // same bytes, but is not the canonical text (nor a stable key id).
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
    const spare = alphabet[alphabet.indexOf(good[50]) | 1];
    const cases = {
      empty: [],
      notArray: good,
      notString: [good, 42],
      noPrefix: [good.slice(8)],
      otherAlgorithm: ['rsa:' + good.slice(8)],
      short: [good.slice(0, -4) + '='],
      long: [good + 'AAAA'],
      notBase64: [good.slice(0, 20) + '*' + good.slice(21)],
      nonCanonical: [good.slice(0, 50) + spare + '='],
      secret: [good, secret],
    };
    const out = {};
    for (const [name, keys] of Object.entries(cases)) {
      out[name] = (await window.outcome(() => parsePublicKeys(keys))).error;
    }
    return out;
  }, secret);
  const expect = {
    empty: /non-empty array/,
    notArray: /non-empty array/,
    notString: /publicKeys\[1\] is a number/,
    noPrefix: /must start with "ed25519:"/,
    otherAlgorithm: /must start with "ed25519:"/,
    short: /44 characters/,
    long: /44 characters/,
    notBase64: /44 characters/,
    nonCanonical: /44 characters/,
    secret: /publicKeys\[1\] is a secret signing key/,
  };
  for (const [name, pattern] of Object.entries(expect)) {
    const error = results[name];
    assert.ok(error, `${name} was accepted`);
    assert.equal(error.code, 'public_keys_invalid', name);
    assert.equal(error.name, 'TypeError', name);
    assert.match(error.message, pattern, name);
  }
  // A pasted secret never appears whole in the message.
  assert.ok(!results.secret.message.includes(secret.slice(15)));
});

test('the demo key pair: a payload signed in Node with scripts/demo-signing.key verifies', async () => {
  const keyFile = readFileSync(resolve(repo, 'scripts/demo-signing.key'), 'utf8');
  const { publicKeys } = JSON.parse(readFileSync(resolve(repo, 'www/vitrine-keys.json'), 'utf8'));
  const seed = Buffer.from(keyFile.match(/^ed25519-secret:(\S+)$/m)[1], 'base64');
  // PKCS#8 for Ed25519 is a fixed 16-byte prefix and the 32-byte seed (RFC 8410).
  const pkcs8 = Buffer.concat([Buffer.from('302e020100300506032b657004220420', 'hex'), seed]);
  const secretKey = createPrivateKey({ key: pkcs8, format: 'der', type: 'pkcs8' });
  const payload = Buffer.from('VCAT demo payload');
  const keyId = publicKeys[0].slice('ed25519:'.length, 'ed25519:'.length + 8);
  assert.equal(keyId, '6wKPxZE9');
  const envelope = Buffer.concat([
    Buffer.from('VTSG'),
    Buffer.from([1]),
    Buffer.from(keyId, 'ascii'),
    sign(null, payload, secretKey),
    payload,
  ]);
  const result = await page.evaluate(
    async ({ bytes, publicKeys }) => {
      const { parsePublicKeys, verifyCatalog } = await window.verify();
      const keys = parsePublicKeys(publicKeys);
      const ok = new TextDecoder().decode(await verifyCatalog(new Uint8Array(bytes), keys));
      const tampered = new Uint8Array(bytes);
      tampered[tampered.length - 1] ^= 1;
      return { ok, tampered: (await window.outcome(() => verifyCatalog(tampered, keys))).error.code };
    },
    { bytes: [...envelope], publicKeys },
  );
  assert.equal(result.ok, 'VCAT demo payload');
  assert.equal(result.tampered, 'catalog_signature_invalid');
});

test('without WebCrypto Ed25519 (insecure context, old browser) the catalog is rejected with the cause', async () => {
  const insecure = await t.page({ origin: t.server.insecureUrl });
  const noCrypto = await insecure.evaluate(async () => {
    const { parsePublicKeys, verifyCatalog } = await import('/shell/verify.js');
    // Parsing does not need WebCrypto: init fails or succeeds the same in every browser.
    const keys = parsePublicKeys(['ed25519:6wKPxZE9eS0jRdvjV5eMxAf5BokHeqAvdvphp1HNl0A=']);
    const bytes = new Uint8Array(80);
    bytes.set([0x56, 0x54, 0x53, 0x47, 1, ...new TextEncoder().encode('6wKPxZE9')]);
    return {
      secure: window.isSecureContext,
      subtle: typeof crypto.subtle,
      ...(await window.outcome(() => verifyCatalog(bytes, keys))),
    };
  });
  assert.equal(noCrypto.secure, false);
  assert.equal(noCrypto.subtle, 'undefined');
  assert.equal(noCrypto.error.code, 'crypto_unsupported');
  assert.match(noCrypto.error.message, /cannot verify .* secure context.*not a secure context/);

  const old = await page.evaluate(async () => {
    const { parsePublicKeys, verifyCatalog } = await window.verify();
    const mine = await window.signer();
    const bytes = await mine.signed(new Uint8Array([1]));
    const keys = parsePublicKeys([mine.publicKey]);
    const importKey = crypto.subtle.importKey;
    crypto.subtle.importKey = () =>
      Promise.reject(new DOMException('Algorithm: Unrecognized name', 'NotSupportedError'));
    try {
      return await window.outcome(() => verifyCatalog(bytes, keys));
    } finally {
      crypto.subtle.importKey = importKey;
    }
  });
  assert.equal(old.error.code, 'crypto_unsupported');
  assert.match(old.error.message, /cannot verify .*Unrecognized name/);
  assert.deepEqual(page.errors, []);
});
