// shell/src/beacons/ adapters in headless Chromium, without the wasm: the error numbers of the
// beacon answers against the main table, advertisement events turned into the bytes the wasm
// reads, the wire readers on hand-written answers (and broken ones), the Web Bluetooth request
// options, the classification of browser rejections, and the argument checks.
// tests/e2e/beacons.test.mjs runs the whole entry point over the built package.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startShellTests } from './support.mjs';

let t;
let page;

before(async () => {
  t = await startShellTests();
  page = await t.page();
  await page.evaluate(async () => {
    const names = ['codes', 'advertisement', 'wire', 'acquire', 'arguments', 'bluetooth'];
    const modules = await Promise.all(names.map((n) => import(`/shell/beacons/${n}.js`)));
    window.b = Object.assign({}, ...modules);
    window.errors = await import('/shell/errors.js');
    /** A coded error as the extension makes it, as plain data. */
    window.makeError = (code, message, cause) => Object.assign(new Error(message), { code, cause });
    window.caught = (fn) => {
      try {
        return { value: fn() };
      } catch (e) {
        return { error: { code: e.code, message: e.message } };
      }
    };
  });
});

after(() => t.close());

test('the beacon answers’ error numbers are those of the main code table', async () => {
  const pairs = await page.evaluate(() => [...b.BEACON_CODES].map(([n, code]) => [errors.CODES[n], code]));
  assert.equal(pairs.length, 3);
  for (const [main, beacons] of pairs) assert.equal(main, beacons);
  assert.equal(await page.evaluate(() => b.beaconCode(200)), 'internal');
});

test('an advertisement event becomes kind | key | length | bytes entries, manufacturer data first', async () => {
  const out = await page.evaluate(() => {
    const buffer = new Uint8Array([9, 9, 0xbe, 0xac, 1, 9]).buffer;
    const event = new Event('advertisementreceived');
    event.rssi = -61;
    event.manufacturerData = new Map([
      [0x0118, new DataView(buffer, 2, 3)], // a view into a larger buffer: only its bytes
      [1.5, new DataView(buffer)], // not a company id
    ]);
    event.serviceData = new Map([
      ['0000FEAA-0000-1000-8000-00805F9B34FB', new Uint8Array([0x00, 0xee])],
      [0x180f, new Uint8Array([7]).buffer],
      ['6e400001-b5a3-f393-e0a9-e50e24dcca9e', new Uint8Array([1])], // not a 16-bit UUID
      ['0000feaa', new Uint8Array([1])],
    ]);
    const { data, rssi } = b.readAdvertisement(event);
    const none = b.readAdvertisement(new Event('advertisementreceived'));
    return { data: [...data], rssi, none: { data: [...none.data], rssi: String(none.rssi) } };
  });
  assert.deepEqual(out.data, [
    0, 0x18, 0x01, 3, 0, 0xbe, 0xac, 1,
    1, 0xaa, 0xfe, 2, 0, 0x00, 0xee,
    1, 0x0f, 0x18, 1, 0, 7,
  ]);
  assert.equal(out.rssi, -61);
  assert.deepEqual(out.none, { data: [], rssi: 'NaN' }, 'no maps, no RSSI: nothing, and NaN for the wasm to ignore');
});

test('the wire readers read postcard answers and refuse broken ones with the given error', async () => {
  const out = await page.evaluate(() => {
    const broken = (what) => Object.assign(new Error(what), { code: 'internal' });
    const at = 1_795_942_800_000; // a varint of six bytes
    const varint = (n) => {
      const bytes = [];
      for (; n >= 0x80; n = Math.floor(n / 128)) bytes.push((n % 128) | 0x80);
      return [...bytes, n];
    };
    const text = (s) => [s.length, ...new TextEncoder().encode(s)];
    const changes = new Uint8Array([0, 2, 1, ...text('coffee-aisle'), ...varint(at), 0, ...text('tea'), ...varint(at + 1), 1, ...varint(1000)]);
    const f64 = new Uint8Array(new Float64Array([1.25]).buffer);
    const zones = new Uint8Array([2, ...text('a'), ...text('A'), 1, 1, ...f64, 1, ...text('b'), ...text('B'), 3, 0, 0]);
    const filters = new Uint8Array([0, 2, ...varint(0x0118), ...varint(0x004d), 1, ...varint(0xfeaa), 0xbe, 0xac]);
    return {
      changes: b.readChanges(changes, broken),
      zones: b.readZones(zones, broken),
      filters: { ...b.readFilters(filters, broken), prefix: [...b.readFilters(filters, broken).prefix] },
      short: caught(() => b.readChanges(changes.subarray(0, 10), broken)),
      bool: caught(() => b.readZones(new Uint8Array([1, ...text('a'), ...text('A'), 1, 2]), broken)),
      varint: caught(() => b.readChanges(new Uint8Array([0, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff]), broken)),
    };
  });
  assert.deepEqual(out.changes, {
    code: 0,
    changes: [
      { entered: true, beacon: 'coffee-aisle', at: 1_795_942_800_000 },
      { entered: false, beacon: 'tea', at: 1_795_942_800_001 },
    ],
    rerender: true,
    tickMs: 1000,
  });
  assert.deepEqual(out.zones, [
    { beacon: 'a', name: 'A', zone: 1, distanceM: 1.25, at: true },
    { beacon: 'b', name: 'B', zone: 3, distanceM: null, at: false },
  ]);
  assert.deepEqual(out.filters, { code: 0, companyIds: [0x0118, 0x004d], services: [0xfeaa], prefix: [0xbe, 0xac] });
  assert.deepEqual(out.short.error, { code: 'internal', message: 'answer ends early' });
  assert.deepEqual(out.bool.error, { code: 'internal', message: 'bad bool' });
  assert.deepEqual(out.varint.error, { code: 'internal', message: 'varint too long' });
});

