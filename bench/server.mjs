// The bench's HTTP server, on 127.0.0.1, serving as a CDN would: correct content types
// (application/wasm, so wasm streams), brotli or gzip by Accept-Encoding (Node's zlib at the
// levels of scripts/size.mjs), ETags with 304s, and a cache policy per mount or route. It logs
// every request, so the runner can tell which files a page fetched, and gives each file's
// compressed sizes.
import { createServer } from 'node:http';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { extname, resolve, sep } from 'node:path';
import { gzipSync, brotliCompressSync, constants } from 'node:zlib';

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json',
  '.wasm': 'application/wasm',
  '.map': 'application/json',
  '.svg': 'image/svg+xml',
};

/** `Cache-Control` by policy: SDK files as a CDN serves a pinned package version; pages and data revalidate. */
const CACHE = { immutable: 'public, max-age=31536000, immutable', revalidate: 'no-cache' };

/** A body with its ETag and both compressed forms. */
function encode(body) {
  const raw = Buffer.from(body);
  return {
    raw,
    etag: `"${createHash('sha256').update(raw).digest('base64url').slice(0, 22)}"`,
    gzip: gzipSync(raw, { level: 9 }),
    br: brotliCompressSync(raw, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }),
  };
}

const negotiate = (accepted = '') => (/\bbr\b/.test(accepted) ? 'br' : /\bgzip\b/.test(accepted) ? 'gzip' : null);

/**
 * Starts the server on a free port.
 * - `mounts`: `[{ url, dir, cache }]`, a URL prefix ending in "/" served from a directory.
 * - `routes`: a function of the path returning `{ type, body, cache, headers }` or undefined,
 *   asked on every request before the mounts (so pages can be made per request).
 * Resolves to `{ url, requests, sizes(path), close() }`; `requests` lists `{ path, encoding }`
 * (`encoding`: what was negotiated, null for none or for a 404).
 */
export async function startBenchServer({ mounts, routes }) {
  const files = new Map();
  const bodies = new Map();
  const requests = [];
  const encodeBody = (body) => bodies.get(body) ?? bodies.set(body, encode(body)).get(body);

  const fromMounts = (path) => {
    const mount = mounts.find((m) => path.startsWith(m.url));
    if (!mount) return undefined;
    const file = resolve(mount.dir, decodeURIComponent(path.slice(mount.url.length)));
    if (!file.startsWith(resolve(mount.dir) + sep)) return undefined;
    if (!files.has(file)) {
      try {
        files.set(file, encode(readFileSync(file)));
      } catch {
        return undefined;
      }
    }
    return { type: TYPES[extname(file)] ?? 'application/octet-stream', encoded: files.get(file), cache: mount.cache };
  };

  const find = (path) => {
    const route = routes(path);
    return route ? { ...route, encoded: encodeBody(route.body) } : fromMounts(path);
  };

  const server = createServer((req, res) => {
    const path = new URL(req.url, 'http://bench').pathname;
    const found = find(path);
    const encoding = found && negotiate(req.headers['accept-encoding']);
    requests.push({ path, encoding });
    if (!found) {
      res.writeHead(404, { 'Content-Type': 'text/plain' });
      return res.end(`not found: ${path}`);
    }
    const { encoded } = found;
    const headers = {
      'Content-Type': found.type,
      'Cache-Control': CACHE[found.cache ?? 'revalidate'],
      ETag: encoded.etag,
      Vary: 'Accept-Encoding',
      ...found.headers,
    };
    if (req.headers['if-none-match'] === encoded.etag) {
      res.writeHead(304, headers);
      return res.end();
    }
    if (encoding) headers['Content-Encoding'] = encoding;
    res.writeHead(200, headers);
    res.end(encoding ? encoded[encoding] : encoded.raw);
  });

  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
  return {
    url: `http://127.0.0.1:${server.address().port}`,
    requests,
    /** Raw, gzip and brotli bytes of what `path` serves. */
    sizes(path) {
      const found = find(path);
      if (!found) throw new Error(`bench server: nothing is served at ${path}`);
      const { raw, gzip, br } = found.encoded;
      return { raw: raw.length, gzip: gzip.length, brotli: br.length };
    },
    close: () => new Promise((ok) => server.close(ok)),
  };
}
