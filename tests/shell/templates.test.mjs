// Offer templates in the shell: how a product fills a creative and the sentence under "Why this
// banner?" (shell/src/decisions.ts) against the vectors the core is held to as well
// (tests/vectors/templates.json; tests/templates.rs), and what `track` accepts of a product's
// name, link and picture (shell/src/event-check.ts). Runs on the compiled shell (target/shell).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { buildShell, repo, shellOut } from './support.mjs';

buildShell();
const { fillCreative, templateSentence } = await import(`${shellOut}/decisions.js`);
const { checkEvent, MAX_ID_BYTES, MAX_URL_BYTES } = await import(`${shellOut}/event-check.js`);
const vectors = JSON.parse(readFileSync(`${repo}/tests/vectors/templates.json`, 'utf8'));

test('every creative vector fills as the core fills it, and the catalog creative is left as it was', () => {
  assert.ok(vectors.creatives.length >= 4);
  for (const { name, creative, product, filled } of vectors.creatives) {
    const before = JSON.stringify(creative);
    assert.deepEqual(fillCreative(creative, product.name, product.url, product.image), filled, name);
    assert.equal(JSON.stringify(creative), before, `${name}: the cached creative is not changed`);
  }
});

test('every sentence vector gives its sentence', () => {
  for (const { because, name, with: withName, summary } of vectors.sentences) {
    assert.equal(templateSentence(because, name, withName ?? undefined), summary);
  }
});

test('track accepts a product name, link and picture within their limits, and names a bad one', () => {
  const view = (product) => ({ type: 'product_view', product: { id: 'k', ...product } });
  const ok = checkEvent(view({ name: 'Kettle', url: '/p/k', image: 'https://cdn.example/k.png' }));
  assert.deepEqual(ok.product, { id: 'k', name: 'Kettle', url: '/p/k', image: 'https://cdn.example/k.png' });
  assert.deepEqual(checkEvent({ type: 'product_details', product: { id: 'k', name: 'K', url: '/k' } }).product,
    { id: 'k', name: 'K', url: '/k' });
  const refused = [
    [view({ name: 'n'.repeat(MAX_ID_BYTES + 1) }), /`product.name` is longer than 256 bytes/],
    [view({ url: '/'.repeat(MAX_URL_BYTES + 1) }), /`product.url` is longer than 1024 bytes/],
    [view({ image: 42 }), /`product.image` must be a string, got number/],
    [{ type: 'purchase', items: [{ id: 'a', url: {} }] }, /`items\[0\].url` must be a string/],
    [{ type: 'product_details', product: { id: 'k', colour: 'red' } }, /`product.colour` is not a field of a product/],
    [{ type: 'product_detail' }, /must be one of page_view, .*, product_details, survey_answer; got "product_detail"/],
  ];
  for (const [event, message] of refused) {
    assert.throws(() => checkEvent(event), (e) => e.code === 'event_invalid' && message.test(e.message), JSON.stringify(event).slice(0, 80));
  }
});
