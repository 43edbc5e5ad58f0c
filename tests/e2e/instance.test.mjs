// The coordinator (shell/src/instance.ts) through the package's public API (pkg/index.js) in
// headless Chromium, with real IndexedDB and the package and catalogs over real HTTP: the
// profile across page loads, events kept when the page goes away or the instance is destroyed,
// two instances sharing one database, corrupt, full and deleted storage. Consent, retention and
// forget are in instance-privacy.test.mjs; the API's contract (argument errors, rendering, init
// failures) in instance-api.test.mjs. Ported from the old runtime's tests/browser/runtime.rs.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startInstanceTests } from './instance-support.mjs';

/** One offer for `home-hero`, with a link. */
const SINGLE = {
  schema: 1,
  version: 'single',
  campaigns: [{ id: 'c', offers: [{ id: 'o', slots: ['home-hero'], title: 'One offer', link: '/offer' }] }],
};

let t;
before(async () => {
  t = await startInstanceTests({ single: SINGLE });
});
after(() => t?.close());

test('the profile survives a page load: the outbox is folded into the stored profile at the next load', async () => {
  const page = await t.page();
  const first = await page.evaluate(async () => {
    const v = await start();
    for (let i = 0; i < 3; i++) v.track(coffee(i));
    await v.flush();
    return { deviceId: (await v.exportData()).deviceId, stored: await dump() };
  });
  assert.equal(first.stored.outbox.length, 1, 'flush appends one batch');
  await t.reload(page);
  const next = await page.evaluate(async () => {
    const v = await start();
    const profile = v.profile();
    const { deviceId } = await v.exportData();
    // The fold runs in the background after start; this page's writes (flush) wait for it.
    await v.flush();
    return { profile, deviceId, status: v.status(), stored: await dump(), errors };
  });
  assert.equal(next.profile.events, 3);
  assert.equal(next.profile.affinities.category[0]?.key, 'coffee');
  assert.equal(next.status.storage, 'indexeddb');
  assert.equal(next.deviceId, first.deviceId, 'the device id is kept');
  assert.equal(next.stored.outbox.length, 0, 'the batch was folded at load');
  assert.deepEqual(first.stored.profile, [], 'a first visit has no stored profile until it has events to fold');
  assert.equal(next.stored.profile.length, 1, 'the events were folded into the stored profile');
  assert.deepEqual(next.errors, []);
  assert.deepEqual(page.errors, []);
});

test("the start's fold folds what is stored then: a batch another tab appends between the read and the fold is kept", async () => {
  const page = await t.page();
  const stored = await page.evaluate(async () => {
    const v = await start();
    v.track(coffee(1));
    v.track(coffee(2));
    await v.flush();
    return (await dump()).outbox[0];
  });
  await t.reload(page);
  const next = await page.evaluate(async (batch) => {
    // Another tab appends a batch just before this page's fold: its transaction is created
    // first, so IndexedDB runs it first, and the fold finds two batches where start read one.
    const transaction = IDBDatabase.prototype.transaction;
    IDBDatabase.prototype.transaction = function (stores, mode) {
      if (mode === 'readwrite' && [stores].flat().includes('profile')) {
        IDBDatabase.prototype.transaction = transaction;
        transaction.call(this, ['outbox'], 'readwrite').objectStore('outbox').add(new Uint8Array(batch));
      }
      return transaction.call(this, stores, mode);
    };
    const v = await start();
    const atStart = v.profile().events;
    await v.flush(); // after the fold
    return { atStart, afterFold: v.profile().events, stored: await dump(), errors };
  }, stored);
  assert.equal(next.atStart, 2, 'start applied the batch it read');
  assert.equal(next.afterFold, 4, "the fold applied the other tab's batch too");
  assert.equal(next.stored.outbox.length, 0, 'both batches were folded');
  assert.equal(next.stored.profile.length, 1);
  assert.deepEqual(next.errors, []);
  await t.reload(page);
  assert.equal(await page.evaluate(async () => (await start()).profile().events), 4, 'the next page reads all four');
});

test('events tracked just before the shopper navigates away reach the next page', async () => {
  const page = await t.page();
  await page.evaluate(async () => {
    const v = await start();
    for (let i = 0; i < 3; i++) v.track(coffee(i));
  });
  // No flush and no wait: the page goes away before the write timer fires.
  await t.reload(page);
  const profile = await page.evaluate(async () => (await start()).profile());
  assert.equal(profile.events, 3);
  assert.equal(profile.affinities.category[0]?.key, 'coffee');
});

