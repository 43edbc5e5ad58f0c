// `vitrine/beacons` (pkg/beacons.js) in headless Chromium, over signed catalogs.
//
// Real Web Bluetooth: the DevTools BluetoothEmulation domain (browser target) makes an emulated
// adapter "hear" the demo catalog's AltBeacon `coffee-aisle`, and DeviceAccess (page target)
// picks it in the requestDevice chooser. The page then receives the advertisements through
// device.watchAdvertisements(), and the test walks the shopper up to the beacon and away again
// by changing the RSSI: the zone goes far -> near -> far, and the zone-targeted offer
// (`aisle-tasting` from campaign `coffee-aisle-in-store`) appears in `home-hero` and goes again.
//
// requestLEScan cannot be granted headless (its prompt is always cancelled) and emulated scan
// records carry no service data, so the scanning path, Eddystone, permission refusal, teardown,
// consent and the unsupported browser run against a `navigator.bluetooth` test double, over
// the demo catalog with an Eddystone beacon added and no holdout, signed with the demo key.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { repo, launchBrowser, startServer, screenshot, collectErrors } from './harness.mjs';
import { installTrap } from './trap.mjs';

const ADDRESS = '09:09:09:09:09:01';
const RADIUS_NETWORKS = 0x0118;
/** AltBeacon: code BEAC, the catalog's 20-byte id, -59 dBm at 1 m, reserved byte. */
const ALTBEACON = Buffer.from('beac' + '4c0ffee0de7a11e0000000000000000000000001' + 'c5' + '00', 'hex');
const ADVERTISE_EVERY_MS = 200;
/** Eddystone-UID: frame 0x00, -18 dBm at 0 m (-59 at 1 m), namespace, instance, reserved. */
const TEA_NAMESPACE = '8b0ca750095477cb3e77';
const EDDYSTONE_UID = Buffer.from('00ee' + TEA_NAMESPACE + '000000000001' + '0000', 'hex');
const EDDYSTONE_UUID = '0000feaa-0000-1000-8000-00805f9b34fb';
/** Sunday 2026-11-29 10:00 in the catalog's time zone: the double tests' clock. */
const NOW = 1_795_942_800_000;
const HOLDOUT_ATTEMPTS = 4;

let server, browser, signed;
before(async () => {
  signed = await signTestCatalog();
  server = await startServer({
    port: 0,
    root: resolve(repo, 'tests/e2e/pages'),
    mounts: {
      '/pkg/': resolve(repo, 'pkg'),
      '/shop/': resolve(repo, 'www'),
      '/img/': resolve(repo, 'www/img'),
      '/test-catalog/': signed,
    },
  });
  browser = await launchBrowser([], { experimental: true });
});
after(async () => {
  await browser?.close();
  await server?.close();
  if (signed) rmSync(signed, { recursive: true, force: true });
});

/**
 * The demo catalog with the Eddystone beacon `tea-shelf` and without its 10 % holdout (a
 * random device id in it would never see the zone offer), signed with the demo key by the
 * package's Node tools (`signCatalog` of `vitrine/tools`) into a temporary directory.
 */
async function signTestCatalog() {
  const { signCatalog } = await import(pathToFileURL(resolve(repo, 'pkg/tools/index.js')).href);
  const catalog = JSON.parse(readFileSync(resolve(repo, 'www/catalog.json'), 'utf8'));
  delete catalog.holdout;
  catalog.beacons.push({ id: 'tea-shelf', name: 'Tea shelf', frame: `eddystone:${TEA_NAMESPACE}:000000000001` });
  const key = readFileSync(resolve(repo, 'scripts/demo-signing.key'), 'utf8');
  const dir = mkdtempSync(join(tmpdir(), 'vitrine-beacons-'));
  writeFileSync(join(dir, 'catalog.bin'), signCatalog(catalog, key, { expiresInMs: 3650 * 86_400_000 }));
  return dir;
}

