// shell/src/storage/ under faults (issue #13), in headless Chromium against real IndexedDB:
// another tab upgrading or deleting the database, an open blocked by an old tab, a full quota,
// corrupt records, a newer schema, the previous package's database, and no IndexedDB at all.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { pathToFileURL } from 'node:url';
import { resolve } from 'node:path';
import { shellOut, startShellTests } from './support.mjs';

let t;

before(async () => {
  t = await startShellTests();
});

after(() => t.close());

/** In-page: opens `name` at `version` like another tab would; resolves with what happened. */
function installOtherTab(page) {
  return page.evaluate(() => {
    window.otherTab = (name, version, { ignoreVersionChange = false, deleteIt = false } = {}) =>
      new Promise((resolve) => {
        const request = deleteIt ? indexedDB.deleteDatabase(name) : indexedDB.open(name, version);
        let blocked = false;
        request.onblocked = () => (blocked = true);
        request.onupgradeneeded = () => {};
        request.onsuccess = () => {
          const db = request.result;
          if (db && ignoreVersionChange) db.onversionchange = () => {}; // the old tab that never closes
          resolve({ ok: true, blocked, db });
        };
        request.onerror = () => resolve({ ok: false, blocked, error: request.error.name });
        setTimeout(() => resolve({ ok: false, blocked, error: 'timeout' }), 10000);
      });
  });
}

test('another tab upgrading or deleting the database: this store closes at once and says so', async () => {
  const page = await t.page();
  await installOtherTab(page);
  const result = await page.evaluate(async () => {
    const { openStore } = await import('/shell/storage/open.js');
    const run = async (name, other) => {
      const errors = [];
      const store = await openStore({ name, onError: (e) => errors.push({ code: e.code, message: e.message }) });
      await store.append(new Uint8Array([1]));
      const { ok, blocked } = await other();
      const after = await window.outcome(() => store.append(new Uint8Array([2])));
      return { ok, blocked, errors, after: after.error.code };
    };
    return {
      upgrade: await run('vc-upgrade', () => window.otherTab('vc-upgrade', 5)),
      deletion: await run('vc-delete', () => window.otherTab('vc-delete', 0, { deleteIt: true })),
    };
  });
  for (const [name, r] of Object.entries(result)) {
    assert.equal(r.ok, true, `${name}: the other tab's request failed`);
    assert.equal(r.blocked, false, `${name}: the other tab was blocked`);
    assert.equal(r.errors.length, 1, name);
    assert.equal(r.errors[0].code, 'storage_unavailable', name);
    assert.equal(r.after, 'storage_unavailable', name);
  }
  assert.match(result.upgrade.errors[0].message, /another tab upgrades it to version 5/);
  assert.match(result.deletion.errors[0].message, /another tab deletes it/);
});

test('an old tab blocking the upgrade: memory store within the bound, one report, no leak', async () => {
  const page = await t.page();
  await installOtherTab(page);
  const result = await page.evaluate(async () => {
    const { openStore } = await import('/shell/storage/open.js');
    const holder = await window.otherTab('blocked', 2, { ignoreVersionChange: true });
    const errors = [];
    const started = performance.now();
    const store = await openStore({ name: 'blocked', openTimeoutMs: 400, onError: (e) => errors.push(e) });
    const took = performance.now() - started;
    await store.append(new Uint8Array([1]));
    const outbox = (await store.load()).outbox.length;
    // The old tab goes away: the late open completes (upgrade included) and is closed at once.
    holder.db.close();
    for (let i = 0; i < 250; i++) {
      const dbs = await indexedDB.databases();
      if (dbs.find((d) => d.name === 'blocked')?.version === 4) break;
      await new Promise((r) => setTimeout(r, 20));
    }
    const next = await window.otherTab('blocked', 5);
    next.db?.close();
    return {
      took,
      persistent: store.persistent,
      outbox,
      errors: errors.map((e) => ({ code: e.code, message: e.message })),
      nextOk: next.ok,
      nextBlocked: next.blocked,
    };
  });
  assert.equal(result.persistent, false);
  // Generous upper bound: the point is that it ends (a loaded CI machine is slow, not hung).
  assert.ok(result.took >= 390 && result.took < 5000, `took ${result.took} ms`);
  assert.equal(result.outbox, 1, 'the memory store works');
  assert.deepEqual(result.errors.map((e) => e.code), ['storage_unavailable']);
  assert.match(result.errors[0].message, /within 400 ms: another tab keeps an older version of it open/);
  assert.match(result.errors[0].message, /kept in memory for this page only/);
  assert.equal(result.nextOk, true);
  assert.equal(result.nextBlocked, false, 'the late connection was left open');
});

