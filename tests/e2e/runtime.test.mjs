// The browser runtime against a real HTTP server whose catalog the test controls: ETag
// revalidation, a tampered catalog rejected with the last good one kept, an older catalog (lower
// sequence) refused with `catalog_rollback`, an expired one (fetched or cached) not used
// (`catalog_expired`), offline start from the IndexedDB cache, two pages tracking at once,
// storage fallbacks, and the measurement report as the collector receives it.
//
// The page is a bare fixture (fixture-server.mjs) with no shop code. The catalogs are signed
// `catalog.bin` files: the demo shop's (www/catalog.bin, `make sign-demo`) and variants signed
// here with the demo key (catalogs.mjs) for sequences and expiry.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { repo, launchBrowser, screenshot } from './harness.mjs';
import { CATALOG_PATH, startFixtureServer } from './fixture-server.mjs';
import { ENVELOPE_HEADER, PUBLIC_KEYS as publicKeys, demoCatalog, signCatalogs } from './catalogs.mjs';

/** The demo shop's signed catalog, as the shop publishes it. */
const DEMO = readFileSync(resolve(repo, 'www/catalog.bin'));
const DEMO_VERSION = demoCatalog().version;
const DAY = 86_400_000;
/** The test's own signed catalogs: the demo's campaigns under another version label. */
const VARIANTS = {
  current: { sequence: 200 },
  older: { sequence: 100 },
  newer: { sequence: 300 },
  shortLived: { sequence: 400, expiresIn: '1d' },
  resigned: { sequence: 500 },
  highShortLived: { sequence: 900, expiresIn: '1d' },
};

/** What the catalog endpoint serves; tests change it. */
const origin = { catalog: DEMO, down: false };
const requests = [];
/** What the `/reports` collector received. */
const reports = [];
let server, url, browser, signed, signedDir;

before(async () => {
  signedDir = mkdtempSync(join(tmpdir(), 'vitrine-e2e-runtime-'));
  const specs = Object.entries(VARIANTS).map(([name, spec]) => [name, { ...spec, json: { ...demoCatalog(), version: name } }]);
  signed = signCatalogs(Object.fromEntries(specs), signedDir);
  server = await startFixtureServer(origin, requests, reports);
  url = server.url;
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.close();
  if (signedDir) rmSync(signedDir, { recursive: true, force: true });
});

/** Serves `catalog` (default: the demo's), online, with an empty request log. */
function reset(catalog = DEMO) {
  Object.assign(origin, { catalog, down: false });
  requests.length = 0;
}

/** Loads the fixture and runs `Vitrine.init` + `render` with `options`; `at` fixes the clock (Unix ms). */
async function boot(page, options = {}, at = undefined) {
  await page.goto(`${url}/fixture`);
  await page.waitForFunction(() => window.ready);
  return page.evaluate(({ o, at }) => window.boot(at === undefined ? o : { ...o, clock: () => at }), {
    o: { catalogUrl: CATALOG_PATH, publicKeys, refreshAfterSeconds: 0, consent: { personalization: 'granted' }, ...options },
    at,
  });
}

const catalogRequests = () => requests.filter((r) => r.path === CATALOG_PATH);

/** Waits (up to 5 s) until `done()` holds: a background refresh has reached the server. */
async function until(done, what) {
  for (let i = 0; i < 100 && !done(); i++) await new Promise((ok) => setTimeout(ok, 50));
  assert.ok(done(), `timed out waiting until ${what}`);
}

/** The codes reported so far on the page, once there are at least `n`. */
async function reported(page, n = 1) {
  await page.waitForFunction((n) => window.errors.length >= n, n);
  return page.evaluate(() => window.errors);
}

/**
 * `envelope` with bytes of its signed payload changed after signing: the first offer's title
 * (same length, so the payload still decodes: only the signature can tell).
 */
function tamper(envelope) {
  const title = Buffer.from(demoCatalog().campaigns[0].offers[0].title);
  const at = envelope.indexOf(title, ENVELOPE_HEADER);
  assert.ok(at > 0, 'the title is in the signed payload');
  const tampered = Buffer.from(envelope);
  Buffer.from('Free money!'.padEnd(title.length, '!')).copy(tampered, at);
  return tampered;
}

