/**
 * `vitrine/tools`: validate, compile, sign and verify Vitrine catalogs on Node, without a Rust
 * toolchain. Byte-compatible with the native `vitrine` CLI (docs/signing.md). Node only.
 */

/** One problem in a catalog. */
export interface CatalogProblem {
  /** Where, e.g. `campaigns[2].offers[0].link` (`.` for the whole document). */
  readonly path: string;
  /** What is wrong and what to do. */
  readonly message: string;
}

/** An error from the tools, with the SDK's stable error codes. */
export declare class VitrineError extends Error {
  /**
   * `catalog_invalid`, `catalog_signature_missing`, `catalog_signature_invalid`,
   * `catalog_expired`, `public_keys_invalid`, `signing_key_invalid` or `options_invalid`.
   */
  readonly code: string;
  /** For `catalog_invalid` from JSON: every problem with its path (also in the message). */
  readonly problems: readonly CatalogProblem[];
  /** `TypeError` for `options_invalid` and `public_keys_invalid`, else `VitrineError`. */
  readonly name: 'VitrineError' | 'TypeError';
}

/** How a catalog is compiled: the header of its payload. */
export interface CompileOptions {
  /**
   * Publication order: devices refuse a catalog with a lower sequence than the one they have.
   * Default: `signedAt` in whole seconds, so every signing has a higher one.
   */
  sequence?: number | bigint;
  /** How long devices may use it, in ms after `signedAt`. Default: 30 days. */
  expiresInMs?: number;
  /** The signing (compile) time, Unix ms. Default: `Date.now()`. */
  signedAt?: number;
}

/** A verified `catalog.bin`: who signed it, its header and what it holds. */
export interface VerifiedCatalog {
  /** The id of the key that signed it (the first 8 base64 characters of its public key). */
  readonly keyId: string;
  /** That key's index in the `publicKeys` given. */
  readonly keyIndex: number;
  /** Publication order (a u64): devices refuse a lower one than the catalog they have. */
  readonly sequence: bigint;
  /** Unix ms. */
  readonly signedAt: number;
  /** Unix ms from which devices no longer use it. */
  readonly expiresAt: number;
  /** The catalog's `version` text. */
  readonly version: string;
  /** How many campaigns, offers (over all campaigns) and beacons it holds. */
  readonly campaigns: number;
  readonly offers: number;
  readonly beacons: number;
}

/** A new signing key pair. */
export interface KeyPair {
  /** The key file text: keep it secret (mode 0600, out of web roots and version control). */
  readonly secretKeyFile: string;
  /** `ed25519:<base64>`, for `init({ publicKeys })` and `verifyCatalog`. */
  readonly publicKey: string;
  /** The id that `catalog.bin` names: the public key's first 8 base64 characters. */
  readonly keyId: string;
}

/** How long a compiled catalog stays usable without `expiresInMs`: 30 days, in ms. */
export declare const DEFAULT_EXPIRES_IN_MS: number;

/**
 * Every problem of a catalog with its JSON path, as `vitrine validate` lists them; empty for a
 * valid catalog. A string is validated exactly as given; an object as `JSON.stringify` writes it.
 */
export declare function validateCatalog(json: string | object): CatalogProblem[];

/**
 * Validates and compiles a catalog into its unsigned payload (`"VCAT" | ...`), what
 * `signCatalog` signs and the SDK's `catalog` test option accepts.
 * @throws {VitrineError} `catalog_invalid` (every problem in the message), `options_invalid`
 */
export declare function compileCatalog(json: string | object, options?: CompileOptions): Uint8Array;

/**
 * Validates, compiles and signs a catalog: the bytes of `catalog.bin`, as `vitrine sign`
 * writes them.
 * @param secretKeyFile the text of a key file from `vitrine keygen` or `generateKeyPair`
 * @throws {VitrineError} `signing_key_invalid`, `catalog_invalid`, `options_invalid`
 */
export declare function signCatalog(
  json: string | object,
  secretKeyFile: string,
  options?: CompileOptions,
): Uint8Array;

/**
 * Checks a signed `catalog.bin` like `vitrine verify` and a device: signed by one of
 * `publicKeys`, decodable and not expired at `now` (default `Date.now()`).
 * @throws {VitrineError} `public_keys_invalid`, `catalog_signature_missing`,
 *   `catalog_signature_invalid`, `catalog_invalid`, `catalog_expired`
 */
export declare function verifyCatalog(
  bytes: Uint8Array | ArrayBuffer,
  publicKeys: readonly string[],
  options?: { now?: number },
): VerifiedCatalog;

/** A new random signing key pair (node:crypto), in the native CLI's key file format. */
export declare function generateKeyPair(): KeyPair;
