// `vitrine/measurement` (pkg/measurement.js) in headless Chromium, against a real HTTP server: the
// demo shop's signed catalog (www/catalog.bin), the package, a bare page, and a `/reports`
// collector that records every request it receives (method, path, headers, body).
//
// A day's events are counted into the ledger (the `ledger` record of IndexedDB's `meta` store,
// bytes the wasm writes); the next day's start sends exactly one report, which the collector
// receives over HTTP without cookie, Referer or device id, byte for byte the JSON the core's
// `Report::to_json` writes; a second start that day sends nothing more. Nothing is stored or sent
// without both consents or with Global Privacy Control; withdrawing consent and `forget()`
// delete the ledger; bad options are refused with `measurement_config_invalid`.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import sirv from 'sirv';
import { repo, launchBrowser } from './harness.mjs';
import { installTrap } from './trap.mjs';

const CATALOG = readFileSync(resolve(repo, 'www/catalog.bin'));
const { publicKeys } = JSON.parse(readFileSync(resolve(repo, 'www/vitrine-keys.json'), 'utf8'));
const DEMO = JSON.parse(readFileSync(resolve(repo, 'www/catalog.json'), 'utf8'));
const OFFERS = DEMO.campaigns.flatMap((c) => c.offers.map((o) => o.id));
/** The demo's surveys (one NPS question) by id: their answer buckets' pairs follow the offers'. */
const SURVEYS = new Map(DEMO.campaigns.flatMap((c) => c.offers.flatMap((o) => (o.survey ? [[o.survey.id, o.survey.scale]] : []))));
const BUCKETS = { nps: 3, csat: 5, thumbs: 2 };
const PAIRS = 3 * OFFERS.length + [...SURVEYS.values()].reduce((sum, scale) => sum + BUCKETS[scale], 0);
/** Sunday 2026-11-29 10:00 in the catalog's time zone (UTC+1), and the next day. */
const DAY_1 = Date.UTC(2026, 10, 29, 9);
const DAY_2 = DAY_1 + 86_400_000;
const GRANTED = { personalization: 'granted', measurement: 'granted' };

const PAGE = `<!doctype html><meta charset="utf-8"><link rel="icon" href="data:,">
<div data-vitrine-slot="home-hero"><p>Our own hero</p></div>
<script type="module">
  import { Vitrine } from '/pkg/index.js';
  import { measurement } from '/pkg/measurement.js';
  window.measurement = measurement;
  /** Starts Vitrine at \`at\` and, unless \`measure\` is null, measurement with \`measure\`. */
  window.start = async ({ at, consent, database, storage, publicKeys, measure = { endpoint: '/reports' } }) => {
    const errors = (window.errors = []);
    window.vitrine = await Vitrine.init({
      catalogUrl: '/catalog.bin', publicKeys, consent, database, storage,
      clock: () => at, onError: (e) => errors.push(e.code),
    });
    window.meter = measure === null ? null : await measurement(window.vitrine, measure);
    return errors;
  };
  /** What a call rejects with, as plain data. */
  window.outcome = async (fn) => {
    try {
      return { value: await fn() };
    } catch (e) {
      return { error: { code: e.code, name: e.name, message: e.message } };
    }
  };
  /** The stored ledger record's bytes (IndexedDB \`meta\`, key \`ledger\`), or null. */
  window.storedLedger = (database) =>
    new Promise((ok, fail) => {
      const open = indexedDB.open(database);
      open.onerror = () => fail(open.error);
      open.onsuccess = () => {
        const db = open.result;
        if (!db.objectStoreNames.contains('meta')) return db.close(), ok(null);
        const get = db.transaction('meta').objectStore('meta').get('ledger');
        get.onsuccess = () => (db.close(), ok(get.result === undefined ? null : Array.from(get.result)));
        get.onerror = () => (db.close(), fail(get.error));
      };
    });
  /** Writes \`value\` as the ledger record (a corrupt one). */
  window.putLedger = (database, value) =>
    new Promise((ok, fail) => {
      const open = indexedDB.open(database);
      open.onsuccess = () => {
        const tx = open.result.transaction('meta', 'readwrite');
        tx.objectStore('meta').put(value, 'ledger');
        tx.oncomplete = () => (open.result.close(), ok());
        tx.onerror = () => fail(tx.error);
      };
    });
  window.ready = true;
</script>`;