test('a pagehide stashes pending events at once, even while the document still reads as visible', async () => {
  // Chromium fires `pagehide` on navigation while `visibilityState` is still 'visible'; browsers
  // without a `visibilitychange` at unload (older Safari) have only `pagehide`.
  const page = await t.page();
  const stored = await page.evaluate(async () => {
    const v = await start();
    for (let i = 0; i < 3; i++) v.track(coffee(i));
    dispatchEvent(new PageTransitionEvent('pagehide', { persisted: false }));
    await sleep(100); // well before the 400 ms write timer
    return (await dump()).outbox.length;
  });
  assert.equal(stored, 1, 'the pending batch was written at pagehide');
});

/** Page function: what the browser does when the page is hidden (tab switch, navigation). */
const HIDE = () => {
  Object.defineProperty(document, 'visibilityState', { value: 'hidden', configurable: true });
  document.dispatchEvent(new Event('visibilitychange'));
};

test('a click whose write is still running when the page is hidden is counted once', async () => {
  const page = await t.page();
  await page.evaluate(async (hide) => {
    const v = await start({ catalogName: 'single' });
    v.render({ pageType: 'home' });
    addEventListener('click', (e) => e.preventDefault());
    document.querySelector('.vitrine-banner__title').click(); // written at once: a click usually leaves
    eval(hide)(); // ... and the page is hidden while that write runs
    await sleep(200);
  }, HIDE.toString());
  await t.reload(page);
  const result = await page.evaluate(async () => {
    const batches = (await dump()).outbox.length;
    const v = await start({ catalogName: 'single' });
    return { batches, offers: v.profile().offers };
  });
  assert.deepEqual(result.offers.map((o) => [o.id, o.clicks]), [['o', 1]]);
  assert.equal(result.batches, 1, 'one batch with the click');
});

test('flush called twice at once writes each batch once', async () => {
  const page = await t.page();
  const batches = await page.evaluate(async () => {
    const v = await start();
    v.track(coffee(1));
    await Promise.all([v.flush(), v.flush()]);
    return (await dump()).outbox.length;
  });
  assert.equal(batches, 1);
  await t.reload(page);
  assert.equal(await page.evaluate(async () => (await start()).profile().events), 1);
});

test('two instances on one page: no click counted by the other', async () => {
  const page = await t.page();
  await page.evaluate(async () => {
    const [a, b] = await Promise.all([start(), start()]);
    Object.assign(window, { a, b });
    a.render({ pageType: 'home' }, document.querySelector('[data-vitrine-slot="home-hero"]'));
    b.render({ pageType: 'home' }, document.querySelector('[data-vitrine-slot="home-side"]'));
    addEventListener('click', (e) => e.preventDefault()); // stay on the page
  });
  await page.click('[data-vitrine-slot="home-hero"] .vitrine-banner__title');
  await page.click('[data-vitrine-slot="home-side"] .vitrine-banner__dismiss');
  const result = await page.evaluate(async () => {
    const sum = (v, field) => v.profile().offers.reduce((n, o) => n + o[field], 0);
    const counts = { a: [sum(a, 'clicks'), sum(a, 'dismissals')], b: [sum(b, 'clicks'), sum(b, 'dismissals')] };
    await sleep(200); // the writes a click and a dismissal start (see 'flush called twice at once')
    await Promise.all([a.destroy(), b.destroy()]);
    const reader = await start();
    return { counts, clicks: sum(reader, 'clicks'), dismissals: sum(reader, 'dismissals'), errors };
  });
  assert.deepEqual(result.counts, { a: [1, 0], b: [0, 1] }, 'each interaction counted by the instance that rendered it');
  assert.deepEqual([result.clicks, result.dismissals], [1, 1], 'both stored, once');
  assert.deepEqual(result.errors, []);
  assert.deepEqual(page.errors, []);
});