/** Polls `fn` in the page until it returns a truthy value. */
function until(page, fn, arg, timeout = 30_000) {
  return page.waitForFunction(fn, arg, { timeout, polling: 100 }).then((h) => h.jsonValue());
}

/** Resolves after `ms`. */
const sleep = (ms) => new Promise((done) => setTimeout(done, ms));

// A bound, so that a wedged browser (a DevTools call that never answers) fails the test rather
// than blocking the suite.
test('an emulated AltBeacon moves the zone and shows the zone-targeted banner', { timeout: 120_000 }, async () => {
  const bluetooth = await browser.newBrowserCDPSession();
  await bluetooth.send('BluetoothEmulation.enable', { state: 'powered-on', leSupported: true });
  let rssi = -90;
  const advertise = () =>
    bluetooth.send('BluetoothEmulation.simulateAdvertisement', {
      entry: {
        deviceAddress: ADDRESS,
        rssi,
        scanRecord: {
          name: 'Coffee aisle',
          uuids: [],
          // Both always: omitting `appearance` crashes the browser.
          appearance: 0,
          txPower: -59,
          manufacturerData: [{ key: RADIUS_NETWORKS, data: ALTBEACON.toString('base64') }],
        },
      },
    });
  let advertising = true;
  const loop = (async () => {
    while (advertising) {
      await Promise.race([advertise().catch(() => {}), sleep(5_000)]);
      await sleep(ADVERTISE_EVERY_MS);
    }
  })();

  try {
    const context = await browser.newContext();
    const page = await context.newPage();
    const errors = collectErrors(page);
    const access = await context.newCDPSession(page);
    await access.send('DeviceAccess.enable');
    const prompts = [];
    access.on('DeviceAccess.deviceRequestPrompted', ({ id, devices }) => {
      prompts.push(devices.map((d) => d.name));
      const device = devices.find((d) => d.name === 'Coffee aisle') ?? devices[0];
      if (device) access.send('DeviceAccess.selectPrompt', { id, deviceId: device.id }).catch(() => {});
    });

    // The signed demo catalog (`/catalog.bin` of the shop) holds 10 % of devices out: a new
    // page load is a new device.
    for (let attempt = 1; ; attempt++) {
      await page.goto(`${server.url}/beacons.html?method=watch`);
      await page.waitForSelector('body[data-ready]');
      if ((await page.evaluate(() => window.mode)) !== 'holdout') break;
      assert.ok(attempt < HOLDOUT_ATTEMPTS, `${HOLDOUT_ATTEMPTS} devices in a row were held out`);
    }
    assert.equal(await page.evaluate(() => nearby.status()), 'idle');
    assert.equal(await page.locator('[data-vitrine-offer="aisle-tasting"]').count(), 0);

    await page.click('#start'); // a real user gesture
    assert.equal(await until(page, () => window.started && window.started.then((r) => r)), 'ok', `prompts: ${JSON.stringify(prompts)}`);
    assert.equal(await page.evaluate(() => nearby.status()), 'scanning');

    const far = await until(page, () => { const z = nearby.zones()[0]; return z.zone !== 'unknown' && z; });
    assert.equal(far.beacon, 'coffee-aisle');
    assert.equal(far.zone, 'far');
    assert.equal(far.at, false);
    await screenshot(page, 'beacons-far');

    rssi = -55; // walking up to the coffee aisle
    const near = await until(page, () => { const z = nearby.zones()[0]; return z.at && z; });
    assert.ok(['near', 'immediate'].includes(near.zone), JSON.stringify(near));
    assert.ok(near.distanceM < 3, JSON.stringify(near));
    const hero = await page.evaluate(() => vitrine.lastDecisions().find((d) => d.slot === 'home-hero'));
    assert.equal(hero.offer?.id, 'aisle-tasting', JSON.stringify(hero.explanation));
    await page.waitForSelector('[data-vitrine-slot="home-hero"] [data-vitrine-offer="aisle-tasting"]', { timeout: 5_000 });
    await screenshot(page, 'beacons-near');

    rssi = -95; // and away again
    const left = await until(page, () => { const z = nearby.zones()[0]; return z.zone === 'far' && z; });
    assert.equal(left.at, false);
    await page.waitForSelector('[data-vitrine-offer="aisle-tasting"]', { state: 'detached', timeout: 5_000 });
    const stored = await page.evaluate(() => vitrine.exportData());
    assert.deepEqual(stored.profile.beacons.map((b) => b.beacon), ['coffee-aisle'], 'the visit is in the local profile');

    await page.evaluate(() => vitrine.destroy());
    const afterDestroy = await page.evaluate(() => ({ status: nearby.status(), zones: nearby.zones() }));
    assert.equal(afterDestroy.status, 'idle', 'destroy() stops watching');
    assert.deepEqual(afterDestroy.zones, []);
    assert.deepEqual(errors, []);
    await context.close();
  } finally {
    advertising = false;
    await Promise.race([loop, sleep(5_000)]);
    await Promise.race([bluetooth.send('BluetoothEmulation.disable').catch(() => {}), sleep(5_000)]);
  }
});

