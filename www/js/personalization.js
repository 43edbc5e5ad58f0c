// Every call into the Vitrine SDK goes through this file. The rest of the shop calls the small
// functions below and keeps working (browse, cart, checkout, fallback slot content) when the SDK
// fails to load, fails to start, or lacks a method: each failure is recorded in `state` for the
// shopper panel instead of being thrown.
const SDK_URL = '/pkg/index.js';
const CATALOG_URL = '/catalog.bin'; // signed and compiled by `vitrine sign` (make sign-demo)
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

// Started as soon as the shop's code runs, while the page renders its route: the SDK's module
// and its WebAssembly (`load()`), and the public keys. `start` waits for them.
const sdkLoading = import(SDK_URL).then((sdk) => {
  sdk.load?.().catch(() => {}); // a failure here is init's to report
  return sdk;
});
sdkLoading.catch(() => {}); // reported by start()
const keysLoading = loadPublicKeys();

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
      sdk = await sdkLoading;
    } catch (error) {
      return fail('The SDK failed to load', error);
    }
    showVersion(sdk);
    if (typeof sdk.Vitrine?.init !== 'function') {
      return fail('The SDK loaded but cannot start', new Error('Vitrine.init is not available in this build'));
    }
    state.instance = await sdk.Vitrine.init({
      catalogUrl: CATALOG_URL,
      publicKeys: await keysLoading,
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

function showVersion(sdk) {
  const status = document.getElementById('sdk-status');
  state.version = typeof sdk.version === 'string' ? sdk.version : null;
  if (status) {
    status.textContent = state.version ? `Vitrine ${state.version} loaded.` : 'The SDK loaded without a version.';
    status.dataset.ready = state.version ? 'true' : 'error';
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

// The public keys that verify /catalog.bin. Without them `init` refuses to start
// (`public_keys_invalid`) and the slots keep the shop's own content.
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

/** The device class the catalog's rules can target (in-store offers target phones). */
function deviceClass() {
  if (matchMedia('(max-width: 640px)').matches) return 'mobile';
  if (matchMedia('(max-width: 1024px)').matches) return 'tablet';
  return 'desktop';
}

/** Decides the page's slots again (the panel's "Decide again"). */
export async function render(context = state.context) {
  const decisions = await call('render', context);
  emit();
  return decisions;
}

export const profile = () => call('profile');
export const lastDecisions = () => call('lastDecisions');

/**
 * The latest render's decisions for the panel, each with the offers it left out and why and the
 * values its rules read: `decide(slot, context, { detail: 'full' })`, since `render` keeps only
 * the pick. Each slot is decided again, now, with the campaigns shown in the slots before it
 * excluded, as `render` excludes them: so the left-out offers are those of the shown decision
 * (an impression counted since the render can add a cap). The rules' values belong to the
 * chosen offer: they are kept only when the new draw chose the offer on screen.
 */
export function explainedDecisions() {
  const onPage = [...(state.context?.excludeCampaigns ?? [])];
  return (lastDecisions() ?? []).map((shown) => {
    const context = { ...state.context, excludeCampaigns: [...onPage] };
    if (shown.offer) onPage.push(shown.offer.campaign);
    const full = call('decide', shown.slot, context, { detail: 'full' });
    if (!full) return shown;
    const features = full.offer?.id === shown.offer?.id ? full.explanation.features : [];
    return { ...shown, explanation: { ...shown.explanation, removed: full.explanation.removed, features } };
  });
}

export function setConsent(update) {
  const next = { ...consentChoice(), ...update };
  localStorage.setItem(CONSENT_KEY, JSON.stringify(next));
  call('consent', update);
  emit();
  return next;
}

export const exportData = () => call('exportData');
export const forget = () => call('forget');

// In-store beacons come from their own entry point, vitrine/beacons (/pkg/beacons.js, which loads
// its own WebAssembly), loaded on
// first use once the SDK runs (the shopper panel's Beacons section, when the panel is open): other
// pages never load it. Its failures are recorded like those of other SDK calls.
const BEACONS_URL = '/pkg/beacons.js';
const nearby = { api: null, loading: false, failed: false };
function loadNearby() {
  if (nearby.api || nearby.loading || nearby.failed || state.status !== 'ready') return;
  nearby.loading = true;
  import(BEACONS_URL)
    .then((module) => module.beacons(state.instance))
    .then((api) => (nearby.api = api))
    .catch((error) => {
      nearby.failed = true;
      record('beacons', error);
    })
    .finally(() => {
      nearby.loading = false;
      emit();
    });
}
/** Calls `fn(api)` once vitrine/beacons is loaded (else undefined), recording what it throws. */
function withNearby(name, fn) {
  loadNearby();
  if (!nearby.api) return undefined;
  try {
    const result = fn(nearby.api);
    return result && typeof result.then === 'function' ? result.catch((error) => record(`beacons.${name}`, error)) : result;
  } catch (error) {
    return record(`beacons.${name}`, error);
  }
}

export const beacons = {
  /** Whether vitrine/beacons is loaded for the running SDK (asking starts loading it). */
  ready: () => {
    loadNearby();
    return nearby.api !== null;
  },
  /** Whether loading vitrine/beacons failed (recorded in `state.errors`). */
  failed: () => nearby.failed,
  status: () => withNearby('status', (api) => api.status()) ?? 'unsupported',
  zones: () => withNearby('zones', (api) => api.zones()) ?? [],
  start: async () => {
    await withNearby('start', (api) => api.start());
    emit();
  },
  stop: () => {
    withNearby('stop', (api) => api.stop());
    emit();
  },
  simulate: (advertisement) => {
    withNearby('simulate', (api) => api.simulate(advertisement));
    emit();
  },
};
