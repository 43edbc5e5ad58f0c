// The browser bench (`make bench-browser`) in its smoke version: one round, tiny catalogs, one
// load per cold-start cell, all six parts, through the same code as the real run, so the harness
// cannot rot. Benchmarks are not timed tests: this checks that every row is there and every
// figure is a finite positive number, not how fast anything is.
import { execFileSync } from 'node:child_process';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runBrowserBench, SMOKE } from '../../scripts/bench-browser.mjs';
import { EVENT_MIX } from '../../bench/workload/events.js';
import { repo } from './harness.mjs';

test('the browser bench runs all six parts and both SDKs agree on the passing offers', async () => {
  const { rows, meta } = await runBrowserBench(SMOKE);

  const parts = {};
  for (const r of rows) (parts[r.part] ??= []).push(r);
  assert.deepEqual(Object.fromEntries(Object.entries(parts).map(([part, list]) => [part, list.length])), {
    '1. pick': SMOKE.sizes.length,
    '2. track': 1 + Object.keys(EVENT_MIX).length,
    '3. ingestion': SMOKE.sizes.length,
    '4. cold start': 4,
    '5. memory': SMOKE.memorySizes.length * 2,
    '6. size': 3,
  });
  for (const type of Object.keys(EVENT_MIX)) assert.ok(parts['2. track'].some((r) => r.label.endsWith(type)), `no track row for ${type}`);

  for (const r of rows) {
    const figures = [r.ratio, ...Object.values(r.values).flatMap((v) => [v.median, ...(v.p95 === undefined ? [] : [v.p95])])];
    assert.equal(Object.keys(r.values).length, 2, `${r.part} ${r.label}: not both SDKs`);
    for (const figure of figures) assert.ok(Number.isFinite(figure) && figure > 0, `${r.part} ${r.label}: ${figure}`);
  }
  for (const r of parts['1. pick']) assert.equal(new Set(Object.values(r.pass)).size, 1, `pass counts differ: ${JSON.stringify(r.pass)}`);
  assert.ok(meta.isolated, 'the bench page is not cross-origin isolated: its clock is coarse');
});

test('the phase trace (make bench-phases) runs on both SDKs, each visit timed to its banner', () => {
  const out = execFileSync(process.execPath, ['bench/phases.mjs', '--loads', '1', '--devices', 'desktop'], { cwd: repo, encoding: 'utf8' });
  const visits = out.split('\n\n').map((block) => block.trim()).filter((block) => block !== '');
  assert.deepEqual(visits.map((block) => block.split('\n')[0].split(' (')[0]), [
    'Vitrine, desktop, first visit', 'Vitrine, desktop, repeat visit',
    'GrowthBook, desktop, first visit', 'GrowthBook, desktop, repeat visit',
  ]);
  for (const block of visits) {
    const steps = block.split('\n').slice(1).map((line) => line.trim().split(/\s+/));
    assert.ok(steps.every(([ms]) => Number.isFinite(Number(ms))), block);
    assert.ok(steps.some(([, name]) => name === 'banner'), `no banner step:\n${block}`);
  }
  assert.match(out, /idb open start/, 'Vitrine opens IndexedDB');
});
