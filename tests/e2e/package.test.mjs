// The npm tarball, installed as a shop would install it, imports and runs in a plain ESM page.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, readFileSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { repo, launchBrowser, startServer, screenshot, collectErrors } from './harness.mjs';

let shop, server, browser;
const pkgJson = JSON.parse(readFileSync(resolve(repo, 'pkg/package.json'), 'utf8'));

before(async () => {
  shop = mkdtempSync(join(tmpdir(), 'vitrine-shop-'));
  const packed = JSON.parse(execFileSync('npm', ['pack', '--json', '--pack-destination', shop, resolve(repo, 'pkg')], { encoding: 'utf8' }));
  const tarball = join(shop, packed[0].filename);
  mkdirSync(join(shop, 'node_modules/vitrine'), { recursive: true });
  execFileSync('tar', ['-xzf', tarball, '-C', join(shop, 'node_modules/vitrine'), '--strip-components=1']);
  writeFileSync(join(shop, 'index.html'), `<!doctype html>
<meta charset="utf-8"><link rel="icon" href="data:,"><title>plain ESM shop</title>
<p id="out">loading</p>
<script type="module">
  import { version } from './node_modules/vitrine/index.js';
  document.getElementById('out').textContent = 'vitrine ' + await version();
</script>`);
  server = await startServer({ port: 0, root: shop, mounts: {} });
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.close();
  if (shop) rmSync(shop, { recursive: true, force: true });
});

test('npm pack ships exactly the files package.json lists', () => {
  const packed = JSON.parse(execFileSync('npm', ['pack', '--dry-run', '--json', resolve(repo, 'pkg')], { encoding: 'utf8' }));
  const names = packed[0].files.map((f) => f.path).sort();
  assert.deepEqual(names, [...pkgJson.files, 'package.json'].sort());
});

test('the tarball imports in a plain <script type="module"> page', async () => {
  const page = await browser.newPage();
  const errors = collectErrors(page);
  const wasmResponse = page.waitForResponse((r) => r.url().endsWith('.wasm'));
  await page.goto(`${server.url}/index.html`);
  await page.waitForFunction(() => document.getElementById('out').textContent.startsWith('vitrine '));
  assert.equal(await page.textContent('#out'), `vitrine ${pkgJson.version}`);
  assert.equal((await wasmResponse).headers()['content-type'], 'application/wasm');
  await screenshot(page, 'package-plain-esm');
  assert.deepEqual(errors, []);
});

test('the tarball works in a webpack production build', async () => {
  const app = join(shop, 'webpack-app');
  mkdirSync(join(app, 'dist'), { recursive: true });
  writeFileSync(join(app, 'main.js'), `import { Vitrine, version } from 'vitrine';
const catalog = JSON.stringify({ schema: 1, version: 'bundle', campaigns: [
  { id: 'c', offers: [{ id: 'o', slots: ['hero'], title: 'Hello from a bundle' }] }] });
(async () => {
  const vitrine = await Vitrine.init({ catalog, storage: 'memory' });
  const [decision] = vitrine.render();
  document.getElementById('out').textContent = 'vitrine ' + (await version()) + ' ' + decision.offer.id;
})();`);
  writeFileSync(join(app, 'webpack.config.mjs'), `export default {
  mode: 'production',
  entry: './main.js',
  performance: { hints: false },
  output: { path: new URL('./dist', import.meta.url).pathname, filename: 'main.js' },
};`);
  writeFileSync(join(app, 'dist/index.html'), `<!doctype html>
<meta charset="utf-8"><link rel="icon" href="data:,"><title>webpack shop</title>
<div data-vitrine-slot="hero"><p>our own hero</p></div><p id="out">loading</p>
<script src="./main.js"></script>`);
  // The app resolves \`vitrine\` from the installed tarball in the shop's node_modules; webpack
  // emits the .wasm as an asset from the package's \`new URL(..., import.meta.url)\`.
  execFileSync(resolve(repo, 'node_modules/.bin/webpack'), ['--config', 'webpack.config.mjs'], { cwd: app, stdio: 'pipe' });
  const dist = await startServer({ port: 0, root: join(app, 'dist'), mounts: {} });
  try {
    const page = await browser.newPage();
    const errors = collectErrors(page);
    await page.goto(`${dist.url}/index.html`);
    await page.waitForFunction(() => document.getElementById('out').textContent !== 'loading');
    assert.equal(await page.textContent('#out'), `vitrine ${pkgJson.version} o`);
    assert.equal(await page.textContent('.vitrine-banner__title'), 'Hello from a bundle');
    await screenshot(page, 'package-webpack-build');
    assert.deepEqual(errors, []);
  } finally {
    await dist.close();
  }
});
