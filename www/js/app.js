// The demo shop's entry point, run on every page load: render the route found in `location`, then
// hand the page to Vitrine (personalization.js) to report it and fill its slots.
import { h } from './dom.js';
import * as cart from './cart.js';
import { loadShop } from './products.js';
import { match, loadPage } from './router.js';
import * as personalization from './personalization.js';
import { consentBanner } from './consent-banner.js';
import { mountPanel } from './panel/panel.js';

registerServiceWorker();
showCartCount();
document.addEventListener('cart:change', showCartCount);
addEventListener('storage', (e) => e.key === cart.STORAGE_KEY && showCartCount());
markCurrentNav();
mountPanel();

const main = document.getElementById('main');
const page = await renderRoute();
document.title = `${page.title} · Morning Shelf`;
main.removeAttribute('aria-busy');
document.body.dataset.page = page.pageType; // test hook: the route has rendered
consentBanner(main);
await personalization.start(page);
document.body.dataset.sdk = personalization.state.status; // test hook: ready | failed, slots decided

async function renderRoute() {
  const route = match(location);
  try {
    const shop = await loadShop();
    const page = (await loadPage(route.name)).render(main, { shop, ...route });
    return page ?? (await loadPage('not-found')).render(main, { shop, ...route });
  } catch (error) {
    console.warn('Vitrine demo: the page failed to render', error);
    main.replaceChildren(h('div', { class: 'empty', role: 'alert' },
      h('h1', {}, 'This page could not load'), h('p', {}, String(error.message ?? error)), h('a', { href: '/' }, 'Back to the shop')));
    return { title: 'Error', pageType: 'other', context: { pageType: 'other' } };
  }
}

function showCartCount() {
  const n = cart.count();
  for (const el of document.querySelectorAll('[data-testid="cart-count"]')) el.textContent = String(n);
  document.querySelector('[data-testid="cart-link"]')?.setAttribute('aria-label', `Cart, ${n} item${n === 1 ? '' : 's'}`);
}

function markCurrentNav() {
  for (const link of document.querySelectorAll('.site-nav a')) {
    if (location.pathname === link.getAttribute('href')) link.setAttribute('aria-current', 'page');
  }
}

// Offline support (sw.js). A failure here only costs offline use, so it is not an error.
function registerServiceWorker() {
  if (!('serviceWorker' in navigator)) return;
  navigator.serviceWorker.register('/sw.js').catch((error) => console.warn('Vitrine demo: no offline support:', error.message));
}
