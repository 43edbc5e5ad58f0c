// shell/src/catalog-fetch.ts in headless Chromium against real HTTP from the local server:
// success without cookies or Referer, 304 revalidation, HTTP errors, timeouts (headers and
// body), the size limit read with a reader, network errors, the timer cleared.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startShellTests } from './support.mjs';

const BODY = Buffer.from('VTSG\x01 catalog bytes \x00\xff');
const LIMIT = 1024 * 1024 + 77;
let bigClosedEarly = false;

const routes = {
  '/catalog': (req, res) => {
    if (req.headers['if-none-match'] === '"v1"') {
      res.writeHead(304, { etag: '"v1"' });
      return res.end();
    }
    res.writeHead(200, { 'content-type': 'application/octet-stream', etag: '"v1"' });
    res.end(BODY);
  },
  '/always-304': (_req, res) => {
    res.writeHead(304);
    res.end();
  },
  '/status/500': (_req, res) => {
    res.writeHead(500, { 'content-type': 'text/plain' });
    res.end('boom');
  },
  '/status/404': (_req, res) => {
    res.writeHead(404);
    res.end();
  },
  '/hang': () => {},
  '/slow-body': (_req, res) => {
    res.writeHead(200, { 'content-type': 'application/octet-stream' });
    res.write(BODY); // then nothing more, never the end
  },
  '/exact': (_req, res) => {
    res.writeHead(200, { 'content-type': 'application/octet-stream' });
    res.end(Buffer.alloc(LIMIT, 7));
  },
  '/over-by-one': (_req, res) => {
    res.writeHead(200, { 'content-type': 'application/octet-stream' });
    res.end(Buffer.alloc(LIMIT + 1, 7));
  },
  // Chunked, no Content-Length, never ends: only a reader that stops protects the page.
  '/endless': (_req, res) => {
    res.writeHead(200, { 'content-type': 'application/octet-stream' });
    const chunk = Buffer.alloc(64 * 1024, 1);
    let sent = 0;
    const pump = () => {
      while (!res.destroyed && sent < 64 * 1024 * 1024) {
        sent += chunk.length;
        if (!res.write(chunk)) return res.once('drain', pump);
      }
    };
    res.on('close', () => {
      bigClosedEarly = sent < 64 * 1024 * 1024;
    });
    pump();
  },
  '/reset': (_req, res) => {
    res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': '1000' });
    res.write(BODY);
    setTimeout(() => res.socket.destroy(), 20);
  },
};

let t;
let page;

before(async () => {
  t = await startShellTests(routes);
  page = await t.page();
  await page.evaluate(() => {
    document.cookie = 'session=shopper-123';
    window.get = async (request) => {
      const { fetchCatalog } = await import('/shell/catalog-fetch.js');
      return window.outcome(async () => {
        const r = await fetchCatalog(request);
        return r.status === 'fresh' ? { ...r, bytes: [...r.bytes.slice(0, 32)], length: r.bytes.length } : r;
      });
    };
  });
});

after(() => t.close());

/** The requests the server saw for `path`. */
const seen = (path) => t.server.requests.filter((r) => r.path === path);

test('200: the exact bytes and the ETag, sent without cookies or Referer, always revalidated', async () => {
  const { value } = await page.evaluate(() => window.get({ url: '/catalog', timeoutMs: 2000 }));
  assert.equal(value.status, 'fresh');
  assert.deepEqual(value.bytes, [...BODY]);
  assert.equal(value.etag, '"v1"');
  const [request] = seen('/catalog');
  assert.equal(request.method, 'GET');
  assert.equal(request.headers.cookie, undefined);
  assert.equal(request.headers.referer, undefined);
  assert.equal(request.headers['if-none-match'], undefined);
  // `cache: 'no-cache'`: Chromium asks the server to revalidate any cached copy.
  assert.match(request.headers['cache-control'], /max-age=0|no-cache/);
});

