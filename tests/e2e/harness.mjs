// Shared end-to-end harness: a local static server on 127.0.0.1 and headless system Chromium
// driven by playwright-core. Screenshots go to test-results/ (kept as CI artifacts).
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { startServer } from '../../scripts/serve.mjs';

export const repo = resolve(fileURLToPath(import.meta.url), '../../..');
export const artifacts = resolve(repo, 'test-results');

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-quic',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/** Chromium switch that exposes Web Bluetooth advertisements (`watchAdvertisements`) to pages. */
export const EXPERIMENTAL_WEB_PLATFORM = '--enable-experimental-web-platform-features';

/**
 * Launches headless Chromium (the system one: Playwright's own download cannot work here).
 * `options.experimental` adds EXPERIMENTAL_WEB_PLATFORM (Web Bluetooth tests).
 */
export function launchBrowser(extraArgs = [], { experimental = false } = {}) {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
    headless: true,
    args: [...CHROMIUM_ARGS, ...(experimental ? [EXPERIMENTAL_WEB_PLATFORM] : []), ...extraArgs],
  });
}

/** Serves the demo shop (www/ with the built package at /pkg/) on a free port. */
export function serveDemo() {
  return startServer({ port: 0 });
}

export { startServer };

/** Packs pkg/ (`npm pack`, into `scratch`) and returns the tarball's path: what a shop installs. */
export function packPackage(scratch) {
  const [{ filename }] = JSON.parse(execFileSync('npm', ['pack', '--json', '--pack-destination', scratch, resolve(repo, 'pkg')], { encoding: 'utf8' }));
  return join(scratch, filename);
}

/** Installs `tarball` as `dir`/node_modules/vitrine, replacing what was there. */
export function installPackage(tarball, dir) {
  const installed = join(dir, 'node_modules/vitrine');
  rmSync(installed, { recursive: true, force: true });
  mkdirSync(installed, { recursive: true });
  execFileSync('tar', ['-xzf', tarball, '-C', installed, '--strip-components=1']);
}

/** Saves a full-page screenshot as test-results/<name>.png and returns its path. */
export async function screenshot(page, name) {
  mkdirSync(artifacts, { recursive: true });
  const path = resolve(artifacts, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}

/** Collects console errors and uncaught page errors, to assert that a page ran cleanly. */
export function collectErrors(page) {
  const errors = [];
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  page.on('console', (m) => m.type() === 'error' && errors.push(`console: ${m.text()}`));
  return errors;
}
