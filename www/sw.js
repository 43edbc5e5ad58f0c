// The demo shop's service worker: after the first visit the shop works with the network offline.
// Page navigations, the signed campaign catalog (/catalog.bin) and the key list go network-first
// (fresh when online, cached when not); everything else (app shell, data, images, /pkg/) is served
// from the cache first and refreshed in the background, so a rebuilt package shows up on the next
// load. Nothing personal is cached: only static files, and every route is cached as /index.html.
const VERSION = 'v3'; // v3: vitrine/beacons has its own wasm (v2: the slim package, catalog.bin)
const CACHE = `vitrine-demo-${VERSION}`;

const SHELL = [
  '/index.html', '/css/shop.css', '/img/icon.svg', '/data/products.json',
  '/js/app.js', '/js/dom.js', '/js/router.js', '/js/products.js', '/js/cart.js', '/js/ui.js',
  '/js/personalization.js', '/js/consent-banner.js',
  ...['home', 'category', 'product', 'search', 'cart', 'checkout', 'order-complete', 'collection', 'quiz', 'article', 'not-found']
    .map((page) => `/js/pages/${page}.js`),
  ...['panel', 'section', 'profile', 'decisions', 'caps', 'consent', 'data', 'network', 'beacons']
    .map((part) => `/js/panel/${part}.js`),
  // The package's default entry (the ES module and its WebAssembly) and the optional beacons entry
  // (likewise).
  '/pkg/index.js', '/pkg/vitrine_wasm_bg.wasm', '/pkg/beacons.js', '/pkg/vitrine_beacons_bg.wasm',
];
const NETWORK_FIRST = new Set(['/catalog.bin', '/vitrine-keys.json']);

self.addEventListener('install', (event) => {
  event.waitUntil((async () => {
    const cache = await caches.open(CACHE);
    // Images are listed by the data that uses them. Each file is cached on its own, so one missing
    // file (say, no signed catalog yet) does not fail the whole install.
    const images = await imagesToCache();
    await Promise.all([...SHELL, ...images, ...NETWORK_FIRST].map((url) => cache.add(url).catch(() => {})));
    await self.skipWaiting();
  })());
});

self.addEventListener('activate', (event) => {
  event.waitUntil((async () => {
    for (const key of await caches.keys()) if (key.startsWith('vitrine-demo-') && key !== CACHE) await caches.delete(key);
    await self.clients.claim();
  })());
});

self.addEventListener('fetch', (event) => {
  const { request } = event;
  const url = new URL(request.url);
  if (request.method !== 'GET' || url.origin !== location.origin) return;
  if (request.mode === 'navigate') event.respondWith(networkFirst(request, '/index.html'));
  else if (NETWORK_FIRST.has(url.pathname)) event.respondWith(networkFirst(request, url.pathname));
  else event.respondWith(cacheFirst(request, event));
});

async function networkFirst(request, key) {
  const cache = await caches.open(CACHE);
  try {
    const response = await fetch(request);
    if (response.ok) await cache.put(key, response.clone());
    return response;
  } catch (error) {
    const cached = await cache.match(key);
    if (cached) return cached;
    throw error;
  }
}

async function cacheFirst(request, event) {
  const cache = await caches.open(CACHE);
  const key = new URL(request.url).pathname; // query strings never select a different static file here
  const cached = await cache.match(key);
  const refresh = fetch(request).then(async (response) => {
    if (response.ok) await cache.put(key, response.clone());
    return response;
  });
  if (cached) {
    event.waitUntil(refresh.catch(() => {}));
    return cached;
  }
  return refresh;
}

async function imagesToCache() {
  const urls = [];
  try {
    const { products } = await (await fetch('/data/products.json')).json();
    urls.push(...products.map((p) => p.image));
  } catch { /* offline during install: images are cached as they are viewed */ }
  try {
    // The offers' images (www/tools/make-images.mjs lists them: the catalog itself is binary).
    urls.push(...await (await fetch('/img/offers/index.json')).json());
  } catch { /* same */ }
  return [...new Set(urls)];
}
