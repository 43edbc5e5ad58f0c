// A category: its top slot, tag filters (plain links, so each filter is a page load) and products.
import { h } from '../dom.js';
import { inCategory } from '../products.js';
import { breadcrumb, productGrid, promo, slot } from '../ui.js';

export function render(main, { shop, params, query }) {
  const category = shop.categoryById.get(params.category);
  if (!category) return null;
  const all = inCategory(shop, category.id);
  const tag = query.get('tag');
  const shown = tag ? all.filter((p) => p.tags.includes(tag)) : all;
  const tags = [...new Set(all.flatMap((p) => p.tags))].sort();
  main.append(
    breadcrumb([['Home', '/'], [category.name]]),
    h('header', { class: 'page-head' }, h('h1', {}, category.name), h('p', { class: 'lead' }, category.blurb)),
    slot('category-top', promo({
      wide: true, href: '/bestsellers', image: '/img/offers/bestsellers.svg',
      title: 'Our bestsellers', body: 'The coffee, tea and treats our regulars reorder most.', cta: 'See the bestsellers',
    })),
    tags.length > 0 && h('nav', { class: 'filters', 'aria-label': 'Filter by tag' },
      h('a', { href: `/category/${category.id}`, class: 'chip', 'aria-current': tag ? null : 'page' }, 'All'),
      tags.map((t) => h('a', { href: `/category/${category.id}?tag=${encodeURIComponent(t)}`, class: 'chip', testid: 'tag-filter', 'aria-current': t === tag ? 'page' : null }, t))),
    h('p', { class: 'count' }, `${shown.length} product${shown.length === 1 ? '' : 's'}`),
    productGrid(shop, shown, category.name),
  );
  return {
    title: category.name,
    pageType: 'category',
    context: { pageType: 'category', category: category.id },
    events: [{ type: 'category_view', category: category.id }],
  };
}
