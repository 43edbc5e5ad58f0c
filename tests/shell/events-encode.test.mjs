// shell/src/events-encode.ts against the cross-language vectors (tests/vectors/events.json,
// whose bytes Rust's events::bytes produces and decodes: tests/events_bytes.rs). Runs on the
// compiled module; build it first with
//   node_modules/.bin/tsc --target es2022 --module es2022 --moduleResolution bundler --strict \
//     --outDir target/shell shell/src/events-encode.ts
// (or the whole shell: node_modules/.bin/tsc -p shell/tsconfig.json).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const repo = fileURLToPath(new URL('../../', import.meta.url));
const compiled = `${repo}target/shell/events-encode.js`;
if (!existsSync(compiled)) {
  throw new Error(`${compiled} is missing: compile the encoder first (see the top of this file)`);
}
const { EventEncoder, MAX_BATCH_EVENTS } = await import(compiled);
const vectors = JSON.parse(readFileSync(`${repo}tests/vectors/events.json`, 'utf8'));

const hex = (bytes) => Buffer.from(bytes).toString('hex');

/** The varint of a batch count. */
function count(n) {
  const out = [];
  while (n >= 0x80) {
    out.push((n & 0x7f) | 0x80);
    n >>>= 7;
  }
  out.push(n);
  return hex(out);
}

test('every vector encodes to its bytes', () => {
  const encoder = new EventEncoder();
  for (const { name, now, event, hex: expected } of vectors) {
    encoder.add(event, now);
    assert.equal(encoder.count, 1);
    assert.equal(hex(encoder.take()), expected, name);
    assert.equal(encoder.count, 0);
  }
});

test('a batch is its count then its events, through a buffer that grows', () => {
  for (const copies of [1, 5]) {
    // The smallest buffer, so that the long queries make it grow mid-batch.
    const encoder = new EventEncoder(1);
    let events = '';
    let n = 0;
    for (let i = 0; i < copies; i++) {
      for (const { now, event, hex: one } of vectors) {
        encoder.add(event, now);
        // Each vector is one batch: a count byte (01, or 02 and more when products carry
        // details, which travel as events of their own), then its events.
        n += parseInt(one.slice(0, 2), 16);
        events += one.slice(2);
      }
    }
    assert.equal(encoder.count, copies * vectors.length, 'count: the events added');
    assert.equal(hex(encoder.take()), count(n) + events, `${n} events on the wire`);
  }
  assert.equal(hex(new EventEncoder().take()), '00');
});

test('take returns a copy and starts a new batch', () => {
  const encoder = new EventEncoder();
  const [first, second] = vectors;
  encoder.add(first.event, first.now);
  const taken = encoder.take();
  encoder.add(second.event, second.now);
  assert.equal(hex(taken), first.hex);
  assert.equal(hex(encoder.take()), second.hex);
});

test('a full batch refuses more events until it is taken, and always has room for one more event', () => {
  const encoder = new EventEncoder();
  const page = { type: 'page_view', pageType: 'home', at: 0 };
  // Full leaves room for the largest event: a purchase of 256 items, each with details.
  let pages = 0;
  while (!encoder.full) {
    encoder.add(page, 0);
    pages++;
  }
  assert.equal(pages, MAX_BATCH_EVENTS - 257 + 1);
  assert.throws(() => encoder.add(page, 0), RangeError);
  const batch = encoder.take();
  assert.equal(hex(batch.subarray(0, 2)), count(pages));
  assert.equal(batch.length, 2 + 3 * pages);
  assert.equal(encoder.full, false);
  encoder.add(page, 0);
  assert.equal(hex(encoder.take()), '01000000');
  for (let i = 0; i < pages - 1; i++) encoder.add(page, 0);
  assert.equal(encoder.full, false);
  const items = Array.from({ length: 256 }, (_, i) => ({ id: `p${i}`, name: 'P', url: '/p' }));
  encoder.add({ type: 'purchase', items, at: 0 }, 0);
  assert.equal(hex(encoder.take().subarray(0, 2)), count(MAX_BATCH_EVENTS), 'exactly the most a batch holds');
});

test('a lone surrogate is written as U+FFFD, valid UTF-8', () => {
  const encoder = new EventEncoder();
  encoder.add({ type: 'search', query: 'a\ud800b', at: 0 }, 0);
  // count, at 0, kind search, 5 bytes: a, EF BF BD, b
  assert.equal(hex(encoder.take()), '01000305' + '61efbfbd62');
});

test('events are not modified', () => {
  const encoder = new EventEncoder();
  for (const { now, event } of vectors) {
    const before = JSON.stringify(event);
    encoder.add(event, now);
    assert.equal(JSON.stringify(event), before);
  }
});
