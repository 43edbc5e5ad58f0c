// A product: image, details, add to cart, the product-side slot and related products.
import { h } from '../dom.js';
import { brandName, formatPrice, inCategory, sdkProduct } from '../products.js';
import { addToCartButton, badges, breadcrumb, productGrid, promo, slot } from '../ui.js';

export function render(main, { shop, params }) {
  const product = shop.productById.get(params.product);
  if (!product) return null;
  const category = shop.categoryById.get(product.category);
  const quantity = h('input', { id: 'qty', type: 'number', min: '1', max: '99', value: '1', inputmode: 'numeric', testid: 'quantity-input' });
  const related = inCategory(shop, product.category).filter((p) => p.id !== product.id).slice(0, 4);
  main.append(
    breadcrumb([['Home', '/'], [category.name, `/category/${category.id}`], [product.name]]),
    h('div', { class: 'product-layout' },
      h('article', { class: 'product', testid: 'product-detail', dataset: { productId: product.id } },
        h('img', { class: 'product-image', src: product.image, alt: `${brandName(shop, product.brand)} ${product.name}`, width: 400, height: 400 }),
        h('div', { class: 'product-info' },
          h('p', { class: 'card-brand' }, brandName(shop, product.brand)),
          h('h1', {}, product.name),
          badges(product),
          h('p', { class: 'price price-large', testid: 'product-price' }, formatPrice(product.price)),
          h('p', {}, product.description),
          product.recalled && h('p', { class: 'notice notice-alert', role: 'note' },
            'Safety recall: this kettle is no longer sold. ', h('a', { href: '/help/aurora-kettle-recall' }, 'Check yours and get a free replacement.')),
          !product.recalled && h('div', { class: 'buy' },
            h('label', { for: 'qty' }, 'Quantity'), quantity,
            addToCartButton(product, { quantity: () => clamp(Number(quantity.value)) })),
          product.tags.length > 0 && h('p', { class: 'tags' }, 'More like this: ',
            product.tags.map((t) => h('a', { class: 'chip', href: `/search?q=${encodeURIComponent(t)}` }, t))))),
      h('aside', { class: 'product-aside', 'aria-label': 'Suggestions' },
        slot('product-side', promo({
          href: '/guides/brewing', image: '/img/offers/brew-guide.svg',
          title: 'Brew it right', body: 'Ratios, grind sizes and water temperatures that work.', cta: 'Read the guide',
        })))),
    related.length > 0 && h('section', { class: 'section', 'aria-labelledby': 'rel-h' },
      h('h2', { id: 'rel-h' }, `More ${category.name.toLowerCase()}`),
      productGrid(shop, related, `More ${category.name}`)),
  );
  return {
    title: product.name,
    pageType: 'product',
    context: { pageType: 'product', category: product.category, product: product.id },
    events: [{ type: 'product_view', product: sdkProduct(product) }],
  };
}

const clamp = (n) => (Number.isFinite(n) ? Math.min(99, Math.max(1, Math.round(n))) : 1);
