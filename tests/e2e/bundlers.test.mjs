// The packed package (as a shop installs it) in a shop page built by Vite (8, 7 and 6), Rollup (+ node-resolve),
// esbuild, SvelteKit and Next.js, and with no bundler (an import map), from tests/fixtures/bundlers/ (issue #12), each served over HTTP with the signed
// demo catalog and opened in headless Chromium: the page shows a banner; and the same page on
// Vite's dev server. webpack is covered by package.test.mjs.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { copyFileSync, cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { collectErrors, installPackage, launchBrowser, packPackage, repo, startServer } from './harness.mjs';

const fixture = resolve(repo, 'tests/fixtures/bundlers');
const bin = (name) => resolve(repo, 'node_modules/.bin', name);
/**
 * Each Vite by its own script: all declare the `vite` bin. Vite 8 (current) and 6 are installed as
 * `vite8` and `vite6`; 7 is `vite`, which SvelteKit 2's plugin needs.
 */
const vite = (major) => resolve(repo, { 6: 'node_modules/vite6', 7: 'node_modules/vite', 8: 'node_modules/vite8' }[major], 'bin/vite.js');
const version = JSON.parse(execFileSync('node', ['-p', 'JSON.stringify(require("./pkg/package.json").version)'], { cwd: repo, encoding: 'utf8' }));
let scratch, browser;

before(async () => {
  scratch = mkdtempSync(join(tmpdir(), 'vitrine-bundlers-'));
  installPackage(packPackage(scratch), fixture);
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

/** Builds the fixture with `build(out)` into a new directory and returns it, with the catalog added. */
function built(name, build) {
  const out = join(scratch, name);
  mkdirSync(out, { recursive: true });
  build(out);
  copyFileSync(resolve(repo, 'www/catalog.bin'), join(out, 'catalog.bin'));
  return out;
}

/** Serves `out` (or, with `url`, uses a running server), opens its page and returns what it shows. */
async function shown(out, url) {
  // The demo catalog's banners show the demo shop's images.
  const server = url ? { url, close: async () => {} } : await startServer({ port: 0, root: out, mounts: { '/img/': resolve(repo, 'www/img') } });
  const page = await browser.newPage();
  const errors = collectErrors(page);
  page.on('response', (r) => r.status() >= 400 && errors.push(`${r.status()} ${r.url()}`));
  try {
    await page.goto(`${server.url}/`);
    await page.waitForFunction(() => document.getElementById('out').textContent !== 'loading', null, { timeout: 20_000 });
    return { text: await page.textContent('#out'), banner: await page.isVisible('.vitrine-banner'), errors };
  } finally {
    await page.close();
    await server.close();
  }
}

const run = (cmd, args, env = {}, cwd = fixture) => execFileSync(cmd, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });

const BUILDS = {
  // No configuration: Vite emits the .wasm the package references with new URL(..., import.meta.url).
  vite: (out) => run('node', [vite(8), 'build', '--outDir', out, '--emptyOutDir', '--logLevel', 'warn']),
  vite7: (out) => run('node', [vite(7), 'build', '--outDir', out, '--emptyOutDir', '--logLevel', 'warn']),
  // Vite 6: the build target raised to es2022 for the quick start's top-level await (vite6.config.js).
  vite6: (out) => run('node', [vite(6), 'build', '--config', 'vite6.config.js', '--outDir', out, '--emptyOutDir', '--logLevel', 'warn']),
  // node-resolve, and the .wasm copied next to the bundle (rollup.config.mjs).
  rollup: (out) => {
    run(bin('rollup'), ['-c', 'rollup.config.mjs', '--silent'], { OUT: out });
    copyFileSync(join(fixture, 'index.html'), join(out, 'index.html'));
  },
  // SvelteKit (prerendered, adapter-static): Vitrine imported and started in onMount.
  sveltekit: (out) => run('node', [vite(7), 'build', '--logLevel', 'warn'], { OUT: out }, join(fixture, 'sveltekit')),
  // Next.js (app router, a client component that starts Vitrine in an effect), exported statically.
  nextjs: (out) => {
    const app = join(fixture, 'nextjs');
    run(bin('next'), ['build'], { NEXT_TELEMETRY_DISABLED: '1' }, app);
    cpSync(join(app, 'out'), out, { recursive: true });
  },
  // No bundler: the page maps the bare specifier to the installed package with an import map.
  importmap: (out) => {
    cpSync(join(fixture, 'node_modules/vitrine'), join(out, 'node_modules/vitrine'), { recursive: true });
    copyFileSync(join(fixture, 'main.js'), join(out, 'main.js'));
    const map = '<script type="importmap">{ "imports": { "vitrine": "/node_modules/vitrine/index.js" } }</script>\n  ';
    writeFileSync(join(out, 'index.html'), readFileSync(join(fixture, 'index.html'), 'utf8').replace('<script type="module"', `${map}<script type="module"`));
  },
  // esbuild bundles; the .wasm is copied next to the bundle (one line in the package README).
  esbuild: (out) => {
    run(bin('esbuild'), ['main.js', '--bundle', '--format=esm', '--log-level=warning', `--outdir=${out}`]);
    copyFileSync(join(fixture, 'node_modules/vitrine/vitrine_wasm_bg.wasm'), join(out, 'vitrine_wasm_bg.wasm'));
    copyFileSync(join(fixture, 'index.html'), join(out, 'index.html'));
  },
};

for (const [name, build] of Object.entries(BUILDS)) {
  test(`${name}: the built shop page shows a banner`, { timeout: 120_000 }, async () => {
    const result = await shown(built(name, build));
    assert.equal(result.text, `vitrine ${version} banner`, result.text);
    assert.equal(result.banner, true);
    assert.deepEqual(result.errors, []);
  });
}

for (const major of [8, 6]) {
  test(`vite ${major} dev server: the page shows a banner (the config keeps the package out of pre-bundling)`, { timeout: 120_000 }, async () => {
    const { createServer } = await import(resolve(repo, { 6: 'node_modules/vite6', 8: 'node_modules/vite8' }[major], 'dist/node/index.js'));
    const pub = join(fixture, 'public');
    rmSync(pub, { recursive: true, force: true });
    mkdirSync(pub, { recursive: true });
    copyFileSync(resolve(repo, 'www/catalog.bin'), join(pub, 'catalog.bin'));
    cpSync(resolve(repo, 'www/img'), join(pub, 'img'), { recursive: true });
    const configFile = join(fixture, major === 6 ? 'vite6.config.js' : 'vite.config.js');
    const server = await createServer({ root: fixture, configFile, logLevel: 'silent', server: { port: 0, host: '127.0.0.1' }, optimizeDeps: { force: true } });
    try {
      await server.listen();
      const { port } = server.httpServer.address();
      const result = await shown(undefined, `http://127.0.0.1:${port}`);
      assert.equal(result.text, `vitrine ${version} banner`, result.text);
      assert.equal(result.banner, true);
      assert.deepEqual(result.errors, []);
    } finally {
      await server.close();
      rmSync(pub, { recursive: true, force: true });
    }
  });
}
