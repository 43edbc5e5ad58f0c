// The shell's module graph (shell/src/, docs/architecture.md): no import cycles among run-time
// imports, and no adapter imports the coordinator (instance.ts): adapters report through
// callbacks. Reads the sources; no browser needed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { repo } from './support.mjs';

const root = resolve(repo, 'shell/src');

function sources(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'wasm' ? [] : sources(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

/** Each module's run-time imports of other shell modules (type-only imports erase at compile time). */
function graph() {
  const edges = new Map();
  for (const file of sources(root)) {
    const text = readFileSync(file, 'utf8');
    const targets = [];
    for (const match of text.matchAll(/^(import|export)\s+(type\s+)?[^;]*?from\s+'(\.[^']+)'/gms)) {
      if (match[2] || match[3].includes('/wasm/')) continue;
      targets.push(relative(root, resolve(dirname(file), match[3].replace(/\.js$/, '.ts'))));
    }
    edges.set(relative(root, file), targets);
  }
  return edges;
}

test('the shell has no import cycle', () => {
  const edges = graph();
  assert.ok(edges.size > 40, `${edges.size} modules`);
  assert.ok(edges.get('start.ts').includes('instance.ts') && edges.get('instance.ts').includes('outbox.ts'), 'imports are read');
  assert.ok(!edges.get('instance.ts').includes('extension.ts'), 'type-only imports are not edges');
  const state = new Map();
  const stack = [];
  const visit = (node) => {
    if (state.get(node) === 'done') return;
    if (state.get(node) === 'open') assert.fail(`import cycle: ${[...stack.slice(stack.indexOf(node)), node].join(' -> ')}`);
    state.set(node, 'open');
    stack.push(node);
    for (const next of edges.get(node) ?? []) visit(next);
    stack.pop();
    state.set(node, 'done');
  };
  for (const node of edges.keys()) visit(node);
});

test('only the entry and the start-up import the coordinator', () => {
  const importers = [...graph()].filter(([, targets]) => targets.includes('instance.ts')).map(([file]) => file);
  assert.deepEqual(importers.sort(), ['start.ts']);
});
