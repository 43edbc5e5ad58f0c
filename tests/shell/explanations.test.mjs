// The shell's "Why this banner?" sentences (shell/src/decisions.ts) against the vectors the core
// is held to as well (tests/vectors/explanations.json; tests/decision.rs), so the browser and
// the CLI never tell a shopper different things. Runs on the compiled shell (target/shell).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { buildShell, repo, shellOut } from './support.mjs';

buildShell();
const { summary } = await import(`${shellOut}/decisions.js`);
const vectors = JSON.parse(readFileSync(`${repo}/tests/vectors/explanations.json`, 'utf8'));

test('every explanation vector gives its sentence', () => {
  assert.ok(vectors.length >= 6);
  for (const { name, mode, topInterest, personalRule, summary: expected } of vectors) {
    assert.equal(summary(mode, topInterest ?? undefined, personalRule), expected, name);
  }
});

test('without a chosen offer, the sentence says so', () => {
  assert.equal(summary('personalized', undefined, undefined), 'No offer fits this place right now.');
});
