// `make bench-aggregate` (issue #15): how fast reports are aggregated at scale on this machine.
//
//   node scripts/bench-aggregate.mjs [--reports 10000000] [--repeat 10] [--rows 10000000,100000000]
//
// 1. `vitrine aggregate` (the native CLI, release build) streaming: --reports generated reports
//    from a file (one catalog of 100 offers, 300 pairs, one bit each, epsilon 1, 30 days), then
//    the same file --repeat times through a pipe (--reports x --repeat reports), with the
//    process's peak memory: the estimator keeps sums per offer, not reports.
// 2. sql/aggregate.sql on DuckDB (the embedded engine the tests use) for each --rows count of
//    report rows, generated in DuckDB and stored as Parquet (the storage docs/collector.md
//    recommends), the query reading the Parquet file.
// Prints a table for BENCHMARKS.md ("Aggregating at scale"). Temporary files go to the system's
// temp directory and are removed.
import { execFileSync, spawn } from 'node:child_process';
import { createWriteStream, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir, cpus, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { DuckDBInstance } from '@duckdb/node-api';
import { random } from '../bench/workload/random.js';

const repo = resolve(fileURLToPath(import.meta.url), '../..');
const { values } = parseArgs({
  options: {
    reports: { type: 'string', default: '10000000' },
    repeat: { type: 'string', default: '10' },
    rows: { type: 'string', default: '10000000,100000000' },
  },
});
const REPORTS = Number(values.reports);
const REPEAT = Number(values.repeat);
const ROWS = values.rows.split(',').map(Number);
const OFFERS = 100;
const dir = mkdtempSync(join(tmpdir(), 'vitrine-bench-aggregate-'));
const seconds = (start) => (performance.now() - start) / 1000;
const rate = (n, s) => `${Math.round(n / s).toLocaleString('en-US')} /s`;

/** Writes `count` reports as the SDK writes them (one bit each) to `path`. */
async function writeReports(path, count) {
  const rng = random(15);
  const metrics = ['impression', 'click', 'conversion'];
  const out = createWriteStream(path);
  let chunk = '';
  for (let i = 0; i < count; i++) {
    const pair = rng.below(3 * OFFERS);
    const day = new Date(Date.UTC(2026, 10, 1 + (i % 30))).toISOString().slice(0, 10);
    const bit = rng.chance(30);
    chunk += `{"v":1,"day":"${day}","mechanism":"sampled-rr","epsilon":1.0,"catalog":"bench-1","pairs":${3 * OFFERS},"bits":{"offer-${Math.floor(pair / 3)}":{"${metrics[pair % 3]}":${bit}}}}\n`;
    if (chunk.length > 1 << 20) {
      if (!out.write(chunk)) await new Promise((ok) => out.once('drain', ok));
      chunk = '';
    }
  }
  out.end(chunk);
  await new Promise((ok, fail) => out.on('finish', ok).on('error', fail));
}

/** Runs `vitrine aggregate --json -` on `times` copies of `path` through a pipe: seconds and peak RSS (KiB). */
function aggregate(bin, path, times) {
  return new Promise((ok, fail) => {
    const script = `for i in $(seq ${times}); do cat '${path}'; done | /usr/bin/time -f '%M' '${bin}' aggregate --json - > /dev/null`;
    const start = performance.now();
    const child = spawn('bash', ['-c', script], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', fail);
    child.on('close', (code) => {
      if (code !== 0) return fail(new Error(`aggregate failed (${code}): ${stderr}`));
      ok({ seconds: seconds(start), peakKiB: Number(stderr.trim().split('\n').pop()) });
    });
  });
}

execFileSync('bash', ['-c', '. scripts/toolchain.sh && cargo build --quiet --release --features cli'], { cwd: repo, stdio: 'inherit' });
const targetDir = process.env.CARGO_TARGET_DIR ?? join(repo, 'target');
const bin = join(targetDir, 'release/vitrine');
const rows = [];
try {
  const file = join(dir, 'reports.jsonl');
  let start = performance.now();
  await writeReports(file, REPORTS);
  const bytes = statSync(file).size;
  console.error(`wrote ${REPORTS} reports (${(bytes / 1e9).toFixed(2)} GB) in ${seconds(start).toFixed(1)} s`);
  for (const times of [1, REPEAT]) {
    const n = REPORTS * times;
    const { seconds: s, peakKiB } = await aggregate(bin, file, times);
    rows.push([`vitrine aggregate, ${n.toLocaleString('en-US')} reports (${((bytes * times) / 1e9).toFixed(1)} GB of JSON lines through a pipe)`, `${s.toFixed(1)} s`, rate(n, s), `${(peakKiB / 1024).toFixed(1)} MiB`]);
    console.error(rows.at(-1).join(' | '));
  }
  rmSync(file);

  const sql = readFileSync(join(repo, 'sql/aggregate.sql'), 'utf8');
  for (const n of ROWS) {
    const db = await DuckDBInstance.create(':memory:');
    const connection = await db.connect();
    const parquet = join(dir, `rows-${n}.parquet`);
    start = performance.now();
    // One row per report (one bit each): the rows the collector stores, generated in DuckDB.
    await connection.run(`COPY (
      SELECT strftime(DATE '2026-11-01' + CAST(i % 30 AS INTEGER), '%Y-%m-%d') AS day, 'bench-1' AS catalog,
             ${3 * OFFERS} AS pairs, 1.0 AS epsilon, 1 AS bits, 'offer' AS kind,
             'offer-' || CAST(hash(i) % ${OFFERS} AS VARCHAR) AS id,
             ['impression', 'click', 'conversion'][CAST(hash(i + 1) % 3 AS INTEGER) + 1] AS key,
             CAST(hash(i + 2) % 10 < 3 AS INTEGER) AS bit
      FROM range(${n}) AS t(i)
    ) TO '${parquet}' (FORMAT parquet)`);
    const written = seconds(start);
    const size = statSync(parquet).size;
    const query = sql.replace('FROM report_bits', `FROM read_parquet('${parquet}')`);
    let best = Infinity;
    let results = 0;
    for (let round = 0; round < 3; round++) {
      start = performance.now();
      results = (await connection.runAndReadAll(query)).getRows().length;
      best = Math.min(best, seconds(start));
    }
    rows.push([`sql/aggregate.sql on DuckDB, ${n.toLocaleString('en-US')} rows (Parquet, ${(size / 1e9).toFixed(2)} GB; written in ${written.toFixed(0)} s)`, `${best.toFixed(1)} s`, rate(n, best), `${results} estimates`]);
    console.error(rows.at(-1).join(' | '));
    connection.closeSync();
    rmSync(parquet);
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}

const cpu = cpus()[0]?.model ?? 'unknown CPU';
console.log(`Run of ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC, ${cpus().length} × ${cpu}, ${Math.round(totalmem() / 2 ** 30)} GiB`);
console.log('');
console.log('| what | time | rate | memory / result |');
console.log('|---|---:|---:|---:|');
for (const row of rows) console.log(`| ${row.join(' | ')} |`);
