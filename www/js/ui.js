// Building blocks shared by the pages: product cards, add-to-cart buttons, slots, notices.
import { h } from './dom.js';
import * as cart from './cart.js';
import { brandName, formatPrice, sdkProduct } from './products.js';
import { track } from './personalization.js';

export function addToCartButton(product, { quantity = () => 1, label = 'Add to cart' } = {}) {
  if (product.recalled) {
    return h('button', { class: 'btn', type: 'button', disabled: true, testid: 'add-to-cart', dataset: { productId: product.id } }, 'Not for sale');
  }
  const button = h('button', {
    class: 'btn btn-primary',
    type: 'button',
    testid: 'add-to-cart',
    dataset: { productId: product.id },
    'aria-label': `${label}: ${product.name}`,
    onclick: () => {
      const qty = quantity();
      cart.add(product.id, qty);
      track({ type: 'add_to_cart', product: sdkProduct(product), quantity: qty });
      notify(`Added ${qty > 1 ? `${qty} × ` : ''}${product.name} to your cart.`);
      button.textContent = 'Added ✓';
      setTimeout(() => (button.textContent = label), 1500);
    },
  }, label);
  return button;
}

export function productCard(shop, product) {
  const href = `/product/${product.id}`;
  return h('article', { class: 'card', testid: 'product-card', dataset: { productId: product.id, category: product.category } },
    h('a', { href, class: 'card-media', tabindex: '-1', 'aria-hidden': 'true' },
      h('img', { src: product.image, alt: '', width: 400, height: 400, loading: 'lazy', decoding: 'async' })),
    h('div', { class: 'card-body' },
      h('p', { class: 'card-brand' }, brandName(shop, product.brand)),
      h('h3', { class: 'card-title' }, h('a', { href, testid: 'product-link' }, product.name)),
      badges(product),
      h('div', { class: 'card-foot' },
        h('span', { class: 'price', testid: 'product-price' }, formatPrice(product.price)),
        addToCartButton(product, { label: 'Add' }))));
}

export function badges(product) {
  const list = [
    product.recalled && ['Recalled', 'badge-alert'],
    product.new && ['New', 'badge-new'],
    product.bestseller && ['Bestseller', ''],
    product.tags.includes('decaf') && ['Decaf', ''],
  ].filter(Boolean);
  return list.length ? h('p', { class: 'badges' }, list.map(([text, cls]) => h('span', { class: `badge ${cls}` }, text))) : null;
}

export function productGrid(shop, products, label) {
  return h('ul', { class: 'grid', 'aria-label': label, testid: 'product-grid' },
    products.map((p) => h('li', {}, productCard(shop, p))));
}

/**
 * A personalization slot with the shop's own fallback content. The fallback shows when nothing is
 * personalized or the SDK is unavailable; `vitrine-loading` hides it while the SDK decides (the SDK
 * sets that class too; personalization.js clears it when deciding is over, whatever the outcome).
 */
export function slot(name, fallback) {
  return h('div', { class: `slot slot-${name} vitrine-loading`, 'data-vitrine-slot': name, testid: `slot-${name}` }, fallback);
}

/** The shop's own promo, used as slot fallback content. */
export function promo({ href, image, alt = '', title, body, cta, wide = false }) {
  return h('a', { class: `promo${wide ? ' promo-wide' : ''}`, href },
    image && h('img', { src: image, alt, loading: 'lazy' }),
    h('span', { class: 'promo-text' },
      h('strong', { class: 'promo-title' }, title),
      body && h('span', { class: 'promo-body' }, body),
      cta && h('span', { class: 'promo-cta' }, cta, ' →')));
}

export function breadcrumb(items) {
  return h('nav', { class: 'breadcrumb', 'aria-label': 'Breadcrumb' },
    h('ol', {}, items.map(([label, href], i) =>
      h('li', {}, i === items.length - 1 ? h('span', { 'aria-current': 'page' }, label) : h('a', { href }, label)))));
}

let toastTimer;
/** Announces a short message in the page's live region. */
export function notify(message) {
  const toast = document.getElementById('toast');
  if (!toast) return;
  toast.textContent = message;
  toast.classList.add('visible');
  clearTimeout(toastTimer);
  toastTimer = setTimeout(() => toast.classList.remove('visible'), 2500);
}
