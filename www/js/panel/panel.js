// The shopper panel: a drawer, opened from a button fixed at the bottom corner, that shows what
// Vitrine knows and decided, live. Each section is its own module with create() -> { el, update }.
import { h } from '../dom.js';
import { changes, state } from '../personalization.js';
import * as profile from './profile.js';
import * as decisions from './decisions.js';
import * as caps from './caps.js';
import * as consent from './consent.js';
import * as data from './data.js';
import * as network from './network.js';
import * as beacons from './beacons.js';
import * as orders from './orders.js';

const OPEN_KEY = 'demo-shop-panel-open'; // the shop's UI preference, so the panel stays open across pages

export function mountPanel() {
  const status = h('p', { class: 'panel-status', testid: 'panel-sdk-status', role: 'status' });
  const sections = [profile, decisions, caps, consent, data, orders, network, beacons].map((m) => m.create());
  const panel = h('aside', { id: 'shopper-panel', class: 'panel', testid: 'shopper-panel', 'aria-labelledby': 'panel-h', hidden: true },
    h('div', { class: 'panel-head' },
      h('h2', { id: 'panel-h', tabindex: '-1' }, 'Shopper panel'),
      h('button', { class: 'btn btn-quiet', type: 'button', testid: 'panel-close', 'aria-label': 'Close the shopper panel', onclick: () => setOpen(false) }, '✕')),
    h('p', { class: 'panel-intro' }, 'What Vitrine knows about you, all of it stored in this browser.'),
    status,
    sections.map((s) => s.el));
  const toggle = h('button', {
    class: 'panel-toggle', type: 'button', testid: 'panel-toggle',
    'aria-expanded': 'false', 'aria-controls': 'shopper-panel',
    onclick: () => setOpen(panel.hidden),
  }, h('span', { 'aria-hidden': 'true' }, '◐ '), 'Shopper panel');
  document.body.append(toggle, panel);

  let scheduled = false;
  const update = () => {
    if (panel.hidden || scheduled) return;
    scheduled = true;
    requestAnimationFrame(() => {
      scheduled = false;
      status.textContent = statusText();
      status.dataset.status = state.status;
      for (const s of sections) {
        try {
          s.update();
        } catch (error) {
          console.warn('Vitrine demo: panel section failed', error);
        }
      }
    });
  };
  changes.addEventListener('change', update);
  network.onEntry(update);

  function setOpen(open) {
    panel.hidden = !open;
    document.body.classList.toggle('panel-open', open);
    toggle.setAttribute('aria-expanded', String(open));
    localStorage.setItem(OPEN_KEY, open ? '1' : '0');
    if (open) {
      update();
      panel.querySelector('h2')?.focus?.();
    } else toggle.focus();
  }
  panel.addEventListener('keydown', (e) => e.key === 'Escape' && setOpen(false));
  if (localStorage.getItem(OPEN_KEY) === '1') {
    panel.hidden = false;
    document.body.classList.add('panel-open');
    toggle.setAttribute('aria-expanded', 'true');
    update();
  }
}

function statusText() {
  if (state.status === 'loading') return 'Loading the SDK…';
  if (state.status === 'failed') return `${state.error}. The shop works without it; slots show their default content.`;
  const errors = state.errors.length ? ` ${state.errors.length} error(s): ${state.errors.slice(-3).map((e) => `${e.code}: ${e.message}`).join('; ')}` : '';
  return `Vitrine ${state.version ?? ''} is running.${errors}`;
}