// ----- with a navigator.bluetooth test double --------------------------------------------------

/**
 * A fresh page with the package loaded (`?manual`) and helpers: `installBluetooth(withScan,
 * refuse)` (the double records its calls), `removeBluetooth()`, `emit(target, rssi,
 * manufacturer, service)`, `startVitrine(options)` (the test catalog, memory storage, the
 * movable clock `window.now`, errors reported to `window.reported`), `offer()`, `zones()`,
 * `calls()` and `outcome(fn)` (a thrown error as plain data).
 */
async function open() {
  const context = await browser.newContext();
  const page = await context.newPage();
  page.errors = collectErrors(page);
  await page.goto(`${server.url}/beacons.html?manual`);
  await page.waitForSelector('body[data-ready]');
  await page.evaluate(([now, eddystoneUuid]) => {
    window.installBluetooth = (withScan, refuse) => {
      const double = new EventTarget();
      double.calls = [];
      double.requestDevice = async (options) => {
        double.calls.push(['requestDevice', options]);
        const device = new EventTarget();
        device.watchAdvertisements = async (o) => {
          double.calls.push(['watchAdvertisements', o]);
          o.signal.addEventListener('abort', () => double.calls.push(['abort']));
        };
        double.device = device;
        return device;
      };
      if (withScan) {
        double.requestLEScan = async (options) => {
          double.calls.push(['requestLEScan', options]);
          if (refuse) throw new DOMException('User denied the scan.', 'NotAllowedError');
          return { active: true, stop() { double.calls.push(['stop']); } };
        };
      }
      Object.defineProperty(navigator, 'bluetooth', { value: double, configurable: true });
      window.double = double;
    };
    window.removeBluetooth = () => {
      delete navigator.bluetooth;
      for (let o = Object.getPrototypeOf(navigator); o; o = Object.getPrototypeOf(o)) {
        if (Object.getOwnPropertyDescriptor(o, 'bluetooth')) delete o.bluetooth;
      }
    };
    window.emit = (target, rssi, manufacturer, service) => {
      const view = (bytes) => new DataView(new Uint8Array(bytes).buffer);
      const event = new Event('advertisementreceived');
      event.rssi = rssi;
      event.manufacturerData = new Map(manufacturer.map(([k, v]) => [k, view(v)]));
      event.serviceData = new Map(service.map(([k, v]) => [k, view(v)]));
      target.dispatchEvent(event);
    };
    window.eddystoneUuid = eddystoneUuid;
    window.startVitrine = async ({ personalization = 'granted' } = {}) => {
      const { publicKeys } = await (await fetch('/shop/vitrine-keys.json')).json();
      window.now = now;
      window.reported = [];
      window.vitrine = await sdk.Vitrine.init({
        catalogUrl: '/test-catalog/catalog.bin',
        publicKeys,
        storage: 'memory',
        seed: 3,
        consent: { personalization },
        clock: () => window.now,
        onError: (e) => window.reported.push(e.code),
      });
      window.nearby = await sdk.beacons(window.vitrine);
      return window.vitrine.status().catalogVersion;
    };
    window.context = { pageType: 'home', device: 'mobile' };
    window.offer = () => vitrine.decide('home-hero', context).offer?.id ?? null;
    window.zones = () => nearby.zones().map((z) => [z.beacon, z.zone, z.at]);
    window.calls = () => double.calls.map((c) => c[0]);
    window.sleep = (ms) => new Promise((done) => setTimeout(done, ms));
    window.outcome = async (fn) => {
      try {
        return { value: await fn() };
      } catch (e) {
        return { error: { code: e?.code, name: e?.name, message: String(e?.message ?? e) } };
      }
    };
  }, [NOW, EDDYSTONE_UUID]);
  assert.ok(await page.evaluate(() => startVitrine !== undefined));
  return { page, context };
}

