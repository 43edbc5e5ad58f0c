// The browser runtime against a real HTTP server whose catalog the test controls: ETag
// revalidation, a tampered catalog rejected with the last good one kept, offline start from
// the IndexedDB cache, two pages tracking at once, storage fallbacks, and the measurement report
// as the collector receives it.
//
// The page is a bare fixture (fixture-server.mjs) with no shop code.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { repo, launchBrowser, screenshot } from './harness.mjs';
import { startFixtureServer } from './fixture-server.mjs';

const CATALOG = readFileSync(resolve(repo, 'www/catalog.json'), 'utf8');
const SIGNATURE = readFileSync(resolve(repo, 'www/catalog.json.sig'), 'utf8');
const { publicKeys } = JSON.parse(readFileSync(resolve(repo, 'www/vitrine-keys.json'), 'utf8'));

/** What the catalog endpoint serves; tests change it. */
const origin = { catalog: CATALOG, signature: SIGNATURE, down: false };
const requests = [];
/** What the `/reports` collector received. */
const reports = [];
let server, url, browser;

before(async () => {
  server = await startFixtureServer(origin, requests, reports);
  url = server.url;
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.close();
});

function reset() {
  Object.assign(origin, { catalog: CATALOG, signature: SIGNATURE, down: false });
  requests.length = 0;
}

async function boot(page, options = {}) {
  await page.goto(`${url}/fixture`);
  await page.waitForFunction(() => window.ready);
  return page.evaluate((o) => window.boot(o), {
    catalogUrl: '/catalog.json',
    publicKeys,
    refreshAfterSeconds: 0,
    consent: { personalization: 'granted' },
    ...options,
  });
}

const catalogRequests = () => requests.filter((r) => r.path === '/catalog.json');

test('the catalog is revalidated with its ETag and a 304 keeps the cached copy', async () => {
  reset();
  const context = await browser.newContext();
  const page = await context.newPage();
  const first = await boot(page);
  assert.deepEqual(first.errors, []);
  assert.equal(first.banner, true);
  assert.equal(catalogRequests()[0].ifNoneMatch, null);
  assert.equal(catalogRequests()[0].cookie, null, 'no cookies are sent with the catalog request');

  const second = await boot(page);
  await page.evaluate(() => new Promise((ok) => setTimeout(ok, 200))); // background refresh
  assert.deepEqual(second.errors, []);
  const revalidation = catalogRequests()[1];
  assert.match(revalidation.ifNoneMatch ?? '', /^"[0-9a-f]{16}"$/);
  assert.equal(requests.filter((r) => r.path === '/catalog.json.sig').length, 1, 'a 304 needs no new signature');
  assert.equal(second.status.catalogVersion, JSON.parse(CATALOG).version);
  await context.close();
});

test('a tampered catalog is rejected and the last good one stays in use', async () => {
  reset();
  const context = await browser.newContext();
  const page = await context.newPage();
  const good = await boot(page);
  assert.deepEqual(good.errors, []);

  const tampered = JSON.parse(CATALOG);
  tampered.version = 'tampered';
  tampered.campaigns[0].offers[0].title = 'Free money';
  origin.catalog = JSON.stringify(tampered);
  const again = await boot(page);
  assert.equal(again.banner, true, 'banners from the cached catalog at once');
  // The background refresh fetches the tampered catalog and must reject it.
  await page.waitForFunction(() => window.errors.length > 0);
  assert.deepEqual(await page.evaluate(() => window.errors), ['catalog_signature_invalid']);
  const status = await page.evaluate(() => window.vitrine.status());
  assert.equal(status.catalogVersion, JSON.parse(CATALOG).version, 'still the signed catalog');

  // The next page load still starts from the last good catalog.
  const third = await boot(page);
  assert.equal(third.status.catalogVersion, JSON.parse(CATALOG).version);
  await context.close();
});

test('a tampered catalog on the first visit is reported and nothing is shown', async () => {
  reset();
  origin.catalog = CATALOG.replace('"Coffee aisle"', '"Coffee aisle!"');
  const context = await browser.newContext();
  const page = await context.newPage();
  const result = await boot(page);
  assert.deepEqual(result.errors, ['catalog_signature_invalid']);
  assert.equal(result.offer, null);
  assert.equal(result.banner, false, 'the slot keeps its own content');
  assert.equal(await page.isVisible('.fallback'), true);
  await context.close();
});

test('offline, a returning shopper still gets banners from the cached catalog', async () => {
  reset();
  const context = await browser.newContext();
  const page = await context.newPage();
  await boot(page);
  origin.down = true;
  const offline = await boot(page);
  assert.equal(offline.banner, true);
  assert.equal(offline.status.catalogVersion, JSON.parse(CATALOG).version);
  await page.evaluate(() => new Promise((ok) => setTimeout(ok, 200)));
  await screenshot(page, 'runtime-offline-from-cache');
  await context.close();
});