/** What the collector received. */
const reports = [];
let server, url, browser;

before(async () => {
  const pkg = sirv(resolve(repo, 'pkg'), { dev: true });
  server = createServer((req, res) => {
    const path = req.url.split('?')[0];
    if (path.startsWith('/pkg/')) {
      req.url = req.url.slice(4);
      return pkg(req, res, () => ((res.statusCode = 404), res.end()));
    }
    if (path === '/catalog.bin') {
      res.setHeader('Content-Type', 'application/octet-stream');
      return res.end(CATALOG);
    }
    if (path.startsWith('/reports')) {
      const chunks = [];
      req.on('data', (c) => chunks.push(c));
      req.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8');
        reports.push({ method: req.method, path: req.url, headers: { ...req.headers }, body });
        res.statusCode = 204;
        res.end();
      });
      return;
    }
    res.setHeader('Content-Type', 'text/html');
    res.end(PAGE);
  });
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
  url = `http://127.0.0.1:${server.address().port}`;
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  server?.closeAllConnections();
  await new Promise((ok) => server?.close(ok) ?? ok());
});

let databases = 0;
/** A database name of its own for each test shopper. */
const database = (name) => `measurement-${name}-${++databases}`;

/** A new tab with its own storage, and `visit(options)` to load the page and start. */
async function shopper(init = {}) {
  const context = await browser.newContext();
  if (init.draw) {
    // The measurement's 32 random bytes (the only 32-byte draw on the page), fixed.
    await context.addInitScript((bytes) => {
      const real = crypto.getRandomValues.bind(crypto);
      crypto.getRandomValues = (array) => (array.length === 32 ? (array.set(bytes), array) : real(array));
    }, init.draw);
  }
  if (init.cookie) await context.addCookies([{ name: 'shop_session', value: 'shopper-secret', url }]);
  if (init.globalPrivacyControl) {
    await context.addInitScript(() => Object.defineProperty(Navigator.prototype, 'globalPrivacyControl', { get: () => true }));
  }
  const page = await context.newPage();
  page.errors = [];
  page.on('pageerror', (e) => page.errors.push(e.message));
  const visit = async (options) => {
    await page.goto(`${url}/shop?q=secret-search`);
    await page.waitForFunction(() => window.ready);
    return page.evaluate((o) => window.start(o), { publicKeys, ...options });
  };
  return { context, page, visit };
}

/** Day 1's shopping: impressions and a click on one offer, an impression on another and on an unknown offer, a purchase. */
async function shopDay1(page) {
  await page.evaluate(async () => {
    const banner = (type, offer) => window.vitrine.track({ type, offer, slot: 'home-hero' });
    banner('impression', 'coffee-single-origin');
    banner('impression', 'coffee-single-origin');
    banner('click', 'coffee-single-origin');
    banner('impression', 'tea-afternoon-blend');
    banner('impression', 'not-in-the-catalog');
    window.vitrine.track({ type: 'purchase', items: [{ id: 'beans-1' }] });
    await window.vitrine.flush();
  });
}

/** Waits until the collector has `count` reports (or a while, for `count` 0), then returns them. */
async function received(since, count) {
  for (let i = 0; i < 50 && reports.length - since < count; i++) await new Promise((ok) => setTimeout(ok, 100));
  await new Promise((ok) => setTimeout(ok, 300));
  return reports.slice(since);
}

