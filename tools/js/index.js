// `vitrine/tools`: validate, compile, sign and verify catalogs on Node, without a Rust
// toolchain (docs/signing.md). The validator and compiler are the SDK's own, built to wasm
// (tools/src/); keys and signatures use node:crypto. Everything is byte-compatible with the
// native `vitrine` CLI.

import * as core from './catalog.js';
import { optionError, VitrineError } from './errors.js';
import { SigningKey } from './keys.js';

export { VitrineError };

/** How long a compiled catalog stays usable without `expiresInMs`: 30 days. */
export const DEFAULT_EXPIRES_IN_MS = 30 * 24 * 60 * 60 * 1000;
const U64_MAX = 2n ** 64n - 1n;

/**
 * Every problem of a catalog, each with its JSON path, as `vitrine validate` lists them; an
 * empty list for a valid catalog.
 * @param {string | object} json the catalog's JSON text (validated exactly), or an object
 */
export function validateCatalog(json) {
  try {
    core.validate(catalogText(json));
    return [];
  } catch (error) {
    if (error instanceof VitrineError && error.code === 'catalog_invalid') return error.problems;
    throw error;
  }
}

/**
 * Validates a catalog and compiles it into the unsigned payload that `signCatalog` and
 * `vitrine sign` sign (`"VCAT" | ...`; docs/signing.md). Throws a `VitrineError` with code
 * `catalog_invalid` whose message lists every problem with its path (also in `problems`).
 * @param {string | object} json
 * @param {{ sequence?: number | bigint, expiresInMs?: number, signedAt?: number }} [options]
 */
export function compileCatalog(json, options = {}) {
  const text = catalogText(json);
  return core.compile(text, header(options));
}

/**
 * Validates, compiles and signs a catalog: the bytes of `catalog.bin`
 * (`"VTSG" | 1 | key id | signature | payload`), exactly as `vitrine sign` writes it.
 * @param {string | object} json
 * @param {string} secretKeyFile the text of a key file from `vitrine keygen` or `generateKeyPair`
 * @param {{ sequence?: number | bigint, expiresInMs?: number, signedAt?: number }} [options]
 */
export function signCatalog(json, secretKeyFile, options = {}) {
  if (typeof secretKeyFile !== 'string') {
    throw optionError(
      'the secret key file must be its text (read it with readFileSync(path, "utf8"))',
    );
  }
  const key = SigningKey.parseFile(secretKeyFile);
  return key.signEnvelope(compileCatalog(json, options));
}

/**
 * Checks a signed `catalog.bin` like `vitrine verify`: signed by one of `publicKeys`, decodable
 * and not expired at `now`. Returns who signed it and what it holds; throws a `VitrineError`
 * (`public_keys_invalid`, `catalog_signature_missing`, `catalog_signature_invalid`,
 * `catalog_invalid` or `catalog_expired`).
 * @param {Uint8Array | ArrayBuffer} bytes
 * @param {string[]} publicKeys as in `init({ publicKeys })`
 * @param {{ now?: number }} [options]
 */
export function verifyCatalog(bytes, publicKeys, { now = Date.now() } = {}) {
  if (!Array.isArray(publicKeys) || !publicKeys.every((k) => typeof k === 'string')) {
    const message = 'publicKeys must be an array of `ed25519:...` texts';
    throw new VitrineError('public_keys_invalid', message);
  }
  const info = core.verify(byteArray(bytes), publicKeys, BigInt(time(now, 'now')));
  return {
    keyId: info.keyId,
    keyIndex: info.keyIndex,
    sequence: info.sequence,
    signedAt: Number(info.signedAt),
    expiresAt: Number(info.expiresAt),
    ...info.contents,
  };
}

/**
 * A new signing key: the key file text to keep secret (mode 0600, never in a web root) and the
 * public key for `init({ publicKeys })`.
 */
export function generateKeyPair() {
  const key = SigningKey.generate();
  return { secretKeyFile: key.toFile(), publicKey: key.publicKey, keyId: key.keyId };
}

/** The exact text to validate: a string as given, an object as `JSON.stringify` writes it. */
function catalogText(json) {
  if (typeof json === 'string') return json;
  if (json === null || typeof json !== 'object') {
    const type = json === null ? 'null' : typeof json;
    throw new VitrineError('catalog_invalid', `a catalog is JSON text or an object, not ${type}`);
  }
  try {
    return JSON.stringify(json);
  } catch (error) {
    throw new VitrineError('catalog_invalid', `the catalog object is not JSON: ${error.message}`);
  }
}

/** The payload header of the options, as BigInts. */
function header({ sequence, expiresInMs = DEFAULT_EXPIRES_IN_MS, signedAt = Date.now() }) {
  const at = BigInt(time(signedAt, 'signedAt'));
  if (!Number.isSafeInteger(expiresInMs) || expiresInMs <= 0) {
    throw optionError(
      `expiresInMs must be a positive whole number of milliseconds, not ${String(expiresInMs)}`,
    );
  }
  return {
    // Seconds since 1970 grow with every signing, with no counter to keep (docs/signing.md);
    // 0 before 1970, as natively.
    sequence: sequence === undefined ? (at < 0n ? 0n : at / 1000n) : sequenceOf(sequence),
    expiresAt: at + BigInt(expiresInMs),
    signedAt: at,
  };
}

/** A `sequence` option as a u64, checked. */
function sequenceOf(sequence) {
  const valid =
    (typeof sequence === 'bigint' && sequence >= 0n && sequence <= U64_MAX) ||
    (Number.isSafeInteger(sequence) && sequence >= 0);
  if (!valid) {
    throw optionError(
      'sequence must be a non-negative integer (a number, or a bigint below 2^64), ' +
        `not ${String(sequence)}`,
    );
  }
  return BigInt(sequence);
}

/** A Unix time in ms, checked. */
function time(ms, name) {
  if (!Number.isSafeInteger(ms)) {
    throw optionError(
      `${name} must be a Unix time in whole milliseconds, such as Date.now(), not ${String(ms)}`,
    );
  }
  return ms;
}

/** The bytes of a signed catalog, checked. */
function byteArray(bytes) {
  if (bytes instanceof Uint8Array) return bytes;
  if (bytes instanceof ArrayBuffer) return new Uint8Array(bytes);
  throw optionError('the signed catalog must be a Uint8Array, a Buffer or an ArrayBuffer');
}
