// The demo shop (www/) loads the built package from /pkg/ in headless Chromium.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { repo, launchBrowser, serveDemo, screenshot, collectErrors } from './harness.mjs';

let server, browser;
before(async () => {
  server = await serveDemo();
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await server?.close();
});

test('the demo page loads the wasm package and shows the SDK version', async () => {
  const { version } = JSON.parse(readFileSync(resolve(repo, 'pkg/package.json'), 'utf8'));
  const page = await browser.newPage();
  const errors = collectErrors(page);
  await page.goto(`${server.url}/`);
  await page.waitForSelector('#sdk-status[data-ready]');
  assert.equal(await page.getAttribute('#sdk-status', 'data-ready'), 'true');
  assert.equal(await page.textContent('#sdk-status'), `Vitrine ${version} loaded.`);
  await screenshot(page, 'demo-home');
  assert.deepEqual(errors, []);
});

test("the head's preload lines start the SDK's downloads, and each file is fetched once", async () => {
  // Without the service worker, so every request is the page's own.
  const context = await browser.newContext({ serviceWorkers: 'block' });
  const page = await context.newPage();
  const errors = collectErrors(page);
  const fetched = new Map();
  page.on('request', (r) => {
    const { pathname } = new URL(r.url());
    fetched.set(pathname, (fetched.get(pathname) ?? 0) + 1);
  });
  await page.goto(`${server.url}/`);
  await page.waitForSelector('body[data-sdk="ready"]');
  const sdkFiles = ['/pkg/index.js', '/pkg/vitrine_wasm_bg.wasm', '/catalog.bin'];
  assert.deepEqual(sdkFiles.map((path) => [path, fetched.get(path)]), sdkFiles.map((path) => [path, 1]), 'no file is fetched twice');
  const initiators = await page.evaluate(() =>
    Object.fromEntries(performance.getEntriesByType('resource').map((e) => [new URL(e.name).pathname, e.initiatorType])));
  assert.equal(initiators['/pkg/vitrine_wasm_bg.wasm'], 'link', 'the wasm download starts from the preload line, and the SDK uses it');
  assert.equal(initiators['/catalog.bin'], 'fetch', 'the SDK fetches the catalog itself (no preload can match its credentials mode)');
  assert.deepEqual(errors, []);
  await context.close();
});