test('two instances on one page writing at the same moment lose no events', async () => {
  const page = await t.page();
  const result = await page.evaluate(async () => {
    const [a, b] = await Promise.all([start(), start()]);
    for (let round = 0; round < 5; round++) {
      for (let i = 0; i < 4; i++) {
        a.track(coffee(round * 10 + i));
        b.track({ type: 'category_view', category: 'tea' });
      }
      await Promise.all([a.flush(), b.flush()]);
    }
    await Promise.all([a.destroy(), b.destroy()]);
    const profile = (await start()).profile();
    return { categories: profile.affinities.category.map((c) => c.key).sort(), events: profile.events, errors };
  });
  assert.deepEqual(result, { categories: ['coffee', 'tea'], events: 40, errors: [] });
});

test('a corrupt stored profile is reported once as storage_corrupt and reset; the reset profile works', async () => {
  const page = await t.page();
  const results = await page.evaluate(async () => {
    const out = {};
    // A record of the wrong type (the shell's check), and bytes the wasm cannot decode.
    const kinds = { text: '{ this is not a profile', bytes: new Uint8Array([86, 80, 82, 70, 1, 0, 255, 255, 255]) };
    for (const [database, value] of Object.entries(kinds)) {
      let v = await start({ database });
      v.track(coffee(1));
      await v.destroy();
      v = await start({ database });
      const folded = v.profile().events;
      await v.destroy();
      await putRaw('profile', value, database);
      errors.length = 0;
      v = await start({ database });
      const reset = { errors: [...errors], events: v.profile().events };
      v.track(coffee(2));
      await v.destroy();
      v = await start({ database });
      out[database] = { folded, reset, next: v.profile().events, errors: [...errors] };
    }
    return out;
  });
  for (const [kind, result] of Object.entries(results)) {
    assert.deepEqual(result, { folded: 1, reset: { errors: ['storage_corrupt'], events: 0 }, next: 1, errors: ['storage_corrupt'] }, kind);
  }
});

/** Makes every IndexedDB write to database `test` fail as a full disk does (page function). */
const FILL_QUOTA = () => {
  window.quota = { put: IDBObjectStore.prototype.put, add: IDBObjectStore.prototype.add };
  const full = (original) =>
    function (...args) {
      if (this.transaction.db.name === 'test') throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
      return original.apply(this, args);
    };
  IDBObjectStore.prototype.put = full(window.quota.put);
  IDBObjectStore.prototype.add = full(window.quota.add);
};
const FREE_QUOTA = () => Object.assign(IDBObjectStore.prototype, window.quota);

test('a full quota: events stay in memory and are written once there is room; nothing stored is lost', async () => {
  const page = await t.page();
  await page.evaluate(async () => {
    window.v = await start();
    v.track(coffee(1));
    v.track(coffee(2));
    await v.flush();
  });
  await page.evaluate(FILL_QUOTA);
  const full = await page.evaluate(async () => {
    for (let i = 3; i <= 5; i++) v.track(coffee(i));
    const settled = await outcome(() => v.flush());
    return { settled, errors: [...errors], events: v.profile().events, stored: (await dump()).outbox.length };
  });
  assert.deepEqual(full.settled, { value: undefined }, 'flush resolves');
  assert.deepEqual(full.errors, ['storage_quota_exceeded']);
  assert.equal(full.events, 5, 'the page keeps using what it learned');
  assert.equal(full.stored, 1, 'the batch stored before is still there');
  await page.evaluate(FREE_QUOTA);
  await page.evaluate(() => v.flush());
  await t.reload(page);
  const next = await page.evaluate(async () => ({ events: (await start()).profile().events, errors }));
  assert.deepEqual(next, { events: 5, errors: [] }, 'written once there was room, and only once');
});

test('a full quota at load: the outbox is kept for the next load, not folded twice', async () => {
  const page = await t.page();
  await page.evaluate(async () => {
    const v = await start();
    v.track(coffee(1));
    v.track(coffee(2));
    await v.destroy();
  });
  await t.reload(page);
  await page.evaluate(FILL_QUOTA);
  const full = await page.evaluate(async () => {
    const v = await start();
    const events = v.profile().events;
    await v.flush(); // after the background fold
    return { errors: [...errors], events, stored: (await dump()).outbox.length };
  });
  assert.deepEqual(full, { errors: ['storage_quota_exceeded'], events: 2, stored: 1 });
  await t.reload(page);
  assert.equal(await page.evaluate(async () => (await start()).profile().events), 2);
});

