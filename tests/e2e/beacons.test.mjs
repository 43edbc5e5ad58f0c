// Real Web Bluetooth in headless Chromium: the DevTools BluetoothEmulation domain (browser
// target) makes an emulated adapter "hear" the demo catalog's AltBeacon `coffee-aisle`, and
// DeviceAccess (page target) picks it in the requestDevice chooser. The page then receives the
// advertisements through device.watchAdvertisements(), and the test walks the shopper up to the
// beacon and away again by changing the RSSI: the zone goes far -> near -> far, and the
// zone-targeted offer (`aisle-tasting` from campaign `coffee-aisle-in-store`) appears in
// `home-hero` and goes again. requestLEScan cannot be granted headless (its prompt is always
// cancelled) and emulated scan records carry no service data, so the scanning path and
// Eddystone are covered by tests/browser/beacons.rs with a navigator.bluetooth double.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { resolve } from 'node:path';
import { repo, launchBrowser, startServer, screenshot, collectErrors } from './harness.mjs';

const ADDRESS = '09:09:09:09:09:01';
const RADIUS_NETWORKS = 0x0118;
/** AltBeacon: code BEAC, the catalog's 20-byte id, -59 dBm at 1 m, reserved byte. */
const ALTBEACON = Buffer.from('beac' + '4c0ffee0de7a11e0000000000000000000000001' + 'c5' + '00', 'hex');
const ADVERTISE_EVERY_MS = 200;

let server, browser;
before(async () => {
  server = await startServer({
    port: 0,
    root: resolve(repo, 'tests/e2e/pages'),
    mounts: { '/pkg/': resolve(repo, 'pkg'), '/shop/': resolve(repo, 'www'), '/img/': resolve(repo, 'www/img') },
  });
  browser = await launchBrowser([], { experimental: true });
});
after(async () => {
  await browser?.close();
  await server?.close();
});

/** Polls `fn` in the page until it returns a truthy value. */
function until(page, fn, arg, timeout = 30_000) {
  return page.waitForFunction(fn, arg, { timeout, polling: 100 }).then((h) => h.jsonValue());
}

test('an emulated AltBeacon moves the zone and shows the zone-targeted banner', async () => {
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
      await advertise().catch(() => {});
      await new Promise((r) => setTimeout(r, ADVERTISE_EVERY_MS));
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

    await page.goto(`${server.url}/beacons.html?method=watch`);
    await page.waitForSelector('body[data-ready]');
    assert.equal(await page.evaluate(() => vitrine.beacons.status()), 'idle');
    assert.equal(await page.locator('[data-vitrine-offer="aisle-tasting"]').count(), 0);

    await page.click('#start'); // a real user gesture
    assert.equal(await until(page, () => window.started && window.started.then((r) => r)), 'ok', `prompts: ${JSON.stringify(prompts)}`);
    assert.equal(await page.evaluate(() => vitrine.beacons.status()), 'scanning');

    const far = await until(page, () => { const z = vitrine.beacons.zones()[0]; return z.zone !== 'unknown' && z; });
    assert.equal(far.beacon, 'coffee-aisle');
    assert.equal(far.zone, 'far');
    assert.equal(far.at, false);
    await screenshot(page, 'beacons-far');

    rssi = -55; // walking up to the coffee aisle
    const near = await until(page, () => { const z = vitrine.beacons.zones()[0]; return z.at && z; });
    assert.ok(['near', 'immediate'].includes(near.zone), JSON.stringify(near));
    assert.ok(near.distanceM < 3, JSON.stringify(near));
    const hero = await page.evaluate(() => vitrine.lastDecisions().find((d) => d.slot === 'home-hero'));
    assert.equal(hero.offer?.id, 'aisle-tasting', JSON.stringify(hero.explanation));
    await page.waitForSelector('[data-vitrine-slot="home-hero"] [data-vitrine-offer="aisle-tasting"]', { timeout: 5_000 });
    await screenshot(page, 'beacons-near');

    rssi = -95; // and away again
    const left = await until(page, () => { const z = vitrine.beacons.zones()[0]; return z.zone === 'far' && z; });
    assert.equal(left.at, false);
    await page.waitForSelector('[data-vitrine-offer="aisle-tasting"]', { state: 'detached', timeout: 5_000 });
    const stored = await page.evaluate(() => vitrine.exportData());
    assert.ok(JSON.stringify(stored.profile).includes('coffee-aisle'), 'the visit is in the local profile');

    await page.evaluate(() => vitrine.destroy());
    const afterDestroy = await page.evaluate(() => ({ status: vitrine.beacons.status(), zones: vitrine.beacons.zones() }));
    assert.equal(afterDestroy.status, 'idle', 'destroy() stops watching');
    assert.ok(afterDestroy.zones.every((z) => !z.at), JSON.stringify(afterDestroy));
    assert.deepEqual(errors, []);
    await context.close();
  } finally {
    advertising = false;
    await loop;
    await bluetooth.send('BluetoothEmulation.disable').catch(() => {});
  }
});
