// Part 4 of the bench: cold start to the first banner in the DOM, for each SDK's cold-start page
// (pages.mjs), on a desktop and on an emulated phone. Each sample is a fresh browser context
// (empty HTTP cache and storage): its first load is the first visit, its second load, a second
// later, the repeat visit. The time is the page's own: navigation start to the banner element
// in the DOM.
import { collectErrors } from '../tests/e2e/harness.mjs';
import { sdks } from './adapters/index.js';
import { interleave } from './interleave.js';
import { coldStartPath } from './pages.mjs';

/** Browser context options and CDP throttling per device. */
export const DEVICES = {
  desktop: { context: { viewport: { width: 1280, height: 800 } } },
  phone: {
    context: { viewport: { width: 412, height: 915 }, deviceScaleFactor: 2.625, isMobile: true, hasTouch: true },
    // CDP throughputs are in bytes per second: 1.6 Mbit/s down, 750 kbit/s up.
    network: { offline: false, latency: 150, downloadThroughput: 1_600_000 / 8, uploadThroughput: 750_000 / 8 },
    cpuSlowdown: 4,
  },
};
export const VISITS = ['first', 'repeat'];
const TIMEOUT_MS = 60_000;
/** Time between the two visits, as a shopper's next page view (the SDKs finish caching meanwhile). */
const BETWEEN_VISITS_MS = 1_000;

async function throttle(context, page, { network, cpuSlowdown }) {
  const cdp = await context.newCDPSession(page);
  if (network) {
    await cdp.send('Network.enable');
    await cdp.send('Network.emulateNetworkConditions', network);
  }
  if (cpuSlowdown) await cdp.send('Emulation.setCPUThrottlingRate', { rate: cpuSlowdown });
}

/** Loads `url` and returns the page's time to the banner, in ms; throws with `what` on errors or a timeout. */
async function visit(page, url, errors, what) {
  let timer;
  const timeout = new Promise((_, fail) => {
    timer = setTimeout(() => fail(new Error(`no banner after ${TIMEOUT_MS / 1000} s`)), TIMEOUT_MS);
  });
  try {
    await page.goto(url, { waitUntil: 'domcontentloaded', timeout: TIMEOUT_MS });
    const shownAt = await Promise.race([page.evaluate(() => window.bannerShown), timeout]);
    if (errors.length) throw new Error('the page reported errors');
    return shownAt;
  } catch (error) {
    const reported = errors.length ? ` (${errors.join('; ')})` : '';
    throw new Error(`cold start, ${what}: ${error.message}${reported}`, { cause: error });
  } finally {
    clearTimeout(timer);
  }
}

/** One sample: a fresh context on `device`, loaded twice. */
async function visitTwice(browser, baseUrl, sdk, device) {
  const settings = DEVICES[device];
  const context = await browser.newContext(settings.context);
  try {
    const page = await context.newPage();
    const errors = collectErrors(page);
    await throttle(context, page, settings);
    const url = `${baseUrl}${coldStartPath(sdk)}`;
    const times = {};
    for (const [i, name] of VISITS.entries()) {
      if (i > 0) await new Promise((ok) => setTimeout(ok, BETWEEN_VISITS_MS));
      times[name] = await visit(page, `${url}?visit=${name}`, errors, `${sdk.name}, ${device}, ${name} visit`);
    }
    return times;
  } finally {
    await context.close();
  }
}

/** Samples in ms, as `{ [device]: { [visit]: { [sdk key]: [ms, ...] } } }`. */
export async function coldStart(browser, baseUrl, { loads, warmup }) {
  const results = {};
  for (const device of Object.keys(DEVICES)) {
    const samples = await interleave(sdks, { rounds: loads, warmup }, (sdk) => visitTwice(browser, baseUrl, sdk, device));
    results[device] = Object.fromEntries(VISITS.map((name) => [
      name,
      Object.fromEntries(Object.entries(samples).map(([key, runs]) => [key, runs.map((times) => times[name])])),
    ]));
  }
  return results;
}
