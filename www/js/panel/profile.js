// Profile: how warm the shopper is, what the profile counts, the lifecycle stage and each bought
// product's rhythm (what `lifecycle` and `reorder.*` rules read), the products whose details
// offer templates may show, the survey answers, and their strongest interests, as bars (`profile()`: the top
// interests of each dimension, strongest first).
import { h, fill } from '../dom.js';
import { profile } from '../personalization.js';
import { note, percent, section, unavailableReason } from './section.js';

const SHOWN_PER_DIMENSION = 5;

export function create() {
  const { el, body } = section('profile', 'Profile');
  return {
    el,
    update() {
      const why = unavailableReason('profile');
      if (why) return fill(body, note(why));
      const p = profile();
      if (!p) return fill(body, note('The profile could not be read (see the errors above).'));
      const groups = Object.entries(p.affinities).map(([dimension, list]) => [dimension, list.slice(0, SHOWN_PER_DIMENSION)]);
      fill(body,
        h('p', {}, 'Temperature: ', h('span', { class: `temp temp-${p.temperature}`, testid: 'profile-temperature' }, p.temperature)),
        h('p', { class: 'muted', testid: 'profile-counts' },
          `${count(p.events, 'event')} · ${count(p.sessions, 'session')} · ${count(p.cart.length, 'product')} in the cart · ${count(p.purchases, 'purchase')}`),
        h('p', {}, 'Lifecycle: ', h('span', { testid: 'profile-lifecycle' }, p.lifecycle.replace('_', ' '))),
        p.bought.length === 0 ? '' : h('ul', { class: 'muted', testid: 'profile-bought' }, p.bought.map((b) =>
          h('li', { dataset: { product: b.product } },
            `${b.product}: bought ${count(b.times, 'time')}, last on ${new Date(b.at).toLocaleDateString()}`,
            b.everyDays === null ? '' : `, about every ${Math.round(b.everyDays)} days`))),
        p.products.length === 0 ? '' : h('div', {},
          h('p', {}, 'Products kept for offers that show them (their name and page, never sent anywhere):'),
          h('ul', { class: 'muted', testid: 'profile-products' }, p.products.map((d) =>
            h('li', { dataset: { product: d.product } },
              d.name, d.viewedAt === null ? '' : `, looked at on ${new Date(d.viewedAt).toLocaleDateString()}`)))),
        p.surveys.length === 0 ? '' : h('div', {},
          h('p', {}, 'Your survey answers (what `survey.<id>.score` and `nps_group` rules read; kept on this device only):'),
          h('ul', { class: 'muted', testid: 'profile-surveys' }, p.surveys.map((a) =>
            h('li', { dataset: { survey: a.survey } },
              `${a.survey}: ${a.score} (${a.scale}), answered on ${new Date(a.at).toLocaleDateString()}`)))),
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

const count = (n, noun) => `${n} ${noun}${n === 1 ? '' : 's'}`;
