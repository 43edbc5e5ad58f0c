/**
 * Signed catalogs in the browser: parses the `catalog.bin` envelope
 * (`"VTSG" | u8 version 1 | 8-byte ASCII key id | 64-byte signature | payload`,
 * docs/architecture.md), checks the configured `publicKeys` and verifies the Ed25519 signature
 * with WebCrypto. The payload it returns is a copy of exactly the bytes that were verified;
 * the wasm decodes and accepts (sequence, expiry) it.
 *
 * Errors (all `VitrineError`):
 * - `public_keys_invalid` (named `TypeError`): the key list is not a non-empty array, or an
 *   entry is not `ed25519:` + 44 canonical base64 characters (32 bytes), is a pasted secret
 *   key (`ed25519-secret:...`), or is refused by WebCrypto. Unlike the Rust parser, 32 bytes
 *   that are not a valid curve point are not caught here (Chromium's `importKey` accepts them);
 *   such a key never verifies, so its catalogs are `catalog_signature_invalid`.
 * - `catalog_signature_missing`: the bytes are not a signed envelope (no `VTSG`, too short).
 * - `catalog_signature_invalid`: an envelope version other than 1, a malformed key id, a key id
 *   that is not configured, or a signature that does not verify.
 * - `crypto_unsupported`: this browser cannot verify Ed25519 at all (no `crypto.subtle` outside
 *   a secure context, or a browser older than Chromium 137 / Firefox 129 / Safari 17). The
 *   catalog cannot be trusted, so it is not used; the message names the cause (serve the page
 *   over https, or the browser is too old).
 */

import { VitrineError } from './errors.js';

/** The envelope's first four bytes. */
const MAGIC = 'VTSG';
/** The only envelope version this shell reads. */
const ENVELOPE_VERSION = 1;
/** How many base64 characters of a public key make its key id. */
export const KEY_ID_LENGTH = 8;
const SIGNATURE_BYTES = 64;
/** Bytes before the payload: magic, version, key id, signature (77). */
export const ENVELOPE_HEADER_BYTES = MAGIC.length + 1 + KEY_ID_LENGTH + SIGNATURE_BYTES;

const PUBLIC_PREFIX = 'ed25519:';
const SECRET_PREFIX = 'ed25519-secret:';
/** 32 bytes in standard, padded base64. */
const KEY_BASE64 = /^[A-Za-z0-9+/]{43}=$/;
const KEY_ID = /^[A-Za-z0-9+/]{8}$/;
const ED25519 = { name: 'Ed25519' } as const;

/** A configured public key: its id (first 8 base64 characters) and its 32 bytes. */
export interface PublicKey {
  readonly id: string;
  readonly raw: Uint8Array<ArrayBuffer>;
}

/** The parts of a signed envelope. `payload` is a copy: nothing else holds its buffer. */
export interface Envelope {
  readonly keyId: string;
  readonly signature: Uint8Array<ArrayBuffer>;
  readonly payload: Uint8Array<ArrayBuffer>;
}

/**
 * Parses `init({ publicKeys })` synchronously, so a bad list fails `init` the same way in every
 * browser. Throws `public_keys_invalid` naming the entry and what to fix.
 */
export function parsePublicKeys(keys: unknown): readonly PublicKey[] {
  if (!Array.isArray(keys) || keys.length === 0) {
    throw keyError(
      'publicKeys must be a non-empty array of "ed25519:<base64>" keys; to use an unsigned ' +
        'catalog in tests, pass the `catalog` option instead',
    );
  }
  return keys.map((key: unknown, i) => parsePublicKey(key, i));
}

function parsePublicKey(key: unknown, index: number): PublicKey {
  const where = `publicKeys[${index}]`;
  if (typeof key !== 'string') throw keyError(`${where} is a ${typeof key}, not a string`);
  const text = key.trim();
  if (text.startsWith(SECRET_PREFIX)) {
    throw keyError(
      `${where} is a secret signing key, not a public key; it must never be in a web page: ` +
        'generate a new key pair with `vitrine keygen`, use its public key, and retire this one',
    );
  }
  if (!text.startsWith(PUBLIC_PREFIX)) {
    throw keyError(`${where} must start with "ed25519:" (got "${shorten(text)}")`);
  }
  const encoded = text.slice(PUBLIC_PREFIX.length);
  const raw = KEY_BASE64.test(encoded) ? decodeBase64(encoded) : undefined;
  if (raw === undefined || encodeBase64(raw) !== encoded) {
    throw keyError(
      `${where} must be "ed25519:" followed by 44 characters of standard padded base64 ` +
        `(32 bytes), as printed by \`vitrine keygen\` (got "${shorten(text)}")`,
    );
  }
  return { id: encoded.slice(0, KEY_ID_LENGTH), raw };
}

