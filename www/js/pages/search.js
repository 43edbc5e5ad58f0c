// Search results for ?q=…; the query is reported to Vitrine, which keeps it on this device.
import { h } from '../dom.js';
import { search } from '../products.js';
import { productGrid } from '../ui.js';

const SUGGESTIONS = ['decaf', 'matcha', 'espresso', 'sourdough', 'dark chocolate', 'grinder'];

export function render(main, { shop, query }) {
  const q = (query.get('q') ?? '').trim().slice(0, 100);
  const results = q ? search(shop, q) : [];
  const input = document.querySelector('[data-testid="search-input"]');
  if (input) input.value = q;
  main.append(
    h('header', { class: 'page-head' },
      h('h1', {}, q ? `Results for “${q}”` : 'Search'),
      q && h('p', { class: 'count', testid: 'search-count', role: 'status' }, `${results.length} product${results.length === 1 ? '' : 's'} found`)),
    results.length > 0
      ? productGrid(shop, results, 'Search results')
      : h('div', { class: 'empty' },
        h('p', {}, q ? 'Nothing matched. Try one of these:' : 'What are you looking for? Try:'),
        h('p', {}, SUGGESTIONS.map((s) => h('a', { class: 'chip', href: `/search?q=${encodeURIComponent(s)}` }, s)))),
  );
  return {
    title: q ? `Search: ${q}` : 'Search',
    pageType: 'search',
    context: { pageType: 'search' },
    events: q ? [{ type: 'search', query: q }] : [],
  };
}
