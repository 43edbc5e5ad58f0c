// `npx vitrine` (target/tools/cli.js): the native CLI's flags, messages and exit codes
// (0 ok, 1 invalid input, 2 usage or file errors), compared with the native binary run on the
// same files.
import assert from 'node:assert/strict';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { BAD, GOOD, native, node, scratch, tools, write } from './support.mjs';

/** An outcome without the clock reading that expiry messages give. */
const timeless = (out) => ({ ...out, stderr: out.stderr.replace(/now is \d+/, 'now is N') });

/** The usage text follows usage errors; the two CLIs list different commands. */
const firstLine = (text) => text.split('\n')[0];

/** A directory with a catalog, a key, its public key and a signed catalog.bin. */
function fixture() {
  const dir = scratch();
  write(dir, 'catalog.json', JSON.stringify(GOOD));
  write(dir, 'bad.json', BAD);
  const { secretKeyFile, publicKey } = tools.generateKeyPair();
  write(dir, 'signing.key', secretKeyFile);
  write(dir, 'catalog.bin', tools.signCatalog(GOOD, secretKeyFile));
  const old = { signedAt: Date.UTC(2020, 0, 1), expiresInMs: 1000 };
  write(dir, 'old.bin', tools.signCatalog(GOOD, secretKeyFile, old));
  return { dir, publicKey, other: tools.generateKeyPair().publicKey };
}

test('usage errors exit 2 with the native message, then the usage text', () => {
  const { dir, publicKey } = fixture();
  for (const args of [
    ['frobnicate'],
    ['validate'],
    ['validate', 'a.json', 'b.json'],
    ['validate', '--json', 'catalog.json'],
    ['keygen', 'extra'],
    ['keygen', '--out'],
    ['sign', 'catalog.json'],
    ['sign', '--key', 'signing.key'],
    ['sign', '--key', 'signing.key', '--key=other.key', 'catalog.json'],
    ['sign', '--key', 'signing.key', '--sequence', '-1', 'catalog.json'],
    ['sign', '--key', 'signing.key', '--sequence', '18446744073709551616', 'catalog.json'],
    ['sign', '--key', 'signing.key', '--expires-in', '30', 'catalog.json'],
    ['sign', '--key', 'signing.key', '--expires-in', '0d', 'catalog.json'],
    ['sign', '--key', 'signing.key', '--expires-in', '9999999999999999d', 'catalog.json'],
    ['sign', '--key', 'signing.key', '--expires-in', 'xd', 'catalog.json'],
    ['sign', '--key', 'signing.key', 'catalog.bin'],
    ['sign', '--key', 'signing.key', '.'],
    ['verify', 'catalog.bin'],
    ['verify', '--key', publicKey],
  ]) {
    const out = node(args, dir);
    const expected = native(args, dir);
    assert.equal(out.code, 2, args.join(' '));
    assert.equal(expected.code, 2, args.join(' '));
    assert.equal(firstLine(out.stderr), firstLine(expected.stderr), args.join(' '));
    assert.match(out.stderr, /\n\nvitrine - tools for Vitrine catalogs \(Node\)\n\nusage:\n/);
    assert.equal(out.stdout, '');
  }
  const bare = node([], dir);
  assert.equal(bare.code, 2);
  assert.match(bare.stderr, /^vitrine - tools for Vitrine catalogs \(Node\)\n/);
});

test('file and input errors print and exit exactly like the native CLI', () => {
  const { dir, publicKey, other } = fixture();
  for (const [args, code] of [
    [['sign', '--key', 'signing.key', 'bad.json'], 1],
    [['sign', '--key', 'missing.key', 'catalog.json'], 2],
    [['sign', '--key', 'catalog.json', 'catalog.json'], 1],
    [['sign', '--key', 'signing.key', 'missing.json'], 2],
    [['sign', '--key', 'signing.key', '--out', 'no/such/dir/catalog.bin', 'catalog.json'], 2],
    [['verify', '--key', publicKey, 'catalog.bin'], 0],
    [['verify', '--key', other, 'catalog.bin'], 1],
    [['verify', '--key', publicKey, 'old.bin'], 1],
    [['verify', '--key', publicKey, 'catalog.json.bin'], 2],
    [['verify', '--key', 'ed25519:nope', 'catalog.bin'], 2],
    [['verify', '--key', 'ed25519:nope', 'missing.bin'], 2],
    [['keygen', '--out', 'no/such/dir/k.key'], 2],
  ]) {
    const out = node(args, dir);
    assert.equal(out.code, code, `${args.join(' ')}: ${out.stderr}`);
    assert.deepEqual(timeless(out), timeless(native(args, dir)), args.join(' '));
  }
});

