// The browser runtime against a real HTTP server whose catalog the test controls: ETag
// revalidation, a tampered catalog rejected with the last good one kept, offline start from
// the IndexedDB cache, two pages tracking at once, and storage fallbacks.
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
let server, url, browser;

before(async () => {
  server = await startFixtureServer(origin, requests);
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
