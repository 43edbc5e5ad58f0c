// Caps: how often each offer was shown, clicked and dismissed (what frequency caps count), and
// when it was last shown (`profile().offers`).
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
      const offers = profile()?.offers ?? [];
      if (offers.length === 0) return fill(body, note('No offer has been shown yet.', 'caps-empty'));
      fill(body, h('table', { class: 'caps', testid: 'caps-table' },
        h('caption', { class: 'visually-hidden' }, 'Offer counters'),
        h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Offer'), COLUMNS.map((c) => h('th', { scope: 'col' }, c)))),
        h('tbody', {}, offers.map((o) => h('tr', { testid: 'caps-row', dataset: { offer: o.id } },
          h('th', { scope: 'row' }, h('code', {}, o.id), lastShown(o)),
          COLUMNS.map((c) => h('td', { dataset: { counter: c } }, String(o[c]))))))));
    },
  };
}

function lastShown({ lastShownAt }) {
  if (lastShownAt === null) return null;
  return h('small', { class: 'muted' }, ' last shown ', h('time', { datetime: new Date(lastShownAt).toISOString() }, new Date(lastShownAt).toLocaleString()));
}
