// What the bench server serves: the SDK packages as shipped, the bench modules, the bench page
// (parts 1, 2, 3 and 5) and one cold-start page per SDK (part 4), a shop's home page using the
// SDK as its README says, with the demo shop's signed catalog (www/) or its translation; and the
// browser contexts the bench page runs in (`benchContext`).
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { sdks } from './adapters/index.js';

export const BENCH_PAGE = '/bench.html';
export const coldStartPath = (sdk) => `/cold/${sdk.key}.html`;

const HTML = 'text/html; charset=utf-8';
/** Cross-origin isolation: the bench page's clock then ticks in 5 µs steps instead of 100 µs. */
const ISOLATED = { 'Cross-Origin-Opener-Policy': 'same-origin', 'Cross-Origin-Embedder-Policy': 'require-corp' };

const BENCH_HTML = `<!doctype html>
<html lang="en"><meta charset="utf-8"><title>Vitrine bench</title><link rel="icon" href="data:,">
<script type="module" src="/bench/page.js"></script>
</html>`;

/** The demo shop's campaigns and the page both cold-start pages show. */
function demoShop(repo) {
  const read = (path) => readFileSync(resolve(repo, path), 'utf8');
  return {
    catalog: JSON.parse(read('www/catalog.json')),
    /** `catalog`, compiled and signed (`make sign-demo`). */
    signedCatalog: readFileSync(resolve(repo, 'www/catalog.bin')),
    publicKeys: JSON.parse(read('www/vitrine-keys.json')).publicKeys,
    slot: 'home-hero',
    page: { 'page.type': 'home' },
    fallback: '<p>Our own hero</p>',
  };
}

/**
 * A shop's home page with one slot filled by `sdk`, with the `<head>` lines its README asks for
 * (each SDK's module preloaded, and Vitrine's WebAssembly). A watcher in the head resolves
 * `window.bannerShown` with `performance.now()` (milliseconds since navigation start) as soon as
 * the SDK's banner element is in the DOM.
 */
function coldStartPage(sdk, demo) {
  const { coldStart } = sdk;
  return `<!doctype html>
<html lang="en"><meta charset="utf-8"><title>Cold start: ${sdk.name}</title><link rel="icon" href="data:,">
${coldStart.head()}
<script>
window.bannerShown = new Promise((resolve) => {
  new MutationObserver((_, observer) => {
    if (!document.querySelector(${JSON.stringify(coldStart.bannerSelector)})) return;
    observer.disconnect();
    resolve(performance.now());
  }).observe(document.documentElement, { childList: true, subtree: true });
});
</script>
<h1>Morning Shelf</h1>
${coldStart.slot(demo.slot, demo.fallback)}
<script type="module">
${coldStart.script(demo)}
</script>
</html>`;
}

/**
 * The server's mounts and routes (see server.mjs), and the paths of each SDK's cold-start data
 * (catalog, payload) by SDK key. `packageDirs` replaces an SDK's package directory, by SDK key
 * (e.g. to bench another build of Vitrine).
 */
export function site(repo, { packageDirs = {} } = {}) {
  const demo = demoShop(repo);
  const mounts = [
    { url: '/bench/', dir: resolve(repo, 'bench'), cache: 'revalidate' },
    // The demo catalog's banner images, which Vitrine's banners show.
    { url: '/img/', dir: resolve(repo, 'www/img'), cache: 'revalidate' },
    ...sdks.map((sdk) => ({ url: sdk.files.url, dir: resolve(repo, packageDirs[sdk.key] ?? sdk.files.dir), cache: 'immutable' })),
  ];
  const dataBySdk = Object.fromEntries(sdks.map((sdk) => [sdk.key, sdk.coldStart.routes(demo)]));
  const data = Object.assign({}, ...Object.values(dataBySdk));
  const routes = (path) => {
    if (path === BENCH_PAGE) return { type: HTML, body: BENCH_HTML, headers: ISOLATED };
    const sdk = sdks.find((s) => path === coldStartPath(s));
    if (sdk) return { type: HTML, body: coldStartPage(sdk, demo) };
    return data[path];
  };
  const dataPaths = Object.fromEntries(Object.entries(dataBySdk).map(([key, paths]) => [key, Object.keys(paths)]));
  return { mounts, routes, dataPaths };
}

/**
 * A fresh browser context for the bench page, with every SDK's `pageFunctions` (Node functions
 * its adapter calls from the page, such as a catalog compiler that needs Node) exposed.
 */
export async function benchContext(browser) {
  const context = await browser.newContext();
  for (const sdk of sdks) {
    for (const [name, fn] of Object.entries(sdk.pageFunctions ?? {})) await context.exposeFunction(name, fn);
  }
  return context;
}
