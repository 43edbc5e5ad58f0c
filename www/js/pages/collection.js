// /bestsellers and /new: curated product lists.
import { h } from '../dom.js';
import { breadcrumb, productGrid } from '../ui.js';

const collections = {
  bestsellers: { title: 'Bestsellers', lead: 'What our regulars reorder most.', flag: 'bestseller' },
  new: { title: 'New this season', lead: 'Fresh arrivals from our roasters, tea gardens and bakers.', flag: 'new' },
};

export function render(main, { shop, params }) {
  const c = collections[params.collection];
  const products = shop.products.filter((p) => p[c.flag]);
  main.append(
    breadcrumb([['Home', '/'], [c.title]]),
    h('header', { class: 'page-head' }, h('h1', {}, c.title), h('p', { class: 'lead' }, c.lead)),
    productGrid(shop, products, c.title),
  );
  return { title: c.title, pageType: 'other', context: { pageType: 'other' } };
}