test('a full quota: storage_quota_exceeded, and nothing already stored is lost', async () => {
  const page = await t.page();
  const result = await page.evaluate(async () => {
    const { openStore } = await import('/shell/storage/open.js');
    const errors = [];
    const store = await openStore({ name: 'quota', onError: (e) => errors.push(e.code) });
    const other = await openStore({ name: 'quota-other', onError: () => {} });
    await store.append(new Uint8Array([1]));
    await store.fold((_, batches) => ({ profile: new Uint8Array([batches.length]) }));
    await store.append(new Uint8Array([2]));
    await store.putCatalog({ bytes: new Uint8Array([7]), etag: '"a"', fetchedAt: 1 });
    await store.putMeta({ deviceId: 'd1' });
    const before = JSON.stringify(await store.load(), (_, v) => (v instanceof Uint8Array ? [...v] : v));

    // Writes to this database (only) now fail as a full disk does: first only the last write
    // of a fold (deleting the batches read), after it already put the profile.
    const { put, add, delete: del } = IDBObjectStore.prototype;
    const full = (original, only) =>
      function (...args) {
        if (this.transaction.db.name === 'quota' && (!only || this.name === only)) {
          throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
        }
        return original.apply(this, args);
      };
    const attempts = {};
    try {
      const fold = () => store.fold((p, b) => ({ profile: new Uint8Array([p[0] + b.length]) }));
      IDBObjectStore.prototype.delete = full(del, 'outbox');
      attempts.foldLastWrite = await window.outcome(fold);
      IDBObjectStore.prototype.delete = del;
      IDBObjectStore.prototype.put = full(put);
      IDBObjectStore.prototype.add = full(add);
      attempts.fold = await window.outcome(fold);
      attempts.append = await window.outcome(() => store.append(new Uint8Array([3])));
      attempts.putCatalog = await window.outcome(() => store.putCatalog({ bytes: new Uint8Array([8]), etag: '"b"', fetchedAt: 2 }));
      attempts.putMeta = await window.outcome(() => store.putMeta({ deviceId: 'd2' }));
      attempts.otherDatabase = await window.outcome(() => other.append(new Uint8Array([1])));
      const after = JSON.stringify(await store.load(), (_, v) => (v instanceof Uint8Array ? [...v] : v));
      // Erasing still works when the erasure time does not fit.
      attempts.clear = await window.outcome(() => store.clear(99));
      const cleared = await store.load();
      return { before, after, attempts, errors, cleared: { outbox: cleared.outbox.length, profile: cleared.profile ?? null, meta: cleared.meta } };
    } finally {
      IDBObjectStore.prototype.put = put;
      IDBObjectStore.prototype.add = add;
      IDBObjectStore.prototype.delete = del;
    }
  });
  for (const name of ['foldLastWrite', 'fold', 'append', 'putCatalog', 'putMeta']) {
    const { error } = result.attempts[name];
    assert.equal(error?.code, 'storage_quota_exceeded', name);
    assert.match(error.message, /quota for this site is full; nothing stored before was lost/, name);
  }
  assert.equal(result.attempts.otherDatabase.error, undefined);
  assert.equal(result.after, result.before, 'a failed write changed what was stored');
  assert.equal(result.attempts.clear.error, undefined);
  assert.deepEqual(result.cleared, { outbox: 0, profile: null, meta: {} });
  assert.deepEqual(result.errors, ['storage_quota_exceeded'], 'the missing erasure time is reported');
});

