// Home: the hero and side slots, categories, bestsellers and new arrivals.
import { h } from '../dom.js';
import { productGrid, promo, slot } from '../ui.js';

export function render(main, { shop }) {
  const featured = (flag, n) => shop.products.filter((p) => p[flag]).slice(0, n);
  main.append(
    h('h1', { class: 'visually-hidden' }, 'Morning Shelf: coffee, tea and good things for the table'),
    h('section', { class: 'hero', 'aria-label': 'Featured' },
      slot('home-hero', promo({
        wide: true, href: '/category/coffee', image: '/img/offers/fresh-roasts.svg',
        title: 'Roasted this week, on your table next week',
        body: 'Small-lot coffee from Northbean and Mill Lane, roasted every Tuesday.',
        cta: 'Shop coffee',
      })),
      slot('home-side', promo({
        href: '/help/delivery', image: '/img/offers/delivery.svg',
        title: 'Free delivery from €40', body: 'Orders before 2 pm leave the same day.', cta: 'Delivery details',
      }))),
    h('section', { class: 'section', 'aria-labelledby': 'cat-h' },
      h('h2', { id: 'cat-h' }, 'Shop by category'),
      h('ul', { class: 'tiles' }, shop.categories.map((c) => {
        const cover = shop.products.find((p) => p.category === c.id && p.bestseller) ?? shop.products.find((p) => p.category === c.id);
        return h('li', {}, h('a', { class: 'tile', href: `/category/${c.id}`, testid: 'category-tile' },
          h('img', { src: cover.image, alt: '', width: 400, height: 400 }),
          h('span', { class: 'tile-name' }, c.name)));
      }))),
    h('section', { class: 'section', 'aria-labelledby': 'best-h' },
      h('div', { class: 'section-head' }, h('h2', { id: 'best-h' }, 'Bestsellers'), h('a', { href: '/bestsellers' }, 'See all')),
      productGrid(shop, featured('bestseller', 8), 'Bestsellers')),
    h('section', { class: 'section', 'aria-labelledby': 'new-h' },
      h('div', { class: 'section-head' }, h('h2', { id: 'new-h' }, 'New this season'), h('a', { href: '/new' }, 'See all')),
      productGrid(shop, featured('new', 4), 'New this season')),
    h('section', { class: 'section explainer', 'aria-labelledby': 'why-h' },
      h('h2', { id: 'why-h' }, 'Personal, and it stays here'),
      h('p', {}, 'This shop picks its banners with Vitrine, which runs inside your browser. What you look at shapes what you see, and none of it is sent anywhere. Open the shopper panel to watch it work.'),
      h('a', { href: '/privacy' }, 'How it works')),
  );
  return { title: 'Coffee, tea and good things for the table', pageType: 'home', context: { pageType: 'home' } };
}
