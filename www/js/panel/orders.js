// Past orders: a shop that knows a shopper's earlier orders (an account page, an order history)
// tracks them as purchases with their own dates. The demo has no accounts, so this section adds
// one past order: the Aurora 1.7 l kettle that is now recalled, bought before the recall. Its
// buyers, and only they, then see the recall notice (the catalog's `purchased.products` rule).
import { h, fill } from '../dom.js';
import { available, render, state, track } from '../personalization.js';
import { section } from './section.js';

/** 15 September 2026, 10:00 shop time: inside the recalled batches (August to October). */
const BOUGHT_AT = Date.parse('2026-09-15T10:00:00+02:00');
const KETTLE = {
  id: 'aurora-kettle-17', category: 'kitchen', brand: 'aurora', price: 45,
  name: 'Kettle, 1.7 l', url: '/product/aurora-kettle-17', image: '/img/products/aurora-kettle-17.svg',
};

export function create() {
  const { el, body } = section('orders', 'Past orders');
  const message = h('p', { class: 'muted', role: 'status', testid: 'orders-message' });
  const add = h('button', {
    class: 'btn btn-small', type: 'button', testid: 'orders-add-kettle',
    onclick: async () => {
      track({ type: 'purchase', items: [KETTLE], value: KETTLE.price, at: BOUGHT_AT });
      await render();
      message.textContent = 'Added an order of the Aurora Kettle, 1.7 l, on 15 September 2026.';
    },
  }, 'Add a past order: Aurora Kettle, 1.7 l (15 Sep 2026)');
  fill(body,
    h('p', {}, 'A shop that knows your earlier orders (your account) tells Vitrine about them. Try it with a kettle that is now recalled:'),
    h('p', { class: 'actions' }, add), message);
  return {
    el,
    update() {
      add.disabled = !(state.status === 'ready' && available('track'));
    },
  };
}
