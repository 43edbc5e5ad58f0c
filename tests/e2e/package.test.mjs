// The npm tarball, installed as a shop would install it: it ships what package.json names, its
// collector runs in Node, and it runs in a plain ESM page and in a webpack production build. Both pages start Vitrine with a
// compiled test catalog (the `catalog` option, as "Testing your shop" describes) and show its
// banner, so the WebAssembly module is found and loaded next to the package's entry.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, readFileSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { repo, launchBrowser, startServer, screenshot, collectErrors } from './harness.mjs';
import { payloadOf, signCatalogs } from './catalogs.mjs';

/** One offer for the page's one slot. */
const CATALOG = {
  schema: 1,
  version: 'package-test',
  campaigns: [{ id: 'c', offers: [{ id: 'o', slots: ['hero'], title: 'Hello from the package' }] }],
};

let shop, server, browser, catalog;
const pkgJson = JSON.parse(readFileSync(resolve(repo, 'pkg/package.json'), 'utf8'));

/**
 * The shop's page: one slot with its own content, and a module that imports the package from
 * `from` (a path, or the bare `vitrine` in a bundle), starts it on the compiled catalog and
 * writes `vitrine <version> <offer id>` into #out.
 */
function shopPage(title, script) {
  return `<!doctype html>
<meta charset="utf-8"><link rel="icon" href="data:,"><title>${title}</title>
<div data-vitrine-slot="hero"><p>our own hero</p></div><p id="out">loading</p>
${script}`;
}

function shopScript(from) {
  return `import { Vitrine, version } from '${from}';
const catalog = Uint8Array.from(atob('${Buffer.from(catalog).toString('base64')}'), (c) => c.charCodeAt(0));
(async () => {
  const vitrine = await Vitrine.init({ catalog, storage: 'memory' });
  const [decision] = vitrine.render();
  document.getElementById('out').textContent = 'vitrine ' + version + ' ' + decision.offer.id;
})();`;
}

before(async () => {
  shop = mkdtempSync(join(tmpdir(), 'vitrine-shop-'));
  catalog = payloadOf(signCatalogs({ test: CATALOG }, shop).test);
  const packed = JSON.parse(execFileSync('npm', ['pack', '--json', '--pack-destination', shop, resolve(repo, 'pkg')], { encoding: 'utf8' }));
  const tarball = join(shop, packed[0].filename);
  mkdirSync(join(shop, 'node_modules/vitrine'), { recursive: true });
  execFileSync('tar', ['-xzf', tarball, '-C', join(shop, 'node_modules/vitrine'), '--strip-components=1']);
  writeFileSync(join(shop, 'index.html'), shopPage('plain ESM shop', `<script type="module">\n${shopScript('./node_modules/vitrine/index.js')}\n</script>`));
  server = await startServer({ port: 0, root: shop, mounts: {} });
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.close();
  if (shop) rmSync(shop, { recursive: true, force: true });
});

/** Loads `url` and checks it shows the test catalog's banner with the package's version. */
async function assertBannerShown(page, url) {
  await page.goto(url);
  await page.waitForFunction(() => document.getElementById('out').textContent !== 'loading');
  assert.equal(await page.textContent('#out'), `vitrine ${pkgJson.version} o`);
  assert.equal(await page.textContent('.vitrine-banner__title'), 'Hello from the package');
}

test('npm pack ships exactly the files package.json lists, and every file its entry points name', () => {
  const packed = JSON.parse(execFileSync('npm', ['pack', '--dry-run', '--json', resolve(repo, 'pkg')], { encoding: 'utf8' }));
  const names = packed[0].files.map((f) => f.path);
  // A `files` entry ending in "/" is a directory: it must hold at least one file.
  const covers = (entry, name) => (entry.endsWith('/') ? name.startsWith(entry) : name === entry);
  assert.deepEqual(names.filter((name) => name !== 'package.json' && !pkgJson.files.some((entry) => covers(entry, name))), [], 'nothing unlisted is packed');
  assert.deepEqual(pkgJson.files.filter((entry) => !names.some((name) => covers(entry, name))), [], 'every listed entry is packed');
  const targets = (value) => (typeof value === 'string' ? [value] : Object.values(value).flatMap(targets));
  const entryPoints = [pkgJson.main, pkgJson.module, pkgJson.types, ...targets(pkgJson.exports)];
  assert.deepEqual(entryPoints.map((path) => path.replace(/^\.\//, '')).filter((path) => !names.includes(path)), [], 'every entry point is packed');
});

test("the tarball's `vitrine/collector` runs in Node, as a shop's endpoint imports it", () => {
  const [{ json }] = JSON.parse(readFileSync(resolve(repo, 'tests/vectors/measurement-reports.json'), 'utf8'));
  const script = `import { acceptReport, collector } from 'vitrine/collector';
const accepted = acceptReport(process.argv[1]);
const handle = collector({ store: () => {} });
const answer = await handle(new Request('http://shop.test/reports', { method: 'POST', body: process.argv[1] }));
console.log(JSON.stringify({ ok: accepted.ok, rows: accepted.rows.length, status: answer.status }));`;
  const out = execFileSync(process.execPath, ['--input-type=module', '-e', script, json], { cwd: shop, encoding: 'utf8' });
  assert.deepEqual(JSON.parse(out), { ok: true, rows: 1, status: 204 });
});

test('the tarball runs in a plain <script type="module"> page', async () => {
  const page = await browser.newPage();
  const errors = collectErrors(page);
  const wasmResponse = page.waitForResponse((r) => r.url().endsWith('.wasm'));
  await assertBannerShown(page, `${server.url}/index.html`);
  assert.equal((await wasmResponse).headers()['content-type'], 'application/wasm');
  await screenshot(page, 'package-plain-esm');
  assert.deepEqual(errors, []);
  await page.close();
});

test('the tarball works in a webpack production build', async () => {
  const app = join(shop, 'webpack-app');
  mkdirSync(join(app, 'dist'), { recursive: true });
  writeFileSync(join(app, 'main.js'), shopScript('vitrine'));
  writeFileSync(join(app, 'webpack.config.mjs'), `export default {
  mode: 'production',
  entry: './main.js',
  performance: { hints: false },
  output: { path: new URL('./dist', import.meta.url).pathname, filename: 'main.js' },
};`);
  writeFileSync(join(app, 'dist/index.html'), shopPage('webpack shop', '<script src="./main.js"></script>'));
  // The app resolves \`vitrine\` from the installed tarball in the shop's node_modules; webpack
  // emits the .wasm as an asset from the package's \`new URL(..., import.meta.url)\`.
  execFileSync(resolve(repo, 'node_modules/.bin/webpack'), ['--config', 'webpack.config.mjs'], { cwd: app, stdio: 'pipe' });
  const dist = await startServer({ port: 0, root: join(app, 'dist'), mounts: {} });
  try {
    const page = await browser.newPage();
    const errors = collectErrors(page);
    await assertBannerShown(page, `${dist.url}/index.html`);
    await screenshot(page, 'package-webpack-build');
    assert.deepEqual(errors, []);
    await page.close();
  } finally {
    await dist.close();
  }
});
