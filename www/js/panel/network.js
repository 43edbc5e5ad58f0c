// Network: every request this page made, from the browser's own Resource Timing records, to show
// that nothing personal leaves the browser. (Resource Timing has no method or body; the URL is
// where query strings would give data away, so it is shown in full.)
import { h, fill } from '../dom.js';
import { section } from './section.js';

const entries = [];
const listeners = new Set();
const VITRINE_DATA = new Set(['/catalog.bin']);

// Observe from the first import, so the list is complete whenever the panel opens.
if (typeof PerformanceObserver === 'function') {
  performance.setResourceTimingBufferSize?.(2000);
  const observer = new PerformanceObserver((list) => {
    entries.push(...list.getEntries());
    for (const fn of listeners) fn();
  });
  for (const type of ['navigation', 'resource']) {
    try {
      observer.observe({ type, buffered: true });
    } catch {
      // Not supported in this browser: the section says so below.
    }
  }
}

export const onEntry = (fn) => listeners.add(fn);

export function create() {
  const { el, body } = section('network', 'Network');
  return {
    el,
    update() {
      const rows = entries.map(describe);
      const external = rows.filter((r) => !r.sameOrigin).length;
      fill(body,
        h('p', {}, 'Vitrine only fetches the signed campaign catalog, /catalog.bin (plus its own code from /pkg/). Everything else here is the shop loading its pages and images.'),
        h('p', { testid: 'network-summary', class: external ? 'notice notice-alert' : 'notice' },
          `${rows.length} request${rows.length === 1 ? '' : 's'} · ${external} to other sites · ${rows.filter((r) => r.vitrine === 'data').length} for Vitrine's catalog`),
        rows.length === 0 ? h('p', { class: 'muted' }, 'No requests recorded (Resource Timing unavailable?).')
          : h('ol', { class: 'network', testid: 'network-log' }, rows.map((r) =>
            h('li', { testid: 'network-entry', dataset: { url: r.url, type: r.type, who: r.vitrine ?? 'shop' } },
              h('span', { class: 'net-url' }, r.url),
              h('span', { class: 'net-meta' }, r.type, ' · ', r.size, r.vitrine ? h('span', { class: 'badge' }, r.vitrine === 'data' ? 'Vitrine data' : 'Vitrine code') : null)))),
        h('p', { class: 'muted' }, 'The Beacons section of this panel loads vitrine/beacons (/pkg/beacons.js) when it is first shown.'));
    },
  };
}

function describe(entry) {
  const url = new URL(entry.name, location.href);
  const sameOrigin = url.origin === location.origin;
  const path = url.pathname;
  return {
    url: sameOrigin ? path + url.search : url.href,
    sameOrigin,
    type: entry.entryType === 'navigation' ? 'navigation' : entry.initiatorType,
    size: entry.transferSize > 0 ? `${(entry.transferSize / 1024).toFixed(1)} kB` : entry.decodedBodySize > 0 ? 'from cache' : '—',
    vitrine: !sameOrigin ? null : VITRINE_DATA.has(path) ? 'data' : path.startsWith('/pkg/') ? 'code' : null,
  };
}
