// Profile: how warm the shopper is and their strongest interests, as bars.
import { h, fill } from '../dom.js';
import { profile } from '../personalization.js';
import { note, percent, section, unavailableReason } from './section.js';

export function create() {
  const { el, body } = section('profile', 'Profile');
  return {
    el,
    update() {
      const why = unavailableReason('profile');
      if (why) return fill(body, note(why));
      const p = profile() ?? {};
      const temperature = p.temperature ?? p.intent ?? 'unknown';
      const groups = Object.entries(p.affinities ?? {}).map(([dimension, list]) => [dimension, normalize(list).slice(0, 5)]);
      fill(body,
        h('p', {}, 'Temperature: ', h('span', { class: `temp temp-${temperature}`, testid: 'profile-temperature' }, temperature)),
        groups.every(([, list]) => list.length === 0)
          ? note('No interests yet: browse a few products.', 'profile-empty')
          : h('div', { testid: 'profile-affinities' }, groups.filter(([, list]) => list.length).map(([dimension, list]) =>
            h('div', { class: 'affinity-group' },
              h('h3', {}, dimension),
              h('ul', { class: 'bars' }, list.map(({ key, share }) =>
                h('li', { dataset: { dimension, key } },
                  h('span', { class: 'bar-label' }, key),
                  h('span', { class: 'bar', role: 'img', 'aria-label': `${key}: ${percent(share)}` },
                    h('span', { class: 'bar-fill', style: `width:${Math.min(100, Math.max(2, share * 100))}%` })),
                  h('span', { class: 'bar-value' }, percent(share)))))))));
    },
  };
}

// Accepts [{ key, share }] or { key: share }; returns entries sorted by share, strongest first.
function normalize(list) {
  const entries = Array.isArray(list)
    ? list.map((x) => ({ key: x.key ?? x.name ?? x.id, share: Number(x.share ?? x.value ?? 0) }))
    : Object.entries(list ?? {}).map(([key, share]) => ({ key, share: Number(share) }));
  return entries.filter((e) => e.key !== undefined).sort((a, b) => b.share - a.share);
}
