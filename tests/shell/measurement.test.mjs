// shell/src/measurement/ on Node, without a browser: the report's JSON against the
// cross-language vectors (tests/vectors/measurement-reports.json: the bytes `Meter.measure`
// answers and the JSON the core's `Report::to_json` writes for the same report, pinned by
// wasm-measurement/src/tests.rs), Rust's float printing, the ledger reader of `exportData`, and
// the entry's code table against errors.ts. The end-to-end behaviour (consent, storage, sending)
// is tests/e2e/measurement.test.mjs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { buildShell, repo, shellOut } from './support.mjs';

buildShell();
const { readAnswer, readLedger } = await import(`${shellOut}/measurement/wire.js`);
const { reportJson, rustNumber } = await import(`${shellOut}/measurement/report.js`);
const { MEASURE_CODES } = await import(`${shellOut}/measurement/codes.js`);
const { CODES } = await import(`${shellOut}/errors.js`);
const vectors = JSON.parse(readFileSync(`${repo}/tests/vectors/measurement-reports.json`, 'utf8'));

test('every report vector is written byte for byte as the core writes it', () => {
  assert.ok(vectors.length >= 12);
  assert.ok(vectors.some(({ json }) => json.includes('"answers":{')), 'version 2 reports with answers');
  for (const { answer, json } of vectors) {
    const read = readAnswer(Buffer.from(answer, 'hex'));
    assert.equal(read.code, 0);
    assert.deepEqual([...read.ledger], []);
    assert.equal(reportJson(read.report), json);
  }
});

test("floats are printed as Rust's JSON prints them", () => {
  const cases = [
    [1, '1.0'],
    [10, '10.0'],
    [0.5, '0.5'],
    [0.1, '0.1'],
    [0.30000000000000004, '0.30000000000000004'],
    [1e-5, '0.00001'],
    [9.5e-6, '9.5e-6'],
    [1e-6, '1e-6'],
    [1e-7, '1e-7'],
    [1.25, '1.25'],
  ];
  for (const [x, text] of cases) assert.equal(rustNumber(x), text, String(x));
});

test('answers that do not parse throw; an answer without report has none', () => {
  assert.throws(() => readAnswer(new Uint8Array([0, 5, 1])), RangeError);
  assert.throws(() => readAnswer(new Uint8Array([0, 0, 0, 9])), RangeError, 'bytes after the answer');
  assert.throws(() => readAnswer(new Uint8Array([0, 0, 2])), RangeError, 'a bad bool');
  const read = readAnswer(new Uint8Array([16, 2, 7, 8, 0]));
  assert.deepEqual({ code: read.code, ledger: [...read.ledger], report: read.report }, { code: 16, ledger: [7, 8], report: undefined });
});

test('the ledger record reads as exportData shows it', () => {
  const f64 = (x) => [...new Uint8Array(new Float64Array([x]).buffer)];
  const text = (s) => [s.length, ...Buffer.from(s)];
  // "VMSR" | layout 1 | day 20_786 | [("tea", 1, 2, 300)] | epsilon 0.5 | [(20_785, 0.5)]
  const day = [0xb2, 0xa2, 0x01];
  const bytes = new Uint8Array([
    ...Buffer.from('VMSR'), 1, 0,
    ...day, 1, ...text('tea'), 1, 2, 0xac, 0x02, ...f64(0.5), 1, 0xb1, 0xa2, 0x01, ...f64(0.5),
  ]);
  const expected = {
    day: '2026-11-29',
    offers: [{ offer: 'tea', impressions: 1, clicks: 2, conversions: 300 }],
    answers: [],
    epsilonPerDay: 0.5,
    spent: [{ day: '2026-11-28', epsilon: 0.5 }],
  };
  assert.deepEqual(readLedger(bytes), expected);
  assert.equal(readLedger(bytes.subarray(0, bytes.length - 1)), undefined, 'cut short');
  assert.equal(readLedger(new Uint8Array([...bytes, 0])), undefined, 'bytes after the end');
  assert.equal(readLedger(new Uint8Array([0x56, 0x4d, 0x53, 0x52, 3, 0, ...bytes.subarray(6)])), undefined, 'another layout');
  // Layout 2 lists the survey answers' buckets after the offers.
  const offersEnd = 6 + day.length + 1 + 4 + 4;
  const layout2 = new Uint8Array([
    ...Buffer.from('VMSR'), 2, 0,
    ...bytes.subarray(6, offersEnd), 1, ...text('nps-2026'), 2, ...bytes.subarray(offersEnd),
  ]);
  assert.deepEqual(readLedger(layout2), { ...expected, answers: [{ survey: 'nps-2026', bucket: 'promoter' }] }, 'bucket 2: promoter');
  layout2[offersEnd + 1 + 9] = 10;
  assert.equal(readLedger(layout2), undefined, 'no bucket 10');
});

test("the entry's error codes are errors.ts's", () => {
  const numbers = Object.keys(MEASURE_CODES).map(Number);
  assert.deepEqual(numbers.sort(), [16, 18, 19]);
  for (const n of numbers) assert.equal(MEASURE_CODES[n], CODES[n], `code ${n}`);
});
