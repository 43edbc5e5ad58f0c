// The subcommands of `npx vitrine`: the native CLI's keygen, sign, verify, validate and
// profile (src/bin/vitrine.rs, src/bin/vitrine/) with the same flags, output and exit codes,
// and compile, which writes the unsigned payload for tests.

import * as core from './catalog.js';
import { readBytes, readStdin, readText, utf8Text, writeFile, writeSecret } from './cli-files.js';
import { duration, Failure, Options, siblingPath, UsageError } from './cli-options.js';
import { VitrineError } from './errors.js';
import { SigningKey } from './keys.js';

/** Where `keygen` writes the secret key without `--out`. */
const DEFAULT_KEY_FILE = 'vitrine-signing.key';
/** How long a compiled catalog stays usable without `--expires-in`: 30 days. */
const DEFAULT_EXPIRES_IN = 30n * 24n * 60n * 60_000n;
const I64_MAX = 2n ** 63n - 1n;

const now = () => BigInt(Date.now());

/** `vitrine validate <catalog.json>` */
export function validate(args) {
  const opts = new Options(args, []);
  const path = opts.catalogArg('validate');
  const c = checkCatalog(path, readText(path));
  return `ok: ${c.campaigns} campaigns, ${c.offers} offers (version ${c.version})`;
}

/** `vitrine keygen [--out <file>]` */
export function keygen(args) {
  const opts = new Options(args, ['--out']);
  opts.noPositional();
  const path = opts.get('--out') ?? DEFAULT_KEY_FILE;
  const key = SigningKey.generate();
  writeSecret(path, key.toFile());
  process.stderr.write(
    `vitrine: wrote the secret signing key to \`${path}\` (key id ${key.keyId}). Keep it secret: ` +
      'out of web roots and version control. The public key for init({ publicKeys }):\n',
  );
  return key.publicKey;
}

/** `vitrine sign --key <file> [--sequence <n>] [--expires-in <d|h|m>] [--out <file>] <json>` */
export function sign(args) {
  const opts = new Options(args, ['--key', '--sequence', '--expires-in', '--out']);
  const keyPath = opts.required('--key');
  const path = opts.catalogArg('sign');
  const header = headerOf(opts);
  const out = opts.get('--out') ?? siblingPath(path, 'bin');
  const key = readKey(keyPath);
  const payload = compileFile(path, header);
  writeFile(out, key.signEnvelope(payload));
  const { summary } = core.describe(payload, now());
  return `signed \`${path}\` with key ${key.keyId}: wrote \`${out}\`\n${summary}`;
}

/** `vitrine compile [--sequence <n>] [--expires-in <d|h|m>] [--out <file>] <json>` */
export function compile(args) {
  const opts = new Options(args, ['--sequence', '--expires-in', '--out']);
  const path = opts.catalogArg('compile');
  const header = headerOf(opts);
  const out = opts.get('--out') ?? siblingPath(path, 'unsigned.bin');
  const payload = compileFile(path, header);
  writeFile(out, payload);
  const { summary } = core.describe(payload, now());
  const note = 'unsigned, for tests: devices with publicKeys need `vitrine sign`';
  return `compiled \`${path}\` into \`${out}\` (${note})\n${summary}`;
}

/** `vitrine verify --key <public key>[,<public key>...] <catalog.bin>` */
export function verify(args) {
  const opts = new Options(args, ['--key']);
  const keys = opts.required('--key').split(',');
  const path = opts.catalogArg('verify');
  // Like the native CLI, bad keys are reported before an unreadable file: the wasm checks the
  // keys before it looks at the bytes.
  let bytes = new Uint8Array();
  let unreadable;
  try {
    bytes = readBytes(path);
  } catch (failure) {
    unreadable = failure;
  }
  let info;
  try {
    info = core.verify(bytes, keys, now());
  } catch (error) {
    if (!(error instanceof VitrineError)) throw error;
    if (error.code === 'public_keys_invalid') throw new Failure(2, `vitrine: ${error.message}`);
    if (unreadable) throw unreadable;
    throw new Failure(1, `vitrine: \`${path}\` rejected (${error.code}): ${error.message}`);
  }
  const signer = `key ${info.keyId} (publicKeys[${info.keyIndex}])`;
  return `ok: \`${path}\` is signed by ${signer}\n${info.summary}`;
}

/** Log lines that are not events, printed on stderr at most (as the native CLI). */
const MAX_PRINTED_PROBLEMS = 10;

/** `vitrine profile --events <log.jsonl> [--catalog <catalog.json>] [--at <ms>] [--json]` */
export function profile(args) {
  const opts = new Options(args, ['--events', '--catalog', '--at'], ['--json']);
  opts.noPositional();
  const path = opts.required('--events');
  const at = opts.number('--at', undefined);
  if (at !== undefined && at > I64_MAX) {
    throw new UsageError(`\`--at\` must be a non-negative integer, not \`${opts.get('--at')}\``);
  }
  const catalogPath = opts.get('--catalog');
  const catalog = catalogPath === undefined ? undefined : readText(catalogPath);
  if (catalog !== undefined) checkCatalog(catalogPath, catalog);
  const log = path === '-' ? readStdin() : readBytes(path);
  const report = core.profile(log, catalog, at, opts.has('--json'));
  if (report === undefined) throw new Failure(1, `vitrine: \`${path}\` has no usable event`);
  for (const problem of report.problems.slice(0, MAX_PRINTED_PROBLEMS)) {
    process.stderr.write(`vitrine: \`${path}\` ${problem} (skipped)\n`);
  }
  return report.output.trimEnd();
}

/** The payload header of `--sequence` and `--expires-in`, signed now. */
function headerOf(opts) {
  const signedAt = now();
  // Seconds since the epoch grow with every signing, with no counter to keep.
  const sequence = opts.number('--sequence', signedAt / 1000n);
  const expiresInText = opts.get('--expires-in');
  const expiresIn = expiresInText === undefined ? DEFAULT_EXPIRES_IN : duration(expiresInText);
  const expiresAt = signedAt + expiresIn;
  return { sequence, expiresAt: expiresAt > I64_MAX ? I64_MAX : expiresAt, signedAt };
}

/** The signing key in the file at `path` (exit 1 if it is not one). */
function readKey(path) {
  const text = readText(path);
  try {
    return SigningKey.parseFile(text);
  } catch (error) {
    if (!(error instanceof VitrineError)) throw error;
    throw new Failure(1, `vitrine: \`${path}\`: ${error.message}`);
  }
}

/** Validates and compiles the catalog file at `path`. */
function compileFile(path, header) {
  const text = utf8Text(readBytes(path));
  if (text === undefined) {
    throw new Failure(1, `vitrine: \`${path}\` is not valid UTF-8, so not a valid catalog`);
  }
  checkCatalog(path, text);
  try {
    return core.compile(text, header);
  } catch (error) {
    if (!(error instanceof VitrineError)) throw error;
    throw new Failure(1, `vitrine: \`${path}\`: ${error.message}`);
  }
}

/** What the catalog text holds; an invalid catalog fails with exit 1 and every problem. */
function checkCatalog(path, text) {
  try {
    return core.validate(text);
  } catch (error) {
    if (!(error instanceof VitrineError)) throw error;
    const n = error.problems.length;
    const lines = error.problems.map((p) => `${p.path}: ${p.message}\n`).join('');
    const count = `${n} problem${n === 1 ? '' : 's'}`;
    throw new Failure(1, `${lines}vitrine: \`${path}\` is not a valid catalog (${count})`);
  }
}