test('corrupt records: each reported once as storage_corrupt, treated as absent, then replaced', async () => {
  const page = await t.page();
  const result = await page.evaluate(async () => {
    const { openStore } = await import('/shell/storage/open.js');
    const errors = [];
    const store = await openStore({ name: 'corrupt', onError: (e) => errors.push({ code: e.code, message: e.message }) });
    // A foreign writer puts wrong types into every store.
    const raw = await new Promise((resolve) => {
      const r = indexedDB.open('corrupt');
      r.onsuccess = () => resolve(r.result);
    });
    await new Promise((resolve) => {
      const tx = raw.transaction(['profile', 'outbox', 'catalog', 'meta'], 'readwrite');
      tx.objectStore('profile').put('{"interests":{}}', 'current');
      tx.objectStore('outbox').add({ events: [] });
      tx.objectStore('outbox').add(new Uint8Array([4]));
      tx.objectStore('catalog').put({ bytes: 'text', etag: 1, fetchedAt: 'yesterday' }, 'current');
      tx.objectStore('meta').put({ deviceId: 7, consent: 1 }, 'current');
      tx.oncomplete = resolve;
    });
    raw.close();
    const first = await store.load();
    const reportsAfterFirstLoad = errors.length;
    await store.load();
    let folded;
    await store.fold((profile, batches, meta) => {
      folded = { profile: profile ?? null, batches: batches.map((b) => [...b]), meta };
      return { profile: new Uint8Array([1]) };
    });
    const after = await store.load();
    return {
      first: { profile: first.profile ?? null, outbox: first.outbox.map((b) => [...b]), catalog: first.catalog ?? null, meta: first.meta },
      reportsAfterFirstLoad,
      folded,
      after: { profile: [...after.profile], outbox: after.outbox.length },
      errors,
    };
  });
  assert.deepEqual(result.first, { profile: null, outbox: [[4]], catalog: null, meta: { consent: 1 } });
  assert.equal(result.reportsAfterFirstLoad, 4);
  assert.deepEqual(result.folded, { profile: null, batches: [[4]], meta: { consent: 1 } });
  // The corrupt batch was read, so the fold deleted it with the good one.
  assert.deepEqual(result.after, { profile: [1], outbox: 0 });
  assert.ok(result.errors.every((e) => e.code === 'storage_corrupt'));
  const records = result.errors.map((e) => e.message.match(/^the stored (\w+) could not be read/)[1]);
  assert.deepEqual(records, ['profile', 'outbox', 'catalog', 'meta'], 'each record reported exactly once');
  assert.match(result.errors[0].message, /a string instead of bytes/);
});

test("the previous package's database (version 2, JSON) is upgraded: its records are dropped", async () => {
  const page = await t.page();
  const result = await page.evaluate(async () => {
    const { openStore } = await import('/shell/storage/open.js');
    await new Promise((resolve) => {
      const r = indexedDB.open('legacy', 2);
      r.onupgradeneeded = () => {
        r.result.createObjectStore('state').put('{"interests":{"tea":1}}', 'profile');
        r.result.createObjectStore('outbox', { autoIncrement: true }).add('[{"type":"view"}]');
      };
      r.onsuccess = () => (r.result.close(), resolve());
    });
    const errors = [];
    const store = await openStore({ name: 'legacy', onError: (e) => errors.push(e.code) });
    const loaded = await store.load();
    store.close();
    const names = await new Promise((resolve) => {
      const r = indexedDB.open('legacy');
      r.onsuccess = () => (resolve({ version: r.result.version, stores: [...r.result.objectStoreNames] }), r.result.close());
    });
    return { persistent: store.persistent, outbox: loaded.outbox.length, profile: loaded.profile ?? null, errors, names };
  });
  assert.deepEqual(result, {
    persistent: true,
    outbox: 0,
    profile: null,
    errors: [],
    names: { version: 4, stores: ['catalog', 'meta', 'outbox', 'profile'] },
  });
});

test('a version 3 database is upgraded: its raw-event store is deleted, everything else kept', async () => {
  const page = await t.page();
  const result = await page.evaluate(async () => {
    const { openStore } = await import('/shell/storage/open.js');
    // Version 3's schema, with a record in every store.
    await new Promise((resolve) => {
      const r = indexedDB.open('v3', 3);
      r.onupgradeneeded = () => {
        const db = r.result;
        db.createObjectStore('profile').put(new Uint8Array([1, 2]), 'current');
        db.createObjectStore('catalog').put({ bytes: new Uint8Array([7]), etag: '"a"', fetchedAt: 5 }, 'current');
        db.createObjectStore('meta').put({ deviceId: 'd1', consent: 3 }, 'current');
        db.createObjectStore('outbox', { autoIncrement: true }).add(new Uint8Array([4]));
        const events = db.createObjectStore('events', { autoIncrement: true });
        events.createIndex('at', 'at');
        events.add({ at: 1, bytes: new Uint8Array([9]) });
      };
      r.onsuccess = () => (r.result.close(), resolve());
    });
    const errors = [];
    const store = await openStore({ name: 'v3', onError: (e) => errors.push(e.code) });
    const loaded = await store.load();
    store.close();
    const names = await new Promise((resolve) => {
      const r = indexedDB.open('v3');
      r.onsuccess = () => (resolve({ version: r.result.version, stores: [...r.result.objectStoreNames] }), r.result.close());
    });
    return {
      persistent: store.persistent,
      profile: [...loaded.profile],
      outbox: loaded.outbox.map((b) => [...b]),
      catalog: { ...loaded.catalog, bytes: [...loaded.catalog.bytes] },
      meta: loaded.meta,
      errors,
      names,
    };
  });
  assert.deepEqual(result, {
    persistent: true,
    profile: [1, 2],
    outbox: [[4]],
    catalog: { bytes: [7], etag: '"a"', fetchedAt: 5 },
    meta: { deviceId: 'd1', consent: 3 },
    errors: [],
    names: { version: 4, stores: ['catalog', 'meta', 'outbox', 'profile'] },
  });
});

