// The cart page: lines with quantities, totals, the way to checkout and the cart-upsell slot.
import { h, fill } from '../dom.js';
import * as cart from '../cart.js';
import { brandName, formatPrice, sdkProduct } from '../products.js';
import { track } from '../personalization.js';
import { promo, slot } from '../ui.js';

export function render(main, { shop }) {
  const content = h('div', { class: 'cart-layout' });
  const draw = () => {
    // Keep keyboard focus on the same control of the same line across a redraw.
    const active = document.activeElement;
    const where = content.contains(active) && [active.closest('[data-product-id]')?.dataset.productId, active.dataset.testid];
    fill(content, ...cartView(shop));
    if (where) {
      const again = content.querySelector(`[data-product-id="${where[0]}"] [data-testid="${where[1]}"]`);
      (again ?? content.querySelector('[data-testid="checkout-button"], a'))?.focus();
    }
  };
  draw();
  document.addEventListener('cart:change', draw);
  main.append(
    h('header', { class: 'page-head' }, h('h1', {}, 'Your cart')),
    content,
    h('section', { class: 'section', 'aria-label': 'Suggestions' },
      slot('cart-upsell', promo({
        href: '/bestsellers', image: '/img/offers/bestsellers.svg',
        title: 'Need a little something?', body: 'Our bestsellers, from €4.90.', cta: 'See the bestsellers',
      }))),
  );
  return { title: 'Cart', pageType: 'cart', context: { pageType: 'cart' } };
}

function cartView(shop) {
  const { items, subtotal, delivery, total } = cart.summary(shop);
  if (items.length === 0) {
    return [h('div', { class: 'empty', testid: 'cart-empty' },
      h('p', {}, 'Your cart is empty.'), h('a', { class: 'btn btn-primary', href: '/' }, 'Start shopping'))];
  }
  const missing = cart.FREE_DELIVERY_FROM - subtotal;
  return [
    h('ul', { class: 'cart-lines', 'aria-label': 'Items in your cart' }, items.map(({ product, quantity }) =>
      h('li', { class: 'cart-line', testid: 'cart-line', dataset: { productId: product.id } },
        h('img', { src: product.image, alt: '', width: 80, height: 80 }),
        h('div', { class: 'cart-line-info' },
          h('a', { href: `/product/${product.id}` }, product.name),
          h('span', { class: 'muted' }, `${brandName(shop, product.brand)} · ${formatPrice(product.price)}`)),
        quantitySelect(product, quantity),
        h('span', { class: 'price' }, formatPrice(product.price * quantity)),
        h('button', {
          class: 'btn btn-quiet', type: 'button', testid: 'cart-remove', 'aria-label': `Remove ${product.name}`,
          onclick: () => {
            cart.remove(product.id);
            track({ type: 'remove_from_cart', productId: product.id });
          },
        }, 'Remove')))),
    h('aside', { class: 'cart-summary', 'aria-label': 'Order summary' },
      h('dl', {},
        h('dt', {}, 'Subtotal'), h('dd', { testid: 'cart-subtotal' }, formatPrice(subtotal)),
        h('dt', {}, 'Delivery'), h('dd', {}, delivery === 0 ? 'Free' : formatPrice(delivery)),
        h('dt', { class: 'total' }, 'Total'), h('dd', { class: 'total', testid: 'cart-total' }, formatPrice(total))),
      missing > 0 && h('p', { class: 'muted' }, `Add ${formatPrice(missing)} more for free delivery.`),
      h('a', { class: 'btn btn-primary btn-block', href: '/checkout', testid: 'checkout-button' }, 'Go to checkout')),
  ];
}

// Vitrine's events carry adds and removals, not quantity edits: a new quantity is reported as the
// line removed and added again with that quantity.
function quantitySelect(product, quantity) {
  const id = `qty-${product.id}`;
  const options = Array.from({ length: Math.max(10, quantity) }, (_, i) => i + 1);
  return h('span', { class: 'qty' },
    h('label', { for: id, class: 'visually-hidden' }, `Quantity of ${product.name}`),
    h('select', {
      id, testid: 'cart-qty',
      onchange: (e) => {
        const next = Number(e.target.value);
        cart.setQuantity(product.id, next);
        track({ type: 'remove_from_cart', productId: product.id });
        track({ type: 'add_to_cart', product: sdkProduct(product), quantity: next });
      },
    }, options.map((n) => h('option', { value: String(n), selected: n === quantity }, String(n)))));
}
