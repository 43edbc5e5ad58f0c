// The hostile catalog corpus (tests/vectors/hostile-catalogs.json, issue #13) through the Node
// tools (`validateCatalog`, `compileCatalog`), which shops and their CI use: the same problems
// as the native validator (tests/catalog_corpus.rs), path and message, in order; the accepted
// cases compile.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { repo, tools } from './support.mjs';

const corpus = JSON.parse(readFileSync(`${repo}/tests/vectors/hostile-catalogs.json`, 'utf8'));

/** A case's text, with its `fill` expanded (as tests/catalog_corpus.rs does). */
function expand({ text, fill }) {
  if (fill === undefined) return text;
  const value = fill.nest !== undefined ? '['.repeat(fill.nest) + '0' + ']'.repeat(fill.nest) : JSON.stringify(fill.with.repeat(fill.times));
  return text.replace('"@FILL@"', value);
}

test('every hostile catalog gives exactly its problems in the Node tools', () => {
  assert.ok(corpus.cases.length >= 100);
  for (const c of corpus.cases) {
    const text = expand(c);
    const problems = tools.validateCatalog(text).map((p) => [p.path, p.message]);
    assert.deepEqual(problems, c.errors, c.name);
    if (c.errors.length === 0) {
      assert.ok(tools.compileCatalog(text) instanceof Uint8Array, c.name);
    } else {
      assert.throws(() => tools.compileCatalog(text), (e) => e.code === 'catalog_invalid', c.name);
    }
  }
});