/**
 * Splits a signed envelope. Throws `catalog_signature_missing` when `bytes` is not one and
 * `catalog_signature_invalid` when its version or key id is unreadable.
 */
export function parseEnvelope(bytes: Uint8Array): Envelope {
  if (bytes.length < ENVELOPE_HEADER_BYTES || ascii(bytes.subarray(0, 4)) !== MAGIC) {
    throw new VitrineError(
      'catalog_signature_missing',
      'the catalog is not signed: it does not start with a "VTSG" envelope; publish the ' +
        'catalog.bin written by `vitrine sign`',
    );
  }
  const version = bytes[4];
  if (version !== ENVELOPE_VERSION) {
    throw signatureError(
      `the catalog's envelope has version ${String(version)}; this SDK reads version ` +
        `${ENVELOPE_VERSION}: sign it with a vitrine CLI of the same release as the SDK`,
    );
  }
  const keyId = ascii(bytes.subarray(5, 5 + KEY_ID_LENGTH));
  if (!KEY_ID.test(keyId)) {
    throw signatureError(`the catalog's key id is not ${KEY_ID_LENGTH} base64 characters`);
  }
  return {
    keyId,
    signature: bytes.slice(5 + KEY_ID_LENGTH, ENVELOPE_HEADER_BYTES),
    payload: bytes.slice(ENVELOPE_HEADER_BYTES),
  };
}

/**
 * Verifies a signed catalog with the key its envelope names and returns the payload (a copy of
 * exactly the verified bytes). Rejects with the codes in this module's doc comment.
 */
export async function verifyCatalog(
  bytes: Uint8Array,
  keys: readonly PublicKey[],
): Promise<Uint8Array<ArrayBuffer>> {
  const envelope = parseEnvelope(bytes);
  const candidates = keys.filter((k) => k.id === envelope.keyId);
  if (candidates.length === 0) {
    const ids = keys.map((k) => k.id).join(', ');
    throw signatureError(
      `the catalog is signed with key id ${envelope.keyId}, which is not among the configured ` +
        `publicKeys (ids: ${ids}): add its public key, or sign with one of these`,
    );
  }
  const subtle = webCrypto();
  for (const candidate of candidates) {
    const key = await importKey(subtle, candidate);
    let valid: boolean;
    try {
      valid = await subtle.verify(ED25519, key, envelope.signature, envelope.payload);
    } catch (error) {
      throw unsupported(error);
    }
    if (valid) return envelope.payload;
  }
  throw signatureError(
    `the catalog's signature does not verify with key ${envelope.keyId}: the catalog was ` +
      'changed after signing, or signed with another key that has the same id',
  );
}

/** `crypto.subtle`, or the coded error saying why it is missing. */
function webCrypto(): SubtleCrypto {
  const subtle = (globalThis.crypto as Crypto | undefined)?.subtle as SubtleCrypto | undefined;
  if (subtle === undefined) {
    throw unsupported(
      globalThis.isSecureContext === false ? 'this page is not a secure context' : undefined,
    );
  }
  return subtle;
}

async function importKey(subtle: SubtleCrypto, key: PublicKey): Promise<CryptoKey> {
  try {
    return await subtle.importKey('raw', key.raw, ED25519, false, ['verify']);
  } catch (error) {
    if (error instanceof DOMException && error.name === 'DataError') {
      throw keyError(`the public key with id ${key.id} is not a usable Ed25519 public key`, error);
    }
    throw unsupported(error);
  }
}

/** WebCrypto cannot do Ed25519 here: `crypto_unsupported`, with the real cause. */
function unsupported(cause: unknown): VitrineError {
  const detail = cause instanceof Error ? `: ${cause.message}` : cause ? `: ${String(cause)}` : '';
  return new VitrineError(
    'crypto_unsupported',
    `this browser cannot verify the catalog's Ed25519 signature (WebCrypto Ed25519 needs a ` +
      `secure context, i.e. https, and Chrome 137, Firefox 129, Safari 17 or later)${detail}; ` +
      'the catalog is not used',
    { cause },
  );
}

function keyError(message: string, cause?: unknown): VitrineError {
  return new VitrineError('public_keys_invalid', message, { cause });
}

function signatureError(message: string): VitrineError {
  return new VitrineError('catalog_signature_invalid', message);
}

function ascii(bytes: Uint8Array): string {
  return String.fromCharCode(...bytes);
}

function decodeBase64(text: string): Uint8Array<ArrayBuffer> {
  return Uint8Array.from(atob(text), (c) => c.charCodeAt(0));
}

function encodeBase64(bytes: Uint8Array): string {
  return btoa(String.fromCharCode(...bytes));
}

/** At most 24 characters of a configured key, so a pasted secret never reaches a log whole. */
function shorten(text: string): string {
  return text.length > 24 ? `${text.slice(0, 24)}...` : text;
}
