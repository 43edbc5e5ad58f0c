// The order confirmation. The purchase is reported to Vitrine once, on the first load of this page.
import { h } from '../dom.js';
import * as cart from '../cart.js';
import { formatPrice, sdkProduct } from '../products.js';

export function render(main, { shop }) {
  const order = cart.lastOrder();
  const page = { title: 'Thank you', pageType: 'checkout', context: { pageType: 'checkout' }, events: [] };
  if (!order) {
    main.append(h('div', { class: 'empty' }, h('h1', {}, 'No recent order'), h('a', { class: 'btn btn-primary', href: '/' }, 'Start shopping')));
    return page;
  }
  const lines = order.items.map((l) => ({ ...l, product: shop.productById.get(l.id) })).filter((l) => l.product);
  if (!order.reported) {
    page.events.push({ type: 'purchase', items: lines.map((l) => sdkProduct(l.product)), value: order.subtotal });
    cart.markOrderReported();
  }
  main.append(h('section', { class: 'confirmation', testid: 'order-confirmation', 'aria-labelledby': 'thanks-h' },
    h('h1', { id: 'thanks-h' }, 'Thank you! Your order is on its way.'),
    h('p', {}, 'Order number ', h('strong', { testid: 'order-number' }, order.number), '. This is a demo: nothing was charged and nothing will ship.'),
    h('ul', { class: 'summary-lines' }, lines.map((l) =>
      h('li', {}, h('span', {}, `${l.quantity} × ${l.product.name}`), h('span', {}, formatPrice(l.product.price * l.quantity))))),
    h('p', { class: 'total' }, 'Total ', formatPrice(order.total)),
    h('a', { class: 'btn btn-primary', href: '/' }, 'Back to the shop')));
  return page;
}
