// Catalog signing keys with node:crypto, in the key-file format of the native CLI
// (src/engine/signature/signing.rs): `#` comment lines, then `ed25519-secret:<base64 of the
// 32-byte Ed25519 seed>` (RFC 8032's secret key). Keys and signatures are interchangeable with
// `vitrine keygen` / `vitrine sign`: Ed25519 signatures are deterministic.

import { createPrivateKey, createPublicKey, generateKeyPairSync, sign } from 'node:crypto';
import { VitrineError } from './errors.js';

const SECRET_PREFIX = 'ed25519-secret:';
/** How many base64 characters of the public key make its key id. */
const KEY_ID_LEN = 8;
/** DER of a PKCS #8 Ed25519 private key up to its 32-byte seed (RFC 8410). */
const PKCS8_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');
/** Bytes of DER before the 32 key bytes of an SPKI Ed25519 public key (RFC 8410). */
const SPKI_PREFIX_LEN = 12;
const SEED_LEN = 32;
/** catalog.bin's envelope: "VTSG" and version 1 (src/engine/signature/envelope.rs). */
const ENVELOPE_START = Buffer.from([0x56, 0x54, 0x53, 0x47, 1]);
/** Rust's `str::trim` whitespace (Unicode White_Space): unlike JS's `trim`, it keeps a BOM. */
const SPACE = /[\t-\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+/.source;
const EDGE_SPACE = new RegExp(`^${SPACE}|${SPACE}$`, 'g');

/** A secret Ed25519 key that signs catalogs. */
export class SigningKey {
  #privateKey;
  #seed;

  /** The key for a 32-byte seed; an all-zero seed is refused (`signing_key_invalid`). */
  constructor(seed) {
    if (seed.every((b) => b === 0)) throw badKey('the secret is all zeros');
    this.#seed = Buffer.from(seed);
    this.#privateKey = createPrivateKey({
      key: Buffer.concat([PKCS8_PREFIX, this.#seed]),
      format: 'der',
      type: 'pkcs8',
    });
    const spki = createPublicKey(this.#privateKey).export({ format: 'der', type: 'spki' });
    const base64 = spki.subarray(SPKI_PREFIX_LEN).toString('base64');
    /** The public key for `init({ publicKeys })`: `ed25519:<base64>`. */
    this.publicKey = `ed25519:${base64}`;
    /** The id that catalog.bin names: the public key's first 8 base64 characters. */
    this.keyId = base64.slice(0, KEY_ID_LEN);
  }

  /** A new random key. */
  static generate() {
    const { privateKey } = generateKeyPairSync('ed25519');
    const pkcs8 = privateKey.export({ format: 'der', type: 'pkcs8' });
    return new SigningKey(pkcs8.subarray(PKCS8_PREFIX.length));
  }

  /** Reads a key file: blank and `#` lines are skipped; exactly one secret line must remain. */
  static parseFile(text) {
    const lines = text
      .split('\n')
      .map((line) => line.replace(EDGE_SPACE, ''))
      .filter((line) => line !== '' && !line.startsWith('#'));
    if (lines.length !== 1) {
      throw badKey(`it must hold exactly one \`${SECRET_PREFIX}...\` line besides \`#\` comments`);
    }
    const [line] = lines;
    if (!line.startsWith(SECRET_PREFIX)) {
      const hint = line.startsWith('ed25519:') ? ' (this looks like a public key)' : '';
      throw badKey(`the key line must start with \`${SECRET_PREFIX}\`${hint}`);
    }
    const seed = decodeBase64(line.slice(SECRET_PREFIX.length), 'the secret');
    if (seed.length !== SEED_LEN) {
      throw badKey(`the secret decodes to ${seed.length} bytes; it must be 32`);
    }
    return new SigningKey(seed);
  }

  /** The key file text: comments (with the public key), then the secret line. */
  toFile() {
    return (
      '# Vitrine catalog signing key (Ed25519). SECRET: keep it out of web roots and version ' +
      `control.\n# public key: ${this.publicKey}\n` +
      `${SECRET_PREFIX}${this.#seed.toString('base64')}\n`
    );
  }

  /** The signed envelope (catalog.bin) of a compiled payload. */
  signEnvelope(payload) {
    const signature = sign(null, payload, this.#privateKey);
    return new Uint8Array(
      Buffer.concat([ENVELOPE_START, Buffer.from(this.keyId, 'ascii'), signature, payload]),
    );
  }
}

/** `signing_key_invalid`, worded like the native CLI. */
function badKey(reason) {
  return new VitrineError(
    'signing_key_invalid',
    `the signing key file is invalid: ${reason}; use a file written by \`vitrine keygen\``,
  );
}

/** Standard, padded, canonical base64 (RFC 4648 §4), as the native key reader accepts it. */
function decodeBase64(text, what) {
  if (text === '') throw badKey(`${what} is empty`);
  // Node's decoder skips what it cannot read; only canonical text encodes back to itself.
  const bytes = Buffer.from(text, 'base64');
  if (bytes.toString('base64') !== text) {
    throw badKey(`${what} is not valid base64 (alphabet A-Z a-z 0-9 + /, padded with =)`);
  }
  return bytes;
}
