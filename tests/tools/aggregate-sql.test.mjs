// sql/aggregate.sql on DuckDB and on ClickHouse (chdb, its local mode, installed by scripts/setup
// into target/venv) against the native `vitrine aggregate --json`, on the same
// reports: 6,000 generated ones from three catalog editions (offers only, version 1; offers with
// an NPS and a thumbs survey, and offers with a CSAT survey, version 2), 1, 2, 3 or 5 bits, three
// epsilons; plus lines both refuse and lines only `vitrine/collector` refuses (valid JSON not
// written as devices write it). The collector's rows of the accepted reports, read by either
// engine, give every estimate, standard error, interval and survey score of the Rust estimator.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { DuckDBInstance } from '@duckdb/node-api';
import { random } from '../../bench/workload/random.js';
import { buildShell, shellOut } from '../shell/support.mjs';
import { native, repo, scratch, write } from './support.mjs';

buildShell();
const { acceptReport } = await import(join(shellOut, 'collector/index.js'));
const { reportJson } = await import(join(shellOut, 'measurement/report.js'));
const SQL = readFileSync(join(repo, 'sql/aggregate.sql'), 'utf8');

const BUCKETS = { nps: ['detractor', 'passive', 'promoter'], csat: ['1', '2', '3', '4', '5'], thumbs: ['down', 'up'] };
/** Three catalog editions: offer ids and surveys (id, scale). */
const EDITIONS = [
  { catalog: '2026-w47', offers: ['coffee-20', 'tea-10', 'cake-5', 'mug-2', 'é-x'], surveys: [] },
  { catalog: '2026-w48', offers: ['coffee-20', 'tea-10', 'kettle-care'], surveys: [['nps-2026', 'nps'], ['help', 'thumbs']] },
  { catalog: '2026-w49', offers: ['coffee-20', 'recall'], surveys: [['delivery', 'csat']] },
];

/** The (kind, id, key) of each of an edition's pairs, in the core's order. */
function pairsOf({ offers, surveys }) {
  const metrics = offers.flatMap((offer) => [0, 1, 2].map((metric) => ['offer', offer, metric]));
  const answers = surveys.flatMap(([survey, scale]) => BUCKETS[scale].map((bucket) => ['answer', survey, bucket]));
  return [...metrics, ...answers];
}

/** `count` canonical report lines, each drawn as a device would (truths of varying rates). */
function reports(count) {
  const next = random(14).unit;
  const lines = [];
  for (let i = 0; i < count; i++) {
    const edition = EDITIONS[Math.floor(next() * EDITIONS.length)];
    const pairs = pairsOf(edition);
    const k = next() < 0.7 ? 1 : [2, 3, 5][Math.floor(next() * 3)];
    const epsilon = [1, 0.5, 2][i % 3];
    const drawn = { bits: [], answers: [] };
    const picked = new Set();
    while (picked.size < k) picked.add(Math.floor(next() * pairs.length));
    for (const at of [...picked].sort((a, b) => a - b)) {
      const [kind, id, key] = pairs[at];
      const bit = next() < 0.2 + 0.6 * (at / pairs.length);
      if (kind === 'offer') drawn.bits.push([id, key, bit]);
      else drawn.answers.push([id, key, bit]);
    }
    const day = 20_780 + (i % 3);
    const v = edition.surveys.length > 0 ? 2 : 1;
    lines.push(reportJson({ v, day, epsilon, catalog: edition.catalog, pairs: pairs.length, ...drawn }));
  }
  return lines;
}

