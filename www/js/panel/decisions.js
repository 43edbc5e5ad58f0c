// Decisions: for each slot of the latest render, the offer, the mode and why.
import { h, fill } from '../dom.js';
import { lastDecisions, render } from '../personalization.js';
import { json, note, section, unavailableReason } from './section.js';

export function create() {
  const { el, body } = section('decisions', 'Decisions on this page');
  return {
    el,
    update() {
      const why = unavailableReason('lastDecisions');
      if (why) return fill(body, note(why));
      const list = normalize(lastDecisions());
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

function normalize(value) {
  if (!value) return [];
  if (Array.isArray(value)) return value;
  if (value instanceof Map) return [...value.entries()].map(([slot, d]) => ({ slot, ...d }));
  return Object.entries(value).map(([slot, d]) => ({ slot, ...d }));
}

function decision(d) {
  const x = d.explanation ?? {};
  const removed = x.removed ?? [];
  return h('li', { class: 'decision', testid: 'decision', dataset: { slot: d.slot ?? '', offer: d.offer?.id ?? '', mode: d.mode ?? '' } },
    h('p', { class: 'decision-head' },
      h('code', {}, d.slot ?? '?'), ' → ',
      h('strong', { testid: 'decision-offer' }, d.offer?.id ?? 'nothing (fallback)'),
      ' ', h('span', { class: `mode mode-${d.mode}`, testid: 'decision-mode' }, d.mode ?? '')),
    x.summary && h('p', { testid: 'decision-summary' }, x.summary),
    x.matchedRule && h('p', { class: 'muted' }, 'Rule: ', h('code', {}, typeof x.matchedRule === 'string' ? x.matchedRule : json(x.matchedRule))),
    removed.length > 0 && h('details', {}, h('summary', {}, `${removed.length} offer(s) set aside`),
      h('ul', { class: 'removed', testid: 'decision-removed' }, removed.map((r) =>
        h('li', {}, h('code', {}, r.offer ?? r.id ?? '?'), ': ', r.reason ?? json(r))))),
    (x.features?.length > 0 || x.interests?.length > 0) && h('details', {}, h('summary', {}, 'Inputs'),
      h('pre', {}, json({ features: x.features, interests: x.interests, candidates: x.candidates }))));
}
