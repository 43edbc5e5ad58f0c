// Signed test catalogs for the end-to-end tests: `signCatalogs(specs, dir)` writes each catalog's
// JSON into `dir`, signs it with the demo key (scripts/demo-signing.key, the key of
// www/vitrine-keys.json) through the `vitrine sign` CLI, and returns the signed envelopes.
// Until `compileCatalog` lands in tools/ (Node, no Rust toolchain), this needs cargo.
//
// The envelope is `"VTSG" | version | key id | signature | payload` (docs/architecture.md); the
// `catalog` test option of `Vitrine.init` takes the payload, `payloadOf(envelope)`.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { repo } from './harness.mjs';

/** Bytes before the payload: magic (4), envelope version (1), key id (8), signature (64). */
export const ENVELOPE_HEADER = 77;

/** The demo shop's authoring catalog (www/catalog.json), parsed. */
export function demoCatalog() {
  return JSON.parse(readFileSync(resolve(repo, 'www/catalog.json'), 'utf8'));
}

/** The public keys that verify catalogs signed here (the demo key pair). */
export const PUBLIC_KEYS = JSON.parse(readFileSync(resolve(repo, 'www/vitrine-keys.json'), 'utf8')).publicKeys;

/** The payload the `catalog` option takes: the envelope without its 77-byte header. */
export function payloadOf(envelope) {
  return envelope.subarray(ENVELOPE_HEADER);
}

/**
 * Signs every catalog of `specs` (`{ name: json | { json, sequence, expiresIn } }`) into
 * `dir/<name>.bin` with one CLI build; resolves to `{ name: envelope bytes }`. The default
 * sequence is 1; `expiresIn` is `vitrine sign --expires-in` (`30d`, `12h`, `90m`), by default
 * 10 years from now.
 */
export function signCatalogs(specs, dir) {
  const cli = buildCli();
  const signed = {};
  for (const [name, spec] of Object.entries(specs)) {
    const { json, sequence = 1, expiresIn = '3650d' } = spec.json === undefined ? { json: spec } : spec;
    const source = join(dir, `${name}.json`);
    const out = join(dir, `${name}.bin`);
    writeFileSync(source, typeof json === 'string' ? json : JSON.stringify(json));
    execFileSync(
      cli,
      ['sign', '--key', resolve(repo, 'scripts/demo-signing.key'), '--sequence', String(sequence), '--expires-in', expiresIn, '--out', out, source],
      { cwd: repo, stdio: ['ignore', 'ignore', 'pipe'] },
    );
    signed[name] = readFileSync(out);
  }
  return signed;
}

/**
 * The `vitrine` CLI (target/debug/vitrine), built when a source is newer. If the build fails
 * (sources being edited) and a binary exists, that binary is used, with a warning.
 */
function buildCli() {
  const cli = resolve(process.env.CARGO_TARGET_DIR ?? resolve(repo, 'target'), 'debug/vitrine');
  if (existsSync(cli) && newest([resolve(repo, 'src'), resolve(repo, 'Cargo.toml'), resolve(repo, 'Cargo.lock')]) < statSync(cli).mtimeMs) {
    return cli;
  }
  try {
    const shell = ['. scripts/toolchain.sh', 'cargo build --quiet --features cli --bin vitrine'];
    execFileSync('bash', ['-c', shell.join(' && ')], { cwd: repo, stdio: ['ignore', 'ignore', 'pipe'] });
  } catch (error) {
    if (!existsSync(cli)) throw error;
    console.warn(`catalogs.mjs: \`cargo build\` failed, signing with the existing ${cli}:\n${error.stderr}`);
  }
  return cli;
}

/** The latest modification time (ms) of `paths` and, for directories, everything under them. */
function newest(paths) {
  let latest = 0;
  for (const path of paths) {
    const stat = statSync(path);
    latest = Math.max(latest, stat.mtimeMs);
    if (stat.isDirectory()) latest = Math.max(latest, newest(readdirSync(path).map((name) => join(path, name))));
  }
  return latest;
}
