// Shared by tests/e2e/instance*.test.mjs: the built package (pkg/) and signed test catalogs served
// over real HTTP by scripts/serve.mjs, the bare page tests/e2e/pages/instance.html (its helpers:
// `start`, `outcome`, `dump`, `putRaw`, `coffee`, `now`, `errors`), headless Chromium.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { launchBrowser, repo, startServer } from './harness.mjs';
import { demoCatalog, signCatalogs } from './catalogs.mjs';

/**
 * Signs the test catalogs (`demo`: the demo shop's without its 10 % holdout, so a random device
 * id never makes a test depend on chance; plus `extra`), serves them at /catalogs/<name>.bin
 * with the package at /pkg/ and the page at /instance.html, and launches Chromium.
 */
export async function startInstanceTests(extra = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'vitrine-e2e-catalogs-'));
  const demo = demoCatalog();
  delete demo.holdout;
  const signed = signCatalogs({ demo, ...extra }, dir);
  const server = await startServer({
    port: 0,
    root: resolve(repo, 'tests/e2e/pages'),
    // VITRINE_E2E_PKG: another build of the package to test (e.g. one with a deliberate bug).
    mounts: { '/pkg/': process.env.VITRINE_E2E_PKG ?? resolve(repo, 'pkg'), '/catalogs/': dir },
  });
  const browser = await launchBrowser();
  return {
    server,
    browser,
    signed,
    /** A new tab on the test page in `context` (default: a new one, with its own storage). */
    async page(context) {
      context ??= await browser.newContext();
      const page = await context.newPage();
      page.errors = [];
      page.on('pageerror', (e) => page.errors.push(e.message));
      await open(page, server.url);
      return page;
    },
    /** Loads the test page again in `page` (a new document: the previous one is gone). */
    reload: (page, query = '') => open(page, server.url, query),
    async close() {
      await browser?.close();
      await server?.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function open(page, url, query = '') {
  await page.goto(`${url}/instance.html${query}`);
  await page.waitForFunction(() => window.ready === true);
}
