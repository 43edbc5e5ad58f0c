// A bare page for runtime tests and the init benchmark: it imports the built package from /pkg/
// and exposes `window.boot(options)`, which runs Vitrine.init, renders one slot and reports what
// happened. `/catalog.bin` serves the signed catalog `origin.catalog` (bytes) with an ETag and
// answers a matching If-None-Match with 304 (or 503 when `origin.down`); every catalog request
// is logged into `requests` with the status it got. `/reports` is a measurement collector: it
// records each request's method, path, headers and body into `reports`.
import { createServer } from 'node:http';
import { createHash } from 'node:crypto';
import { resolve } from 'node:path';
import sirv from 'sirv';
import { repo } from './harness.mjs';

const FIXTURE = `<!doctype html><meta charset="utf-8"><link rel="icon" href="data:,">
<div data-vitrine-slot="home-hero"><p class="fallback">Our own hero</p></div>
<script type="module">
  import { Vitrine } from '/pkg/index.js';
  window.boot = async (options) => {
    const errors = (window.errors = []);
    const started = performance.now();
    const vitrine = await Vitrine.init({ ...options, onError: (e) => errors.push(e.code) });
    const [decision] = vitrine.render({ pageType: 'home' });
    const firstBanner = performance.now() - started;
    window.vitrine = vitrine;
    return { errors, offer: decision.offer?.id ?? null, status: vitrine.status(), firstBanner,
             banner: !!document.querySelector('.vitrine-banner') };
  };
  window.ready = true;
</script>`;

/** The path the catalog is served at. */
export const CATALOG_PATH = '/catalog.bin';

function catalogHandler(origin, requests, req, res) {
  const request = {
    path: req.url.split('?')[0],
    ifNoneMatch: req.headers['if-none-match'] ?? null,
    cookie: req.headers.cookie ?? null,
    status: 200,
  };
  requests.push(request);
  if (origin.down) {
    res.statusCode = request.status = 503;
    return res.end('down');
  }
  const etag = `"${createHash('sha256').update(origin.catalog).digest('hex').slice(0, 16)}"`;
  res.setHeader('ETag', etag);
  res.setHeader('Cache-Control', 'no-cache');
  if (req.headers['if-none-match'] === etag) {
    res.statusCode = request.status = 304;
    return res.end();
  }
  res.setHeader('Content-Type', 'application/octet-stream');
  res.end(origin.catalog);
}

function reportsHandler(reports, req, res) {
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => {
    reports.push({ method: req.method, path: req.url, headers: { ...req.headers }, body: Buffer.concat(chunks).toString('utf8') });
    res.statusCode = 204;
    res.end();
  });
}

/** Starts the fixture server on a free port: resolves to { url, close }. */
export async function startFixtureServer(origin, requests = [], reports = []) {
  const pkg = sirv(resolve(repo, 'pkg'), { dev: true, etag: true });
  const server = createServer((req, res) => {
    if (req.url.startsWith('/pkg/')) {
      req.url = req.url.slice(4);
      return pkg(req, res, () => ((res.statusCode = 404), res.end()));
    }
    if (req.url.split('?')[0] === CATALOG_PATH) return catalogHandler(origin, requests, req, res);
    if (req.url.startsWith('/reports')) return reportsHandler(reports, req, res);
    if (req.url === '/' || req.url.startsWith('/fixture')) {
      res.setHeader('Content-Type', 'text/html');
      return res.end(FIXTURE);
    }
    res.statusCode = 404;
    res.end();
  });
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
  return {
    url: `http://127.0.0.1:${server.address().port}`,
    close: () => new Promise((ok) => server.close(ok)),
  };
}
