// `make bench-phases`: where a cold start's time goes. Loads each SDK's cold-start page
// (bench/pages.mjs) as bench/cold-start.mjs does (a fresh context per sample, first visit then
// repeat visit, the same device emulation) and prints, per SDK, device and visit, the median time
// since navigation start of each step: resource timing (request start, response end), and the
// platform calls the page makes, seen through wrappers an init script installs (fetch,
// WebAssembly compile and instantiate, IndexedDB open, upgrade and transactions, WebCrypto
// verify, localStorage reads: GrowthBook's cache), then the first banner. Diagnostic only: the
// wrappers cost a little, and medians of separate steps need not add up.
//
//   node bench/phases.mjs [--loads 10] [--devices desktop,phone] [--sdks vitrine,growthbook]
//                         [--package vitrine=<dir>]
import { parseArgs } from 'node:util';
import { repo, launchBrowser, collectErrors } from '../tests/e2e/harness.mjs';
import { sdks } from './adapters/index.js';
import { startBenchServer } from './server.mjs';
import { site, coldStartPath } from './pages.mjs';
import { DEVICES, VISITS } from './cold-start.mjs';

const { values: args } = parseArgs({
  options: {
    loads: { type: 'string', default: '10' },
    devices: { type: 'string', default: Object.keys(DEVICES).join(',') },
    sdks: { type: 'string', default: sdks.map((s) => s.key).join(',') },
    package: { type: 'string', multiple: true, default: [] },
  },
});

/** Page function: wraps the platform calls whose timing matters, logging into `window.__marks`. */
const INSTRUMENT = () => {
  const marks = (window.__marks = []);
  const mark = (name) => marks.push([name, performance.now()]);
  const timeAsync = (object, key, name) => {
    const original = object?.[key];
    if (typeof original !== 'function') return;
    object[key] = function (...args) {
      mark(`${name} start`);
      const result = original.apply(this, args);
      result.then(() => mark(`${name} end`), () => mark(`${name} failed`));
      return result;
    };
  };
  timeAsync(WebAssembly, 'compileStreaming', 'wasm compileStreaming');
  timeAsync(WebAssembly, 'compile', 'wasm compile');
  timeAsync(crypto.subtle, 'verify', 'crypto verify');
  const fetch = window.fetch;
  window.fetch = function (input, init) {
    const name = `fetch ${String(input instanceof Request ? input.url : input).replace(location.origin, '')}`;
    mark(`${name} start`);
    const response = fetch.call(this, input, init);
    response.then(() => mark(`${name} headers`), () => {});
    return response;
  };
  const Instance = WebAssembly.Instance;
  function TimedInstance(module, imports) {
    mark('wasm instantiate start');
    const instance = new Instance(module, imports);
    mark('wasm instantiate end');
    return instance;
  }
  TimedInstance.prototype = Instance.prototype;
  WebAssembly.Instance = TimedInstance;
  const open = IDBFactory.prototype.open;
  IDBFactory.prototype.open = function (...args) {
    mark('idb open start');
    const request = open.apply(this, args);
    request.addEventListener('upgradeneeded', () => mark('idb upgradeneeded'));
    request.addEventListener('success', () => mark('idb open end'));
    return request;
  };
  const transaction = IDBDatabase.prototype.transaction;
  let count = 0;
  IDBDatabase.prototype.transaction = function (stores, mode = 'readonly') {
    const name = `idb ${mode} ${[stores].flat().join(',')} #${++count}`;
    mark(`${name} start`);
    const tx = transaction.call(this, stores, mode);
    tx.addEventListener('complete', () => mark(`${name} complete`));
    return tx;
  };
  const getItem = Storage.prototype.getItem;
  Storage.prototype.getItem = function (...args) {
    mark(`localStorage read ${args[0]}`);
    return getItem.apply(this, args);
  };
};

/** One visit's steps, as [name, ms since navigation start]. */
async function steps(page, url) {
  await page.goto(url, { waitUntil: 'domcontentloaded' });
  return page.evaluate(async () => {
    const banner = await window.bannerShown;
    const out = [];
    for (const e of performance.getEntriesByType('resource')) {
      const name = e.name.replace(location.origin, '');
      out.push([`resource ${name} request`, e.startTime], [`resource ${name} response end`, e.responseEnd]);
    }
    out.push(['DOMContentLoaded', performance.getEntriesByType('navigation')[0].domContentLoadedEventStart]);
    const seen = new Map();
    for (const [name, at] of window.__marks) {
      const n = (seen.get(name) ?? 0) + 1;
      seen.set(name, n);
      out.push([n === 1 ? name : `${name} (${n})`, at]);
    }
    out.push(['banner', banner]);
    return out;
  });
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const packageDirs = Object.fromEntries(args.package.map((p) => p.split('=')));
const server = await startBenchServer(site(repo, { packageDirs }));
const browser = await launchBrowser();
try {
  for (const device of args.devices.split(',')) {
    for (const sdk of sdks.filter((s) => args.sdks.split(',').includes(s.key))) {
      const samples = Object.fromEntries(VISITS.map((v) => [v, new Map()]));
      for (let i = 0; i < Number(args.loads); i++) {
        const settings = DEVICES[device];
        const context = await browser.newContext(settings.context);
        await context.addInitScript(INSTRUMENT);
        const page = await context.newPage();
        const errors = collectErrors(page);
        const cdp = await context.newCDPSession(page);
        if (settings.network) {
          await cdp.send('Network.enable');
          await cdp.send('Network.emulateNetworkConditions', settings.network);
        }
        if (settings.cpuSlowdown) await cdp.send('Emulation.setCPUThrottlingRate', { rate: settings.cpuSlowdown });
        for (const [n, visit] of VISITS.entries()) {
          if (n > 0) await new Promise((ok) => setTimeout(ok, 1000));
          for (const [name, at] of await steps(page, `${server.url}${coldStartPath(sdk)}?visit=${visit}`)) {
            const runs = samples[visit].get(name) ?? samples[visit].set(name, []).get(name);
            runs.push(at);
          }
        }
        await context.close();
        if (errors.length) throw new Error(`${sdk.name}, ${device}: ${errors.join('; ')}`);
      }
      for (const visit of VISITS) {
        console.log(`\n${sdk.name}, ${device}, ${visit} visit (median ms since navigation start, ${args.loads} loads)`);
        const rows = [...samples[visit]].map(([name, runs]) => [name, median(runs), runs.length]);
        for (const [name, ms, n] of rows.sort((a, b) => a[1] - b[1])) {
          console.log(`${ms.toFixed(1).padStart(8)}  ${name}${n < Number(args.loads) ? ` (in ${n} loads)` : ''}`);
        }
      }
    }
  }
} finally {
  await browser.close();
  await server.close();
}