test('the finished day is reported once, the next day, as the collector expects it', async () => {
  const since = reports.length;
  const db = database('once');
  const { context, page, visit } = await shopper({ cookie: true });

  assert.deepEqual(await visit({ at: DAY_1, consent: GRANTED, database: db }), []);
  await shopDay1(page);
  const day1 = await page.evaluate(() => window.meter.exportData());
  assert.equal(day1.day, '2026-11-29');
  const counts = Object.fromEntries(day1.offers.map(({ offer, ...c }) => [offer, c]));
  assert.deepEqual(counts, {
    'coffee-single-origin': { impressions: 2, clicks: 1, conversions: 1 },
    'tea-afternoon-blend': { impressions: 1, clicks: 0, conversions: 0 },
  });
  assert.deepEqual({ epsilonPerDay: day1.epsilonPerDay, spent: day1.spent }, { epsilonPerDay: 1, spent: [] });
  assert.ok(await page.evaluate((d) => window.storedLedger(d), db), 'the ledger is in IndexedDB');
  const exported = await page.evaluate(() => window.vitrine.exportData());
  assert.deepEqual(exported.measurement, day1, "the instance's exportData() shows the ledger too");
  const deviceId = exported.deviceId;
  assert.deepEqual(await received(since, 0), [], 'nothing is sent while the day lasts');
  assert.match(await page.evaluate(() => document.cookie), /shop_session/, 'the page has a cookie to leak');

  assert.deepEqual(await visit({ at: DAY_2, consent: GRANTED, database: db }), []);
  const sent = await received(since, 1);
  assert.equal(sent.length, 1, 'one report for day 1');
  const [{ method, path, headers, body }] = sent;
  assert.equal(method, 'POST');
  assert.equal(path, '/reports');
  assert.equal(headers['content-type'], 'text/plain;charset=UTF-8');
  assert.equal(headers.cookie, undefined, 'no cookie');
  assert.equal(headers.referer, undefined, 'no Referer (it would carry the page URL)');
  assert.ok([undefined, 'null', url].includes(headers.origin), `Origin, if any, has no path: ${headers.origin}`);
  assert.ok(!body.includes(deviceId), 'no device id');
  assert.ok(!body.includes('secret'), 'nothing from the page URL');

  const report = JSON.parse(body);
  // The demo catalog has a survey, so reports are version 2: one bit, about an offer's metric or
  // the survey's answer bucket (`answers`, then).
  const fields = ['v', 'day', 'mechanism', 'epsilon', 'catalog', 'pairs', 'bits'];
  assert.deepEqual(Object.keys(report), report.answers ? [...fields, 'answers'] : fields, 'the fields in order');
  assert.deepEqual(
    { v: report.v, day: report.day, mechanism: report.mechanism, epsilon: report.epsilon, catalog: report.catalog, pairs: report.pairs },
    { v: 2, day: '2026-11-29', mechanism: 'sampled-rr', epsilon: 1, catalog: DEMO.version, pairs: PAIRS },
  );
  const flat = (map = {}) => Object.entries(map).flatMap(([id, keys]) => Object.entries(keys).map(([key, bit]) => ({ id, key, bit })));
  const bits = [...flat(report.bits), ...flat(report.answers)];
  assert.equal(bits.length, 1, 'one randomized bit');
  const [{ id, key, bit }] = bits;
  assert.equal(typeof bit, 'boolean');
  const one = `{${JSON.stringify(id)}:{"${key}":${bit}}}`;
  if (report.answers) {
    assert.ok(SURVEYS.get(id) === 'nps' && ['detractor', 'passive', 'promoter'].includes(key), `${id} ${key}`);
  } else {
    assert.ok(OFFERS.includes(id) && ['impression', 'click', 'conversion'].includes(key), `${id} ${key}`);
  }
  const tail = report.answers ? `{},"answers":${one}` : one;
  const rust = `{"v":2,"day":"2026-11-29","mechanism":"sampled-rr","epsilon":1.0,"catalog":${JSON.stringify(DEMO.version)},"pairs":${PAIRS},"bits":${tail}}`;
  assert.equal(body, rust, "byte for byte what the core's Report::to_json writes (vitrine aggregate reads it)");

  const day2 = await page.evaluate(() => window.meter.exportData());
  assert.deepEqual(
    { day: day2.day, offers: day2.offers, spent: day2.spent },
    { day: '2026-11-30', offers: [], spent: [{ day: '2026-11-29', epsilon: 1 }] },
    "day 1's counts are gone and its budget is spent",
  );

  assert.deepEqual(await visit({ at: DAY_2 + 3_600_000, consent: GRANTED, database: db }), []);
  await page.evaluate(() => window.vitrine.track({ type: 'impression', offer: 'welcome-10', slot: 'home-hero' }));
  assert.equal((await received(since, 2)).length, 1, 'a second page on day 2 sends nothing more');
  assert.deepEqual(await page.evaluate(() => window.errors), []);
  assert.deepEqual(page.errors, []);
  await context.close();
});

