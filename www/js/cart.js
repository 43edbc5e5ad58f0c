// The shop's own cart, kept in localStorage under "demo-shop-cart". This is the shop's state, not
// Vitrine's: Vitrine only hears about it through add_to_cart / remove_from_cart / purchase events
// (see personalization.js) and keeps its own summary for targeting.
export const STORAGE_KEY = 'demo-shop-cart';
const KEY = STORAGE_KEY;
const ORDER_KEY = 'demo-shop-last-order';

/** @returns {{ id: string, quantity: number }[]} */
export function lines() {
  try {
    const parsed = JSON.parse(localStorage.getItem(KEY) ?? '[]');
    return Array.isArray(parsed) ? parsed.filter((l) => typeof l.id === 'string' && l.quantity > 0) : [];
  } catch {
    return [];
  }
}

function save(next) {
  localStorage.setItem(KEY, JSON.stringify(next));
  document.dispatchEvent(new CustomEvent('cart:change'));
}

export const count = () => lines().reduce((n, l) => n + l.quantity, 0);

export function add(id, quantity = 1) {
  const next = lines();
  const line = next.find((l) => l.id === id);
  if (line) line.quantity = Math.min(99, line.quantity + quantity);
  else next.push({ id, quantity });
  save(next);
}

export function setQuantity(id, quantity) {
  save(lines().map((l) => (l.id === id ? { ...l, quantity } : l)).filter((l) => l.quantity > 0));
}

export const remove = (id) => save(lines().filter((l) => l.id !== id));
export const clear = () => save([]);

/** Lines joined with their products (unknown ids are dropped) and the totals. */
export function summary(shop) {
  const items = lines().map((l) => ({ ...l, product: shop.productById.get(l.id) })).filter((l) => l.product);
  const subtotal = round(items.reduce((sum, l) => sum + l.product.price * l.quantity, 0));
  const delivery = subtotal === 0 || subtotal >= FREE_DELIVERY_FROM ? 0 : 4.9;
  return { items, subtotal, delivery, total: round(subtotal + delivery) };
}

export const FREE_DELIVERY_FROM = 40;
const round = (v) => Math.round(v * 100) / 100;

// The fake checkout stores the placed order so the confirmation page (a fresh page load) can show
// it and report the purchase exactly once.
export function placeOrder(order) {
  localStorage.setItem(ORDER_KEY, JSON.stringify(order));
  clear();
}

export function lastOrder() {
  try {
    return JSON.parse(localStorage.getItem(ORDER_KEY) ?? 'null');
  } catch {
    return null;
  }
}

export function markOrderReported() {
  const order = lastOrder();
  if (order) localStorage.setItem(ORDER_KEY, JSON.stringify({ ...order, reported: true }));
}
