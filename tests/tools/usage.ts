// Type-checked by types.test.mjs against tools/js/index.d.ts: how shops' tests and build
// scripts use `vitrine/tools`.
import {
  compileCatalog,
  DEFAULT_EXPIRES_IN_MS,
  generateKeyPair,
  signCatalog,
  validateCatalog,
  verifyCatalog,
  VitrineError,
  type CatalogProblem,
  type VerifiedCatalog,
} from '../../tools/js/index.js';

const catalog = { schema: 1, version: 'v', campaigns: [] };
const problems: CatalogProblem[] = validateCatalog(JSON.stringify(catalog));
const paths: string[] = problems.map((p) => `${p.path}: ${p.message}`);
const payload: Uint8Array = compileCatalog(catalog, { sequence: 5n, expiresInMs: DEFAULT_EXPIRES_IN_MS });
const { secretKeyFile, publicKey } = generateKeyPair();
const bin: Uint8Array = signCatalog(catalog, secretKeyFile, { sequence: 5, signedAt: Date.now() });
const info: VerifiedCatalog = verifyCatalog(bin, [publicKey], { now: Date.now() });
const next: bigint = info.sequence + 1n;
try {
  compileCatalog('{}');
} catch (error) {
  if (error instanceof VitrineError) {
    const code: string = error.code;
    const all: readonly CatalogProblem[] = error.problems;
    void [code, all];
  }
}
// @ts-expect-error: the key file is text, not a path object
signCatalog(catalog, { path: 'k.key' });
// @ts-expect-error: publicKeys is a list
verifyCatalog(bin, publicKey);
// @ts-expect-error: no such option
compileCatalog(catalog, { expiresIn: '30d' });
void [paths, payload, next];
