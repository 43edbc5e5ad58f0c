// A small static server for the demo shop and the end-to-end tests: 127.0.0.1 only, correct MIME
// types (application/wasm, so compileStreaming works), ETag/If-None-Match revalidation.
//
//   node scripts/serve.mjs [--port 8080] [--root www] [--mount /pkg/=pkg] ...
//
// Pretty routes (/product/<id>, /category/coffee, /search?q=…) get the single-page fallback: a GET
// for a path without a file extension that matches no file is answered with <root>/index.html,
// which renders the route from `location`. Paths with an extension still 404 when missing.
//
// Also importable: `startServer({ port: 0, root, mounts })` resolves to { url, close }.
import { createServer } from 'node:http';
import { fileURLToPath } from 'node:url';
import { extname, resolve } from 'node:path';
import sirv from 'sirv';

const repo = resolve(fileURLToPath(import.meta.url), '../..');

/**
 * @param {{ port?: number, root?: string, mounts?: Record<string, string> }} options
 *   mounts maps a URL prefix ending in "/" to a directory.
 */
export function startServer({ port = 8080, root = resolve(repo, 'www'), mounts = { '/pkg/': resolve(repo, 'pkg') } } = {}) {
  const opts = { dev: true, etag: true, dotfiles: false };
  const handlers = Object.entries(mounts)
    .sort(([a], [b]) => b.length - a.length)
    .map(([prefix, dir]) => [prefix, sirv(dir, opts)]);
  const files = sirv(root, opts);
  const server = createServer((req, res) => {
    for (const [prefix, handler] of handlers) {
      if (req.url.startsWith(prefix)) {
        req.url = '/' + req.url.slice(prefix.length);
        return handler(req, res, () => notFound(res));
      }
    }
    files(req, res, () => {
      if (!isPageRoute(req)) return notFound(res);
      req.url = '/index.html';
      files(req, res, () => notFound(res));
    });
  });
  return new Promise((ok, fail) => {
    server.once('error', fail);
    server.listen(port, '127.0.0.1', () => {
      const { port: bound } = server.address();
      ok({ url: `http://127.0.0.1:${bound}`, close: () => new Promise((done) => server.close(done)), server });
    });
  });
}

/** A page navigation the shop's router handles: GET/HEAD of a path with no file extension. */
function isPageRoute(req) {
  if (req.method !== 'GET' && req.method !== 'HEAD') return false;
  return extname(req.url.split(/[?#]/)[0]) === '';
}

function notFound(res) {
  res.statusCode = 404;
  res.end('not found');
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const options = { mounts: {} };
  for (let i = 0; i < args.length; i += 2) {
    const [flag, value] = [args[i], args[i + 1]];
    if (flag === '--port') options.port = Number(value);
    else if (flag === '--root') options.root = resolve(value);
    else if (flag === '--mount') {
      const [prefix, dir] = value.split('=');
      options.mounts[prefix] = resolve(dir);
    } else {
      console.error(`serve: unknown option ${flag}`);
      process.exit(2);
    }
  }
  if (Object.keys(options.mounts).length === 0) delete options.mounts;
  const { url } = await startServer(options);
  console.log(`Vitrine demo: ${url}/  (Ctrl-C to stop)`);
}