test('a survey answer is counted as its bucket and its randomized bit reported', async () => {
  // The draw that samples the last pair (the survey's `promoter` bucket: 0xff..., Lemire's
  // method) and keeps the bit truthful (then 0...).
  const draw = [...Array(8).fill(0xff), ...Array(24).fill(0)];
  const sent = [];
  for (const [score, truth] of [
    [9, true],
    [3, false],
  ]) {
    const since = reports.length;
    const db = database(`survey-${score}`);
    const { context, page, visit } = await shopper({ draw });
    assert.deepEqual(await visit({ at: DAY_1, consent: GRANTED, database: db }), []);
    await page.evaluate(async (s) => {
      window.vitrine.track({ type: 'survey_answer', survey: 'nps-2026', scale: 'nps', score: 8 });
      window.vitrine.track({ type: 'survey_answer', survey: 'nps-2026', scale: 'nps', score: s });
      window.vitrine.track({ type: 'survey_answer', survey: 'not-in-the-catalog', scale: 'nps', score: 9 });
      await window.vitrine.flush();
    }, score);
    const day1 = await page.evaluate(() => window.meter.exportData());
    const bucket = truth ? 'promoter' : 'detractor';
    assert.deepEqual(day1.answers, [{ survey: 'nps-2026', bucket }], 'the latest answer, as its bucket only');

    assert.deepEqual(await visit({ at: DAY_2, consent: GRANTED, database: db }), []);
    const [{ body }] = await received(since, 1);
    const expected = `{"v":2,"day":"2026-11-29","mechanism":"sampled-rr","epsilon":1.0,"catalog":${JSON.stringify(DEMO.version)},"pairs":${PAIRS},"bits":{},"answers":{"nps-2026":{"promoter":${truth}}}}`;
    assert.equal(body, expected);
    sent.push(body);
    assert.deepEqual((await page.evaluate(() => window.meter.exportData())).answers, [], "day 1's answer is gone");
    assert.deepEqual(page.errors, []);
    await context.close();
  }
  assert.equal(sent.length, 2);
});

