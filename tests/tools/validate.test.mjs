// validateCatalog and `vitrine validate`: every problem with its JSON path, exactly as the
// native CLI lists them.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { BAD, BAD_RULES, GOOD, native, node, scratch, tools, write } from './support.mjs';

test('a valid catalog has no problems, as text or as an object', () => {
  assert.deepEqual(tools.validateCatalog(GOOD), []);
  assert.deepEqual(tools.validateCatalog(JSON.stringify(GOOD, null, 2)), []);
});

test('problems name their JSON paths, for wrong types and broken rules alike', () => {
  assert.deepEqual(tools.validateCatalog(BAD), [
    {
      path: 'campaigns[0].priority',
      message: 'invalid type: string "high", expected i32 at line 2 column 33',
    },
  ]);
  const problems = tools.validateCatalog(BAD_RULES);
  assert.deepEqual(
    problems.map((p) => p.path),
    ['campaigns[0].offers[0].title', 'campaigns[0].offers[0].link'],
  );
  assert.equal(problems[0].message, 'must not be empty');
  assert.match(problems[1].message, /use an https:, http: or relative URL$/);
  const extra = tools.validateCatalog({ schema: 1, version: 'v', campaigns: [], extra: true });
  assert.deepEqual(extra.map((p) => p.path), ['extra']);
});

test('the problems are those `vitrine validate` prints natively, line for line', () => {
  const dir = scratch();
  for (const [name, json] of [['bad.json', BAD], ['rules.json', BAD_RULES]]) {
    const path = write(dir, name, json);
    const lines = native(['validate', path]).stderr.trimEnd().split('\n').slice(0, -1);
    assert.deepEqual(tools.validateCatalog(json).map((p) => `${p.path}: ${p.message}`), lines);
  }
});

test('`vitrine validate` on Node prints, writes and exits like the native CLI', () => {
  const dir = scratch();
  write(dir, 'good.json', JSON.stringify(GOOD));
  write(dir, 'bad.json', BAD);
  write(dir, 'rules.json', BAD_RULES);
  write(dir, 'latin1.json', Buffer.from([0x7b, 0xe9, 0x7d]));
  write(dir, 'bom.json', `\ufeff${JSON.stringify(GOOD)}`);
  for (const args of [
    ['validate', 'good.json'],
    ['validate', 'bad.json'],
    ['validate', 'rules.json'],
    ['validate', 'latin1.json'],
    ['validate', 'bom.json'],
    ['validate', 'missing.json'],
  ]) {
    assert.deepEqual(node(args, dir), native(args, dir), args.join(' '));
  }
  assert.deepEqual(node(['validate', 'good.json'], dir), {
    code: 0,
    stdout: 'ok: 2 campaigns, 3 offers (version tools-1)\n',
    stderr: '',
  });
  assert.equal(node(['validate', 'rules.json'], dir).code, 1);
  assert.equal(node(['validate', 'missing.json'], dir).code, 2);
});
