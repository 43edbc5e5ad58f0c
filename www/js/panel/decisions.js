// Decisions: for each slot of the latest render, the offer, the mode and why, with the offers
// that were set aside (personalization.js, `explainedDecisions`).
import { h, fill } from '../dom.js';
import { explainedDecisions, render } from '../personalization.js';
import { json, note, section, unavailableReason } from './section.js';

export function create() {
  const { el, body } = section('decisions', 'Decisions on this page');
  return {
    el,
    update() {
      const why = unavailableReason('lastDecisions') ?? unavailableReason('decide');
      if (why) return fill(body, note(why));
      const list = explainedDecisions();
      fill(body,
        list.length === 0 ? note('No slot was decided on this page.', 'decisions-empty') : h('ul', { class: 'decisions' }, list.map(decision)),
        h('button', {
          class: 'btn btn-small', type: 'button', testid: 'panel-rerender',
          title: 'Decides every slot on this page again (counts as new impressions)',
          onclick: () => render(),
        }, 'Decide again'));
    },
  };
}

function decision(d) {
  const x = d.explanation;
  return h('li', { class: 'decision', testid: 'decision', dataset: { slot: d.slot, offer: d.offer?.id ?? '', mode: d.mode } },
    h('p', { class: 'decision-head' },
      h('code', {}, d.slot), ' → ',
      h('strong', { testid: 'decision-offer' }, d.offer?.id ?? 'nothing (fallback)'),
      ' ', h('span', { class: `mode mode-${d.mode}`, testid: 'decision-mode' }, d.mode)),
    h('p', { testid: 'decision-summary' }, x.summary),
    x.removed.length > 0 && h('details', {}, h('summary', {}, `${x.removed.length} offer(s) set aside`),
      h('ul', { class: 'removed', testid: 'decision-removed' }, x.removed.map((r) =>
        h('li', { dataset: { offer: r.offer, reason: r.reason } }, h('code', {}, r.offer), ': ', r.reason)))),
    (x.features.length > 0 || x.interests.length > 0) && h('details', {}, h('summary', {}, 'Inputs'),
      h('pre', {}, json({ features: x.features, interests: x.interests, candidates: x.candidates, expectedCtr: x.expectedCtr }))));
}