test('the catalog is revalidated with its ETag and a 304 keeps the cached copy', async () => {
  reset();
  const context = await browser.newContext();
  const page = await context.newPage();
  const first = await boot(page);
  assert.deepEqual(first.errors, []);
  assert.equal(first.banner, true);
  assert.equal(first.status.catalogVersion, DEMO_VERSION);
  assert.deepEqual(catalogRequests().map((r) => [r.ifNoneMatch, r.status]), [[null, 200]]);
  assert.equal(catalogRequests()[0].cookie, null, 'no cookies are sent with the catalog request');

  const second = await boot(page);
  await until(() => catalogRequests().length === 2, 'the background refresh');
  assert.deepEqual(second.errors, []);
  const revalidation = catalogRequests()[1];
  assert.match(revalidation.ifNoneMatch ?? '', /^"[0-9a-f]{16}"$/);
  assert.equal(revalidation.status, 304, 'the server confirmed the cached copy: nothing was downloaded');
  assert.equal(second.status.catalogVersion, DEMO_VERSION);
  assert.equal((await page.evaluate(() => window.vitrine.status())).catalogVersion, DEMO_VERSION, 'still in use after the 304');
  assert.deepEqual(await page.evaluate(() => window.errors), []);
  await context.close();
});

/**
 * Page function: logs, in order, the IndexedDB opens and their completion, each transaction's
 * mode and object stores, the catalog request, and the first banner.
 */
const LOG_START = () => {
  const log = (window.startLog = []);
  const open = IDBFactory.prototype.open;
  IDBFactory.prototype.open = function (...args) {
    const request = open.apply(this, args);
    request.addEventListener('success', () => log.push('open done'));
    return request;
  };
  const transaction = IDBDatabase.prototype.transaction;
  IDBDatabase.prototype.transaction = function (stores, mode = 'readonly') {
    log.push(`${mode} ${[stores].flat().join(',')}`);
    return transaction.call(this, stores, mode);
  };
  const fetch = window.fetch;
  window.fetch = function (input, init) {
    if (String(input).endsWith('/catalog.bin')) log.push('catalog request');
    return fetch.call(this, input, init);
  };
  new MutationObserver((_, observer) => {
    if (!document.querySelector('.vitrine-banner')) return;
    log.push('banner');
    observer.disconnect();
  }).observe(document, { childList: true, subtree: true });
};

test('start order: a first visit requests the catalog before its new database is open; stored events are folded without a write before the banner', async () => {
  reset();
  const context = await browser.newContext();
  await context.addInitScript(LOG_START);
  // Banners out of view: no impression is recorded, so only the test's event is stored.
  await context.addInitScript(() => {
    document.addEventListener('DOMContentLoaded', () => {
      document.head.append(Object.assign(document.createElement('style'), { textContent: '[data-vitrine-slot] { position: absolute; top: -9999px }' }));
    });
  });
  const page = await context.newPage();
  const options = { refreshAfterSeconds: 3600 };
  const first = await boot(page, options);
  assert.deepEqual(first.errors, []);
  const firstLog = await page.evaluate(() => window.startLog);
  assert.ok(firstLog.indexOf('catalog request') < firstLog.indexOf('open done'), `the download starts while the database is created: ${firstLog}`);
  assert.ok(!firstLog.slice(0, firstLog.indexOf('banner')).some((entry) => entry.startsWith('readonly')), `a database just created is not read: ${firstLog}`);
  await page.evaluate(async () => {
    window.vitrine.track({ type: 'product_view', product: { id: 'p1', category: 'coffee' } });
    await window.vitrine.flush();
  });

  // The next page applies the stored batch in memory; its fold runs beside the banner.
  await boot(page, options);
  assert.equal(await page.evaluate(() => window.vitrine.profile().events), 1, 'the stored batch is applied before the first decision');
  await page.evaluate(() => window.vitrine.flush());
  assert.ok((await page.evaluate(() => window.startLog)).includes('readwrite profile,outbox,meta'), 'folded');

  // The one after: the stored profile is current and the outbox empty, so nothing is written.
  await boot(page, options);
  await page.waitForFunction(() => window.startLog.includes('banner'));
  await page.evaluate(() => window.vitrine.flush());
  const thirdLog = await page.evaluate(() => window.startLog);
  assert.deepEqual(thirdLog.slice(0, thirdLog.indexOf('banner')), ['open done', 'readonly profile,outbox,catalog,meta']);
  assert.ok(!thirdLog.includes('readwrite profile,outbox,meta'), `no fold: ${thirdLog}`);
  assert.equal(await page.evaluate(() => window.vitrine.profile().events), 1);
  assert.equal(catalogRequests().length, 1, 'the cached catalog is fresh: not requested again');
  await context.close();
});