const altbeacon = (company = RADIUS_NETWORKS) => [[company, [...ALTBEACON]]];
const eddystone = () => [[EDDYSTONE_UUID, [...EDDYSTONE_UID]]];

test('scanning receives AltBeacon and Eddystone advertisements and stops cleanly', { timeout: 60_000 }, async () => {
  const { page, context } = await open();
  await page.evaluate(() => installBluetooth(true, false));
  assert.ok(await page.evaluate(() => startVitrine()), 'the test catalog is in use');
  assert.equal(await page.evaluate(() => nearby.status()), 'idle');
  assert.notEqual(await page.evaluate(() => offer()), 'aisle-tasting');

  assert.deepEqual(await page.evaluate(() => outcome(() => nearby.start({}))), { value: undefined });
  assert.equal(await page.evaluate(() => nearby.status()), 'scanning');
  const options = await page.evaluate(() => {
    const o = double.calls[0][1];
    return { ...o, filters: o.filters.map((f) => (f.manufacturerData ? { ...f.manufacturerData[0], dataPrefix: [...f.manufacturerData[0].dataPrefix] } : f)) };
  });
  assert.deepEqual(options, {
    filters: [{ companyIdentifier: 0x0118, dataPrefix: [0xbe, 0xac] }, { services: [0xfeaa] }],
    optionalManufacturerData: [0x0118],
    optionalServices: [0xfeaa],
    keepRepeatedDevices: true,
  });
  assert.deepEqual(await page.evaluate(() => outcome(() => nearby.start())), { value: undefined }, 'a second start keeps the scan');
  assert.deepEqual(await page.evaluate(() => calls()), ['requestLEScan']);

  await page.evaluate(([a, e]) => {
    emit(double, -60, a, []);
    emit(double, -45, [], e);
  }, [altbeacon(), eddystone()]);
  assert.deepEqual(await page.evaluate(() => zones()), [
    ['coffee-aisle', 'near', true],
    ['tea-shelf', 'immediate', true],
  ]);
  const [coffee] = await page.evaluate(() => nearby.zones());
  assert.equal(coffee.name, 'Coffee aisle');
  assert.ok(coffee.distanceM > 0.5 && coffee.distanceM < 3, JSON.stringify(coffee));
  assert.equal(await page.evaluate(() => offer()), 'aisle-tasting');

  await page.evaluate(() => nearby.stop());
  assert.equal(await page.evaluate(() => nearby.status()), 'idle');
  assert.deepEqual(await page.evaluate(() => calls()), ['requestLEScan', 'stop']);
  assert.ok((await page.evaluate(() => zones())).every(([, zone, at]) => zone === 'unknown' && !at));
  assert.notEqual(await page.evaluate(() => offer()), 'aisle-tasting', 'left on stop');
  const profile = await page.evaluate(() => vitrine.profile().beacons);
  assert.deepEqual(profile.map((b) => [b.beacon, b.enteredAt, b.exitedAt]), [
    ['coffee-aisle', NOW, NOW],
    ['tea-shelf', NOW, NOW],
  ]);
  await page.evaluate((a) => emit(double, -60, a, []), altbeacon());
  assert.ok((await page.evaluate(() => zones())).every(([, zone]) => zone === 'unknown'), 'nothing arrives after stop');
  await page.evaluate(() => vitrine.destroy());
  assert.deepEqual(page.errors, []);
  await context.close();
});

