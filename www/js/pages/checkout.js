// A fake checkout: nothing is charged and nothing typed here is stored or sent. Placing the order
// keeps only the order lines (cart.js) and loads the confirmation page, which reports the purchase.
import { h } from '../dom.js';
import * as cart from '../cart.js';
import { formatPrice } from '../products.js';
import { breadcrumb } from '../ui.js';

export function render(main, { shop }) {
  const { items, subtotal, delivery, total } = cart.summary(shop);
  main.append(breadcrumb([['Cart', '/cart'], ['Checkout']]), h('header', { class: 'page-head' }, h('h1', {}, 'Checkout')));
  if (items.length === 0) {
    main.append(h('div', { class: 'empty' }, h('p', {}, 'Your cart is empty, so there is nothing to check out.'), h('a', { class: 'btn btn-primary', href: '/' }, 'Start shopping')));
    return { title: 'Checkout', pageType: 'checkout', context: { pageType: 'checkout' } };
  }
  const field = (id, label, attrs = {}) => h('p', { class: 'field' },
    h('label', { for: id }, label), h('input', { id, name: id, required: true, testid: `checkout-${id}`, ...attrs }));
  const form = h('form', { class: 'checkout-form', testid: 'checkout-form', 'aria-label': 'Delivery and payment' },
    h('fieldset', {}, h('legend', {}, 'Delivery address'),
      field('name', 'Full name', { autocomplete: 'name' }),
      field('email', 'Email', { type: 'email', autocomplete: 'email' }),
      field('address', 'Street and number', { autocomplete: 'street-address' }),
      h('div', { class: 'field-row' },
        field('postcode', 'Postcode', { autocomplete: 'postal-code' }),
        field('city', 'City', { autocomplete: 'address-level2' }))),
    h('fieldset', {}, h('legend', {}, 'Payment'),
      h('p', { class: 'field-check' },
        h('input', { id: 'pay', type: 'radio', name: 'payment', value: 'demo', checked: true }),
        h('label', { for: 'pay' }, 'Demo payment: nothing is charged'))),
    h('button', { class: 'btn btn-primary btn-block', type: 'submit', testid: 'place-order' }, `Place order · ${formatPrice(total)}`));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    cart.placeOrder({
      number: `MS-${Date.now().toString(36).toUpperCase()}`,
      items: items.map(({ product, quantity }) => ({ id: product.id, quantity })),
      subtotal, delivery, total,
      reported: false,
    });
    location.assign('/checkout/complete');
  });
  main.append(h('div', { class: 'cart-layout' },
    form,
    h('aside', { class: 'cart-summary', 'aria-label': 'Order summary' },
      h('ul', { class: 'summary-lines' }, items.map(({ product, quantity }) =>
        h('li', {}, h('span', {}, `${quantity} × ${product.name}`), h('span', {}, formatPrice(product.price * quantity))))),
      h('dl', {},
        h('dt', {}, 'Subtotal'), h('dd', {}, formatPrice(subtotal)),
        h('dt', {}, 'Delivery'), h('dd', {}, delivery === 0 ? 'Free' : formatPrice(delivery)),
        h('dt', { class: 'total' }, 'Total'), h('dd', { class: 'total' }, formatPrice(total))))));
  return { title: 'Checkout', pageType: 'checkout', context: { pageType: 'checkout' } };
}
