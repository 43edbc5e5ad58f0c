// The package inside a shop's JS test runner (issue #12): tests/fixtures/vitest/ is a Vitest 4
// suite written as the package README says (jsdom, happy-dom and node environments, no setup
// file). The packed package (npm pack, as a shop installs it) goes into the fixture's
// node_modules/vitrine; Vitest, jsdom and happy-dom are the repository's dev dependencies.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { repo } from './harness.mjs';

const fixture = resolve(repo, 'tests/fixtures/vitest');

test('a Vitest suite renders banners under jsdom and happy-dom, and gets no_window under node', { timeout: 180_000 }, () => {
  const scratch = mkdtempSync(join(tmpdir(), 'vitrine-vitest-'));
  const installed = join(fixture, 'node_modules/vitrine');
  try {
    const [{ filename }] = JSON.parse(execFileSync('npm', ['pack', '--json', '--pack-destination', scratch, resolve(repo, 'pkg')], { encoding: 'utf8' }));
    rmSync(installed, { recursive: true, force: true });
    mkdirSync(installed, { recursive: true });
    execFileSync('tar', ['-xzf', join(scratch, filename), '-C', installed, '--strip-components=1']);
    const out = execFileSync(resolve(repo, 'node_modules/.bin/vitest'), ['run', '--root', fixture, '--reporter', 'verbose'], {
      cwd: fixture,
      encoding: 'utf8',
      env: { ...process.env, NO_COLOR: '1', CI: '1' },
    });
    for (const name of ['jsdom:', 'happy-dom:', 'node (no DOM):']) assert.match(out, new RegExp(`✓ .*${name.replace(/[()]/g, '\\$&')}`), out);
    assert.match(out, /Tests +3 passed \(3\)/, out);
  } catch (error) {
    assert.fail(`vitest failed:\n${error.stdout ?? ''}${error.stderr ?? ''}${error.stdout === undefined ? error : ''}`);
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
});
