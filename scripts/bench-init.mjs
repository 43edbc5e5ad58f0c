// Time from `Vitrine.init` to the first banner in the page, with the catalog cached in
// IndexedDB (a returning shopper): median of 20 page loads in headless Chromium.
//
//   make build && node scripts/bench-init.mjs [loads]
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { repo, launchBrowser } from '../tests/e2e/harness.mjs';
import { CATALOG_PATH, startFixtureServer } from '../tests/e2e/fixture-server.mjs';

const loads = Number(process.argv[2] ?? 20);
/** The demo shop's signed catalog (`make sign-demo`). */
const origin = { catalog: readFileSync(resolve(repo, 'www/catalog.bin')), down: false };
const { publicKeys } = JSON.parse(readFileSync(resolve(repo, 'www/vitrine-keys.json'), 'utf8'));
const server = await startFixtureServer(origin);
const browser = await launchBrowser();
const page = await (await browser.newContext()).newPage();
const options = { catalogUrl: CATALOG_PATH, publicKeys, consent: { personalization: 'granted' } };

async function load() {
  await page.goto(`${server.url}/fixture`);
  await page.waitForFunction(() => window.ready);
  const result = await page.evaluate((o) => window.boot(o), options);
  if (!result.banner || result.errors.length) throw new Error(`no banner: ${JSON.stringify(result)}`);
  return result.firstBanner;
}

await load(); // first visit: fetches and caches the catalog
const times = [];
for (let i = 0; i < loads; i++) times.push(await load());
times.sort((a, b) => a - b);
const at = (q) => times[Math.min(times.length - 1, Math.floor(q * times.length))];
console.log(`init -> first banner, cached catalog, ${loads} loads: median ${at(0.5).toFixed(1)} ms, p90 ${at(0.9).toFixed(1)} ms, min ${times[0].toFixed(1)} ms, max ${times.at(-1).toFixed(1)} ms`);
await browser.close();
await server.close();
