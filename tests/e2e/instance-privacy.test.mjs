// Privacy through the package's public API (pkg/index.js) in headless Chromium, with real
// IndexedDB: consent (every transition, at init and concurrently, Global Privacy Control),
// retention, and forget (here, in another open tab at once, and against a tab that writes late).
// Ported from the old runtime's tests/browser/runtime.rs; see also instance.test.mjs.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startInstanceTests } from './instance-support.mjs';

let t;
before(async () => {
  t = await startInstanceTests();
});
after(() => t?.close());

/** The page function that summarizes the instance `v` and database `test`. */
const SNAPSHOT = async () => {
  const stored = await dump();
  return {
    events: v.profile().events,
    storage: v.status().storage,
    mode: v.decide('home-hero', { pageType: 'home' }).mode,
    stored: stored && { outbox: stored.outbox.length, profile: stored.profile.length, meta: stored.meta.map(Object.keys) },
  };
};

test('with personalization denied at init nothing is recorded or stored', async () => {
  const page = await t.page();
  const result = await page.evaluate(async (snapshot) => {
    window.v = await start({ consent: { personalization: 'denied' } });
    v.track(coffee(1));
    await v.flush();
    return { snapshot: await eval(snapshot)(), errors };
  }, SNAPSHOT.toString());
  const { stored, ...rest } = result.snapshot;
  assert.deepEqual(rest, { events: 0, storage: 'memory', mode: 'non_personalized' });
  assert.ok(stored === null || (stored.outbox === 0 && stored.profile === 0 && !stored.meta.flat().includes('deviceId')), JSON.stringify(stored));
  assert.deepEqual(result.errors, []);
});

/** Page function: an earlier visit with personalization granted; resolves to the events stored. */
const EARLIER_VISIT = async () => {
  const v = await start();
  v.track(coffee(1));
  await v.destroy();
  const next = await start(); // folds the outbox into the stored profile
  const { events } = next.profile();
  await next.destroy();
  return events;
};

test('personalization denied at the next visit erases what an earlier visit stored', async () => {
  const page = await t.page();
  assert.equal(await page.evaluate(EARLIER_VISIT), 1);
  await t.reload(page);
  const result = await page.evaluate(async (snapshot) => {
    window.v = await start({ consent: { personalization: 'denied' } });
    return eval(snapshot)();
  }, SNAPSHOT.toString());
  assert.deepEqual(result.stored, { outbox: 0, profile: 0, meta: [['erasedAt']] }, 'only the erasure time stays');
});

test('forget erases what an earlier visit stored, whatever the consent of this page', async () => {
  const page = await t.page();
  for (const personalization of ['pending', 'denied']) {
    assert.equal(await page.evaluate(EARLIER_VISIT), 1);
    await t.reload(page);
    const stored = await page.evaluate(async ([snapshot, personalization]) => {
      window.v = await start({ consent: { personalization } });
      await v.forget();
      return (await eval(snapshot)()).stored;
    }, [SNAPSHOT.toString(), personalization]);
    assert.deepEqual(stored, { outbox: 0, profile: 0, meta: [['erasedAt']] }, personalization);
  }
});

test('every consent transition does what it says', async () => {
  const page = await t.page();
  const steps = await page.evaluate(async (snapshot) => {
    const snap = eval(snapshot);
    const steps = {};
    window.v = await start({ consent: { personalization: 'pending' } });
    v.track(coffee(1));
    await v.flush();
    steps.pending = await snap();
    for (const [name, state] of [['granted', 'granted'], ['granted → pending', 'pending'], ['pending → denied', 'denied'], ['denied → granted', 'granted'], ['granted → denied', 'denied']]) {
      now += 1000;
      await v.consent({ personalization: state });
      v.track(coffee(2));
      await v.flush();
      steps[name] = await snap();
    }
    steps.invalid = (await outcome(() => v.consent({ personalization: 'maybe' }))).error?.code;
    steps.errors = errors;
    return steps;
  }, SNAPSHOT.toString());
  const erased = { events: 0, storage: 'memory', mode: 'non_personalized', stored: { outbox: 0, profile: 0, meta: [['erasedAt']] } };
  assert.deepEqual(steps.pending, { events: 0, storage: 'memory', mode: 'non_personalized', stored: null }, 'pending: nothing stored');
  const recording = { events: 1, storage: 'indexeddb', mode: 'personalized', stored: { outbox: 1, profile: 1, meta: [['deviceId']] } };
  assert.deepEqual(steps.granted, recording, 'pending → granted opens IndexedDB and records from now on');
  assert.deepEqual(steps['granted → pending'], erased, 'a withdrawal erases stored behaviour, only the erasure time stays');
  assert.deepEqual(steps['pending → denied'], erased, 'still nothing');
  assert.deepEqual(
    steps['denied → granted'],
    { ...recording, stored: { ...recording.stored, meta: [['deviceId', 'erasedAt']] } },
    'granted again: IndexedDB, starting empty',
  );
  assert.deepEqual(steps['granted → denied'], erased);
  assert.equal(steps.invalid, 'consent_invalid');
  assert.deepEqual(steps.errors, []);
});