test('exportData counts pending events, not batches', async () => {
  const page = await t.page();
  const pending = await page.evaluate(async () => {
    const v = await start();
    for (let i = 0; i < 3; i++) v.track(coffee(i));
    const three = (await v.exportData()).pendingEvents;
    v.track(coffee(3));
    v.track(coffee(4));
    return [three, (await v.exportData()).pendingEvents];
  });
  assert.deepEqual(pending, [3, 5]);
});

test('an event tracked while destroy runs is written, or refused with destroyed', async () => {
  const page = await t.page();
  const result = await page.evaluate(async () => {
    const v = await start();
    const destroying = v.destroy();
    const tracked = await outcome(async () => v.track(coffee(1)));
    await destroying;
    return { tracked, stored: (await dump()).outbox.length };
  });
  if (result.tracked.error) assert.equal(result.tracked.error.code, 'destroyed');
  else assert.equal(result.stored, 1, 'accepted, so it must be written');
});

/**
 * After the page lost its database: three more events, each flushed, give one
 * `storage_unavailable` in all, memory storage, and a profile that kept all four events.
 */
async function keepsLearningInMemory(page) {
  const result = await page.evaluate(async () => {
    for (let i = 2; i <= 4; i++) {
      v.track(coffee(i));
      await v.flush();
    }
    return { errors, storage: v.status().storage, events: v.profile().events };
  });
  assert.deepEqual(result.errors, ['storage_unavailable'], 'one report, not one per write');
  assert.equal(result.storage, 'memory');
  assert.equal(result.events, 4, 'the page keeps what it learned');
}

test('another tab deleting the database: reported once, and status() no longer claims IndexedDB', async () => {
  const context = await t.browser.newContext();
  const self = await t.page(context);
  const other = await t.page(context);
  await self.evaluate(async () => {
    window.v = await start();
    v.track(coffee(1));
    await v.flush();
  });
  const deleted = await other.evaluate(() => new Promise((done) => {
    const request = indexedDB.deleteDatabase('test');
    request.onsuccess = () => done('deleted');
    request.onblocked = () => done('blocked');
  }));
  assert.equal(deleted, 'deleted', 'the page closed its connection at once');
  await keepsLearningInMemory(self);
  await context.close();
});
test('a disk error on write (UnknownError): storage_failed once per failed write, events kept in memory and written once the disk works', async () => {
  const page = await t.page();
  const result = await page.evaluate(async () => {
    const v = await start();
    // Fault injection: the next writes fail as a broken disk makes IndexedDB fail.
    const add = IDBObjectStore.prototype.add;
    let failing = true;
    IDBObjectStore.prototype.add = function (...args) {
      if (failing) throw new DOMException('the disk is full of bad sectors', 'UnknownError');
      return add.apply(this, args);
    };
    v.track(coffee(1));
    await v.flush();
    const during = { errors: [...errors], pending: (await v.exportData()).pendingEvents };
    failing = false;
    v.track(coffee(2));
    await v.flush();
    return { during, after: { errors: [...errors], pending: (await v.exportData()).pendingEvents, outbox: (await dump()).outbox.length, events: v.profile().events } };
  });
  assert.deepEqual(result.during.errors, ['storage_failed']);
  assert.equal(result.during.pending, 1, 'the event waits in memory');
  assert.deepEqual(result.after.errors, ['storage_failed'], 'nothing more to report');
  assert.equal(result.after.pending, 0, 'written once the disk works');
  assert.equal(result.after.outbox, 2, 'both batches stored, once each');
  assert.equal(result.after.events, 2);
  assert.deepEqual(page.errors, []);
});

test('the browser clearing site data mid-session (the connection is closed): reported once, memory from then on', async () => {
  const context = await t.browser.newContext();
  const page = await t.page(context);
  await page.evaluate(async () => {
    window.v = await start();
    v.track(coffee(1));
    await v.flush();
  });
  // What "Clear site data" does: Chromium closes the page's open connections (IDBDatabase close event).
  const cdp = await context.newCDPSession(page);
  await cdp.send('Storage.clearDataForOrigin', { origin: new URL(page.url()).origin, storageTypes: 'indexeddb' });
  await keepsLearningInMemory(page);
  assert.deepEqual(page.errors, []);
  await context.close();
});