test('watching a picked device renders the zone offer again, the tick leaves it, destroy aborts it', { timeout: 60_000 }, async () => {
  const { page, context } = await open();
  await page.evaluate(() => installBluetooth(true, false));
  await page.evaluate(() => startVitrine());
  await page.evaluate(() => vitrine.render(context));
  const shown = () => page.locator('[data-vitrine-slot="home-hero"] [data-vitrine-offer="aisle-tasting"]').count();
  assert.equal(await shown(), 0);

  assert.deepEqual(await page.evaluate(() => outcome(() => nearby.start({ method: 'watch' }))), { value: undefined });
  assert.deepEqual(await page.evaluate(() => calls()), ['requestDevice', 'watchAdvertisements']);
  assert.equal(await page.evaluate(() => nearby.status()), 'scanning');
  await page.evaluate((a) => emit(double.device, -58, a, []), altbeacon());
  assert.deepEqual((await page.evaluate(() => zones()))[0], ['coffee-aisle', 'near', true]);
  assert.equal(await shown(), 1, 'the zone offer is rendered as soon as the shopper arrives');

  // The beacon goes silent: the 1 s tick leaves it after the 10 s exit timeout.
  await page.evaluate(() => {
    window.now += 11_000;
    return sleep(1_200);
  });
  assert.deepEqual((await page.evaluate(() => zones()))[0], ['coffee-aisle', 'unknown', false]);
  assert.equal(await shown(), 0, 'and the offer goes with it');

  await page.evaluate(() => vitrine.destroy());
  assert.deepEqual(await page.evaluate(() => calls()), ['requestDevice', 'watchAdvertisements', 'abort']);
  assert.equal(await page.evaluate(() => nearby.status()), 'idle');
  await page.evaluate((a) => emit(double.device, -58, a, []), altbeacon());
  assert.deepEqual(page.errors, []);
  await context.close();
});

test('a refused scan reports permission_denied; bad options are a TypeError', { timeout: 60_000 }, async () => {
  const { page, context } = await open();
  await page.evaluate(() => installBluetooth(true, true));
  await page.evaluate(() => startVitrine());
  const refused = await page.evaluate(() => outcome(() => nearby.start()));
  assert.equal(refused.error.code, 'bluetooth_permission_denied');
  assert.equal(refused.error.name, 'VitrineError');
  assert.match(refused.error.message, /from a click or tap/);
  assert.equal(await page.evaluate(() => nearby.status()), 'permission_denied');

  const sideways = await page.evaluate(() => outcome(() => nearby.start({ method: 'sideways' })));
  assert.equal(sideways.error.code, 'options_invalid');
  assert.equal(sideways.error.name, 'TypeError');
  assert.match(sideways.error.message, /'auto', 'scan' or 'watch'/);
  const typo = await page.evaluate(() => outcome(() => nearby.start({ methd: 'scan' })));
  assert.equal(typo.error.code, 'options_invalid');
  assert.match(typo.error.message, /unknown field `methd`/);
  const promise = await page.evaluate(() => nearby.start(42) instanceof Promise && nearby.start(42).catch((e) => e.code));
  assert.equal(promise, 'options_invalid', 'start() always returns a promise');
  await page.evaluate(() => vitrine.destroy());
  await context.close();
});