test('a newer schema, or no IndexedDB at all (Node, some private modes): memory store, one report', async () => {
  const page = await t.page();
  const newer = await page.evaluate(async () => {
    const { openStore } = await import('/shell/storage/open.js');
    await new Promise((resolve) => {
      const r = indexedDB.open('newer', 9);
      r.onsuccess = () => (r.result.close(), resolve());
    });
    const errors = [];
    const store = await openStore({ name: 'newer', onError: (e) => errors.push({ code: e.code, message: e.message }) });
    return { persistent: store.persistent, errors };
  });
  assert.equal(newer.persistent, false);
  assert.equal(newer.errors.length, 1);
  assert.equal(newer.errors[0].code, 'storage_unavailable');

  const missing = await page.evaluate(async () => {
    Object.defineProperty(window, 'indexedDB', { value: undefined, configurable: true });
    const { openStore } = await import('/shell/storage/open.js');
    const errors = [];
    const store = await openStore({ name: 'missing', onError: (e) => errors.push({ code: e.code, message: e.message }) });
    await store.append(new Uint8Array([1]));
    return { persistent: store.persistent, outbox: (await store.load()).outbox.length, errors };
  });
  assert.equal(missing.persistent, false);
  assert.equal(missing.outbox, 1);
  assert.deepEqual(missing.errors.map((e) => e.code), ['storage_unavailable']);
  assert.match(missing.errors[0].message, /IndexedDB is not available here/);

  // Node has no IndexedDB: the compiled module runs there too (server-side rendering).
  const { openStore } = await import(pathToFileURL(resolve(shellOut, 'storage/open.js')).href);
  const errors = [];
  const store = await openStore({ name: 'node', onError: (e) => errors.push(e.code) });
  assert.equal(store.persistent, false);
  assert.deepEqual(errors, ['storage_unavailable']);
  assert.deepEqual(page.errors, []);
});

test('a transaction the browser never answers fails with storage_unavailable after the timeout, and the next one works', async () => {
  const page = await t.page();
  const result = await page.evaluate(async () => {
    const { openStore } = await import('/shell/storage/open.js');
    const store = await openStore({ name: 'unanswered', transactionTimeoutMs: 300, onError: () => {} });
    // A dropped connection as Chromium sometimes leaves it: transactions open, nothing answers.
    const transaction = IDBDatabase.prototype.transaction;
    const silent = { addEventListener() {}, abort() {}, commit() {} };
    silent.objectStore = () => ({ add: () => ({}), get: () => ({}), getAll: () => ({}), getAllKeys: () => ({}), put: () => ({}) });
    IDBDatabase.prototype.transaction = () => silent;
    const outcome = async (call) => {
      const started = performance.now();
      try {
        await call();
        return { ok: true };
      } catch (error) {
        return { code: error.code, took: performance.now() - started };
      }
    };
    const append = await outcome(() => store.append(new Uint8Array([1])));
    const load = await outcome(() => store.load());
    IDBDatabase.prototype.transaction = transaction;
    const again = await outcome(() => store.append(new Uint8Array([2])));
    const outbox = (await store.load()).outbox.length;
    store.close();
    return { append, load, again, outbox };
  });
  for (const call of [result.append, result.load]) {
    assert.equal(call.code, 'storage_unavailable');
    // Generous upper bound: the point is that it ends.
    assert.ok(call.took >= 290 && call.took < 5000, `took ${call.took} ms`);
  }
  assert.deepEqual(result.again, { ok: true }, 'a later transaction the browser answers works');
  assert.equal(result.outbox, 1);
});