test('304: a matching If-None-Match answers not-modified', async () => {
  const { value } = await page.evaluate(() => window.get({ url: '/catalog', etag: '"v1"', timeoutMs: 2000 }));
  assert.deepEqual(value, { status: 'not-modified' });
  assert.equal(seen('/catalog').at(-1).headers['if-none-match'], '"v1"');
  // A changed ETag gets the new bytes.
  const fresh = await page.evaluate(() => window.get({ url: '/catalog', etag: '"v0"', timeoutMs: 2000 }));
  assert.equal(fresh.value.status, 'fresh');
  // A 304 to a request that sent no ETag is not a catalog.
  const { error } = await page.evaluate(() => window.get({ url: '/always-304', timeoutMs: 2000 }));
  assert.equal(error.code, 'catalog_fetch_failed');
  assert.match(error.message, /HTTP 304/);
});

test('HTTP errors are catalog_fetch_failed with the status', async () => {
  for (const status of [500, 404]) {
    const { error } = await page.evaluate((url) => window.get({ url, timeoutMs: 2000 }), `/status/${status}`);
    assert.equal(error.code, 'catalog_fetch_failed');
    assert.match(error.message, new RegExp(`GET /status/${status}: the server answered HTTP ${status}`));
  }
});

test('no answer, or a body that stalls, times out within the bound', async () => {
  for (const url of ['/hang', '/slow-body']) {
    const started = Date.now();
    const { error } = await page.evaluate((url) => window.get({ url, timeoutMs: 300 }), url);
    const took = Date.now() - started;
    assert.equal(error.code, 'catalog_fetch_failed', url);
    assert.match(error.message, /no complete answer within 300 ms/, url);
    // Generous upper bound: the point is that it ends (a loaded CI machine is slow, not hung).
    assert.ok(took >= 290 && took < 5000, `${url} took ${took} ms`);
  }
});

test('the size limit: exactly 1 MiB + envelope is read, one byte more or an endless body is refused', async () => {
  const exact = await page.evaluate(() => window.get({ url: '/exact', timeoutMs: 5000 }));
  assert.equal(exact.value.length, LIMIT);
  for (const url of ['/over-by-one', '/endless']) {
    const { error } = await page.evaluate((url) => window.get({ url, timeoutMs: 10000 }), url);
    assert.equal(error.code, 'catalog_fetch_failed', url);
    assert.match(error.message, new RegExp(`larger than the ${LIMIT}-byte catalog limit`), url);
  }
  // The reader cancelled the stream: the server saw the connection go long before 64 MiB.
  await new Promise((done) => setTimeout(done, 100));
  assert.ok(bigClosedEarly, 'the endless body was read to its end');
});

test('network errors (refused connection, connection reset mid-body) are catalog_fetch_failed', async () => {
  const refused = await page.evaluate(() => window.get({ url: 'http://127.0.0.1:1/catalog', timeoutMs: 2000 }));
  assert.equal(refused.error.code, 'catalog_fetch_failed');
  assert.match(refused.error.message, /GET http:\/\/127\.0\.0\.1:1\/catalog failed \(network error\)/);
  const reset = await page.evaluate(() => window.get({ url: '/reset', timeoutMs: 2000 }));
  assert.equal(reset.error.code, 'catalog_fetch_failed');
  assert.match(reset.error.message, /network error/);
});

test('the timeout timer is always cleared', async () => {
  const result = await page.evaluate(async () => {
    const { fetchCatalog } = await import('/shell/catalog-fetch.js');
    // Count live timers while the adapter runs.
    const live = new Set();
    const [set, clear] = [window.setTimeout, window.clearTimeout];
    window.setTimeout = (fn, ms) => {
      const id = set(() => (live.delete(id), fn()), ms);
      live.add(id);
      return id;
    };
    window.clearTimeout = (id) => (live.delete(id), clear(id));
    try {
      const ok = await window.outcome(() => fetchCatalog({ url: '/catalog', timeoutMs: 60000 }));
      const failed = await window.outcome(() => fetchCatalog({ url: '/status/500', timeoutMs: 60000 }));
      return { ok: ok.value.status, failed: failed.error.code, live: live.size };
    } finally {
      window.setTimeout = set;
      window.clearTimeout = clear;
    }
  });
  assert.equal(result.ok, 'fresh');
  assert.equal(result.failed, 'catalog_fetch_failed');
  assert.equal(result.live, 0, 'a timeout timer was left running');
  assert.deepEqual(page.errors, []);
});
