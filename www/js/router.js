// Maps location to a page. Every navigation in the shop is a full page load (plain links and GET
// forms), and each load renders the route it finds here.
const routes = [
  [/^\/$/, 'home'],
  [/^\/category\/([\w-]+)$/, 'category', ['category']],
  [/^\/product\/([\w-]+)$/, 'product', ['product']],
  [/^\/search$/, 'search'],
  [/^\/cart$/, 'cart'],
  [/^\/checkout$/, 'checkout'],
  [/^\/checkout\/complete$/, 'order-complete'],
  [/^\/(bestsellers|new)$/, 'collection', ['collection']],
  [/^\/quiz$/, 'quiz'],
  [/^\/((?:help|guides|store)\/[\w-]+|welcome|privacy)$/, 'article', ['article']],
];

/** @returns {{ name: string, params: Record<string, string>, query: URLSearchParams }} */
export function match(location) {
  const path = location.pathname.replace(/\/+$/, '') || '/';
  const query = new URLSearchParams(location.search);
  for (const [pattern, name, keys = []] of routes) {
    const found = pattern.exec(path);
    if (found) return { name, params: Object.fromEntries(keys.map((k, i) => [k, found[i + 1]])), query };
  }
  return { name: 'not-found', params: {}, query };
}

// Page modules are loaded on demand so a product page does not download the checkout's code.
const modules = {
  home: () => import('./pages/home.js'),
  category: () => import('./pages/category.js'),
  product: () => import('./pages/product.js'),
  search: () => import('./pages/search.js'),
  cart: () => import('./pages/cart.js'),
  checkout: () => import('./pages/checkout.js'),
  'order-complete': () => import('./pages/order-complete.js'),
  collection: () => import('./pages/collection.js'),
  quiz: () => import('./pages/quiz.js'),
  article: () => import('./pages/article.js'),
  'not-found': () => import('./pages/not-found.js'),
};

export const loadPage = (name) => modules[name]();
