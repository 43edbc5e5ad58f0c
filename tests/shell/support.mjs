// Shared support for the shell tests (tests/shell/*.test.mjs): builds the TypeScript shell into
// target/shell/ when a source is newer than its output, serves it with a blank test page and
// per-test routes on 127.0.0.1 (a secure context, so WebCrypto works), and opens pages in
// headless Chromium (tests/e2e/harness.mjs's launcher).
import { execFileSync } from 'node:child_process';
import { readFile, stat } from 'node:fs/promises';
import { existsSync, mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { extname, join, relative, resolve, sep } from 'node:path';
import { launchBrowser, repo } from '../e2e/harness.mjs';

export { repo };
const sources = resolve(repo, 'shell/src');
export const shellOut = resolve(repo, 'target/shell');

/** A host name that resolves to 127.0.0.1 but is not a secure context (no `crypto.subtle`). */
export const INSECURE_HOST = 'insecure.test';

/** Marks a failed compile, so that the next run compiles (and fails) again. */
const failedMarker = resolve(repo, 'target/shell.build-failed');

/**
 * Compiles the whole shell (every module, not only the ones a test imports) when a source is
 * newer than its output or the last compile failed. Throws on a type error.
 */
export function buildShell() {
  if (!shellIsStale()) return;
  mkdirSync(shellOut, { recursive: true });
  writeFileSync(failedMarker, '');
  execFileSync(resolve(repo, 'node_modules/.bin/tsc'), ['-p', 'shell/tsconfig.json'], {
    cwd: repo,
    stdio: 'inherit',
  });
  rmSync(failedMarker, { force: true });
}

function shellIsStale() {
  if (existsSync(failedMarker)) return true;
  const config = statSync(resolve(repo, 'shell/tsconfig.json')).mtimeMs;
  return listTs(sources).some((file) => {
    const out = join(shellOut, relative(sources, file)).replace(/\.ts$/, '.js');
    if (!existsSync(out)) return true;
    const built = statSync(out).mtimeMs;
    return built < statSync(file).mtimeMs || built < config;
  });
}

function listTs(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return listTs(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

/** The blank page the tests run in; `outcome(fn)` turns a rejection into plain data. */
const TEST_PAGE = `<!doctype html>
<meta charset="utf-8">
<title>Vitrine shell tests</title>
<script>
  window.outcome = async (fn) => {
    try {
      return { value: await fn() };
    } catch (e) {
      return { error: { code: e && e.code, name: e && e.name, message: String(e && e.message || e) } };
    }
  };
</script>
`;

/**
 * Serves target/shell/ at /shell/, the test page at /, and `routes` (path → node http handler,
 * matched without the query string). Records every request in `requests`.
 */
export function startShellServer(routes = {}) {
  const requests = [];
  const server = createServer(async (req, res) => {
    const path = req.url.split('?')[0];
    requests.push({ path, method: req.method, headers: req.headers });
    if (routes[path]) return routes[path](req, res);
    if (path === '/') {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      return res.end(TEST_PAGE);
    }
    if (path.startsWith('/shell/')) {
      const file = resolve(shellOut, '.' + path.slice('/shell'.length));
      if (file.startsWith(shellOut + sep) && (await stat(file).catch(() => null))?.isFile()) {
        const type = extname(file) === '.js' ? 'text/javascript' : 'application/octet-stream';
        res.writeHead(200, { 'content-type': type, 'cache-control': 'no-store' });
        return res.end(await readFile(file));
      }
    }
    res.writeHead(404, { 'content-type': 'text/plain' });
    res.end('not found');
  });
  return new Promise((ok, fail) => {
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      ok({
        url: `http://127.0.0.1:${port}`,
        insecureUrl: `http://${INSECURE_HOST}:${port}`,
        port,
        requests,
        close: () => {
          server.closeAllConnections();
          return new Promise((done) => server.close(done));
        },
      });
    });
  });
}

/** Builds the shell, starts the server and headless Chromium; `close()` stops both. */
export async function startShellTests(routes = {}) {
  buildShell();
  const server = await startShellServer(routes);
  const browser = await launchBrowser([`--host-resolver-rules=MAP ${INSECURE_HOST} 127.0.0.1`]);
  return {
    server,
    browser,
    /** A fresh page (own context: own IndexedDB) on the test page, reporting page errors. */
    async page({ origin = server.url } = {}) {
      const context = await browser.newContext();
      const page = await context.newPage();
      page.errors = [];
      page.on('pageerror', (e) => page.errors.push(e.message));
      await page.goto(`${origin}/`);
      return page;
    },
    async close() {
      await browser.close();
      await server.close();
    },
  };
}