test('the chooser closed or a watch that fails give their codes', { timeout: 60_000 }, async () => {
  const { page, context } = await open();
  await page.evaluate(() => {
    installBluetooth(false, false);
    double.requestDevice = async () => {
      throw new DOMException('User cancelled the requestDevice() chooser.', 'NotFoundError');
    };
  });
  await page.evaluate(() => startVitrine());
  const cancelled = await page.evaluate(() => outcome(() => nearby.start()));
  assert.equal(cancelled.error.code, 'bluetooth_cancelled');
  await page.evaluate(() => {
    double.requestDevice = async () => ({ addEventListener() {}, removeEventListener() {}, watchAdvertisements: async () => { throw new DOMException('radio off', 'InvalidStateError'); } });
  });
  const failed = await page.evaluate(() => outcome(() => nearby.start({ method: 'watch' })));
  assert.equal(failed.error.code, 'bluetooth_failed');
  assert.match(failed.error.message, /InvalidStateError: radio off/);
  const noScan = await page.evaluate(() => outcome(() => nearby.start({ method: 'scan' })));
  assert.equal(noScan.error.code, 'bluetooth_unsupported');
  assert.match(noScan.error.message, /requestLEScan/);
  assert.equal(await page.evaluate(() => nearby.status()), 'idle');
  await page.evaluate(() => vitrine.destroy());
  await context.close();
});

test('without Web Bluetooth the status is unsupported and the simulator still works', { timeout: 60_000 }, async () => {
  const { page, context } = await open();
  await page.evaluate(() => removeBluetooth());
  await page.evaluate(() => startVitrine());
  assert.equal(await page.evaluate(() => nearby.status()), 'unsupported');
  const unsupported = await page.evaluate(() => outcome(() => nearby.start()));
  assert.equal(unsupported.error.code, 'bluetooth_unsupported');
  await page.evaluate(() => nearby.stop());

  await page.evaluate(() => nearby.simulate({ beacon: 'coffee-aisle', rssi: -60 }));
  assert.deepEqual((await page.evaluate(() => zones()))[0], ['coffee-aisle', 'near', true]);
  assert.equal(await page.evaluate(() => offer()), 'aisle-tasting');
  const unknown = await page.evaluate(() => outcome(() => nearby.simulate({ beacon: 'bakery', rssi: -60 })));
  assert.equal(unknown.error.code, 'beacon_unknown');
  assert.match(unknown.error.message, /declared beacons: coffee-aisle, tea-shelf/);
  for (const bad of [{ beacon: 'coffee-aisle', rssi: 12 }, { beacon: 'coffee-aisle', rssi: '-60' }, { beacon: 'coffee-aisle' }, { beacon: 'coffee-aisle', rssi: -60, x: 1 }, null]) {
    const refused = await page.evaluate((b) => outcome(() => nearby.simulate(b)), bad);
    assert.equal(refused.error?.code, 'advertisement_invalid', JSON.stringify(bad));
  }

  await page.evaluate(() => vitrine.destroy());
  assert.equal(await page.evaluate(() => nearby.status()), 'unsupported', 'status never throws, even after destroy');
  assert.deepEqual(await page.evaluate(() => nearby.zones()), []);
  const destroyed = await page.evaluate(() => outcome(() => nearby.simulate({ beacon: 'coffee-aisle', rssi: -60 })));
  assert.equal(destroyed.error.code, 'destroyed');
  const start = await page.evaluate(() => outcome(() => nearby.start()));
  assert.equal(start.error.code, 'destroyed');
  assert.deepEqual(page.errors, []);
  await context.close();
});

test('without consent zones are live but nothing is recorded', { timeout: 60_000 }, async () => {
  const { page, context } = await open();
  await page.evaluate(() => installBluetooth(true, false));
  await page.evaluate(() => startVitrine({ personalization: 'denied' }));
  await page.evaluate(() => nearby.simulate({ beacon: 'coffee-aisle', rssi: -60 }));
  assert.deepEqual((await page.evaluate(() => zones()))[0], ['coffee-aisle', 'near', true]);
  const profile = await page.evaluate(() => vitrine.profile());
  assert.equal(profile.events, 0);
  assert.deepEqual(profile.beacons, []);
  await page.evaluate(() => vitrine.destroy());
  await context.close();
});

