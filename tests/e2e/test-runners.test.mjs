// The package inside a shop's JS test runners (issue #12), configured as the package README
// says: tests/fixtures/vitest/ (Vitest 4: jsdom, happy-dom and node environments, no setup file)
// and tests/fixtures/jest/ (Jest 30, ESM, jsdom, with the README's config and setup file). The
// packed package (npm pack, as a shop installs it) goes into each fixture's node_modules/vitrine;
// the runners and DOMs are the repository's dev dependencies.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { installPackage, packPackage, repo } from './harness.mjs';

const fixtures = resolve(repo, 'tests/fixtures');
let scratch, tarball;

before(() => {
  scratch = mkdtempSync(join(tmpdir(), 'vitrine-runners-'));
  tarball = packPackage(scratch);
});

after(() => scratch && rmSync(scratch, { recursive: true, force: true }));

/** Installs the packed package into `fixture`'s node_modules/vitrine. */
const install = (fixture) => installPackage(tarball, fixture);

/** Runs a test runner; its whole output on failure. */
function run(args, cwd, env = {}) {
  try {
    return execFileSync(process.execPath, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NO_COLOR: '1', CI: '1', ...env } });
  } catch (error) {
    assert.fail(`${args.join(' ')} failed:\n${error.stdout ?? ''}${error.stderr ?? error}`);
  }
}

test('a Vitest suite renders banners under jsdom and happy-dom, and gets no_window under node', { timeout: 180_000 }, () => {
  const fixture = join(fixtures, 'vitest');
  install(fixture);
  const out = run([resolve(repo, 'node_modules/vitest/vitest.mjs'), 'run', '--root', fixture, '--reporter', 'verbose'], fixture);
  for (const name of ['jsdom:', 'happy-dom:', 'node \\(no DOM\\):']) assert.match(out, new RegExp(`✓ .*${name}`), out);
  assert.match(out, /Tests +3 passed \(3\)/, out);
});

test('a Jest suite (ESM, jsdom) renders a banner with the README configuration', { timeout: 180_000 }, () => {
  const fixture = join(fixtures, 'jest');
  install(fixture);
  // Jest writes its report to stderr.
  const jest = spawnSync(process.execPath, ['--experimental-vm-modules', resolve(repo, 'node_modules/jest/bin/jest.js'), '--ci', '--rootDir', fixture], {
    cwd: fixture, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' },
  });
  const out = `${jest.stdout}${jest.stderr}`;
  assert.equal(jest.status, 0, out);
  assert.match(out, /✓ jest \(jsdom\): a banner is rendered/, out);
  assert.match(out, /Tests: +1 passed, 1 total/, out);
});