test('without both consents, or with Global Privacy Control, nothing is stored or sent', async () => {
  const since = reports.length;
  const cases = [
    [{ personalization: 'granted', measurement: 'pending' }],
    [{ personalization: 'granted', measurement: 'denied' }],
    [{ personalization: 'granted' }],
    [{ personalization: 'denied', measurement: 'granted' }],
    [{ personalization: 'pending', measurement: 'granted' }],
    [GRANTED, { globalPrivacyControl: true }],
  ];
  for (const [consent, init] of cases) {
    const what = JSON.stringify({ consent, ...init });
    const db = database('consent');
    const { context, page, visit } = await shopper(init);
    await visit({ at: DAY_1, consent, database: db });
    await shopDay1(page);
    await page.evaluate(async () => {
      await window.vitrine.consent({ measurement: 'granted' });
      window.vitrine.track({ type: 'click', offer: 'coffee-single-origin', slot: 'home-hero' });
      await window.vitrine.flush();
    });
    const stored = await page.evaluate((d) => window.storedLedger(d), db);
    const exported = await page.evaluate(() => window.meter.exportData());
    await visit({ at: DAY_2, consent, database: db });
    const after = await page.evaluate((d) => window.storedLedger(d), db);
    // The only case that measures after `consent({ measurement: 'granted' })`: personalization
    // granted, measurement pending or denied at start. Its day-1 ledger has the late click.
    const grantedLater = consent.personalization === 'granted' && !init?.globalPrivacyControl;
    if (grantedLater) {
      assert.ok(stored, `${what}: counting after the grant`);
      assert.equal(exported.offers.length, 1, `${what}: only the click after the grant`);
      assert.equal(after, null, `${what}: consent withdrawn between visits deletes the ledger`);
    } else {
      assert.equal(stored, null, what);
      assert.equal(exported, null, what);
      assert.equal(after, null, what);
    }
    assert.deepEqual(page.errors, [], what);
    await context.close();
  }
  assert.deepEqual(await received(since, 0), [], 'nothing was sent');
});

test('withdrawing measurement or personalization and forget() delete the ledger', async () => {
  const since = reports.length;
  const db = database('withdraw');
  const { context, page, visit } = await shopper();
  const stored = () => page.evaluate((d) => window.storedLedger(d), db);
  await visit({ at: DAY_1, consent: GRANTED, database: db });
  await shopDay1(page);
  assert.ok(await stored());

  await page.evaluate(() => window.vitrine.consent({ measurement: 'denied' }));
  await page.evaluate(() => window.meter.exportData());
  assert.equal(await stored(), null, 'measurement withdrawn: deleted');

  await page.evaluate(async () => {
    await window.vitrine.consent({ measurement: 'granted' });
    window.vitrine.track({ type: 'impression', offer: 'coffee-single-origin', slot: 'home-hero' });
    await window.meter.exportData();
  });
  assert.ok(await stored(), 'granted again: counting');

  await page.evaluate(() => window.vitrine.forget());
  await page.evaluate(() => window.meter.exportData());
  assert.equal(await stored(), null, 'forget() erases it');
  assert.equal(await page.evaluate(() => window.meter.exportData()), null);

  await page.evaluate(async () => {
    window.vitrine.track({ type: 'impression', offer: 'coffee-single-origin', slot: 'home-hero' });
    await window.meter.exportData();
  });
  assert.ok(await stored(), 'counting goes on after forget()');
  await page.evaluate(() => window.vitrine.consent({ personalization: 'denied' }));
  await page.evaluate(() => window.meter.exportData());
  assert.equal(await stored(), null, 'personalization withdrawn: deleted with the profile');

  // Withdrawn between visits: the next start deletes the ledger and sends nothing.
  await visit({ at: DAY_1, consent: GRANTED, database: db });
  await shopDay1(page);
  await page.evaluate(() => window.meter.exportData());
  assert.ok(await stored());
  await visit({ at: DAY_2, consent: { personalization: 'granted', measurement: 'denied' }, database: db });
  assert.equal(await stored(), null);
  assert.deepEqual(await received(since, 0), []);
  assert.deepEqual(page.errors, []);
  await context.close();
});