test('a hidden page stops scanning and says so; beacons() wants an instance and gives one object per instance', { timeout: 60_000 }, async () => {
  const { page, context } = await open();
  await page.evaluate(() => installBluetooth(true, false));
  await page.evaluate(() => startVitrine());
  assert.equal(await page.evaluate(async () => (await sdk.beacons(vitrine)) === nearby), true);
  const notAnInstance = await page.evaluate(() => outcome(() => sdk.beacons({})));
  assert.equal(notAnInstance.error.code, 'options_invalid');

  await page.evaluate(() => nearby.start());
  await page.evaluate((a) => emit(double, -60, a, []), altbeacon());
  await page.evaluate(() => {
    Object.defineProperty(document, 'visibilityState', { value: 'hidden', configurable: true });
    document.dispatchEvent(new Event('visibilitychange'));
  });
  assert.equal(await page.evaluate(() => nearby.status()), 'idle');
  assert.deepEqual(await page.evaluate(() => calls()), ['requestLEScan', 'stop']);
  assert.deepEqual(await page.evaluate(() => reported), ['bluetooth_stopped']);
  assert.deepEqual((await page.evaluate(() => zones()))[0], ['coffee-aisle', 'unknown', false]);
  await page.evaluate(() => vitrine.destroy());
  await context.close();
});

test("the beacon module's WebAssembly failing to load is wasm_load_failed, and the next call loads it", { timeout: 60_000 }, async () => {
  const { page } = await open();
  let refused = 0;
  await page.route('**/vitrine_beacons_bg.wasm', (route) => (refused++ === 0 ? route.fulfill({ status: 404, body: 'not found' }) : route.continue()));
  const got = await page.evaluate(async () => {
    const { publicKeys } = await (await fetch('/shop/vitrine-keys.json')).json();
    const vitrine = await sdk.Vitrine.init({ catalogUrl: '/test-catalog/catalog.bin', publicKeys, storage: 'memory', consent: { personalization: 'granted' } });
    const first = await outcome(() => sdk.beacons(vitrine));
    const second = await outcome(async () => (await sdk.beacons(vitrine)).zones().map((z) => z.beacon));
    return { first, second, decides: vitrine.decide('home-hero', { pageType: 'home' }).offer !== undefined };
  });
  assert.equal(got.first.error.code, 'wasm_load_failed');
  assert.match(got.first.error.message, /vitrine_beacons_bg\.wasm/);
  assert.ok(got.second.value.length > 0, 'loaded on the second call');
  assert.equal(got.decides, true, 'the instance was never affected');
  assert.equal(refused, 2);
  // The browser logs the refused request itself; nothing else reaches the console.
  assert.deepEqual(page.errors.filter((e) => !/404 \(Not Found\)/.test(e)), []);
});

test('a trap in the beacon module is internal; a new beacon state takes over and simulate works again', { timeout: 60_000 }, async () => {
  const { page } = await open();
  // `beacons_simulate`'s beacon id (its arguments 1 and 2) pointing outside memory (trap.mjs).
  await page.evaluate(installTrap, { name: 'beacons_simulate', pointer: 1 });
  const got = await page.evaluate(async () => {
    await startVitrine();
    window.trapNext = 1;
    const trapped = await outcome(() => nearby.simulate({ beacon: 'coffee-aisle', rssi: -60 }));
    const again = await outcome(() => nearby.simulate({ beacon: 'coffee-aisle', rssi: -60 }));
    return { trapped, again, zones: zones(), offer: offer() };
  });
  assert.equal(got.trapped.error.code, 'internal');
  assert.match(got.trapped.error.message, /beacon module failed/);
  assert.equal(got.again.error, undefined, 'simulate works again');
  assert.deepEqual(got.zones.find(([beacon]) => beacon === 'coffee-aisle')?.slice(2), [true], 'at the aisle');
  assert.ok(got.offer, 'the instance still decides');
  assert.deepEqual(page.errors, []);
});
