// The measurement ledger record of shell/src/storage/ (`getLedger`, `updateLedger`,
// `deleteLedger`; `vitrine/measurement`'s) in headless Chromium against real IndexedDB: the same
// contract for the IndexedDB and memory stores, erased by `clear`, a throwing update changing
// nothing, a record of the wrong type reported once as `storage_corrupt`, and updates from two
// tabs applied one after the other (none lost).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startShellTests } from './support.mjs';

let t;

before(async () => {
  t = await startShellTests();
});

after(() => t.close());

/** Runs the same sequence on a store (`kind`: 'indexed' or 'memory') and returns what it saw. */
async function contract(kind) {
  const { openStore } = await import('/shell/storage/open.js');
  const { MemoryStore } = await import('/shell/storage/memory.js');
  const errors = [];
  const store =
    kind === 'indexed'
      ? await openStore({ name: 'ledger-contract', onError: (e) => errors.push(e.code) })
      : new MemoryStore();
  const arr = (bytes) => (bytes === undefined ? undefined : [...bytes]);
  const out = { empty: arr(await store.getLedger()) };

  // The update sees the stored bytes; a view is stored as exactly its bytes.
  const seen = [];
  await store.updateLedger((ledger) => {
    seen.push(arr(ledger));
    return new Uint8Array([9, 1, 2, 9]).subarray(1, 3);
  });
  await store.updateLedger((ledger) => {
    seen.push(arr(ledger));
    return undefined; // left as it is
  });
  const stored = await store.getLedger();
  out.stored = arr(stored);
  out.tight = stored.buffer.byteLength === stored.length;
  out.seen = seen;

  // A throwing update (a wasm trap) changes nothing.
  out.throwing = await window.outcome(() =>
    store.updateLedger(() => {
      throw new Error('RuntimeError: unreachable');
    }),
  );
  out.afterThrow = arr(await store.getLedger());

  // The ledger is not part of `load`; `clear` (forget) erases it; `deleteLedger` deletes it.
  await store.putMeta({ deviceId: 'device-1' });
  out.meta = (await store.load()).meta;
  await store.clear(7);
  out.cleared = arr(await store.getLedger());
  out.metaAfterClear = (await store.load()).meta;
  await store.updateLedger(() => new Uint8Array([3]));
  await store.deleteLedger();
  out.deleted = arr(await store.getLedger());
  await store.deleteLedger();

  store.close();
  out.afterClose = (await window.outcome(() => store.updateLedger(() => new Uint8Array([1])))).error.code;
  out.errors = errors;
  return out;
}

test('the IndexedDB and memory stores keep the same ledger contract', async () => {
  const page = await t.page();
  for (const kind of ['indexed', 'memory']) {
    const r = await page.evaluate(contract, kind);
    assert.equal(r.empty, undefined, kind);
    assert.deepEqual(r.seen, [undefined, [1, 2]], kind);
    assert.deepEqual(r.stored, [1, 2], kind);
    assert.ok(r.tight, `${kind}: the stored ledger drags a larger buffer along`);
    assert.equal(r.throwing.error.code, 'internal', kind);
    assert.match(r.throwing.error.message, /updating the measurement ledger failed: RuntimeError: unreachable/);
    assert.deepEqual(r.afterThrow, [1, 2], `${kind}: a throwing update changed the ledger`);
    assert.deepEqual(r.meta, { deviceId: 'device-1' }, kind);
    assert.equal(r.cleared, undefined, `${kind}: clear kept the ledger`);
    assert.deepEqual(r.metaAfterClear, { erasedAt: 7 }, kind);
    assert.equal(r.deleted, undefined, kind);
    assert.equal(r.afterClose, 'destroyed', kind);
    assert.deepEqual(r.errors, [], kind);
  }
  assert.deepEqual(page.errors, []);
});

test('a ledger record of the wrong type is reported once and read as absent', async () => {
  const page = await t.page();
  const result = await page.evaluate(async () => {
    const { openStore } = await import('/shell/storage/open.js');
    const errors = [];
    const store = await openStore({ name: 'ledger-corrupt', onError: (e) => errors.push([e.code, e.message]) });
    const raw = await new Promise((ok) => {
      const open = indexedDB.open('ledger-corrupt');
      open.onsuccess = () => ok(open.result);
    });
    const tx = raw.transaction('meta', 'readwrite');
    tx.objectStore('meta').put('{"counts":{}}', 'ledger');
    await new Promise((ok) => (tx.oncomplete = ok));
    raw.close();
    const read = await store.getLedger();
    let seen = 'not called';
    await store.updateLedger((ledger) => {
      seen = ledger;
      return new Uint8Array([5]);
    });
    return { read, seen, after: [...(await store.getLedger())], errors };
  });
  assert.equal(result.read, undefined);
  assert.equal(result.seen, undefined);
  assert.deepEqual(result.after, [5]);
  assert.equal(result.errors.length, 1, 'reported once');
  assert.equal(result.errors[0][0], 'storage_corrupt');
  assert.match(result.errors[0][1], /the stored ledger could not be read \(a string instead of bytes\)/);
});

test('ledger updates from two tabs run one after the other: none is lost', async () => {
  const page = await t.page();
  const final = await page.evaluate(async () => {
    const { openStore } = await import('/shell/storage/open.js');
    const tabA = await openStore({ name: 'ledger-tabs', onError: () => {} });
    const tabB = await openStore({ name: 'ledger-tabs', onError: () => {} });
    const add = (ledger) => new Uint8Array([(ledger?.[0] ?? 0) + 1]);
    const updates = [];
    for (let i = 0; i < 20; i++) updates.push((i % 2 ? tabA : tabB).updateLedger(add));
    await Promise.all(updates);
    return (await tabA.getLedger())[0];
  });
  assert.equal(final, 20, 'an update was lost or applied twice');
});