test('a corrupt ledger is reset with storage_corrupt; memory storage keeps it for the page only; stop() stops counting', async () => {
  const db = database('corrupt');
  const { context, page, visit } = await shopper();
  await visit({ at: DAY_1, consent: GRANTED, database: db, measure: null });
  await page.evaluate((d) => window.putLedger(d, new Uint8Array([0x56, 0x4d, 0x53, 0x52, 1, 0, 0xff])), db);
  assert.deepEqual(await visit({ at: DAY_2, consent: GRANTED, database: db }), ['storage_corrupt']);
  const reset = await page.evaluate(() => window.meter.exportData());
  assert.deepEqual({ day: reset.day, offers: reset.offers }, { day: '2026-11-30', offers: [] });

  await page.evaluate((d) => window.putLedger(d, 'not bytes'), db);
  assert.deepEqual(await visit({ at: DAY_2, consent: GRANTED, database: db }), ['storage_corrupt']);

  const memory = database('memory');
  await visit({ at: DAY_1, consent: GRANTED, database: memory, storage: 'memory' });
  await shopDay1(page);
  const kept = await page.evaluate(() => window.meter.exportData());
  assert.equal(kept.offers.length, 2, 'counted in memory');
  assert.equal(await page.evaluate((d) => window.storedLedger(d), memory), null, 'nothing in IndexedDB');

  const counted = await page.evaluate(async () => {
    window.meter.stop();
    window.vitrine.track({ type: 'click', offer: 'tea-afternoon-blend', slot: 'home-hero' });
    await window.vitrine.flush();
    return (await window.meter.exportData()).offers.find((o) => o.offer === 'tea-afternoon-blend');
  });
  assert.equal(counted.clicks, 0, 'not counted after stop()');
  const exported = await page.evaluate(() => window.vitrine.exportData());
  assert.equal('measurement' in exported, false, 'stopped: the instance exports no measurement part');
  assert.deepEqual(page.errors, []);
  await context.close();
});

test('bad options, a second measurement and a destroyed instance are refused with what to fix', async () => {
  const { context, page, visit } = await shopper();
  await visit({ at: DAY_1, consent: GRANTED, database: database('options'), measure: null });
  const results = await page.evaluate(async () => {
    const { measurement } = await import('/pkg/measurement.js');
    const attempt = (options, instance = window.vitrine) => window.outcome(() => measurement(instance, options));
    const out = {};
    for (const [name, options] of Object.entries({
      ftp: { endpoint: 'ftp://x/r' },
      otherHost: { endpoint: '//other.example/r' },
      spaces: { endpoint: '/r s' },
      zero: { endpoint: '/r', epsilonPerDay: 0 },
      eleven: { endpoint: '/r', epsilonPerDay: 11 },
      text: { endpoint: '/r', epsilonPerDay: '1' },
      unknown: { endpoint: '/r', epsilon: 1 },
      empty: {},
      none: undefined,
    })) {
      out[name] = (await attempt(options)).error;
    }
    out.notAnInstance = (await attempt({ endpoint: '/r' }, {})).error;
    out.first = await attempt({ endpoint: '/r', epsilonPerDay: 0.5 });
    out.second = (await attempt({ endpoint: '/r' })).error;
    await window.vitrine.destroy();
    out.destroyed = (await attempt({ endpoint: '/r' })).error;
    return out;
  });
  const expected = {
    ftp: '`endpoint` is `ftp://x/r`',
    otherHost: '`endpoint` is `//other.example/r`',
    spaces: '`endpoint` is `/r s`',
    zero: '`epsilonPerDay` is 0; give a number above 0 and at most 10',
    eleven: '`epsilonPerDay` is 11; give a number above 0 and at most 10',
    text: '`epsilonPerDay` must be a number',
    unknown: 'unknown option `epsilon`; the options are endpoint, epsilonPerDay',
    empty: '`endpoint` is missing',
    none: 'pass an object',
  };
  for (const [name, text] of Object.entries(expected)) {
    const error = results[name];
    assert.equal(error?.code, 'measurement_config_invalid', name);
    assert.equal(error.name, 'TypeError', name);
    assert.ok(error.message.includes(text), `${name}: ${error.message}`);
  }
  assert.equal(results.notAnInstance.code, 'options_invalid');
  assert.ok(results.first.value, 'valid options start');
  assert.equal(results.second.code, 'measurement_config_invalid');
  assert.match(results.second.message, /already runs/);
  assert.equal(results.destroyed.code, 'destroyed');
  assert.deepEqual(page.errors, []);
  await context.close();
});

