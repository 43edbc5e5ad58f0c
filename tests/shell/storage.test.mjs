// shell/src/storage/ in headless Chromium against real IndexedDB: the store contract (load,
// append, fold, catalog, meta, clear, close), identical for the IndexedDB
// and memory stores, and fold atomicity across connections (tabs).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startShellTests } from './support.mjs';

let t;

before(async () => {
  t = await startShellTests();
});

after(() => t.close());

/**
 * Runs the same sequence on a store and returns what it observed. `kind` is 'indexed' or
 * 'memory'. Bytes are returned as arrays; `tight` says whether each loaded byte array owns
 * exactly its buffer (a stored view would otherwise drag its whole buffer along).
 */
async function contract(kind) {
  {
    const { openStore } = await import('/shell/storage/open.js');
    const { MemoryStore } = await import('/shell/storage/memory.js');
    const errors = [];
    const store =
      kind === 'indexed'
        ? await openStore({ name: `contract-${kind}`, onError: (e) => errors.push(e.code) })
        : new MemoryStore();
    const arr = (bytes) => (bytes === undefined ? undefined : [...bytes]);
    const tight = (bytes) => bytes === undefined || bytes.buffer.byteLength === bytes.length;
    const view = (loaded) => ({
      profile: arr(loaded.profile),
      outbox: loaded.outbox.map(arr),
      catalog: loaded.catalog && { ...loaded.catalog, bytes: arr(loaded.catalog.bytes) },
      meta: loaded.meta,
      tight: tight(loaded.profile) && loaded.outbox.every(tight),
    });
    const out = { persistent: store.persistent };
    out.empty = view(await store.load());

    // A view into a larger buffer is stored as exactly its bytes.
    await store.append(new Uint8Array([9, 9, 1, 9]).subarray(2, 3));
    await store.append(new Uint8Array([2, 3]));
    out.appended = view(await store.load());

    // The fold sees the stored profile, every batch and meta; returns the new profile.
    const seen = [];
    const count = (profile, batches, meta) => {
      seen.push({ profile: arr(profile), batches: batches.map(arr), meta });
      const total = (profile ? profile[0] : 0) + batches.length;
      return { profile: new Uint8Array([0, total, 0]).subarray(1, 2) };
    };
    out.folded = arr(await store.fold(count));
    out.afterFold = view(await store.load());
    await store.fold(count);
    await store.append(new Uint8Array([4]));
    await store.fold(count);
    out.seen = seen.slice();

    // Catalog and meta.
    await store.putCatalog({ bytes: new Uint8Array([7, 7]), etag: '"e1"', fetchedAt: 5 });
    await store.putMeta({ deviceId: 'device-1', consent: 3 });
    await store.putMeta({ consent: undefined, erasedAt: 10 });
    out.withCatalog = view(await store.load());

    // A fold that throws (a wasm trap) changes nothing.
    await store.append(new Uint8Array([5]));
    const before = view(await store.load());
    out.throwing = await window.outcome(() =>
      store.fold(() => {
        throw new Error('RuntimeError: unreachable');
      }),
    );
    out.unchangedAfterThrow = JSON.stringify(view(await store.load())) === JSON.stringify(before);

    // Clear erases everything but the erasure time.
    await store.fold(count);
    await store.clear(4242);
    out.cleared = view(await store.load());

    store.close();
    out.afterClose = (await window.outcome(() => store.load())).error.code;
    out.errors = errors;
    return out;
  }
}

test('the IndexedDB and memory stores keep the same contract', async () => {
  const page = await t.page();
  const indexed = await page.evaluate(contract, 'indexed');
  const memory = await page.evaluate(contract, 'memory');
  assert.equal(indexed.persistent, true);
  assert.equal(memory.persistent, false);
  for (const r of [indexed, memory]) {
    assert.deepEqual(r.empty, { profile: undefined, outbox: [], catalog: undefined, meta: {}, tight: true });
    assert.deepEqual(r.appended.outbox, [[1], [2, 3]]);
    assert.ok(r.appended.tight, 'an appended view was stored with its whole buffer');
    assert.deepEqual(r.folded, [2]);
    assert.deepEqual(r.afterFold.profile, [2]);
    assert.deepEqual(r.afterFold.outbox, []);
    assert.ok(r.afterFold.tight, 'the stored profile drags a larger buffer along');
    assert.deepEqual(r.seen, [
      { profile: undefined, batches: [[1], [2, 3]], meta: {} },
      { profile: [2], batches: [], meta: {} },
      { profile: [2], batches: [[4]], meta: {} },
    ]);
    assert.deepEqual(r.withCatalog.catalog, { bytes: [7, 7], etag: '"e1"', fetchedAt: 5 });
    assert.deepEqual(r.withCatalog.meta, { deviceId: 'device-1', erasedAt: 10 });
    assert.equal(r.throwing.error.code, 'internal');
    assert.match(r.throwing.error.message, /folding the stored events failed: RuntimeError: unreachable/);
    assert.ok(r.unchangedAfterThrow, 'a throwing fold changed the store');
    assert.deepEqual(r.cleared, { profile: undefined, outbox: [], catalog: undefined, meta: { erasedAt: 4242 }, tight: true });
    assert.equal(r.afterClose, 'destroyed');
    assert.deepEqual(r.errors, []);
  }
  assert.deepEqual(page.errors, []);
});

test('fold is one transaction across tabs: every batch folded exactly once, later batches kept', async () => {
  const page = await t.page();
  const result = await page.evaluate(async () => {
    const { openStore } = await import('/shell/storage/open.js');
    // Two connections to one database behave as two tabs of the shop.
    const tabA = await openStore({ name: 'tabs', onError: () => {} });
    const tabB = await openStore({ name: 'tabs', onError: () => {} });
    const count = (profile, batches) => ({ profile: new Uint8Array([(profile?.[0] ?? 0) + batches.length]) });
    const appends = [];
    for (let i = 0; i < 6; i++) appends.push((i % 2 ? tabA : tabB).append(new Uint8Array([i])));
    await Promise.all(appends);
    // Both tabs fold at once, while more batches arrive; one arrives from inside a fold.
    let lateAppend;
    const folds = await Promise.all([
      tabA.fold((profile, batches) => {
        lateAppend = tabB.append(new Uint8Array([99]));
        return count(profile, batches);
      }),
      tabB.fold(count),
      tabA.append(new Uint8Array([6])),
      tabB.fold(count),
    ]);
    await lateAppend;
    const loaded = await tabA.load();
    const final = await tabB.fold(count);
    return {
      folds: [folds[0][0], folds[1][0], folds[3][0]],
      pending: loaded.outbox.map((b) => b[0]),
      final: final[0],
    };
  });
  // Overlapping read-write transactions run one at a time in creation order, across
  // connections: fold A takes the six batches, fold B finds none, the second fold B takes the
  // batch appended between them, and the batch appended from inside fold A waits for the end.
  assert.deepEqual(result.folds, [6, 6, 7]);
  assert.deepEqual(result.pending, [99]);
  assert.equal(result.final, 8, 'a batch was folded twice or lost');
});