const LINES = reports(6_000);
const GOOD = LINES[0];
/** Lines both the Rust estimator and the collector refuse. */
const INVALID = [
  'not json',
  GOOD.replace('"v":', '"device":"d-1","v":'),
  GOOD.replace(/"v":\d/, '"v":3'),
  GOOD.replace('"mechanism":"sampled-rr"', '"mechanism":"oue"'),
  GOOD.replace('"epsilon":1.0', '"epsilon":0.0'),
  LINES.find((l) => l.includes('"answers"')).replace(/"answers":\{"[^"]+":\{"[^"]+"/, '"answers":{"nps-2026":{"great"'),
  LINES.find((l) => l.startsWith('{"v":1')).replace('}}}', '}},"answers":{"s":{"up":true}}}'),
  // A lone surrogate in an id: JSON.stringify writes it back as is, serde refuses it.
  GOOD.replace('"catalog":"2026-w', '"catalog":"\\ud800-w'),
];
/** Lines the Rust estimator accepts but no device writes: the collector refuses them. */
const NOT_CANONICAL = [GOOD.replace(',"day"', ', "day"'), GOOD.replace('"epsilon":1.0', '"epsilon":1')];

test('the collector accepts exactly the reports devices write, which vitrine aggregate accepts too', () => {
  const dir = scratch();
  const all = [...LINES, ...INVALID, ...NOT_CANONICAL];
  const path = write(dir, 'reports.jsonl', `${all.join('\n')}\n`);
  const out = native(['aggregate', '--json', path]);
  assert.equal(out.code, 0, out.stderr);
  const rust = JSON.parse(out.stdout);
  const refusedByRust = rust.errors.map((e) => e.line);
  const refusedByCollector = all.flatMap((line, i) => (acceptReport(line).ok ? [] : [i + 1]));
  const invalid = INVALID.map((_, i) => LINES.length + i + 1);
  const notCanonical = NOT_CANONICAL.map((_, i) => LINES.length + INVALID.length + i + 1);
  assert.deepEqual(refusedByRust, invalid);
  assert.deepEqual(refusedByCollector, [...invalid, ...notCanonical]);
  assert.match(acceptReport(NOT_CANONICAL[0]).reason, /byte for byte/);
});

/** The stored rows of the accepted reports, and `vitrine aggregate --json`'s estimates of them. */
function fixture() {
  const dir = scratch();
  const reportsFile = write(dir, 'reports.jsonl', `${LINES.join('\n')}\n`);
  const rows = LINES.flatMap((line) => acceptReport(line).rows);
  const rowsFile = write(dir, 'rows.jsonl', `${rows.map((r) => JSON.stringify(r)).join('\n')}\n`);
  const out = native(['aggregate', '--json', reportsFile]);
  assert.equal(out.code, 0, out.stderr);
  const rust = JSON.parse(out.stdout);
  assert.equal(rust.reports, LINES.length);
  assert.equal(rust.scores.length, 3, 'NPS, thumbs and CSAT');
  return { rowsFile, rust };
}

/** Checks one engine's result rows against the Rust estimates, to a relative 1e-9. */
function assertSame(result, rust) {
  const expected = [
    ...rust.rows.map((r) => ['offer', r.offer, '', r.metric, r]),
    ...rust.answers.map((r) => ['answer', r.survey, r.scale, r.bucket, r]),
    ...rust.scores.map((r) => ['score', r.survey, r.scale, '', { ...r, estimate: r.value }]),
  ];
  const close = (a, b, what) => assert.ok(Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(b)), `${what}: SQL ${a}, Rust ${b}`);
  assert.equal(result.length, expected.length);
  for (const [kind, id, scale, key, r] of expected) {
    const row = result.find((s) => s.kind === kind && s.id === id && s.scale === scale && s.key === key);
    assert.ok(row, `no SQL row for ${kind} ${id} ${scale} ${key}`);
    for (const field of ['estimate', 'std_error', 'ci_low', 'ci_high']) close(Number(row[field]), r[field], `${kind} ${id} ${key} ${field}`);
    assert.equal(Number(row.reports), r.reports, `${kind} ${id} ${key} reports`);
    if (kind === 'score') close(Number(row.respondents), r.respondents, `${id} respondents`);
  }
}

test('sql/aggregate.sql on DuckDB gives the estimates of vitrine aggregate', async () => {
  const { rowsFile, rust } = fixture();
  const db = await DuckDBInstance.create(':memory:');
  const connection = await db.connect();
  const columns = `{day: 'VARCHAR', catalog: 'VARCHAR', pairs: 'INTEGER', epsilon: 'DOUBLE', bits: 'INTEGER', kind: 'VARCHAR', id: 'VARCHAR', key: 'VARCHAR', bit: 'INTEGER'}`;
  await connection.run(`CREATE TABLE report_bits AS SELECT * FROM read_json('${rowsFile}', columns = ${columns})`);
  const sql = (await connection.runAndReadAll(SQL)).getRowObjectsJson();
  // The documented one-line change: the same query straight from the stored rows.
  const fromFile = SQL.replace('FROM report_bits', `FROM read_json('${rowsFile}', columns = ${columns})`);
  assert.notEqual(fromFile, SQL);
  const direct = (await connection.runAndReadAll(fromFile)).getRowObjectsJson();
  connection.closeSync();
  // DuckDB sums in parallel, so two runs may differ in the last bits too.
  assertSame(sql, rust);
  assertSame(direct, rust);
});

test("sql/aggregate.sql on ClickHouse (chdb, its local mode) gives the same estimates", () => {
  const { rowsFile, rust } = fixture();
  // The one-line change for ClickHouse: its `file` table function reads the stored rows.
  const columns = 'day String, catalog String, pairs Int64, epsilon Float64, bits Int64, kind String, id String, key String, bit Int64';
  const query = SQL.replace('FROM report_bits', `FROM file('${rowsFile}', 'JSONEachRow', '${columns}')`);
  const python = join(repo, 'target/venv/bin/python');
  const script = 'import chdb, sys; sys.stdout.write(chdb.query(sys.stdin.read(), "JSONEachRow").bytes().decode())';
  const out = execFileSync(python, ['-c', script], { input: query, encoding: 'utf8', maxBuffer: 1 << 26 });
  const result = out.trim().split('\n').map((line) => JSON.parse(line));
  assertSame(result, rust);
});
