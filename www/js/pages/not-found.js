import { h } from '../dom.js';

export function render(main) {
  main.append(h('div', { class: 'empty', testid: 'not-found' },
    h('h1', {}, 'We could not find that page'),
    h('p', {}, 'It may have moved, or the link is mistyped.'),
    h('a', { class: 'btn btn-primary', href: '/' }, 'Back to the shop')));
  return { title: 'Not found', pageType: 'other', context: { pageType: 'other' } };
}