test('consent granted then denied at once ends denied, in memory, with nothing stored', async () => {
  const page = await t.page();
  const result = await page.evaluate(async () => {
    window.v = await start({ consent: { personalization: 'pending' } });
    await Promise.all([v.consent({ personalization: 'granted' }), v.consent({ personalization: 'denied' })]);
    v.track(coffee(1));
    await v.flush();
    const stored = await dump();
    return { status: v.status(), deviceIdStored: stored?.meta.some((m) => 'deviceId' in m) ?? false };
  });
  assert.equal(result.status.personalization, 'denied');
  assert.equal(result.status.storage, 'memory', 'the last consent wins: no IndexedDB while denied');
  assert.equal(result.deviceIdStored, false, 'no device id stored while denied');
});

test('Global Privacy Control denies measurement, not personalization', async () => {
  const page = await t.page();
  const status = await page.evaluate(async () => {
    Object.defineProperty(navigator, 'globalPrivacyControl', { value: true, configurable: true });
    return (await start({ consent: { personalization: 'granted', measurement: 'granted' } })).status();
  });
  assert.equal(status.measurement, 'denied');
  assert.equal(status.personalization, 'granted');
});

test('behaviour older than the retention limit is dropped at load (default 90 days)', async () => {
  const page = await t.page();
  const result = await page.evaluate(async () => {
    let v = await start();
    v.track(coffee(1));
    await v.destroy();
    const at = async (days) => {
      now = NOW + days * DAY;
      const v = await start();
      const summary = { top: v.profile().affinities.category[0]?.key ?? null, exported: JSON.stringify(await v.exportData()) };
      await v.destroy();
      return summary;
    };
    return { within: await at(89), after: await at(91) };
  });
  assert.equal(result.within.top, 'coffee');
  assert.equal(result.after.top, null);
  assert.doesNotMatch(result.after.exported, /coffee/, 'nothing of it in the export');
});

test('retention also drops old events that were never folded (an outbox left by a page long ago)', async () => {
  const page = await t.page();
  const result = await page.evaluate(async () => {
    const v = await start();
    v.track(coffee(1));
    await v.destroy(); // appended to the outbox, folded only at the next load
    now = NOW + 91 * DAY;
    const later = await start();
    return { top: later.profile().affinities.category[0]?.key ?? null, exported: JSON.stringify(await later.exportData()) };
  });
  assert.equal(result.top, null);
  assert.doesNotMatch(result.exported, /coffee/);
});

test('forget erases everything stored and in memory, with a new device id', async () => {
  const page = await t.page();
  const result = await page.evaluate(async () => {
    const v = await start();
    const before = (await v.exportData()).deviceId;
    v.track(coffee(1));
    await v.flush();
    v.track(coffee(2)); // still pending
    await v.forget();
    const exported = await v.exportData();
    return { before, exported, stored: await dump(), decision: v.decide('home-hero', { pageType: 'home' }).offer?.id };
  });
  assert.equal(result.exported.profile.events, 0);
  assert.equal(result.exported.pendingEvents, 0);
  assert.notEqual(result.exported.deviceId, result.before, 'a new device id');
  assert.deepEqual(result.stored.outbox, []);
  assert.deepEqual(result.stored.profile, []);
  assert.deepEqual(result.stored.meta, [{ erasedAt: 1795942800000, deviceId: result.exported.deviceId }]);
  assert.equal(result.decision, 'welcome-10', 'a new shopper again');
});

test("forget in one tab empties another open tab's profile at once; its older events are discarded", async () => {
  const context = await t.browser.newContext();
  const other = await t.page(context);
  const self = await t.page(context);
  await other.evaluate(async () => {
    window.v = await start();
    v.track(coffee(1));
    v.track(coffee(2));
  });
  assert.equal(await other.evaluate(() => v.profile().events), 2);
  await self.evaluate(async () => {
    now = NOW + 1000;
    await (await start()).forget();
  });
  // BroadcastChannel: no reload, no polling of storage by the other tab.
  await other.waitForFunction(() => v.profile().events === 0, null, { timeout: 1000, polling: 10 });
  const late = await other.evaluate(async () => {
    v.track(coffee(3)); // its clock is behind the forget
    const events = v.profile().events;
    await v.flush();
    return events;
  });
  assert.equal(late, 0, 'an event dated before the forget is not applied');
  await t.reload(self);
  const next = await self.evaluate(async () => {
    now = NOW + 2000;
    return (await start()).profile();
  });
  assert.equal(next.events, 0, 'nothing from before the forget came back');
  await context.close();
});

test('forget is not undone by a tab without BroadcastChannel that writes its older events later', async () => {
  const context = await t.browser.newContext();
  const other = await t.page(context);
  const self = await t.page(context);
  await other.evaluate(async () => {
    delete window.BroadcastChannel;
    window.v = await start();
    v.track(coffee(1));
  });
  await self.evaluate(async () => {
    now = NOW + 1000;
    await (await start()).forget();
  });
  await other.evaluate(() => v.flush()); // what it recorded before the forget, written after it
  assert.equal(await other.evaluate(async () => (await dump()).outbox.length), 1, 'the late batch is in the outbox');
  await t.reload(self);
  const next = await self.evaluate(async () => {
    now = NOW + 2000;
    return (await start()).profile();
  });
  assert.equal(next.events, 0);
  assert.deepEqual(next.affinities.category, []);
  await context.close();
});
