// tools/js/index.d.ts type-checks in strict mode and describes how the tools are used
// (usage.ts).
import { execFileSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

const repo = resolve(fileURLToPath(import.meta.url), '../../..');

test('the tools\' types check in strict mode', () => {
  execFileSync(
    join(repo, 'node_modules/.bin/tsc'),
    [
      ...['--noEmit', '--strict', '--target', 'es2022', '--lib', 'es2022'],
      ...['--module', 'nodenext', '--moduleResolution', 'nodenext'],
      'tests/tools/usage.ts',
    ],
    { cwd: repo, stdio: 'inherit' },
  );
});
