// `vitrine/collector` (shell/src/collector/) on Node: it accepts every report vector the SDK
// writes (tests/vectors/measurement-reports.json) and turns each into one row per bit; it
// refuses what is not a report with a reason; its request handler reads only the method and the
// body (no header, so no cookie or address), answers 204, 400, 405 or 413, and stores nothing it
// refused; docs/report.schema.json agrees with it on every case the schema can express.
// tests/tools/aggregate-sql.test.mjs checks it against `vitrine aggregate` on 6,000 reports.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import Ajv2020 from 'ajv/dist/2020.js';
import { buildShell, repo, shellOut } from './support.mjs';

buildShell();
const { acceptReport, collector } = await import(`${shellOut}/collector/index.js`);
const vectors = JSON.parse(readFileSync(`${repo}/tests/vectors/measurement-reports.json`, 'utf8'));
const schema = JSON.parse(readFileSync(`${repo}/docs/report.schema.json`, 'utf8'));
const validate = new Ajv2020({ strict: true, allErrors: true }).compile(schema);

const V2 = vectors.map((v) => v.json).find((json) => json.includes('"answers"') && json.includes('"bits":{"'));

test('every report the SDK writes is accepted, as one row per bit', () => {
  for (const { json } of vectors) {
    const accepted = acceptReport(json);
    assert.ok(accepted.ok, `${json}: ${accepted.reason}`);
    assert.ok(validate(JSON.parse(json)), JSON.stringify(validate.errors));
    const report = JSON.parse(json);
    const bits = [report.bits, report.answers ?? {}].flatMap((m) => Object.values(m).flatMap(Object.values));
    assert.equal(accepted.rows.length, bits.length);
  }
  const { rows } = acceptReport(V2);
  assert.deepEqual(rows[0], {
    day: '2026-11-25', catalog: '2026-11-24.1', pairs: 16, epsilon: 2, bits: 6,
    kind: 'offer', id: 'kettle-recall-notice', key: 'click', bit: 0,
  });
  assert.deepEqual(rows.filter((r) => r.kind === 'answer').map((r) => [r.id, r.key, r.bit]), [
    ['help', 'down', 1], ['help', 'up', 0], ['nps-2026', 'detractor', 0], ['ç', '1', 1], ['ç', '5', 1],
  ]);
});

test('what is not a report is refused with the reason; the schema refuses what it can express', () => {
  const cases = [
    ['not json', /not JSON/, false],
    ['[1]', /must be an object/, false],
    [V2.replace('"v":2', '"device":"d-1","v":2'), /unknown field `device`/, false],
    [V2.replace(',"pairs":16', ''), /missing field `pairs`/, false],
    [V2.replace('"v":2', '"v":3'), /version 3 is not supported/, false],
    [V2.replace('2026-11-25', '2026-02-30'), /`day` must be a date/, true],
    [V2.replace('sampled-rr', 'oue'), /`mechanism`/, false],
    [V2.replace('"epsilon":2.0', '"epsilon":11.0'), /epsilon must be in/, false],
    [V2.replace('"pairs":16', '"pairs":80001'), /`pairs` 80001/, false],
    [V2.replace('"click":false', '"clicks":false'), /must be a metric/, false],
    [V2.replace('"down":true', '"great":true'), /must be an answer bucket/, false],
    [V2.replace('"down":true', '"4":true'), /must be an answer bucket of its scale/, true],
    [V2.replace('"v":2', '"v":1').replace('"pairs":16', '"pairs":15'), /version 1 has no `answers`/, false],
    [V2.replace('"kettle-recall-notice"', `"${'k'.repeat(129)}"`), /needs an id of 1 to 128 bytes/, false],
    [V2.replace('"kettle-recall-notice"', `"${'é'.repeat(65)}"`), /needs an id of 1 to 128 bytes/, true],
    [V2.replace('"pairs":16', '"pairs":5'), /it has 6 bits; a report has 1 to 5/, true],
    [V2.replace('"epsilon":2.0', '"epsilon":2'), /byte for byte/, true],
    [V2.replace('"help"', '"\\ud800"'), /needs an id of 1 to 128 bytes/, true],
    [V2.replace(':{"kettle-recall-notice"', ': {"kettle-recall-notice"'), /byte for byte/, true],
  ];
  for (const [body, reason, schemaAccepts] of cases) {
    const accepted = acceptReport(body);
    assert.equal(accepted.ok, false, body);
    assert.match(accepted.reason, reason, body);
    let parsed;
    try {
      parsed = JSON.parse(body);
    } catch {
      continue;
    }
    assert.equal(validate(parsed), schemaAccepts, `${body}: the schema ${schemaAccepts ? 'accepts' : 'refuses'} it`);
  }
});

/** A request whose every property but the method and the body throws when read. */
function request(method, body) {
  const real = new Request('http://collector.test/reports', { method, body, headers: { cookie: 'secret=1', 'x-forwarded-for': '203.0.113.9' } });
  return new Proxy(real, {
    get(target, property) {
      if (property !== 'method' && property !== 'body') throw new Error(`the collector read request.${String(property)}`);
      return target[property];
    },
  });
}

test('the handler stores a valid report and answers 204; it reads only the method and the body', async () => {
  const stored = [];
  const handle = collector({ store: (rows, report) => void stored.push({ rows, report }) });
  const ok = await handle(request('POST', V2));
  assert.equal(ok.status, 204);
  assert.equal(stored.length, 1);
  assert.equal(stored[0].report.catalog, '2026-11-24.1');
  assert.equal(stored[0].rows.length, 6);

  const refused = await handle(request('POST', V2.replace('sampled-rr', 'oue')));
  assert.equal(refused.status, 400);
  assert.match(await refused.text(), /mechanism/);
  assert.equal((await handle(request('GET'))).status, 405);
  assert.equal((await handle(request('POST', new Uint8Array([0xff, 0xfe])))).status, 400);
  const bom = new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode(V2)]);
  assert.equal((await handle(request('POST', bom))).status, 400, 'a byte-order mark is not what devices send');
  const small = collector({ store: () => assert.fail('nothing too large is stored'), maxBytes: 100 });
  assert.equal((await small(request('POST', V2))).status, 413);
  assert.equal(stored.length, 1, 'nothing refused was stored');

  const failing = collector({ store: async () => Promise.reject(new Error('disk full')) });
  await assert.rejects(failing(request('POST', V2)), /disk full/, 'a store failure reaches the runtime (500)');
  assert.throws(() => collector({}), /`store` must be a function/);
});