test('a collector that cannot be reached: measurement_send_failed, and the day is not sent twice', async () => {
  const since = reports.length;
  const db = database('unreachable');
  const { context, page, visit } = await shopper();
  assert.deepEqual(await visit({ at: DAY_1, consent: GRANTED, database: db }), []);
  await shopDay1(page);
  // The collector is down (connection refused). An HTTP error status cannot be seen: reports
  // are sent in no-cors mode, so the answer is opaque (shell/src/measurement/send.ts).
  await page.route('**/reports', (route) => route.abort('connectionrefused'));
  await visit({ at: DAY_2, consent: GRANTED, database: db });
  await page.waitForFunction(() => window.errors.includes('measurement_send_failed'), null, { timeout: 5000 });
  await page.unroute('**/reports');
  assert.deepEqual(await visit({ at: DAY_2 + 3_600_000, consent: GRANTED, database: db }), []);
  assert.deepEqual(await received(since, 1), [], "not retried: the day's budget was spent on the lost report");
  const ledger = await page.evaluate(() => window.meter.exportData());
  assert.deepEqual(ledger.spent, [{ day: '2026-11-29', epsilon: 1 }]);
  assert.deepEqual(page.errors, []);
  await context.close();
});

test("the measurement module's WebAssembly failing to load is wasm_load_failed, and the next call loads it", async () => {
  const { context, page, visit } = await shopper();
  let refused = 0;
  await page.route('**/vitrine_measurement_bg.wasm', (route) => (refused++ === 0 ? route.fulfill({ status: 404, body: 'not found' }) : route.continue()));
  await visit({ at: DAY_1, consent: GRANTED, database: database('module'), measure: null });
  const got = await page.evaluate(async () => ({
    first: await window.outcome(() => window.measurement(window.vitrine, { endpoint: '/reports' })),
    second: await window.outcome(async () => ((await window.measurement(window.vitrine, { endpoint: '/reports' })).stop(), 'started')),
    decides: window.vitrine.status().catalogVersion !== null,
  }));
  assert.equal(got.first.error.code, 'wasm_load_failed');
  assert.match(got.first.error.message, /vitrine_measurement_bg\.wasm/);
  assert.equal(got.second.value, 'started', 'loaded on the second call');
  assert.equal(got.decides, true, 'the instance was never affected');
  assert.equal(refused, 2);
  assert.deepEqual(page.errors, []);
  await context.close();
});

test('a trap in the measurement module is internal; a new meter takes over and the ledger is intact', async () => {
  const db = database('trap');
  const { context, page, visit } = await shopper();
  // `meter_measure`'s ledger (its arguments 1 and 2) pointing outside memory (trap.mjs), installed
  // before every page load, ahead of the package.
  await page.addInitScript(installTrap, { name: 'meter_measure', pointer: 1 });
  assert.deepEqual(await visit({ at: DAY_1, consent: GRANTED, database: db }), []);
  const banner = (offer) => page.evaluate(async (o) => {
    window.vitrine.track({ type: 'impression', offer: o, slot: 'home-hero' });
    await window.vitrine.flush();
    await new Promise((done) => setTimeout(done, 200));
    return window.meter.exportData();
  }, offer);
  const before = await banner('coffee-single-origin');
  await page.evaluate(() => { window.trapNext = 1; });
  const trapped = await banner('coffee-single-origin');
  const after = await banner('coffee-single-origin');
  const count = (ledger) => ledger.offers.find((o) => o.offer === 'coffee-single-origin')?.impressions ?? 0;
  assert.equal(count(before), 1);
  assert.equal(count(trapped), 1, 'the trapped step changed nothing');
  assert.equal(count(after), 2, 'the new meter counts again');
  assert.deepEqual(await page.evaluate(() => window.errors), ['internal']);
  assert.deepEqual(page.errors, []);
  await context.close();
});