test('two pages tracking at once lose no events', async () => {
  reset();
  const context = await browser.newContext();
  const [a, b] = [await context.newPage(), await context.newPage()];
  await Promise.all([boot(a), boot(b)]);
  const track = (page, category) =>
    page.evaluate(async (category) => {
      for (let i = 0; i < 25; i++) {
        window.vitrine.track({ type: 'category_view', category });
        if (i % 5 === 4) await window.vitrine.flush();
      }
      await window.vitrine.flush();
    }, category);
  await Promise.all([track(a, 'coffee'), track(b, 'tea')]);
  const reader = await context.newPage();
  await boot(reader);
  const events = await reader.evaluate(() => window.vitrine.profile().events);
  assert.equal(events, 50);
  await context.close();
});

test('without IndexedDB the SDK keeps the profile in memory and says so', async () => {
  reset();
  const context = await browser.newContext();
  // What a page sees where storage is blocked (sandboxed frames, strict privacy settings).
  await context.addInitScript(() => {
    Object.defineProperty(window, 'indexedDB', {
      get() {
        throw new DOMException('The user denied permission to access the database.', 'SecurityError');
      },
    });
  });
  const page = await context.newPage();
  const result = await boot(page);
  assert.deepEqual(result.errors, ['storage_unavailable']);
  assert.equal(result.status.storage, 'memory');
  assert.equal(result.banner, true);
  await context.close();
});

test('measurement: the collector receives one report for the finished day, without cookie, Referer path or device id', async () => {
  reset();
  reports.length = 0;
  const DAY_1 = Date.UTC(2026, 10, 29, 9); // Sunday 2026-11-29 10:00 in the catalog's UTC+1
  const DAY_2 = DAY_1 + 86_400_000;
  const context = await browser.newContext();
  await context.addCookies([{ name: 'shop_session', value: 'shopper-secret', url }]);
  const page = await context.newPage();
  const visit = async (at) => {
    await page.goto(`${url}/fixture?q=secret-search`);
    await page.waitForFunction(() => window.ready);
    return page.evaluate(({ at, options }) => window.boot({ ...options, clock: () => at }), {
      at,
      options: {
        catalogUrl: '/catalog.json',
        publicKeys,
        consent: { personalization: 'granted', measurement: 'granted' },
        measurement: { endpoint: '/reports' },
      },
    });
  };

  const day1 = await visit(DAY_1);
  assert.deepEqual(day1.errors, []);
  const deviceId = await page.evaluate(async () => {
    for (const type of ['impression', 'click']) {
      window.vitrine.track({ type, offer: 'coffee-single-origin', slot: 'home-hero' });
    }
    await window.vitrine.flush();
    return (await window.vitrine.exportData()).deviceId;
  });
  assert.equal(reports.length, 0, 'nothing is sent while the day lasts');
  assert.match(await page.evaluate(() => document.cookie), /shop_session/, 'the page has a cookie to leak');

  const day2 = await visit(DAY_2);
  assert.deepEqual(day2.errors, []);
  for (let i = 0; i < 50 && reports.length === 0; i++) await new Promise((ok) => setTimeout(ok, 100));
  await visit(DAY_2); // a second page on day 2 sends nothing more
  await new Promise((ok) => setTimeout(ok, 500));
  assert.equal(reports.length, 1, 'exactly one report');

  const [{ method, path, headers, body }] = reports;
  assert.equal(method, 'POST');
  assert.equal(path, '/reports');
  assert.equal(headers.cookie, undefined, 'no cookie');
  assert.equal(headers.referer, undefined, 'no Referer (it would carry the page URL)');
  assert.ok([undefined, 'null', url].includes(headers.origin), `Origin, if any, has no path: ${headers.origin}`);
  assert.ok(!body.includes(deviceId), 'no device id');
  assert.ok(!body.includes('secret'), 'nothing from the page URL');
  const report = JSON.parse(body);
  assert.deepEqual(Object.keys(report).sort(), ['bits', 'catalog', 'day', 'epsilon', 'mechanism', 'pairs', 'v']);
  const catalog = JSON.parse(CATALOG);
  const offers = catalog.campaigns.flatMap((c) => c.offers.map((o) => o.id));
  assert.deepEqual(
    { v: report.v, day: report.day, mechanism: report.mechanism, epsilon: report.epsilon, catalog: report.catalog, pairs: report.pairs },
    { v: 1, day: '2026-11-29', mechanism: 'sampled-rr', epsilon: 1, catalog: catalog.version, pairs: 3 * offers.length },
  );
  const bits = Object.entries(report.bits).flatMap(([offer, metrics]) =>
    Object.entries(metrics).map(([metric, bit]) => ({ offer, metric, bit })));
  assert.equal(bits.length, 1, 'one randomized bit');
  assert.ok(offers.includes(bits[0].offer));
  assert.ok(['impression', 'click', 'conversion'].includes(bits[0].metric));
  assert.equal(typeof bits[0].bit, 'boolean');
  await context.close();
});