test('a tampered catalog is rejected and the last good one stays in use', async () => {
  reset();
  const context = await browser.newContext();
  const page = await context.newPage();
  const good = await boot(page);
  assert.deepEqual(good.errors, []);

  origin.catalog = tamper(DEMO);
  const again = await boot(page);
  assert.equal(again.banner, true, 'banners from the cached catalog at once');
  // The background refresh fetches the tampered catalog and must reject it.
  assert.deepEqual(await reported(page), ['catalog_signature_invalid']);
  const status = await page.evaluate(() => window.vitrine.status());
  assert.equal(status.catalogVersion, DEMO_VERSION, 'still the signed catalog');

  // The next page load still starts from the last good catalog.
  const third = await boot(page);
  assert.equal(third.status.catalogVersion, DEMO_VERSION);
  assert.equal(third.banner, true);
  await context.close();
});

test('a tampered catalog on the first visit is reported and nothing is shown', async () => {
  reset(tamper(DEMO));
  const context = await browser.newContext();
  const page = await context.newPage();
  const result = await boot(page);
  assert.deepEqual(result.errors, ['catalog_signature_invalid']);
  assert.equal(result.offer, null);
  assert.equal(result.status.catalogVersion, null);
  assert.equal(result.banner, false, 'the slot keeps its own content');
  assert.equal(await page.isVisible('.fallback'), true);
  await context.close();
});

test('an older catalog (lower sequence) is refused with catalog_rollback; the newer one stays, a newer one still replaces it', async () => {
  reset(signed.current);
  const context = await browser.newContext();
  const page = await context.newPage();
  const first = await boot(page);
  assert.deepEqual(first.errors, []);
  assert.equal(first.status.catalogVersion, 'current');

  // A validly signed but older catalog comes back (a CDN rollback, a replayed file).
  origin.catalog = signed.older;
  const again = await boot(page);
  assert.equal(again.banner, true, 'banners from the cached catalog at once');
  assert.deepEqual(await reported(page), ['catalog_rollback']);
  assert.equal(catalogRequests().at(-1).status, 200, 'it was downloaded (and its signature is good): refused for its sequence');
  assert.equal((await page.evaluate(() => window.vitrine.status())).catalogVersion, 'current');

  // It was not cached either: the next load starts from the newer catalog, and refuses again.
  const third = await boot(page);
  assert.equal(third.status.catalogVersion, 'current');
  assert.deepEqual(await reported(page), ['catalog_rollback']);

  // A catalog with a higher sequence replaces it as usual.
  origin.catalog = signed.newer;
  await boot(page);
  await page.waitForFunction(() => window.vitrine.status().catalogVersion === 'newer');
  assert.deepEqual(await page.evaluate(() => window.errors), []);
  assert.equal((await boot(page)).status.catalogVersion, 'newer', 'and is cached');
  await context.close();
});

test('an expired catalog is not used, fetched or cached (catalog_expired); a re-signed one is fetched at once', async () => {
  const expired = Date.now() + 2 * DAY; // `shortLived` expires a day after signing
  // Fetched after its expiry, on a first visit: nothing to show.
  reset(signed.shortLived);
  const late = await browser.newContext();
  const latePage = await late.newPage();
  const fetched = await boot(latePage, {}, expired);
  assert.deepEqual(fetched.errors, ['catalog_expired']);
  assert.equal(fetched.status.catalogVersion, null);
  assert.equal(fetched.banner, false);
  assert.equal(await latePage.isVisible('.fallback'), true, 'the slot keeps its own content');
  await late.close();

  // Cached while valid, expired at the next visit: not used, although the server still has it.
  const context = await browser.newContext();
  const page = await context.newPage();
  const valid = await boot(page);
  assert.deepEqual(valid.errors, []);
  assert.equal(valid.status.catalogVersion, 'shortLived');
  const cached = await boot(page, {}, expired);
  assert.deepEqual(cached.errors, ['catalog_expired']);
  assert.equal(cached.banner, false);
  assert.equal(cached.status.catalogVersion, null);
  assert.equal(catalogRequests().at(-1).status, 304, 'the server has nothing newer');

  // Once the shop publishes a re-signed catalog, the first page load fetches and shows it.
  origin.catalog = signed.resigned;
  const resigned = await boot(page, {}, expired);
  assert.deepEqual(resigned.errors, ['catalog_expired'], 'the cached one is still reported');
  assert.equal(resigned.status.catalogVersion, 'resigned');
  assert.equal(resigned.banner, true);
  await context.close();
});

