// Caps: how often each offer was shown, clicked and dismissed (what frequency caps count).
import { h, fill } from '../dom.js';
import { profile } from '../personalization.js';
import { note, section, unavailableReason } from './section.js';

const COLUMNS = ['impressions', 'clicks', 'dismissals'];

export function create() {
  const { el, body } = section('caps', 'Frequency caps');
  return {
    el,
    update() {
      const why = unavailableReason('profile');
      if (why) return fill(body, note(why));
      const offers = normalize(profile()?.offers);
      if (offers.length === 0) return fill(body, note('No offer has been shown yet.', 'caps-empty'));
      fill(body, h('table', { class: 'caps', testid: 'caps-table' },
        h('caption', { class: 'visually-hidden' }, 'Offer counters'),
        h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Offer'), COLUMNS.map((c) => h('th', { scope: 'col' }, c)))),
        h('tbody', {}, offers.map((o) => h('tr', { testid: 'caps-row', dataset: { offer: o.id } },
          h('th', { scope: 'row' }, h('code', {}, o.id), extras(o)),
          COLUMNS.map((c) => h('td', { dataset: { counter: c } }, String(o[c] ?? 0))))))));
    },
  };
}

function normalize(offers) {
  if (!offers) return [];
  if (Array.isArray(offers)) return offers;
  return Object.entries(offers).map(([id, o]) => ({ id, ...o }));
}

// Any other scalar the SDK reports per offer (last shown, cooldowns…), in small print.
function extras(o) {
  const rest = Object.entries(o).filter(([k, v]) => k !== 'id' && !COLUMNS.includes(k) && v !== null && typeof v !== 'object');
  return rest.length ? h('small', { class: 'muted' }, ' ', rest.map(([k, v]) => `${k}: ${v}`).join(' · ')) : null;
}
