// Shared support for the Node tools' tests (tests/tools/*.test.mjs): builds target/tools/ with
// scripts/build-tools when a source is newer than it, builds the native CLI once, runs both
// CLIs, and gives each test a scratch directory and sample catalogs.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repo = resolve(fileURLToPath(import.meta.url), '../../..');
export const toolsOut = resolve(repo, 'target/tools');
const targetDir = process.env.CARGO_TARGET_DIR ?? resolve(repo, 'target');
export const nativeBin = join(targetDir, 'debug/vitrine');
const nodeCli = join(toolsOut, 'cli.js');

/** What the tools' build reads: the core, the tools crate, its JS and the build script. */
const SOURCES = ['src', 'tools', 'Cargo.toml', 'Cargo.lock', 'scripts/build-tools'];

/** Runs scripts/build-tools when target/tools/ is missing or older than a source. */
function buildTools() {
  const built = join(toolsOut, 'vitrine_tools_bg.wasm');
  const stale =
    !existsSync(built) ||
    SOURCES.some((source) => newestMtime(resolve(repo, source)) > statSync(built).mtimeMs);
  if (stale) execFileSync(resolve(repo, 'scripts/build-tools'), { cwd: repo, stdio: 'inherit' });
}

function newestMtime(path) {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return readdirSync(path).reduce((max, name) => Math.max(max, newestMtime(join(path, name))), stat.mtimeMs);
}

/** Builds the native CLI (`cargo build --features cli`; a no-op when it is up to date). */
function buildNative() {
  execFileSync('bash', ['-c', '. scripts/toolchain.sh && cargo build --quiet --features cli'], {
    cwd: repo,
    stdio: 'inherit',
  });
}

buildTools();
buildNative();

/** The tools' public module, imported after the build. */
export const tools = await import(join(toolsOut, 'index.js'));

/** Runs `node target/tools/cli.js ...args` in `cwd`: `{ code, stdout, stderr }`. */
export function node(args, cwd = repo) {
  return run(process.execPath, [nodeCli, ...args], cwd);
}

/** Runs the native `vitrine ...args` in `cwd`: `{ code, stdout, stderr }`. */
export function native(args, cwd = repo) {
  return run(nativeBin, args, cwd);
}

function run(command, args, cwd) {
  const out = spawnSync(command, args, { cwd, encoding: 'utf8' });
  if (out.error) throw out.error;
  return { code: out.status, stdout: out.stdout, stderr: out.stderr };
}

const scratchDirs = [];
process.on('exit', () => scratchDirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

/** A new empty directory for one test, removed when the test file ends. */
export function scratch() {
  const dir = mkdtempSync(join(tmpdir(), 'vitrine-tools-'));
  scratchDirs.push(dir);
  return dir;
}

/** Writes `content` to `dir/name`; returns the path. */
export function write(dir, name, content) {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

/** A valid catalog with two campaigns, three offers and a beacon. */
export const GOOD = {
  schema: 1,
  version: 'tools-1',
  beacons: [{ id: 'door', name: 'Door', frame: 'ibeacon:e2c56db5-dffb-48d2-b060-d0f5a71096e0:1:2' }],
  campaigns: [
    {
      id: 'coffee',
      priority: 2,
      offers: [
        { id: 'coffee-20', slots: ['hero'], title: 'Coffee', categories: ['coffee'], link: '/coffee' },
      ],
    },
    {
      id: 'tea',
      offers: [
        { id: 'tea-10', slots: ['hero'], title: 'Tea', categories: ['tea'] },
        { id: 'tea-5', slots: ['side'], title: 'Tea', body: 'Five percent off' },
      ],
    },
  ],
};

/** A catalog with three problems: a wrong type, an empty title and a script link. */
export const BAD = `{ "schema": 1, "version": "tools-bad", "campaigns": [
  { "id": "c", "priority": "high", "offers": [{ "id": "o", "slots": ["hero"], "title": "T" }] }
] }`;

/** A catalog with two rule problems, found after parsing. */
export const BAD_RULES = `{ "schema": 1, "version": "tools-bad", "campaigns": [
  { "id": "c", "offers": [{ "id": "o", "slots": ["hero"], "title": "", "link": "javascript:alert(1)" }] }
] }`;