test('sign prints what it wrote and the summary; the native CLI reads the result', () => {
  const { dir, publicKey } = fixture();
  const args = ['sign', '--key', 'signing.key', '--sequence', '+12', '--expires-in=90m', 'catalog.json'];
  const out = node(args, dir);
  assert.equal(out.code, 0, out.stderr);
  assert.match(
    out.stdout,
    new RegExp(
      '^signed `catalog\\.json` with key .{8}: wrote `catalog\\.bin`\nsequence {4}12\n' +
        'signed at {3}\\S+\nexpires at {2}\\S+\nversion {5}tools-1\n' +
        'contents {4}2 campaigns, 3 offers, 1 beacon\n$',
    ),
  );
  assert.equal(out.stderr, '');
  const info = tools.verifyCatalog(readFileSync(join(dir, 'catalog.bin')), [publicKey]);
  assert.equal(info.sequence, 12n);
  assert.equal(info.expiresAt - info.signedAt, 90 * 60_000);
  const verified = native(['verify', '--key', publicKey, 'catalog.bin'], dir);
  assert.equal(verified.code, 0, verified.stderr);
  assert.equal(verified.stdout.split('\n').slice(1).join('\n'), out.stdout.split('\n').slice(1).join('\n'));
});

test('keygen writes a 0600 key file that is never overwritten', () => {
  const dir = scratch();
  const out = node(['keygen'], dir);
  assert.equal(out.code, 0, out.stderr);
  const path = join(dir, 'vitrine-signing.key');
  assert.equal(statSync(path).mode & 0o777, 0o600);
  const publicKey = out.stdout.trim();
  assert.match(out.stdout, /^ed25519:[A-Za-z0-9+/]{43}=\n$/);
  assert.equal(
    out.stderr,
    `vitrine: wrote the secret signing key to \`vitrine-signing.key\` (key id ${publicKey.slice(8, 16)}). ` +
      'Keep it secret: out of web roots and version control. ' +
      'The public key for init({ publicKeys }):\n',
  );
  const text = readFileSync(path, 'utf8');
  assert.ok(text.includes(`# public key: ${publicKey}\n`));

  const again = node(['keygen'], dir);
  assert.deepEqual(again, native(['keygen'], dir));
  assert.equal(again.code, 2);
  assert.match(again.stderr, /already exists; refusing to overwrite a key/);
  assert.equal(readFileSync(path, 'utf8'), text);
});

test('help and --version match the native CLI', () => {
  assert.deepEqual(node(['--version']), native(['--version']));
  for (const args of [['help'], ['--help'], ['-h']]) {
    const out = node(args);
    assert.equal(out.code, 0);
    for (const command of ['validate', 'compile', 'keygen', 'sign', 'verify']) {
      assert.match(out.stdout, new RegExp(`^  vitrine ${command} `, 'm'));
    }
  }
});

/** One device's events: coffee every three weeks, a kettle once, a search, a bad line. */
function eventLog() {
  const T0 = 1_795_426_200_000;
  const DAY = 86_400_000;
  const purchase = (id, category, at) => ({ type: 'purchase', items: [{ id, category, price: 10 }], value: 10, at });
  const events = [
    { type: 'page_view', pageType: 'home', at: T0 - 60 * DAY },
    ...[0, 21, 42, 62, 83].map((d) => purchase('coffee-arabica', 'coffee', T0 - 100 * DAY + d * DAY)),
    purchase('kettle-1', 'kitchen', T0 - 10 * DAY),
    { type: 'search', query: 'Descaler tablets', at: T0 - 2 * DAY },
    { type: 'product_view', product: { id: 'descaler', name: 'Descaler, 6 tablets', url: '/p/descaler' }, at: T0 - 2 * DAY - 60_000 },
  ];
  return `${events.map((e) => JSON.stringify(e)).join('\n')}\nnot an event\n\n`;
}

test('profile prints the same report as the native CLI, as text and as JSON', () => {
  const { dir } = fixture();
  write(dir, 'events.jsonl', eventLog());
  write(dir, 'nothing.jsonl', 'nope\n');
  write(dir, 'zone.json', JSON.stringify({ ...GOOD, utc_offset_minutes: 60 }));
  for (const [args, code] of [
    [['profile', '--events', 'events.jsonl'], 0],
    [['profile', '--events', 'events.jsonl', '--at', '1795511400000'], 0],
    [['profile', '--events', 'events.jsonl', '--json'], 0],
    [['profile', '--events', 'events.jsonl', '--catalog', 'zone.json', '--at=1795511400000'], 0],
    [['profile', '--events', 'nothing.jsonl'], 1],
    [['profile', '--events', 'events.jsonl', '--catalog', 'bad.json'], 1],
    [['profile', '--events', 'missing.jsonl'], 2],
    [['profile', '--events', 'events.jsonl', '--at', '-5'], 2],
    [['profile', '--events', 'events.jsonl', '--at', '9223372036854775808'], 2],
  ]) {
    const out = node(args, dir);
    assert.equal(out.code, code, `${args.join(' ')}: ${out.stderr}`);
    const expected = native(args, dir);
    assert.equal(out.stdout, expected.stdout, args.join(' '));
    assert.equal(firstLine(out.stderr), firstLine(expected.stderr), args.join(' '));
  }
  const report = JSON.parse(node(['profile', '--events', 'events.jsonl', '--json', '--at', '1796117400000'], dir).stdout);
  assert.equal(report.features.purchases, 6);
  assert.equal(report.reorder[0].product, 'coffee-arabica');
  assert.equal(report.reorder[0].due, true, 'due 25 days after the last of five purchases three weeks apart');
  assert.equal(report.skipped, 1);
});