test('an older catalog is refused even once the catalog the device has expired', async () => {
  reset(signed.highShortLived);
  const context = await browser.newContext();
  const page = await context.newPage();
  assert.equal((await boot(page)).status.catalogVersion, 'highShortLived');
  // Two days later the device's catalog (sequence 900) has expired; an older one is replayed.
  origin.catalog = signed.current; // sequence 200, valid for years
  const replayed = await boot(page, {}, Date.now() + 2 * DAY);
  assert.deepEqual(replayed.errors, ['catalog_expired', 'catalog_rollback']);
  assert.equal(replayed.status.catalogVersion, null);
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
  assert.equal(offline.status.catalogVersion, DEMO_VERSION);
  assert.deepEqual(await reported(page), ['catalog_fetch_failed'], 'the failed revalidation is reported');
  assert.equal(catalogRequests().at(-1).status, 503);
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

test('first visit: a catalog server that fails, hangs, answers HTML or a cut body gives catalog errors, never a pending init, and the page keeps its content', async () => {
  const faults = {
    'HTTP 500': (route) => route.fulfill({ status: 500, body: 'oops' }),
    'connection refused': (route) => route.abort('connectionrefused'),
    'no answer': () => {}, // never fulfilled: the timeout ends it
    'an HTML error page with HTTP 200': (route) => route.fulfill({ status: 200, contentType: 'text/html', body: '<!doctype html><h1>Not here</h1>' }),
    'a body cut short': (route) => route.fulfill({ status: 200, contentType: 'application/octet-stream', body: DEMO.subarray(0, 500) }),
  };
  const expected = {
    'HTTP 500': 'catalog_fetch_failed',
    'connection refused': 'catalog_fetch_failed',
    'no answer': 'catalog_fetch_failed',
    'an HTML error page with HTTP 200': 'catalog_signature_missing',
    'a body cut short': 'catalog_signature_invalid',
  };
  reset();
  for (const [fault, handler] of Object.entries(faults)) {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.route(`**${CATALOG_PATH}`, handler);
    const result = await boot(page, { timeoutMs: 1000 });
    assert.deepEqual(result.errors, [expected[fault]], fault);
    assert.equal(result.offer, null, fault);
    assert.equal(result.status.catalogVersion, null, fault);
    assert.equal(result.banner, false, `${fault}: the slot keeps its own content`);
    assert.equal(await page.isVisible('.fallback'), true, fault);
    await context.close();
  }
});

test('a first visit while the catalog server is down retries with backoff, and shows banners once it is back', async () => {
  reset();
  origin.down = true;
  const context = await browser.newContext();
  const page = await context.newPage();
  // A fake clock for the page's timers, so the retry (5 s base backoff, jittered) runs at once.
  // The fetch timeout is long: advancing the fake clock 8 s must not also expire the retry's
  // request (a retry after 2.5 s with the default 5 s timeout would, before the real server
  // answers).
  await page.clock.install();
  const first = await boot(page, { timeoutMs: 60_000 });
  assert.deepEqual(first.errors, ['catalog_fetch_failed']);
  assert.equal(first.status.catalogVersion, null);
  const attempts = catalogRequests().length;
  origin.down = false;
  await page.clock.runFor(8_000); // past the first backoff (at most 7.5 s)
  await page.waitForFunction(() => window.vitrine.status().catalogVersion !== null, null, { timeout: 10_000 });
  assert.equal(catalogRequests().length, attempts + 1, 'one retry');
  const [decision] = await page.evaluate(() => window.vitrine.render({ pageType: 'home' }).map((d) => d.offer?.id ?? null));
  assert.ok(decision, 'banners once the catalog is back');
  assert.deepEqual(await page.evaluate(() => window.errors), ['catalog_fetch_failed'], 'nothing more reported');
  await context.close();
});