test('requests name each company id with the AltBeacon prefix, and Eddystone by its service', async () => {
  const out = await page.evaluate(() => {
    const filters = { code: 0, companyIds: [0x0118, 0x004d], services: [0xfeaa], prefix: new Uint8Array([0xbe, 0xac]) };
    const plain = (o) => JSON.parse(JSON.stringify(o, (_k, v) => (v instanceof Uint8Array ? [...v] : v)));
    const onlyAlt = { ...filters, services: [] };
    return { scan: plain(b.scanOptions(filters)), device: plain(b.deviceOptions(onlyAlt)) };
  });
  assert.deepEqual(out.scan, {
    filters: [
      { manufacturerData: [{ companyIdentifier: 0x0118, dataPrefix: [0xbe, 0xac] }] },
      { manufacturerData: [{ companyIdentifier: 0x004d, dataPrefix: [0xbe, 0xac] }] },
      { services: [0xfeaa] },
    ],
    optionalManufacturerData: [0x0118, 0x004d],
    optionalServices: [0xfeaa],
    keepRepeatedDevices: true,
  });
  assert.equal(out.device.keepRepeatedDevices, undefined);
  assert.deepEqual(out.device.optionalServices, []);
  assert.equal(out.device.filters.length, 2);
});

test('browser rejections get codes by their DOMException name', async () => {
  const codes = await page.evaluate(() =>
    [
      new DOMException('denied', 'NotAllowedError'),
      new DOMException('insecure', 'SecurityError'),
      new DOMException('closed', 'NotFoundError'),
      new DOMException('aborted', 'AbortError'),
      new DOMException('radio off', 'InvalidStateError'),
      new TypeError('bad filter'),
      'a string',
    ].map((e) => {
      const error = b.startError(e, makeError);
      return [error.code, error.message, error.cause === e];
    }),
  );
  assert.deepEqual(codes.map(([code]) => code), [
    'bluetooth_permission_denied',
    'bluetooth_permission_denied',
    'bluetooth_cancelled',
    'bluetooth_cancelled',
    'bluetooth_failed',
    'bluetooth_failed',
    'bluetooth_failed',
  ]);
  assert.match(codes[0][1], /^Bluetooth permission was refused \(denied\); call beacons.start\(\) from a click or tap/);
  assert.equal(codes[4][1], 'Bluetooth failed: InvalidStateError: radio off');
  assert.equal(codes[6][1], 'Bluetooth failed: a string');
  assert.ok(codes.every(([, , cause]) => cause));
});

test('start options and simulated advertisements are checked, getters that throw included', async () => {
  const out = await page.evaluate(() => {
    const start = (o) => caught(() => b.readStartOptions(o, makeError));
    const simulate = (a) => caught(() => b.readSimulated(a, makeError));
    const throwing = { get method() { throw new Error('boom'); } };
    return {
      starts: [undefined, null, {}, { method: 'watch' }, { method: 'scan' }].map((o) => start(o).value),
      badStarts: [{ method: 'x' }, { methd: 'scan' }, 'scan', [], throwing].map((o) => start(o).error),
      simulated: simulate({ beacon: 'b', rssi: -60.5 }).value,
      badSimulated: [undefined, {}, { beacon: 1, rssi: -60 }, { beacon: 'b', rssi: '-60' }, { beacon: 'b', rssi: -1, extra: 1 }].map((a) => simulate(a).error.code),
    };
  });
  assert.deepEqual(out.starts, ['auto', 'auto', 'auto', 'watch', 'scan']);
  assert.ok(out.badStarts.every((e) => e.code === 'options_invalid'), JSON.stringify(out.badStarts));
  assert.match(out.badStarts[0].message, /got "x"/);
  assert.match(out.badStarts[4].message, /reading it threw: Error: boom/);
  assert.deepEqual(out.simulated, { beacon: 'b', rssi: -60.5 }, 'the range is the wasm’s to check');
  assert.ok(out.badSimulated.every((c) => c === 'advertisement_invalid'));
});

test('detection never throws: no navigator.bluetooth, a throwing getter, a non-object', async () => {
  const out = await page.evaluate(() => {
    const saved = Object.getOwnPropertyDescriptor(navigator, 'bluetooth');
    const results = [];
    for (const descriptor of [
      { get() { throw new Error('nope'); }, configurable: true },
      { value: 42, configurable: true },
      { value: new EventTarget(), configurable: true },
    ]) {
      Object.defineProperty(navigator, 'bluetooth', descriptor);
      results.push(b.bluetoothOf() === undefined ? 'none' : 'some');
    }
    delete navigator.bluetooth;
    if (saved) Object.defineProperty(navigator, 'bluetooth', saved);
    const hostile = { get requestLEScan() { throw new Error('nope'); } };
    return { results, method: b.hasMethod(hostile, 'requestLEScan') };
  });
  assert.deepEqual(out.results, ['none', 'none', 'some']);
  assert.equal(out.method, false);
});
