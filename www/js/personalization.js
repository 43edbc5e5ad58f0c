// Every call into the Vitrine SDK goes through this file. The rest of the shop calls the small
// functions below and keeps working (browse, cart, checkout, fallback slot content) when the SDK
// fails to load, fails to start, or lacks a method: each failure is recorded in `state` for the
// shopper panel instead of being thrown.
const SDK_URL = '/pkg/index.js';
const KEYS_URL = '/vitrine-keys.json';
const CONSENT_KEY = 'demo-shop-consent';
const SETTLE_AFTER_MS = 3000;
// TEST HOOK (end-to-end tests only, tests/e2e/shop.test.mjs): an integer in localStorage under this
// key is passed to init as `seed`, so the bandit's draws, and with them the decisions, repeat
// exactly. Shoppers never have it; without it every decision draws afresh, as in production.
const TEST_SEED_KEY = 'demo-shop-test-seed';

/** What the panel shows about the SDK. status: loading | ready | failed */
export const state = { status: 'loading', version: null, error: null, errors: [], missing: new Set(), instance: null, context: null };
/** Fires "change" whenever the profile, decisions or SDK status may have changed. */
export const changes = new EventTarget();
const emit = () => changes.dispatchEvent(new Event('change'));

// The shop, as the consent owner, remembers the shopper's choice and hands it to the SDK at init.
const CONSENT_DEFAULT = { personalization: 'pending', measurement: 'pending' };
export function consentChoice() {
  try {
    return { ...CONSENT_DEFAULT, ...JSON.parse(localStorage.getItem(CONSENT_KEY) ?? '{}') };
  } catch {
    return { ...CONSENT_DEFAULT };
  }
}
export const consentChosen = () => localStorage.getItem(CONSENT_KEY) !== null;

let queued = [];

/**
 * Loads the SDK, reports the page (page_view plus the page's own events), then fills the slots.
 * @param {{ pageType: string, context: object, events?: object[] }} page
 */
export async function start(page) {
  const settle = setTimeout(settleSlots, SETTLE_AFTER_MS);
  state.context = { ...page.context, device: deviceClass() };
  try {
    let sdk;
    try {
      sdk = await import(SDK_URL);
    } catch (error) {
      return fail('The SDK failed to load', error);
    }
    await showVersion(sdk);
    if (typeof sdk.Vitrine?.init !== 'function') {
      return fail('The SDK loaded but cannot start', new Error('Vitrine.init is not available in this build'));
    }
    state.instance = await sdk.Vitrine.init({
      catalogUrl: '/catalog.json',
      publicKeys: await loadPublicKeys(),
      consent: consentChoice(),
      observe: true,
      disclosure: true,
      dataPageUrl: '/privacy',
      ...testSeed(),
      onError: (error) => {
        state.errors.push({ code: error?.code ?? 'error', message: error?.message ?? String(error), at: new Date() });
        console.warn('Vitrine:', error?.code, error?.message);
        emit();
      },
    });
    state.status = 'ready';
    const pending = [{ type: 'page_view', pageType: page.pageType }, ...(page.events ?? []), ...queued];
    queued = [];
    for (const event of pending) call('track', event);
    await call('render', state.context);
  } catch (error) {
    fail('The SDK could not start', error);
  } finally {
    clearTimeout(settle);
    settleSlots();
    emit();
  }
}

async function showVersion(sdk) {
  const status = document.getElementById('sdk-status');
  try {
    state.version = await sdk.version();
    if (status) {
      status.textContent = `Vitrine ${state.version} loaded.`;
      status.dataset.ready = 'true';
    }
  } catch (error) {
    if (status) {
      status.textContent = `The SDK failed to load: ${error.message}`;
      status.dataset.ready = 'error';
    }
  }
}

function fail(what, error) {
  state.status = 'failed';
  state.error = `${what}: ${error?.message ?? error}`;
  console.warn(`Vitrine demo: ${state.error}`);
  const status = document.getElementById('sdk-status');
  if (status && !status.dataset.ready) {
    status.textContent = `The SDK failed to load: ${error?.message ?? error}`;
    status.dataset.ready = 'error';
  }
  queued = [];
}

/** `{ seed }` when the test hook above is set, else nothing. */
function testSeed() {
  const seed = Number.parseInt(localStorage.getItem(TEST_SEED_KEY) ?? '', 10);
  return Number.isInteger(seed) && seed >= 0 && seed <= 0xffffffff ? { seed } : {};
}

// Public keys that verify /catalog.json.sig, if the shop publishes any.
async function loadPublicKeys() {
  try {
    const response = await fetch(KEYS_URL);
    if (!response.ok) return [];
    const { publicKeys } = await response.json();
    return Array.isArray(publicKeys) ? publicKeys : [];
  } catch {
    return [];
  }
}

/** Slots stop hiding their fallback once deciding is over (filled, empty, failed or too slow). */
function settleSlots() {
  for (const slot of document.querySelectorAll('[data-vitrine-slot].vitrine-loading')) slot.classList.remove('vitrine-loading');
}

/** Calls `instance.<path>(...args)`; a missing method is remembered and yields undefined. */
function call(path, ...args) {
  const [target, fn] = resolve(path);
  if (!fn) {
    if (state.instance) state.missing.add(path);
    return undefined;
  }
  try {
    const result = fn.apply(target, args);
    if (result && typeof result.then === 'function') return result.catch((error) => record(path, error));
    return result;
  } catch (error) {
    return record(path, error);
  }
}

function resolve(path) {
  let target = state.instance;
  const names = path.split('.');
  for (const name of names.slice(0, -1)) target = target?.[name];
  const fn = target?.[names.at(-1)];
  return typeof fn === 'function' ? [target, fn] : [target, null];
}

function record(path, error) {
  state.errors.push({ code: error?.code ?? path, message: error?.message ?? String(error), at: new Date() });
  console.warn(`Vitrine ${path}:`, error);
  emit();
  return undefined;
}

/** True when the running SDK has this method (e.g. "profile", "beacons.simulate"). */
export const available = (path) => state.status === 'ready' && resolve(path)[1] !== null;

/** Reports a shopper event; events before the SDK is ready are queued, dropped if it fails. */
export function track(event) {
  if (state.status === 'loading') queued.push(event);
  else if (state.status === 'ready') {
    call('track', event);
    emit();
  }
}

/** Decides the page's slots again (the panel's "Decide again"). */
/** The device class the catalog's rules can target (in-store offers target phones). */
function deviceClass() {
  if (matchMedia('(max-width: 640px)').matches) return 'mobile';
  if (matchMedia('(max-width: 1024px)').matches) return 'tablet';
  return 'desktop';
}

export async function render(context = state.context) {
  const decisions = await call('render', context);
  emit();
  return decisions;
}

export const profile = () => call('profile');
export const lastDecisions = () => call('lastDecisions');

export function setConsent(update) {
  const next = { ...consentChoice(), ...update };
  localStorage.setItem(CONSENT_KEY, JSON.stringify(next));
  call('consent', update);
  emit();
  return next;
}

export const exportData = () => call('exportData');
export const forget = () => call('forget');

export const beacons = {
  status: () => (available('beacons.status') ? call('beacons.status') : 'unsupported'),
  start: async () => {
    await call('beacons.start');
    emit();
  },
  stop: () => {
    call('beacons.stop');
    emit();
  },
  simulate: (advertisement) => {
    call('beacons.simulate', advertisement);
    emit();
  },
};
