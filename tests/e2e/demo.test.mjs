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
